import { readFileSync, existsSync, statSync, openSync, readSync, closeSync, writeSync, renameSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Workspace } from '../workspace/workspace.js';
import type { Decision, Listener } from './types.js';

/**
 * One line of var/log/events.jsonl: what the sandbox did and why. Checks and watch
 * mode read it; the mail log (var/log/mail.log) is its Postfix-format twin.
 *
 * The shape stays loose (any field) so a reader never breaks on an event it does not
 * know; `EventMap` below documents every event the sandbox writes, and `eventsOf`
 * gives them back typed.
 */
export interface SandboxEvent {
  ts: string;
  type: string;
  session?: string;
  [field: string]: unknown;
}

export interface ClientInfo {
  addr: string;
  name: string;
}

/**
 * Every event the sandbox writes, by type. `session` is the SMTP session id
 * (the same in every event of one connection); `queueId` is Postfix's queue id.
 */
export interface EventMap {
  /** a client connected; `client` is what Postfix logs as name[addr] */
  connect: { session: string; listener: Listener; client: ClientInfo; port: number };
  /** HELO or EHLO accepted */
  helo: { session: string; helo: string; command: 'HELO' | 'EHLO' };
  /** STARTTLS completed, or the implicit TLS handshake of the smtps listener */
  tls: { session: string; protocol: string; cipher: string; bits: number; listener: Listener; starttls: boolean };
  /** a TLS handshake that failed (wrong client, no certificate configured) */
  tlsError: { session?: string; listener: Listener; client: ClientInfo; error: string };
  /** an AUTH exchange ended; `username` is what the client claimed */
  auth: { session: string; mechanism: string; username: string; ok: boolean; tls: boolean; reason?: string };
  /** SPF/DKIM/DMARC verdict on an inbound message (sender authentication, not SASL: see auth); also authres.skip, authres.error */
  authres: { session?: string; queueId?: string; spf?: unknown; dkim?: unknown; dmarc?: unknown; action?: string; reply?: string };
  /** XCLIENT accepted: the session now stands for this client */
  xclient: { session: string; addr: string; name: string; previous: ClientInfo };
  /** one command line from the client, AUTH credentials redacted (only the mechanism is kept) */
  command: { session: string; line: string };
  /** the server's reply to it (all lines of a multi-line reply) */
  reply: { session: string; code: number; lines: string[] };
  /** a restriction list was evaluated (smtpd_*_restrictions), with the reason of every step */
  decision: { session: string; list: string; command: string; result: 'permit' | 'reject' | 'defer' | 'dunno'; decisions: Decision[] };
  /**
   * Postfix refused something: a restriction (stage 'rcpt', 'mail', ...), cleanup's
   * header/body checks (stage 'cleanup'), a milter or the content filter.
   */
  reject: {
    session: string;
    stage: string;
    code: number;
    enhanced: string;
    text: string;
    from: string;
    to: string;
    client: ClientInfo;
    helo?: string;
    restriction?: string;
    decisions: Decision[];
    queueId?: string;
  };
  /** the message was accepted (written and fsynced) and the client got 250 */
  queued: {
    session: string;
    queueId: string;
    from: string;
    to: string[];
    size: number;
    tls: { protocol: string; cipher: string } | null;
    auth: { method: string; username: string } | null;
    client: ClientInfo;
  };
  /** one recipient's copy was delivered: a local Maildir (inbox or Junk) or the captured outbox */
  delivered: {
    queueId: string;
    session: string;
    to: string;
    folder: 'inbox' | 'junk' | 'outbox';
    /** workspace-relative path of the delivered file */
    path: string;
    subject: string;
    tls: boolean;
  };
  /** the message was accepted then dropped (header/body checks DISCARD, a stage that discards) */
  discarded: { session: string; queueId: string; reason: string };
  /** a stage of the pipeline (cleanup, milter, content filter) recorded why it did what it did */
  stage: { session: string; queueId: string; stage: string; action: string; decisions: Decision[] };
  /** postscreen's verdict on a client: allowlisted, pass-old, pass-new, pass-ignored (a test failed with action ignore), enforce, drop */
  postscreen: { listener: Listener; client: { addr: string; port: number }; result: string; failure?: string; rank?: number; pregreet?: boolean };
  /** the client went away; `commands` is Postfix's disconnect summary ("ehlo=1 mail=1 ... commands=5") */
  disconnect: { session: string; commands: string; counts: Record<string, [number, number]>; client: ClientInfo; reason?: string };
  /** configuration loaded (start, reload): ok, or refused with the issues while the last good one keeps serving */
  config: { state: 'ok' | 'error'; issues: string[]; reload: boolean };
  /** the sandbox started or stopped */
  sandbox: { action: 'start' | 'stop'; pid: number; ports: Record<string, number> };
  /**
   * a request to the web server of mta-sts.<domain>; status 0: no TLS (no usable certificate).
   * For the policy: its hash, its mode and the `_mta-sts` id the DNS gave at that moment.
   */
  https: { host: string; path: string; status: number; agent?: string; sha256?: string; mode?: string; stsId?: string; error?: string };
  /** the teacher answered a learner's mail (lessons 11 and 12): encrypted and signed (`answered`), or a note saying why not */
  teacherAnswer: { queueId: string; inReplyTo: string; to: string; kind: string; outcome: string; teacher: string };
  /**
   * A login to the mailboxes (POP3; IMAP through Dovecot): every attempt, and how it ended.
   * `tls`: the connection was encrypted; `user`: the name the client gave ('' if none).
   * A plaintext attempt refused is ok: false, tls: false. POP3 also records a connection that
   * ended without any attempt when it tells something: method '' and the reason (a TLS
   * handshake the client broke off, "TLS handshake failed: …"; a client that stayed in plaintext).
   */
  'mailbox-login': { service: 'pop3' | 'imap'; user: string; method: string; tls: boolean; ok: boolean; reason?: string };
  /** a mailbox session that had logged in ended: the messages the client retrieved whole (RETR, a FETCH of the body) and deleted */
  'mailbox-logout': { service: 'pop3' | 'imap'; user: string; retrieved: number; deleted: number };
  /** an exception nobody expected: a bug in mailsec (or a disk that refused a write), never the learner's doing */
  error: { session?: string; queueId?: string; stage?: string; error: string };
}

