import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { join, basename, resolve } from 'node:path';
import { hasTeacher } from '../mailcrypto/teacher.js';
import type { GlobalOptions } from './options.js';
import { course } from './common.js';
import { bundleFiles, gradeOne, type Graded } from '../grading/grade.js';
import { findCopies } from '../grading/copies.js';
import { gradeAll, READY, timeLimitMs, WORKER_ENV, type WorkerJob, type WorkerReply } from '../grading/pool.js';
import { checkOutputs, courseFile, effortLine, gradesJson, printCsv, writeReports, type ReportOptions } from './grade-reports.js';
import { loadStart } from '../sandbox/api.js';
import { t, msg } from '../i18n/messages.js';
import { UserError } from '../util/errors.js';
import { makeDirs, onUserPaths } from '../util/fs-errors.js';

/** The heap a student's grading may use (MB): past it, that student is stopped, not the class. */
const HEAP_MB = 1024;

/** Grades every submission offline; each one in a process of its own, with its own sandbox for live checks. */
export async function grade(g: GlobalOptions, inputs: string[], o: ReportOptions): Promise<number> {
  const { csv, keep } = o;
  const teacherDir = o.teacher === undefined ? undefined : resolve(o.teacher);
  if (teacherDir && !hasTeacher(teacherDir)) throw new UserError(msg('teacher.missing', { dir: teacherDir }));
  const worker = process.env[WORKER_ENV];
  if (worker) return gradeWorker(g, teacherDir);
  const files = onUserPaths(inputs, 'read', () => bundleFiles(inputs));
  if (!files.length) throw new UserError(msg('grade.none', { inputs: inputs.join(' ') || '.' }));
  // the course is checked once here: a broken one stops before any student is graded
  const c = course(g);
  // a mistake in the course file, or an output that cannot be written, is told before the class is graded
  const cf = courseFile(c, o.course);
  checkOutputs(o);
  const work = keep ?? mkdtempSync(join(tmpdir(), 'mailsec-grade-'));
  if (keep) onUserPaths([keep], 'write', () => makeDirs(keep));
  let outcomes;
  try {
    outcomes = await gradeAll(files, {
      lang: g.lang,
      work,
      timeoutMs: timeLimitMs(),
      heapMb: HEAP_MB,
      concurrency: Math.min(availableParallelism(), 4),
      teacher: teacherDir,
    });
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
  const all = outcomes.flatMap((o) => ('graded' in o ? [o] : []));
  const failed = outcomes.flatMap((o) => ('error' in o ? [{ file: o.file, error: o.error, ...(o.bug ? { bug: true } : {}) }] : []));
  findCopies(all, g.lang);
  const graded: Graded[] = all.map((a) => a.graded);
  writeReports(g, o, c, cf, graded, failed);
  if (g.json) {
    process.stdout.write(gradesJson(cf, graded, failed));
  } else if (csv) {
    printCsv(g, cf, graded);
  } else {
    process.stdout.write(t(g.lang, 'grade.header') + '\n');
    for (const s of graded) {
      const errors = s.errors ? `  ${t(g.lang, 'grade.internalErrors', { n: s.errors })}` : '';
      process.stdout.write(
        `${s.student}  ${s.domain}  ${s.passed}/${s.total}  ${s.checkpoints.passed}/${s.checkpoints.total}${errors}  (${basename(s.file)})\n`,
      );
      process.stdout.write(effortLine(g, cf, s) + '\n');
      for (const w of s.warnings) process.stdout.write(`  ${t(g.lang, 'grade.warning')}: ${w}\n`);
      for (const r of s.teacherRead ?? []) process.stdout.write(`  ${r}\n`);
    }
  }
  for (const f of failed) process.stderr.write(f.error + '\n');
  return failed.some((f) => f.bug) ? 70 : failed.length ? 1 : 0;
}

/** A worker the pool started: one student per message on the IPC channel, its outcome sent back. */
async function gradeWorker(g: GlobalOptions, teacher: string | undefined): Promise<number> {
  const { startSandbox } = await loadStart();
  const c = course(g);
  let queue = Promise.resolve();
  process.on('message', (job: WorkerJob) => {
    queue = queue.then(async () => {
      let reply: WorkerReply;
      try {
        reply = await gradeOne(
          job.file,
          c,
          job.dir,
          g.lang,
          (ws) =>
            startSandbox({
              ws,
              ports: { smtp: 0, submission: 0, smtps: 0, outside: 0, dns: 0, https: 0, pop3: 0, pop3s: 0, imap: 0, imaps: 0 },
              imap: false,
            }),
          { teacher },
        );
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        reply = { refused: t(g.lang, e.userMessage.key, e.userMessage.params) };
      }
      await new Promise<void>((done) => process.send!(reply, () => done()));
    });
  });
  process.send!(READY);
  // the pool closes the channel when it has no more students for this worker
  await new Promise<void>((done) => process.once('disconnect', done));
  await queue;
  // a timer or socket a check left behind must not keep the worker
  process.exit(0);
}
