/** The teacher's guide to one lesson (docs/teacher/<lang>.md), in the workbook's language. */
import type { Lang } from '../../i18n/lang.js';
import { t } from '../../i18n/messages.js';
import { guideSection, teacherGuideFile } from '../../core/teacher-guide.js';
import { textRows, type Row } from '../rows.js';
import { title } from './screen.js';
import { bodyRows } from './step-screen.js';

// rendering a section is costly and the screen is drawn at every key: the last one is kept
let last: { key: string; body: Row[] } | undefined;

export function guideRows(lang: Lang, lesson: string, width: number): { head: Row[]; body: Row[] } {
  const key = `${lang} ${lesson} ${width}`;
  if (last?.key === key) return { head: [title(t(lang, 'ui.guide.title', { lesson }), '', width)], body: last.body };
  const out = render(lang, lesson, width);
  last = { key, body: out.body };
  return out;
}

function render(lang: Lang, lesson: string, width: number): { head: Row[]; body: Row[] } {
  const head: Row[] = [title(t(lang, 'ui.guide.title', { lesson }), '', width)];
  const section = guideSection(lang, lesson);
  if (section === undefined)
    return { head, body: textRows(t(lang, 'ui.guide.missing', { file: teacherGuideFile(lang) }), Math.max(10, width), { tone: 'warn' }) };
  return { head, body: bodyRows(section, width) };
}
