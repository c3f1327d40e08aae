/**
 * One SMTP session, speaking as Postfix's smtpd(8) does, on our own small engine:
 * wire.ts reads the socket (command lines, DATA lines, BDAT chunks, one at a time, in
 * order) and this class holds the session's state, the output path, the idle timer, the
 * STARTTLS upgrade and the command loop. The commands live beside it by SMTP phase, as
 * functions of the session: session-greeting.ts (HELO/EHLO, XCLIENT), session-tls.ts
 * (STARTTLS, the handshake's outcome), session-auth.ts (AUTH), session-envelope.ts (MAIL,
 * RCPT, the restriction calls), session-data.ts (DATA, BDAT, end of data) and
 * session-log.ts (the "lost connection" line and the disconnect summary).
 */
import { TLSSocket, type SecureContext } from 'node:tls';
import type { Socket } from 'node:net';
import type { Runtime } from '../runtime.js';
import type { ServiceConfig } from '../config/load.js';
import type { Listener } from '../pipeline.js';
import type { ClientInfo } from '../events.js';
import { matchList } from '../../postfix/cidr.js';
import { param, isYes } from '../../postfix/main-cf.js';
import { SMTPD_COMMANDS, improperPipelining, printable } from '../../postfix/smtpd-protocol.js';
import type { SaslSession } from '../sasl/mechanisms.js';
import type { SessionServer, TlsInfo } from './types.js';
import { cmdHelo, cmdXclient } from './session-greeting.js';
import { cmdStarttls, tlsFailure, tlsUp } from './session-tls.js';
import { cmdAuth, saslContinue } from './session-auth.js';
import { cmdMail, cmdRcpt, cmdVrfy } from './session-envelope.js';
import { cmdBdat, cmdData } from './session-data.js';
import { COMMANDS, sessionEnded } from './session-log.js';
import { anvilRefuses } from './session-anvil.js';
import { SmtpWire, type Step } from './wire.js';
import { bareNewline, errorLimits, isUtf8, rejectBareNewline, sleep, utf8Checked, type ErrorLimits } from './session-limits.js';

export type { TlsInfo };
export { parsePath } from './session-envelope.js';
export { tlsErrorText } from './session-tls.js';

const FORBIDDEN = new Set(['CONNECT', 'GET', 'POST', 'PUT', 'HEAD', 'OPTIONS', 'DELETE', 'TRACE', 'PATCH']);

/** a command handler's result: whether the command counts as a success */
export type Outcome = boolean;

export function clientName(addr: string): string {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1' ? 'localhost' : 'unknown';
}

export class PostfixSession {
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
  /** the distinct recipients accepted, for delivery (cleanup drops duplicates) */
  rcpts: string[] = [];
  /** every RCPT accepted, duplicates included: what smtpd_recipient_limit counts */
  rcptAccepted = 0;
  queueId: string | undefined;
  /** a recipient was tried in this transaction (for "no valid recipients") */
  rcptTried = 0;
  /** an access table said HOLD in this transaction (smtpd logs it once) */
  held = false;
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
  lastReason: string | undefined;
  tlsFailed = false;
  /** a message arriving in BDAT chunks: what came so far, and the error to give at LAST if any */
  chunked: { parts: Buffer[]; kept: number; total: number; error?: string } | undefined;
  /** we are ending the session: nothing more is read */
  closing = false;
  /** the STARTTLS handshake runs: nothing may be written in plaintext */
  upgrading = false;
  private closeTimer: NodeJS.Timeout | undefined;
  /** "improper command pipelining" was logged (once a session, as Postfix does) */
  /** the client pipelined where Postfix does not allow it (reject_unauth_pipelining reads it) */
  illPipelining = false;

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

  /** The session starts: the connection limits, then (smtps) the TLS line, then the banner. */
  begin(rt: Runtime, listener: Listener, addr: string, port: number): void {
    this.rt = rt;
    this.listener = listener;
    this.svc = rt.config.services[listener];
    this.port = port;
    this.client = { addr, name: clientName(addr) };
    this.realClient = { ...this.client };
    this.xclientAllowed = !!matchList(this.svc.xclientHosts, addr, this.client.name);
    rt.counts.connections++;
    rt.counts.active++;
    this.counted = true;
    this.rt.log.line(this.program, `connect from ${this.namaddr}`);
    this.rt.emit('connect', { session: this.id, listener, client: { ...this.client }, port });
    this.listen(this.socket);
    this.wire.attach(this.socket);
    // a client that went away while it waited for a process: smtpd finds it gone
    if (this.socket.destroyed || this.socket.readableEnded) {
      this.onClose();
      return;
    }
    if (anvilRefuses(this, 'connect')) return;
    if ('encrypted' in this.socket) this.onTls(this.socket as TLSSocket);
    this._sendGreeting();
    this.wire.start();
  }

  private readonly closed = () => this.onClose();
  private readonly idle = () => this.onTimeout();