export type EventType = keyof EventMap;
export type TypedEvent<K extends EventType> = { ts: string; type: K } & EventMap[K];
export type KnownEvent = { [K in EventType]: TypedEvent<K> }[EventType];

/** The events of one type, typed. */
export function eventsOf<K extends EventType>(events: SandboxEvent[], type: K): TypedEvent<K>[] {
  return events.filter((e) => e.type === type) as unknown as TypedEvent<K>[];
}

export const EVENTS_FILE = 'var/log/events.jsonl';
/** events.jsonl is rotated to events.jsonl.1 past this size (one old file kept) */
export const EVENTS_ROTATE_BYTES = 8 * 1024 * 1024;

/** Logs with lines waiting to be written, in this process. */
const live = new Set<LineLog>();
let exitHook = false;

/** Writes what the sandboxes of this process still hold (a reader in the same process sees everything). */
export function flushPendingLogs(): void {
  for (const l of live) l.flush();
}

/**
 * The last parse of an event log: a workspace's checks read it once per check, and grading
 * a class runs every check of every student, so an unchanged file (same inode, size and mtime) is
 * not parsed again.
 */
let parsed: { file: string; stamp: string; events: SandboxEvent[] } | undefined;

/** Reads the event log; a torn or garbled line is skipped, never fatal. Reads at most the last `maxBytes`. */
export function readEvents(ws: Workspace, maxBytes = 8 * 1024 * 1024): SandboxEvent[] {
  flushPendingLogs();
  const file = ws.resolve(EVENTS_FILE);
  if (!existsSync(file)) return [];
  const st = statSync(file);
  const stamp = `${st.ino}:${st.size}:${st.mtimeMs}:${maxBytes}`;
  // one workspace's log at a time is what a process reads again and again; a copy: a caller may reorder it
  if (parsed?.file === file && parsed.stamp === stamp) return parsed.events.slice();
  parsed = { file, stamp, events: parseEvents(file, st.size, maxBytes) };
  return parsed.events.slice();
}

function parseEvents(file: string, size: number, maxBytes: number): SandboxEvent[] {
  let text: string;
  if (size > maxBytes) {
    const fd = openSync(file, 'r');
    const buf = Buffer.alloc(maxBytes);
    readSync(fd, buf, 0, maxBytes, size - maxBytes);
    closeSync(fd);
    text = buf.toString('utf8');
    text = text.slice(text.indexOf('\n') + 1);
  } else {
    text = readFileSync(file, 'utf8');
  }
  const out: SandboxEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line);
      if (e && typeof e.type === 'string') out.push(e);
    } catch {
      // a line being written while we read
    }
  }
  return out;
}

