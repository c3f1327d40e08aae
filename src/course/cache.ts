import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import type { Course } from './types.js';

/**
 * Parsing and validating every lesson.yaml costs several times Node's own start-up;
 * the result is kept in the user's cache, keyed by the lesson files' content and by
 * the build of mailsec that validated them (an id the bundler writes into each build).
 * From the sources (tests, tsx) there is no build identity, so nothing is cached.
 */
declare const __MAILSEC_BUILD__: string | undefined;

export function buildIdentity(): string | undefined {
  return typeof __MAILSEC_BUILD__ === 'string' ? __MAILSEC_BUILD__ : undefined;
}

/** The cached course, if this build cached it for these lesson files; nothing else is loaded. */
export function cachedCourse<T>(root: string): { value?: T; key?: string } {
  const build = buildIdentity();
  const dir = cacheDir();
  if (!build || !dir) return {};
  try {
    const key = fingerprint(root, build);
    return { value: readCache<T>(dir, key), key };
  } catch {
    return {};
  }
}

/** The course this build cached for these lesson files, if any, without loading its parser. */
export function readCachedCourse(root: string): Course | undefined {
  const c = cachedCourse<Course>(root).value;
  return c && Array.isArray(c.lessons) && Array.isArray(c.errors) ? c : undefined;
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.MAILSEC_CACHE_DIR === '') return undefined;
  return env.MAILSEC_CACHE_DIR ?? join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mailsec');
}

/** A hash of every file under the lessons folder, names and contents. */
export function fingerprint(root: string, build: string): string {
  const h = createHash('sha256').update(build).update('\0');
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else h.update(`${rel}${name}\0`).update(readFileSync(p)).update('\0');
    }
  };
  walk(root, '');
  return h.digest('hex').slice(0, 32);
}

export function readCache<T>(dir: string, key: string): T | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, `course-${key}.json`), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function writeCache(dir: string, key: string, value: unknown): void {
  try {
    // one course is cached at a time: older entries are for files that have since changed
    for (const f of readdirSync(dir)) if (/^course-[0-9a-f]+\.json$/.test(f)) rmSync(join(dir, f), { force: true });
  } catch {
    // no cache folder yet
  }
  try {
    writeFileAtomic(join(dir, `course-${key}.json`), JSON.stringify(value));
  } catch {
    // a read-only home only costs speed
  }
}
