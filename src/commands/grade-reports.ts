// What `mailsec grade` gives a teacher besides its table: the course file read, the
// Moodle sheet (--csv), the HTML page (--html FILE) and the students' feedback (--feedback DIR).
import { formatNumber } from '../i18n/lang.js';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { GlobalOptions } from './options.js';
import type { Course } from '../course/types.js';
import { resolveRef } from './common.js';
import { readCourseFile, defaultCourseFile, score, type CourseFile } from '../grading/course-file.js';
import { moodleCsv } from '../grading/report-csv.js';
import { htmlReport } from '../grading/report-html.js';
import { copyPairs } from '../grading/copies.js';
import { writeFeedback } from '../grading/feedback.js';
import type { Graded } from '../grading/grade.js';
import { msg, t } from '../i18n/messages.js';
import { UserError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import { makeDirs, onUserPaths, shownPath } from '../util/fs-errors.js';

export interface ReportOptions {
  csv: boolean;
  keep?: string;
  /** the teacher's folder (`mailsec teacher init`): what students encrypted for the teacher is read with it */
  teacher?: string;
  course?: string;
  html?: string;
  feedback?: string;
}

export function courseFile(c: Course, file?: string): CourseFile {
  return file ? readCourseFile(file, c, (ref) => resolveRef(c, ref)) : defaultCourseFile(c);
}

/** The line under a student in the table: how they got there, and the grade. */
export function effortLine(g: GlobalOptions, cf: CourseFile, s: Graded): string {
  const attempts = s.results.reduce((n, r) => n + r.attemptCount, 0);
  const hints = s.results.reduce((n, r) => n + r.hintsUsed, 0);
  const total = score(cf, s.results).total;
  const grade =
    total === undefined
      ? ''
      : ` · ${t(g.lang, 'report.gradeLine', { grade: formatNumber(g.lang, total), max: formatNumber(g.lang, cf.maxGrade) })}`;
  return `  ${t(g.lang, 'report.effort', { attempts, hints })}${grade}`;
}

/** --json: every submission as graded, with its grade under the course file (items in its order, and the total). */
export function gradesJson(cf: CourseFile, graded: Graded[], rejected: { file: string; error: string }[]): string {
  const items = cf.items.map((i) => ({ step: i.step, name: i.name, weight: i.weight }));
  const submissions = graded.map((s) => ({ ...s, grade: score(cf, s.results) }));
  return (
    JSON.stringify(
      { course: { maxGrade: cf.maxGrade, hintPenalty: cf.hintPenalty, total: cf.total, items }, submissions, rejected },
      null,
      2,
    ) + '\n'
  );
}

/** The Moodle sheet on standard output; what it leaves out on standard error. */
export function printCsv(g: GlobalOptions, cf: CourseFile, graded: Graded[]): void {
  const { csv, notes } = moodleCsv(graded, cf);
  process.stdout.write(csv);
  for (const n of notes) process.stderr.write(t(g.lang, n.key, n.params) + '\n');
}

/** A folder where the page goes, a file where the feedback folder goes: told before the class is graded. */
export function checkOutputs(o: ReportOptions): void {
  const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
  if (o.html && isDir(o.html)) throw new UserError(msg('fs.isDir', { path: shownPath(resolve(o.html)) }));
  if (o.feedback && existsSync(o.feedback) && !isDir(o.feedback))
    throw new UserError(msg('fs.notDir', { path: shownPath(resolve(o.feedback)), parent: shownPath(dirname(resolve(o.feedback))) }));
}

/** --html and --feedback; each written is named on standard error (standard output may be the CSV). */
export function writeReports(
  g: GlobalOptions,
  o: ReportOptions,
  c: Course,
  cf: CourseFile,
  graded: Graded[],
  rejected: { file: string; error: string }[],
): void {
  if (o.html) {
    const file = resolve(o.html);
    const html = htmlReport({
      lang: g.lang,
      course: c,
      cf,
      graded,
      copies: copyPairs(graded),
      rejected,
      generatedAt: new Date().toISOString(),
    });
    onUserPaths([file], 'write', () => writeFileAtomic(file, html));
    process.stderr.write(t(g.lang, 'report.written', { file }) + '\n');
  }
  if (o.feedback) {
    const dir = resolve(o.feedback);
    const names = onUserPaths([dir], 'write', () => {
      makeDirs(dir);
      return writeFeedback(dir, graded, c, cf, g.lang);
    });
    process.stderr.write(t(g.lang, 'report.feedbackWritten', { n: names.length, dir }) + '\n');
  }
}
