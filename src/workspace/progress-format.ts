/*
 * The on-disk format of .mailsec/progress.json: its versions, how an older one is read,
 * and the field-by-field repair of a file of the wrong shape. The store that reads and
 * writes it under the lock is progress.ts.
 *
 * Format, version 2 (version 1 files are read too: their `attempts` was the count):
 *
 *   {
 *     "version": 2,
 *     "steps": {
 *       "01-threats/dos": {                      // "LESSON/STEP"
 *         "passed": true,                        // never undone by a later fail; only `mailsec reset LESSON`
 *         "passedAt": "2026-03-01T10:02:03.000Z",
 *         "attempts": [                          // each check, oldest first; the last MAX_HISTORY
 *           { "at": "2026-03-01T10:01:00.000Z", "status": "fail", "key": "check.mx.missing" },  // key: the verdict's message
 *           { "at": "2026-03-01T10:02:03.000Z", "status": "pass" }
 *         ],
 *         "attemptCount": 2,                     // every attempt ever, also those dropped from the list
 *         "hints": [{ "at": "2026-03-01T10:01:30.000Z", "n": 1 }],  // each hint shown: its number (from 1) and when
 *         "hintsUsed": 1,                        // hints revealed so far
 *         "answer": ["c"],                       // the last answer given to a quiz (string or option ids)
 *         "lastStatus": "pass",
 *         "lastCheckedAt": "2026-03-01T10:02:03.000Z",
 *         "resetAt": "..."                       // the last `mailsec reset` of its lesson, if any
 *       }
 *     },
 *     "lessons": { "01-threats": { "startedAt": "..." } },
 *     "current": { "lesson": "01-threats", "step": "dos" },
 *     "lang": "es"
 *   }
 *
 * A file of the wrong shape is repaired field by field here; what becomes of the
 * damaged original (set aside, the backup used) is the store's part.
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { msg } from '../i18n/messages.js';
import { UserError } from '../util/errors.js';

export type Answer = string | string[];

/** A check's verdict, as an attempt records it: pass / fail are about the learner's work; error is the tool's own fault. */
export type Status = 'pass' | 'fail' | 'error';

export interface Attempt {
  at: string;
  status: Status;
  /** the verdict's message key (which failure it was), for the teacher; absent in older files */
  key?: string;
}

export interface HintShown {
  at: string;
  /** the hint's number, from 1 */
  n: number;
}

export interface StepProgress {
  passed: boolean;
  passedAt?: string;
  attempts: Attempt[];
  attemptCount: number;
  hints: HintShown[];
  hintsUsed: number;
  answer?: Answer;
  lastStatus?: Status;
  lastCheckedAt?: string;
  resetAt?: string;
}

export interface ProgressData {
  version: 2;
  /** keyed by "lesson/step" */
  steps: Record<string, StepProgress>;
  lessons: Record<string, { startedAt: string }>;
  current?: { lesson: string; step: string };
  lang?: string;
}

export const PROGRESS_VERSION = 2;
/** attempts and hints kept per step; attemptCount goes on counting */
export const MAX_HISTORY = 200;

export const emptyProgress = (): ProgressData => ({ version: 2, steps: {}, lessons: {} });
export const emptyStep = (): StepProgress => ({ passed: false, attempts: [], attemptCount: 0, hints: [], hintsUsed: 0 });

const STATUSES: readonly string[] = ['pass', 'fail', 'error'];
const isStr = (x: unknown): x is string => typeof x === 'string';
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStatus = (x: unknown): x is Status => isStr(x) && STATUSES.includes(x);
/** a message key as the catalogs write them (a file from elsewhere, a submission, may hold anything) */
const isKey = (x: unknown): x is string => isStr(x) && /^[\w.-]{1,120}$/.test(x);
const isAnswer = (x: unknown): x is Answer => isStr(x) || (Array.isArray(x) && x.every(isStr));

interface Repaired {
  data: ProgressData;
  /** fields left out because they could not be read */
  problems: string[];
}

/**
 * The progress a parsed file holds, field by field: a field of the wrong type is left
 * out and named. Only fixed depths are looked at (never a recursive walk), and only
 * strings, numbers and flat lists are copied, so nothing deep can get through.
 */
