import type { Course, LoadError } from './types.js';
import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/messages.js';

export function formatLoadError(e: LoadError): string {
  return `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`;
}

/** Lessons with errors are left out of the course; the learner reads why, with file and line. */
export function reportCourseErrors(lang: Lang, c: Course): Course {
  if (c.errors.length) {
    process.stderr.write(t(lang, 'cli.courseErrors') + '\n');
    for (const e of c.errors) process.stderr.write('  ' + formatLoadError(e) + '\n');
  }
  return c;
}
