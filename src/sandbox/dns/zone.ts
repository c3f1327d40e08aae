/**
 * BIND master files (RFC 1035 §5, BIND 9's dialect): $ORIGIN, $TTL, $INCLUDE, `@`,
 * relative and absolute names, a blank owner repeating the previous one, TTL and class
 * in either order, parenthesised records, TXT as several quoted strings (as
 * opendkim-genkey writes default.txt). Errors name the file and the line, in
 * named-checkzone's words; a zone with a fatal error is not loaded.
 */
import { isIPv6 } from 'node:net';
import { tokenize, type LogicalLine, type Token } from './tokenize.js';
import type { ConfigIssue } from '../../postfix/main-cf.js';
import { t, type Message, type Params } from '../../i18n/messages.js';
import { parseTlsaWords, type Tlsa } from '../../postfix/dane.js';

export const RR_TYPES = ['A', 'AAAA', 'MX', 'TXT', 'CNAME', 'NS', 'SOA', 'PTR', 'TLSA'] as const;
export type RRType = (typeof RR_TYPES)[number];

export interface Soa {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

export type RData =
  | { type: 'A'; address: string }
  | { type: 'AAAA'; address: string }
  | { type: 'MX'; preference: number; exchange: string }
  | { type: 'TXT'; strings: Buffer[] }
  | { type: 'CNAME' | 'NS' | 'PTR'; target: string }
  | ({ type: 'SOA' } & Soa)
  | ({ type: 'TLSA' } & Tlsa);

export interface ZoneRecord {
  /** absolute, lowercase, without the final dot ("" is the root) */
  name: string;
  ttl: number;
  data: RData;
  file: string;
  line: number;
}

export interface Zone {
  origin: string;
  records: ZoneRecord[];
  soa?: ZoneRecord & { data: { type: 'SOA' } & Soa };
  issues: ConfigIssue[];
  /** the files read, the zone file first, then every $INCLUDE */
  files: string[];
}

export interface ReadResult {
  text?: string;
  /** the file as the learner names it (relative to the workspace) */
  display: string;
  /** why it could not be read */
  error?: string;
}

export interface ParseOptions {
  origin: string;
  /** the file as shown in messages (etc/bind/db.alexdns.local) */
  file: string;
  /** reads a $INCLUDE'd file; absent: $INCLUDE is refused */
  read?: (path: string) => ReadResult;
  defaultTtl?: number;
}

const MAX_INCLUDE_DEPTH = 8;
const MAX_TTL = 2 ** 31 - 1;

export function normalizeName(n: string): string {
  return n.toLowerCase().replace(/\.$/, '');
}

/** "12h", "1w2d", "3600" → seconds (BIND's TTL syntax); undefined when it is not one */
export function parseTtl(s: string): number | undefined {
  if (/^[0-9]+$/.test(s)) {
    const v = Number(s);
    return v <= MAX_TTL ? v : undefined;
  }
  if (!/^([0-9]+[smhdw])+$/i.test(s)) return undefined;
  const mult: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  for (const m of s.matchAll(/([0-9]+)([smhdw])/gi)) total += Number(m[1]) * mult[m[2].toLowerCase()];
  return total <= MAX_TTL ? total : undefined;
}

/** Resolves backslash escapes of a bare word into bytes. */
function wordBytes(raw: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\' && i + 1 < raw.length) {
      const d = raw.slice(i + 1, i + 4);
      if (/^[0-9]{3}$/.test(d) && Number(d) <= 255) {
        out.push(Number(d));
        i += 3;
        continue;
      }
      i++;
    }
    const cp = raw.codePointAt(i)!;
    const s = String.fromCodePoint(cp);
    out.push(...Buffer.from(s, 'utf8'));
    i += s.length - 1;
  }
  return Buffer.from(out);
}

class ZoneError extends Error {
  constructor(
    public line: number,
    /** the same in the learner's language */
    public said: Message,
  ) {
    // the English text stays what the log and named-checkzone's wording give
    super(t('en', said.key, said.params));
  }
}

/** A problem at a line: "dns.zone.<key>" in the catalogs. */
function zoneError(line: number, key: string, params?: Params): ZoneError {
  return new ZoneError(line, { key: `dns.zone.${key}`, ...(params ? { params } : {}) });
}

/** The thing a value should be ("MX preference"), as a message of its own. */
function what(key: string, params?: Params): Message {
  return { key: `dns.zone.what.${key}`, ...(params ? { params } : {}) };
}

function issue(file: string, line: number | undefined, severity: 'fatal' | 'warning', key: string, params?: Params): ConfigIssue {
  const message: Message = { key: `dns.zone.${key}`, ...(params ? { params } : {}) };
  return { file, line, severity, text: t('en', message.key, params), message };
}

