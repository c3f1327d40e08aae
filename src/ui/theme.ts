import type { UiStyle, Tone } from './rows.js';

/** https://no-color.org: any non-empty NO_COLOR turns every colour off. */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR;
}

export interface TextStyle {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  color?: string;
}

const TONE: Record<Tone, string | undefined> = {
  pass: 'green',
  fail: 'red',
  error: 'yellow',
  warn: 'yellow',
  dim: 'gray',
  accent: 'cyan',
  selected: 'cyan',
  status: undefined,
  bar: 'green',
};

/**
 * The Ink text props for a style. Without colour only bold, italic and underline
 * remain, so everything that matters is also said in characters (✔ ✘ › [x]).
 */
export function textStyle(s: UiStyle | undefined, color: boolean): TextStyle {
  if (!s) return {};
  const out: TextStyle = {};
  if (s.bold || s.heading || s.tone === 'selected') out.bold = true;
  if (s.italic) out.italic = true;
  if (s.link) out.underline = true;
  if (!color) return out;
  if (s.tone === 'status') out.inverse = true;
  const c = s.tone
    ? TONE[s.tone]
    : s.heading
      ? 'cyan'
      : s.codeBlock
        ? 'green'
        : s.code
          ? 'yellow'
          : s.label
            ? 'magenta'
            : s.link
              ? 'blue'
              : s.quote
                ? 'gray'
                : undefined;
  if (c) out.color = c;
  return out;
}
