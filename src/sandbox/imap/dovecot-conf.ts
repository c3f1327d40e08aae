/**
 * The private Dovecot's files, as text from their inputs (pure; dovecot-run.ts writes them):
 * dovecot.conf (IMAP only, TLS required, on 127.0.0.1 behind the sandbox's proxy, the
 * learner's Maildirs), the passwd-file of the SASL users, the checkpassword helper that checks
 * their passwords, and the watchdog that runs Dovecot.
 *
 * The SASL database keeps a salted scrypt hash per user (sasl/db.ts), a scheme Dovecot does
 * not know; so Dovecot's passdb is `checkpassword`, a small node program that checks the
 * password against the same hash in a passwd-file made from the database (written 0600, it
 * never leaves the private folder), and answers with the user's home (their folder under
 * var/mail, where the SMTP side delivers), which the `prefetch` userdb takes. (Dovecot's own
 * passwd-file userdb looks at its file at most once a second: a user added just then was
 * unknown to it though the password passed.)
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export interface DovecotConfInput {
  /** the private folder: base_dir (run/), state_dir (state/), the generated files */
  dir: string;
  /** instance_name: the processes show as "dovecot-<instance>/imap-login" */
  instance: string;
  /** Dovecot's own listeners on 127.0.0.1, reached only through the sandbox's proxy (plain, then implicit TLS) */
  ports: { imap: number; imaps: number };
  /** imap (the sandbox's); pop3: the real POP3 the sandbox's is compared with (test/sandbox/pop3/) */
  protocol?: 'imap' | 'pop3';
  /** required (the sandbox's IMAP); yes: TLS offered, plaintext logins only inside it (Debian's default) */
  ssl?: 'required' | 'yes';
  /** root: Dovecot's own users (dovenull, dovecot) for the login and internal processes */
  root: boolean;
  /** not root: every process runs as this user and group (Dovecot cannot change user) */
  user?: string;
  group?: string;
  /** the mail processes' uid and gid (never 0: Dovecot refuses mail access as root) */
  mailUid: number;
  mailGid: number;
}

/** imap_logout_format with the counters the logout event reads (Dovecot 2.3's default, spelled out) */
export const LOGOUT_FORMAT =
  'in=%i out=%o deleted=%{deleted} expunged=%{expunged} trashed=%{trashed} hdr_count=%{fetch_hdr_count} hdr_bytes=%{fetch_hdr_bytes} body_count=%{fetch_body_count} body_bytes=%{fetch_body_bytes}';

export const FILES = {
  conf: 'dovecot.conf',
  passwd: 'passwd',
  checkpass: 'checkpass',
  helper: 'checkpass.mjs',
  cert: 'ssl/cert.pem',
  key: 'ssl/key.pem',
  run: 'run',
  state: 'state',
} as const;

export function dovecotConf(i: DovecotConfInput): string {
  const f = (name: keyof typeof FILES) => join(i.dir, FILES[name]);
  const unprivileged = !i.root;
  const proto = i.protocol ?? 'imap';
  const lines = [
    '# The sandbox\'s private Dovecot (written by mailsec at each start; edits are lost).',
    `base_dir = ${f('run')}`,
    `state_dir = ${f('state')}`,
    `instance_name = ${i.instance}`,
    `protocols = ${proto}`,
    'listen = 127.0.0.1',
    "# clients come through the sandbox's proxy on 127.0.0.1, which names each one in a PROXY header",
    'haproxy_trusted_networks = 127.0.0.1',
    '# to the sandbox, which writes the lines to var/log/mail.log as syslog would',
    'log_path = /dev/stderr',
    'log_timestamp =',
    `ssl = ${i.ssl ?? 'required'}`,
    `ssl_cert = <${f('cert')}`,
    `ssl_key = <${f('key')}`,
    'disable_plaintext_auth = yes',
    'auth_mechanisms = plain login',
    '# user names as the SASL database keeps them (Dovecot would lower-case them)',
    'auth_username_format = %u',
    'mail_location = maildir:~/Maildir',
    `mail_uid = ${i.mailUid}`,
    `mail_gid = ${i.mailGid}`,
    `first_valid_uid = ${i.mailUid}`,
    `last_valid_uid = ${i.mailUid}`,
    `first_valid_gid = ${i.mailGid}`,
    `last_valid_gid = ${i.mailGid}`,
    `imap_logout_format = ${LOGOUT_FORMAT}`,
    ...(unprivileged ? [`default_login_user = ${i.user}`, `default_internal_user = ${i.user}`, `default_internal_group = ${i.group}`] : []),
    'passdb {',
    '  driver = checkpassword',
    `  args = ${f('checkpass')}`,
    '}',
    'userdb {',
    '  driver = prefetch',
    '}',
    `service ${proto}-login {`,
    `  inet_listener ${proto} {`,
    '    address = 127.0.0.1',
    `    port = ${i.ports.imap}`,
    '    haproxy = yes',
    '  }',
    `  inet_listener ${proto}s {`,
    '    address = 127.0.0.1',
    `    port = ${i.ports.imaps}`,
    '    ssl = yes',
    '    haproxy = yes',
    '  }',
    ...(unprivileged ? ['  chroot ='] : []),
    '}',
    'service auth {',
    "  # the checkpassword helper is node, which reserves more address space than Dovecot's 256 MB default",
    '  vsz_limit = 0',
    // as root, auth reads the 0600 passwd-file and runs node wherever it is installed
    ...(i.root ? ['  user = root'] : []),
    '}',
    ...(unprivileged ? ['service anvil {', '  chroot =', '}', 'service auth-worker {', '  user = $default_internal_user', '}'] : []),
  ];
  return lines.join('\n') + '\n';
}

