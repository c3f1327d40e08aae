// A real server's Postfix configuration, read over ssh (`mailsec check --ssh USER@HOST[:PORT]`) and
// only read: `postconf -h config_directory`, then `cat` of its main.cf and master.cf, of the tables
// they name, of the other daemons' configuration the lessons edit (OpenDKIM, policyd-spf,
// SpamAssassin) and of the public .txt beside OpenDKIM's key, and for the steps that read the log,
// the `tail` of its mail log. The files land in a throw-away folder laid out as a workspace (etc/postfix/, var/log/), where the checks read them
// exactly as they read the learner's own. No private key and no table of passwords is read:
// steps that need one are not checked remotely.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Message } from '../i18n/messages.js';
import { Workspace } from '../workspace/workspace.js';
import { MAIL_LOG, MAIN_CF, MASTER_CF } from '../postfix/defaults.js';
import { builtFileOf, tableFilesIn } from '../postfix/tables.js';
import { parseMainCf } from '../postfix/main-cf.js';
import { parseMasterCf } from '../postfix/master-cf.js';
import { loadConfigApi, LOCAL_CF, OPENDKIM_CONF, POLICYD_SPF_CONF, SPAMC_CONF } from '../sandbox/api.js';

export interface SshTarget {
  /** USER@HOST or USER@HOST:PORT, as given */
  label: string;
  user: string;
  /** the host as given: ssh resolves it, so the learner's ~/.ssh/config and known_hosts apply */
  host: string;
  port?: number;
}

/** A file bigger than this is no main.cf: the read stops there. */
const MAX_BYTES = 1 << 20;
const TIMEOUT_S = 20;

/** Postfix's commands are in /usr/sbin, which a user's non-interactive ssh session has no PATH to. */
const WITH_SBIN = 'PATH="$PATH:/usr/sbin:/sbin"; export PATH;';

/** The ssh command line the learner would type: "ssh -p 2222 alumno@vm1", the same for ssh-copy-id. */
export function loginArgs(t: SshTarget): string {
  return `${t.port ? `-p ${t.port} ` : ''}${t.user}@${t.host}`;
}

type Ran = { out: string; raw: Buffer } | { error: Message };

/** What ssh said on failing, as the learner's next action: connection, host key, or authentication. */
function sshFailure(t: SshTarget, stderr: string): Message {
  const error = lastLine(stderr) || 'exit 255';
  const params = { ssh: t.label, login: loginArgs(t), error };
  if (/host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(stderr)) return { key: 'remote.ssh.hostKey', params };
  if (/connection refused|no route to host|timed out|could not resolve|network is unreachable|connection closed/i.test(stderr))
    return { key: 'remote.ssh.unreachable', params };
  return { key: 'remote.ssh.failed', params };
}

/**
 * One read-only command on the server. BatchMode: a password prompt is a failure, never a hang.
 * MAILSEC_SSH, when set, is run by the shell as git runs GIT_SSH_COMMAND ("ssh -F ~/.ssh/clase").
 */
function runSsh(t: SshTarget, command: string, maxBytes = MAX_BYTES): Promise<Ran> {
  const custom = process.env.MAILSEC_SSH?.trim();
  const args = [
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=10',
    ...(t.port ? ['-p', String(t.port)] : []),
    '--',
    `${t.user}@${t.host}`,
    command,
  ];
  const [cmd, argv] = custom ? ['sh', ['-c', `${custom} "$@"`, 'sh', ...args]] : ['ssh', args];
  return new Promise((resolve) => {
    const p = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let size = 0;
    let err = '';
    let settled = false;
    const done = (r: Ran) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      done({ error: { key: 'remote.ssh.timeout', params: { ssh: t.label, seconds: TIMEOUT_S } } });
    }, TIMEOUT_S * 1000);
    p.stdout.on('data', (d: Buffer) => {
      size += d.length;
      if (size > maxBytes) {
        p.kill('SIGKILL');
        done({ error: { key: 'remote.ssh.tooBig', params: { ssh: t.label, command, bytes: maxBytes } } });
      } else out.push(d);
    });
    p.stderr.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-4000)));
    p.on('error', (e: NodeJS.ErrnoException) =>
      done({
        error: custom
          ? { key: 'remote.ssh.customFailed', params: { command: custom, error: e.message } }
          : e.code === 'ENOENT'
            ? { key: 'remote.ssh.noClient', params: { command: 'ssh' } }
            : { key: 'remote.ssh.failed', params: { ssh: t.label, login: loginArgs(t), error: e.message } },
      }),
    );
    p.on('close', (code) => {
      // 255: ssh itself failed (no route, refused, host key, authentication); else the command's own exit
      if (code === 255) done({ error: sshFailure(t, err) });
      else if (code === 127 && custom && /^sh: /m.test(err))
        done({ error: { key: 'remote.ssh.customFailed', params: { command: custom, error: lastLine(err) } } });
      else if (code !== 0)
        done({ error: { key: 'remote.ssh.commandFailed', params: { ssh: t.label, command, error: lastLine(err) || `exit ${code}` } } });
      else {
        const raw = Buffer.concat(out);
        done({ out: raw.toString('utf8'), raw });
      }
    });
  });
}

