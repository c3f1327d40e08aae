// The bundle measures text through narrowWidth before string-width (scripts/string-width-plugin.mjs):
// wherever it answers, it must give string-width's own answer, or the workbook's rows would
// be laid out differently from what Ink expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import { narrowWidth } from '../../src/ui/narrow-width.js';

const narrow: string[] = [];
for (let cp = 0; cp <= 0xffff; cp++) {
  const c = String.fromCharCode(cp);
  if (narrowWidth(c) !== undefined) narrow.push(c);
}
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

test('every character the fast path takes is one column and a grapheme of its own, as string-width says', () => {
  assert.ok(narrow.length > 1000, `only ${narrow.length} characters`);
  for (const c of '·…›█░─←↑→↓↳«»“”’–—¿¡✔✘ñçàÉ') assert.ok(narrow.includes(c), `${c} is on the fast path`);
  const wrong: string[] = [];
  for (const c of narrow) {
    const pair = `a${c}${c}a`;
    if (stringWidth(c) !== 1 || stringWidth(pair) !== 4 || [...graphemes.segment(pair)].length !== 4)
      wrong.push(`U+${c.charCodeAt(0).toString(16)}`);
  }
  assert.deepEqual(wrong, []);
});

test('rows of such characters, coloured or not, are as wide as string-width says', () => {
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const sgr = [
    '\x1b[1m',
    '\x1b[22m',
    '\x1b[31m',
    '\x1b[39m',
    '\x1b[7m',
    '\x1b[27m',
    '\x1b[38;5;208m',
    '\x1b[38;2;10;20;30m',
    '\x1b[m',
    '\x1b[0m',
  ];
  for (let i = 0; i < 2000; i++) {
    let s = '';
    const len = rand(100);
    for (let j = 0; j < len; j++) s += rand(8) === 0 ? sgr[rand(sgr.length)] : narrow[rand(narrow.length)];
    assert.equal(narrowWidth(s), stringWidth(s), JSON.stringify(s));
  }
  assert.equal(narrowWidth(''), stringWidth(''));
  assert.equal(narrowWidth('\x1b[1m\x1b[22m'), 0);
});

test('anything else is left to string-width', () => {
  const others = [
    '✉️',
    '👍🏽',
    '漢字',
    'e\u0301', // a combining accent
    'soft\u00adhyphen',
    'tab\there',
    'zero\u200bwidth',
    '\x1b]8;;https://example.test\x07link\x1b]8;;\x07', // not a colour code
    '\x9b31mcsi',
    '\x1b[12345mlong',
    '🇪🇸',
    '\u1100\u1161', // Hangul jamo
  ];
  for (const s of others) assert.equal(narrowWidth(s), undefined, JSON.stringify(s));
  assert.equal(narrowWidth('plain', { countAnsiEscapeCodes: true }), undefined);
  assert.equal(narrowWidth('plain', { ambiguousIsNarrow: false }), undefined);
  assert.equal(narrowWidth(undefined), undefined);
});
