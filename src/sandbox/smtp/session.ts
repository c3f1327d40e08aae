/**
 * One SMTP session, speaking as Postfix's smtpd(8) does, on our own small engine:
 * wire.ts reads the socket (command lines, DATA lines, BDAT chunks, one at a time, in
 * order); the session's state and output path are session-state.ts's, and this class adds
 * the connection, the idle timer, the STARTTLS upgrade and the command loop. The commands
 * live beside it by SMTP phase, as functions of the session (typed by session-state.ts, so
 * no phase imports this module): session-greeting.ts (HELO/EHLO, XCLIENT), session-tls.ts
 * (STARTTLS, the handshake's outcome), session-auth.ts (AUTH), session-envelope.ts (MAIL,
 * RCPT, the restriction calls), session-data.ts (DATA, BDAT, end of data) and
 * session-log.ts (the "lost connection" line and the disconnect summary).
 */
import { TLSSocket, type SecureContext } from 'node:tls';
import type { Socket } from 'node:net';
import type { Runtime } from '../runtime.js';
import type { Listener } from '../pipeline.js';
import { matchList } from '../../postfix/cidr.js';
import { SMTPD_COMMANDS, commandLine, improperPipelining, nonSmtpCommand, pipeliningImproper, printable } from '../../postfix/smtpd-protocol.js';
import type { TlsInfo } from './types.js';
import { cmdHelo, cmdXclient, cmdXforward } from './session-greeting.js';
import { cmdStarttls, tlsFailure, tlsUp } from './session-tls.js';
import { cmdAuth, saslContinue } from './session-auth.js';
import { cmdMail, cmdRcpt, cmdVrfy } from './session-envelope.js';
import { cmdBdat, cmdData } from './session-data.js';
import { COMMANDS, processStart, redactCommand, sessionEnded } from './session-log.js';
import { chatIn, chatOut } from './notice.js';
import { anvilRefuses } from './session-anvil.js';
import type { Step } from './wire.js';
import { bareNewline, errorLimits, isUtf8, rejectBareNewline, sleep, utf8Checked, type ErrorLimits } from './session-limits.js';

export type { TlsInfo };
export { parsePath } from './session-envelope.js';
export { tlsErrorText } from './session-tls.js';

import { PostfixSession, clientName, type Outcome } from './session-state.js';

export { clientName, PostfixSession, type Outcome };

export class SmtpSession extends PostfixSession {
  private closeTimer: NodeJS.Timeout | undefined;

  protected transcribe(text: string): void {
    chatOut(this, text);
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
    processStart(this);
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
  protected onLine(raw: Buffer, overlong: boolean, bare: boolean): Step {
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
    raw = commandLine(raw);
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
    this.rt.emit('command', { session: this.id, line: redactCommand(line) });
    chatIn(this, redactCommand(line));
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
    if (!(COMMANDS as readonly string[]).includes(name)) {
      this.where = 'UNKNOWN';
      this.count('unknown', false);
      if (nonSmtpCommand(words[0])) {
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
    if (!this.illPipelining && this.wire.pending().length && pipeliningImproper(name, this.proto)) {
      this.illPipelining = true;
      this.rt.log.line(this.program, improperPipelining(name.toUpperCase(), this.namaddr, this.wire.pending()));
    }
    this.where = name.toUpperCase();
    const finish = (ok: Outcome) => {
      if (name !== 'data' && name !== 'auth' && name !== 'xclient' && name !== 'bdat' && this.inFlight !== name) this.count(name, ok);
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

  private dispatch(name: string, words: string[], line: string): Outcome | Promise<Outcome> {
    switch (name) {
      case 'helo':
      case 'ehlo':
        return cmdHelo(this, name === 'ehlo', words);
      case 'xclient':
        return cmdXclient(this, words);
      case 'starttls':
        return cmdStarttls(this, words);
      case 'xforward':
        return cmdXforward(this, words);
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
      this.inFlight = undefined;
      this.count('starttls', true);
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
    // the client went away in the middle of the handshake
    if (this.upgrading && !this.tlsFailed) this.rt.log.line(this.program, `SSL_accept error from ${this.namaddr}: lost connection`);
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

