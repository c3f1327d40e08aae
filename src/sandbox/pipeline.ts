/**
 * What happens to a message after DATA, as stages, in Postfix's order:
 *   cleanup (header_checks/body_checks, in smtp/) → milters (DKIM/SPF/DMARC, in auth/)
 *   → content_filter (SpamAssassin, in filter/) → delivery (Maildir or captured outbox).
 * A stage can change the message (add headers), refuse it with Postfix's answer, or
 * put it on hold, and records why in `notes` so the UI can explain the decision.
 */
import type { Workspace } from '../workspace/workspace.js';
import type { MainCf } from '../postfix/main-cf.js';
import type { MasterCf } from '../postfix/master-cf.js';
import type { SandboxEvent } from './events.js';
import type { Decision, Listener } from './types.js';

export type { Decision, Listener };

export interface SessionInfo {
  id: string;
  listener: Listener;
  client: { addr: string; name: string };
  helo?: string;
  tls?: { protocol: string; cipher: string };
  sasl?: { method: string; username: string };
}

export interface Envelope {
  mailFrom: string;
  rcptTo: string[];
}

export interface MessageIn {
  session: SessionInfo;
  envelope: Envelope;
  queueId: string;
  raw: Buffer;
}

export type StageOutcome =
  | { action: 'continue'; raw?: Buffer; notes?: Decision[] }
  | { action: 'reject'; code: number; enhanced: string; text: string; notes?: Decision[] }
  | { action: 'discard'; notes?: Decision[] }
  /** kept out of the inbox: delivered to the mailbox's Junk folder (DMARC quarantine, spam) */
  | { action: 'quarantine'; raw?: Buffer; notes?: Decision[] }
  /** a milter's quarantine request (smfi_quarantine): Postfix keeps the message in its hold queue */
  | { action: 'hold'; raw?: Buffer; notes?: Decision[] };

/**
 * DNS as node's dns.promises.resolve answers it (A → string[], TXT → string[][],
 * MX → {exchange, priority}[]); errors carry code ENOTFOUND or ENODATA. mailauth takes it as is.
 */
export type Resolver = (name: string, rrtype: string) => Promise<any>;

export interface StageContext {
  ws: Workspace;
  cfg: MainCf;
  /** master.cf of the same configuration snapshot as cfg (read at start/reload, not at the first message) */
  master?: MasterCf;
  hostname: string;
  resolver: Resolver;
  /** a line for var/log/mail.log, without the date/host prefix ("opendkim[123]: ...") */
  log(line: string): void;
  event(e: Omit<SandboxEvent, 'ts'>): void;
}

export interface MessageStage {
  name: string;
  run(msg: MessageIn, ctx: StageContext): Promise<StageOutcome>;
}
