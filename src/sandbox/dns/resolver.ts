/**
 * A Resolver (see pipeline.ts) that asks the embedded DNS, with the semantics of node's
 * dns.promises.resolve(name, rrtype) — what mailauth expects: A → string[],
 * TXT → string[][], MX → {exchange, priority}[], SOA → {nsname, hostmaster, …};
 * errors carry node's codes (ENOTFOUND for NXDOMAIN, ENODATA for no record of that type,
 * ETIMEOUT, ECONNREFUSED, ESERVFAIL, EREFUSED). UDP first, TCP when the answer is truncated.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { randomInt } from 'node:crypto';
import * as dnsPacket from 'dns-packet';
import type { Packet, Answer, RecordType } from 'dns-packet';
import type { Resolver } from '../pipeline.js';
import { normalizeName } from './zone.js';

export const DEFAULT_TIMEOUT_MS = 2000;
const EDNS_SIZE = 1232;

const SYSCALL: Record<string, string> = {
  A: 'queryA',
  AAAA: 'queryAaaa',
  TXT: 'queryTxt',
  MX: 'queryMx',
  CNAME: 'queryCname',
  NS: 'queryNs',
  PTR: 'queryPtr',
  SOA: 'querySoa',
  TLSA: 'queryTlsa',
};

/** the record types the resolver asks for (those node's resolver has a query function for) */
function isQueryType(t: string): t is RecordType {
  return Object.hasOwn(SYSCALL, t);
}

const RCODE_ERRORS: Record<string, string> = {
  NXDOMAIN: 'ENOTFOUND',
  SERVFAIL: 'ESERVFAIL',
  REFUSED: 'EREFUSED',
  FORMERR: 'EFORMERR',
  NOTIMP: 'ENOTIMP',
};

export function dnsError(code: string, rrtype: string, name: string): NodeJS.ErrnoException & { hostname: string } {
  const syscall = SYSCALL[rrtype] ?? 'query';
  const e = new Error(`${syscall} ${code} ${name}`) as NodeJS.ErrnoException & { hostname: string };
  e.code = code;
  e.errno = undefined;
  e.syscall = syscall;
  e.hostname = name;
  return e;
}

export interface QueryOptions {
  timeoutMs?: number;
  /** ask over TCP from the start */
  tcp?: boolean;
  /** the source address to ask from (a loopback address) */
  localAddress?: string;
}

function encodeQuery(id: number, name: string, rrtype: RecordType): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: 0,
    questions: [{ type: rrtype, class: 'IN', name }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_SIZE, flags: 0 } as unknown as Answer],
  });
}

function overUdp(host: string, port: number, query: Buffer, id: number, timeoutMs: number, localAddress?: string): Promise<Packet> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    let done = false;
    const finish = (err: Error | undefined, p?: Packet) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        s.close();
      } catch {
        // already closed
      }
      if (err) reject(err);
      else resolve(p!);
    };
    const timer = setTimeout(() => finish(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })), timeoutMs);
    s.on('error', (e) => finish(e));
    s.on('message', (msg) => {
      try {
        const p = dnsPacket.decode(msg);
        if (p.id === id && p.type === 'response') finish(undefined, p);
      } catch {
        // garbage: keep waiting for the real answer
      }
    });
    // a connected socket hears "port unreachable" as ECONNREFUSED instead of waiting for the timeout
    const ask = () => s.connect(port, host, () => s.send(query, (e) => e && finish(e)));
    if (localAddress) s.bind({ address: localAddress, port: 0 }, ask);
    else ask();
  });
}

function overTcp(host: string, port: number, query: Buffer, id: number, timeoutMs: number, localAddress?: string): Promise<Packet> {
  return new Promise((resolve, reject) => {
    const c = connect({ host, port, ...(localAddress ? { localAddress } : {}) });
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (err: Error | undefined, p?: Packet) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      c.destroy();
      if (err) reject(err);
      else resolve(p!);
    };
    const timer = setTimeout(() => finish(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })), timeoutMs);
    c.on('error', (e) => finish(e));
    c.on('connect', () => {
      const frame = Buffer.alloc(2 + query.length);
      frame.writeUInt16BE(query.length, 0);
      query.copy(frame, 2);
      c.write(frame);
    });
    c.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 2) return;
      const len = buf.readUInt16BE(0);
      if (buf.length < 2 + len) return;
      try {
        const p = dnsPacket.decode(buf.subarray(2, 2 + len));
        if (p.id !== id) return finish(Object.assign(new Error('answer for another query'), { code: 'EBADRESP' }));
        finish(undefined, p);
      } catch {
        finish(Object.assign(new Error('bad answer'), { code: 'EBADRESP' }));
      }
    });
    c.on('end', () => finish(Object.assign(new Error('connection closed'), { code: 'ECONNREFUSED' })));
  });
}