  private listen(socket: Socket): void {
    socket.on('close', this.closed);
    socket.on('error', (e: Error) => this.onError(e));
    socket.on('timeout', this.idle);
    socket.setTimeout(this.rt.limits.timeoutMs);
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

  private onTimeout(): void {
    if (this.closing) {
      this.socket.destroy();
      return;
    }
    // a handler at work (a DNS lookup, the end of data) is not the client being idle
    if (this.wire.working) {
      this.socket.setTimeout(this.rt.limits.timeoutMs);
      return;
    }
    this.lastReason = 'timeout';
    this.reply(421, `4.4.2 ${this.svc.hostname} Error: timeout exceeded`);
  }

  // ---- the command loop ------------------------------------------------------

  /**
   * One command line, then Postfix's error limits: past smtpd_soft_error_limit every reply
   * waits smtpd_error_sleep_time, and at smtpd_hard_error_limit the session ends at once.
   */
  private onLine(raw: Buffer, overlong: boolean, bare: boolean): Step {
    if (this.upgrading || this.ended || this.closing) return;
    const limits = errorLimits(this.svc.cf, this.rt.limits.hardErrors);
    const handle = () => {
      if (this.ended || this.closing) return;
      const step = this.command(raw, overlong, bare);
      return step instanceof Promise ? step.then(() => this.afterCommand(limits)) : this.afterCommand(limits);
    };
    if (this.errorCount >= limits.soft && limits.sleepMs > 0) return sleep(limits.sleepMs).then(handle);
    return handle();
  }

  private afterCommand(limits: ErrorLimits): Step {
    if (this.ended || this.closing || this.errorCount < limits.hard) return;
    const stop = () => {
      if (this.ended || this.closing) return;
      this.lastReason = 'too many errors';
      this.reply(421, `4.7.0 ${this.svc.hostname} Error: too many errors`);
    };
    if (limits.sleepMs > 0) return sleep(limits.sleepMs).then(stop);
    stop();
  }

  private command(raw: Buffer, overlong: boolean, bare: boolean): Step {
    if (this.server.closing) {
      this.reply(421, `4.3.2 ${this.svc.hostname} Service shutting down`);
      return;
    }
    const line = raw.toString('utf8');
    if (overlong) this.rt.log.line(this.program, `warning: ${this.namaddr}: request longer than ${this.lineLimit}: ${printable(raw.subarray(0, 30))}...`);
    if (bare && bareNewline(this) === 'reject') {
      rejectBareNewline(this, this.where);
      this.quitting = true;
      this.close();
      return;
    }
    if (this.exchange) {
      this.rt.emit('command', { session: this.id, line: '********' });
      return saslContinue(this, line.trim()).catch((e) => this.crash(e));
    }
    this.rt.emit('command', { session: this.id, line: this.redact(line) });
    // smtputf8_enable: a command that is not UTF-8 is refused before it is looked up, and not counted
    if (utf8Checked(this.svc.cf) && !isUtf8(raw)) {
      this.reply(500, '5.5.2 Error: bad UTF-8 syntax');
      this.errorCount++;
      return;
    }
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (!words.length) {
      this.reply(500, '5.5.2 Error: bad syntax');
      this.errorCount++;
      return;
    }
    const name = words[0].toLowerCase();
    if (!(COMMANDS as readonly string[]).includes(name) || name === 'xforward') {
      this.where = 'UNKNOWN';
      this.count('unknown', false);
      if (FORBIDDEN.has(words[0]) || /^[^A-Z]/.test(words[0]) || /^[\x21-\x39\x3b-\x7e]+:/.test(words[0])) {
        this.rt.log.line(this.program, `warning: non-SMTP command from ${this.namaddr}: ${line.slice(0, 100)}`);
        this.quitting = true;
        this.reply(221, '2.7.0 Error: I can break rules, too. Goodbye.');
        this.close();
        return;
      }
      this.reply(500, '5.5.2 Error: command not recognized');
      this.errorCount++;
      return;
    }
    if (this.svc.tlsLevel === 'encrypt' && !this.tls && !SMTPD_COMMANDS[name]?.preTls) {
      this.count(name, false);
      this.reply(530, '5.7.0 Must issue a STARTTLS command first');
      this.errorCount++;
      return;
    }
    if (SMTPD_COMMANDS[name]?.last && !this.illPipelining && this.wire.pending().length) {
      this.illPipelining = true;
      this.rt.log.line(this.program, improperPipelining(name.toUpperCase(), this.namaddr, this.wire.pending()));
    }
    this.where = name.toUpperCase();
    const finish = (ok: Outcome) => {
      if (name !== 'data' && name !== 'auth' && name !== 'xclient' && name !== 'bdat') this.count(name, ok);
      if (!ok) this.errorCount++;
      if (SMTPD_COMMANDS[name]?.junk && this.junkCount++ > 100) this.errorCount++;
    };
    let result: Outcome | Promise<Outcome>;
    try {
      result = this.dispatch(name, words, line);
    } catch (e) {
      this.crash(e);
      return;
    }
    if (typeof result === 'boolean') finish(result);
    else return result.then(finish, (e) => this.crash(e));
  }

  /** A bug of ours: logged and answered, never thrown at the socket. */
  crash(e: unknown): void {
    this.rt.log.line(this.program, `warning: internal error in the sandbox: ${(e as Error)?.message ?? e}`);
    this.rt.rawEvent({ type: 'error', session: this.id, error: String((e as Error)?.stack ?? e) });
    if (this.exchange) this.exchange = undefined;
    if (!this.ended) this.reply(451, '4.3.0 Error: internal error in the sandbox (a bug: please report it)');
  }

  private redact(line: string): string {
    const m = /^\s*(AUTH)\s+(\S+)(\s+\S+)?/i.exec(line);
    if (m) return `${m[1]} ${m[2]}${m[3] ? ' ********' : ''}`;
    return line.length > 1000 ? line.slice(0, 1000) + '…' : line;
  }

  count(name: string, ok: boolean): void {
    const s = this.stats.get(name) ?? [0, 0];
    s[1]++;
    if (ok) s[0]++;
    this.stats.set(name, s);
  }

  private dispatch(name: string, words: string[], line: string): Outcome | Promise<Outcome> {
    switch (name) {
      case 'helo':
      case 'ehlo':
        return cmdHelo(this, name === 'ehlo', words);
      case 'xclient':
        return cmdXclient(this, words);
      case 'starttls':
        return cmdStarttls(this, words);
      case 'auth':
        return cmdAuth(this, words);
      case 'mail':
        return cmdMail(this, line);
      case 'rcpt':
        return cmdRcpt(this, line);
      case 'data':
        return cmdData(this, words);
      case 'bdat':
        return cmdBdat(this, words);
      case 'rset':
        if (words.length !== 1) return this.fail(501, '5.5.4 Syntax: RSET');
        this.resetTransaction();
        this.reply(250, '2.0.0 Ok');
        return true;
      case 'noop':
        this.reply(250, '2.0.0 Ok');
        return true;
      case 'vrfy':
        return cmdVrfy(this, words);
      case 'etrn': {
        if (this.sender !== undefined) return this.fail(503, 'Error: MAIL transaction in progress');
        if (words.length !== 2) return this.fail(500, 'Syntax: ETRN domain');
        // no fast_flush_domains here: Postfix refuses every site, and says so in its log
        const site = words[1].replace(/^[@#]/, '');
        this.rt.log.line(this.program, `warning: reject: ETRN ${site.slice(0, 100)}... from ${this.namaddr}`);
        return this.fail(459, `<${site}>: service unavailable`);
      }
      case 'quit':
        this.quitting = true;
        this.reply(221, '2.0.0 Bye');
        this.close();
        return true;
      default:
        return this.fail(500, '5.5.2 Error: command not recognized');
    }
  }

  fail(code: number, text: string): false {
    this.reply(code, text);
    return false;
  }

  resetTransaction(): void {
    this.chunked = undefined;
    this.sender = undefined;
    this.declaredSize = 0;
    this.rcpts = [];
    this.rcptAccepted = 0;
    this.rcptTried = 0;
    this.queueId = undefined;
    this.held = false;
  }

  /** TLS is up (STARTTLS or the smtps listener's implicit handshake). */
  onTls(socket: TLSSocket | Socket): void {
    tlsUp(this, socket);
  }

  /**
   * STARTTLS (the 220 is written): what the client pipelined after it in plaintext is
   * dropped, as Postfix does, and the session goes on on a TLS socket over this one.
   */
  startTls(context: SecureContext): void {
    const raw = this.socket;
    this.wire.detach();
    this.upgrading = true;
    // only the session's own: the listener counts its sessions on the raw socket's close
    raw.removeListener('close', this.closed);
    raw.removeListener('timeout', this.idle);
    raw.setTimeout(0);
    const sock = new TLSSocket(raw, { isServer: true, secureContext: context });
    this.socket = sock;
    this.listen(sock);
    sock.once('_tlsError', (e: Error) => this.onError(e));
    sock.once('secure', () => {
      this.upgrading = false;
      if (this.closing || this.ended) return;
      this.onTls(sock);
      this.wire.attach(sock);
      this.wire.start();
    });
  }

  /** We end the session: the socket is ended, and destroyed if the client does not close its side. */
  close(): void {
    const sock = this.socket;
    if (!sock.destroyed && sock.writable && !this.upgrading) sock.end();
    if (this.closing) return;
    this.closing = true;
    this.wire.close();
    // keep reading (and dropping) so that the client's FIN is seen
    if (!this.upgrading && !sock.destroyed) sock.resume();
    this.closeTimer = setTimeout(() => this.socket.destroy(), Math.min(this.rt?.limits.timeoutMs ?? 5000, 5000));
    this.closeTimer.unref();
  }

  private onClose(): void {
    clearTimeout(this.closeTimer);
    this.wire.close();
    sessionEnded(this);
  }

  /** Socket and TLS errors end the session; they are logged, never thrown. */
  private onError(err: Error & { code?: string }): void {
    if (this.upgrading || /SSL|TLS|handshake/i.test(err.message)) tlsFailure(this, err);
    else if (!this.lastReason) this.lastReason = 'lost connection';
    if (!this.socket.destroyed) this.socket.destroy();
    this.close();
  }
}

