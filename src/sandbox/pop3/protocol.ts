/**
 * POP3 as Dovecot 2.3 (Debian 12) speaks it: its reply texts, its CAPA list and its log
 * lines, as pure functions. The words come from Dovecot 2.3's source: src/pop3-login/client.c
 * and client-authenticate.c (before login), src/pop3/pop3-commands.c and pop3-client.c
 * (after it), src/login-common/client-common.c (the login log line), checked against
 * transcripts and mail.log lines of real Dovecot servers.
 */

/** What a session sees of its socket (server.ts makes it). */
export interface Pop3Conn {
  /** false when the socket's buffer is full (wait for drained()) */
  write(data: string | Buffer): boolean;
  drained(): Promise<void>;
  /** STLS: the +OK is written; the server wraps the socket and calls tlsUp() */
  startTls(): void;
  /** the session is over: the socket is ended */
  end(): void;
}

/** login_greeting as Debian builds Dovecot ("Dovecot (Ubuntu) ready." on Ubuntu) */
export const GREETING = '+OK Dovecot (Debian) ready.';

/** login-common.h: AUTH_PLAINTEXT_DISABLED_MSG, sent with the [AUTH] code by pop3-login */
export const PLAINTEXT_DISABLED = '-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.';
/** login-common.h: AUTH_FAILED_MSG */
export const AUTH_FAILED = '-ERR [AUTH] Authentication failed.';
export const UNSUPPORTED_MECH = '-ERR [AUTH] Unsupported authentication mechanism.';

/** pop3-login/client.c: CLIENT_MAX_BAD_COMMANDS in 2.3 (before login) */
export const LOGIN_MAX_BAD_COMMANDS = 3;
/** pop3/pop3-client.c: CLIENT_MAX_BAD_COMMANDS (after login) */
export const MAX_BAD_COMMANDS = 20;
/** the longest line read (Dovecot's AUTH buffer; a longer one ends the session) */
export const MAX_LINE = 8192;

export const SASL_MECHS = ['PLAIN', 'LOGIN'] as const;

/**
 * CAPA before login (pop3-login's cmd_capa): STLS while TLS is possible and not yet up;
 * USER and the plaintext SASL mechanisms only once the connection is secured, as with
 * disable_plaintext_auth = yes. (Dovecot counts a client on its own address as secured;
 * the sandbox does not, since it stands for a server reached over the network.)
 */
export function capaBeforeLogin(o: { tls: boolean; tlsAvailable: boolean }): string[] {
  const lines = ['+OK', 'CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE'];
  if (o.tlsAvailable && !o.tls) lines.push('STLS');
  if (o.tls) lines.push('USER');
  lines.push(o.tls ? `SASL ${SASL_MECHS.join(' ')}` : 'SASL');
  lines.push('.');
  return lines;
}

/** CAPA after login (pop3's cmd_capa: POP3_CAPABILITY_REPLY alone) */
export const CAPA_AFTER_LOGIN = ['+OK', 'CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE', '.'];

/** A command line: its name (upper case) and the rest, as Dovecot splits it at the first space. */
export function splitCommand(line: string): { name: string; args: string } {
  const i = line.indexOf(' ');
  return i < 0 ? { name: line.toUpperCase(), args: '' } : { name: line.slice(0, i).toUpperCase(), args: line.slice(i + 1) };
}

/**
 * A message number as pop3-commands.c's get_msgnum reads it: the 0-based index, and the
 * rest of the arguments, or the -ERR it answers.
 */
export function messageNumber(
  args: string,
  count: number,
  deleted: (i: number) => boolean,
  thenSpace: boolean,
): { ok: true; index: number; rest: string } | { ok: false; reply: string } {
  if (!/^[0-9]/.test(args)) return { ok: false, reply: `-ERR Invalid message number: ${args}` };
  const m = /^[0-9]+/.exec(args)!;
  let rest = args.slice(m[0].length);
  if (m[0].length > 10 || Number(m[0]) > 0xffffffff) return { ok: false, reply: `-ERR Message number too large: ${rest}` };
  if (thenSpace ? !rest.startsWith(' ') : rest !== '') return { ok: false, reply: `-ERR Noise after message number: ${rest}` };
  const num = Number(m[0]);
  if (num === 0 || num > count) return { ok: false, reply: `-ERR There's no message ${num}.` };
  if (deleted(num - 1)) return { ok: false, reply: '-ERR Message is deleted.' };
  rest = rest.replace(/^ +/, '');
  return { ok: true, index: num - 1, rest };
}

