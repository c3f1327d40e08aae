import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/messages.js';
import type { Graded } from './grade.js';
import type { Trace } from './copies.js';
import { openSubmission } from './open.js';
import { checkCost } from './limits.js';
import { UserError } from '../util/errors.js';

/**
 * Each submission is graded by a child process of its own (`mailsec grade FILE` with
 * MAILSEC_GRADE_WORKER set), so whatever one bundle does, the class is graded: the child
 * is killed past a time limit, its heap is capped, and a crash is that student's alone.
 */
export const WORKER_ENV = 'MAILSEC_GRADE_WORKER';

export interface WorkerReply {
  graded?: Graded;
  traces?: Trace[];
  /** the bundle was refused: the reason, in the teacher's language */
  refused?: string;
}

export type Outcome = { file: string; graded: Graded; traces: Trace[] } | { file: string; error: string; bug?: boolean };

export interface PoolOptions {
  lang: Lang;
  /** a folder of the grader's own; each student gets a numbered folder inside */
  work: string;
  timeoutMs: number;
  heapMb: number;
  concurrency: number;
  /** the teacher's identities (--teacher), which each student's grading reads with */
  teacher?: string;
}

/** The time limit per student: MAILSEC_GRADE_TIMEOUT seconds, 120 by default. */
export function timeLimitMs(env: NodeJS.ProcessEnv = process.env): number {
  const s = Number(env.MAILSEC_GRADE_TIMEOUT);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 120_000;
}

const MAX_STDOUT = 64 * 1024 * 1024;
const MAX_STDERR = 64 * 1024;

function gradeInChild(file: string, dir: string, o: PoolOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    const args = [
      ...process.execArgv,
      `--max-old-space-size=${o.heapMb}`,
      process.argv[1],
      '--lang',
      o.lang,
      'grade',
      ...(o.teacher ? ['--teacher', o.teacher] : []),
      '--',
      file,
    ];
    const child = spawn(process.execPath, args, { env: { ...process.env, [WORKER_ENV]: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let timedOut = false;
    let flooded = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs);
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > MAX_STDOUT) {
        flooded = true;
        child.kill('SIGKILL');
      } else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < MAX_STDERR) err += b.toString('utf8');
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = Math.round(o.timeoutMs / 100) / 10;
      const bad = (key: string, params = {}) => t(o.lang, 'grade.badBundle', { file, reason: { key, params } });
      if (timedOut) return resolve({ file, error: bad('grade.r.timeout', { seconds }) });
      if (/heap out of memory|Allocation failed/i.test(err) || signal === 'SIGABRT' || code === 134)
        return resolve({ file, error: bad('grade.r.memory') });
      let reply: WorkerReply | undefined;
      try {
        if (!flooded && code === 0) reply = JSON.parse(Buffer.concat(out).toString('utf8')) as WorkerReply;
      } catch {
        reply = undefined;
      }
      if (reply?.refused) return resolve({ file, error: reply.refused });
      if (reply?.graded && reply.traces) return resolve({ file, graded: reply.graded, traces: reply.traces });
      // a crash of the grader on this bundle: a bug in mailsec, shown without its stack
      const why = err
        .split('\n')
        .filter((l) => l.trim() && !/^\s+at /.test(l))
        .slice(0, 3)
        .join(' ')
        .slice(0, 400);
      resolve({ file, error: bad('grade.r.crashed', { error: why || `exit ${code ?? signal}` }), bug: true });
    });
  });
}

/**
 * A bundle that is no bundle (no regular file, too large, not one, hostile paths, zones
 * too large) is refused here, without a process: reading it is bounded in size and time.
 */
async function refusedHere(file: string, o: PoolOptions): Promise<string | undefined> {
  const lang = o.lang;
  try {
    checkCost(file, (await openSubmission(file, o.teacher)).bundle);
    return undefined;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return t(lang, e.userMessage.key, e.userMessage.params);
  }
}

/** Grades every file, `concurrency` at a time; the outcomes in the files' order. */
export async function gradeAll(files: string[], o: PoolOptions): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(files.length);
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const i = next++;
      // numbered: two bundles with one name (from two folders) never share a folder
      const dir = join(o.work, String(i + 1).padStart(3, '0'));
      const refusal = await refusedHere(files[i], o);
      if (refusal) {
        outcomes[i] = { file: files[i], error: refusal };
        continue;
      }
      mkdirSync(dir, { recursive: true });
      outcomes[i] = await gradeInChild(files[i], dir, o);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, files.length)) }, lane));
  return outcomes;
}