/**
 * Appends lines to a log file. Lines are gathered for a few milliseconds and written
 * with one write(2) (whole lines only, so a reader never sees half a line), or at once
 * when `flush()` is called: the SMTP server flushes before any reply that follows a
 * decision (a reject, a delivery, an AUTH result) and when a session ends, so a client
 * that got its answer finds them on disk.
 * Rotates to FILE.1 past `rotateBytes`. Never throws: a full disk or a removed folder
 * must not break the SMTP session that is logging.
 */
const FLUSH_MS = 20;

export class LineLog {
  private fd: number | undefined;
  private size = 0;
  private queue: string[] = [];
  private scheduled = false;
  private failed = false;
  private ino = 0;
  private checkedAt = 0;

  constructor(
    readonly file: string,
    private readonly rotateBytes = 0,
  ) {}

  write(text: string): void {
    this.queue.push(text);
    if (!this.scheduled) {
      this.scheduled = true;
      live.add(this);
      if (!exitHook) {
        // lines still waiting when the process ends are written, not lost
        exitHook = true;
        process.once('exit', flushPendingLogs);
      }
      setTimeout(() => this.flush(), FLUSH_MS).unref();
    }
  }

  get pending(): boolean {
    return this.queue.length > 0;
  }

  flush(): void {
    this.scheduled = false;
    live.delete(this);
    if (!this.queue.length) return;
    const buf = Buffer.from(this.queue.length === 1 ? this.queue[0] : this.queue.join(''));
    this.queue = [];
    try {
      this.reopenIfMoved();
      if (this.fd === undefined) this.open();
      if (this.rotateBytes && this.size + buf.length > this.rotateBytes && this.size > 0) this.rotate();
      writeSync(this.fd!, buf);
      this.size += buf.length;
      this.failed = false;
    } catch {
      // lost; the next write reopens (the folder may have been recreated)
      this.close();
      this.failed = true;
    }
  }

  private open(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    this.fd = openSync(this.file, 'a', 0o644);
    try {
      const st = statSync(this.file);
      this.size = st.size;
      this.ino = st.ino;
    } catch {
      this.size = 0;
    }
    this.checkedAt = Date.now();
  }

  /** The file was removed or replaced (a learner cleaning var/log): write to a new one. At most once a second. */
  private reopenIfMoved(): void {
    if (this.fd === undefined || Date.now() - this.checkedAt < 1000) return;
    this.checkedAt = Date.now();
    try {
      if (statSync(this.file).ino === this.ino) return;
    } catch {
      // gone
    }
    this.close();
  }

  private rotate(): void {
    this.close();
    try {
      rmSync(this.file + '.1', { force: true });
      renameSync(this.file, this.file + '.1');
    } catch {
      // another writer rotated first
    }
    this.open();
  }

  get broken(): boolean {
    return this.failed;
  }

  close(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
    }
    this.fd = undefined;
  }
}

/**
 * Events a client's next step may depend on: the reply that follows them waits until
 * they are written. The rest (the dialogue itself, connect, disconnect) is written at
 * the end of the tick, batched with other sessions' lines.
 */
const DECISIVE = new Set(['reject', 'queued', 'delivered', 'discarded', 'auth', 'authres', 'xclient', 'config']);

let isoAt = -1;
let isoText = '';

/** new Date().toISOString(), made once per millisecond (a session writes many events in one) */
function isoNow(): string {
  const now = Date.now();
  if (now !== isoAt) {
    isoAt = now;
    isoText = new Date(now).toISOString();
  }
  return isoText;
}

/** Writes events.jsonl for one workspace. */
export class EventLog {
  private log: LineLog;
  /** something other than the dialogue itself is waiting to be written */
  important = false;
  constructor(ws: Workspace, rotateBytes = EVENTS_ROTATE_BYTES) {
    this.log = new LineLog(ws.resolve(EVENTS_FILE), rotateBytes);
  }

  emit<K extends EventType>(type: K, fields: EventMap[K]): void {
    this.raw({ type, ...fields } as Omit<SandboxEvent, 'ts'>);
  }

  get pending(): boolean {
    return this.log.pending;
  }

  /** for stages that write their own event types */
  raw(e: Omit<SandboxEvent, 'ts'>): void {
    let line: string;
    try {
      // the same line as JSON.stringify({ ts, ...e }), without copying the event
      const body = 'ts' in e ? undefined : JSON.stringify(e);
      line = body && body.length > 2 ? `{"ts":"${isoNow()}",${body.slice(1)}\n` : JSON.stringify({ ts: isoNow(), ...e }) + '\n';
    } catch {
      return;
    }
    if (DECISIVE.has(String(e.type))) this.important = true;
    this.log.write(line);
  }

  flush(): void {
    this.important = false;
    this.log.flush();
  }

  close(): void {
    this.log.flush();
    this.log.close();
  }
}
