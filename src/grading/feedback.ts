/*
 * `mailsec grade --feedback DIR`: one text file per student, in the language they worked
 * in (the bundle says it; the teacher's otherwise): what passed, what did not and why
 * (the check's own message), and what to do next (the next hint they have not seen, and
 * the command that checks the step again).
 */
import { join } from 'node:path';
import type { Course, Lesson, Step } from '../course/types.js';
import { fillValues, formatNumber, type Lang } from '../i18n/lang.js';
import { render, t } from '../i18n/messages.js';
import { writeFileAtomic } from '../util/atomic.js';
import { DEFAULT_PORTS, PORT_NAMES } from '../util/ports.js';
import type { Graded } from './grade.js';
import { score, type CourseFile } from './course-file.js';
import { newestPerStudent } from './report-csv.js';

/**
 * A file name made only of [a-z0-9-] from the e-mail's local part or the name: no
 * separator, no dot, nothing a student can turn into another path. Unique in the class.
 */
export function feedbackNames(all: Graded[]): string[] {
  const used = new Set<string>();
  return all.map((g) => {
    const from = g.email ?? g.student;
    const base =
      from
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60)
        .replace(/-+$/, '') || 'student';
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    return `${name}.txt`;
  });
}

/**
 * A check's message as the student would have seen it: the grader's sandbox listened on
 * ports of its own, the student's on the lessons' (2525…), so those are put back.
 */
function studentPorts(g: Graded, text: string): string {
  if (!g.ports) return text;
  const back = new Map(PORT_NAMES.map((n) => [String(g.ports![n]), String(DEFAULT_PORTS[n])]));
  // a whole number only: not part of an address or a version
  return text.replace(/(?<!\d|\d\.)\d+(?!\d|\.\d)/g, (m) => back.get(m) ?? m);
}

export function feedbackText(g: Graded, course: Course, cf: CourseFile, teacherLang: Lang): string {
  const lang = g.lang ?? teacherLang;
  const vars: Record<string, string> = { domain: g.domain, hostname: `mail.${g.domain}` };
  // the lesson's markdown as it is: `code` keeps its backticks, which mark a command in plain text too
  const fill = (s: string) => fillValues(lang, s, /\{\{(\w+)\}\}/g, (k) => vars[k]);
  const steps = new Map<string, { lesson: Lesson; step: Step }>(
    course.lessons.flatMap((l) => l.steps.map((s) => [`${l.id}/${s.id}`, { lesson: l, step: s }] as const)),
  );
  const title = (ref: string) => {
    const x = steps.get(ref);
    return x ? `${fill(x.lesson.title[lang])}: ${fill(x.step.title[lang])}` : ref;
  };
  const items = new Set(cf.items.map((i) => i.step));
  const cp = (ref: string) => (items.has(ref) ? ` ${t(lang, 'feedback.item')}` : '');
  const s = score(cf, g.results);
  const out: string[] = [t(lang, 'feedback.title', { student: g.student, domain: g.domain }), ''];
  out.push(t(lang, 'feedback.summary', { passed: g.passed, total: g.total, cp: g.checkpoints.passed, cpTotal: g.checkpoints.total }));
  if (s.total !== undefined)
    out.push(t(lang, 'feedback.grade', { grade: formatNumber(lang, s.total), max: formatNumber(lang, cf.maxGrade) }));
  const passed = g.results.filter((r) => r.status === 'pass');
  // a lesson not begun (nothing passed, nothing tried) is named once, not step by step
  const begun = new Set(g.results.filter((r) => r.status === 'pass' || r.attemptCount).map((r) => r.lesson));
  const notStarted = [...new Set(g.results.filter((r) => !begun.has(r.lesson)).map((r) => r.lesson))];
  const failed = g.results.filter((r) => r.status === 'fail' && begun.has(r.lesson));
  const errors = g.results.filter((r) => r.status === 'error');
  if (!failed.length && !errors.length && !notStarted.length) out.push('', t(lang, 'feedback.allPassed'));
  if (failed.length) {
    out.push('', t(lang, 'feedback.failed'));
    for (const r of failed) {
      const ref = `${r.lesson}/${r.step}`;
      out.push('', `✘ ${ref}${cp(ref)} — ${title(ref)}`, `  ${t(lang, 'feedback.why')}: ${studentPorts(g, render(lang, r.verdict))}`);
      const hints = steps.get(ref)?.step.hints ?? [];
      // the next hint not yet seen; once all are seen, the last one
      const hint = hints[Math.min(r.hintsUsed, hints.length - 1)];
      if (hint) out.push(`  ${t(lang, 'feedback.next')}: ${fill(hint[lang])}`);
      out.push(`  ${t(lang, 'feedback.again', { ref })}`);
    }
  }
  if (notStarted.length) {
    out.push('', t(lang, 'feedback.notStarted'));
    for (const id of notStarted) {
      const l = steps.get(`${id}/${g.results.find((r) => r.lesson === id)!.step}`)?.lesson;
      out.push(`· ${id}${l ? ` — ${fill(l.title[lang])}` : ''}`);
    }
  }
  if (errors.length) {
    out.push('', t(lang, 'feedback.errors'));
    for (const r of errors) out.push(`⚠ ${r.lesson}/${r.step} — ${title(`${r.lesson}/${r.step}`)}`);
  }
  if (passed.length) {
    out.push('', t(lang, 'feedback.passed'));
    for (const r of passed) out.push(`✔ ${r.lesson}/${r.step}${cp(`${r.lesson}/${r.step}`)} — ${title(`${r.lesson}/${r.step}`)}`);
  }
  return out.join('\n') + '\n';
}

/** Writes one file per student into `dir` (made if missing); returns the files' names. */
export function writeFeedback(dir: string, graded: Graded[], course: Course, cf: CourseFile, teacherLang: Lang): string[] {
  // a student who handed in twice: feedback on the newer submission
  const all = newestPerStudent(graded).kept;
  const names = feedbackNames(all);
  // replaced by rename, never written through: a link left in the folder is not followed
  all.forEach((g, i) => writeFileAtomic(join(dir, names[i]), feedbackText(g, course, cf, teacherLang), 0o600));
  return names;
}
