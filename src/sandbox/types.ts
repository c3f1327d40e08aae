import type { Workspace } from '../workspace/workspace.js';
import type { SandboxPorts } from '../util/ports.js';

export type { SandboxPorts } from '../util/ports.js';

/** The SMTP listeners (DNS aside); each one's port is in util/ports.ts. */
export type Listener = 'smtp' | 'submission' | 'smtps' | 'outside';

/** One explained decision (a restriction's, a milter's, a filter's): its shape is Postfix's model's. */
export type { Decision } from '../postfix/smtpd-check.js';

export interface SandboxOptions {
  ws: Workspace;
  /** 127.0.0.1 always; a parameter only so tests can say it */
  host?: string;
  /** 0 = any free port (tests); defaults: DEFAULT_PORTS in util/ports.ts */
  ports?: Partial<SandboxPorts>;
  /** the address the outside listener presents, from a documentation range */
  outsideAddress?: string;
}

/**
 * The IMAP Dovecot: running; waiting (for the certificate of lesson 02); missing (Dovecot is not
 * installed); failed (it would not run: mail.log says why); off (not asked for: grading, tests)
 */
export type ImapState = 'running' | 'waiting' | 'missing' | 'failed' | 'off';

export interface SandboxStatus {
  running: boolean;
  pid?: number;
  host: string;
  ports: SandboxPorts;
  startedAt?: string;
  /** "ok", or the reason the last reload was refused (file, line) while the last good config keeps serving */
  config: { state: 'ok' | 'error'; issues: string[]; loadedAt?: string };
  counts: Record<string, number>;
  /** the IMAP Dovecot, and its master process while it runs */
  imap?: { state: ImapState; pid?: number };
}

/** A running sandbox (in this process). */
export interface SandboxHandle {
  ports: SandboxPorts;
  host: string;
  status(): SandboxStatus;
  /** re-reads every config file; a broken file keeps the last good config and says why */
  reload(): Promise<SandboxStatus['config']>;
  close(): Promise<void>;
}