const lastLine = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .pop() ?? '';

/** Quoted for the remote shell; a path with a quote or a newline is refused before it gets there. */
const shQuote = (s: string) => `'${s}'`;

/** The copy of the server's files, which notes each path a check opens (as /etc/…) to say what it read. */
export class ServerWorkspace extends Workspace {
  readonly opened = new Set<string>();

  override resolve(p: string): string {
    const full = super.resolve(p);
    this.opened.add(`/${relative(this.root, full)}`);
    return full;
  }
}

export interface ServerConfig {
  /** a workspace laid out like the learner's, holding the server's main.cf and master.cf */
  ws: ServerWorkspace;
  /** the server's config_directory (/etc/postfix) */
  dir: string;
  /** the other files read (absolute paths on the server): the tables and the other daemons' configuration */
  files: string[];
  /** every other file asked for, there or not (absolute paths on the server) */
  requested: string[];
  /** files that are there but the ssh user may not read, with why */
  unreadable: Map<string, string>;
  /** indexed tables whose built file (.db) is missing or older than their text: Postfix does not see the text */
  stale: Set<string>;
  /** Adds the last lines of the server's mail log (once); the log file's path, or why it could not be read. */
  readLog(): Promise<{ file: string } | { error: Message }>;
  dispose(): void;
}

/** Lines of the log read: the lessons' steps look at what happened minutes ago. */
export const LOG_LINES = 5000;

/** Postfix's own log file when it writes one (maillog_file), else syslog's, as on Debian. */
const LOG_COMMAND = `${WITH_SBIN} f=$(postconf -h maillog_file 2>/dev/null); f=\${f:-/var/log/mail.log}; echo "$f"; tail -n ${LOG_LINES} -- "$f"`;

/** The other daemons' configuration the lessons edit, where Debian keeps it (the workspace mirrors those paths). */
const OTHER_CONFIG = [OPENDKIM_CONF, POLICYD_SPF_CONF, LOCAL_CF, SPAMC_CONF].map((p) => `/${p}`);
/** At most this many other files are read in one run. */
const MAX_OTHER_FILES = 40;
/** Tables of passwords (the SMTP client's SASL logins to a relay host, sasl_passwd): never read. */
const SECRET_TABLES = /_password_maps$/;

/** The files of the tables main.cf and master.cf (its -o options) name, but those holding passwords. */
export function tablesNamed(main: string, master: string): { type: string; path: string }[] {
  const values = [...parseMainCf(main).entries.values()].filter((e) => !SECRET_TABLES.test(e.name)).map((e) => e.value);
  for (const svc of parseMasterCf(master).services)
    for (const [name, value] of Object.entries(svc.options)) if (!SECRET_TABLES.test(name)) values.push(value);
  return tableFilesIn(values.join('\n'));
}

/** The .txt beside opendkim.conf's KeyFile (".../default.private" → ".../default.txt"), when it names one. */
async function publicKeyFile(conf: string | undefined): Promise<string | undefined> {
  if (conf === undefined) return undefined;
  const { parseOpenDkimConf, signerSettings } = await loadConfigApi();
  const key = signerSettings(parseOpenDkimConf(conf)).keyFile;
  const txt = key?.endsWith('.private') ? `${key.slice(0, -'.private'.length)}.txt` : undefined;
  return txt && safePath(txt) ? txt : undefined;
}

