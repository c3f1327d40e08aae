/**
 * One SMTP session, speaking as Postfix's smtpd(8) does.
 *
 * smtp-server (pinned at exactly 3.21.6) gives the socket handling, the line and DATA
 * parser, STARTTLS and implicit TLS; this subclass replaces its command dispatcher and
 * every command handler so that the replies, the EHLO keywords, the restriction
 * checks, XCLIENT, SASL (with DIGEST-MD5, which smtp-server lacks) and the log lines
 * are Postfix's. Methods and fields starting with "_" belong to smtp-server; the
 * version is pinned so they do not move under us.
 *
 * This class holds the session's state, the output path and the command loop; the
 * commands live beside it by SMTP phase, as functions of the session:
 * session-greeting.ts (HELO/EHLO, XCLIENT), session-tls.ts (STARTTLS, the handshake's
 * outcome), session-auth.ts (AUTH), session-envelope.ts (MAIL, RCPT, the restriction
 * calls), session-data.ts (DATA, BDAT, end of data) and session-log.ts (the "lost
 * connection" line and the disconnect summary).
 *
 * What still reaches into smtp-server's internals, and why (the next step is to own these):
 * - the command loop: _onCommand, _createParser (our SMTPStream callback and the "line
 *   too long" reply), _sendGreeting, _onTimeout, _onClose, _onError, _setListeners,
 *   _whenWritable, _ready, _closing, _upgrading, _server._closeTimeout, because
 *   SMTPConnection has no public hook for replacing its dispatcher or its replies;
 * - _handlerPending, so that its idle timer and pipelining wait for our async handlers;
 * - DATA: parser.startDataMode() and _dataStream, its own dot-unstuffing reader;
 * - BDAT (session-data.ts): the parser's private _dataMode, _feedDataStream and _write,
 *   patched to count chunk bytes, since smtp-server knows no CHUNKING;
 * - STARTTLS (session-tls.ts): _server.secureContext and upgrade(), its TLS upgrade;
 * - HELO/XCLIENT: hostNameAppearsAs and openingCommand, its fields for the session info;
 * - resetTransaction: _resetSession(), to clear its envelope as well as ours.
 */
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';
import { SMTPStream } from 'smtp-server/lib/smtp-stream.js';
import type { TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import type { Runtime } from '../runtime.js';
import type { ServiceConfig } from '../config/load.js';
import type { Listener } from '../pipeline.js';
import type { ClientInfo } from '../events.js';
import { matchList } from '../../postfix/cidr.js';
import { param, isYes } from '../../postfix/main-cf.js';
import type { SaslSession } from '../sasl/mechanisms.js';
import type { SessionServer, TlsInfo } from './types.js';
import { cmdHelo, cmdXclient } from './session-greeting.js';
import { cmdStarttls, tlsFailure, tlsUp } from './session-tls.js';
import { cmdAuth, saslContinue } from './session-auth.js';
import { cmdMail, cmdRcpt } from './session-envelope.js';
import { cmdBdat, cmdData } from './session-data.js';
import { COMMANDS, sessionEnded } from './session-log.js';

export type { TlsInfo };
export { parsePath } from './session-envelope.js';
export { tlsErrorText } from './session-tls.js';

/** allowed before STARTTLS when TLS is required */
const PRE_TLS = new Set(['helo', 'ehlo', 'starttls', 'noop', 'quit', 'xclient']);
/** "junk" commands that may be repeated without delivering mail (smtpd_junk_command_limit) */
const JUNK = new Set(['helo', 'ehlo', 'rset', 'noop', 'vrfy', 'etrn']);
const FORBIDDEN = new Set(['CONNECT', 'GET', 'POST', 'PUT', 'HEAD', 'OPTIONS', 'DELETE', 'TRACE', 'PATCH']);

/** a command handler's result: whether the command counts as a success */
export type Outcome = boolean;

export function clientName(addr: string): string {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1' ? 'localhost' : 'unknown';
}

export class PostfixSession extends SMTPConnection {
  rt!: Runtime;
  listener!: Listener;
  svc!: ServiceConfig;
  client: ClientInfo = { addr: '', name: 'unknown' };
  realClient: ClientInfo = { addr: '', name: 'unknown' };
  port = 0;
  helo: string | undefined;
  proto: 'SMTP' | 'ESMTP' = 'SMTP';
  tls: TlsInfo | undefined;
  sasl: { method: string; username: string } | undefined;
  xclientAllowed = false;
  /** MAIL FROM address; undefined outside a transaction */
  sender: string | undefined;
  declaredSize = 0;
  rcpts: string[] = [];
  queueId: string | undefined;
  /** a recipient was tried in this transaction (for "no valid recipients") */
  rcptTried = 0;
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

  get server(): SessionServer {
    return this._server as unknown as SessionServer;
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

  /** Called by the server instead of init(): no 100 ms "early talker" wait before the banner. */
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
    rt.perClient.set(addr, (rt.perClient.get(addr) ?? 0) + 1);
    this.rt.log.line(this.program, `connect from ${this.namaddr}`);
    this.rt.emit('connect', { session: this.id, listener, client: { ...this.client }, port });
    this._setListeners(() => {
      const n = rt.perClient.get(addr) ?? 0;
      const exempt = !!matchList(this.svc.mynetworks, addr, this.client.name) || this.xclientAllowed;
      if (!exempt && n > rt.limits.perClient) {
        this.rt.log.line(this.program, `warning: Connection concurrency limit exceeded: ${n} from ${this.namaddr} for service ${this.svc.service?.name ?? 'smtp'}`);
        this.reply(421, `4.7.0 ${this.svc.hostname} Error: too many connections from ${addr}`);
        return;
      }
      if (this.server.connections.size > rt.limits.total) {
        this.reply(421, `4.3.2 ${this.svc.hostname} Service temporarily unavailable: too many connections`);
        return;
      }
      this.connectionReady();
    });
  }

  // ---- output ----------------------------------------------------------------

  /** Every reply goes through here: the event, then the logs flushed, then the socket. */
  override send(code: number, data?: string | string[] | null): void {
    const lines = Array.isArray(data) ? data : data ? [data] : [];
    if (this.rt) {
      this.rt.emit('reply', { session: this.id, code, lines: lines.length ? lines : [''] });
      this.rt.flushForReply(code);
    }
    super.send(code, Array.isArray(data) ? data : data ?? undefined, false);
  }

  reply(code: number, text: string): void {
    this.send(code, text);
  }

  override _sendGreeting(): void {
    this.reply(220, this.svc.banner);
  }

  override _createParser(): SMTPStream {
    const parser = new SMTPStream({ maxCommandLength: (this._server.options as { maxCommandLength?: number }).maxCommandLength ?? 2048 });
    parser.oncommand = (command: Buffer, callback: () => void) => this._onCommand(command, callback);
    parser.on('error', () => {
      this.lastReason = 'line too long';
      this.reply(421, `4.7.0 ${this.svc?.hostname ?? 'localhost'} Error: command line too long`);
    });
    return parser;
  }

  override _onTimeout(): void {
    if (this._closing) {
      this._socket.destroy();
      return;
    }
    if (this._handlerPending || (this._dataStream && this._parser && !(this._parser as unknown as { _dataMode: boolean })._dataMode)) {
      this._armTimeout();
      return;
    }
    this.lastReason = 'timeout';
    this.reply(421, `4.4.2 ${this.svc.hostname} Error: timeout exceeded`);
  }

  // ---- the command loop ------------------------------------------------------

  override _onCommand(command: Buffer, callback?: () => void): void {
    const next = callback || (() => false);
    const done = () => this._whenWritable(next);
    if (this._upgrading || this.ended) return done();
    if (!this._ready) return done();
    if (this._server._closeTimeout) {
      this.reply(421, `4.3.2 ${this.svc.hostname} Service shutting down`);
      return;
    }
    const line = command.toString('utf8');
    if (this.exchange) {
      this.rt.emit('command', { session: this.id, line: '********' });
      saslContinue(this, line.trim()).then(done, (e) => this.crash(e, done));
      return;
    }
    this.rt.emit('command', { session: this.id, line: this.redact(line) });
    if (this.errorCount >= this.rt.limits.hardErrors) {
      this.lastReason = 'too many errors';
      this.reply(421, `4.7.0 ${this.svc.hostname} Error: too many errors`);
      return;
    }
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (!words.length) {
      this.reply(500, '5.5.2 Error: bad syntax');
      this.errorCount++;
      return done();
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
      this.reply(502, '5.5.2 Error: command not recognized');
      this.errorCount++;
      return done();
    }
    if (this.svc.tlsLevel === 'encrypt' && !this.tls && !PRE_TLS.has(name)) {
      this.count(name, false);
      this.reply(530, '5.7.0 Must issue a STARTTLS command first');
      this.errorCount++;
      return done();
    }
    this.where = name.toUpperCase();
    this._handlerPending = true;
    const finish = (ok: Outcome) => {
      this._handlerPending = false;
      if (name !== 'data' && name !== 'auth' && name !== 'xclient' && name !== 'bdat') this.count(name, ok);
      if (!ok) this.errorCount++;
      if (JUNK.has(name) && this.junkCount++ > 100) this.errorCount++;
      if (name === 'quit') return;
      done();
    };
    let result: Outcome | Promise<Outcome>;
    try {
      result = this.dispatch(name, words, line);
    } catch (e) {
      this.crash(e, done);
      return;
    }
    if (typeof result === 'boolean') finish(result);
    else result.then(finish, (e) => this.crash(e, done));
  }

  private crash(e: unknown, done: () => void): void {
    this._handlerPending = false;
    this.rt.log.line(this.program, `warning: internal error in the sandbox: ${(e as Error)?.message ?? e}`);
    this.rt.rawEvent({ type: 'error', session: this.id, error: String((e as Error)?.stack ?? e) });
    if (this.exchange) this.exchange = undefined;
    this.reply(451, '4.3.0 Error: internal error in the sandbox (a bug: please report it)');
    done();
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
        if (this.yes('disable_vrfy_command')) return this.fail(502, '5.5.1 VRFY command is disabled');
        if (words.length < 2) return this.fail(501, '5.5.4 Syntax: VRFY address');
        this.reply(252, `2.0.0 ${words.slice(1).join(' ')}`);
        return true;
      case 'etrn':
        if (this.sender !== undefined) return this.fail(503, 'Error: MAIL transaction in progress');
        if (words.length !== 2) return this.fail(500, 'Syntax: ETRN domain');
        this.reply(459, `4.3.0 <${words[1].replace(/^[@#]/, '')}>: service unavailable`);
        return false;
      case 'quit':
        this.quitting = true;
        this.reply(221, '2.0.0 Bye');
        this.close();
        return true;
      default:
        return this.fail(502, '5.5.2 Error: command not recognized');
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
    this.rcptTried = 0;
    this.queueId = undefined;
    this._resetSession();
  }

  /** TLS is up (STARTTLS or the smtps listener's implicit handshake). */
  onTls(socket: TLSSocket | Socket): void {
    tlsUp(this, socket);
  }

  override _onClose(): void {
    super._onClose();
    sessionEnded(this);
  }

  /** Socket and TLS errors end the session; they are logged, never thrown. */
  override _onError(err: Error & { code?: string }): void {
    if (this._upgrading || /SSL|TLS|handshake/i.test(err.message)) tlsFailure(this, err);
    else if (!this.lastReason) this.lastReason = 'lost connection';
    if (!this._socket.destroyed) this._socket.destroy();
    this.close();
  }
}
