/**
 * Authoritative answers, as BIND gives them for its own zones: AA set, NXDOMAIN vs
 * NODATA with the SOA in the authority section, CNAME chains followed through the zones
 * served here, simple wildcards, REFUSED for names outside every zone (no recursion),
 * TC over UDP when the answer does not fit (512 bytes, or the client's EDNS size).
 * Pure functions over bytes, so tests and the fuzzer call them without sockets.
 */
import * as dnsPacket from 'dns-packet';
import type { Answer, Packet, Question } from 'dns-packet';
import { normalizeName, type Zone, type ZoneRecord, type RData } from './zone.js';
import { publicResolverAnswer } from './public-resolver.js';

const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
export type Rcode = keyof typeof RCODE;

/** What we announce in our own OPT record. */
export const EDNS_SIZE = 1232;
const MAX_CHAIN = 8;

interface Indexed {
  zone: Zone;
  byName: Map<string, ZoneRecord[]>;
  /** names that exist: owners and every ancestor up to the origin (empty non-terminals) */
  exists: Set<string>;
}

/** The zones being served, indexed by name. */
export class ZoneSet {
  private zones = new Map<string, Indexed>();

  constructor(zones: Zone[]) {
    for (const z of zones) {
      const byName = new Map<string, ZoneRecord[]>();
      const exists = new Set<string>([z.origin]);
      for (const r of z.records) {
        const list = byName.get(r.name);
        if (list) list.push(r);
        else byName.set(r.name, [r]);
        let n = r.name;
        while (n !== z.origin && n.length > z.origin.length) {
          exists.add(n);
          const dot = n.indexOf('.');
          if (dot < 0) break;
          n = n.slice(dot + 1);
        }
      }
      this.zones.set(z.origin, { zone: z, byName, exists });
    }
  }

  get size(): number {
    return this.zones.size;
  }

  origins(): string[] {
    return [...this.zones.keys()];
  }

  /** The zone a name belongs to: the longest origin that is a suffix of it. */
  find(name: string): Indexed | undefined {
    let n = name;
    for (;;) {
      const z = this.zones.get(n);
      if (z) return z;
      if (n === '') return undefined;
      const dot = n.indexOf('.');
      n = dot < 0 ? '' : n.slice(dot + 1);
    }
  }
}

export interface Lookup {
  rcode: Rcode;
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
  /** false when the name is in no zone (REFUSED) */
  authoritative: boolean;
}

function splitTxt(strings: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const s of strings) {
    if (s.length <= 255) out.push(s);
    else for (let i = 0; i < s.length; i += 255) out.push(s.subarray(i, i + 255));
  }
  return out;
}

function wireName(n: string): string {
  return n === '' ? '.' : n;
}

function toAnswer(owner: string, r: ZoneRecord): Answer {
  const d: RData = r.data;
  const base = { name: wireName(owner), ttl: r.ttl, class: 'IN' as const };
  switch (d.type) {
    case 'A':
    case 'AAAA':
      return { ...base, type: d.type, data: d.address };
    case 'MX':
      return { ...base, type: 'MX', data: { preference: d.preference, exchange: wireName(d.exchange) } };
    case 'TXT':
      return { ...base, type: 'TXT', data: splitTxt(d.strings) };
    case 'SOA':
      return {
        ...base,
        type: 'SOA',
        data: { mname: wireName(d.mname), rname: wireName(d.rname), serial: d.serial, refresh: d.refresh, retry: d.retry, expire: d.expire, minimum: d.minimum },
      };
    case 'TLSA':
      return {
        ...base,
        type: 'TLSA',
        data: { usage: d.usage, selector: d.selector, matchingType: d.matchingType, certificate: Buffer.from(d.data, 'hex') },
      };
    default:
      return { ...base, type: d.type, data: wireName(d.target) };
  }
}

function soaAuthority(z: Indexed): Answer[] {
  const soa = z.zone.soa;
  if (!soa) return [];
  const a = toAnswer(z.zone.origin, soa);
  // RFC 2308: the negative answer's TTL is the smaller of the SOA's TTL and its minimum
  return [{ ...a, ttl: Math.min(soa.ttl, soa.data.minimum) } as Answer];
}

