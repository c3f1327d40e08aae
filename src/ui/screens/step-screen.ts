/** The step: its text scrolled, and below it the panel (verdict, hints, notes, or the quiz box). */
import type { Workbook, StepRef } from '../../core/workbook.js';
import type { Verdict } from '../../core/view.js';
import type { RemoteShown } from '../../core/remote-check.js';
import type { Message } from '../../i18n/messages.js';
import { t } from '../../i18n/messages.js';
import { evidenceLabel, renderMarkdown } from '../../core/view.js';
import { clip, fit, markdownRows, merge, rowLength, rule, spread, textRows, type Row, type UiStyle } from '../rows.js';
import { pad, ruleWith, type Screen } from './screen.js';
import { quizBox, type Answering } from './quiz-box.js';

/** Everything the step screen shows besides the workbook itself. */
export interface StepView {
  ref: StepRef;
  scroll: number;
  checking: boolean;
  verdict?: Verdict;
  /** the saved real server's result, instead of a verdict */
  remote?: RemoteShown;
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

/** The step's markdown as rows, indented one column. Costly: the caller memoizes it. */
export function bodyRows(markdown: string, width: number): Row[] {
  const w = Math.max(10, width - 2);
  return renderMarkdown(markdown, w)
    .lines.flatMap((l) => fit(merge(l), w))
    .map((r) => (r.length ? [{ text: ' ' }, ...r] : r));
}

const ICON = { pass: '✔', fail: '✘', error: '!', unchecked: '–' } as const;

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
    const box = quizBox(lang, v.answering, w);
    block(3, box.prompt);
    block(0, box.answer);
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
      hints.flatMap((h, i) => markdownRows(h, w, undefined, `${i + 1}. `)),
      true,
    );
  }
  if (v.checking) block(0, text(t(lang, 'ui.checking'), { tone: 'accent' }));
  else if (v.remote) {
    const r = v.remote;
    block(
      0,
      text(
        `${t(lang, 'ui.onServer', { target: wb.remote?.label ?? '' })}: ${r.text}`,
        { tone: r.status === 'unchecked' ? 'dim' : r.status },
        `${ICON[r.status]} `,
      ),
    );
    block(
      3,
      r.evidence.flatMap((e) => text(e, { tone: 'dim' }, `  ${t(lang, 'ui.evidence')}: `)),
    );
    if (v.watchFile) block(4, text(t(lang, 'ui.watchChecked', { file: v.watchFile }), { tone: 'dim' }));
  } else if (v.verdict) {
    const s = v.verdict.status;
    block(0, text(wb.text(v.verdict.message), { tone: s }, `${ICON[s]} `));
    block(
      3,
      v.verdict.evidence.flatMap((e) => text(e, { tone: 'dim' }, `  ${t(lang, evidenceLabel(v.verdict!))}: `)),
    );
    if (v.watchFile) block(4, text(t(lang, 'ui.watchChecked', { file: v.watchFile }), { tone: 'dim' }));
    if (v.sessionOffer) block(2, text(t(lang, 'ui.tr.offer'), { tone: 'accent' }));
    if (s === 'pass') block(1, text(t(lang, wb.next(v.ref) ? 'ui.passedNext' : 'ui.passedLast'), { tone: 'pass', bold: true }));
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

/** The step's title and its marks; when they do not fit, the title is shortened, never the marks. */
export function titleRow(title: string, marks: Row, width: number): Row {
  const room = width - rowLength(marks);
  if (room < 12) return clip([{ text: title, style: { bold: true } }, ...marks], width);
  return [...clip([{ text: title, style: { bold: true } }], room), ...marks];
}

/** The step screen: header, the visible slice of the text, the panel below. Exactly `height` rows. */
export function stepScreen(wb: Workbook, v: StepView, body: Row[], width: number, height: number): Screen {
  const { lesson, step, index } = v.ref;
  const lang = wb.lang;
  const passed = wb.progress.step(lesson.id, step.id).passed;
  const header: Row[] = [
    spread(
      [{ text: lesson.title[lang], style: { tone: 'accent', bold: true } }],
      [{ text: t(lang, 'ui.step', { n: index + 1, total: lesson.steps.length }) }],
      width,
    ),
    titleRow(
      step.title[lang],
      [
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
  const label =
    body.length > viewport && viewport > 0
      ? t(lang, 'ui.scroll', { from: scroll + 1, to: Math.min(body.length, scroll + viewport), total: body.length })
      : '';
  const rows = [...header, ruleWith(label, width), ...pad(body.slice(scroll, scroll + viewport), viewport)];
  if (panel.length) rows.push(rule(width), ...panel);
  return {
    rows: pad(
      rows.map((r) => clip(r, width)),
      height,
    ),
    viewport,
    maxScroll,
  };
}
