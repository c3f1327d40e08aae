import type { Workbook, StepRef, QuizView } from '../core/workbook.js';
import type { Verdict } from '../checks/types.js';
import type { Message } from '../i18n/messages.js';
import { t } from '../i18n/messages.js';
import { renderMarkdown } from '../course/markdown.js';
import { clip, fit, merge, rowLength, rule, spread, textRows, type Row, type UiStyle } from './rows.js';

/** Everything the step screen shows besides the workbook itself. */
export interface StepView {
  ref: StepRef;
  scroll: number;
  checking: boolean;
  verdict?: Verdict;
  /** the verdict came from watch mode, after this file changed */
  watchFile?: string;
  flash?: Message;
  answering?: Answering;
  notices: Message[];
  /** results that stay until the next key (a test mail's answer, a command that finished) */
  info?: { text: string; tone: UiStyle['tone'] }[];
  /** the verdict is about an SMTP session the learner can open with t */
  sessionOffer?: boolean;
}

export interface Answering {
  quiz: QuizView;
  cursor: number;
  marked: string[];
  text: string;
}

export interface Screen {
  rows: Row[];
  /** rows of step text visible at once, and how far it can scroll */
  viewport: number;
  maxScroll: number;
}

const pad = (rows: Row[], height: number): Row[] => {
  const out = rows.slice(0, Math.max(0, height));
  while (out.length < height) out.push([]);
  return out;
};

/** The step's markdown as rows, indented one column. Costly: the caller memoizes it. */
export function bodyRows(markdown: string, width: number): Row[] {
  const w = Math.max(10, width - 2);
  return renderMarkdown(markdown, w)
    .lines.flatMap((l) => fit(merge(l), w))
    .map((r) => (r.length ? [{ text: ' ' }, ...r] : r));
}

function ruleWith(label: string, width: number): Row {
  const dashes = width - label.length - 4;
  if (!label || dashes < 2) return rule(width);
  return [
    { text: '─'.repeat(dashes), style: { tone: 'dim' } },
    { text: ` ${label} `, style: { tone: 'dim' } },
    { text: '──', style: { tone: 'dim' } },
  ];
}

const ICON = { pass: '✔', fail: '✘', error: '!' } as const;

/** A part of the panel; when the panel must shrink, the parts with the highest `drop` go first. */
interface Block {
  rows: Row[];
  drop: number;
  /** cut from the start, keeping the newest rows (hints) */
  keepEnd?: boolean;
}

export function panelBlocks(wb: Workbook, v: StepView, width: number): Block[] {
  const w = Math.max(10, width - 2);
  const lang = wb.lang;
  const blocks: Block[] = [];
  const block = (drop: number, rows: Row[], keepEnd = false) =>
    rows.length && blocks.push({ drop, keepEnd, rows: rows.map((r) => (r.length ? [{ text: ' ' }, ...r] : r)) });
  const text = (s: string, style?: UiStyle, first = '', rest?: string) => textRows(s, w, style, first, rest);
  if (v.answering) {
    const a = v.answering;
    if (a.quiz.type === 'choice') {
      block(3, text(t(lang, 'ui.chooseAnswer', { multi: a.quiz.multiple ? t(lang, 'ui.chooseMulti') : '' }), { tone: 'accent' }));
      block(
        0,
        a.quiz.options.flatMap((o, i) => {
          const here = i === a.cursor;
          const mark = a.quiz.multiple ? (a.marked.includes(o.id) ? '[x] ' : '[ ] ') : '';
          return text(o.label, here ? { tone: 'selected' } : undefined, `${here ? '›' : ' '} ${mark}${o.id}) `);
        }),
      );
    } else {
      block(3, text(t(lang, 'ui.typeAnswer'), { tone: 'accent' }));
      const label = `${t(lang, 'ui.yourAnswer')}: `;
      // the end of a long answer stays in sight
      const room = Math.max(1, w - label.length - 1);
      const shown = a.text.length > room ? '…' + a.text.slice(a.text.length - room + 1) : a.text;
      block(0, [[{ text: label, style: { bold: true } }, { text: shown }, { text: '█', style: { tone: 'accent' } }]]);
    }
    if (v.flash) block(1, text(wb.text(v.flash), { tone: 'warn' }));
    return blocks;
  }
  for (const n of v.notices) block(1, text(wb.text(n), { tone: 'warn' }, `${t(lang, 'ui.notice')}: `));
  const hints = wb.hintsShown(v.ref);
  if (hints.length) {
    block(4, text(`${t(lang, 'ui.hints')} (${hints.length}/${v.ref.step.hints.length})`, { bold: true }));
    // the newest hint is the one just asked for: older ones give way first
    block(
      2,
      hints.flatMap((h, i) => text(h, undefined, `${i + 1}. `)),
      true,
    );
  }
  if (v.checking) block(0, text(t(lang, 'ui.checking'), { tone: 'accent' }));
  else if (v.verdict) {
    const s = v.verdict.status;
    block(0, text(wb.text(v.verdict.message), { tone: s }, `${ICON[s]} `));
    block(3, v.verdict.evidence.flatMap((e) => text(e, { tone: 'dim' }, `  ${t(lang, 'ui.evidence')}: `)));
    if (v.watchFile) block(4, text(t(lang, 'ui.watchChecked', { file: v.watchFile }), { tone: 'dim' }));
    if (v.sessionOffer) block(2, text(t(lang, 'ui.tr.offer'), { tone: 'accent' }));
    if (s === 'pass') block(1, text(t(lang, 'ui.passedNext'), { tone: 'pass', bold: true }));
  }
  for (const n of v.info ?? []) block(1, text(n.text, { tone: n.tone }));
  if (v.flash) block(1, text(wb.text(v.flash), { tone: 'warn' }));
  return blocks;
}

