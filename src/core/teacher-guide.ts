// The teacher's guide (docs/teacher/<lang>.md, written by scripts/teacher-guide.ts): one
// lesson's section of it, for the workbook's teacher key.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '../i18n/lang.js';
import { packageRoot } from '../util/paths.js';

export const teacherGuideFile = (lang: Lang) => join(packageRoot(), 'docs', 'teacher', `${lang}.md`);

const MARKER = /^<!-- lesson: (\S+) -->$/;

/** The markdown of a lesson's section (from its marker to the next one), or undefined when the guide or the lesson is not there. */
export function guideSection(lang: Lang, lessonId: string, file = teacherGuideFile(lang)): string | undefined {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => MARKER.exec(l)?.[1] === lessonId);
  if (start < 0) return undefined;
  let end = lines.findIndex((l, i) => i > start && MARKER.test(l));
  if (end < 0) end = lines.length;
  return lines
    .slice(start + 1, end)
    .join('\n')
    .trim();
}
