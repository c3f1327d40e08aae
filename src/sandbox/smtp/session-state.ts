/**
 * What every SMTP phase of a session works on (session.ts runs the command loop): the
 * session's state, its output path, the error counters and the transaction. The phase
 * modules (session-*.ts) import this, not session.ts, which imports them.
 */
import type { SecureContext } from 'node:tls';
import type { Socket } from 'node:net';
import type { Runtime } from '../runtime.js';
import type { ServiceConfig } from '../config/load.js';
import type { Listener } from '../pipeline.js';
import type { ClientInfo } from '../events.js';
import { param, isYes } from '../../postfix/main-cf.js';
import type { SaslSession } from '../sasl/mechanisms.js';
import type { XforwardAttrs } from '../../postfix/xforward.js';
import type { SessionServer, TlsInfo } from './types.js';
import { SmtpWire, type Step } from './wire.js';

/** a command handler's result: whether the command counts as a success */
export type Outcome = boolean;

export function clientName(addr: string): string {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1' ? 'localhost' : 'unknown';
}

export abstract class PostfixSession {
  rt!: Runtime;
  listener!: Listener;
  svc!: ServiceConfig;
  /** the socket the session talks on: the TLS socket after STARTTLS */
  socket: Socket;
  readonly wire: SmtpWire;
  client: ClientInfo = { addr: '', name: 'unknown' };
  realClient: ClientInfo = { addr: '', name: 'unknown' };
  port = 0;
  helo: string | undefined;
  /** the HELO name and the opening command, as session-greeting.ts records them */
  hostNameAppearsAs: string | false | undefined = false;
  openingCommand = '';
  proto: 'SMTP' | 'ESMTP' = 'SMTP';
  tls: TlsInfo | undefined;
  sasl: { method: string; username: string } | undefined;
  xclientAllowed = false;
  /** the master.cf service anvil counts this connection for (set at connect) */
  anvilService?: string;
  /** MAIL FROM address; undefined outside a transaction */
  sender: string | undefined;
  declaredSize = 0;
  /** the transaction's MAIL asked for SMTPUTF8 */
  smtputf8 = false;
  /** what XFORWARD said of the original client, until the transaction ends */
  xforward: XforwardAttrs | undefined;
  /** the distinct recipients accepted, for delivery (cleanup drops duplicates) */
  rcpts: string[] = [];
  /** every RCPT accepted, duplicates included: what smtpd_recipient_limit counts */
  rcptAccepted = 0;
  queueId: string | undefined;
  /** a recipient was tried in this transaction (for "no valid recipients") */
  rcptTried = 0;
  /** an access table said HOLD in this transaction (smtpd logs it once) */
  held = false;
  /** "improper command pipelining" was seen (logged once a session, as Postfix does; reject_unauth_pipelining reads it) */
  illPipelining = false;
  stats = new Map<string, [number, number]>();
  errorCount = 0;
  junkCount = 0;
  /** Postfix's state->where, for "lost connection after X" */
  where = 'CONNECT';
  exchange: { sasl: SaslSession; mechanism: string } | undefined;
  counted = false;
  quitting = false;
  ended = false;
  dataBytes = 0;
  /** a command still at work on the client's bytes (DATA, BDAT, the STARTTLS handshake): a hang-up now counts it as failed */
  inFlight: 'data' | 'bdat' | 'starttls' | undefined;
  /** what cleanup still logs of a DATA message the client hung up inside */
  abandon: (() => void) | undefined;
  lastReason: string | undefined;
  tlsFailed = false;
  /** a message arriving in BDAT chunks: what came so far, and the error to give at LAST if any */
  chunked: { parts: Buffer[]; kept: number; total: number; error?: string } | undefined;
  /** we are ending the session: nothing more is read */
  closing = false;
  /** the STARTTLS handshake runs: nothing may be written in plaintext */
  upgrading = false;
  /** a server configuration error met (MAIL_ERROR_SOFTWARE), and the transcript the postmaster's notice then holds */
  notice = { software: false, transcript: [] as string[] };

  constructor(
    readonly server: SessionServer,
    socket: Socket,
    readonly id: string,
    readonly remotePort: number,
    readonly lineLimit: number,
  ) {
    this.socket = socket;
    this.wire = new SmtpWire(lineLimit, (line, overlong, bare) => this.onLine(line, overlong, bare));
  }

  get program(): string {
    return this.svc.program;
  }

  /** a yes/no parameter of this service's configuration */
  yes(name: string): boolean {
    return isYes(param(this.svc.cf, name));
  }

  get namaddr(): string {
    return `${this.client.name}[${this.client.addr}]`;
  }

  // ---- output ----------------------------------------------------------------

  /** Every reply goes through here: the event, then the logs flushed, then the socket. */
  send(code: number, data?: string | string[] | null): void {
    const lines = Array.isArray(data) ? data : data ? [data] : [];
    if (this.rt) {
      this.rt.emit('reply', { session: this.id, code, lines: lines.length ? lines : [''] });
      this.rt.flushForReply(code);
    }
    // a reply line never carries a control character: it could split the reply
    // eslint-disable-next-line no-control-regex
    const clean = (l: string) => l.replace(/[\x00-\x1f\x7f]/g, ' ');
    const text = lines.length ? lines.map((l, i) => `${code}${i < lines.length - 1 ? '-' : ' '}${clean(l)}`).join('\r\n') : code === 334 ? '334 ' : String(code);
    this.transcribe(text);
    const sock = this.socket;
    if (!this.upgrading && !sock.destroyed && sock.writable) sock.write(text + '\r\n');
    // a 421 always ends the session, as smtpd does after it
    if (code === 421) this.close();
  }

  reply(code: number, text: string): void {
    this.send(code, text);
  }

  _sendGreeting(): void {
    this.reply(220, this.svc.banner);
  }

  /** A bug of ours: logged and answered, never thrown at the socket. */
  crash(e: unknown): void {
    this.rt.log.line(this.program, `warning: internal error in the sandbox: ${(e as Error)?.message ?? e}`);
    this.rt.rawEvent({ type: 'error', session: this.id, error: String((e as Error)?.stack ?? e) });
    if (this.exchange) this.exchange = undefined;
    if (!this.ended) this.reply(451, '4.3.0 Error: internal error in the sandbox (a bug: please report it)');
  }

  count(name: string, ok: boolean): void {
    const s = this.stats.get(name) ?? [0, 0];
    s[1]++;
    if (ok) s[0]++;
    this.stats.set(name, s);
  }

  fail(code: number, text: string): false {
    this.reply(code, text);
    return false;
  }

  resetTransaction(): void {
    this.chunked = undefined;
    this.xforward = undefined;
    this.sender = undefined;
    this.declaredSize = 0;
    this.rcpts = [];
    this.rcptAccepted = 0;
    this.rcptTried = 0;
    this.queueId = undefined;
    this.held = false;
  }

  /** a reply as the postmaster's notice records it */
  protected abstract transcribe(text: string): void;
  /** one command line from the wire */
  protected abstract onLine(raw: Buffer, overlong: boolean, bare: boolean): Step;
  /** STARTTLS's upgrade of the socket (session.ts) */
  abstract startTls(context: SecureContext): void;
  /** we end the session (session.ts) */
  abstract close(): void;
}