function checkName(abs: string, line: number, raw: string): string {
  if (abs.length > 253) throw zoneError(line, 'nameTooLong', { name: raw });
  if (abs === '') return abs;
  for (const label of abs.split('.')) {
    if (!label.length) throw zoneError(line, 'emptyLabel', { name: raw });
    if (Buffer.byteLength(label) > 63) throw zoneError(line, 'longLabel', { name: raw });
    if (/[\s\\"()]/.test(label)) throw zoneError(line, 'badName', { name: raw });
  }
  return abs;
}

/** A name as written, made absolute against the origin. */
function absName(raw: string, origin: string, line: number): string {
  if (raw === '@') return origin;
  if (raw === '.') return '';
  if (raw.endsWith('.')) return checkName(normalizeName(raw), line, raw);
  const rel = raw.toLowerCase();
  return checkName(origin ? `${rel}.${origin}` : rel, line, raw);
}

function ipv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255);
}

function u16(tok: Token | undefined, what: Message, line: number): number {
  if (!tok) throw zoneError(line, 'missing', { what });
  if (!/^[0-9]+$/.test(tok.text) || Number(tok.text) > 65535) throw zoneError(tok.line, 'badNumber', { what, value: tok.text });
  return Number(tok.text);
}

function time(tok: Token | undefined, what: Message, line: number): number {
  if (!tok) throw zoneError(line, 'missing', { what });
  const v = parseTtl(tok.text);
  if (v === undefined) throw zoneError(tok.line, 'badValue', { what, value: tok.text });
  return v;
}

function nameArg(tok: Token | undefined, what: Message, origin: string, line: number): string {
  if (!tok) throw zoneError(line, 'missing', { what });
  if (tok.quoted) throw zoneError(tok.line, 'quotedName', { what, value: tok.text });
  return absName(tok.text, origin, tok.line);
}

function noMore(rest: Token[], type: string) {
  if (rest.length) throw zoneError(rest[0].line, 'extraText', { type, value: rest[0].text });
}

function rdata(type: RRType, toks: Token[], origin: string, line: number): RData {
  switch (type) {
    case 'A': {
      const t = toks[0];
      if (!t) throw zoneError(line, 'missingIpv4');
      if (!ipv4(t.text)) throw zoneError(t.line, 'badIpv4', { value: t.text });
      noMore(toks.slice(1), type);
      return { type, address: t.text.split('.').map(Number).join('.') };
    }
    case 'AAAA': {
      const t = toks[0];
      if (!t) throw zoneError(line, 'missingIpv6');
      if (!isIPv6(t.text)) throw zoneError(t.line, 'badIpv6', { value: t.text });
      noMore(toks.slice(1), type);
      return { type, address: t.text.toLowerCase() };
    }
    case 'MX': {
      const preference = u16(toks[0], what('mxPreference'), line);
      const exchange = nameArg(toks[1], what('mxName'), origin, line);
      noMore(toks.slice(2), type);
      return { type, preference, exchange };
    }
    case 'TXT': {
      if (!toks.length) throw zoneError(line, 'missingTxt');
      return { type, strings: toks.map((t) => (t.quoted ? t.bytes! : wordBytes(t.text))) };
    }
    case 'CNAME':
    case 'NS':
    case 'PTR': {
      const target = nameArg(toks[0], what('target', { type }), origin, line);
      noMore(toks.slice(1), type);
      return { type, target };
    }
    case 'TLSA': {
      const r = parseTlsaWords(toks.map((x) => x.text));
      if ('tlsa' in r) return { type, ...r.tlsa };
      const field = 'field' in r ? what(`tlsa.${r.field}`) : undefined;
      throw zoneError(line, `tlsa.${r.error}`, { ...(field ? { what: field } : {}), value: 'value' in r ? r.value : '' });
    }
    case 'SOA': {
      const mname = nameArg(toks[0], what('soaMname'), origin, line);
      const rname = nameArg(toks[1], what('soaRname'), origin, line);
      const serialTok = toks[2];
      if (!serialTok) throw zoneError(line, 'missingSerial');
      if (!/^[0-9]+$/.test(serialTok.text) || Number(serialTok.text) > 4294967295) {
        throw zoneError(serialTok.line, 'badSerial', { value: serialTok.text });
      }
      const soa: Soa = {
        mname,
        rname,
        serial: Number(serialTok.text),
        refresh: time(toks[3], what('soaRefresh'), line),
        retry: time(toks[4], what('soaRetry'), line),
        expire: time(toks[5], what('soaExpire'), line),
        minimum: time(toks[6], what('soaMinimum'), line),
      };
      noMore(toks.slice(7), type);
      return { type, ...soa };
    }
  }
}

