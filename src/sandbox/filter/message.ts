/**
 * Just enough RFC 5322 / MIME to score a message the way SpamAssassin looks at it:
 * the header block kept byte for byte (as a latin1 string, so any octet survives a round
 * trip), header values unfolded, and the "rendered" body SpamAssassin's body rules see —
 * the Subject as first line, then the decoded text of every text/* part, HTML stripped.
 * Bounded: hostile input (huge, deeply nested, broken encodings) is cut, never fatal.
 */

export interface HeaderField {
  name: string;
  /** the whole field as it appears, folding kept, each line ending in "\n" */
  raw: string;
}

export interface ParsedMessage {
  headers: HeaderField[];
  /** everything after the blank line, "\n" line endings */
  body: string;
  /** the blank line that ended the headers ("" when the message has no body separator) */
  separator: string;
  /** the input used CRLF line endings */
  crlf: boolean;
}

/** SpamAssassin scans at most this much of each text part (body_part_scan_size). */
const PART_SCAN = 50_000;
const MAX_PARTS = 200;
const MAX_DEPTH = 20;

export function parseMessage(raw: Buffer | string): ParsedMessage {
  let text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const crlf = /\r\n/.test(text.slice(0, 4096));
  text = text.replace(/\r\n/g, '\n');
  const headers: HeaderField[] = [];
  let pos = 0;
  let separator = '';
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const line = nl < 0 ? text.slice(pos) + '\n' : text.slice(pos, nl + 1);
    if (line === '\n') {
      separator = '\n';
      pos += 1;
      break;
    }
    if (/^[ \t]/.test(line) && headers.length) {
      headers[headers.length - 1].raw += line;
    } else {
      const m = /^([^:\s]+)[ \t]*:/.exec(line);
      // a line that is not a header ends the header block (SpamAssassin does the same)
      if (!m) break;
      headers.push({ name: m[1], raw: line });
    }
    pos = nl < 0 ? text.length : nl + 1;
  }
  return { headers, body: text.slice(pos), separator, crlf };
}

/** The field's value: after the colon, unfolded, leading spaces and the final newline removed. */
export function fieldValue(f: HeaderField): string {
  return f.raw
    .slice(f.raw.indexOf(':') + 1)
    .replace(/\n(?=[ \t])/g, '')
    .replace(/^[ \t]+/, '')
    .replace(/\n$/, '');
}

export function getAll(msg: ParsedMessage, name: string): string[] {
  const n = name.toLowerCase();
  return msg.headers.filter((h) => h.name.toLowerCase() === n).map(fieldValue);
}

export function has(msg: ParsedMessage, name: string): boolean {
  const n = name.toLowerCase();
  return msg.headers.some((h) => h.name.toLowerCase() === n);
}

/** As SpamAssassin's $pms->get(NAME): every instance joined by "\n", RFC 2047 decoded; "" when absent. */
export function get(msg: ParsedMessage, name: string): string {
  const all = getAll(msg, name);
  return all.length ? all.map(decodeWords).join('\n') : '';
}

/** RFC 2047 encoded words (=?charset?B|Q?...?=) decoded to UTF-8 octets (as a latin1 string); unknown charsets read as latin1. */
export function decodeWords(v: string): string {
  return v.replace(/=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=(\s+(?==\?))?/g, (_w, cs: string, enc: string, data: string) => {
    let bytes: Buffer;
    if (enc.toUpperCase() === 'B') bytes = Buffer.from(data, 'base64');
    else bytes = Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    // SpamAssassin hands decoded header text to rules as UTF-8 octets
    return Buffer.from(decodeCharset(bytes, cs), 'utf8').toString('latin1');
  });
}

