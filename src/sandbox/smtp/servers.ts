/**
 * The lookups behind check_*_{a,mx,ns}_access, in the order smtpd_check.c's
 * check_server_access() makes them: the domain's MX hosts (none: the domain itself; a null
 * MX: nothing to check) or NS hosts (none: the parent domain's), or for A the name itself;
 * then each host's IPv4 addresses as getaddrinfo() finds them, the machine's /etc/hosts first
 * and then the sandbox's DNS. Errors are worded as Postfix's dns_strerror() and glibc's
 * gai_strerror() word them. The decision is the model's (src/postfix/server-access.ts).
 */
import { readFileSync } from 'node:fs';
import { isIPv4 } from '../../postfix/cidr.js';
import type { ServerAnswer } from '../../postfix/restrictions.js';
import type { Resolver } from '../pipeline.js';
import { rethrowBug } from '../../util/errors.js';

type Outcome = { records: unknown[] } | { code: string };

async function ask(resolver: Resolver, name: string, type: string): Promise<Outcome> {
  try {
    return { records: (await resolver(name, type)) as unknown[] };
  } catch (e) {
    rethrowBug(e);
    return { code: (e as NodeJS.ErrnoException).code ?? 'ESERVFAIL' };
  }
}

/** NXDOMAIN and "no record" are Postfix's DNS_NOTFOUND; anything else (REFUSED, SERVFAIL, a timeout) is DNS_RETRY. */
const notFound = (o: Outcome) => 'code' in o && (o.code === 'ENOTFOUND' || o.code === 'ENODATA');

/** dns_strerror() of the resolver's h_errno */
function dnsError(o: Outcome): string {
  if ('code' in o && o.code === 'ENOTFOUND') return 'Host not found';
  if ('code' in o && o.code === 'ENODATA') return 'Host found but no data record of requested type';
  return 'Host not found, try again';
}

/** the IPv4 addresses /etc/hosts gives a name (glibc reads it before the DNS) */
function fromHosts(name: string): string[] {
  let text = '';
  try {
    text = readFileSync('/etc/hosts', 'utf8');
  } catch {
    text = '127.0.0.1 localhost';
  }
  const want = name.toLowerCase().replace(/\.$/, '');
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const [addr, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (addr && isIPv4(addr) && names.some((n) => n.toLowerCase() === want) && !out.includes(addr)) out.push(addr);
  }
  return out;
}

async function addressesOf(resolver: Resolver, name: string): Promise<{ addrs?: string[]; error?: string }> {
  const hosts = fromHosts(name);
  if (hosts.length) return { addrs: hosts };
  const a = await ask(resolver, name, 'A');
  if ('records' in a && a.records.length) return { addrs: a.records.map(String) };
  if ('code' in a && a.code === 'ENOTFOUND') return { error: 'Name or service not known' };
  if ('records' in a || notFound(a)) return { error: 'No address associated with hostname' };
  return { error: 'Temporary failure in name resolution' };
}

export async function serverLookup(resolver: Resolver, type: 'A' | 'MX' | 'NS', domain: string): Promise<ServerAnswer> {
  let names: string[];
  if (type === 'A') names = [domain];
  else if (type === 'MX') {
    const mx = await ask(resolver, domain, 'MX');
    if ('records' in mx) {
      const list = mx.records as { exchange: string; priority: number }[];
      if (list.length === 1 && (list[0].exchange === '' || list[0].exchange === '.')) return { nullmx: true, hosts: [] };
      names = [...list].sort((a, b) => a.priority - b.priority).map((m) => m.exchange.replace(/\.$/, ''));
    } else if (notFound(mx)) names = [domain];
    else return { failed: { domain, error: dnsError(mx) }, hosts: [] };
  } else {
    let d = domain;
    let ns = await ask(resolver, d, 'NS');
    // no NS record: the parent domain's, up to the last label
    while (notFound(ns) && d.indexOf('.') >= 0 && d.indexOf('.') < d.length - 1) {
      d = d.slice(d.indexOf('.') + 1);
      ns = await ask(resolver, d, 'NS');
    }
    if (!('records' in ns)) return { failed: { domain: d, error: dnsError(ns) }, hosts: [] };
    names = (ns.records as string[]).map((n) => String(n).replace(/\.$/, ''));
  }
  const hosts: ServerAnswer['hosts'] = [];
  for (const name of names) hosts.push(isIPv4(name) ? { name } : { name, ...(await addressesOf(resolver, name)) });
  return { hosts };
}
