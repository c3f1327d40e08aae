import { createHash } from 'node:crypto';
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
import { readBundle, extractBundle } from './bundle.js';
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
}

/** Files whose sameness between two students means one copied the other. */
const PERSONAL = /^etc\/(ssl\/private\/.*\.key|ssl\/certs\/.*\.(crt|pem)|opendkim\/.*\.private|dkim\/.*\.private)$|\.private$/;

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
): Promise<{ graded: Graded; fingerprints: Map<string, string> }> {
  const b = readBundle(file);
  const dir = join(workDir, basename(file).replace(/[^\w.-]/g, '_'));
  const damaged = extractBundle(b, dir);
  const ws = Workspace.open(dir);
  const progress = Progress.load(ws);
  const warnings: string[] = [];
  if (damaged.length) warnings.push(t(lang, 'grade.w.damaged', { files: damaged.join(', ') }));
  if (ws.domain !== b.domain) warnings.push(t(lang, 'grade.w.domainMismatch', { bundle: b.domain, workspace: ws.domain }));
  let sandbox: SandboxHandle | undefined;
  let probe: SandboxProbe = { host: '127.0.0.1', ports: { smtp: 9, submission: 9, smtps: 9, outside: 9, dns: 9, https: 9 } };
  if (startSandbox) {
    try {
      sandbox = await startSandbox(ws);
      probe = { host: sandbox.host, ports: sandbox.ports };
    } catch (e) {
      warnings.push(t(lang, 'grade.w.noSandbox', { error: (e as Error).message }));
    }
  }
  const results: StepGrade[] = [];
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
        if (v.status === 'error')
          warnings.push(t(lang, 'grade.w.internalError', { step: `${lesson.id}/${step.id}`, message: render(lang, v.message) }));
        else if (p.passed && v.status !== 'pass') warnings.push(t(lang, 'grade.w.claimedPass', { step: `${lesson.id}/${step.id}` }));
      }
    }
  } finally {
    await sandbox?.close();
  }
  const fingerprints = new Map<string, string>();
  for (const f of b.files)
    if (PERSONAL.test(f.path)) fingerprints.set(createHash('sha256').update(Buffer.from(f.data, 'base64')).digest('hex'), f.path);
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
    },
    fingerprints,
  };
}

/** Same key or certificate in two submissions; same domain twice. */
export function crossCheck(all: { graded: Graded; fingerprints: Map<string, string> }[], lang: Lang = 'en'): void {
  const owner = new Map<string, Graded>();
  const domains = new Map<string, Graded>();
  for (const { graded, fingerprints } of all) {
    for (const [hash, path] of fingerprints) {
      const first = owner.get(hash);
      if (first && first !== graded) {
        graded.warnings.push(t(lang, 'grade.w.identical', { path, student: first.student, file: basename(first.file) }));
        first.warnings.push(t(lang, 'grade.w.identical', { path, student: graded.student, file: basename(graded.file) }));
      } else owner.set(hash, graded);
    }
    const d = domains.get(graded.domain);
    if (d) graded.warnings.push(t(lang, 'grade.w.sameDomain', { domain: graded.domain, student: d.student, file: basename(d.file) }));
    else domains.set(graded.domain, graded);
  }
}
