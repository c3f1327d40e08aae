// What the auth checks share: the embedded DNS as a resolver, the learner's zone, the
// spoofing attempts the sandbox recorded.
import { fail, type CheckContext, type Verdict } from './types.js';
import { domainOf, loadConfigApi, type Zone, type Resolver, type SandboxEvent } from '../sandbox/api.js';
import { rethrowBug } from '../util/errors.js';

const LIVE_TIMEOUT_MS = 1500;

/** The DNS server the checks ask: the sandbox's, or the one named with --dns. */
export function dnsServer(ctx: CheckContext): { host: string; port: number } {
  return { host: ctx.probe.dnsHost ?? ctx.probe.host, port: ctx.probe.ports.dns };
}

/** The sandbox's DNS as SPF, DKIM and DMARC see it there (names outside its zones do not exist). */
export async function resolverFor(ctx: CheckContext): Promise<Resolver> {
  const { internetResolver, makeResolver } = await loadConfigApi();
  const d = dnsServer(ctx);
  return internetResolver(makeResolver(d.host, d.port, { timeoutMs: LIVE_TIMEOUT_MS }));
}

/** The same DNS as it answers: REFUSED stays REFUSED (for the learner's own names, a zone not served). */
async function plainResolverFor(ctx: CheckContext): Promise<Resolver> {
  const { makeResolver } = await loadConfigApi();
  const d = dnsServer(ctx);
  return makeResolver(d.host, d.port, { timeoutMs: LIVE_TIMEOUT_MS });
}

/** `dig @HOST -p PORT` for the DNS the checks ask, without the port when it is 53. */
export function digAt(ctx: CheckContext): string {
  const d = dnsServer(ctx);
  return d.port === 53 ? `dig @${d.host}` : `dig @${d.host} -p ${d.port}`;
}

/** The command a learner types to ask the same question. */
export function digCommand(ctx: CheckContext, name: string, type: string): string {
  return `${digAt(ctx)} ${type} ${name} +short`;
}

export type TxtAnswer = { rows: string[] } | { verdict: Verdict };

/**
 * The TXT strings at a name, each record's strings joined, through the sandbox's DNS.
 * NXDOMAIN and NODATA are an empty list; a DNS that does not answer is the learner's
 * to start, so it fails saying how.
 */
export async function txtRows(ctx: CheckContext, name: string): Promise<TxtAnswer> {
  try {
    const rows: string[][] = await (await plainResolverFor(ctx))(name, 'TXT');
    return { rows: rows.map((r) => r.join('')) };
  } catch (e) {
    rethrowBug(e);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { rows: [] };
    if (code === 'EREFUSED') return { verdict: fail('dns.refused', { name }, [`${digCommand(ctx, name, 'TXT')}: REFUSED`]) };
    return { verdict: fail('dns.sandboxDown', { port: ctx.probe.ports.dns }, [`${digCommand(ctx, name, 'TXT')}: ${code ?? 'error'}`]) };
  }
}

export interface ZoneState {
  /** the learner's zone file, as shown (etc/bind/db.aula.test) */
  file: string;
  zone?: Zone;
  text?: string;
  /** the zone has an error the DNS refuses: say it before anything else */
  broken?: Verdict;
}

/** The zone that holds a name, read from disk now (the DNS serves the last good version). */
export async function zoneFor(ctx: CheckContext, name: string): Promise<ZoneState> {
  // a real server's zone is on that server: only its DNS answers are judged
  if (ctx.remote) return { file: `/etc/bind/db.${ctx.vars.domain}` };
  const { loadZones, normalizeName } = await loadConfigApi();
  const n = normalizeName(name);
  const loaded = loadZones(ctx.ws);
  const decl = loaded.decls.filter((d) => n === d.name || n.endsWith('.' + d.name)).sort((a, b) => b.name.length - a.name.length)[0];
  const fallback = `etc/bind/db.${ctx.vars.domain}`;
  if (!decl) return { file: fallback };
  const zone = loaded.zones.find((z) => z.origin === decl.name);
  const file = zone?.files[0] ?? fallback;
  const text = ctx.ws.readText(file);
  const unreadable = loaded.unreadable.get(decl.name);
  if (unreadable) return { file, broken: fail('dns.zoneBrokenFile', { file: unreadable.file, text: unreadable.text }) };
  const fatal = zone?.issues.find((i) => i.severity === 'fatal');
  if (fatal) {
    const broken = fatal.line
      ? fail('dns.zoneBroken', { file: fatal.file, line: fatal.line, text: fatal.message ?? fatal.text })
      : fail('dns.zoneBrokenFile', { file: fatal.file, text: fatal.message ?? fatal.text });
    return { file, zone, text, broken };
  }
  return { file, zone, text };
}

/** TXT records of a zone read from disk, by owner name, strings joined. */
export function zoneTxt(zone: Zone | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of zone?.records ?? []) {
    if (r.data.type !== 'TXT') continue;
    const list = out.get(r.name) ?? [];
    list.push(r.data.strings.map((s) => s.toString('utf8')).join(''));
    out.set(r.name, list);
  }
  return out;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** A mail from outside that claimed the learner's domain: auth, auth.skip or auth.error events. */
export function spoofAttempts(ctx: CheckContext): SandboxEvent[] {
  const d = ctx.vars.domain;
  const mine = (a: unknown) => typeof a === 'string' && (a === d || a.endsWith('.' + d));
  return ctx.events().filter((e) => {
    if (e.type !== 'authres' && e.type !== 'authres.skip' && e.type !== 'authres.error') return false;
    const client = (e.client as { addr?: string } | undefined)?.addr ?? '';
    if (e.type === 'authres.skip' && (LOOPBACK.test(client) || e.sasl)) return false;
    return mine(e.headerFrom) || mine(domainOf(String(e.mailFrom ?? '')));
  });
}

export function short(s: string, max = 120): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}