const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);

interface State {
  origin: string;
  ttl?: number;
  lastTtl?: number;
  owner?: string;
  ttlWarned?: boolean;
}

/** Parses one zone; never throws: every problem is an issue with its file and line. */
export function parseZone(text: string, o: ParseOptions): Zone {
  const origin = normalizeName(o.origin);
  const zone: Zone = { origin, records: [], issues: [], files: [o.file] };
  parseInto(zone, text, o.file, { origin }, o, 0);
  validate(zone, o);
  return zone;
}

function parseInto(zone: Zone, text: string, file: string, st: State, o: ParseOptions, depth: number) {
  const fatal = (line: number, t: string, message?: Message) => zone.issues.push({ file, line, severity: 'fatal', text: t, ...(message ? { message } : {}) });
  const { lines, errors } = tokenize(text);
  for (const e of errors) fatal(e.line, e.text, e.message);
  for (const ll of lines) {
    try {
      directiveOrRecord(zone, ll, file, st, o, depth);
    } catch (e) {
      if (e instanceof ZoneError) fatal(e.line, e.message, e.said);
      else throw e;
    }
  }
}

function directiveOrRecord(zone: Zone, ll: LogicalLine, file: string, st: State, o: ParseOptions, depth: number) {
  const toks = ll.tokens;
  const first = toks[0];
  if (!ll.blankOwner && !first.quoted && first.text.startsWith('$')) {
    const d = first.text.toUpperCase();
    if (d === '$ORIGIN') {
      if (!toks[1]) throw zoneError(ll.line, 'originNeedsName');
      st.origin = absName(toks[1].text, st.origin, ll.line);
      return;
    }
    if (d === '$TTL') {
      const v = toks[1] && parseTtl(toks[1].text);
      if (v === undefined) throw zoneError(ll.line, 'badTtlDirective', { value: toks[1]?.text ?? '' });
      st.ttl = v;
      return;
    }
    if (d === '$INCLUDE') {
      if (!toks[1]) throw zoneError(ll.line, 'includeNeedsFile');
      if (!o.read) throw zoneError(ll.line, 'includeNotAllowed');
      if (depth >= MAX_INCLUDE_DEPTH) throw zoneError(ll.line, 'includeTooDeep', { n: MAX_INCLUDE_DEPTH });
      const r = o.read(toks[1].text);
      if (r.text === undefined) throw zoneError(ll.line, 'includeUnreadable', { name: toks[1].text, error: r.error ?? { key: 'dns.zone.fileNotFound' } });
      if (!zone.files.includes(r.display)) zone.files.push(r.display);
      // the included file starts with the given origin (or the current one) and keeps its own;
      // the including file's origin and owner are unchanged afterwards (RFC 1035 §5.1)
      const sub: State = { origin: toks[2] ? absName(toks[2].text, st.origin, ll.line) : st.origin, ttl: st.ttl, lastTtl: st.lastTtl };
      parseInto(zone, r.text, r.display, sub, o, depth + 1);
      st.lastTtl = sub.lastTtl;
      return;
    }
    throw zoneError(ll.line, d === '$GENERATE' ? 'generateUnsupported' : 'unknownDirective', { name: first.text });
  }

  let i = 0;
  let owner: string;
  if (ll.blankOwner) {
    if (st.owner === undefined) throw zoneError(ll.line, 'noOwner');
    owner = st.owner;
  } else {
    owner = absName(first.text, st.origin, first.line);
    i = 1;
  }
  let ttl: number | undefined;
  let sawClass = false;
  while (i < toks.length && !toks[i].quoted) {
    const w = toks[i].text;
    const up = w.toUpperCase();
    if (ttl === undefined && /^[0-9]/.test(w)) {
      const v = parseTtl(w);
      if (v === undefined) throw zoneError(toks[i].line, 'badTtl', { value: w });
      ttl = v;
      i++;
      continue;
    }
    if (!sawClass && CLASSES.has(up)) {
      if (up !== 'IN') throw zoneError(toks[i].line, 'badClass', { value: up });
      sawClass = true;
      i++;
      continue;
    }
    break;
  }
  const typeTok = toks[i];
  if (!typeTok) throw zoneError(ll.line, 'missingType');
  const type = typeTok.text.toUpperCase();
  if (!(RR_TYPES as readonly string[]).includes(type)) {
    if (/^[0-9]/.test(typeTok.text)) throw zoneError(typeTok.line, 'badTtl', { value: typeTok.text });
    throw zoneError(typeTok.line, 'unknownType', { value: typeTok.text, types: RR_TYPES.join(', ') });
  }
  st.owner = owner;
  const data = rdata(type as RRType, toks.slice(i + 1), st.origin, typeTok.line);
  if (ttl !== undefined) st.lastTtl = ttl;
  let useTtl = ttl ?? st.ttl ?? st.lastTtl;
  if (useTtl === undefined) {
    if (data.type === 'SOA') useTtl = data.minimum;
    else {
      useTtl = zone.soa?.ttl ?? o.defaultTtl ?? 3600;
      if (!st.ttlWarned) zone.issues.push(issue(file, ll.line, 'warning', 'noTtl', { ttl: useTtl }));
      st.ttlWarned = true;
    }
    st.lastTtl = useTtl;
  }
  const rec: ZoneRecord = { name: owner, ttl: useTtl, data, file, line: ll.line };
  if (data.type === 'SOA' && !zone.soa && owner === zone.origin) zone.soa = rec as Zone['soa'];
  zone.records.push(rec);
}

