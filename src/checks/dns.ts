// Check kinds of the dns area: the embedded DNS, the learner's zones, the DNSBLs.
import { z } from 'zod';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import type { CheckContext, Verdict } from './types.js';
import { readMainCf, MAIN_CF } from './postfix.js';
import { param, splitList, type MainCf } from '../postfix/main-cf.js';
import { eventsOf, loadConfigApi, QUERY_LOG, type Zone } from '../sandbox/api.js';
import { rethrowBug } from '../util/errors.js';
import { readWsTail } from './ws-file.js';
import { digAt, dnsServer } from './auth-common.js';
import { rblOnServer } from './rbl-remote.js';

import { MAIL_LOG } from '../postfix/defaults.js';
import { shownValue, type Message } from '../i18n/messages.js';
export { MAIL_LOG };
const LIVE_TIMEOUT_MS = 1500;
const TYPES = ['A', 'AAAA', 'MX', 'TXT', 'CNAME', 'NS', 'PTR', 'SOA'] as const;

/** The last `max` bytes of a workspace file, or undefined. */
/** The declared zone a name falls in (longest origin), as the files on disk have it now. */
function brokenAt(file: string, line: number | undefined, text: string | Message): Verdict {
  return line ? fail('dns.zoneBroken', { file, line, text }) : fail('dns.zoneBrokenFile', { file, text });
}

async function zoneOf(ctx: CheckContext, name: string): Promise<{ zone?: Zone; broken?: Verdict }> {
  if (ctx.remote) return {};
  const { loadZones, normalizeName } = await loadConfigApi();
  const loaded = loadZones(ctx.ws);
  const confFatal = loaded.confIssues.find((i) => i.severity === 'fatal');
  if (confFatal) return { broken: brokenAt(confFatal.file, confFatal.line, confFatal.message ?? confFatal.text) };
  const n = normalizeName(name);
  const decl = loaded.decls.filter((d) => n === d.name || n.endsWith('.' + d.name)).sort((a, b) => b.name.length - a.name.length)[0];
  if (!decl) return {};
  const unreadable = loaded.unreadable.get(decl.name);
  if (unreadable) return { broken: brokenAt(unreadable.file, unreadable.line, unreadable.text) };
  const zone = loaded.zones.find((z) => z.origin === decl.name);
  const fatal = zone?.issues.find((i) => i.severity === 'fatal');
  if (fatal) return { zone, broken: brokenAt(fatal.file, fatal.line, fatal.message ?? fatal.text) };
  return { zone };
}

function show(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => (Array.isArray(x) ? x.join('') : typeof x === 'object' ? show(x) : String(x))).join(' | ');
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('exchange' in o) return `${o.priority} ${o.exchange}`;
    if ('nsname' in o) return `${o.nsname} ${o.hostmaster} ${o.serial}`;
  }
  return String(v);
}

/** Each answer as one comparable string: TXT strings joined, MX as "10 mail.example". */
function flat(type: string, v: unknown): string[] {
  if (type === 'SOA') return [show(v)];
  return (v as unknown[]).map((x) => (Array.isArray(x) ? x.join('') : show(x)));
}

/** Names compare without case or final dot; TXT text compares as written (base64 keys are case-sensitive). */
const normAnswer = (type: string, s: string) => {
  const t = s.trim().replace(/\s+/g, ' ');
  return type === 'TXT' ? t : t.replace(/\.$/, '').toLowerCase();
};

export const dnsAnswer = defineCheck({
  kind: 'dns.answer',
  params: z
    .object({
      name: z.string().min(1),
      type: z.enum(TYPES).default('A'),
      /** every one of these must be among the answers (TXT strings joined; MX as "10 mail.example") */
      expect: z.array(z.string()).optional(),
      /** a regular expression one of the answers must match */
      match: z.string().optional(),
      /** what the learner should publish, shown in the failure message */
      hint: z.string().optional(),
    })
    .strict()
    .superRefine((p, c) => {
      if (p.match === undefined) return;
      try {
        new RegExp(p.match);
      } catch (e) {
        rethrowBug(e);
        c.addIssue({ code: 'custom', path: ['match'], message: (e as Error).message });
      }
    }),
  async run(ctx, p) {
    const { broken } = await zoneOf(ctx, p.name);
    if (broken) return broken;
    const { host, port } = dnsServer(ctx);
    const cmd = `${digAt(ctx)} ${p.name} ${p.type}`;
    const wanted = p.hint ?? p.expect?.join(', ') ?? p.match ?? p.type;
    let got: unknown;
    try {
      const { resolveAt } = await loadConfigApi();
      got = await resolveAt(host, port, p.name, p.type, { timeoutMs: LIVE_TIMEOUT_MS });
    } catch (e) {
      rethrowBug(e);
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ECONNREFUSED' || code === 'ETIMEOUT') return fail('dns.sandboxDown', { port }, [cmd]);
      if (code === 'ENOTFOUND') return fail('dns.nxdomain', { name: p.name, type: p.type, wanted }, [`${cmd}: NXDOMAIN`]);
      if (code === 'ENODATA') return fail('dns.nodata', { name: p.name, type: p.type, wanted }, [`${cmd}: NOERROR, 0 answers`]);
      if (code === 'EREFUSED') return fail('dns.refused', { name: p.name }, [`${cmd}: REFUSED`]);
      return fail('dns.sandboxDown', { port }, [`${cmd}: ${code}`]);
    }
    const answers = flat(p.type, got);
    const ev = answers.map((a) => `${p.name} ${p.type} ${a}`);
    const seen = answers.join(' | ');
    for (const want of p.expect ?? []) {
      if (!answers.some((a) => normAnswer(p.type, a) === normAnswer(p.type, want)))
        return fail('dns.wrongAnswer', { name: p.name, type: p.type, seen, wanted }, ev);
    }
    if (p.match !== undefined && !answers.some((a) => new RegExp(p.match!).test(a)))
      return fail('dns.wrongAnswer', { name: p.name, type: p.type, seen, wanted }, ev);
    return pass('dns.answerOk', { name: p.name, type: p.type, seen }, ev);
  },
});

