import { reportCourseErrors } from '../course/format.js';
import { findLesson, type Course, type Lesson, type Step } from '../course/loader.js';
import { loadCourse } from '../checks/course.js';
import { lessonsDir } from '../util/paths.js';
import type { Workbook } from '../core/workbook.js';
import { openWorkbookWith, workspaceDir } from './workbook-open.js';
import { t, msg } from '../i18n/messages.js';
import { UserError } from '../util/errors.js';
import type { GlobalOptions } from './options.js';

export { workspaceDir };

/** Loads the course; lessons with errors are reported on stderr (file:line) and left out. */
export function course(g: GlobalOptions): Course {
  return reportCourseErrors(g.lang, loadCourse(lessonsDir()));
}

export function openWorkbook(g: GlobalOptions, c = course(g)): Workbook {
  return openWorkbookWith(g, c);
}

/** The LESSON or LESSON/STEP of a command line; `LESSON STEP` is read as LESSON/STEP. */
export function refArg(rest: string[]): string | undefined {
  const [l, s, ...more] = rest;
  if (s !== undefined && !l.includes('/') && !more.length) return `${l}/${s}`;
  if (s !== undefined) throw new UserError(msg('cli.extraArgs', { args: rest.slice(l.includes('/') ? 1 : 2).join(' ') }));
  return l || undefined;
}

export function resolveRef(c: Course, ref: string): { lesson: Lesson; step?: Step } {
  const [l, s] = ref.split('/');
  const lesson = findLesson(c, l);
  if (!lesson) throw new UserError(msg('cli.lessonNotFound', { ref: l }));
  if (!s) return { lesson };
  const step = lesson.steps.find((x) => x.id === s) ?? lesson.steps[Number(s) - 1];
  if (!step) throw new UserError(msg('cli.stepNotFound', { lesson: lesson.id, ref: s, steps: lesson.steps.map((x) => x.id).join(', ') }));
  return { lesson, step };
}
