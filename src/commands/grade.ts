import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import type { GlobalOptions } from './options.js';
import { course } from './common.js';
import { bundleFiles, gradeOne, crossCheck, type Graded } from '../grading/grade.js';
import { checkOutputs, courseFile, effortLine, gradesJson, printCsv, writeReports, type ReportOptions } from './grade-reports.js';
import { loadStart } from '../sandbox/api.js';
import { t, msg } from '../i18n/messages.js';
import { UserError } from '../util/errors.js';
import { makeDirs, onUserPaths, userFsError } from '../util/fs-errors.js';

/** Grades every submission offline; each one in its own folder, with its own sandbox for live checks. */
export async function grade(g: GlobalOptions, inputs: string[], o: ReportOptions): Promise<number> {
  const { csv, keep } = o;
  const files = onUserPaths(inputs, 'read', () => bundleFiles(inputs));
  if (!files.length) throw new UserError(msg('grade.none', { inputs: inputs.join(' ') || '.' }));
  const c = course(g);
  // a mistake in the course file is told before the class is graded
  const cf = courseFile(c, o.course);
  checkOutputs(o);
  const work = keep ?? mkdtempSync(join(tmpdir(), 'mailsec-grade-'));
  if (keep) onUserPaths([keep], 'write', () => makeDirs(keep));
  const { startSandbox } = await loadStart();
  const all: Awaited<ReturnType<typeof gradeOne>>[] = [];
  const failed: { file: string; error: string }[] = [];
  try {
    for (const f of files) {
      try {
        all.push(
          await gradeOne(f, c, work, g.lang, (ws) =>
            startSandbox({ ws, ports: { smtp: 0, submission: 0, smtps: 0, outside: 0, dns: 0, https: 0 } }),
          ),
        );
      } catch (e) {
        // one bad bundle never stops the class's grading
        const u = e instanceof UserError ? e : userFsError(e, [work], 'write');
        const m = u ? t(g.lang, u.userMessage.key, u.userMessage.params) : String((e as Error).message);
        failed.push({ file: f, error: m });
      }
    }
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
  crossCheck(all, g.lang);
  const graded: Graded[] = all.map((a) => a.graded);
  writeReports(g, o, c, cf, all, failed);
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
    }
  }
  for (const f of failed) process.stderr.write(f.error + '\n');
  return failed.length ? 1 : 0;
}