/** The queries the embedded DNS logged (var/log/named.log, BIND's querylog format). */
function loggedQueries(ctx: CheckContext, normalizeName: (n: string) => string): { name: string; type: string; line: string }[] {
  const text = readWsTail(ctx, QUERY_LOG);
  if (!text) return [];
  const out: { name: string; type: string; line: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /: query: (\S+) IN (\S+) /.exec(line);
    if (m) out.push({ name: normalizeName(m[1]), type: m[2].toUpperCase(), line });
  }
  return out;
}

export const dnsQueried = defineCheck({
  kind: 'dns.queried',
  params: z
    .object({
      name: z.string().min(1),
      types: z.array(z.enum(TYPES)).min(1),
    })
    .strict(),
  async run(ctx, p) {
    const { normalizeName } = await loadConfigApi();
    const name = normalizeName(p.name);
    const q = loggedQueries(ctx, normalizeName).filter((x) => x.name === name);
    for (const type of p.types) {
      if (!q.some((x) => x.type === type)) {
        const asked = [...new Set(q.map((x) => x.type))].join(', ');
        return fail(
          asked ? 'dns.queriedOther' : 'dns.notQueried',
          { name: p.name, type, asked, command: `${digAt(ctx)} ${p.name} ${type}` },
          q.slice(-3).map((x) => x.line),
        );
      }
    }
    return pass(
      'dns.queriedOk',
      { name: p.name, types: p.types.join(', ') },
      p.types.map((t: string) => q.filter((x) => x.type === t).pop()!.line),
    );
  },
});

// --- mynetworks: is a client trusted before any blocklist is asked? ---

function ipv4ToInt(a: string): number | undefined {
  const p = a.split('.');
  if (p.length !== 4 || !p.every((x) => /^\d{1,3}$/.test(x) && Number(x) <= 255)) return undefined;
  return ((Number(p[0]) << 24) | (Number(p[1]) << 16) | (Number(p[2]) << 8) | Number(p[3])) >>> 0;
}

/** The mynetworks entry (CIDR or address) that contains an IPv4 address, if any. Tables and IPv6 entries never match an IPv4 client here. */
export function networkEntryFor(entries: string[], addr: string): string | undefined {
  const a = ipv4ToInt(addr);
  if (a === undefined) return undefined;
  for (const e of entries) {
    const m = /^(\d+\.\d+\.\d+\.\d+)(?:\/(\d{1,2}))?$/.exec(e);
    if (!m) continue;
    const net = ipv4ToInt(m[1]);
    const bits = m[2] === undefined ? 32 : Number(m[2]);
    if (net === undefined || bits > 32) continue;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if ((a & mask) >>> 0 === (net & mask) >>> 0) return e;
  }
  return undefined;
}

function mynetworks(cf: MainCf): { value: string; entries: string[]; where: string } {
  const value = param(cf, 'mynetworks');
  const entry = cf.entries.get('mynetworks');
  return {
    value,
    entries: splitList(value),
    where: entry ? `${MAIN_CF}:${entry.line}: mynetworks = ${entry.value}` : `mynetworks = ${value} (default)`,
  };
}

