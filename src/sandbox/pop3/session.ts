/**
 * One POP3 session (RFC 1939): AUTHORIZATION as Dovecot's pop3-login plays it (CAPA, STLS,
 * USER/PASS, AUTH PLAIN/LOGIN with the SASL users of lesson 03), then TRANSACTION and
 * UPDATE as its pop3 process does, on the user's Maildir. The socket side is in server.ts;
 * this class sees lines and writes replies through a Pop3Conn.
 */
import type { Runtime } from '../runtime.js';
import { createMechanism, type SaslSession, type SaslStep } from '../sasl/mechanisms.js';
import { openMaildrop } from './maildrop.js';
import { Transaction } from './transaction.js';
import {
  AUTH_FAILED,
  GREETING,
  LOGIN_MAX_BAD_COMMANDS,
  MAX_BAD_COMMANDS,
  PLAINTEXT_DISABLED,
  SASL_MECHS,
  UNSUPPORTED_MECH,
  capaBeforeLogin,
  extraDisconnectReason,
  type Pop3Conn,
  loginLine,
  pop3Line,
  sessionId,
  splitCommand,
} from './protocol.js';

export interface Pop3Peer {
  rip: string;
  rport: number;
  lip: string;
}

type State = 'authorization' | 'transaction' | 'closed';

let nextMailPid = 0;

export class Pop3Session {
  private state: State = 'authorization';
  tls: boolean;
  /** the handshake is still going on (implicit TLS, or after STLS) */
  private handshaking = false;
  private tlsError: string | undefined;
  private tlsLost = false;
  private readonly created = Date.now();
  private readonly session: string;
  private bad = 0;
  // AUTHORIZATION
  private lastUser: string | undefined;
  private virtualUser: string | undefined;
  private mech: string | undefined;
  private attempts = 0;
  private authFirst = 0;
  private triedPlaintext = false;
  private sasl: SaslSession | undefined;
  // TRANSACTION
  private user = '';
  private mailPid = 0;
  private tx: Transaction | undefined;

  constructor(
    private readonly rt: Runtime,
    private readonly conn: Pop3Conn,
    private readonly peer: Pop3Peer,
    private readonly tlsAvailable: () => boolean,
    implicitTls: boolean,
  ) {
    this.tls = implicitTls;
    this.handshaking = implicitTls;
    this.session = sessionId(BigInt(Date.now()) * 1000n + BigInt(process.hrtime()[1] % 1000), peer.rport, peer.rip);
  }

  get ended(): boolean {
    return this.state === 'closed';
  }

  greet(): void {
    this.handshaking = false;
    this.send(GREETING);
  }

  /** TLS is up after STLS */
  tlsUp(): void {
    this.handshaking = false;
  }

  /** the handshake failed (pop3s, or after STLS): what Dovecot adds to the log line */
  tlsFailed(error: string): void {
    this.tlsError = error;
    this.disconnect(`Connection closed: ${error}`);
  }

  private send(...lines: string[]): boolean {
    return this.conn.write(lines.map((l) => l + '\r\n').join(''));
  }

  /** One line from the client (without its CRLF). */
  async line(text: string): Promise<void> {
    if (this.state === 'closed') return;
    if (this.sasl) return this.saslStep(text);
    if (this.state === 'authorization') return this.authorization(text);
    return this.transaction(text);
  }

  // ---- AUTHORIZATION (pop3-login) -------------------------------------------

  private async authorization(text: string): Promise<void> {
    const { name, args } = splitCommand(text);
    let ok = true;
    switch (name) {
      case 'CAPA':
        this.send(...capaBeforeLogin({ tls: this.tls, tlsAvailable: this.tlsAvailable() }));
        break;
      case 'STLS':
        if (this.tls) this.send('-ERR TLS is already active.');
        else if (!this.tlsAvailable()) this.send("-ERR TLS support isn't enabled.");
        else {
          this.send('+OK Begin TLS negotiation now.');
          this.tls = true;
          this.handshaking = true;
          this.conn.startTls();
        }
        break;
      case 'USER':
        if (!this.tls) {
          this.plaintextRefused(args);
          break;
        }
        this.lastUser = args;
        this.send('+OK');
        break;
      case 'PASS': {
        if (this.lastUser === undefined) {
          if (!this.tls) this.plaintextRefused(undefined);
          else this.send('-ERR No username given.');
          break;
        }
        const user = this.lastUser;
        this.lastUser = undefined;
        const ir = Buffer.from(`\0${user}\0${args}`, 'utf8').toString('base64');
        await this.authBegin('PLAIN', ir);
        break;
      }
      case 'AUTH':
        await this.auth(args);
        break;
      case 'APOP':
        this.send('-ERR APOP not enabled.');
        break;
      case 'QUIT':
        this.send('+OK Logging out');
        this.disconnect('Aborted login by logging out');
        return;
      default:
        this.send('-ERR Unknown command.');
        ok = false;
    }
    if (ok) this.bad = 0;
    else if (++this.bad >= LOGIN_MAX_BAD_COMMANDS) {
      this.send('-ERR Too many invalid bad commands.');
      // doubled, as Dovecot 2.3.19 logs it (the reason already carries the prefix it adds)
      this.disconnect('Disconnected: Too many bad commands');
    }
  }

