import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/messages.js';
import type { Graded } from './grade.js';
import type { Trace } from './copies.js';
import { openSubmission } from './open.js';
import { checkCost } from './limits.js';
import { UserError } from '../util/errors.js';

/**
 * Submissions are graded by worker processes (`mailsec grade` with MAILSEC_GRADE_WORKER
 * set), each taking one student at a time over its IPC channel, so whatever one bundle
 * does, the class is graded: a worker is killed when a student passes the time limit, its
 * heap is capped, and a crash is that student's alone (the student is tried once more in a
 * fresh worker first, so a worker worn by earlier students never takes the blame). Workers
 * live for several students: the course, the modules and the process start are paid once.
 */
export const WORKER_ENV = 'MAILSEC_GRADE_WORKER';

export interface WorkerReply {
  graded?: Graded;
  traces?: Trace[];
  /** the bundle was refused: the reason, in the teacher's language */
  refused?: string;
}

/** One student for a worker: the bundle and the folder its files go to. */
export interface WorkerJob {
  file: string;
  dir: string;
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

const MAX_STDERR = 64 * 1024;
/** What a worker sends once it listens for students. */
export const READY = 'mailsec-grade-worker-ready';
/** Students a worker grades before a fresh one takes over: what one leaves behind does not pile up. */
const STUDENTS_PER_WORKER = 100;

type Ended = { timedOut: boolean; code: number | null; signal: NodeJS.Signals | null; err: string };

class Worker {
  private readonly child: ChildProcess;
  private err = '';
  private job?: { resolve: (r: WorkerReply | Ended) => void; timer: NodeJS.Timeout };
  private ended?: Ended;
  private readonly ready: Promise<void>;
  private isReady!: () => void;
  graded = 0;

  constructor(private readonly o: PoolOptions) {
    const args = [
      ...process.execArgv,
      `--max-old-space-size=${o.heapMb}`,
      process.argv[1],
      '--lang',
      o.lang,
      'grade',
      ...(o.teacher ? ['--teacher', o.teacher] : []),
    ];
    this.child = spawn(process.execPath, args, {
      env: { ...process.env, [WORKER_ENV]: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.child.stderr!.on('data', (b: Buffer) => {
      if (this.err.length < MAX_STDERR) this.err += b.toString('utf8');
    });
    this.ready = new Promise((r) => (this.isReady = r));
    this.child.on('message', (m) => {
      // the worker says when it listens: a job sent before would be lost
      if (m === READY) return this.isReady();
      const job = this.job;
      if (!job) return;
      this.job = undefined;
      clearTimeout(job.timer);
      this.graded++;
      job.resolve(m as WorkerReply);
    });
    this.child.on('exit', (code, signal) => {
      this.ended ??= { timedOut: false, code, signal, err: this.err };
      const job = this.job;
      this.job = undefined;
      this.isReady();
      if (job) {
        clearTimeout(job.timer);
        job.resolve(this.ended);
      }
    });
    // a worker that is gone cannot take the message: the exit above answers the job
    this.child.on('error', () => undefined);
  }

  get usable(): boolean {
    return !this.ended && this.graded < STUDENTS_PER_WORKER;
  }

  /** One student: the worker's reply, or how the worker ended while on it. */
  run(job: WorkerJob): Promise<WorkerReply | Ended> {
    return new Promise((resolve) => {
      this.err = '';
      const timer = setTimeout(() => {
        this.ended = { timedOut: true, code: null, signal: 'SIGKILL', err: this.err };
        this.child.kill('SIGKILL');
      }, this.o.timeoutMs);
      this.job = { resolve, timer };
      void this.ready.then(() => {
        if (this.job && !this.ended) this.child.send(job, (e) => e && this.child.kill('SIGKILL'));
      });
    });
  }

  stop(): void {
    if (!this.ended) this.child.disconnect();
  }
}

function isEnded(r: WorkerReply | Ended): r is Ended {
  return 'timedOut' in r;
}

function outcomeOf(file: string, r: WorkerReply | Ended, o: PoolOptions): Outcome {
  const bad = (key: string, params = {}) => t(o.lang, 'grade.badBundle', { file, reason: { key, params } });
  if (!isEnded(r)) {
    if (r.refused) return { file, error: r.refused };
    if (r.graded && r.traces) return { file, graded: r.graded, traces: r.traces };
    return { file, error: bad('grade.r.crashed', { error: 'no result' }), bug: true };
  }
  if (r.timedOut) return { file, error: bad('grade.r.timeout', { seconds: Math.round(o.timeoutMs / 100) / 10 }) };
  if (/heap out of memory|Allocation failed/i.test(r.err) || r.signal === 'SIGABRT' || r.code === 134)
    return { file, error: bad('grade.r.memory') };
  // a crash of the grader on this bundle: a bug in mailsec, shown without its stack
  const why = r.err
    .split('\n')
    .filter((l) => l.trim() && !/^\s+at /.test(l))
    .slice(0, 3)
    .join(' ')
    .slice(0, 400);
  return { file, error: bad('grade.r.crashed', { error: why || `exit ${r.code ?? r.signal}` }), bug: true };
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
    let worker: Worker | undefined;
    const fresh = () => (worker?.usable ? worker : (worker?.stop(), (worker = new Worker(o))));
    while (next < files.length) {
      const i = next++;
      // numbered: two bundles with one name (from two folders) never share a folder
      const dir = join(o.work, String(i + 1).padStart(3, '0'));
      const refusal = await refusedHere(files[i], o);
      if (refusal) {
        outcomes[i] = { file: files[i], error: refusal };
        continue;
      }
      let r = await fresh().run({ file: files[i], dir: clean(dir) });
      // a worker that died on a student after grading others: once more in a fresh one
      if (isEnded(r) && !r.timedOut && worker!.graded > 0) {
        worker = undefined;
        r = await fresh().run({ file: files[i], dir: clean(dir) });
      }
      outcomes[i] = outcomeOf(files[i], r, o);
    }
    worker?.stop();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, files.length)) }, lane));
  return outcomes;
}

/** An empty folder for a student (a second try starts from nothing). */
function clean(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