export const dnsClientChecked = defineCheck({
  kind: 'dns.client-checked',
  params: z
    .object({
      /** the test client that must reach the blocklists */
      client: z.string().default('127.0.0.2'),
      /** the server's own address, which must stay trusted */
      self: z.string().default('127.0.0.1'),
    })
    .strict(),
  async run(ctx, p) {
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    const nets = mynetworks(cf);
    const seen = shownValue(nets.value);
    const hit = networkEntryFor(nets.entries, p.client);
    if (hit) return fail('dns.clientTrusted', { file: MAIN_CF, seen, client: p.client, entry: hit }, [nets.where]);
    if (!networkEntryFor(nets.entries, p.self)) return fail('dns.selfUntrusted', { file: MAIN_CF, seen, self: p.self }, [nets.where]);
    return pass('dns.clientChecked', { client: p.client, seen }, [nets.where]);
  },
});

// --- a client refused by a DNSBL, as the sandbox logged it ---

interface RblReject {
  client: string;
  list: string;
  line: string;
}

const BLOCKED = /Client host \[([^\]]+)\] blocked using ([^\s;]+)/;

function rblRejects(ctx: CheckContext): RblReject[] {
  const out: RblReject[] = [];
  for (const e of eventsOf(ctx.events(), 'reject')) {
    const m = typeof e.text === 'string' ? BLOCKED.exec(e.text) : null;
    if (m) out.push({ client: m[1], list: m[2].toLowerCase(), line: `${e.code ?? 554} ${e.enhanced ?? '5.7.1'} ${e.text}` });
  }
  for (const line of (readWsTail(ctx, MAIL_LOG) ?? '').split('\n')) {
    const m = BLOCKED.exec(line);
    if (m) out.push({ client: m[1], list: m[2].toLowerCase(), line: line.replace(/^.*?(NOQUEUE: )/, '$1') });
  }
  return out;
}

/** The restriction lists that ask a DNSBL, in main.cf. */
function wiredLists(cf: MainCf): string[] {
  const out: string[] = [];
  for (const name of [
    'smtpd_client_restrictions',
    'smtpd_helo_restrictions',
    'smtpd_sender_restrictions',
    'smtpd_relay_restrictions',
    'smtpd_recipient_restrictions',
  ]) {
    const items = splitList(param(cf, name));
    items.forEach((it, i) => {
      if (it.toLowerCase() === 'reject_rbl_client' && items[i + 1]) out.push(items[i + 1].toLowerCase().split('=')[0]);
    });
  }
  return out;
}

/** Addresses listed in a DNSBL listing file (owners such as 5.0.0.127 with an A record), reversed back. */
function listedIn(zone: Zone | undefined): string[] {
  if (!zone) return [];
  const out = new Set<string>();
  for (const r of zone.records) {
    if (r.data.type !== 'A' || !r.name.endsWith('.' + zone.origin)) continue;
    const rev = r.name.slice(0, -zone.origin.length - 1);
    if (/^\d+\.\d+\.\d+\.\d+$/.test(rev)) out.add(rev.split('.').reverse().join('.'));
  }
  return [...out];
}

export const dnsRblRejected = defineCheck({
  kind: 'dns.rbl-rejected',
  params: z
    .object({
      /** the DNSBL that must have refused the client */
      list: z.string().default('zen.spamhaus.org'),
      /** this client exactly (the test entry 127.0.0.2) */
      client: z.string().optional(),
      /** any client but these (an address the learner listed) */
      except: z.array(z.string()).optional(),
      /** the learner's listing file, to say what is missing when nothing was refused yet */
      listing: z.string().optional(),
    })
    .strict(),
  async run(ctx, p) {
    const list = p.list.toLowerCase();
    if (ctx.remote) return rblOnServer(ctx, list, p.client);
    const ok = (r: RblReject) => r.list === list && (p.client ? r.client === p.client : !(p.except ?? []).includes(r.client));
    const hit = rblRejects(ctx).filter(ok).pop();
    if (hit) return pass('dns.rblRejectedOk', { client: hit.client, list }, [hit.line]);

    // nothing refused yet: say the first thing that stands in the way
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    if (!wiredLists(cf).includes(list)) return fail('dns.rblNotWired', { file: MAIN_CF, list });
    let client = p.client;
    if (!client) {
      const { zone, broken } = await zoneOf(ctx, `0.0.0.127.${list}`);
      if (broken) return broken;
      const listed = listedIn(zone).filter((a) => !(p.except ?? []).includes(a));
      const file = p.listing ?? `etc/bind/db.${list}`;
      const candidates = listed.filter((a) => a !== '127.0.0.1');
      if (!candidates.length) return fail(listed.length ? 'dns.rblSelfListed' : 'dns.rblListingEmpty', { file, list });
      client = candidates[0];
    }
    const nets = mynetworks(cf);
    const trusted = networkEntryFor(nets.entries, client);
    if (trusted) return fail('dns.clientTrusted', { file: MAIN_CF, seen: nets.value, client, entry: trusted }, [nets.where]);
    const port = ctx.probe.ports.smtp;
    return fail('dns.rblNoReject', { client, list, port, to: `postmaster@${ctx.vars.domain}` });
  },
});
