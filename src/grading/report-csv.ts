/*
 * The grade sheet Moodle's gradebook imports as it is (Grades → Import → CSV file):
 * UTF-8, comma-separated, a header row, the student's e-mail first (map "Email address"
 * from it to the user's "Email address"), then one column per grade item and the total,
 * each a number with a dot for decimals. Moodle aborts the whole import on a row whose
 * user it cannot find, or on a grade that is not a number, so a submission without an
 * e-mail is left out (and named), and a step mailsec could not check is "-" (Moodle
 * reads it as no grade) rather than a made-up one. Moodle refuses a grade above 100
 * unless the site allows more: the course file's maxGrade is the teacher's to keep so.
 */
import { basename } from 'node:path';
import type { Graded } from './grade.js';
import { score, type CourseFile } from './course-file.js';
import type { Message } from '../i18n/messages.js';
import { msg } from '../i18n/messages.js';

export const EMAIL_COLUMN = 'Email address';

const cell = (s: string): string => {
  // a leading =, +, - or @ would be a formula in a spreadsheet (a name only: e-mails and numbers cannot start so)
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

// '-' is "no grade" to Moodle both for an existing grade item and for a new one (an empty cell is so only for an existing one)
const num = (n: number | undefined) => (n === undefined ? '-' : String(n));

/** One submission per e-mail, the newest (a student who handed in twice); those without an e-mail kept as they are. */
export function newestPerStudent(all: Graded[]): { kept: Graded[]; notes: Message[] } {
  const notes: Message[] = [];
  const latest = new Map<string, Graded>();
  for (const g of all) {
    if (!g.email) continue;
    const had = latest.get(g.email);
    if (had) {
      const [older, newer] = had.createdAt <= g.createdAt ? [had, g] : [g, had];
      notes.push(msg('report.csv.sameEmail', { email: g.email, older: basename(older.file), newer: basename(newer.file) }));
      latest.set(g.email, newer);
    } else latest.set(g.email, g);
  }
  return { kept: all.filter((g) => !g.email || latest.get(g.email) === g), notes };
}

/** The sheet, and what was left out of it (for the teacher, in their language). */
export function moodleCsv(all: Graded[], cf: CourseFile): { csv: string; notes: Message[] } {
  const { kept, notes } = newestPerStudent(all);
  const latest = new Map<string, Graded>();
  for (const g of kept) {
    if (g.email) latest.set(g.email, g);
    else notes.push(msg('report.csv.noEmail', { student: g.student, file: basename(g.file) }));
  }
  const rows = [[EMAIL_COLUMN, ...cf.items.map((i) => i.name), cf.total].map(cell).join(',')];
  for (const g of [...latest.values()].sort((a, b) => (a.email! < b.email! ? -1 : 1))) {
    const s = score(cf, g.results);
    rows.push([cell(g.email!), ...s.items.map(num), num(s.total)].join(','));
  }
  return { csv: rows.join('\n') + '\n', notes };
}