function decodeCharset(bytes: Buffer, charset: string): string {
  const cs = charset.toLowerCase().replace(/\*.*$/, '');
  try {
    if (cs === 'us-ascii' || cs === 'iso-8859-1' || cs === 'latin1') return bytes.toString('latin1');
    return new TextDecoder(cs, { fatal: false }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

interface Part {
  headers: HeaderField[];
  body: string;
}

function contentType(headers: HeaderField[]): { type: string; params: Record<string, string> } {
  const f = headers.find((h) => h.name.toLowerCase() === 'content-type');
  if (!f) return { type: 'text/plain', params: {} };
  const v = fieldValue(f);
  const [t, ...rest] = v.split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const m = /^\s*([^=\s]+)\s*=\s*"?([^"]*)"?\s*$/.exec(p);
    if (m) params[m[1].toLowerCase()] = m[2];
  }
  return { type: (t.trim().toLowerCase() || 'text/plain').replace(/\s+/g, ''), params };
}

function transferDecode(headers: HeaderField[], body: string): Buffer {
  const f = headers.find((h) => h.name.toLowerCase() === 'content-transfer-encoding');
  const cte = f ? fieldValue(f).trim().toLowerCase() : '';
  if (cte === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (cte === 'quoted-printable') {
    const s = body.replace(/=\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_w, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(s, 'latin1');
  }
  return Buffer.from(body, 'latin1');
}

/** Leaf parts of a MIME tree (multipart recursion, bounded). */
function leaves(headers: HeaderField[], body: string, depth = 0, out: Part[] = []): Part[] {
  if (out.length >= MAX_PARTS) return out;
  const ct = contentType(headers);
  if (ct.type.startsWith('multipart/') && ct.params.boundary && depth < MAX_DEPTH) {
    const delim = '--' + ct.params.boundary;
    const chunks = body.split('\n');
    let cur: string[] | undefined;
    const parts: string[] = [];
    for (const line of chunks) {
      if (line.startsWith(delim)) {
        if (cur) parts.push(cur.join('\n'));
        cur = line.startsWith(delim + '--') ? undefined : [];
        if (!cur && line.startsWith(delim + '--')) break;
        continue;
      }
      cur?.push(line);
    }
    if (cur) parts.push(cur.join('\n'));
    for (const p of parts) {
      const sub = parseMessage(p);
      leaves(sub.headers, sub.body, depth + 1, out);
    }
    return out;
  }
  out.push({ headers, body });
  return out;
}

export interface BodyView {
  /** decoded text of the text parts, HTML rendered to text, each part cut at body_part_scan_size */
  text: string;
  /** a part that is an attachment (non-text, or Content-Disposition: attachment) */
  hasAttachment: boolean;
  hasHtml: boolean;
  /** leaf parts: MIME type, transfer encoding and the raw (undecoded) body */
  parts: { type: string; cte: string; raw: string }[];
}

export function bodyView(msg: ParsedMessage): BodyView {
  const parts = leaves(msg.headers, msg.body);
  const texts: string[] = [];
  let hasAttachment = false;
  let hasHtml = false;
  const info: BodyView['parts'] = [];
  for (const p of parts) {
    const ct = contentType(p.headers);
    const cteField = p.headers.find((h) => h.name.toLowerCase() === 'content-transfer-encoding');
    info.push({ type: ct.type, cte: cteField ? fieldValue(cteField).trim().toLowerCase() : '', raw: p.body });
    const disp = p.headers.find((h) => h.name.toLowerCase() === 'content-disposition');
    if (disp && /^\s*attachment/i.test(fieldValue(disp))) hasAttachment = true;
    if (!ct.type.startsWith('text/') && !ct.type.startsWith('message/')) {
      hasAttachment = true;
      continue;
    }
    // normalize_charset 0 (the default): rules see the part's own octets, not recoded text
    let t = transferDecode(p.headers, p.body).toString('latin1');
    if (ct.type === 'text/html') {
      hasHtml = true;
      t = htmlToText(t);
    }
    texts.push(t.slice(0, PART_SCAN));
  }
  return { text: texts.join('\n'), hasAttachment, hasHtml, parts: info };
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/p\s*>|<\/div\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&amp;/gi, '&');
}

/** Back to bytes with the input's line endings. */
export function serialize(text: string, crlf: boolean): Buffer {
  return Buffer.from(crlf ? text.replace(/\r?\n/g, '\r\n') : text, 'latin1');
}
