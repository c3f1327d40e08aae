import { openSync, writeSync, fsyncSync, closeSync, renameSync, mkdirSync, readFileSync, rmSync, statSync, linkSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

/** Writes a file so a crash leaves either the old or the new content, never half of it. */
export function writeFileAtomic(path: string, data: string | Buffer, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dfd = openSync(dirname(path), 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    // some filesystems do not allow fsync on a directory; the rename is still atomic
  }
}

/** Who holds a lock file: written into it by the holder. */
export interface LockHolder {
  pid: number;
  host: string;
  /** when it was taken */
  at: string;
  /** tells this holding apart from an older one of the same pid (a reboot reuses pids) */
  token: string;
}

/** The lock could not be had in time: another live process holds it. */
export class LockBusyError extends Error {
  constructor(
    public readonly path: string,
    public readonly holder?: LockHolder,
  ) {
    super(`lock ${path} is held${holder ? ` by pid ${holder.pid}` : ''}`);
    this.name = 'LockBusyError';
  }
}

export interface LockOptions {
  /** how long to wait for a live holder */
  timeoutMs?: number;
  /** a lock older than this is a leftover whatever its pid says (holders keep it for milliseconds) */
  staleMs?: number;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleepSync = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);
const heldTokens = new Set<string>();

/** Whether a process with this pid exists on this machine (EPERM: it does, and belongs to someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<LockHolder> | null;
    if (h && typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.at === 'string' && typeof h.token === 'string')
      return h as LockHolder;
  } catch {
    // empty or torn: judged by the file's age
  }
  return undefined;
}

function isStale(path: string, text: string, staleMs: number): boolean {
  const h = readHolder(text);
  let born: number;
  if (h) born = Date.parse(h.at);
  else {
    try {
      born = statSync(path).mtimeMs;
    } catch {
      return false;
    }
  }
  if (!(Date.now() - born < staleMs)) return true;
  if (!h || h.host !== hostname()) return false;
  if (h.pid === process.pid) return !heldTokens.has(h.token);
  return !pidAlive(h.pid);
}

/**
 * Removes a stale lock without removing a fresh one taken meanwhile: the file is moved
 * aside first (only one process can), and put back if it is not the one judged stale.
 */
function breakStale(path: string, seen: string): void {
  const aside = `${path}.stale-${process.pid}-${randomUUID()}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    if (readFileSync(aside, 'utf8') !== seen) {
      try {
        linkSync(aside, path);
      } catch {
        // a newer lock is already there
      }
    }
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * Runs fn holding an exclusive lock file (created with O_CREAT|O_EXCL, holding the
 * holder's pid, host and start time). A lock left by a dead process, or older than
 * staleMs, is broken; a live holder is waited for up to timeoutMs, then LockBusyError.
 */
export function withLock<T>(path: string, fn: () => T, o: LockOptions = {}): T {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const staleMs = o.staleMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const me: LockHolder = { pid: process.pid, host: hostname(), at: '', token: randomUUID() };
  let pause = 1;
  let text = '';
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      me.at = new Date().toISOString();
      text = JSON.stringify(me);
      try {
        writeSync(fd, text);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let seen: string;
    try {
      seen = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    if (isStale(path, seen, staleMs)) {
      breakStale(path, seen);
      continue;
    }
    if (Date.now() >= deadline) throw new LockBusyError(path, readHolder(seen));
    sleepSync(pause + Math.random() * pause);
    pause = Math.min(pause * 2, 50);
  }
  heldTokens.add(me.token);
  try {
    return fn();
  } finally {
    heldTokens.delete(me.token);
    try {
      // only our own lock: a holder judged stale may find another's in its place
      if (readFileSync(path, 'utf8') === text) rmSync(path, { force: true });
    } catch {
      // already gone
    }
  }
}
