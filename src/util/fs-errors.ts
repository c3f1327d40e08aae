// File-system errors a user causes with a path they give (a folder that is a file, a place
// they may not write, a name too long) become a plain message naming the path. Only errors
// about that path, a path inside it or a folder on the way to it: the same ENOENT on one of
// mailsec's own files is a bug, and stays one.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { UserError } from './errors.js';
import { msg } from '../i18n/messages.js';

const KEYS: Record<string, string> = {
  ENOENT: 'fs.notFound',
  EACCES: 'fs.denied',
  EPERM: 'fs.denied',
  EROFS: 'fs.readOnly',
  EEXIST: 'fs.exists',
  ENOTDIR: 'fs.notDir',
  EISDIR: 'fs.isDir',
  ENAMETOOLONG: 'fs.tooLong',
  ELOOP: 'fs.loop',
  ENOSPC: 'fs.noSpace',
  EDQUOT: 'fs.noSpace',
};

/** 'write': the path is to be made, so ENOENT means its place takes no new files (as /proc). */
export type Intent = 'read' | 'write';

function errno(e: unknown): (NodeJS.ErrnoException & { code: string }) | undefined {
  const x = e as NodeJS.ErrnoException | undefined;
  return x instanceof Error && typeof x.code === 'string' && typeof x.syscall === 'string' && x.code in KEYS
    ? (x as NodeJS.ErrnoException & { code: string })
    : undefined;
}

/** A path as a message shows it: control characters made visible, a very long one shortened. */
export function shownPath(p: string): string {
  const s = p.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return s.length > 160 ? `${s.slice(0, 80)}…${s.slice(-60)}` : s;
}

function related(errPath: string, given: string): boolean {
  const a = resolve(errPath);
  const b = resolve(given);
  const within = (x: string, y: string) => x === y || x.startsWith(y.endsWith(sep) ? y : y + sep);
  return within(a, b) || within(b, a);
}

/** The UserError for a file-system error on `path`, or undefined when `e` is not one the user can cause there. */
export function userFsError(e: unknown, paths: string[], intent: Intent = 'read'): UserError | undefined {
  const x = errno(e);
  if (!x) return undefined;
  const at = x.path ?? paths[0];
  if (!at || (x.path && !paths.some((p) => related(x.path!, p)))) return undefined;
  const key = x.code === 'ENOENT' && intent === 'write' ? 'fs.cannotCreate' : KEYS[x.code];
  return new UserError(msg(key, { path: shownPath(at), parent: shownPath(dirname(resolve(at))) }));
}

/**
 * Runs file-system work on paths the user named (`paths`): the errors they can cause
 * there become a UserError with a plain message; anything else goes on as it was.
 */
export function onUserPaths<T>(paths: string[], intent: Intent, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw userFsError(e, paths, intent) ?? e;
  }
}

export async function onUserPathsAsync<T>(paths: string[], intent: Intent, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw userFsError(e, paths, intent) ?? e;
  }
}

/**
 * `mkdir -p`. Node's recursive mkdirSync never returns where mkdir(2) answers ENOENT under
 * a parent that exists (any name under /proc): it retries forever at full CPU. This one
 * makes each missing parent once, and a file in the way is ENOTDIR, not "already exists".
 */
export function makeDirs(dir: string): void {
  const path = resolve(dir);
  try {
    mkdirSync(path);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (statSync(path).isDirectory()) return;
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), { code: 'ENOTDIR', errno: -20, syscall: 'mkdir', path });
    }
    if (code !== 'ENOENT' || dirname(path) === path) throw e;
  }
  makeDirs(dirname(path));
  try {
    mkdirSync(path);
  } catch (e) {
    // ENOENT again: the parent is there but takes no folders
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(path).isDirectory()) throw e;
  }
}
