// A delivered mail as a MIME tree, with what OpenPGP and S/MIME need from it: every
// part's decoded content and, for multipart/signed, the exact text of the signed part.
// Bounded: deep nesting, many parts or broken encodings are cut, never fatal.
import { parseMessage, fieldValue, type HeaderField } from '../sandbox/api.js';

const MAX_PARTS = 100;
const MAX_DEPTH = 10;

export interface MimePart {
  type: string;
  params: Record<string, string>;
  headers: HeaderField[];
  /** the part as it appears in the mail (headers, blank line, body), "\n" line endings */
  raw: string;
  /** the body, still transfer-encoded */
  body: string;
  /** the body decoded (base64, quoted-printable) */
  content: Buffer;
  /** the attachment's file name (Content-Disposition filename or Content-Type name) */
  filename: string;
  children: MimePart[];
}

function header(headers: HeaderField[], name: string): string {
  const f = headers.find((h) => h.name.toLowerCase() === name);
  return f ? fieldValue(f) : '';
}

function params(v: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /;\s*([^=\s;]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^;\s]*)/g;
  for (let m = re.exec(v); m; m = re.exec(v)) out[m[1].toLowerCase()] = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[2];
  return out;
}

function decode(cte: string, body: string): Buffer {
  if (cte === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (cte === 'quoted-printable') {
    return Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_w, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
  }
  return Buffer.from(body, 'latin1');
}

/** The text between the delimiters of a multipart body (the CRLF before a delimiter belongs to it). */
function splitMultipart(body: string, boundary: string): string[] {
  const lines = body.split('\n');
  const delim = '--' + boundary;
  const parts: string[] = [];
  let cur: string[] | undefined;
  for (const line of lines) {
    const l = line.replace(/[ \t]+$/, '');
    if (l === delim || l === delim + '--') {
      if (cur) parts.push(cur.join('\n'));
      if (l === delim + '--' || parts.length >= MAX_PARTS) return parts;
      cur = [];
      continue;
    }
    cur?.push(line);
  }
  if (cur) parts.push(cur.join('\n'));
  return parts;
}

function build(raw: string, depth: number, count: { n: number }): MimePart {
  const msg = parseMessage(raw);
  const ctv = header(msg.headers, 'content-type');
  const type = (ctv.split(';')[0].trim().toLowerCase() || 'text/plain').replace(/\s+/g, '');
  const p = params(ctv);
  const cte = header(msg.headers, 'content-transfer-encoding').trim().toLowerCase();
  const disp = params(header(msg.headers, 'content-disposition'));
  const part: MimePart = {
    type,
    params: p,
    headers: msg.headers,
    raw: raw.replace(/\r\n/g, '\n'),
    body: msg.body,
    content: Buffer.alloc(0),
    filename: disp.filename ?? p.name ?? '',
    children: [],
  };
  count.n++;
  if (type.startsWith('multipart/') && p.boundary && depth < MAX_DEPTH) {
    for (const sub of splitMultipart(msg.body, p.boundary)) {
      if (count.n >= MAX_PARTS) break;
      part.children.push(build(sub, depth + 1, count));
    }
  } else {
    part.content = decode(cte, msg.body);
  }
  return part;
}

export function parseMime(raw: string | Buffer): MimePart {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  return build(text, 0, { n: 0 });
}

/** Every part of the tree, depth first, the root included. */
export function allParts(root: MimePart): MimePart[] {
  const out: MimePart[] = [];
  const walk = (p: MimePart) => {
    out.push(p);
    p.children.forEach(walk);
  };
  walk(root);
  return out;
}

export const headerOf = header;