function repairStep(key: string, x: unknown, problems: string[]): StepProgress | undefined {
  if (!isObj(x)) {
    problems.push(`steps["${key}"]`);
    return undefined;
  }
  const s = emptyStep();
  const bad = (f: string) => problems.push(`steps["${key}"].${f}`);
  if (x.passed !== undefined) {
    if (typeof x.passed === 'boolean') s.passed = x.passed;
    else bad('passed');
  }
  if (x.passedAt !== undefined) {
    if (isStr(x.passedAt)) s.passedAt = x.passedAt;
    else bad('passedAt');
  }
  if (typeof x.attempts === 'number') {
    // version 1 kept only the count
    if (isCount(x.attempts)) s.attemptCount = x.attempts;
    else bad('attempts');
  } else if (Array.isArray(x.attempts)) {
    for (const a of x.attempts) {
      if (isObj(a) && isStr(a.at) && isStatus(a.status) && (a.key === undefined || isKey(a.key)))
        s.attempts.push(a.key === undefined ? { at: a.at, status: a.status } : { at: a.at, status: a.status, key: a.key });
    }
    if (s.attempts.length !== x.attempts.length) bad('attempts');
    s.attempts = s.attempts.slice(-MAX_HISTORY);
  } else if (x.attempts !== undefined) bad('attempts');
  if (x.attemptCount !== undefined) {
    if (isCount(x.attemptCount)) s.attemptCount = x.attemptCount;
    else bad('attemptCount');
  }
  s.attemptCount = Math.max(s.attemptCount, s.attempts.length);
  if (Array.isArray(x.hints)) {
    for (const h of x.hints) {
      if (isObj(h) && isStr(h.at) && isCount(h.n) && h.n > 0) s.hints.push({ at: h.at, n: h.n });
    }
    if (s.hints.length !== x.hints.length) bad('hints');
    s.hints = s.hints.slice(-MAX_HISTORY);
  } else if (x.hints !== undefined) bad('hints');
  if (x.hintsUsed !== undefined) {
    if (isCount(x.hintsUsed)) s.hintsUsed = x.hintsUsed;
    else bad('hintsUsed');
  }
  s.hintsUsed = Math.max(s.hintsUsed, ...s.hints.map((h) => h.n));
  if (x.answer !== undefined) {
    if (isAnswer(x.answer)) s.answer = Array.isArray(x.answer) ? [...x.answer] : x.answer;
    else bad('answer');
  }
  if (x.lastStatus !== undefined) {
    if (isStatus(x.lastStatus)) s.lastStatus = x.lastStatus;
    else bad('lastStatus');
  }
  for (const f of ['lastCheckedAt', 'resetAt'] as const) {
    if (x[f] === undefined) continue;
    if (isStr(x[f])) s[f] = x[f];
    else bad(f);
  }
  return s;
}

function repair(x: Record<string, unknown>): Repaired {
  const problems: string[] = [];
  const data = emptyProgress();
  if (x.version !== 1 && x.version !== 2) problems.push('version');
  if (isObj(x.steps)) {
    for (const [key, v] of Object.entries(x.steps)) {
      if (!/^[^/]+\/[^/]+$/.test(key)) {
        problems.push(`steps["${key}"]`);
        continue;
      }
      const s = repairStep(key, v, problems);
      if (s) data.steps[key] = s;
    }
  } else if (x.steps !== undefined) problems.push('steps');
  if (isObj(x.lessons)) {
    for (const [id, v] of Object.entries(x.lessons)) {
      if (isObj(v) && isStr(v.startedAt)) data.lessons[id] = { startedAt: v.startedAt };
      else problems.push(`lessons["${id}"]`);
    }
  } else if (x.lessons !== undefined) problems.push('lessons');
  if (x.current !== undefined) {
    if (isObj(x.current) && isStr(x.current.lesson) && isStr(x.current.step))
      data.current = { lesson: x.current.lesson, step: x.current.step };
    else problems.push('current');
  }
  if (x.lang !== undefined) {
    if (isStr(x.lang)) data.lang = x.lang;
    else problems.push('lang');
  }
  return { data, problems };
}

export type Disk =
  | { kind: 'missing' }
  /** not JSON (torn write, nested too deep) or not an object at all */
  | { kind: 'unreadable' }
  | { kind: 'ok'; text: string; data: ProgressData; problems: string[]; stat: Stats };

function fileError(file: string, e: NodeJS.ErrnoException): UserError {
  if (e.code === 'EISDIR') return new UserError(msg('progress.notAFile', { path: file }));
  return new UserError(msg('progress.cannotAccess', { path: file, error: e.code ?? e.message }));
}

export function readDisk(file: string): Disk {
  let text: string;
  let stat: Stats;
  try {
    stat = statSync(file);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw fileError(file, e as NodeJS.ErrnoException);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // SyntaxError, or RangeError for JSON nested too deep for the parser
    return { kind: 'unreadable' };
  }
  if (!isObj(parsed)) return { kind: 'unreadable' };
  if (typeof parsed.version === 'number' && parsed.version > PROGRESS_VERSION) {
    throw new UserError(msg('progress.newer', { path: file, version: parsed.version }));
  }
  return { kind: 'ok', text, stat, ...repair(parsed) };
}
