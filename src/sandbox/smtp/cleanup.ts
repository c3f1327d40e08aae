/**
 * What Postfix's cleanup(8) does to a message: the Received header smtpd puts on top,
 * the message split into headers and body (bytes and line ends kept), header_checks
 * and body_checks. The queue (queue.ts) runs it first, before the stages and delivery.
 */
import type { Runtime } from '../runtime.js';
import type { SessionFacts } from './types.js';
import type { Decision } from '../pipeline.js';
import type { Table } from '../../postfix/tables.js';

export interface Transaction {
  queueId: string;
  sender: string;
  rcpts: string[];
  session: SessionFacts;
  /** an access table said HOLD at RCPT: the message goes to the hold queue, not to delivery */
  hold?: boolean;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

let tzCache: { hour: number; name: string } | undefined;

function tzName(d: Date): string {
  const hour = Math.floor(d.getTime() / 3_600_000);
  if (tzCache?.hour === hour) return tzCache.name;
  const name = tzLookup(d);
  tzCache = { hour, name };
  return name;
}

function tzLookup(d: Date): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (/^[A-Z]{2,5}$/.test(part)) return part;
  } catch {
    // no Intl time zone data
  }
  return d.getTimezoneOffset() === 0 ? 'UTC' : '';
}

/** Postfix's mail_date(): "Tue, 28 Nov 2023 04:30:57 +0100 (CET)"; strftime's %e pads a one-digit day with a space: "Mon,  7 Dec 2026". */
export function mailDate(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  const tz = tzName(d);
  return `${DAYS[d.getDay()]}, ${String(d.getDate()).padStart(2, ' ')} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${sign}${p(Math.floor(abs / 60))}${p(abs % 60)}${tz ? ` (${tz})` : ''}`;
}

function rfcAddr(addr: string): string {
  return addr.includes(':') ? `IPv6:${addr}` : addr;
}

/**
 * A client on the server's own interfaces: cleanup adds Message-Id, Date and From for it
 * (local_header_rewrite_clients = permit_inet_interfaces). The connection's own peer
 * decides: Postfix 3.7.11 still adds them after XCLIENT ADDR=203.0.113.7 from 127.0.0.1.
 */
export function fromInterface(s: SessionFacts): boolean {
  // a content filter's XFORWARD SOURCE=REMOTE: the mail came from elsewhere, nothing is added
  if (s.xforward?.source === 'REMOTE') return false;
  const addr = (s.realClient ?? s.client).addr;
  return addr === '127.0.0.1' || addr === '::1';
}

/**
 * The message-id cleanup logs: the message's own, or for a local client the one cleanup
 * adds (addedMessageId); for a remote one without any, "<>".
 */
export function cleanupMessageId(tx: Transaction, headers: { name: string; text: string }[], d = new Date()): string {
  const own = headerValue(headers, 'Message-ID');
  if (own) return own;
  if (!fromInterface(tx.session)) return '<>';
  return addedMessageId(tx.queueId, tx.session.svc.hostname, d);
}

/** The Message-Id cleanup makes: <YYYYMMDDhhmmss.QUEUEID@myhostname>. */
export function addedMessageId(queueId: string, hostname: string, d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `<${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}.${queueId}@${hostname}>`;
}

/** The Received header smtpd writes, with Postfix's folding. */
export function receivedHeader(s: SessionFacts, queueId: string, rcpts: string[], date = new Date()): string {
  const lines = [`Received: from ${s.helo ?? s.client.name} (${s.client.name} [${rfcAddr(s.client.addr)}])`];
  if (s.tls && s.svc.tlsReceivedHeader) {
    lines.push(`\t(using ${s.tls.protocol} with cipher ${s.tls.cipher} (${s.tls.bits}/${s.tls.algBits} bits)${s.svc.tls ? '' : ')'}`);
    if (s.svc.tls) lines.push(`\t key-exchange X25519 server-signature ${s.svc.tls.signature})`);
    lines.push('\t(No client certificate requested)');
  }
  const proto = s.proto === 'ESMTP' ? `ESMTP${s.tls ? 'S' : ''}${s.sasl ? 'A' : ''}` : 'SMTP';
  if (rcpts.length === 1) {
    lines.push(`\tby ${s.svc.hostname} (Postfix) with ${proto} id ${queueId}`);
    lines.push(`\tfor <${rcpts[0]}>; ${mailDate(date)}`);
  } else {
    lines.push(`\tby ${s.svc.hostname} (Postfix) with ${proto} id ${queueId};`);
    lines.push(`\t${mailDate(date)}`);
  }
  return lines.join('\r\n') + '\r\n';
}