function inZone(name: string, origin: string): boolean {
  return origin === '' || name === origin || name.endsWith('.' + origin);
}

/** What named-checkzone says about the zone as a whole. */
function validate(zone: Zone, o: ParseOptions) {
  const fatal = (r: { file: string; line: number } | undefined, key: string, params?: Params) =>
    zone.issues.push(issue(r?.file ?? o.file, r?.line, 'fatal', key, params));
  const warn = (r: { file: string; line: number }, key: string, params?: Params) => zone.issues.push(issue(r.file, r.line, 'warning', key, params));
  const kept: ZoneRecord[] = [];
  const byName = new Map<string, ZoneRecord[]>();
  const seen = new Set<string>();
  for (const r of zone.records) {
    if (!inZone(r.name, zone.origin)) {
      warn(r, 'outOfZone', { name: r.name || '.', origin: zone.origin || '.' });
      continue;
    }
    const key = `${r.name}\0${recordKey(r.data)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(r);
    const list = byName.get(r.name) ?? [];
    list.push(r);
    byName.set(r.name, list);
  }
  zone.records = kept;
  // a record that did not parse would only cause echoes here (a broken SOA is a missing SOA)
  const lineErrors = hasFatal(zone);
  const soas = kept.filter((r) => r.data.type === 'SOA');
  if (!lineErrors && !soas.some((r) => r.name === zone.origin)) fatal(undefined, 'noSoa', { origin: zone.origin });
  for (const r of soas) {
    if (r.name !== zone.origin) fatal(r, 'soaNotTop', { name: r.name });
    else if (r !== soas.find((s) => s.name === zone.origin)) fatal(r, 'manySoa');
  }
  if (!lineErrors && !kept.some((r) => r.name === zone.origin && r.data.type === 'NS')) fatal(undefined, 'noNs', { origin: zone.origin });
  for (const [name, list] of byName) {
    const cnames = list.filter((r) => r.data.type === 'CNAME');
    if (cnames.length > 1) fatal(cnames[1], 'cnameMany', { name });
    if (cnames.length && list.length > cnames.length) fatal(cnames[0], 'cnameOther', { name });
  }
  for (const r of kept) {
    const target = r.data.type === 'MX' ? r.data.exchange : r.data.type === 'NS' ? r.data.target : undefined;
    if (target && byName.get(target)?.some((x) => x.data.type === 'CNAME')) {
      warn(r, 'aliasTarget', { type: r.data.type, target });
    }
    if (r.data.type === 'TXT' && r.data.strings.some((s) => s.length > 255)) {
      warn(r, 'longTxt');
    }
  }
}

export function recordKey(d: RData): string {
  switch (d.type) {
    case 'A':
    case 'AAAA':
      return `${d.type} ${d.address}`;
    case 'MX':
      return `MX ${d.preference} ${d.exchange}`;
    case 'TXT':
      return `TXT ${d.strings.map((s) => s.toString('hex')).join(' ')}`;
    case 'SOA':
      return 'SOA';
    case 'TLSA':
      return `TLSA ${d.usage} ${d.selector} ${d.matchingType} ${d.data}`;
    default:
      return `${d.type} ${d.target}`;
  }
}

export function hasFatal(z: { issues: ConfigIssue[] }): boolean {
  return z.issues.some((i) => i.severity === 'fatal');
}

/** "etc/bind/db.alexdns.local, line 12: bad IPv4 address ..." */
export function formatIssue(i: ConfigIssue): string {
  return i.line ? `${i.file}, line ${i.line}: ${i.text}` : `${i.file}: ${i.text}`;
}
