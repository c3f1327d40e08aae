import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';
import type { Course } from '../course/loader.js';
import { Workspace } from '../workspace/workspace.js';
import { Progress } from '../workspace/progress.js';
import { runCheck } from '../checks/run.js';
import type { SandboxProbe } from '../checks/types.js';
import type { SandboxPorts } from '../util/ports.js';
import type { SandboxHandle } from '../sandbox/api.js';
import type { Lang } from '../i18n/lang.js';
import { render, t } from '../i18n/messages.js';
import { UserError } from '../util/errors.js';
import { extractBundle } from './bundle.js';
import { CLASS_IN_BUNDLE, openSubmission, sealNote } from './open.js';
import { checkCost } from './limits.js';
import { tracesOf, type Shared, type Trace } from './copies.js';
import { teacherReview } from './teacher-read.js';
import { stepEvidence, studentOf, type StepEvidence } from './evidence.js';

interface StepResult {
  lesson: string;
  step: string;
  checkpoint: boolean;
  status: 'pass' | 'fail' | 'error';
  message: string;
  /** what the learner's own workbook recorded; a pass there that fails here is flagged */
  claimed: boolean;
}
export type StepGrade = StepResult & StepEvidence;

export interface Graded {
  file: string;
  student: string;
  /** the roster's e-mail and the student's language, when the bundle gives them */
  email?: string;
  lang?: Lang;
  domain: string;
  createdAt: string;
  /** where the grader's own sandbox listened: its ports, not the student's, are in the live checks' messages */
  ports?: SandboxPorts;
  results: StepGrade[];
  passed: number;
  total: number;
  /** steps whose check crashed: a bug in mailsec, graded by hand, never counted as failed */
  errors: number;
  checkpoints: { passed: number; total: number };
  warnings: string[];
  /** the students this one shares keys, signatures, answers or files with (copy detection) */
  copies?: Shared[];
  /** with the teacher's key: the seal's signature and the files the student encrypted for the teacher, read */
  teacherRead?: string[];
}

export function bundleFiles(inputs: string[]): string[] {
  const out: string[] = [];
  for (const i of inputs) {
    if (existsSync(i) && statSync(i).isDirectory()) {
      for (const f of readdirSync(i).sort()) if (/\.mailsec$/.test(f)) out.push(join(i, f));
    } else out.push(i);
  }
  return out;
}

/**
 * Grades one submission by re-running every check on the learner's files in a
 * folder of their own, with a sandbox of their own when live checks need one:
 * the verdict is the grader's, not the learner's progress file.
 */
export async function gradeOne(
  file: string,
  course: Course,
  workDir: string,
  lang: Lang,
  startSandbox?: (ws: Workspace) => Promise<SandboxHandle>,
  opts: { teacher?: string } = {},
): Promise<{ graded: Graded; traces: Trace[] }> {
  const { bundle: b, sealed, openedWith } = await openSubmission(file, opts.teacher);
  // a sealed bundle is a class's: its teacher grades with their own key, named or not
  const teacherDir = opts.teacher ?? openedWith;
  checkCost(file, b);
  const dir = join(workDir, basename(file).replace(/[^\w.-]/g, '_'));
  const damaged = extractBundle(b, dir);
  const ws = Workspace.open(dir);
  const progress = Progress.load(ws);
  const warnings: string[] = [];
  if (damaged.length) warnings.push(t(lang, 'grade.w.damaged', { files: damaged.join(', ') }));
  if (ws.domain !== b.domain) warnings.push(t(lang, 'grade.w.domainMismatch', { bundle: b.domain, workspace: ws.domain }));
  const teacher = teacherDir ? await teacherReview(ws, teacherDir, course, lang) : undefined;
  if (teacher) warnings.push(...teacher.warnings);
  const seal = sealed ? sealNote(sealed) : {};
  // a class workspace seals what it hands in: a plain bundle from one was made or changed by hand
  if (!sealed && b.files.some((f) => f.path === CLASS_IN_BUNDLE)) warnings.push(t(lang, 'grade.w.notSealed'));
  if (seal.warning) warnings.push(t(lang, seal.warning.key, seal.warning.params));
  const read = [...(seal.note ? [t(lang, seal.note.key, seal.note.params)] : []), ...(teacher?.read ?? [])];
  let sandbox: SandboxHandle | undefined;
  let probe: SandboxProbe = {
    host: '127.0.0.1',
    ports: { smtp: 9, submission: 9, smtps: 9, outside: 9, dns: 9, https: 9, pop3: 9, pop3s: 9, imap: 9, imaps: 9 },
  };
  if (startSandbox) {
    try {
      sandbox = await startSandbox(ws);
      probe = { host: sandbox.host, ports: sandbox.ports };
    } catch (e) {
      const error = e instanceof UserError ? t(lang, e.userMessage.key, e.userMessage.params) : (e as Error).message;
      warnings.push(t(lang, 'grade.w.noSandbox', { error }));
    }
  }
  const results: StepGrade[] = [];
  const answers: { step: string; text: string; right: boolean }[] = [];
  try {
    for (const lesson of course.lessons) {
      for (const step of lesson.steps) {
        const p = progress.step(lesson.id, step.id);
        const v = await runCheck(lesson, step, { ws, lang, answer: p.answer, probe });
        results.push({
          lesson: lesson.id,
          step: step.id,
          checkpoint: step.checkpoint,
          status: v.status,
          message: render(lang, v.message),
          claimed: p.passed,
          ...stepEvidence(p, v.message),
        });
        if (step.check.answered === 'text' && p.answer !== undefined)
          answers.push({ step: `${lesson.id}/${step.id}`, text: [p.answer].flat().join(' '), right: v.status === 'pass' });
        if (v.status === 'error')
          warnings.push(t(lang, 'grade.w.internalError', { step: `${lesson.id}/${step.id}`, message: render(lang, v.message) }));
        else if (p.passed && v.status !== 'pass') warnings.push(t(lang, 'grade.w.claimedPass', { step: `${lesson.id}/${step.id}` }));
      }
    }
  } finally {
    await sandbox?.close();
  }
  const cps = results.filter((r) => r.checkpoint);
  return {
    graded: {
      file,
      student: b.student,
      ...studentOf(b),
      domain: b.domain,
      createdAt: b.createdAt,
      ...(sandbox ? { ports: probe.ports } : {}),
      results,
      passed: results.filter((r) => r.status === 'pass').length,
      total: results.length,
      errors: results.filter((r) => r.status === 'error').length,
      checkpoints: { passed: cps.filter((r) => r.status === 'pass').length, total: cps.length },
      warnings,
      ...(teacher || seal.note ? { teacherRead: read } : {}),
    },
    traces: tracesOf(b, answers),
  };
}