/** A path read on the server and written under the throw-away folder: absolute, plain, no way out of it. */
const safePath = (p: string) => /^(\/[A-Za-z0-9_+@=.-]+)+$/.test(p) && !p.split('/').some((x) => x === '..' || x === '.');

/** A file bigger than this is read as "too large": no table or configuration the lessons write is. */
const MAX_FILE = 256 * 1024;
/** …and the read command as a whole gives at most this much. */
const MAX_READ = 16 << 20;

/**
 * One ssh command that prints, for each path, "file SIZE PATH\n" and its bytes, or "directory 0 PATH",
 * "toobig SIZE PATH", "unreadable 0 PATH" or "missing 0 PATH"; then, for an indexed table whose built
 * file (PATH.db) is missing or older than its text, "stale 0 PATH": Postfix reads the built file.
 * MAILSEC_SERVER_ROOT, when the server's environment has it (only the tests' sshd accepts it), is a
 * folder the paths are read under.
 */
const readCommand = (files: { path: string; built?: string }[]) =>
  `R="\${MAILSEC_SERVER_ROOT:-}"; for e in ${files.map((x) => shQuote(`${x.path}|${x.built ?? ''}`)).join(' ')}; do f="\${e%%|*}"; b="\${e#*|}"; ` +
  `if [ -f "$R$f" ] && [ -r "$R$f" ]; then s=$(wc -c < "$R$f" | tr -d ' '); ` +
  `if [ "$s" -gt ${MAX_FILE} ]; then printf 'toobig %s %s\\n' "$s" "$f"; else printf 'file %s %s\\n' "$s" "$f"; cat -- "$R$f"; fi; ` +
  `if [ -n "$b" ] && { [ ! -e "$R$b" ] || [ "$R$f" -nt "$R$b" ]; }; then printf 'stale 0 %s\\n' "$f"; fi; ` +
  `elif [ -d "$R$f" ]; then printf 'directory 0 %s\\n' "$f"; elif [ -e "$R$f" ]; then printf 'unreadable 0 %s\\n' "$f"; ` +
  `else printf 'missing 0 %s\\n' "$f"; fi; done`;

type Read = { path: string } & ({ text: string } | { unreadable: string } | { missing: true } | { stale: true });

/** The answer of readCommand, file by file; undefined when it is not one (cut short, changed while read). */
export function parseReads(raw: Buffer): Read[] | undefined {
  const out: Read[] = [];
  let at = 0;
  while (at < raw.length) {
    const nl = raw.indexOf(0x0a, at);
    if (nl < 0) return undefined;
    const m = /^(file|directory|toobig|unreadable|missing|stale) (\d+) (\/.*)$/.exec(raw.subarray(at, nl).toString('utf8'));
    if (!m) return undefined;
    const size = Number(m[2]);
    at = nl + 1;
    if (m[1] === 'file') {
      if (at + size > raw.length) return undefined;
      out.push({ path: m[3], text: raw.subarray(at, at + size).toString('utf8') });
      at += size;
    } else if (m[1] === 'missing') out.push({ path: m[3], missing: true });
    else if (m[1] === 'stale') out.push({ path: m[3], stale: true });
    // the words of the server's own error, as cat would print them
    else
      out.push({
        path: m[3],
        unreadable: { directory: 'Is a directory', toobig: 'File too large', unreadable: 'Permission denied' }[m[1]]!,
      });
  }
  return out;
}

