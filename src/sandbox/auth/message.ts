// Just enough of RFC 5322 for the milters: the header block, one field's value, From's domains.
import { domainOf } from './address.js';

export interface HeaderField {
  name: string;
  /** unfolded value, without the leading space */
  value: string;
}

const HEAD_BYTES = 256 * 1024;

/**
 * Each message's fields, read once: the stages ask the same message for From, Message-ID
 * and Subject one after another, and each reading converted up to 256 kB of it. A message
 * is never changed in place (a stage that edits it makes a new Buffer).
 */
const parsed = new WeakMap<Buffer, readonly HeaderField[]>();

/** The header fields of a raw message (up to the first empty line), unfolded. */
export function headerFields(raw: Buffer | string): readonly HeaderField[] {
  if (typeof raw === 'string') return readFields(raw);
  let f = parsed.get(raw);
  if (!f) {
    f = readFields(raw);
    parsed.set(raw, f);
  }
  return f;
}

function readFields(raw: Buffer | string, maxBytes = HEAD_BYTES): HeaderField[] {
  const text = (typeof raw === 'string' ? raw : raw.subarray(0, maxBytes).toString('latin1')).replace(/\r\n/g, '\n');
  const end = text.search(/\n\n|^\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const out: HeaderField[] = [];
  for (const line of head.split('\n')) {
    if (/^[ \t]/.test(line) && out.length) {
      out[out.length - 1].value += ' ' + line.trim();
      continue;
    }
    const m = /^([!-9;-~]+):[ \t]*(.*)$/.exec(line);
    if (m) out.push({ name: m[1], value: m[2].trim() });
  }
  return out;
}

export function header(raw: Buffer | string, name: string): string | undefined {
  return headerFields(raw).find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

/** The addresses of an address list such as From: "A" <a@x>, b@y (comments and quoted names dropped). */
export function addresses(value: string): string[] {
  const noQuotes = value.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\((?:[^()\\]|\\.)*\)/g, '');
  const out: string[] = [];
  for (const part of noQuotes.split(',')) {
    const angle = /<([^<>]*)>/.exec(part);
    const a = (angle ? angle[1] : part).trim();
    if (a.includes('@')) out.push(a);
  }
  return out;
}

/** The RFC5322.From domains (DMARC's identifier); empty when there is no usable From. */
export function fromDomains(raw: Buffer | string): string[] {
  const fields = headerFields(raw).filter((h) => h.name.toLowerCase() === 'from');
  return fields.flatMap((f) => addresses(f.value)).map(domainOf).filter(Boolean);
}

/** Puts header lines on top of the message, keeping its line endings. */
export function prependHeaders(raw: Buffer, lines: string[]): Buffer {
  if (!lines.length) return raw;
  const crlf = raw.includes('\r\n');
  const eol = crlf ? '\r\n' : '\n';
  const text = lines.map((l) => l.replace(/\r?\n/g, eol)).join(eol) + eol;
  return Buffer.concat([Buffer.from(text, 'utf8'), raw]);
}

/** The message without the header fields `drop` picks (folded lines included); the body untouched. */
export function removeHeaders(raw: Buffer, drop: (name: string, value: string) => boolean): Buffer {
  const text = raw.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  const headEnd = m ? m.index : text.length;
  const head = text.slice(0, headEnd);
  const lines = head.split(/(?<=\n)/);
  const out: string[] = [];
  let dropping = false;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && out.length + (dropping ? 1 : 0) > 0) {
      if (!dropping) out.push(line);
      continue;
    }
    const f = /^([!-9;-~]+):[ \t]*(.*)/s.exec(line);
    dropping = !!f && drop(f[1], f[2].trim());
    if (!dropping) out.push(line);
  }
  const kept = out.join('');
  if (kept.length === head.length) return raw;
  return Buffer.concat([Buffer.from(kept, 'latin1'), raw.subarray(Buffer.byteLength(head, 'latin1'))]);
}
