// Ink measures every row of every frame with string-width, which splits the text into
// graphemes and tests each against Unicode-set patterns: about 0.3 ms a row, the largest
// part of a frame's layout. Text made only of characters that take one column and never
// join a neighbour (Latin letters, punctuation, arrows, box drawing: what the lessons and
// the screens use) is as wide as it is long; for anything else string-width decides. The
// bundle puts this in front of Ink's string-width (scripts/string-width-plugin.mjs);
// test/ui/narrow-width.test.ts proves both give the same width.

// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[(?:\d{1,4}(?:;\d{0,4})*)?m/g;
// one column in string-width, and each a grapheme of its own next to any other of them
const NARROW =
  /^[\x20-\x7e\xa0-\xa8\xaa-\xac\xaf-\u02ff\u2010-\u2027\u2030-\u203b\u203d-\u2048\u204a-\u205e\u20a0-\u20c0\u2190-\u2193\u219a-\u21a8\u21ab-\u21ff\u2200-\u22ff\u2500-\u25a9\u25ac-\u25b5\u25b7-\u25bf\u25c1-\u25fa\u2713-\u2715\u2717\u2718]*$/;

export interface WidthOptions {
  ambiguousIsNarrow?: boolean;
  countAnsiEscapeCodes?: boolean;
}

/** The width of `s` when it is made only of such characters (colour codes aside), else undefined. */
export function narrowWidth(s: unknown, o?: WidthOptions): number | undefined {
  if (typeof s !== 'string' || o?.countAnsiEscapeCodes || o?.ambiguousIsNarrow === false) return undefined;
  const plain = s.includes('\x1b') ? s.replace(SGR, '') : s;
  return NARROW.test(plain) ? plain.length : undefined;
}