/** Records at a name, synthesised from a wildcard when the name itself does not exist. */
function recordsAt(z: Indexed, name: string): ZoneRecord[] | undefined {
  const own = z.byName.get(name);
  if (own) return own;
  if (z.exists.has(name)) return [];
  // closest encloser, then its wildcard (RFC 4592)
  let n = name;
  while (n !== z.zone.origin) {
    const dot = n.indexOf('.');
    if (dot < 0) return undefined;
    n = n.slice(dot + 1);
    if (z.exists.has(n)) {
      return z.byName.get(`*.${n}`) ?? undefined;
    }
  }
  return undefined;
}

/** Answers one question from the zones (qname as the client wrote it). */
export function lookup(set: ZoneSet, qname: string, qtype: string): Lookup {
  const out: Lookup = { rcode: 'NOERROR', answers: [], authorities: [], additionals: [], authoritative: true };
  let name = normalizeName(qname);
  let owner = qname.replace(/\.$/, '');
  const first = set.find(name);
  if (!first) return { ...out, rcode: 'REFUSED', authoritative: false };
  const visited = new Set<string>();
  let z: Indexed | undefined = first;
  for (let hop = 0; z; hop++) {
    const recs = recordsAt(z, name);
    if (recs === undefined) {
      out.rcode = 'NXDOMAIN';
      out.authorities = soaAuthority(z);
      return out;
    }
    const cname = recs.find((r) => r.data.type === 'CNAME');
    if (cname && qtype !== 'CNAME' && qtype !== 'ANY') {
      out.answers.push(toAnswer(owner, cname));
      const target = (cname.data as { target: string }).target;
      if (visited.has(target) || hop >= MAX_CHAIN) return out;
      visited.add(name);
      const next = set.find(target);
      // a target outside every zone: the client resolves it elsewhere
      if (!next) return out;
      z = next;
      name = target;
      owner = target;
      continue;
    }
    const match = recs.filter((r) => qtype === 'ANY' || r.data.type === qtype);
    if (!match.length) {
      out.authorities = soaAuthority(z);
      return out;
    }
    for (const r of match) out.answers.push(toAnswer(owner, r));
    // glue-like additional data: the addresses of MX and NS targets we serve
    for (const r of match) {
      const target = r.data.type === 'MX' ? r.data.exchange : r.data.type === 'NS' ? r.data.target : undefined;
      if (!target) continue;
      const tz = set.find(target);
      for (const a of tz?.byName.get(target) ?? []) {
        if (a.data.type === 'A' || a.data.type === 'AAAA') out.additionals.push(toAnswer(target, a));
      }
    }
    return out;
  }
  return out;
}

export interface RespondOptions {
  transport: 'udp' | 'tcp';
  /** the query came through a public resolver (see public-resolver.ts) */
  viaPublicResolver?: boolean;
}

export interface Responded {
  /** undefined: nothing to send (not a query, or too short to answer) */
  reply?: Buffer;
  rcode?: Rcode;
  qname?: string;
  qtype?: string;
  truncated?: boolean;
}

function header(id: number, rd: boolean, rcode: Rcode, aa: boolean, tc = false): number {
  let flags = RCODE[rcode];
  if (rd) flags |= dnsPacket.RECURSION_DESIRED;
  if (aa) flags |= dnsPacket.AUTHORITATIVE_ANSWER;
  if (tc) flags |= dnsPacket.TRUNCATED_RESPONSE;
  return flags;
}

/** An error reply built by hand: it needs nothing from a packet that may not decode. */
function bareError(msg: Buffer, rcode: Rcode): Buffer {
  const out = Buffer.alloc(12);
  out.writeUInt16BE(msg.readUInt16BE(0), 0);
  const rd = msg[2] & 0x01;
  const opcode = (msg[2] >> 3) & 0x0f;
  out[2] = 0x80 | (opcode << 3) | rd;
  out[3] = RCODE[rcode];
  return out;
}

