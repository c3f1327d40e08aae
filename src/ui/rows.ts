import { inlineMarkdown, wrap, type Line, type Style } from '../core/view.js';

/**
 * A screen is a list of rows, each at most `width` characters: what the terminal
 * shows is exactly these rows, so the layout never grows or wraps behind our back.
 */
export type Tone = 'pass' | 'fail' | 'error' | 'warn' | 'dim' | 'accent' | 'selected' | 'status' | 'bar';
export interface UiStyle extends Style {
  tone?: Tone;
}
export interface Cell {
  text: string;
  style?: UiStyle;
}
export type Row = Cell[];

export const rowText = (r: Row): string => r.map((c) => c.text).join('');
export const rowLength = (r: Row): number => r.reduce((n, c) => n + c.text.length, 0);

const styleKey = (s: UiStyle | undefined) => (s ? JSON.stringify(s) : '');

/** Joins neighbouring cells of the same style: fewer text nodes for Ink to lay out on every frame. */
export function merge(row: Row): Row {
  const out: Row = [];
  let key = '';
  for (const c of row) {
    if (!c.text) continue;
    const k = styleKey(c.style);
    const last = out.at(-1);
    if (last && k === key) out[out.length - 1] = { text: last.text + c.text, style: last.style };
    else out.push(c);
    key = k;
  }
  return out;
}

/** Cuts a row to `width` characters, ending with … when something was cut. */
export function clip(row: Row, width: number): Row {
  if (width <= 0) return [];
  if (rowLength(row) <= width) return row;
  const out: Row = [];
  let room = width - 1;
  for (const c of row) {
    if (room <= 0) break;
    const text = c.text.slice(0, room);
    out.push({ text, style: c.style });
    room -= text.length;
  }
  out.push({ text: '…', style: row.at(-1)?.style });
  return out;
}

/** Splits a line longer than `width` into several rows (code lines are never cut, only continued). */
export function fit(line: Line | Row, width: number): Row[] {
  if (width <= 0) return [[]];
  if (rowLength(line) <= width) return [line];
  const rows: Row[] = [];
  let cur: Row = [];
  let len = 0;
  for (const c of line) {
    let text = c.text;
    while (text.length) {
      const take = text.slice(0, width - len);
      cur.push({ text: take, style: c.style });
      len += take.length;
      text = text.slice(take.length);
      if (len >= width) {
        rows.push(cur);
        cur = [];
        len = 0;
      }
    }
  }
  if (cur.length) rows.push(cur);
  return rows;
}

export function indent(rows: Row[], prefix: string): Row[] {
  return rows.map((r) => (r.length ? [{ text: prefix }, ...r] : r));
}

/** Word-wrapped text (its own newlines kept) as rows. */
export function textRows(text: string, width: number, style?: UiStyle, first = '', rest = ' '.repeat(first.length)): Row[] {
  const out: Row[] = [];
  text.split('\n').forEach((para, i) => {
    const lines = wrap([{ text: para, style }], width, i === 0 ? first : rest, rest);
    if (!lines.length) out.push([]);
    for (const l of lines) out.push(...fit(merge(l), width));
  });
  return out;
}

/** Like textRows, for inline markdown (a hint): `code` shows as code, without its backticks. */
export function markdownRows(text: string, width: number, style?: UiStyle, first = '', rest = ' '.repeat(first.length)): Row[] {
  const out: Row[] = [];
  text.split('\n').forEach((para, i) => {
    const lines = wrap(inlineMarkdown(para, style), width, i === 0 ? first : rest, rest);
    if (!lines.length) out.push([]);
    for (const l of lines) out.push(...fit(merge(l), width));
  });
  return out;
}

/** A row with `left` at the start and `right` at the end, clipped to `width`. */
export function spread(left: Row, right: Row, width: number): Row {
  const gap = width - rowLength(left) - rowLength(right);
  if (gap < 1) return clip([...left, { text: ' ' }, ...right], width);
  return [...left, { text: ' '.repeat(gap) }, ...right];
}

export const rule = (width: number, style?: UiStyle): Row => [{ text: '─'.repeat(Math.max(0, width)), style: style ?? { tone: 'dim' } }];