/** One question to the DNS at host:port, the raw answer packet back (UDP, then TCP on TC). */
export async function query(host: string, port: number, name: string, rrtype: RecordType, o: QueryOptions = {}): Promise<Packet> {
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const id = randomInt(0, 65536);
  const q = encodeQuery(id, name, rrtype);
  try {
    if (!o.tcp) {
      const p = await overUdp(host, port, q, id, timeoutMs, o.localAddress);
      if (!(p as { flag_tc?: boolean }).flag_tc) return p;
    }
    return await overTcp(host, port, q, id, timeoutMs, o.localAddress);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'ECONNREFUSED';
    throw dnsError(code, rrtype, name);
  }
}


/** The records of one type at a name, following CNAMEs in the answer section as a stub resolver does. */
export function extract(p: Packet, name: string, rrtype: string): Answer[] {
  const answers = p.answers ?? [];
  let current = normalizeName(name);
  const seen = new Set<string>();
  for (;;) {
    const here = answers.filter((a) => normalizeName(a.name) === current);
    const want = here.filter((a) => a.type === rrtype);
    if (want.length || rrtype === 'CNAME') return want;
    const cname = here.find((a) => a.type === 'CNAME');
    if (!cname || seen.has(current)) return [];
    seen.add(current);
    current = normalizeName((cname as { data: string }).data);
  }
}

function rcodeOf(p: Packet): string {
  return (p as unknown as { rcode?: string }).rcode ?? 'NOERROR';
}

function shape(a: Answer): unknown {
  const d = (a as { data: unknown }).data;
  switch (a.type) {
    case 'TXT':
      return (Array.isArray(d) ? d : [d]).map((s) => (Buffer.isBuffer(s) ? s.toString('utf8') : String(s)));
    case 'MX': {
      const m = d as { preference: number; exchange: string };
      return { exchange: normalizeName(m.exchange), priority: m.preference };
    }
    case 'SOA': {
      const s = d as { mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number };
      return { nsname: normalizeName(s.mname), hostmaster: normalizeName(s.rname), serial: s.serial, refresh: s.refresh, retry: s.retry, expire: s.expire, minttl: s.minimum };
    }
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return normalizeName(d as string);
    case 'TLSA': {
      // node 22's dns.resolveTlsa shape, the data as a Buffer
      const r = d as { usage: number; selector: number; matchingType: number; certificate: Buffer };
      return { certUsage: r.usage, selector: r.selector, match: r.matchingType, data: r.certificate };
    }
    default:
      return d;
  }
}

export interface ResolveOptions {
  /** as node's resolve4/resolve6 { ttl: true }: [{ address, ttl }] */
  ttl?: boolean;
  timeoutMs?: number;
  localAddress?: string;
}

/** Resolves like dns.promises.resolve(name, rrtype) against the DNS at host:port. */
export async function resolveAt(host: string, port: number, name: string, rrtype = 'A', o: ResolveOptions = {}): Promise<any> {
  const type = String(rrtype).toUpperCase();
  if (!isQueryType(type)) {
    const e = new TypeError(`The argument 'rrtype' is invalid. Received '${rrtype}'`) as NodeJS.ErrnoException;
    e.code = 'ERR_INVALID_ARG_VALUE';
    throw e;
  }
  const p = await query(host, port, name, type, { timeoutMs: o.timeoutMs, localAddress: o.localAddress });
  const rcode = rcodeOf(p);
  if (rcode !== 'NOERROR') throw dnsError(RCODE_ERRORS[rcode] ?? 'EBADRESP', type, name);
  const found = extract(p, name, type);
  if (!found.length) throw dnsError('ENODATA', type, name);
  if (type === 'SOA') return shape(found[0]);
  if (o.ttl && (type === 'A' || type === 'AAAA')) return found.map((a) => ({ address: (a as { data: string }).data, ttl: (a as { ttl?: number }).ttl ?? 0 }));
  return found.map(shape);
}

/** `source`: the address to ask from, read at each query (the sandbox's "public resolver" mode). */
export function makeResolver(host: string, port: number, opts: { timeoutMs?: number; source?: () => string | undefined } = {}): Resolver {
  return (name: string, rrtype: string, o?: ResolveOptions) =>
    resolveAt(host, port, name, rrtype, { timeoutMs: opts.timeoutMs, localAddress: opts.source?.(), ...(o ?? {}) });
}