export interface QueuedMessage {
  headers: { name: string; text: string }[];
  /** the body, starting after the empty line */
  body: Buffer;
  /** the separator line ("\r\n" or "\n"), if there was one */
  sep: string;
}

/**
 * Splits a message into logical headers (continuation lines kept) and the body, as
 * cleanup(8) sees it: bytes and line ends (CRLF or LF) kept as they came, so the copy
 * delivered is the copy received. Not filter/message.ts's parseMessage, which is the
 * content filter's (SpamAssassin's) decoded view of a message.
 */
/**
 * Whether cleanup has seen the end of a message's headers in what came so far: an empty
 * line, or a whole line that is neither a header nor the continuation of one.
 */
export function headersEnded(raw: Buffer): boolean {
  const lines = raw.toString('latin1').split('\n');
  lines.pop();
  for (const [i, l] of lines.map((x) => x.replace(/\r$/, '')).entries()) {
    if (!l) return true;
    if (/^[\x21-\x39\x3b-\x7e]+:/.test(l) || (i > 0 && /^[ \t]/.test(l))) continue;
    return true;
  }
  return false;
}

export function parseQueuedMessage(raw: Buffer): QueuedMessage {
  const text = raw.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  let headText: string;
  let body: Buffer;
  let sep = '';
  if (text.startsWith('\r\n') || text.startsWith('\n')) {
    headText = '';
    sep = text.startsWith('\r\n') ? '\r\n' : '\n';
    body = raw.subarray(sep.length);
  } else if (m) {
    headText = text.slice(0, m.index + m[0].indexOf('\n') + 1);
    sep = m[0].slice(m[0].indexOf('\n') + 1);
    body = raw.subarray(m.index + m[0].length);
  } else {
    headText = text;
    body = Buffer.alloc(0);
  }
  const headers: { name: string; text: string }[] = [];
  const lines = headText.split(/(?<=\n)/);
  for (const l of lines) {
    if (!l) continue;
    if (/^[ \t]/.test(l) && headers.length) {
      headers[headers.length - 1].text += l;
      continue;
    }
    const colon = l.indexOf(':');
    headers.push({ name: colon > 0 ? l.slice(0, colon).trim() : '', text: l });
  }
  return { headers, body, sep };
}

function unfold(h: string): string {
  return h.replace(/\r?\n(?=[ \t])/g, '').replace(/\r?\n$/, '');
}

/**
 * RFC 2047 encoded words, enough for a subject line in an event (a bad word is kept as
 * its raw data). Not filter/message.ts's decodeWords, the content filter's.
 */
export function decodeQueuedWords(s: string): string {
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_w, charset: string, enc: string, data: string) => {
    try {
      const buf = enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return new TextDecoder(/utf-?8/i.test(charset) ? 'utf-8' : 'latin1').decode(buf);
    } catch {
      return data;
    }
  });
}

export function headerValue(headers: QueuedMessage['headers'], name: string): string | undefined {
  const h = headers.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return h ? unfold(h.text).slice(h.text.indexOf(':') + 1).trim() : undefined;
}

export type CheckAction = { kind: 'reject'; code: number; enhanced: string; text: string } | { kind: 'discard'; text: string } | undefined;

