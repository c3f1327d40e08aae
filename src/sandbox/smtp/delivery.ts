/**
 * Delivery, as qmgr and local(8) do it: aliases expanded, a Maildir copy (new/, or
 * .Junk/new/ when a stage quarantined the message) for mydestination, the captured
 * outbox for everything else, each copy written and fsynced before the reply; or, for a
 * held message, one copy in the hold queue.
 */
import fs, { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import type { Runtime } from '../runtime.js';
import type { SessionFacts } from './types.js';
import { decodeQueuedWords, headerValue, parseQueuedMessage, type Transaction } from './cleanup.js';
import { param } from '../../postfix/main-cf.js';
import { qualify } from '../../postfix/recipients.js';
import { HOLD_DIR, OUTBOX_DIR } from '../names.js';
import { answerLater, wantsAnswer } from './teacher-answer.js';

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

/**
 * Expands aliases (/etc/aliases) for local recipients, as local(8) does. cleanup qualifies
 * an address without a domain, and an alias's target, with @$myorigin: Postfix logs
 * "to=<alumno@alexdns.local>, orig_to=<root@vm>" for root@vm when root is an alias of alumno.
 */
function resolveTargets(rt: Runtime, s: SessionFacts, rcpt: string): Target[] {
  const out: Target[] = [];
  const myorigin = param(s.svc.cf, 'myorigin').trim().toLowerCase();
  const walk = (addr: string, orig: string | undefined, depth: number) => {
    const d = localDomain(rt, s, addr);
    const to = qualify(addr, myorigin);
    const origTo = orig ?? (to !== addr ? addr : undefined);
    if (!d.local) {
      out.push({ to, origTo, local: false, user: '' });
      return;
    }
    const alias = depth < 10 ? rt.config.aliases.get(d.user) : undefined;
    if (alias && alias.length) {
      for (const target of alias) {
        if (/^[|/:]/.test(target) || target.startsWith('"')) continue;
        const t = qualify(target, myorigin);
        if (t.toLowerCase() === to.toLowerCase()) out.push({ to, origTo, local: true, user: d.user });
        else walk(t, orig ?? addr, depth + 1);
      }
      return;
    }
    out.push({ to, origTo, local: true, user: d.user.replace(/[^a-z0-9._-]/g, '_') || 'nobody' });
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
      // only the fsync goes to the thread pool (its 4 threads also run every message's
      // fdatasync): opening and closing a folder are quick, and each trip there waits its turn
      let fd: number;
      try {
        fd = fs.openSync(dir, 'r');
      } catch {
        // a file system that cannot open a folder: the rename is still atomic
        return done();
      }
      fs.fsync(fd, () => {
        try {
          fs.closeSync(fd);
        } catch {
          // closed already
        }
        done();
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

/**
 * Into the hold queue, where no qmgr picks it up: kept with its envelope, delivered to nobody
 * (on a real server `postqueue -p` lists it with a "!" and `postsuper -H` releases it).
 */
export async function hold(rt: Runtime, tx: Transaction, raw: Buffer): Promise<void> {
  const head = `Return-Path: <${tx.sender}>\nX-Original-To: ${tx.rcpts.join(', ')}\n`;
  await writeDurable(rt.ws.resolve(`${HOLD_DIR}/${tx.queueId}.eml`), Buffer.concat([Buffer.from(head, 'latin1'), toLf(raw)]));
}

/** Delivers the message to every recipient (after the stages; `junk` when one quarantined it). */
export async function deliver(rt: Runtime, tx: Transaction, raw: Buffer, junk: boolean, started: number): Promise<{ code: number; text: string }> {
  const s = tx.session;
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
  const subject = decodeQueuedWords(headerValue(parseQueuedMessage(raw).headers, 'Subject') ?? '');
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
        rel = `${OUTBOX_DIR}/${tx.queueId}.${n}.eml`;
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
  if (jobs.some(({ t }) => !t.local && wantsAnswer(tx, t.to, raw)))
    answerLater(rt, tx, raw, (answerTx, answerRaw) => deliver(rt, answerTx, answerRaw, false, Date.now()));
  return { code: 250, text: `2.0.0 Ok: queued as ${tx.queueId}` };
}
