/**
 * The learner's mailboxes as a mail client shows them: the Maildirs the sandbox
 * delivers to (var/mail/USER/Maildir, its .Junk folder), the captured outbox and the
 * hold queue, newest first; one message read (headers and text) or shown
 * byte for byte, as "View source" does.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import type { Workspace } from '../workspace/workspace.js';
import { HOLD_DIR, OUTBOX_DIR, bodyView, decodeWords, getAll, parseMessage, type ParsedMessage } from '../sandbox/api.js';
import { decodeBytes, displayText } from './display.js';

export type Folder = 'inbox' | 'junk' | 'outbox' | 'hold';
export const FOLDERS: readonly Folder[] = ['inbox', 'junk', 'outbox', 'hold'];

export interface MailSummary {
  /** workspace-relative */
  path: string;
  folder: Folder;
  /** the local user of a Maildir */
  user?: string;
  from: string;
  to: string;
  subject: string;
  /** the Date header, as written */
  date: string;
  /** when the sandbox wrote it */
  mtimeMs: number;
  size: number;
  /** the sandbox's Received header says the message came over TLS (ESMTPS) */
  tls: boolean;
  /** ... from an authenticated client (ESMTPA, ESMTPSA) */
  auth: boolean;
  /** in Junk, or marked as spam by the content filter */
  spam: boolean;
  /** the queue id in the sandbox's Received header */
  queueId?: string;
}

const HEAD_BYTES = 64 * 1024;
const MAX_MESSAGES = 2000;

/** Header text as a person reads it: encoded words decoded, UTF-8 or Latin-1, no control characters. */
export function headerText(v: string): string {
  return displayText(decodeBytes(Buffer.from(decodeWords(v), 'latin1')).replace(/\s*\n\s*/g, ' '));
}

