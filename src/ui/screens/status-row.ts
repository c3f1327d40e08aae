import type { Workbook, StepRef } from '../../core/workbook.js';
import { t } from '../../i18n/messages.js';
import { clip, spread, type Row } from '../rows.js';

export interface StatusInfo {
  mode: 'list' | 'step';
  ref?: StepRef;
  watch: boolean;
  sandbox?: string;
  /** the keys of a sandbox view, instead of the step's or the list's */
  keys?: string;
}

/** The bottom line: where you are, watch mode, language, sandbox, and as many keys as fit. */
export function statusRow(wb: Workbook, s: StatusInfo, width: number): Row {
  const lang = wb.lang;
  const parts: string[] = [];
  if (s.mode === 'step' && s.ref && !s.keys) {
    parts.push(s.ref.lesson.id, `${s.ref.index + 1}/${s.ref.lesson.steps.length}`, t(lang, s.watch ? 'ui.watching' : 'ui.notWatching'));
  }
  parts.push(lang);
  if (s.sandbox) parts.push(s.sandbox);
  const left = ` ${parts.join(' · ')} `;
  const keys = fitKeys(s.keys ?? t(lang, s.mode === 'list' ? 'ui.keysList' : 'ui.keysStep'), width - left.length - 2);
  const fitting = keys ? keys + ' ' : '';
  const row = spread([{ text: left }], [{ text: fitting }], width);
  return clip(row, width).map((c) => ({ ...c, style: { ...c.style, tone: 'status' } }));
}

// when not every key fits, these are kept first (by the key, which is the same in every language)
const KEY_PRIORITY = [
  '?',
  'c',
  'a',
  'h',
  'q',
  'Esc',
  '←/→',
  '↑/↓',
  'Intro',
  'Retorn',
  'Enter',
  's',
  'r',
  'm',
  'l',
  'b',
  'g',
  't',
  'w',
  'L',
];

/** As many of the keys ("c check  h hint ...", two spaces apart) as fit in `room`, in their own order. */
export function fitKeys(all: string, room: number): string {
  const items = all.split(/\s{2,}/).filter(Boolean);
  const rank = (item: string) => {
    const i = KEY_PRIORITY.indexOf(item.split(' ')[0]);
    return i < 0 ? KEY_PRIORITY.length : i;
  };
  const byPriority = items.map((item, i) => ({ item, i })).sort((a, b) => rank(a.item) - rank(b.item) || a.i - b.i);
  const chosen: { item: string; i: number }[] = [];
  let len = 0;
  for (const c of byPriority) {
    const add = c.item.length + (chosen.length ? 2 : 0);
    if (len + add > room) continue;
    chosen.push(c);
    len += add;
  }
  return chosen
    .sort((a, b) => a.i - b.i)
    .map((c) => c.item)
    .join('  ');
}
