/**
 * Dovecot's log lines (log_path = /dev/stderr, log_timestamp empty: "imap-login: Info: Login: ...")
 * as Dovecot writes them to syslog, which is how they reach var/log/mail.log on a Debian server:
 * "imap-login: Login: user=<alumno>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, mpid=..., TLS,
 * session=<...>" (an Info line loses its "Info: ", the other levels keep theirs), and the facts
 * the checks read: a login or a failed one, a logout with what the session fetched and expunged.
 *
 * Dovecot counts a client whose address equals the server's as secured, and lets it log in
 * without TLS; the sandbox stands for a server reached over the network, so its proxy hands
 * Dovecot each client with a PROXY header whose local address is PROXY_LOCAL_IP. The log line
 * gives back the address the client really connected to (`lip`). Pure: text in, text out.
 */
import type { EventMap } from '../events.js';

/** the local address the proxy announces to Dovecot: any loopback address but the client's own */
export const PROXY_LOCAL_IP = '127.0.0.2';

const LEVELS = 'Debug|Info|Warning|Error|Fatal|Panic';
const WITH_PREFIX = new RegExp(`^(.*?): (${LEVELS}): (.*)$`, 's');
const BARE = new RegExp(`^(${LEVELS}): (.*)$`, 's');

export interface DovecotLine {
  /** "imap-login", "imap(alumno)<123><sess>", "master", "auth"… */
  prefix: string;
  level: string;
  message: string;
  /** printed by the master before its log process ran (it prints the same line again through it) */
  bare: boolean;
}

/** One line of Dovecot's stderr; undefined for an empty one. A line of no known shape is the master's. */
export function parseDovecotLine(raw: string): DovecotLine | undefined {
  const line = raw.replace(/\r$/, '');
  if (!line.trim()) return undefined;
  const m = WITH_PREFIX.exec(line);
  if (m && !/\s/.test(m[1].replace(/\(.*\)/s, ''))) return { prefix: m[1], level: m[2], message: m[3], bare: false };
  const b = BARE.exec(line);
  if (b) return { prefix: 'master', level: b[1], message: b[2], bare: true };
  return { prefix: 'master', level: 'Info', message: line, bare: true };
}

/** The text after "dovecot: " in syslog; the client's real local address in a login process's line. */
export function syslogText(l: DovecotLine, localIp: string): string {
  let message = l.message;
  if (/-login$/.test(l.prefix)) message = message.split(`lip=${PROXY_LOCAL_IP},`).join(`lip=${localIp},`);
  return l.level === 'Info' ? `${l.prefix}: ${message}` : `${l.prefix}: ${l.level}: ${message}`;
}

export type MailboxEvent =
  | { type: 'mailbox-login'; fields: EventMap['mailbox-login'] }
  | { type: 'mailbox-logout'; fields: EventMap['mailbox-logout'] };

/** "user=<a>, method=PLAIN, rip=…, TLS, session=<…>": the login_log_format_elements of a line */
function elements(text: string): { user: string; method: string; tls: boolean } {
  const user = /^user=<(.*?)>(?:, |$)/s.exec(text)?.[1] ?? '';
  const rest = text.slice(text.indexOf('>') + 1);
  const method = /(?:^|, )method=([^,\s]+)/.exec(rest)?.[1] ?? '';
  const tls = rest.split(', ').some((e) => e === 'TLS' || e.startsWith('TLS:'));
  return { user, method, tls };
}

/**
 * The event a line stands for. imap-login writes "Login: <elements>" when a user logs in,
 * and "Disconnected: <why> (<auth failed, N attempts in S secs>): <elements>" when a client
 * that tried to log in goes away without it; the imap process writes imap_logout_format
 * ("... deleted=0 expunged=0 ... body_count=1 ...") when a session ends.
 */
export function mailboxEvent(l: DovecotLine): MailboxEvent | undefined {
  if (l.prefix === 'imap-login') {
    if (l.message.startsWith('Login: ')) {
      const e = elements(l.message.slice('Login: '.length));
      return { type: 'mailbox-login', fields: { service: 'imap', ...e, ok: true } };
    }
    const at = l.message.indexOf(': user=<');
    if (at < 0 || !/^(Disconnected|Aborted login)/.test(l.message)) return undefined;
    const reason = /\(([^()]*)\)$/.exec(l.message.slice(0, at))?.[1];
    // a client that never tried (no auth attempts, gone before auth was ready) is not a failed login
    if (!reason || !/\d+ attempts?\b|plaintext auth/.test(reason)) return undefined;
    const e = elements(l.message.slice(at + 2));
    return { type: 'mailbox-login', fields: { service: 'imap', ...e, ok: false, reason } };
  }
  const who = /^imap\((.*)\)<\d+><[^>]*>$/s.exec(l.prefix);
  if (!who) return undefined;
  const n: Record<string, number> = {};
  for (const m of l.message.matchAll(/(?:^|\s)(\w+)=(\d+)(?=\s|$)/g)) n[m[1]] = Number(m[2]);
  if (n.body_count === undefined || n.expunged === undefined) return undefined;
  return { type: 'mailbox-logout', fields: { service: 'imap', user: who[1], retrieved: n.body_count, deleted: n.expunged } };
}
