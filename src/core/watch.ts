import { watch as fsWatch, existsSync, readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { EVENTS_FILE } from '../sandbox/api.js';
import { META_DIR } from '../workspace/workspace.js';

/**
 * Watch mode, headless: tells when the learner's files (or the sandbox's event log)
 * change, once per burst of changes. The TUI re-checks the current step on each call.
 */

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

interface Closable {
  close(): void;
  on?(event: 'error', fn: (e: Error) => void): unknown;
}
export type WatchFn = (dir: string, opts: { recursive: boolean }, listener: (event: string, file: string | null) => void) => Closable;

export interface WatchOptions {
  /** quiet time after the last change before `onChange` runs */
  delayMs?: number;
  timers?: Timers;
  watch?: WatchFn;
  now?: () => number;
  onError?: (e: Error) => void;
  /**
   * One recursive watch of the workspace (the default except on Linux), or every folder watched
   * by itself. On Linux, Node's recursive watch follows each file, and a file replaced by a rename
   * (as `sed -i` and many editors save) is never seen again; a folder's own watch names whatever
   * changes in it.
   */
  recursive?: boolean;
}

export interface WorkspaceWatcher {
  /** While a check runs, changes are held; event-log writes made by the check itself are dropped. */
  pause(): void;
  resume(): void;
  close(): void;
  /** true when the folders are watched one by one (no recursive watch, or not wanted) */
  readonly fallback: boolean;
}

// editors' swap and backup files, and the file `sed -i` writes before renaming it over the
// one edited (sedXXXXXX): not the learner's work, and gone by the time it would be named
const EDITOR_TEMP = /(^|\/)(\.[^/]*\.sw[a-p]|[^/]*~|4913|\.#[^/]*|#[^/]*#|sed[A-Za-z0-9]{6})$/;

/** Whether a change to this workspace-relative path can change a verdict. */
export function isRelevant(rel: string): boolean {
  const p = rel.split(sep).join('/').replace(/^\.\//, '');
  if (!p) return false;
  if (p === META_DIR || p.startsWith(META_DIR + '/')) return false;
  if (p === 'var/log' || p.startsWith('var/log/')) return p === EVENTS_FILE;
  return !EDITOR_TEMP.test(p);
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

const realWatch: WatchFn = (dir, opts, listener) =>
  fsWatch(dir, { recursive: opts.recursive, persistent: false }, (ev, f) => listener(ev, f === null ? null : String(f)));

function subdirs(root: string, rel: string): string[] {
  if (rel === META_DIR) return [];
  const out = [rel];
  let names: string[];
  try {
    names = readdirSync(join(root, rel));
  } catch {
    return [];
  }
  for (const n of names) {
    try {
      if (statSync(join(root, rel, n)).isDirectory()) out.push(...subdirs(root, join(rel, n)));
    } catch {
      // removed meanwhile
    }
  }
  return out;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The file to name for a burst of changes: one that is still there (an editor's temporary file is gone). */
export function changedFile(root: string, files: string[]): string | undefined {
  return files.find((f) => existsSync(join(root, f))) ?? files[0];
}

export function watchWorkspace(root: string, onChange: (files: string[]) => void, o: WatchOptions = {}): WorkspaceWatcher {
  const delay = o.delayMs ?? 300;
  const timers = o.timers ?? realTimers;
  const watch = o.watch ?? realWatch;
  const now = o.now ?? Date.now;
  const watchers: Closable[] = [];
  let pending = new Set<string>();
  let timer: unknown;
  // pauses nest: a watch re-check and a check by hand may overlap
  let paused = 0;
  let closed = false;
  // event-log writes up to this moment came from our own check (a probe of the sandbox)
  let mutedUntil = 0;

  const fire = () => {
    timer = undefined;
    if (closed || paused || !pending.size) return;
    const files = [...pending].sort();
    pending = new Set();
    onChange(files);
  };
  const schedule = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = timers.setTimeout(fire, delay);
  };
  // folders watched one by one: each one's watcher, by its workspace-relative path
  const folders = new Map<string, Closable>();
  const listener = (base: string) => (_ev: string, file: string | null) => {
    // a change without a file name cannot be told from our own progress writes
    if (closed || file === null) return;
    const rel = base ? join(base, file) : file;
    if (fallback) {
      const known = folders.get(rel);
      // a folder removed: forget its watcher, so that one made again by that name is watched anew
      if (known && !isDir(join(root, rel))) {
        known.close();
        folders.delete(rel);
      }
      // a folder made since (mkdir -p var/www/mta-sts/.well-known): watched from now on, with what it holds
      if (!known) for (const d of subdirs(root, rel)) tryAdd(d);
    }
    if (!isRelevant(rel)) return;
    const p = rel.split(sep).join('/');
    if (p === EVENTS_FILE && (paused || now() < mutedUntil)) return;
    pending.add(p);
    if (!paused) schedule();
  };
  const add = (rel: string, recursive: boolean) => {
    if (!recursive && folders.has(rel)) return;
    const w = watch(join(root, rel), { recursive }, listener(rel));
    w.on?.('error', (e: Error) => {
      try {
        w.close();
      } catch {
        // already closed
      }
      o.onError?.(e);
    });
    watchers.push(w);
    if (!recursive) folders.set(rel, w);
  };

  const tryAdd = (rel: string) => {
    try {
      add(rel, false);
    } catch (e) {
      // a folder removed before its watch began is no error
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') o.onError?.(e as Error);
    }
  };

  let fallback = !(o.recursive ?? process.platform !== 'linux');
  if (!fallback) {
    try {
      add('', true);
    } catch {
      // no recursive watch here
      fallback = true;
    }
  }
  if (fallback) {
    // every folder of the workspace but .mailsec, one by one
    for (const rel of subdirs(root, '')) tryAdd(rel);
  }

  return {
    fallback,
    pause() {
      paused += 1;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
    },
    resume() {
      if (!paused) return;
      paused -= 1;
      if (paused) return;
      mutedUntil = now() + delay;
      if (pending.size) schedule();
    },
    close() {
      closed = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      for (const w of watchers) {
        try {
          w.close();
        } catch {
          // already closed
        }
      }
    },
  };
}
