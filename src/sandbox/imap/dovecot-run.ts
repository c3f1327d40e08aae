/**
 * The private Dovecot as a process: where the program is, which users it runs as, its
 * watchdog (dovecot-conf.ts WATCHDOG, in a process group of its own so a Ctrl-C reaches only
 * the sandbox, which then stops it), readiness (the master's "starting up" line, written once its
 * listeners are bound), reload (SIGHUP) and stop. A record in the workspace's .mailsec/dovecot.json
 * (and Dovecot's own run/master.pid) lets a later start stop one a killed sandbox left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, lstatSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, relative, sep } from 'node:path';
import { userInfo } from 'node:os';
import type { Workspace } from '../../workspace/workspace.js';
import { processStart } from '../state.js';
import { pidAlive } from '../../util/atomic.js';
import { FILES, WATCHDOG } from './dovecot-conf.js';

/** The dovecot program: MAILSEC_DOVECOT when set (a missing file means no Dovecot), else PATH and /usr/sbin. */
export function findDovecot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env.MAILSEC_DOVECOT?.trim();
  const candidates = given ? [given] : [...(env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin'].filter((d) => d.startsWith('/')).map((d) => join(d, 'dovecot'));
  for (const p of candidates) {
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A name from /etc/passwd or /etc/group by number, or a number by name. */
function lookup(file: '/etc/passwd' | '/etc/group', test: (f: string[]) => boolean): string[] | undefined {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.split(':'))
      .find(test);
  } catch {
    return undefined;
  }
}

export interface MailIdentity {
  root: boolean;
  /** not root: the user and group every process runs as */
  user?: string;
  group?: string;
  mailUid: number;
  mailGid: number;
}

/**
 * Who reads the mail. Not root: this user, for every process. Root: the workspace's owner,
 * or the system's "mail" user when root owns it (Dovecot never gives mail access to root).
 */
export function mailIdentity(ws: Workspace): MailIdentity | { error: string } {
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  if (uid !== 0) {
    let user: string;
    try {
      user = userInfo().username;
    } catch {
      return { error: `uid ${uid} has no user name, and Dovecot runs its processes as a named user` };
    }
    const group = lookup('/etc/group', (f) => f[2] === String(gid))?.[0] ?? String(gid);
    return { root: false, user, group, mailUid: uid, mailGid: gid };
  }
  const st = statSync(ws.root);
  if (st.uid !== 0) return { root: true, mailUid: st.uid, mailGid: st.gid === 0 ? st.uid : st.gid };
  const mail = lookup('/etc/passwd', (f) => f[0] === 'mail') ?? lookup('/etc/passwd', (f) => f[0] === 'nobody');
  if (!mail || !Number(mail[2]) || !Number(mail[3])) return { error: 'no "mail" or "nobody" user to read the mailboxes as (Dovecot refuses mail access as root)' };
  return { root: true, mailUid: Number(mail[2]), mailGid: Number(mail[3]) };
}

/**
 * As root, the mail processes' user must reach and write the Maildirs: var/mail and what is
 * under it become theirs (the sandbox, as root, still delivers), and the folders above it inside
 * the workspace get the search bit for others. A folder above the workspace that lets only its
 * owner through is not changed: what it is comes back, and IMAP is not available.
 */
export function openMailFolders(ws: Workspace, id: MailIdentity): string | undefined {
  if (!id.root) return undefined;
  const mail = ws.resolve('var/mail');
  const rel = relative(ws.root, mail).split(sep);
  const inside = rel.map((_, i) => join(ws.root, ...rel.slice(0, i)));
  for (let d = dirname(ws.root); ; d = dirname(d)) {
    const st = statSync(d);
    if (st.uid !== id.mailUid && !(st.mode & 0o001)) return `${d} lets only its owner through`;
    if (d === dirname(d)) break;
  }
  for (const d of inside) {
    const st = statSync(d);
    if (st.uid !== id.mailUid && !(st.mode & 0o001)) chmodSync(d, (st.mode & 0o7777) | 0o001);
  }
  const own = (p: string) => {
    const st = lstatSync(p);
    if (st.uid !== id.mailUid || st.gid !== id.mailGid) chownSync(p, id.mailUid, id.mailGid);
    if (st.isDirectory()) for (const name of readdirSync(p)) own(join(p, name));
  };
  try {
    own(mail);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return undefined;
}

const RECORD = 'dovecot.json';

interface Record {
  /** the watchdog's process group */
  pgid: number;
  /** the master, and when it started (a pid alone may be another program's by now) */
  pid: number;
  procStart?: string;
  dir: string;
}

const children = new Set<number>();
let exitHook = false;

/** A sandbox that ends any other way than its own stop (an uncaught exception) takes its Dovecots along. */
function killAllOnExit(): void {
  for (const pgid of children) {
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {
      // gone
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function killGroup(pgid: number, alive: () => boolean): Promise<void> {
  for (const [sig, wait] of [
    ['SIGTERM', 3000],
    ['SIGKILL', 1000],
  ] as const) {
    try {
      process.kill(-pgid, sig);
    } catch {
      return;
    }
    for (let t = 0; t < wait && alive(); t += 50) await sleep(50);
    if (!alive()) return;
  }
}

/** Stops a Dovecot this workspace's sandbox left running: by its record, and by its master.pid. */
export async function stopStale(ws: Workspace, dir: string): Promise<void> {
  let rec: Record | undefined;
  try {
    rec = JSON.parse(readFileSync(ws.metaPath(RECORD), 'utf8')) as Record;
  } catch {
    rec = undefined;
  }
  // the master still running with the start time recorded: its whole process group goes
  // (and of this very folder: a copied workspace carries the record of the original's)
  if (rec && rec.dir === dir && Number.isInteger(rec.pgid) && rec.pgid > 1 && rec.procStart && processStart(rec.pid) === rec.procStart) {
    await killGroup(rec.pgid, () => processStart(rec.pid) === rec.procStart);
  }
  rmSync(ws.metaPath(RECORD), { force: true });
  let master = 0;
  try {
    master = Number(readFileSync(join(dir, FILES.run, 'master.pid'), 'utf8').trim());
  } catch {
    return;
  }
  const ours = () => {
    try {
      return pidAlive(master) && readFileSync(`/proc/${master}/cmdline`, 'utf8').includes(join(dir, FILES.conf));
    } catch {
      return false;
    }
  };
  if (master > 1 && ours()) {
    try {
      process.kill(master, 'SIGTERM');
    } catch {
      return;
    }
    for (let t = 0; t < 3000 && ours(); t += 50) await sleep(50);
  }
}

export interface RunningDovecot {
  /** the master process */
  pid: number;
  /** the watchdog's process group: Dovecot and every process it started */
  pgid: number;
  /** resolves when the watchdog ends (Dovecot ended) */
  exited: Promise<number | null>;
  /** SIGHUP: the configuration, the certificate and the users are read again */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts Dovecot with the folder's dovecot.conf; each line it logs goes to `onLine`. Resolves
 * once it listens, or with what it said when it ended (or did not start in `readyMs`).
 */
export async function runDovecot(o: {
  binary: string;
  dir: string;
  ws: Workspace;
  onLine: (line: string) => void;
  readyMs?: number;
}): Promise<RunningDovecot | { error: string; lines: string[] }> {
  const proc: ChildProcess = spawn('/bin/sh', ['-c', WATCHDOG, o.binary, join(o.dir, FILES.conf)], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pgid = proc.pid!;
  children.add(pgid);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', killAllOnExit);
  }
  proc.stdin!.on('error', () => undefined);
  let master = 0;
  const said: string[] = [];
  let ready!: (ok: boolean) => void;
  const readyP = new Promise<boolean>((r) => (ready = r));
  let reloaded: (() => void) | undefined;
  createInterface({ input: proc.stdout! }).once('line', (l) => (master = Number(l.trim()) || 0));
  createInterface({ input: proc.stderr! }).on('line', (line) => {
    if (said.length < 50) said.push(line);
    if (/^master: Info: Dovecot v\S+ .*starting up/.test(line)) ready(true);
    if (/^master: Warning: SIGHUP received - reloading configuration/.test(line)) reloaded?.();
    o.onLine(line);
  });
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      children.delete(pgid);
      ready(false);
      resolve(code);
    }),
  );
  const timer = setTimeout(() => ready(false), o.readyMs ?? 10_000);
  timer.unref();
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      proc.stdin!.end();
      const t = setTimeout(() => {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          // gone
        }
      }, 5000);
      await exited;
      clearTimeout(t);
      // a process the master left behind (a mail process finishing its work)
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // none
      }
      rmSync(o.ws.metaPath(RECORD), { force: true });
    })());
  const ok = await readyP;
  clearTimeout(timer);
  if (!ok) {
    await stop();
    return { error: said.filter((l) => /Fatal|Error/.test(l)).join('\n') || said.join('\n') || 'Dovecot did not start', lines: said };
  }
  const rec: Record = { pgid, pid: master, procStart: processStart(master) ?? undefined, dir: o.dir };
  try {
    writeFileSync(o.ws.metaPath(RECORD), JSON.stringify(rec) + '\n');
  } catch {
    // a workspace without .mailsec/: the master.pid in the private folder is the record
  }
  return {
    pid: master,
    pgid,
    exited,
    stop,
    reload: async () => {
      if (!master) return;
      const done = new Promise<void>((r) => {
        reloaded = r;
        setTimeout(r, 3000).unref();
      });
      try {
        process.kill(master, 'SIGHUP');
      } catch {
        return;
      }
      await done;
      reloaded = undefined;
      // the old login processes stop taking clients once the new ones are up
      await sleep(300);
    },
  };
}