  /** client_check_plaintext_auth: USER or PASS before TLS, with disable_plaintext_auth = yes */
  private plaintextRefused(user: string | undefined): void {
    if (user !== undefined) this.virtualUser ??= user;
    this.noteAttempt();
    this.triedPlaintext = true;
    this.loginEvent(false, 'plaintext', user ?? this.virtualUser, 'PLAIN');
    this.send(PLAINTEXT_DISABLED);
  }

  /** One login attempt (or a connection that ended without one) as an event: what checks read. */
  private loginEvent(ok: boolean, reason: string | undefined, user = this.virtualUser, method = this.mech ?? ''): void {
    const tls = this.tls && !this.handshaking && !this.tlsError;
    this.rt.emit('mailbox-login', { service: 'pop3', user: user ?? '', method, tls, ok, ...(reason ? { reason } : {}) });
    this.rt.flush();
  }

  private noteAttempt(): void {
    if (this.attempts++ === 0) this.authFirst = Date.now();
  }

  private async auth(args: string): Promise<void> {
    if (args === '') {
      // the old SASL discovery (Outlook): the mechanisms that can be used now
      this.send('+OK', ...(this.tls ? SASL_MECHS : []), '.');
      return;
    }
    const sp = args.indexOf(' ');
    const mech = (sp < 0 ? args : args.slice(0, sp)).toUpperCase();
    let ir: string | undefined = sp < 0 ? undefined : args.slice(sp + 1);
    if (ir === '') ir = undefined;
    await this.authBegin(mech, ir);
  }

  private async authBegin(mech: string, ir: string | undefined): Promise<void> {
    this.mech = mech.slice(0, 64);
    this.noteAttempt();
    if (!(SASL_MECHS as readonly string[]).includes(mech)) {
      this.loginEvent(false, 'unsupported mechanism');
      this.send(UNSUPPORTED_MECH);
      return;
    }
    // sasl-server.c: a plaintext mechanism on a connection that is not secured
    if (!this.tls) {
      this.triedPlaintext = true;
      this.loginEvent(false, 'plaintext');
      this.send('-ERR [AUTH] Plaintext authentication disabled.');
      return;
    }
    const hostname = this.rt.config.hostname;
    const sasl = createMechanism(mech, { hostname, realm: hostname, db: () => this.rt.saslDb() })!;
    this.sasl = sasl;
    await this.saslResult(await sasl.start(ir === '=' ? '' : ir));
  }

  private async saslStep(text: string): Promise<void> {
    const sasl = this.sasl!;
    if (text === '*') {
      this.sasl = undefined;
      this.loginEvent(false, 'aborted');
      this.send('-ERR Authentication aborted by client.');
      return;
    }
    await this.saslResult(await sasl.step(text));
  }