/** TOP's line count (get_size) */
export function lineCount(args: string): { ok: true; n: number } | { ok: false; reply: string } {
  if (!/^[0-9]/.test(args)) return { ok: false, reply: `-ERR Invalid size: ${args}` };
  const m = /^[0-9]+/.exec(args)!;
  const rest = args.slice(m[0].length);
  if (m[0].length > 19) return { ok: false, reply: `-ERR Size too large: ${rest}` };
  if (rest !== '') return { ok: false, reply: `-ERR Noise after size: ${rest}` };
  return { ok: true, n: Number(m[0]) };
}

/**
 * A message as POP3 sends it: CRLF line ends, a dot doubled at the start of a line, and
 * for TOP only the header, the empty line and `bodyLines` lines of the body.
 */
export function wireMessage(raw: Buffer, bodyLines?: number): Buffer {
  const text = raw.toString('latin1');
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const out: string[] = [];
  let inBody = false;
  let left = bodyLines ?? Infinity;
  for (const line of lines) {
    if (inBody) {
      if (left <= 0) break;
      left--;
    }
    out.push(line.startsWith('.') ? '.' + line : line);
    if (!inBody && line === '') inBody = true;
  }
  return Buffer.from(out.map((l) => l + '\r\n').join(''), 'latin1');
}

/** The size POP3 announces: the message with CRLF line ends (Dovecot's virtual size). */
export function virtualSize(raw: Buffer): number {
  let n = raw.length;
  for (let i = 0; i < raw.length; i++) if (raw[i] === 0x0a && (i === 0 || raw[i - 1] !== 0x0d)) n++;
  return n;
}

/**
 * client_get_session_id: the lowest 48 bits of the time in microseconds, the remote port
 * (as Dovecot 2.3 packs it) and the IPv4 address, in base64 (16 characters).
 */
export function sessionId(nowUs: bigint, remotePort: number, ipv4: string): string {
  const buf = Buffer.alloc(12);
  for (let i = 0; i < 6; i++) buf[i] = Number((nowUs >> BigInt(8 * i)) & 0xffn);
  buf[6] = remotePort & 0xff;
  buf[7] = (remotePort >> 16) & 0xff;
  const parts = ipv4.split('.').map((x) => Number(x) & 0xff);
  for (let i = 0; i < 4; i++) buf[8 + i] = parts[i] ?? 0;
  return buf.toString('base64');
}

export interface LoginFacts {
  user?: string;
  mech?: string;
  rip: string;
  lip: string;
  mpid?: number;
  /** "TLS", "TLS handshaking: ..." or nothing */
  tls?: string;
  session: string;
}

/**
 * login_log_format "%$: %s" with login_log_format_elements
 * "user=<%u> method=%m rip=%r lip=%l mpid=%e %c session=<%{session}>": elements whose
 * variables are empty are left out, user=<> never is. Dovecot cuts the user name at 80 characters.
 */
export function loginLine(message: string, f: LoginFacts): string {
  const els = [`user=<${(f.user ?? '').slice(0, 80)}>`];
  if (f.mech) els.push(`method=${f.mech.slice(0, 64)}`);
  els.push(`rip=${f.rip}`, `lip=${f.lip}`);
  if (f.mpid) els.push(`mpid=${f.mpid}`);
  if (f.tls) els.push(f.tls);
  els.push(`session=<${f.session}>`);
  return `pop3-login: ${message}: ${els.join(', ')}`;
}

/**
 * client_get_extra_disconnect_reason, for what the sandbox can meet: added to the reason a
 * client that never logged in is disconnected with.
 */
export function extraDisconnectReason(o: { attempts: number; triedPlaintext: boolean; secs: number; authSecs: number }): string {
  if (o.attempts === 0) return `(no auth attempts in ${o.secs} secs)`;
  if (o.triedPlaintext) return '(tried to use disallowed plaintext auth)';
  return `(auth failed, ${o.attempts} attempts in ${o.authSecs} secs)`;
}

export interface Pop3Stats {
  topCount: number;
  topBytes: number;
  retrCount: number;
  retrBytes: number;
  deleted: number;
  messages: number;
  size: number;
}

/** mail_log_prefix "%s(%u)<%{pid}><%{session}>: " and pop3_logout_format "top=%t/%p, retr=%r/%b, del=%d/%m, size=%s" */
export function pop3Line(user: string, pid: number, session: string, reason: string, s: Pop3Stats): string {
  return `pop3(${user})<${pid}><${session}>: ${reason} top=${s.topCount}/${s.topBytes}, retr=${s.retrCount}/${s.retrBytes}, del=${s.deleted}/${s.messages}, size=${s.size}`;
}