/** The name as dns-packet will write it back (labels split on dots, no compression). */
function questionWire(name: string): Buffer | undefined {
  const n = name.replace(/^\.|\.$/g, '');
  const parts: Buffer[] = [];
  if (n.length) {
    for (const label of n.split('.')) {
      const b = Buffer.from(label, 'utf8');
      if (b.length === 0 || b.length > 63) return undefined;
      parts.push(Buffer.from([b.length]), b);
    }
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** Does the question's name survive a decode/encode round trip byte for byte? */
function questionRoundTrips(msg: Buffer, q: Question): boolean {
  const enc = questionWire(q.name);
  if (!enc || enc.length > 255) return false;
  // queries are written without compression: the name sits right after the header
  return msg.subarray(12, 12 + enc.length).equals(enc);
}

/** Turns a query's bytes into the reply's bytes. Never throws. */
export function respond(set: ZoneSet, msg: Buffer, o: RespondOptions): Responded {
  if (msg.length < 12) return {};
  if (msg[2] & 0x80) return {}; // a response: never answer one (no loops)
  let q: Packet;
  try {
    q = dnsPacket.decode(msg);
  } catch {
    return { reply: bareError(msg, 'FORMERR'), rcode: 'FORMERR' };
  }
  const id = q.id ?? 0;
  const rd = !!(q.flags && q.flags & dnsPacket.RECURSION_DESIRED);
  if (((msg[2] >> 3) & 0x0f) !== 0) return { reply: bareError(msg, 'NOTIMP'), rcode: 'NOTIMP' };
  const questions = q.questions ?? [];
  if (questions.length !== 1 || !questionRoundTrips(msg, questions[0])) return { reply: bareError(msg, 'FORMERR'), rcode: 'FORMERR' };
  const question = questions[0];
  const opt = (q.additionals ?? []).find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
  const limit = o.transport === 'tcp' ? 65535 : opt ? Math.max(512, Math.min(opt.udpPayloadSize ?? 512, 4096)) : 512;
  const optOut: Answer[] = opt ? [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_SIZE, flags: 0 } as unknown as Answer] : [];
  const base = { questions: [question], qname: question.name, qtype: question.type };

  let lk: Lookup;
  if (question.class !== 'IN' && question.class !== 'ANY') lk = { rcode: 'REFUSED', answers: [], authorities: [], additionals: [], authoritative: false };
  else if (['AXFR', 'IXFR'].includes(question.type)) lk = { rcode: 'REFUSED', answers: [], authorities: [], additionals: [], authoritative: false };
  else lk = lookup(set, question.name, question.type);
  const code = o.viaPublicResolver && lk.authoritative ? publicResolverAnswer(set.find(normalizeName(question.name))!.zone.origin, question.name, question.type) : undefined;
  if (code) {
    const answer = { name: question.name.replace(/\.$/, ''), type: 'A', ttl: 60, class: 'IN', data: code } as Answer;
    lk = { rcode: 'NOERROR', answers: [answer], authorities: [], additionals: [], authoritative: true };
  }

  const encode = (answers: Answer[], authorities: Answer[], additionals: Answer[], tc: boolean) =>
    dnsPacket.encode({
      type: 'response',
      id,
      flags: header(id, rd, lk.rcode, lk.authoritative, tc),
      questions: base.questions,
      answers,
      authorities,
      additionals: [...additionals, ...optOut],
    });
  try {
    let reply = encode(lk.answers, lk.authorities, lk.additionals, false);
    if (reply.length > limit) reply = encode(lk.answers, lk.authorities, [], false);
    if (reply.length > limit) {
      return { reply: encode([], [], [], true), rcode: lk.rcode, qname: base.qname, qtype: base.qtype, truncated: true };
    }
    return { reply, rcode: lk.rcode, qname: base.qname, qtype: base.qtype };
  } catch {
    return { reply: bareError(msg, 'SERVFAIL'), rcode: 'SERVFAIL', qname: base.qname, qtype: base.qtype };
  }
}
