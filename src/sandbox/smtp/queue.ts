/**
 * After the final dot: what Postfix's cleanup, qmgr and local(8) do, in the sandbox's
 * order (everything happens before the 250, so a client that got its answer finds the
 * message on disk):
 *   Received header → cleanup (header_checks, body_checks, Message-ID/Date for local
 *   clients) → pipeline stages (milters: SPF/DKIM/DMARC, DKIM signing; content filter)
 *   → delivery: Maildir for mydestination, the captured outbox for everything else.
 * Every copy is written and fsynced before the reply.
 */
import fs, { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import type { Runtime } from '../runtime.js';
import type { SessionFacts } from './types.js';
import type { Decision, MessageIn, MessageStage, StageContext, StageOutcome } from '../pipeline.js';
import type { SandboxConfig } from '../config/load.js';
import type { Table } from '../../postfix/tables.js';
import { inboundAuthStage, dkimSignStage } from '../auth/stages.js';
import { contentFilterStage } from '../filter/stage.js';

export interface Transaction {
  queueId: string;
  sender: string;
  rcpts: string[];
  session: SessionFacts;
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

/** Postfix's mail_date(): "Tue, 28 Nov 2023 04:30:57 +0100 (CET)" */
export function mailDate(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  const tz = tzName(d);
  return `${DAYS[d.getDay()]}, ${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${sign}${p(Math.floor(abs / 60))}${p(abs % 60)}${tz ? ` (${tz})` : ''}`;
}

function rfcAddr(addr: string): string {
  return addr.includes(':') ? `IPv6:${addr}` : addr;
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

interface Parsed {
  headers: { name: string; text: string }[];
  /** the body, starting after the empty line */
  body: Buffer;
  /** the separator line ("\r\n" or "\n"), if there was one */
  sep: string;
}

/** Splits a message into logical headers (continuation lines kept) and the body. */
export function parseMessage(raw: Buffer): Parsed {
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

/** RFC 2047 encoded words, enough for a subject line in an event. */
export function decodeWords(s: string): string {
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_w, charset: string, enc: string, data: string) => {
    try {
      const buf = enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return new TextDecoder(/utf-?8/i.test(charset) ? 'utf-8' : 'latin1').decode(buf);
    } catch {
      return data;
    }
  });
}

function headerValue(headers: Parsed['headers'], name: string): string | undefined {
  const h = headers.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return h ? unfold(h.text).slice(h.text.indexOf(':') + 1).trim() : undefined;
}

type CheckAction = { kind: 'reject'; code: number; enhanced: string; text: string } | { kind: 'discard'; text: string } | undefined;

/** header_checks / body_checks as cleanup(8) applies them. */
function applyChecks(rt: Runtime, tx: Transaction, parsed: Parsed, headerTables: Table[], bodyTables: Table[], decisions: Decision[]): { parsed: Parsed; action: CheckAction } {
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
      decisions.push({ stage: 'cleanup', rule: `${table.spec}${line ? `:${line}` : ''}`, result, reason, key: `sandbox.why.check${result[0].toUpperCase()}${result.slice(1)}`, params: { what: what.slice(0, 200), table: where, action: value.trim() } });
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
  const headers: Parsed['headers'] = [];
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

function assemble(p: Parsed): Buffer {
  const head = p.headers.map((h) => h.text).join('');
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(p.sep || '\r\n', 'latin1'), p.body]);
}

/** The pipeline stages for one configuration snapshot (made once per snapshot). */
const stageCache = new WeakMap<SandboxConfig, MessageStage[]>();

function stageContext(rt: Runtime): StageContext {
  return {
    ws: rt.ws,
    cfg: rt.config.main,
    master: rt.config.master,
    hostname: rt.config.hostname,
    resolver: rt.resolver,
    log: (line) => rt.log.stageLine(line),
    event: (e) => rt.rawEvent(e),
  };
}

export function stagesFor(rt: Runtime): MessageStage[] {
  let stages = stageCache.get(rt.config);
  if (!stages) {
    const ctx = stageContext(rt);
    stages = [];
    for (const make of [inboundAuthStage, dkimSignStage, contentFilterStage]) {
      try {
        const st = make(ctx);
        if (st) stages.push(st);
      } catch (e) {
        rt.log.line('postfix/cleanup', `warning: cannot set up a pipeline stage: ${(e as Error).message}`);
      }
    }
    stageCache.set(rt.config, stages);
  }
  return stages;
}

function localDomain(rt: Runtime, s: SessionFacts, rcpt: string): { local: boolean; user: string; domain: string } {
  const at = rcpt.lastIndexOf('@');
  const domain = at >= 0 ? rcpt.slice(at + 1).toLowerCase() : '';
  let user = (at >= 0 ? rcpt.slice(0, at) : rcpt).toLowerCase();
  const delim = s.svc.recipientDelimiter;
  if (delim) {
    const i = [...delim].map((c) => user.indexOf(c)).filter((x) => x > 0).sort((a, b) => a - b)[0];
    if (i !== undefined) user = user.slice(0, i);
  }
  const local = !domain || s.svc.mydestination.includes(domain);
  void rt;
  return { local, user, domain };
}

interface Target {
  /** the address delivered to */
  to: string;
  /** the address the client gave, when an alias changed it */
  origTo?: string;
  local: boolean;
  user: string;
}

/** Expands aliases (/etc/aliases) for local recipients, as local(8) does. */
function resolveTargets(rt: Runtime, s: SessionFacts, rcpt: string): Target[] {
  const out: Target[] = [];
  const walk = (addr: string, orig: string | undefined, depth: number) => {
    const d = localDomain(rt, s, addr);
    if (!d.local) {
      out.push({ to: addr, origTo: orig, local: false, user: '' });
      return;
    }
    const alias = depth < 10 ? rt.config.aliases.get(d.user) : undefined;
    if (alias && alias.length) {
      for (const target of alias) {
        if (/^[|/:]/.test(target) || target.startsWith('"')) continue;
        const t = target.includes('@') ? target : `${target}${d.domain ? `@${d.domain}` : ''}`;
        if (t.toLowerCase() === addr.toLowerCase()) out.push({ to: addr, origTo: orig, local: true, user: d.user });
        else walk(t, orig ?? addr, depth + 1);
      }
      return;
    }
    out.push({ to: addr, origTo: orig, local: true, user: d.user.replace(/[^a-z0-9._-]/g, '_') || 'nobody' });
  };
  walk(rcpt, undefined, 0);
  return out;
}

let seq = 0;
const madeDirs = new Set<string>();

function ensureDir(dir: string): void {
  if (madeDirs.has(dir)) return;
  mkdirSync(dir, { recursive: true });
  if (madeDirs.size > 10_000) madeDirs.clear();
  madeDirs.add(dir);
}

/**
 * fsync of a folder, shared by every rename that happened before it started (group
 * commit): with many sessions delivering at once, one folder sync covers them all.
 */
const dirSyncs = new Map<string, { running: boolean; waiters: (() => void)[] }>();

function syncDir(dir: string): Promise<void> {
  let st = dirSyncs.get(dir);
  if (!st) {
    st = { running: false, waiters: [] };
    dirSyncs.set(dir, st);
  }
  const state = st;
  return new Promise<void>((resolve) => {
    state.waiters.push(resolve);
    const run = () => {
      if (state.running || !state.waiters.length) return;
      const batch = state.waiters.splice(0);
      state.running = true;
      const done = () => {
        state.running = false;
        for (const w of batch) w();
        if (state.waiters.length) run();
        else dirSyncs.delete(dir);
      };
      fs.open(dir, 'r', (err, fd) => {
        // a file system that cannot fsync a folder: the rename is still atomic
        if (err) return done();
        fs.fsync(fd, () => fs.close(fd, () => done()));
      });
    };
    run();
  });
}

/**
 * Writes a file as Maildir asks (tmp/, then rename into new/) and makes it durable: the
 * file's data fsynced, then its folder. Only the fsyncs leave the main thread (the other
 * calls are short, and each trip through the thread pool costs more than they do); the
 * fsyncs of concurrent sessions overlap there and the journal commits them together.
 */
function writeDurable(final: string, data: Buffer): Promise<void> {
  const dir = dirname(final);
  const tmpDir = join(dirname(dir), 'tmp');
  ensureDir(dir);
  ensureDir(tmpDir);
  const tmp = join(tmpDir, `.${process.pid}.${Date.now()}.${++seq}`);
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'w', 0o600);
  } catch (e) {
    // the learner may have removed the mailbox while the sandbox runs: make it again
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    madeDirs.clear();
    ensureDir(dir);
    ensureDir(tmpDir);
    fd = fs.openSync(tmp, 'w', 0o600);
  }
  try {
    fs.writeSync(fd, data);
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
  return new Promise<void>((resolve, reject) => {
    fs.fdatasync(fd, (err) => {
      try {
        fs.closeSync(fd);
        if (err) throw err;
        try {
          fs.renameSync(tmp, final);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          madeDirs.clear();
          ensureDir(dir);
          fs.renameSync(tmp, final);
        }
      } catch (e) {
        return reject(e);
      }
      syncDir(dir).then(resolve, reject);
    });
  });
}