/** The panel in at most `cap` rows: the least needed parts shrink first, a cut part ends with …. */
export function fitPanel(blocks: Block[], cap: number): Row[] {
  const rows = blocks.map((b) => [...b.rows]);
  let total = rows.reduce((n, r) => n + r.length, 0);
  const order = blocks.map((b, i) => ({ i, drop: b.drop })).sort((x, y) => y.drop - x.drop || y.i - x.i);
  const more: Row = [{ text: ' …', style: { tone: 'dim' } }];
  for (const { i } of order) {
    if (total <= cap) break;
    const keep = Math.max(0, rows[i].length - (total - cap));
    const cut = rows[i].length - keep;
    if (!keep) rows[i] = [];
    else if (blocks[i].keepEnd) rows[i] = [more, ...rows[i].slice(rows[i].length - keep + 1)];
    else rows[i] = [...rows[i].slice(0, keep - 1), more];
    total -= cut;
  }
  return rows.flat();
}

/** The step screen: header, the visible slice of the text, the panel below. Exactly `height` rows. */
export function stepScreen(wb: Workbook, v: StepView, body: Row[], width: number, height: number): Screen {
  const { lesson, step, index } = v.ref;
  const lang = wb.lang;
  const passed = wb.progress.step(lesson.id, step.id).passed;
  const header: Row[] = [
    spread([{ text: lesson.title[lang], style: { tone: 'accent', bold: true } }], [{ text: t(lang, 'ui.step', { n: index + 1, total: lesson.steps.length }) }], width),
    clip(
      [
        { text: step.title[lang], style: { bold: true } },
        ...(step.checkpoint ? [{ text: `  ◆ ${t(lang, 'ui.checkpoint')}`, style: { tone: 'accent' as const } }] : []),
        ...(passed ? [{ text: `  ✔ ${t(lang, 'status.pass')}`, style: { tone: 'pass' as const } }] : []),
      ],
      width,
    ),
  ];
  if (step.stale.includes(lang)) header.push(clip([{ text: t(lang, 'ui.stale'), style: { tone: 'warn', italic: true } }], width));

  const room = height - header.length - 1;
  const panel = fitPanel(panelBlocks(wb, v, width), Math.max(2, Math.floor(room / 2)));
  const panelHeight = panel.length ? panel.length + 1 : 0;
  const viewport = Math.max(0, room - panelHeight);
  const maxScroll = Math.max(0, body.length - viewport);
  const scroll = Math.min(Math.max(0, v.scroll), maxScroll);
  const label = body.length > viewport && viewport > 0 ? t(lang, 'ui.scroll', { from: scroll + 1, to: Math.min(body.length, scroll + viewport), total: body.length }) : '';
  const rows = [...header, ruleWith(label, width), ...pad(body.slice(scroll, scroll + viewport), viewport)];
  if (panel.length) rows.push(rule(width), ...panel);
  return { rows: pad(rows.map((r) => clip(r, width)), height), viewport, maxScroll };
}

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
    spread([{ text: t(lang, 'ui.lessons'), style: { heading: 1, bold: true } }], [{ text: t(lang, 'ui.lessonProgress', { passed: done, total: all }) }], width),
    rule(width),
  ];
  if (!ls.length) rows.push(...textRows(t(lang, 'ui.noLessons'), Math.max(10, width - 2), { tone: 'warn' }).map((r) => [{ text: ' ' }, ...r]));
  const idWidth = Math.max(0, ...ls.map((l) => l.id.length));
  const sel = ls[selected];
  const summary = sel?.summary ? textRows(sel.summary[lang], Math.max(10, width - 2), { italic: true }).map((r) => [{ text: ' ' }, ...r]) : [];
  const listRoom = Math.max(1, height - rows.length - (summary.length && height - rows.length - ls.length > summary.length ? summary.length + 1 : 0));
  const first = Math.min(Math.max(0, selected - listRoom + 1), Math.max(0, ls.length - listRoom));
  ls.slice(first, first + listRoom).forEach((l, k) => {
    const i = first + k;
    const here = i === selected;
    const p = progress[i];
    const right: Row = [{ text: `  ${t(lang, 'ui.lessonProgress', p).padStart(5)} ` }, ...bar(p.passed, p.total), { text: p.passed === p.total ? ' ✔' : '  ', style: { tone: 'pass' } }];
    const left: Row = [
      { text: here ? '› ' : '  ', style: here ? { tone: 'selected' } : undefined },
      { text: l.id.padEnd(idWidth) + '  ', style: { tone: 'dim' } },
      { text: l.title[lang], style: here ? { tone: 'selected' } : undefined },
    ];
    rows.push(spread(clip(left, Math.max(1, width - rowLength(right) - 1)), right, width));
  });
  if (summary.length && height - rows.length > summary.length) rows.push([], ...summary);
  // notices and messages take the last rows, over the list if they must
  const noteRows = notes.flatMap((m) => textRows(wb.text(m), Math.max(10, width - 2), { tone: 'warn' })).map((r) => [{ text: ' ' }, ...r]);
  const out = pad(rows, Math.max(0, height - noteRows.length));
  out.push(...noteRows.slice(-height));
  return { rows: pad(out.map((r) => clip(r, width)), height), viewport: listRoom, maxScroll: 0 };
}