/** The server's main.cf and master.cf, and the other files the config steps read, in a throw-away workspace with the given meta. */
export async function readServerConfig(t: SshTarget, meta: Workspace['meta']): Promise<ServerConfig | { error: Message }> {
  const d = await runSsh(t, `${WITH_SBIN} postconf -h config_directory`);
  if ('error' in d) {
    const e = d.error;
    // postconf missing or failing: this is no Postfix server (or not this user's)
    return e.key === 'remote.ssh.commandFailed'
      ? { error: { key: 'remote.ssh.noPostfix', params: { ssh: t.label, error: e.params!.error } } }
      : d;
  }
  const dir = d.out.trim();
  if (!/^\/[^'\n\0]*$/.test(dir)) return { error: { key: 'remote.ssh.noPostfix', params: { ssh: t.label, error: dir } } };
  const files: Record<string, string> = {};
  for (const [local, name] of [
    [MAIN_CF, 'main.cf'],
    [MASTER_CF, 'master.cf'],
  ] as const) {
    const file = `${dir}/${name}`;
    const r = await runSsh(t, `cat -- ${shQuote(file)}`);
    if ('error' in r)
      return r.error.key === 'remote.ssh.commandFailed'
        ? { error: { key: 'remote.ssh.unreadable', params: { ssh: t.label, file, error: r.error.params!.error } } }
        : r;
    files[local] = r.out;
  }
  const others = [
    ...OTHER_CONFIG.map((path) => ({ path, built: undefined })),
    ...tablesNamed(files[MAIN_CF], files[MASTER_CF]).map((x) => ({ path: x.path, built: builtFileOf(x.type, x.path) })),
  ]
    .filter((x) => safePath(x.path) && x.path !== `${dir}/main.cf` && x.path !== `${dir}/master.cf`)
    .slice(0, MAX_OTHER_FILES);
  const unreadable = new Map<string, string>();
  const stale = new Set<string>();
  const read: string[] = [];
  const requested: string[] = [];
  const readFiles = async (asked: { path: string; built?: string }[]): Promise<{ error: Message } | undefined> => {
    const paths = asked.map((x) => x.path);
    requested.push(...paths);
    const r = await runSsh(t, readCommand(asked), MAX_READ);
    if ('error' in r) return r;
    const reads = parseReads(r.raw);
    if (!reads) return { error: { key: 'remote.ssh.garbled', params: { ssh: t.label, login: loginArgs(t) } } };
    for (const x of reads) {
      if (!paths.includes(x.path)) continue;
      if ('unreadable' in x) unreadable.set(x.path, x.unreadable);
      else if ('stale' in x) stale.add(x.path);
      else if ('text' in x) {
        files[x.path.slice(1)] = x.text;
        read.push(x.path);
      }
    }
    return undefined;
  };
  const failed = await readFiles(others);
  if (failed) return failed;
  // the public half opendkim-genkey writes beside OpenDKIM's key (default.txt): the key itself is never read
  const txt = await publicKeyFile(files[OPENDKIM_CONF]);
  if (txt) {
    const again = await readFiles([{ path: txt }]);
    if (again) return again;
  }
  const root = mkdtempSync(join(tmpdir(), 'mailsec-server-'));
  const dispose = () => rmSync(root, { recursive: true, force: true });
  // the server's configuration is not left behind, whatever ends the run
  process.once('exit', dispose);
  for (const [local, text] of Object.entries(files)) {
    mkdirSync(join(root, local, '..'), { recursive: true });
    writeFileSync(join(root, local), text, { mode: 0o600 });
  }
  let log: Promise<{ file: string } | { error: Message }> | undefined;
  const readLog = async (): Promise<{ file: string } | { error: Message }> => {
    const r = await runSsh(t, LOG_COMMAND);
    if ('error' in r)
      return r.error.key === 'remote.ssh.commandFailed'
        ? { error: { key: 'remote.ssh.noLog', params: { ssh: t.label, error: r.error.params!.error } } }
        : r;
    const nl = r.out.indexOf('\n');
    const file = r.out.slice(0, nl < 0 ? undefined : nl);
    mkdirSync(join(root, MAIL_LOG, '..'), { recursive: true });
    writeFileSync(join(root, MAIL_LOG), nl < 0 ? '' : r.out.slice(nl + 1), { mode: 0o600 });
    return { file };
  };
  return {
    ws: new ServerWorkspace(root, meta),
    dir,
    files: read,
    requested,
    unreadable,
    stale,
    readLog: () => (log ??= readLog()),
    dispose: () => {
      process.removeListener('exit', dispose);
      dispose();
    },
  };
}