function readHead(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** What the sandbox's own Received header (the first one) says about the way in. */
export function receivedInfo(msg: ParsedMessage): { tls: boolean; auth: boolean; queueId?: string; line?: string } {
  const first = getAll(msg, 'Received')[0];
  if (!first) return { tls: false, auth: false };
  const proto = /\bwith\s+(E?SMTP\w*|LMTP\w*)/i.exec(first)?.[1]?.toUpperCase() ?? '';
  const tls = /^(E?SMTPS|ESMTPSA|LMTPS)/.test(proto) || /\(using TLS/i.test(first);
  const auth = /A$/.test(proto);
  const queueId = /\bid\s+([0-9A-Za-z]+)/.exec(first)?.[1];
  return { tls, auth, queueId, line: first.replace(/\s+/g, ' ') };
}

function summarize(ws: Workspace, rel: string, folder: Folder, user: string | undefined): MailSummary | undefined {
  const file = ws.resolve(rel);
  let st;
  try {
    st = statSync(file);
    if (!st.isFile()) return undefined;
  } catch {
    return undefined;
  }
  let head: string;
  try {
    head = readHead(file);
  } catch {
    return undefined;
  }
  const msg = parseMessage(head);
  const one = (name: string) => headerText(getAll(msg, name)[0] ?? '');
  const r = receivedInfo(msg);
  const spamFlag = /^\s*yes/i.test(getAll(msg, 'X-Spam-Flag')[0] ?? '');
  const subject = one('Subject');
  return {
    path: rel,
    folder,
    user,
    from: one('From'),
    to: one('To'),
    subject,
    date: one('Date'),
    mtimeMs: st.mtimeMs,
    size: st.size,
    tls: r.tls,
    auth: r.auth,
    spam: folder === 'junk' || spamFlag,
    queueId: r.queueId,
  };
}

const files = (dir: string): string[] => {
  try {
    return readdirSync(dir).filter((n) => !n.startsWith('.'));
  } catch {
    return [];
  }
};

/** Every message, newest first (by the time it was delivered). */
export function listMailbox(ws: Workspace): MailSummary[] {
  const found: { rel: string; folder: Folder; user?: string }[] = [];
  const mailRoot = ws.resolve('var/mail');
  for (const user of files(mailRoot)) {
    for (const [sub, folder] of [
      ['Maildir', 'inbox'],
      ['Maildir/.Junk', 'junk'],
    ] as const) {
      for (const part of ['new', 'cur']) {
        const rel = `var/mail/${user}/${sub}/${part}`;
        for (const name of files(ws.resolve(rel))) found.push({ rel: `${rel}/${name}`, folder, user });
      }
    }
  }
  for (const [dir, folder] of [
    [OUTBOX_DIR, 'outbox'],
    [HOLD_DIR, 'hold'],
  ] as const) {
    for (const name of files(ws.resolve(dir))) found.push({ rel: `${dir}/${name}`, folder });
  }
  const withTime = found.map((f) => {
    let m = 0;
    try {
      m = statSync(ws.resolve(f.rel)).mtimeMs;
    } catch {
      // gone meanwhile
    }
    return { ...f, m };
  });
  withTime.sort((a, b) => b.m - a.m || (a.rel < b.rel ? 1 : -1));
  return withTime
    .slice(0, MAX_MESSAGES)
    .map((f) => summarize(ws, f.rel, f.folder, f.user))
    .filter((x): x is MailSummary => !!x);
}

export interface MailView {
  summary: MailSummary;
  /** the headers a mail client shows, decoded */
  headers: { name: string; value: string }[];
  /** the sandbox's Received header, unfolded */
  received?: string;
  /** the decoded text, line by line */
  body: string[];
  attachments: boolean;
}

const SHOWN = ['From', 'To', 'Cc', 'Subject', 'Date'];
const MAX_READ = 4 * 1024 * 1024;

function readLimited(file: string, max: number): { buf: Buffer; truncated: boolean } {
  const size = statSync(file).size;
  if (size <= max) return { buf: readFileSync(file), truncated: false };
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(max);
    const n = readSync(fd, buf, 0, max, 0);
    return { buf: buf.subarray(0, n), truncated: true };
  } finally {
    closeSync(fd);
  }
}

/** One message as a mail client opens it. */
export function readMail(ws: Workspace, s: MailSummary): MailView {
  const { buf } = readLimited(ws.resolve(s.path), MAX_READ);
  const msg = parseMessage(buf);
  const headers = SHOWN.flatMap((name) => getAll(msg, name).map((v) => ({ name, value: headerText(v) })));
  const view = bodyView(msg);
  let text = decodeBytes(Buffer.from(view.text, 'latin1'));
  // attachments a person can read (a DMARC aggregate report is XML) are shown after the body
  for (const part of view.parts) {
    if (!/^application\/(xml|json)$|\+xml$/.test(part.type)) continue;
    const bytes = part.cte === 'base64' ? Buffer.from(part.raw.replace(/\s+/g, ''), 'base64') : Buffer.from(part.raw, 'latin1');
    text += `\n\n── ${part.type} ──\n` + decodeBytes(bytes);
  }
  return {
    summary: s,
    headers,
    received: receivedInfo(msg).line,
    body: text
      .replace(/\n+$/, '')
      .split('\n')
      .map((l) => displayText(l)),
    attachments: view.hasAttachment,
  };
}

export interface MailSource {
  /** the file's lines exactly as stored (only control characters made visible, tabs expanded) */
  lines: string[];
  truncated: boolean;
  size: number;
}

/** "View source": the stored bytes, line by line. */
export function mailSource(ws: Workspace, rel: string, max = MAX_READ): MailSource {
  const file = ws.resolve(rel);
  const { buf, truncated } = readLimited(file, max);
  const text = decodeBytes(buf);
  const lines = text.split('\n').map((l) => displayText(l.replace(/\r$/, '')));
  if (lines.length && lines.at(-1) === '') lines.pop();
  return { lines, truncated, size: statSync(file).size };
}

export function mailExists(ws: Workspace, rel: string): boolean {
  try {
    return existsSync(ws.resolve(rel));
  } catch {
    return false;
  }
}
