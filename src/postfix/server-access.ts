/**
 * check_{client,reverse_client,helo,sender,recipient}_{a,mx,ns}_access: the access table
 * is searched for the names and addresses of a domain's servers, as smtpd_check.c's
 * check_server_access() does. For A the server is the name itself (its addresses only);
 * for MX and NS each host name is looked up first (with its parent domains), then its
 * addresses. A failed MX/NS lookup, or a host without an address, only logs a warning.
 * The sandbox's loop resolves the servers (see ServerAnswer) before the rule decides here.
 */
import { isIPv4, isIPv6 } from './cidr.js';
import { lookupClient, lookupDomain, tableResult, type Found, type ParseRestrictions } from './access.js';
import { step, type CheckState, type DnsFact, type DnsQuery, type Restriction, type RuleContext, type Step } from './smtpd-check.js';

type ServerType = 'A' | 'MX' | 'NS';

/** check_helo_mx_access → MX; check_reverse_client_ns_access → NS */
function typeOf(name: string): ServerType {
  return name.endsWith('_mx_access') ? 'MX' : name.endsWith('_ns_access') ? 'NS' : 'A';
}

/** What the restriction looks at, the name a reject names and its class; undefined: nothing to check. */
function subjectOf(r: Restriction, state: CheckState): { name: string; replyName: string; replyClass: string } | undefined {
  const { client, helo, sender, recipient } = state;
  if (r.name.startsWith('check_reverse_client_'))
    return client.name !== 'unknown' ? { name: client.name, replyName: client.name, replyClass: 'Unverified Client host' } : undefined;
  if (r.name.startsWith('check_client_'))
    return client.name !== 'unknown'
      ? { name: client.name, replyName: `${client.name}[${client.addr}]`, replyClass: 'Client host' }
      : undefined;
  if (r.name.startsWith('check_helo_')) return helo ? { name: helo, replyName: helo, replyClass: 'Helo command' } : undefined;
  if (r.name.startsWith('check_sender_')) return sender ? { name: sender, replyName: sender, replyClass: 'Sender address' } : undefined;
  return recipient ? { name: recipient, replyName: recipient, replyClass: 'Recipient address' } : undefined;
}

const domainOfName = (name: string) => name.slice(name.lastIndexOf('@') + 1);

export function serverQuery(r: Restriction, state: CheckState): DnsQuery | undefined {
  const subject = subjectOf(r, state);
  if (!subject) return undefined;
  const domain = domainOfName(subject.name);
  return domain && !domain.startsWith('[') ? { kind: 'servers', type: typeOf(r.name), domain } : undefined;
}

const isAddress = (s: string) => isIPv4(s) || isIPv6(s);

export function serverAccess(r: Restriction, ctx: RuleContext, dns: DnsFact | undefined, parse: ParseRestrictions): Step {
  const subject = subjectOf(r, ctx.state);
  if (!subject) return step('dunno', 'dunno', `${r.name}: there is no server to look up`, 'noServer', { restriction: r.name });
  const table = ctx.facts.table(r.arg!);
  if (!table)
    return step(
      'defer',
      'defer',
      `table ${r.arg} cannot be read: server configuration error`,
      'tableMissing',
      { table: r.arg! },
      { code: 451, enhanced: '4.3.5', text: 'Server configuration error' },
    );
  const type = typeOf(r.name);
  const named = { ...ctx, replyName: subject.replyName, replyClass: subject.replyClass };
  const decide = (f: Found): Step | undefined => (f.hit ? tableResult(named, r, f.hit.value, f.key!, f.hit.line, parse) : undefined);
  const domain = domainOfName(subject.name);
  // an address literal is its own A or MX server
  if (domain.startsWith('[')) {
    const bare = domain.slice(1, -1).replace(/^ipv6:/i, '');
    if (type === 'NS' || !domain.endsWith(']') || !isAddress(bare))
      return step('dunno', 'dunno', `${r.name}: there is no server to look up`, 'noServer', { restriction: r.name });
    return (
      decide(lookupClient(table, '', bare)) ??
      step('dunno', 'dunno', `${bare} is not listed in ${r.arg}`, 'notListed', { key: bare, table: r.arg! })
    );
  }
  const servers = dns && 'servers' in dns ? dns.servers : undefined;
  if (!servers || servers.nullmx)
    return step('dunno', 'dunno', `${r.name}: there is no server to look up`, 'noServer', { restriction: r.name });
  const warnings: string[] = [];
  const done = (s: Step): Step => (warnings.length ? { ...s, warnings } : s);
  if (servers.failed) {
    warnings.push(`warning: Unable to look up ${type} host for ${servers.failed.domain}: ${servers.failed.error}`);
    return done(
      step('dunno', 'dunno', `the ${type} hosts of ${domain} could not be looked up: no decision`, 'serverLookupFailed', { type, domain }),
    );
  }
  for (const host of servers.hosts) {
    if (isAddress(host.name)) {
      const s = decide(lookupClient(table, '', host.name));
      if (s) return done(s);
      continue;
    }
    if (type !== 'A') {
      const s = decide(lookupDomain(table, host.name));
      if (s) return done(s);
    }
    if (host.error) {
      if (type !== 'A')
        warnings.push(`warning: Unable to look up ${type} host ${host.name} for ${subject.replyClass} ${subject.replyName}: ${host.error}`);
      continue;
    }
    for (const addr of host.addrs ?? []) {
      const s = decide(lookupClient(table, '', addr));
      if (s) return done(s);
    }
  }
  const names = servers.hosts.map((h) => h.name).join(', ');
  return done(
    step('dunno', 'dunno', `no ${type} host of ${domain} (${names}) is listed in ${r.arg}`, 'serverNotListed', {
      type,
      domain,
      table: r.arg!,
    }),
  );
}
