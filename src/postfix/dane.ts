/**
 * DANE for SMTP (RFC 7672, RFC 7671): the TLSA record as a zone file writes it and as
 * Postfix's SMTP client weighs it against the certificate a server presents. Pure: the
 * digests of the certificate and of its public key come in already computed.
 */

/** One TLSA record: certificate usage, selector, matching type, association data (lowercase hex). */
export interface Tlsa {
  usage: number;
  selector: number;
  matchingType: number;
  data: string;
}

/** What a TLSA record's text is missing or has wrong, as BIND's parser sees it. */
export type TlsaSyntaxError =
  { error: 'missing'; field: TlsaField } | { error: 'badNumber'; field: TlsaField; value: string } | { error: 'badHex'; value: string };

export type TlsaField = 'usage' | 'selector' | 'matchingType' | 'data';

const FIELDS: TlsaField[] = ['usage', 'selector', 'matchingType'];

/** `3 1 1 0c72ac70…`, the hex possibly split by spaces (or by the lines of a parenthesised record). */
export function parseTlsaWords(words: string[]): { tlsa: Tlsa } | TlsaSyntaxError {
  const nums: number[] = [];
  for (const [i, field] of FIELDS.entries()) {
    const w = words[i];
    if (w === undefined) return { error: 'missing', field };
    if (!/^[0-9]{1,3}$/.test(w) || Number(w) > 255) return { error: 'badNumber', field, value: w };
    nums.push(Number(w));
  }
  const hex = words.slice(3).join('');
  if (!hex) return { error: 'missing', field: 'data' };
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2) return { error: 'badHex', value: hex.length > 24 ? `${hex.slice(0, 24)}…` : hex };
  return { tlsa: { usage: nums[0], selector: nums[1], matchingType: nums[2], data: hex.toLowerCase() } };
}

/** The record as dig and zone files write it. */
export function formatTlsa(r: Tlsa): string {
  return `${r.usage} ${r.selector} ${r.matchingType} ${r.data}`;
}

/**
 * The association data a key could be published with, in lowercase hex, by selector
 * (0 the whole certificate, 1 the SubjectPublicKeyInfo) and matching type (0 the bytes
 * themselves, 1 SHA-256, 2 SHA-512). A key with no certificate yet (the next key of a
 * rollover) has only selector 1.
 */
export interface KeyDigests {
  cert?: [full: string, sha256: string, sha512: string];
  spki: [full: string, sha256: string, sha512: string];
}

/** Does the record match the key, whatever its usage? (RFC 6698 §2.1) */
export function tlsaMatches(r: Tlsa, key: KeyDigests): boolean {
  const set = r.selector === 0 ? key.cert : r.selector === 1 ? key.spki : undefined;
  const want = r.matchingType <= 2 ? set?.[r.matchingType] : undefined;
  return want !== undefined && want === r.data;
}

/** How far one record is off the mark (3 1 1 and the SHA-256 of this key's SubjectPublicKeyInfo): the first difference found. */
export type TlsaVerdict =
  /** 3 1 1 and the hash of this key */
  | 'match'
  /** usage 0 or 1 (PKIX): RFC 7672 §3.1.3 says SMTP clients treat them as unusable */
  | 'pkixUsage'
  /** usage 2 (DANE-TA): the hash of a CA, which a self-signed certificate does not have */
  | 'taUsage'
  /** a usage number that does not exist */
  | 'badUsage'
  /** selector 0: the whole certificate, which changes at every renewal */
  | 'certSelector'
  | 'badSelector'
  /** matching type 0 (the bytes in full) or 2 (SHA-512) */
  | 'otherMatchingType'
  | 'badMatchingType'
  /** 3 1 1 with data that is not 32 bytes long */
  | 'length'
  /** 3 1 1 with the SHA-256 of the whole certificate (selector 0's hash) */
  | 'certHash'
  /** 3 1 1, 32 bytes, another key */
  | 'mismatch';

const SHA256_BYTES = 32;

export function judgeTlsa(r: Tlsa, key: KeyDigests): TlsaVerdict {
  if (r.usage === 0 || r.usage === 1) return 'pkixUsage';
  if (r.usage === 2) return 'taUsage';
  if (r.usage !== 3) return 'badUsage';
  if (r.selector === 0) return 'certSelector';
  if (r.selector !== 1) return 'badSelector';
  if (r.matchingType === 0 || r.matchingType === 2) return 'otherMatchingType';
  if (r.matchingType !== 1) return 'badMatchingType';
  if (r.data.length !== SHA256_BYTES * 2) return 'length';
  if (r.data === key.spki[1]) return 'match';
  if (key.cert && r.data === key.cert[1]) return 'certHash';
  return 'mismatch';
}

/** What the records at a name say about a server's key, and, in a rollover, about the next key. */
export type TlsaSetVerdict =
  | { ok: true; current: Tlsa; next?: Tlsa }
  | { ok: false; reason: 'none' }
  /** the first record that does not match, and why */
  | { ok: false; reason: 'record'; record: Tlsa; verdict: Exclude<TlsaVerdict, 'match'> }
  /** the next key is published, the key in use is not: clients that validate refuse the server now */
  | { ok: false; reason: 'currentMissing'; next: Tlsa }
  /** the key in use is published, the next one is not (yet) */
  | { ok: false; reason: 'nextMissing'; current: Tlsa; others: Tlsa[] };

/**
 * A client accepts the server when any usable record matches (RFC 7671 §5): a set is right
 * when one "3 1 1" record holds the key in use and, in a rollover, another holds the next key.
 */
export function judgeTlsaSet(records: Tlsa[], current: KeyDigests, next?: KeyDigests): TlsaSetVerdict {
  if (!records.length) return { ok: false, reason: 'none' };
  const cur = records.find((r) => judgeTlsa(r, current) === 'match');
  const nxt = next ? records.find((r) => judgeTlsa(r, next) === 'match') : undefined;
  if (cur && (!next || nxt)) return { ok: true, current: cur, ...(nxt ? { next: nxt } : {}) };
  if (!cur && nxt) return { ok: false, reason: 'currentMissing', next: nxt };
  const others = records.filter((r) => r !== cur && r !== nxt);
  if (cur) {
    // the rollover's second record, if written, is the one to explain
    const wrong = others[0];
    if (wrong) return { ok: false, reason: 'record', record: wrong, verdict: judgeTlsa(wrong, next!) as Exclude<TlsaVerdict, 'match'> };
    return { ok: false, reason: 'nextMissing', current: cur, others };
  }
  const first = records[0];
  return { ok: false, reason: 'record', record: first, verdict: judgeTlsa(first, current) as Exclude<TlsaVerdict, 'match'> };
}

/** The name a TLSA record for an SMTP server lives at (RFC 7672 §2.2.3): _25._tcp.mail.example.org */
export function tlsaName(host: string, port = 25, proto = 'tcp'): string {
  return `_${port}._${proto}.${host}`;
}

/** What part of a TLSA owner name differs from the wanted one: the port, the protocol, or the host. */
export function tlsaNameDiff(found: string, wanted: string): 'port' | 'proto' | 'host' | undefined {
  const split = (n: string) => /^_([^.]*)\._([^.]*)\.(.*)$/.exec(n.toLowerCase().replace(/\.$/, ''));
  const f = split(found);
  const w = split(wanted);
  if (!w) return undefined;
  if (!f) return 'host';
  if (f[3] !== w[3]) return 'host';
  if (f[1] !== w[1]) return 'port';
  if (f[2] !== w[2]) return 'proto';
  return undefined;
}
