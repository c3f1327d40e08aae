/**
 * What the listeners of one sandbox share: the current configuration snapshot (swapped
 * whole on reload), the two logs, counters, queue ids and the SASL user database.
 * One per startSandbox() call; nothing global, so many sandboxes can run in a process.
 */
import { statSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import type { Workspace } from '../workspace/workspace.js';
import { EventLog, type EventMap, type EventType, type SandboxEvent } from './events.js';
import { MailLog } from './maillog.js';
import type { SandboxConfig } from './config/load.js';
import type { Resolver } from './pipeline.js';
import { readSaslDb, SASLDB_FILE, type SaslDb } from './sasl/db.js';
import { Anvil } from '../postfix/anvil.js';
import { IdleGc } from './idle-gc.js';

export interface Limits {
  /** smtpd_timeout, ms */
  timeoutMs: number;
  /** overrides smtpd_client_connection_count_limit (tests lower it without writing main.cf) */
  perClient?: number;
  /** longest command line (line_length_limit) */
  lineLength: number;
  /** errors before "421 Error: too many errors" (smtpd_hard_error_limit) */
  hardErrors: number;
  /** Dovecot's auth_failure_delay (2 s): how long a wrong POP3 password waits for its -ERR */
  authFailureDelayMs?: number;
}

export const DEFAULT_LIMITS: Limits = { timeoutMs: 300_000, lineLength: 2048, hardErrors: 20 };

export class Runtime {
  readonly events: EventLog;
  readonly log: MailLog;
  readonly counts: Record<string, number> = {
    connections: 0,
    active: 0,
    messages: 0,
    delivered: 0,
    rejected: 0,
    authOk: 0,
    authFailed: 0,
    tls: 0,
    reloads: 0,
  };
  /** anvil(8): the client counters of every listener */
  readonly anvil = new Anvil();
  /** postscreen's cache: client address → until when it passes without tests (PASS OLD) */
  readonly postscreenPassed = new Map<string, number>();
  /** memory given back when the listeners fall idle */
  readonly idleGc = new IdleGc();
  private saslCache: { mtimeMs: number; size: number; db: SaslDb } | undefined;
  private lastQueueId = '';

  constructor(
    readonly ws: Workspace,
    public config: SandboxConfig,
    readonly resolver: Resolver,
    readonly limits: Limits,
    readonly outsideAddress: string,
  ) {
    this.events = new EventLog(ws);
    this.log = new MailLog(ws);
    this.log.host = config.hostname.split('.')[0] || 'localhost';
  }

  emit<K extends EventType>(type: K, fields: EventMap[K]): void {
    this.events.emit(type, fields);
  }

  rawEvent(e: Omit<SandboxEvent, 'ts'>): void {
    this.events.raw(e);
  }

  /** Everything waiting goes to disk now (the logs are otherwise written at the end of the tick). */
  flush(): void {
    this.events.flush();
    this.log.flush();
  }

  private flushQueued = false;

  /**
   * Written at the end of this turn of the event loop, once for every session that ends in
   * it (a disconnect follows the 221, which was flushed already).
   */
  flushSoon(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  /**
   * Before a reply: what the sandbox decided or did (a reject, a delivery, a log line)
   * is on disk before the client reads the answer; the bare dialogue (commands and
   * replies) may follow a moment later, at the end of the tick.
   */
  flushForReply(code: number): void {
    if (this.events.important || code === 221 || code === 421) this.flush();
  }

  /**
   * A queue id as Postfix makes them without long_queue_ids: the microseconds in 5 hex
   * digits and the inode number of the queue file, 10 to 11 upper-case hex digits.
   */
  queueId(): string {
    for (;;) {
      const usec = (Date.now() % 1000) * 1000 + randomInt(1000);
      const id = (usec.toString(16).toUpperCase().padStart(5, '0') + randomInt(0x1000000, 0x4000000).toString(16).toUpperCase()).slice(0, randomInt(10, 12));
      if (id !== this.lastQueueId) {
        this.lastQueueId = id;
        return id;
      }
    }
  }

  /** The SASL users, re-read when etc/sasldb2.json changes (mailsec sandbox passwd needs no reload). */
  saslDb(): SaslDb {
    let st: { mtimeMs: number; size: number } | undefined;
    try {
      st = statSync(this.ws.resolve(SASLDB_FILE));
    } catch {
      st = undefined;
    }
    if (!st) return { version: 1, users: {} };
    if (!this.saslCache || this.saslCache.mtimeMs !== st.mtimeMs || this.saslCache.size !== st.size) {
      this.saslCache = { mtimeMs: st.mtimeMs, size: st.size, db: readSaslDb(this.ws) };
    }
    return this.saslCache.db;
  }

  close(): void {
    this.idleGc.stop();
    this.events.close();
    this.log.close();
  }
}