export interface PasswdUser {
  name: string;
  /** the user's folder (var/mail/<mailbox>), Maildir/ inside it */
  home: string;
  scrypt?: { salt: string; N: number; r: number; p: number; hash: string };
}

/** "{SCRYPT}N=16384,r=8,p=1$salt$hash": the SASL database's hash, for the checkpassword helper */
export function scryptField(s: PasswdUser['scrypt']): string {
  if (!s || ![s.N, s.r, s.p].every((n) => Number.isInteger(n) && n > 0) || !/^[A-Za-z0-9+/=]+$/.test(`${s.salt}${s.hash}`)) return '*';
  return `{SCRYPT}N=${s.N},r=${s.r},p=${s.p}$${s.salt}$${s.hash}`;
}

/** passwd-file: user:password:uid:gid:gecos:home:shell (uid and gid empty: mail_uid and mail_gid) */
export function passwdFile(users: PasswdUser[]): string {
  const lines = ['# The SASL users of etc/sasldb2.json, for the private Dovecot (written by mailsec).'];
  for (const u of users) {
    // a name or folder that would break the line (or the helper's tab-separated answer) is left out
    if (/[:\n\t]/.test(u.name + u.home)) continue;
    lines.push(`${u.name}:${scryptField(u.scrypt)}::::${u.home}::`);
  }
  return lines.join('\n') + '\n';
}

/**
 * The checkpassword helper (Dovecot runs it for each login): "user\0password\0" on fd 3; exit 0
 * and the extra fields on fd 4 (the user, their home for the prefetch userdb) when the password
 * is right, 1 when it is not, 111 when it cannot tell.
 */
export const CHECKPASS_HELPER = `// The sandbox's checkpassword for Dovecot: the password against the SASL database's scrypt hash.
import { readFileSync, readSync, writeSync } from 'node:fs';
import { scryptSync, timingSafeEqual } from 'node:crypto';
const chunks = [];
const buf = Buffer.alloc(600);
for (;;) {
  let n;
  try {
    n = readSync(3, buf, 0, buf.length, null);
  } catch (e) {
    if (e.code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); continue; }
    process.exit(111);
  }
  if (n <= 0) break;
  chunks.push(Buffer.from(buf.subarray(0, n)));
}
const [user = '', password = ''] = Buffer.concat(chunks).toString('utf8').split('\\0');
let text;
try {
  text = readFileSync(process.argv[2], 'utf8');
} catch {
  process.exit(111);
}
const line = text.split('\\n').find((l) => !l.startsWith('#') && l.split(':')[0] === user);
const m = line && /^\\{SCRYPT\\}N=(\\d+),r=(\\d+),p=(\\d+)\\$([^$:]+)\\$([^$:]+)$/.exec(line.split(':')[1]);
if (!user || !m) process.exit(1);
const want = Buffer.from(m[5], 'base64');
let got;
try {
  got = scryptSync(password, Buffer.from(m[4], 'base64'), want.length, { N: +m[1], r: +m[2], p: +m[3], maxmem: 256 * 1024 * 1024 });
} catch {
  process.exit(1);
}
if (want.length === 0 || !timingSafeEqual(want, got)) process.exit(1);
writeSync(4, 'user=' + user + '\tuserdb_home=' + line.split(':')[5]);
process.exit(0);
`;

/** A word for sh, in single quotes. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The passdb's program: Dovecot splits its command line at spaces, so the paths go in this script. */
export function checkpassWrapper(node: string, helper: string, passwd: string): string {
  return `#!/bin/sh\nexec ${shQuote(node)} ${shQuote(helper)} ${shQuote(passwd)}\n`;
}

/**
 * The watchdog (sh -c, its own process group): Dovecot in the foreground, its pid on stdout;
 * when the sandbox closes the watchdog's stdin (a stop) or dies (even by SIGKILL), Dovecot is
 * told to stop; when Dovecot ends by itself, so does the watchdog. $0 = dovecot, $1 = its config.
 */
export const WATCHDOG = [
  'exec 3<&0 0</dev/null',
  '"$0" -F -c "$1" &',
  'd=$!',
  'echo "$d"',
  '(read x <&3; kill -TERM "$d") >/dev/null 2>&1 &',
  'r=$!',
  'wait "$d"',
  's=$?',
  'kill "$r" 2>/dev/null',
  'exit "$s"',
].join('\n');

/**
 * The private folder of a workspace's Dovecot: short (its sockets' paths must stay under the
 * 108 bytes of a unix socket address however deep the workspace is), one per workspace and user.
 */
export function privateDirName(tmp: string, wsRoot: string, uid: number): string {
  const id = createHash('sha256').update(`${uid}\0${wsRoot}`).digest('hex').slice(0, 12);
  // at most 40 + 26 + Dovecot's longest name under base_dir (run/token-login/..., ~35): under 108
  const base = tmp.length <= 40 && /^\/[\w./-]*$/.test(tmp) ? tmp : '/tmp';
  return join(base, `mailsec-imap-${id}`);
}

/** instance_name from the folder: "mailsec-<id>" */
export function instanceName(dir: string): string {
  return dir.slice(dir.lastIndexOf('/') + 1).replace(/^mailsec-imap-/, 'mailsec-');
}
