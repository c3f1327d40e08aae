/**
 * One SMTP session, speaking as Postfix's smtpd(8) does.
 *
 * smtp-server (pinned at exactly 3.21.6) gives the socket handling, the line and DATA
 * parser, STARTTLS and implicit TLS; this subclass replaces its command dispatcher and
 * every command handler so that the replies, the EHLO keywords, the restriction
 * checks, XCLIENT, SASL (with DIGEST-MD5, which smtp-server lacks) and the log lines
 * are Postfix's. Methods and fields starting with "_" belong to smtp-server; the
 * version is pinned so they do not move under us.
 */
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';
import { SMTPStream } from 'smtp-server/lib/smtp-stream.js';
import type { TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import type { Runtime } from '../runtime.js';
import type { ServiceConfig } from '../config/load.js';
import type { Decision, Listener } from '../pipeline.js';
import type { ClientInfo } from '../events.js';
import { matchList } from '../../postfix/cidr.js';
import { param, isYes } from '../../postfix/main-cf.js';
import { checkRecipient, evaluateList, type CheckEnv } from './restrictions.js';
import { rejectLogLine, type Reply } from '../../postfix/restrictions.js';
import { createMechanism, offeredMechanisms, type SaslSession, type SaslStep } from '../sasl/mechanisms.js';
import { rblLookup } from '../dns/rbl.js';
import { acceptMessage, type Transaction } from './queue.js';
import type { SessionServer, TlsInfo } from './types.js';

export type { TlsInfo };

/** Postfix's command table order, which is also the order of the disconnect summary. */
const COMMANDS = ['helo', 'ehlo', 'xclient', 'xforward', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'bdat', 'rset', 'noop', 'vrfy', 'etrn', 'quit'] as const;
/** allowed before STARTTLS when TLS is required */
const PRE_TLS = new Set(['helo', 'ehlo', 'starttls', 'noop', 'quit', 'xclient']);
/** "junk" commands that may be repeated without delivering mail (smtpd_junk_command_limit) */
const JUNK = new Set(['helo', 'ehlo', 'rset', 'noop', 'vrfy', 'etrn']);
const FORBIDDEN = new Set(['CONNECT', 'GET', 'POST', 'PUT', 'HEAD', 'OPTIONS', 'DELETE', 'TRACE', 'PATCH']);

type Outcome = boolean;

function cipherBits(name: string): number {
  if (/CHACHA20|AES_?256|AES256/i.test(name)) return 256;
  if (/AES_?128|AES128/i.test(name)) return 128;
  if (/3DES|DES-CBC3/i.test(name)) return 112;
  return 128;
}

/** OpenSSL's error as Postfix logs it: one line, without the thread id OpenSSL 3 puts first. */
export function tlsErrorText(err: Error): string {
  return (err.message.split('\n')[0] ?? '').replace(/^[0-9A-F]{8,16}:(?=error:)/, '').trim() || 'handshake failed';
}

export function clientName(addr: string): string {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1' ? 'localhost' : 'unknown';
}

/** Postfix's valid_hostname(): labels of letters, digits, '-' and '_', 255 characters at most. */
function validHostname(name: string): boolean {
  return name.length <= 255 && /^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/.test(name) && !/^[0-9.]+$/.test(name);
}

/** Postfix's xtext decoding (RFC 3461): +XX is a hex escape. */
function xtext(v: string): string {
  return v.replace(/\+([0-9A-Fa-f]{2})/g, (_w, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/**
 * The address inside MAIL FROM:<...> / RCPT TO:<...>, as Postfix's extract_addr() is lenient:
 * "FROM:<a@b>", "FROM: <a@b>", "FROM:a@b". Returns undefined for a syntax error.
 */
export function parsePath(rest: string): { addr: string; params: string[] } | undefined {
  const s = rest.trim();
  if (s.startsWith('<')) {
    const end = s.indexOf('>');
    if (end < 0) return undefined;
    let addr = s.slice(1, end).trim();
    // RFC 5321 source route: @a,@b:user@domain
    addr = addr.replace(/^@[^:]*:/, '');
    const params = s
      .slice(end + 1)
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    if (/[<>\s]/.test(addr)) return undefined;
    return { addr, params };
  }
  const [addr, ...params] = s.split(/\s+/);
  if (!addr || /[<>]/.test(addr)) return undefined;
  return { addr, params };
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
  private exchange: { sasl: SaslSession; mechanism: string } | undefined;
  private counted = false;
  private quitting = false;
  private ended = false;
  private dataBytes = 0;
  private lastReason: string | undefined;
  private tlsFailed = false;
  /** a message arriving in BDAT chunks: what came so far, and the error to give at LAST if any */
  private chunked: { parts: Buffer[]; kept: number; total: number; error?: string } | undefined;

  get server(): SessionServer {
    return this._server as unknown as SessionServer;
  }

  get program(): string {
    return this.svc.program;
  }

  /** a yes/no parameter of this service's configuration */
  private yes(name: string): boolean {
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
      this.saslContinue(line.trim()).then(done, (e) => this.crash(e, done));
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
        return this.cmdHelo(name === 'ehlo', words);
      case 'xclient':
        return this.cmdXclient(words);
      case 'starttls':
        return this.cmdStarttls(words);
      case 'auth':
        return this.cmdAuth(words);
      case 'mail':
        return this.cmdMail(line);
      case 'rcpt':
        return this.cmdRcpt(line);
      case 'data':
        return this.cmdData(words);
      case 'bdat':
        return this.cmdBdat(words);
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

  private fail(code: number, text: string): false {
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

  // ---- HELO / EHLO -----------------------------------------------------------

  private saslActive(): boolean {
    return this.svc.saslEnable && (!!this.tls || !this.svc.tlsAuthOnly);
  }

  mechanisms(): string[] {
    return offeredMechanisms(this.tls ? this.svc.saslTlsOptions : this.svc.saslOptions);
  }

  private cmdHelo(extended: boolean, words: string[]): Outcome {
    if (words.length < 2) return this.fail(501, `Syntax: ${extended ? 'EHLO' : 'HELO'} hostname`);
    const name = words.slice(1).join(' ');
    this.resetTransaction();
    this.helo = name.replace(/[^\x21-\x7e ]/g, '?').slice(0, 255);
    this.proto = extended ? 'ESMTP' : 'SMTP';
    this.hostNameAppearsAs = this.helo;
    this.openingCommand = extended ? 'EHLO' : 'HELO';
    this.rt.emit('helo', { session: this.id, helo: this.helo, command: extended ? 'EHLO' : 'HELO' });
    if (!extended) {
      this.reply(250, this.svc.hostname);
      return true;
    }
    const discard = new Set(
      param(this.svc.cf, 'smtpd_discard_ehlo_keywords')
        .toUpperCase()
        .split(/[\s,]+/)
        .filter(Boolean),
    );
    const lines = [this.svc.hostname, 'PIPELINING'];
    lines.push(this.svc.messageSizeLimit > 0 ? `SIZE ${this.svc.messageSizeLimit}` : 'SIZE');
    if (!this.yes('disable_vrfy_command')) lines.push('VRFY');
    lines.push('ETRN');
    if (this.svc.tlsLevel !== 'none' && this.svc.tls && !this.tls) lines.push('STARTTLS');
    if (this.saslActive()) {
      const mechs = this.mechanisms();
      if (mechs.length) {
        lines.push(`AUTH ${mechs.join(' ')}`);
        if (this.yes('broken_sasl_auth_clients')) lines.push(`AUTH=${mechs.join(' ')}`);
      }
    }
    if (this.xclientAllowed) lines.push('XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT');
    lines.push('ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING');
    const shown = lines.filter((l, i) => i === 0 || !discard.has(l.split(/[\s=]/)[0]));
    this.send(250, shown);
    return true;
  }

  // ---- XCLIENT ---------------------------------------------------------------

  private cmdXclient(words: string[]): Outcome {
    const fail = (code: number, text: string) => {
      this.count('xclient', false);
      return this.fail(code, text);
    };
    if (this.sender !== undefined) return fail(503, '5.5.1 Error: MAIL transaction in progress');
    if (words.length < 2) return fail(501, '5.5.4 Syntax: XCLIENT attribute=value...');
    if (!this.xclientAllowed) return fail(550, '5.7.0 Error: insufficient authorization');
    const next = { ...this.client };
    let helo: string | undefined;
    let gotHelo = false;
    let proto: 'SMTP' | 'ESMTP' | undefined;
    let login: string | undefined;
    for (const w of words.slice(1)) {
      const eq = w.indexOf('=');
      if (eq <= 0 || eq === w.length - 1) return fail(501, '5.5.4 Error: attribute=value expected');
      const attr = w.slice(0, eq).toUpperCase();
      const raw = w.slice(eq + 1);
      if (raw.length > 255) return fail(501, '5.5.4 Error: attribute value too long');
      // eslint-disable-next-line no-control-regex
      const value = xtext(raw).replace(/[\x00-\x1f\x7f]/g, '?');
      const unavailable = /^\[(UNAVAILABLE|TEMPUNAVAIL)\]$/i.test(value);
      switch (attr) {
        case 'NAME':
        case 'REVERSE_NAME':
          if (unavailable) {
            if (attr === 'NAME') next.name = 'unknown';
          } else if (!validHostname(value)) return fail(501, `5.5.4 Bad ${attr} syntax: ${value}`);
          else if (attr === 'NAME') next.name = value.toLowerCase();
          break;
        case 'ADDR': {
          if (unavailable) {
            next.addr = 'unknown';
            break;
          }
          const bare = value.replace(/^ipv6:/i, '');
          if (!/^(\d{1,3}\.){3}\d{1,3}$/.test(bare) && !/^[0-9a-f:.]+$/i.test(bare)) return fail(501, `5.5.4 Bad ADDR syntax: ${value}`);
          if (/^(\d{1,3}\.){3}\d{1,3}$/.test(bare) && bare.split('.').some((o) => Number(o) > 255)) return fail(501, `5.5.4 Bad ADDR syntax: ${value}`);
          next.addr = bare.toLowerCase();
          break;
        }
        case 'PORT':
          if (!unavailable && (!/^\d{1,5}$/.test(value) || Number(value) > 65535)) return fail(501, `5.5.4 Bad PORT syntax: ${value}`);
          break;
        case 'HELO':
          if (!unavailable && value.length > 255) return fail(501, `5.5.4 Bad HELO syntax: ${value}`);
          helo = unavailable ? undefined : value.replace(/[<>()\\";@]/g, '?');
          gotHelo = true;
          break;
        case 'PROTO':
          if (!/^e?smtp$/i.test(value)) return fail(501, `5.5.4 Bad PROTO syntax: ${value}`);
          proto = value.toUpperCase() as 'SMTP' | 'ESMTP';
          break;
        case 'LOGIN':
          if (!unavailable) login = value;
          break;
        case 'DESTADDR':
        case 'DESTPORT':
          break;
        default:
          return fail(501, `5.5.4 Bad XCLIENT attribute name: ${attr}`);
      }
    }
    const previous = { ...this.client };
    this.client = next;
    this.xclientAllowed = !!matchList(this.svc.xclientHosts, next.addr, next.name);
    this.helo = gotHelo ? helo : undefined;
    this.hostNameAppearsAs = this.helo ?? false;
    this.proto = proto ?? 'SMTP';
    this.sasl = login ? { method: 'XCLIENT', username: login } : undefined;
    this.resetTransaction();
    this.rt.emit('xclient', { session: this.id, addr: next.addr, name: next.name, previous });
    // Postfix goes back to the greeting with a longjmp, so the command itself is never counted as a success
    this.count('xclient', false);
    this.where = 'CONNECT';
    this._sendGreeting();
    return true;
  }

  // ---- STARTTLS --------------------------------------------------------------

  private cmdStarttls(words: string[]): Outcome {
    if (words.length !== 1) return this.fail(501, '5.5.4 Syntax: STARTTLS');
    if (this.tls) return this.fail(554, '5.5.1 Error: TLS already active');
    if (this.svc.tlsLevel === 'none') return this.fail(502, '5.5.1 Error: command not implemented');
    const ctx = this.svc.tls?.context;
    if (!ctx) return this.fail(454, '4.7.0 TLS not available due to local problem');
    this._server.secureContext.set('*', ctx);
    this.reply(220, '2.0.0 Ready to start TLS');
    this.helo = undefined;
    this.sasl = undefined;
    this.proto = 'SMTP';
    this.resetTransaction();
    // upgrade() retires the current parser (anything pipelined after STARTTLS in
    // plaintext is dropped) and reads the TLS session with a new one
    this.upgrade(() => undefined);
    return true;
  }

  /** TLS is up (STARTTLS or the smtps listener's implicit handshake). */
  onTls(socket: TLSSocket | Socket): void {
    const s = socket as TLSSocket;
    const c = typeof s.getCipher === 'function' ? s.getCipher() : undefined;
    const protocol = (typeof s.getProtocol === 'function' ? s.getProtocol() : null) ?? 'TLS';
    const cipher = c?.standardName && protocol === 'TLSv1.3' ? c.standardName : (c?.name ?? 'unknown');
    const bits = cipherBits(cipher);
    this.tls = { protocol, cipher, bits, algBits: bits };
    this.rt.counts.tls++;
    this.rt.emit('tls', { session: this.id, protocol, cipher, bits, listener: this.listener, starttls: !this.svc.wrapper });
    if (this.svc.tlsLogLevel >= 1) {
      const sig = this.svc.tls ? ` key-exchange X25519 server-signature ${this.svc.tls.signature}` : '';
      this.rt.log.line(this.program, `Anonymous TLS connection established from ${this.namaddr}: ${protocol} with cipher ${cipher} (${bits}/${bits} bits)${sig}`);
    }
  }

  /** The TLS handshake failed: Postfix logs it and the session is over. */
  onTlsError(err: Error): void {
    if (this.tlsFailed) return;
    this.tlsFailed = true;
    this.lastReason = 'lost connection';
    const why = tlsErrorText(err);
    this.rt.log.line(this.program, `SSL_accept error from ${this.namaddr}: -1`);
    this.rt.log.line(this.program, `warning: TLS library problem: ${why}`);
    this.rt.emit('tlsError', { session: this.id, listener: this.listener, client: { ...this.client }, error: why });
  }

  // ---- AUTH ------------------------------------------------------------------

  private cmdAuth(words: string[]): Outcome | Promise<Outcome> {
    const fail = (code: number, text: string) => {
      this.count('auth', false);
      return this.fail(code, text);
    };
    if (!this.saslActive()) return fail(503, '5.5.1 Error: authentication not enabled');
    if (this.sasl) return fail(503, '5.5.1 Error: already authenticated');
    if (this.sender !== undefined) return fail(503, '5.5.1 Error: MAIL transaction in progress');
    if (words.length < 2 || words.length > 3) return fail(501, '5.5.4 Syntax: AUTH mechanism');
    const mech = words[1].toUpperCase();
    const initial = words[2];
    if (!this.mechanisms().includes(mech)) {
      return this.saslDone(mech, { kind: 'failure', reason: 'Invalid authentication mechanism', detail: `${mech} is not offered here (${this.mechanisms().join(' ') || 'no mechanism'})` });
    }
    const sasl = createMechanism(mech, {
      hostname: this.svc.hostname,
      realm: param(this.svc.cf, 'smtpd_sasl_local_domain').trim() || this.svc.hostname,
      db: () => this.rt.saslDb(),
    })!;
    this.exchange = { sasl, mechanism: mech };
    return sasl.start(initial).then((step) => this.saslStep(mech, step));
  }

  private async saslContinue(line: string): Promise<void> {
    const ex = this.exchange!;
    if (line === '*') {
      this.exchange = undefined;
      this.rt.log.line(this.program, `warning: ${this.namaddr}: SASL ${ex.mechanism} authentication aborted`);
      this.rt.emit('auth', { session: this.id, mechanism: ex.mechanism, username: '', ok: false, tls: !!this.tls, reason: 'aborted by the client' });
      this.count('auth', false);
      this.errorCount++;
      this.reply(501, '5.7.0 Authentication aborted');
      return;
    }
    const step = await ex.sasl.step(line);
    const ok = this.saslStep(ex.mechanism, step);
    if (step.kind !== 'challenge' && !ok) this.errorCount++;
  }

  /** Sends a challenge (and waits for the answer) or ends the exchange. */
  private saslStep(mech: string, step: SaslStep): Outcome {
    if (step.kind === 'challenge') {
      this.send(334, step.data === '' ? '' : step.data);
      return true;
    }
    return this.saslDone(mech, step);
  }

  private saslDone(mech: string, step: SaslStep): Outcome {
    this.exchange = undefined;
    if (step.kind === 'success') {
      this.sasl = { method: mech, username: step.username };
      this.rt.counts.authOk++;
      this.count('auth', true);
      this.rt.emit('auth', { session: this.id, mechanism: mech, username: step.username, ok: true, tls: !!this.tls });
      this.reply(235, '2.7.0 Authentication successful');
      return true;
    }
    if (step.kind === 'failure') {
      this.rt.counts.authFailed++;
      this.count('auth', false);
      this.rt.log.line(this.program, `warning: ${this.namaddr}: SASL ${mech} authentication failed: ${step.reason}, sasl_username=${step.username ?? '(unavailable)'}`);
      this.rt.emit('auth', { session: this.id, mechanism: mech, username: step.username ?? '', ok: false, tls: !!this.tls, reason: step.detail });
      this.reply(535, `5.7.8 Error: authentication failed: ${step.reason}`);
    }
    return false;
  }

  // ---- MAIL / RCPT -----------------------------------------------------------

  /** Postfix's log_whatsup(): the reject line and the event. */
  logReject(stage: string, reply: Reply, opts: { to?: string; restriction?: string; decisions?: Decision[] } = {}): void {
    this.rt.log.line(this.program, rejectLogLine({ queueId: this.queueId, stage, namaddr: this.namaddr, reply, sender: this.sender, to: opts.to, proto: this.proto, helo: this.helo }));
    this.rt.counts.rejected++;
    this.rt.emit('reject', {
      session: this.id,
      stage: stage.toLowerCase(),
      code: reply.code,
      enhanced: reply.enhanced,
      text: reply.text,
      from: this.sender ?? '',
      to: opts.to ?? '',
      client: { ...this.client },
      helo: this.helo,
      restriction: opts.restriction,
      decisions: opts.decisions ?? [],
      queueId: this.queueId,
    });
  }

  private cmdMail(line: string): Outcome {
    const m = /^\s*MAIL\s+FROM\s*:(.*)$/is.exec(line);
    if (!m) return this.fail(501, '5.5.4 Syntax: MAIL FROM:<address>');
    if (this.yes('smtpd_helo_required') && !this.helo) return this.fail(503, '5.5.1 Error: send HELO/EHLO first');
    if (this.sender !== undefined) return this.fail(503, '5.5.1 Error: nested MAIL command');
    const p = parsePath(m[1]);
    if (!p || p.addr.length > 2048) return this.fail(501, '5.1.7 Bad sender address syntax');
    let size = 0;
    for (const param of p.params) {
      const [k, ...vs] = param.split('=');
      const key = k.toUpperCase();
      const v = vs.join('=');
      if (key === 'SIZE') {
        if (!/^\d{1,20}$/.test(v)) return this.fail(501, '5.5.4 Bad message size syntax');
        size = Number(v);
      } else if (key === 'BODY') {
        if (!/^(7BIT|8BITMIME)$/i.test(v)) return this.fail(501, '5.5.4 Unsupported BODY parameter');
      } else if (key === 'SMTPUTF8' || key === 'RET' || key === 'ENVID' || key === 'AUTH') {
        // accepted
      } else {
        return this.fail(555, `5.5.4 Unsupported option: ${param}`);
      }
    }
    if (this.svc.messageSizeLimit > 0 && size > this.svc.messageSizeLimit) {
      const reply = { code: 552, enhanced: '5.3.4', text: 'Message size exceeds fixed limit' };
      this.logReject('MAIL', reply, {});
      return this.fail(552, '5.3.4 Message size exceeds fixed limit');
    }
    this.sender = p.addr;
    this.chunked = undefined;
    this.declaredSize = size;
    this.rcpts = [];
    this.reply(250, '2.1.0 Ok');
    return true;
  }

  checkEnv(): CheckEnv {
    const svc = this.svc;
    return {
      mynetworks: svc.mynetworks,
      mynetworksText: svc.mynetworksText,
      mydestination: svc.mydestination,
      relayDomains: svc.relayDomains,
      myhostname: svc.hostname,
      table: (spec) => this.rt.config.tables.get(spec),
      rbl: (list, addr) => rblLookup(this.rt.resolver, addr, list),
    };
  }

  private async cmdRcpt(line: string): Promise<Outcome> {
    if (this.sender === undefined) return this.fail(503, '5.5.1 Error: need MAIL command');
    const m = /^\s*RCPT\s+TO\s*:(.*)$/is.exec(line);
    if (!m) return this.fail(501, '5.5.4 Syntax: RCPT TO:<address>');
    const p = parsePath(m[1]);
    if (!p || !p.addr || p.addr.length > 2048) return this.fail(501, '5.1.3 Bad recipient address syntax');
    for (const param of p.params) {
      const key = param.split('=')[0].toUpperCase();
      if (key !== 'NOTIFY' && key !== 'ORCPT') return this.fail(555, `5.5.4 Unsupported option: ${param}`);
    }
    if (this.rcpts.length >= this.rt.limits.recipients) return this.fail(452, '4.5.3 Error: too many recipients');
    this.rcptTried++;
    const result = await checkRecipient(
      this.svc.lists,
      { client: this.client, helo: this.helo, sender: this.sender, recipient: p.addr, sasl: this.sasl, rcptCount: this.rcpts.length },
      this.checkEnv(),
    );
    if (this.ended) return false;
    this.rt.emit('decision', {
      session: this.id,
      list: result.list ?? 'smtpd_recipient_restrictions',
      command: 'RCPT',
      result: result.result,
      decisions: result.decisions,
    });
    if (result.reply && (result.result === 'reject' || result.result === 'defer')) {
      this.logReject('RCPT', result.reply, { to: p.addr, restriction: result.restriction, decisions: result.decisions });
      return this.fail(result.reply.code, `${result.reply.enhanced} ${result.reply.text}`);
    }
    if (!this.queueId) {
      this.queueId = this.rt.queueId();
      const sasl = this.sasl ? `, sasl_method=${this.sasl.method}, sasl_username=${this.sasl.username}` : '';
      this.rt.log.line(this.program, `${this.queueId}: client=${this.namaddr}${sasl}`);
    }
    if (!this.rcpts.some((r) => r.toLowerCase() === p.addr.toLowerCase())) this.rcpts.push(p.addr);
    this.reply(250, '2.1.5 Ok');
    return true;
  }

  // ---- DATA ------------------------------------------------------------------

  private cmdData(words: string[]): Outcome | Promise<Outcome> {
    const fail = (code: number, text: string) => {
      this.count('data', false);
      return this.fail(code, text);
    };
    if (!this.rcpts.length) {
      if (this.sender === undefined || !this.rcptTried) return fail(503, '5.5.1 Error: need RCPT command');
      return fail(554, '5.5.1 Error: no valid recipients');
    }
    if (words.length !== 1) return fail(501, '5.5.4 Syntax: DATA');
    const data = this.svc.lists.smtpd_data_restrictions;
    if (!data.length) return this.startData();
    return evaluateList('smtpd_data_restrictions', data, { client: this.client, helo: this.helo, sender: this.sender, recipient: this.rcpts.at(-1), sasl: this.sasl, rcptCount: this.rcpts.length }, this.checkEnv()).then((r) => {
      if (this.ended) return false;
      this.rt.emit('decision', { session: this.id, list: 'smtpd_data_restrictions', command: 'DATA', result: r.result, decisions: r.decisions });
      if (r.reply && (r.result === 'reject' || r.result === 'defer')) {
        this.logReject('DATA', r.reply, { to: this.rcpts.at(-1), restriction: r.restriction, decisions: r.decisions });
        return fail(r.reply.code, `${r.reply.enhanced} ${r.reply.text}`);
      }
      return this.startData();
    });
  }

  private startData(): Outcome {
    const parser = this._parser;
    if (!parser) return true;
    const limit = this.svc.messageSizeLimit;
    const stream = parser.startDataMode();
    this._dataStream = stream;
    this.where = 'DATA';
    const chunks: Buffer[] = [];
    let kept = 0;
    let total = 0;
    stream.on('data', (c: Buffer) => {
      total += c.length;
      this.dataBytes = total;
      // past the limit the rest is read and dropped, as Postfix does, to answer after the dot
      if (limit > 0 && kept + c.length > limit) return;
      chunks.push(c);
      kept += c.length;
    });
    // a client that goes away in the middle of DATA destroys the stream with an error
    stream.on('error', () => undefined);
    stream.once('end', () => {
      this._dataStream = false;
      this.where = 'END-OF-MESSAGE';
      this._handlerPending = true;
      this.endOfData(Buffer.concat(chunks, kept), total)
        .catch((e) => {
          this.rt.log.line(this.program, `warning: internal error in the sandbox: ${(e as Error)?.message ?? e}`);
          this.rt.rawEvent({ type: 'error', session: this.id, error: String((e as Error)?.stack ?? e) });
          if (!this.ended) this.reply(451, '4.3.0 Error: internal error in the sandbox (a bug: please report it)');
          return false;
        })
        .then((ok) => {
          this._handlerPending = false;
          this.count('data', ok);
          if (!ok) this.errorCount++;
          this.dataBytes = 0;
          // the parser waits for continue() before it reads what the client pipelined after the dot
          if (this._parser) (this._parser as SMTPStream).continue();
        });
    });
    this.reply(354, 'End data with <CR><LF>.<CR><LF>');
    return true;
  }

  /**
   * BDAT (RFC 3030 CHUNKING): the next `count` bytes after the command line are message
   * data, read as they are (no dot-stuffing). The parser is switched into a byte-counting
   * mode for them; a chunk is always read whole, even when it is refused, so the client
   * and the server stay in step.
   */
  private cmdBdat(words: string[]): Outcome {
    const fail = (code: number, text: string) => {
      this.count('bdat', false);
      return this.fail(code, text);
    };
    if (words.length < 2 || words.length > 3 || !/^\d{1,12}$/.test(words[1]) || (words.length === 3 && words[2].toUpperCase() !== 'LAST')) {
      // there is no way to find the end of a chunk of unknown size: Postfix hangs up
      this.rt.log.line(this.program, `warning: ${this.queueId ?? 'NOQUEUE'}: malformed BDAT command syntax from ${this.namaddr}: ${words.join(' ').slice(0, 100)}`);
      this.count('bdat', false);
      this.quitting = true;
      this.reply(521, '5.5.4 Syntax: BDAT count [LAST]');
      this.close();
      return false;
    }
    const parser = this._parser as SMTPStream | false;
    if (!parser) return false;
    const size = Number(words[1]);
    const last = words.length === 3;
    const limit = this.svc.messageSizeLimit;
    let error: string | undefined;
    if (!this.rcpts.length) error = this.sender === undefined || !this.rcptTried ? '503 5.5.1 Error: need RCPT command' : '554 5.5.1 Error: no valid recipients';
    if (!this.chunked) this.chunked = { parts: [], kept: 0, total: 0 };
    const chunked = this.chunked;
    if (error) chunked.error ??= error;
    this.where = 'BDAT';
    const p = parser as unknown as { _dataMode: boolean; _feedDataStream: (c: Buffer, done: () => void) => void; _write: (c: Buffer, e: string, done: () => void) => void };
    let need = size;
    const take = (c: Buffer) => {
      chunked.total += c.length;
      if (chunked.error || (limit > 0 && chunked.kept + c.length > limit)) return;
      chunked.parts.push(c);
      chunked.kept += c.length;
    };
    const finishChunk = (after: () => void) => {
      this._handlerPending = true;
      this.bdatChunk(size, last)
        .catch((e) => {
          this.rt.log.line(this.program, `warning: internal error in the sandbox: ${(e as Error)?.message ?? e}`);
          if (!this.ended) this.reply(451, '4.3.0 Error: internal error in the sandbox (a bug: please report it)');
          return false;
        })
        .then((ok) => {
          this._handlerPending = false;
          this.count('bdat', ok);
          if (!ok) this.errorCount++;
          after();
        });
    };
    if (size === 0) {
      finishChunk(() => undefined);
      return true;
    }
    p._dataMode = true;
    p._feedDataStream = (chunk: Buffer, done: () => void) => {
      const n = Math.min(need, chunk.length);
      if (n) take(chunk.subarray(0, n));
      need -= n;
      this.dataBytes = chunked.total;
      if (need > 0) return done();
      // the chunk is complete: back to commands once it is answered
      p._dataMode = false;
      delete (p as { _feedDataStream?: unknown })._feedDataStream;
      const rest = chunk.subarray(n);
      finishChunk(() => (rest.length && this._parser ? p._write(rest, 'buffer', done) : done()));
    };
    return true;
  }

  private async bdatChunk(size: number, last: boolean): Promise<Outcome> {
    const chunked = this.chunked!;
    if (chunked.error) {
      const [code, ...rest] = chunked.error.split(' ');
      if (last || this.sender === undefined) this.resetTransaction();
      this.reply(Number(code), rest.join(' '));
      return false;
    }
    if (!last) {
      this.reply(250, `2.0.0 Ok: ${size} bytes`);
      return true;
    }
    this.where = 'END-OF-MESSAGE';
    const ok = await this.endOfData(Buffer.concat(chunked.parts, chunked.kept), chunked.total);
    this.dataBytes = 0;
    return ok;
  }

  private async endOfData(body: Buffer, total: number): Promise<Outcome> {
    const limit = this.svc.messageSizeLimit;
    const tx: Transaction = {
      queueId: this.queueId ?? this.rt.queueId(),
      sender: this.sender ?? '',
      rcpts: [...this.rcpts],
      session: this,
    };
    if (limit > 0 && total > limit) {
      this.rt.log.line(this.program, `warning: ${tx.queueId}: queue file size limit exceeded`);
      this.resetTransaction();
      this.reply(552, '5.3.4 Error: message file too big');
      return false;
    }
    let reply: { code: number; text: string };
    try {
      reply = await acceptMessage(this.rt, tx, body);
    } catch (e) {
      this.rt.log.line('postfix/cleanup', `warning: ${tx.queueId}: ${(e as Error).message}`);
      this.rt.rawEvent({ type: 'error', session: this.id, error: String((e as Error)?.stack ?? e) });
      reply = { code: 451, text: '4.3.0 Error: queue file write error' };
    }
    this.resetTransaction();
    if (this.ended) return reply.code < 400;
    this.reply(reply.code, reply.text);
    if (reply.code < 400) {
      this.errorCount = 0;
      this.junkCount = 0;
    }
    return reply.code < 400;
  }

  // ---- the end ---------------------------------------------------------------

  /** Postfix's disconnect summary: "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4". */
  summary(): { text: string; counts: Record<string, [number, number]> } {
    const parts: string[] = [];
    let ok = 0;
    let total = 0;
    const counts: Record<string, [number, number]> = {};
    for (const name of [...COMMANDS, 'unknown']) {
      const s = this.stats.get(name);
      if (!s) continue;
      counts[name] = [s[0], s[1]];
      parts.push(s[0] === s[1] ? `${name}=${s[0]}` : `${name}=${s[0]}/${s[1]}`);
      ok += s[0];
      total += s[1];
    }
    parts.push(ok === total ? `commands=${ok}` : `commands=${ok}/${total}`);
    return { text: parts.join(' '), counts };
  }

  override _onClose(): void {
    super._onClose();
    this.ended_();
  }

  /** Socket and TLS errors end the session; they are logged, never thrown. */
  override _onError(err: Error & { code?: string }): void {
    if (this._upgrading || /SSL|TLS|handshake/i.test(err.message)) this.onTlsError(err);
    else if (!this.lastReason) this.lastReason = 'lost connection';
    if (!this._socket.destroyed) this._socket.destroy();
    this.close();
  }

  /** Called once when the socket is gone, whatever the reason. */
  ended_(): void {
    if (this.ended || !this.rt) return;
    this.ended = true;
    if (this.exchange) this.exchange = undefined;
    if (this.counted) {
      this.rt.counts.active--;
      const n = (this.rt.perClient.get(this.realClient.addr) ?? 1) - 1;
      if (n > 0) this.rt.perClient.set(this.realClient.addr, n);
      else this.rt.perClient.delete(this.realClient.addr);
    }
    if (!this.quitting) {
      const reason = this.lastReason ?? 'lost connection';
      if (this.where === 'DATA') this.rt.log.line(this.program, `${reason} after DATA (${this.dataBytes} bytes) from ${this.namaddr}`);
      else if (!(this.where === 'END-OF-MESSAGE' && reason === 'lost connection')) this.rt.log.line(this.program, `${reason} after ${this.where} from ${this.namaddr}`);
    }
    const { text, counts } = this.summary();
    this.rt.log.line(this.program, `disconnect from ${this.namaddr} ${text}`);
    this.rt.emit('disconnect', { session: this.id, commands: text, counts, client: { ...this.client }, reason: this.quitting ? undefined : (this.lastReason ?? 'lost connection') });
    this.rt.flushSoon();
  }
}
