/** The lesson list with each lesson's progress. */
import type { Workbook } from '../../core/workbook.js';
import type { Message } from '../../i18n/messages.js';
import { t } from '../../i18n/messages.js';
import { clip, rowLength, rule, spread, textRows, type Row } from '../rows.js';
import { pad, type Screen } from './screen.js';

function bar(passed: number, total: number, size = 10): Row {
  const full = total ? Math.round((size * passed) / total) : 0;
  return [
    { text: '█'.repeat(full), style: { tone: 'bar' } },
    { text: '░'.repeat(size - full), style: { tone: 'dim' } },
  ];
}

/** The lesson list, the chosen one kept in sight. */
export function listScreen(wb: Workbook, selected: number, width: number, height: number, notes: Message[] = []): Screen {
  const lang = wb.lang;
  const ls = wb.lessons;
  let done = 0;
  let all = 0;
  const progress = ls.map((l) => {
    const p = wb.lessonProgress(l);
    done += p.passed;
    all += p.total;
    return p;
  });
  const rows: Row[] = [
    spread(
      [{ text: t(lang, 'ui.lessons'), style: { heading: 1, bold: true } }],
      [{ text: t(lang, 'ui.lessonProgress', { passed: done, total: all }) }],
      width,
    ),
    rule(width),
  ];
  if (!ls.length)
    rows.push(...textRows(t(lang, 'ui.noLessons'), Math.max(10, width - 2), { tone: 'warn' }).map((r) => [{ text: ' ' }, ...r]));
  const idWidth = Math.max(0, ...ls.map((l) => l.id.length));
  const sel = ls[selected];
  const indent = (r: Row): Row => [{ text: ' ' }, ...r];
  // how long the chosen lesson takes and what it needs always shows; its summary when there is room
  const aboutRows = sel ? textRows(wb.lessonAbout(sel), Math.max(10, width - 2), { tone: 'dim' }).map(indent) : [];
  // on a screen too short for it and one lesson row, the list alone
  const about = height - rows.length - aboutRows.length - 1 >= 1 ? aboutRows : [];
  const summaryRows = sel?.summary ? textRows(sel.summary[lang], Math.max(10, width - 2), { italic: true }).map(indent) : [];
  const free = height - rows.length - ls.length - (about.length ? about.length + 1 : 0);
  const summary = [...(free >= summaryRows.length ? summaryRows : []), ...about];
  const listRoom = Math.max(1, height - rows.length - (summary.length ? summary.length + 1 : 0));
  const first = Math.min(Math.max(0, selected - listRoom + 1), Math.max(0, ls.length - listRoom));
  ls.slice(first, first + listRoom).forEach((l, k) => {
    const i = first + k;
    const here = i === selected;
    const p = progress[i];
    const right: Row = [
      { text: `  ${t(lang, 'ui.lessonProgress', p).padStart(5)} ` },
      ...bar(p.passed, p.total),
      { text: p.passed === p.total ? ' ✔' : '  ', style: { tone: 'pass' } },
    ];
    const left: Row = [
      { text: here ? '› ' : '  ', style: here ? { tone: 'selected' } : undefined },
      { text: l.id.padEnd(idWidth) + '  ', style: { tone: 'dim' } },
      { text: l.title[lang], style: here ? { tone: 'selected' } : undefined },
    ];
    rows.push(spread(clip(left, Math.max(1, width - rowLength(right) - 1)), right, width));
  });
  if (summary.length) rows.push([], ...summary);
  // notices and messages take the last rows, over the list if they must
  const noteRows = notes.flatMap((m) => textRows(wb.text(m), Math.max(10, width - 2), { tone: 'warn' })).map((r) => [{ text: ' ' }, ...r]);
  const out = pad(rows, Math.max(0, height - noteRows.length));
  out.push(...noteRows.slice(-height));
  return {
    rows: pad(
      out.map((r) => clip(r, width)),
      height,
    ),
    viewport: listRoom,
    maxScroll: 0,
  };
}