/** The keys, scrolled when they do not fit (`scroll` is clamped). */
export function helpScreen(wb: Workbook, width: number, height: number, scroll = 0): Row[] {
  const lang = wb.lang;
  const head: Row[] = [[{ text: t(lang, 'ui.helpTitle'), style: { heading: 1, bold: true } }], rule(width)];
  const rows: Row[] = [];
  const w = Math.max(10, width - 1);
  for (const line of [...t(lang, 'ui.help').split('\n'), ...t(lang, 'ui.helpSandbox').split('\n'), ...t(lang, 'ui.helpMore').split('\n')]) {
    // the keys stay in their column; the explanation wraps beside them
    const m = /^(\S.*?\s{2,})(\S.*)$/.exec(line);
    const key = m && m[1].length < w / 2 ? m[1] : '';
    rows.push(...textRows(key ? m![2] : line, w, undefined, key).map((r) => [{ text: ' ' }, ...r]));
  }
  const room = Math.max(1, height - head.length);
  const top = Math.min(Math.max(0, scroll), Math.max(0, rows.length - room));
  if (rows.length > room) head[1] = ruleWith(t(lang, 'ui.scroll', { from: top + 1, to: Math.min(rows.length, top + room), total: rows.length }), width);
  return pad([...head, ...rows.slice(top, top + room)].map((r) => clip(r, width)), height);
}

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
const KEY_PRIORITY = ['?', 'c', 'a', 'h', 'q', 'Esc', '←/→', '↑/↓', 'Intro', 'Retorn', 'Enter', 's', 'r', 'm', 'l', 'b', 'g', 't', 'w', 'L'];

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
