// The SMTP side's shared shapes, so the session, its listener and the queue need not
// import one another: PostfixSession and SandboxSmtpServer fit these.
import type { ServiceConfig } from '../config/load.js';
import type { ClientInfo } from '../events.js';
import type { Listener } from '../types.js';

export interface TlsInfo {
  protocol: string;
  cipher: string;
  bits: number;
  algBits: number;
}

/** What the queue reads of the session a message came in on (a PostfixSession). */
export interface SessionFacts {
  readonly id: string;
  listener: Listener;
  svc: ServiceConfig;
  client: ClientInfo;
  /** the peer of the connection, before any XCLIENT */
  realClient?: ClientInfo;
  helo: string | undefined;
  proto: 'SMTP' | 'ESMTP';
  tls: TlsInfo | undefined;
  sasl: { method: string; username: string } | undefined;
  /** what XFORWARD said of the original client (SOURCE=REMOTE: cleanup adds no header) */
  xforward?: { source?: 'LOCAL' | 'REMOTE' };
  /** "name[addr]", as Postfix logs a client */
  readonly namaddr: string;
}

/** What a session asks of the listener that accepted it (a SandboxSmtpServer). */
export interface SessionServer {
  /** the listener is shutting down */
  readonly closing: boolean;
}