/** header_checks / body_checks as cleanup(8) applies them. */
export function applyChecks(rt: Runtime, tx: Transaction, parsed: QueuedMessage, headerTables: Table[], bodyTables: Table[], decisions: Decision[]): { parsed: QueuedMessage; action: CheckAction } {
  const s = tx.session;
  const whatsup = (kind: string, what: string, text: string) => {
    const who = `from ${s.namaddr}; from=<${tx.sender}> to=<${tx.rcpts[0] ?? ''}> proto=${s.proto}${s.helo ? ` helo=<${s.helo}>` : ''}`;
    rt.log.line('postfix/cleanup', `${tx.queueId}: ${kind}: ${what.slice(0, 200)} ${who}${text ? `: ${text}` : ''}`);
  };
  const act = (value: string, what: string, table: Table, line: number | undefined): CheckAction | 'ignore' | { replace: string } | { prepend: string } | undefined => {
    const m = /^(\S+)\s*(.*)$/s.exec(value.trim()) ?? ['', '', ''];
    const word = m[1].toUpperCase();
    const rest = (m[2] ?? '').trim();
    const where = `${table.file ?? table.spec}${line ? `, line ${line}` : ''}`;
    const note = (result: string, reason: string) =>
      decisions.push({ stage: 'cleanup', rule: `${table.spec}${line ? `:${line}` : ''}`, result, reason, key: `sandbox.why.check${result[0].toUpperCase()}${result.slice(1)}`, params: { what: what.slice(0, 200), table: `${table.file ?? table.spec}${line ? `:${line}` : ''}`, action: value.trim() } });
    if (word === 'REJECT' || /^[45]\d\d$/.test(word)) {
      const code = word === 'REJECT' ? 550 : Number(word);
      const d = /^([245]\.\d{1,3}\.\d{1,3})\s+(.*)$/s.exec(rest);
      const enhanced = d ? d[1] : `${String(code)[0]}.7.1`;
      const text = (d ? d[2] : rest) || 'Message content rejected';
      note('reject', `"${what.slice(0, 80)}" matches ${where}: ${value.trim()}`);
      whatsup('reject', what, `${enhanced} ${text}`);
      return { kind: 'reject', code, enhanced, text };
    }
    if (word === 'DISCARD') {
      note('discard', `"${what.slice(0, 80)}" matches ${where}: ${value.trim()}`);
      whatsup('discard', what, rest);
      return { kind: 'discard', text: rest };
    }
    if (word === 'WARN' || word === 'INFO' || word === 'HOLD' || word === 'FILTER' || word === 'REDIRECT' || word === 'BCC') {
      note('warn', `"${what.slice(0, 80)}" matches ${where}: ${value.trim()}`);
      whatsup(word === 'WARN' ? 'warning' : word.toLowerCase(), what, rest);
      return undefined;
    }
    if (word === 'IGNORE') {
      note('ignore', `"${what.slice(0, 80)}" matches ${where}: the header is removed`);
      return 'ignore';
    }
    if (word === 'REPLACE') {
      note('replace', `"${what.slice(0, 80)}" matches ${where}: replaced`);
      whatsup('replace', what, rest);
      return { replace: rest };
    }
    if (word === 'PREPEND') {
      note('prepend', `"${what.slice(0, 80)}" matches ${where}: a line is added before it`);
      whatsup('prepend', what, rest);
      return { prepend: rest };
    }
    note('dunno', `"${what.slice(0, 80)}" matches ${where}: ${value.trim()} (no action)`);
    return undefined;
  };
  const headers: QueuedMessage['headers'] = [];
  for (const h of parsed.headers) {
    let keep = true;
    for (const t of headerTables) {
      const text = unfold(h.text);
      const hit = t.lookup(text);
      if (!hit) continue;
      const r = act(hit.value, `header ${text}`, t, hit.line);
      if (r === 'ignore') keep = false;
      else if (r && 'replace' in r) h.text = r.replace + '\r\n';
      else if (r && 'prepend' in r) headers.push({ name: r.prepend.split(':')[0], text: r.prepend + '\r\n' });
      else if (r) return { parsed, action: r };
      break;
    }
    if (keep) headers.push(h);
  }
  if (bodyTables.length) {
    const bodyText = parsed.body.toString('latin1');
    for (const line of bodyText.split(/\r?\n/)) {
      for (const t of bodyTables) {
        const hit = t.lookup(line);
        if (!hit) continue;
        const r = act(hit.value, `body ${line}`, t, hit.line);
        if (r && typeof r === 'object' && 'kind' in r) return { parsed, action: r };
        break;
      }
    }
  }
  return { parsed: { ...parsed, headers }, action: undefined };
}

export function assemble(p: QueuedMessage): Buffer {
  const head = p.headers.map((h) => h.text).join('');
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(p.sep || '\r\n', 'latin1'), p.body]);
}