function toLf(b: Buffer): Buffer {
  return Buffer.from(b.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
}

export async function acceptMessage(rt: Runtime, tx: Transaction, body: Buffer): Promise<{ code: number; text: string }> {
  const started = Date.now();
  const s = tx.session;
  const cfg = rt.config;
  const decisions: Decision[] = [];
  const received = receivedHeader(s, tx.queueId, tx.rcpts);
  let parsed = parseMessage(Buffer.concat([Buffer.from(received, 'latin1'), body]));

  // cleanup adds what a local client left out (local_header_rewrite_clients = permit_inet_interfaces)
  const fromInterface = s.client.addr === '127.0.0.1' || s.client.addr === '::1';
  let messageId = headerValue(parsed.headers, 'Message-ID');
  if (fromInterface) {
    if (!messageId) {
      const d = new Date();
      const stamp = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}${String(d.getHours()).padStart(2, '0')}${String(d.getMinutes()).padStart(2, '0')}${String(d.getSeconds()).padStart(2, '0')}`;
      messageId = `<${stamp}.${tx.queueId}@${s.svc.hostname}>`;
      parsed.headers.push({ name: 'Message-Id', text: `Message-Id: ${messageId}\r\n` });
    }
    if (!headerValue(parsed.headers, 'Date')) parsed.headers.push({ name: 'Date', text: `Date: ${mailDate()}\r\n` });
  }
  const checked = applyChecks(rt, tx, parsed, s.svc.headerChecks, s.svc.bodyChecks, decisions);
  parsed = checked.parsed;
  if (messageId) rt.log.line('postfix/cleanup', `${tx.queueId}: message-id=${messageId}`);
  const base = { session: s.id, from: tx.sender, client: { ...s.client }, helo: s.helo, queueId: tx.queueId };
  if (checked.action?.kind === 'reject') {
    const a = checked.action;
    rt.counts.rejected++;
    rt.emit('reject', { ...base, stage: 'cleanup', code: a.code, enhanced: a.enhanced, text: a.text, to: tx.rcpts[0] ?? '', restriction: 'header_checks/body_checks', decisions });
    return { code: a.code, text: `${a.enhanced} ${a.text}` };
  }
  if (checked.action?.kind === 'discard') {
    rt.emit('discarded', { session: s.id, queueId: tx.queueId, reason: checked.action.text || 'header/body checks DISCARD' });
    rt.emit('stage', { session: s.id, queueId: tx.queueId, stage: 'cleanup', action: 'discard', decisions });
    return { code: 250, text: `2.0.0 Ok: queued as ${tx.queueId}` };
  }
  if (decisions.length) rt.emit('stage', { session: s.id, queueId: tx.queueId, stage: 'cleanup', action: 'continue', decisions });

  // milters and the content filter
  let raw = assemble(parsed);
  let junk = false;
  const msg: MessageIn = {
    session: {
      id: s.id,
      listener: s.listener,
      client: { ...s.client },
      helo: s.helo,
      tls: s.tls ? { protocol: s.tls.protocol, cipher: s.tls.cipher } : undefined,
      sasl: s.sasl ? { ...s.sasl } : undefined,
    },
    envelope: { mailFrom: tx.sender, rcptTo: [...tx.rcpts] },
    queueId: tx.queueId,
    raw,
  };
  for (const stage of stagesFor(rt)) {
    let out: StageOutcome;
    try {
      out = await stage.run({ ...msg, raw }, stageContext(rt));
    } catch (e) {
      rt.log.line('postfix/cleanup', `warning: ${tx.queueId}: stage ${stage.name} failed: ${(e as Error).message}; the message goes on without it`);
      rt.rawEvent({ type: 'error', session: s.id, queueId: tx.queueId, stage: stage.name, error: String((e as Error)?.stack ?? e) });
      continue;
    }
    rt.emit('stage', { session: s.id, queueId: tx.queueId, stage: stage.name, action: out.action, decisions: out.notes ?? [] });
    if (out.action === 'reject') {
      const who = `from ${s.namaddr}: ${out.enhanced} ${out.text}; from=<${tx.sender}> to=<${tx.rcpts[0] ?? ''}> proto=${s.proto}${s.helo ? ` helo=<${s.helo}>` : ''}`;
      rt.log.line('postfix/cleanup', `${tx.queueId}: milter-reject: END-OF-MESSAGE ${who}`);
      rt.counts.rejected++;
      rt.emit('reject', { ...base, stage: stage.name, code: out.code, enhanced: out.enhanced, text: out.text, to: tx.rcpts[0] ?? '', restriction: stage.name, decisions: out.notes ?? [] });
      return { code: out.code, text: `${out.enhanced} ${out.text}` };
    }
    if (out.action === 'discard') {
      rt.log.line('postfix/cleanup', `${tx.queueId}: milter-discard: END-OF-MESSAGE from ${s.namaddr}: milter triggers DISCARD action; from=<${tx.sender}> to=<${tx.rcpts[0] ?? ''}> proto=${s.proto}${s.helo ? ` helo=<${s.helo}>` : ''}`);
      rt.emit('discarded', { session: s.id, queueId: tx.queueId, reason: `${stage.name} discarded the message` });
      return { code: 250, text: `2.0.0 Ok: queued as ${tx.queueId}` };
    }
    if (out.raw) raw = out.raw;
    if (out.action === 'quarantine') junk = true;
  }

  // delivery
  const nrcpt = tx.rcpts.length;
  rt.log.line('postfix/qmgr', `${tx.queueId}: from=<${tx.sender}>, size=${raw.length}, nrcpt=${nrcpt} (queue active)`);
  rt.counts.messages++;
  rt.emit('queued', {
    session: s.id,
    queueId: tx.queueId,
    from: tx.sender,
    to: [...tx.rcpts],
    size: raw.length,
    tls: s.tls ? { protocol: s.tls.protocol, cipher: s.tls.cipher } : null,
    auth: s.sasl ? { ...s.sasl } : null,
    client: { ...s.client },
  });
  const subject = decodeWords(headerValue(parseMessage(raw).headers, 'Subject') ?? '');
  const host = s.svc.hostname.split('.')[0] || 'localhost';
  const lf = toLf(raw);
  let n = 0;
  const jobs: { rel: string; data: Buffer; t: Target; folder: 'inbox' | 'junk' | 'outbox' }[] = [];
  for (const rcpt of tx.rcpts) {
    for (const t of resolveTargets(rt, s, rcpt)) {
      n++;
      const now = Date.now();
      const sec = Math.floor(now / 1000);
      const usec = (now % 1000) * 1000 + (n % 1000);
      let rel: string;
      let folder: 'inbox' | 'junk' | 'outbox';
      let head: string;
      if (t.local) {
        folder = junk ? 'junk' : 'inbox';
        rel = `var/mail/${t.user}/Maildir/${junk ? '.Junk/' : ''}new/${sec}.V${process.pid.toString(16)}I${tx.queueId}${n}M${usec}.${host}`;
        head = `Return-Path: <${tx.sender}>\nX-Original-To: ${t.origTo ?? t.to}\nDelivered-To: ${t.to}\n`;
      } else {
        folder = 'outbox';
        rel = `var/spool/outbox/${tx.queueId}.${n}.eml`;
        head = `Return-Path: <${tx.sender}>\nX-Original-To: ${t.to}\n`;
      }
      jobs.push({ rel, data: Buffer.concat([Buffer.from(head, 'latin1'), lf]), t, folder });
    }
  }
  await Promise.all(
    jobs.map(async ({ rel, data, t }) => {
      await writeDurable(rt.ws.resolve(rel), data);
      if (t.local) for (const sub of ['cur', 'tmp']) ensureDir(rt.ws.resolve(join(dirname(dirname(rel)), sub)));
    }),
  );
  for (const { rel, t, folder } of jobs) {
    const delay = ((Date.now() - started) / 1000).toFixed(2);
    const orig = t.origTo ? `, orig_to=<${t.origTo}>` : '';
    if (t.local) {
      rt.log.line('postfix/local', `${tx.queueId}: to=<${t.to}>${orig}, relay=local, delay=${delay}, delays=${delay}/0/0/0, dsn=2.0.0, status=sent (delivered to maildir${junk ? ' folder .Junk' : ''})`);
    } else {
      rt.log.line('postfix/smtp', `${tx.queueId}: to=<${t.to}>${orig}, relay=none, delay=${delay}, delays=${delay}/0/0/0, dsn=2.0.0, status=sent (captured in ${rel}: the sandbox never relays mail off this machine)`);
    }
    rt.counts.delivered++;
    rt.emit('delivered', { queueId: tx.queueId, session: s.id, to: t.to, folder, path: rel, subject, tls: !!s.tls });
  }
  rt.log.line('postfix/qmgr', `${tx.queueId}: removed`);
  return { code: 250, text: `2.0.0 Ok: queued as ${tx.queueId}` };
}