  private async saslResult(step: SaslStep): Promise<void> {
    if (this.state === 'closed') return;
    if (step.kind === 'challenge') {
      this.send(`+ ${step.data}`);
      return;
    }
    this.sasl = undefined;
    if (step.kind === 'failure') {
      if (step.username) this.virtualUser = step.username;
      this.loginEvent(false, 'auth failed');
      // auth_failure_delay: a guesser gets one answer every 2 seconds per connection
      const delay = this.rt.limits.authFailureDelayMs ?? 2000;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay).unref());
      if (this.ended) return;
      this.send(AUTH_FAILED);
      return;
    }
    await this.login(step.username);
  }

  private async login(user: string): Promise<void> {
    this.user = user;
    this.virtualUser = user;
    this.mailPid = process.pid + 100 + (nextMailPid++ % 10000);
    const drop = await openMaildrop(this.rt.ws, user);
    if (this.state === 'closed') return;
    this.tx = new Transaction(this.conn, drop, () => this.ended);
    this.state = 'transaction';
    this.bad = 0;
    this.rt.log.dovecotLine(loginLine('Login', this.facts()));
    this.loginEvent(true, undefined);
    this.send('+OK Logged in.');
  }

  private facts() {
    return {
      user: this.virtualUser,
      mech: this.mech,
      rip: this.peer.rip,
      lip: this.peer.lip,
      mpid: this.mailPid || undefined,
      tls: this.tls ? (this.tlsError ? `TLS handshaking: ${this.tlsError}` : this.handshaking ? 'TLS handshaking' : this.tlsLost ? 'TLS: Connection closed' : 'TLS') : undefined,
      session: this.session,
    };
  }

  // ---- TRANSACTION (pop3) ----------------------------------------------------

  private async transaction(text: string): Promise<void> {
    const { name, args } = splitCommand(text);
    const r = await this.tx!.command(name, args.replace(/^ +/, ''));
    if (typeof r === 'string') return this.disconnect(r);
    if (r || this.state === 'closed') this.bad = 0;
    else if (++this.bad > MAX_BAD_COMMANDS) {
      this.send('-ERR Too many bad commands.');
      this.disconnect('Too many bad commands.');
    }
  }

  // ---- the end ---------------------------------------------------------------

  /** Dovecot's reply to a client it drops (pop3_client_notify_disconnect, or the pop3 process's). */
  timeout(): void {
    if (this.state === 'closed') return;
    this.send('-ERR Disconnected for inactivity.');
    this.disconnect('Inactivity');
  }

  lineTooLong(): void {
    if (this.state === 'closed') return;
    if (this.state === 'authorization') {
      this.send('-ERR Input buffer full, aborting');
      this.disconnect('Input buffer full');
    } else {
      this.send('-ERR Input line too long.');
      this.disconnect('Input line too long');
    }
  }

  shuttingDown(): void {
    if (this.state === 'closed') return;
    this.send(this.state === 'authorization' ? '-ERR Server shutting down.' : '-ERR [SYS/TEMP] Server shutting down.');
    this.disconnect(this.state === 'authorization' ? 'Shutting down' : 'Server shutting down.', false);
  }

  /** The client went away (or its handshake failed). */
  closed(): void {
    if (this.state === 'closed') return;
    // the client dropped its TLS connection: the TLS layer's last error shows in the login line
    this.tlsLost = this.tls;
    this.disconnect('Connection closed');
  }

  /**
   * The session's log line, then the end. Before login: "Disconnected: <reason> (<why no login>): <facts>";
   * after it: the pop3 process's "Disconnected: <reason> top=..." ("<reason> top=..." on shutdown).
   * Each wording was compared with a real Dovecot 2.3.19.1 (Debian 12) given the same dialogues.
   */
  private disconnect(reason: string, prefixed = true): void {
    if (this.state === 'closed') return;
    const was = this.state;
    this.state = 'closed';
    this.sasl = undefined;
    if (was === 'authorization') {
      const now = Date.now();
      const extra = extraDisconnectReason({
        attempts: this.attempts,
        triedPlaintext: this.triedPlaintext,
        secs: Math.floor((now - this.created) / 1000),
        authSecs: this.attempts ? Math.floor((now - this.authFirst) / 1000) : 0,
      });
      this.rt.log.dovecotLine(loginLine(`Disconnected: ${reason} ${extra}`, this.facts()));
      // no login: a broken TLS handshake (a client that does not trust the certificate), or a client that stayed in plaintext
      const broken = this.tls && (this.tlsError ?? (this.handshaking ? 'Connection closed' : undefined));
      const shuttingDown = !prefixed;
      if (broken) this.loginEvent(false, `TLS handshake failed: ${broken}`, '', '');
      else if (!this.tls && !this.attempts && !shuttingDown) this.loginEvent(false, 'plaintext', '', '');
    } else {
      this.rt.log.dovecotLine(pop3Line(this.user, this.mailPid, this.session, prefixed ? `Disconnected: ${reason}` : reason, this.tx!.stats));
      const { retrCount, deleted } = this.tx!.stats;
      this.rt.emit('mailbox-logout', { service: 'pop3', user: this.user, retrieved: retrCount, deleted });
    }
    // on disk before the client, which already has its last reply, is gone for long
    this.rt.flush();
    this.conn.end();
  }
}
