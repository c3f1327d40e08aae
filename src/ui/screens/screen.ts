/**
 * What every screen is made of: exactly `height` rows of at most `width` characters, the
 * rule that says where you are, the notes over the last rows. Screens are pure functions
 * from headless data to rows; only the rows in sight are laid out.
 */
import { clip, rule, spread, textRows, type Row, type Tone, type UiStyle } from '../rows.js';

export interface Screen {
  rows: Row[];
  /** rows of text visible at once, and how far it can scroll */
  viewport: number;
  maxScroll: number;
}

/** Scrolled past the end: stays at the end (and follows what is added there). */
export const END = Number.MAX_SAFE_INTEGER;

export const pad = (rows: Row[], height: number): Row[] => {
  const out = rows.slice(0, Math.max(0, height));
  while (out.length < height) out.push([]);
  return out;
};

export const two = (n: number) => String(n).padStart(2, '0');

/** A rule with where you are at its right end, or a plain one when that does not fit. */
export function ruleWith(label: string, width: number): Row {
  const dashes = width - label.length - 4;
  if (!label || dashes < 2) return rule(width);
  return [
    { text: '─'.repeat(dashes), style: { tone: 'dim' } },
    { text: ` ${label} `, style: { tone: 'dim' } },
    { text: '──', style: { tone: 'dim' } },
  ];
}

export const title = (text: string, right: string, width: number): Row =>
  spread([{ text, style: { heading: 1, bold: true } }], right ? [{ text: right, style: { tone: 'dim' } }] : [], width);

/** Word-wrapped text with `first` before its first row and `indent` before the others. */
export function hang(text: string, width: number, style: UiStyle | undefined, first: string, indent: string): Row[] {
  const w = Math.max(5, width - Math.max(first.length, indent.length));
  return textRows(text, w, style).map((r, i) => [{ text: i ? indent : first, style: i ? undefined : style }, ...r].filter((c) => c.text));
}

/** Notes at the bottom of a screen (a message, a send result), over the last rows. */
export interface Note {
  text: string;
  tone: Tone;
}

/** `rows` with the notes below them, exactly `height` rows. */
export function withNotes(rows: Row[], notes: Note[], width: number, height: number): Row[] {
  const noteRows = notes.flatMap((n) => textRows(n.text, Math.max(10, width - 2), { tone: n.tone }).map((r) => [{ text: ' ' }, ...r]));
  const out = pad(rows, Math.max(0, height - noteRows.length));
  out.push(...noteRows.slice(-height));
  return pad(
    out.map((r) => clip(r, width)),
    height,
  );
}

/** A screen with the notes over its last rows (its size unchanged). */
export function notesOver(sc: Screen, notes: Note[], width: number): Screen {
  if (!notes.length) return sc;
  const w = Math.max(10, width - 2);
  const noteRows = notes.flatMap((n) => textRows(n.text, w, { tone: n.tone }).map((r) => [{ text: ' ' }, ...r]));
  const keep = Math.max(0, sc.rows.length - noteRows.length);
  return { ...sc, rows: [...sc.rows.slice(0, keep), ...noteRows.slice(-sc.rows.length)] };
}

/** A list with the chosen row kept in sight. */
export function listWindow(items: Row[], sel: number, room: number): Row[] {
  const first = Math.min(Math.max(0, sel - room + 1), Math.max(0, items.length - room));
  return items.slice(first, first + room);
}
