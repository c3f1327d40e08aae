import type { Workbook } from '../../core/workbook.js';
import { t } from '../../i18n/messages.js';
import { clip, rule, textRows, type Row } from '../rows.js';
import { pad, ruleWith } from './screen.js';

/** The keys, scrolled when they do not fit (`scroll` is clamped). */
export function helpScreen(wb: Workbook, width: number, height: number, scroll = 0): Row[] {
  const lang = wb.lang;
  const head: Row[] = [[{ text: t(lang, 'ui.helpTitle'), style: { heading: 1, bold: true } }], rule(width)];
  const rows: Row[] = [];
  const w = Math.max(10, width - 1);
  for (const line of [
    ...t(lang, 'ui.help').split('\n'),
    ...t(lang, 'ui.helpSandbox').split('\n'),
    t(lang, 'ui.helpTeacher'),
    ...t(lang, 'ui.helpMore').split('\n'),
  ]) {
    // the keys stay in their column; the explanation wraps beside them
    const m = /^(\S.*?\s{2,})(\S.*)$/.exec(line);
    const key = m && m[1].length < w / 2 ? m[1] : '';
    rows.push(...textRows(key ? m![2] : line, w, undefined, key).map((r) => [{ text: ' ' }, ...r]));
  }
  const room = Math.max(1, height - head.length);
  const top = Math.min(Math.max(0, scroll), Math.max(0, rows.length - room));
  if (rows.length > room)
    head[1] = ruleWith(t(lang, 'ui.scroll', { from: top + 1, to: Math.min(rows.length, top + room), total: rows.length }), width);
  return pad(
    [...head, ...rows.slice(top, top + room)].map((r) => clip(r, width)),
    height,
  );
}
