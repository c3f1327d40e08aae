// Every step's screen at 80x24, in every language: a command block is never cut. Each line
// of a block either fits the text column or is broken where a copy still works (at a space,
// a shell line escaped with a backslash); a piece wider than the column would be sliced by
// the screen in the middle of a word, and the learner could not copy it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGS } from '../../src/i18n/lang.js';
import { renderMarkdown } from '../../src/core/view.js';
import { breakCodeLine } from '../../src/course/markdown.js';
import { bodyRows, stepScreen } from '../../src/ui/screens/step-screen.js';
import { rowLength } from '../../src/ui/rows.js';
import { makeWorkbook } from './helpers.js';

const WIDTH = 80;
const HEIGHT = 24;
// bodyRows keeps one column of margin; a code line is indented two more
const CODE_WIDTH = WIDTH - 2 - 2;

/** Lines nobody types: a key cut short with … on purpose, a server's answer as swaks prints it (<**, <~, ->…). */
const NOT_TYPED = /…|^\s*(<\*\*|<~|<-|->|~>|\*\*\*|===)/;

test('at 80x24 every command block of every step shows whole, in es, ca and en', () => {
  const cut: string[] = [];
  for (const lang of LANGS) {
    const wb = makeWorkbook(lang);
    for (const lesson of wb.lessons) {
      lesson.steps.forEach((step, index) => {
        const md = wb.body(step);
        const body = bodyRows(md, WIDTH);
        for (const r of body) if (rowLength(r) > WIDTH) cut.push(`${lesson.id}/${step.id} (${lang}): a text row wider than ${WIDTH}`);
        const screen = stepScreen(wb, { ref: { lesson, step, index }, scroll: 0, checking: false, notices: [] }, body, WIDTH, HEIGHT);
        assert.ok(screen, `${lesson.id}/${step.id} (${lang}) has a screen`);
        for (const block of renderMarkdown(md, WIDTH - 2).codeBlocks) {
          for (const line of block.content.split('\n')) {
            if (NOT_TYPED.test(line)) continue;
            for (const piece of breakCodeLine(line, CODE_WIDTH))
              if (piece.length > CODE_WIDTH)
                cut.push(`${lesson.id}/${step.id} (${lang}): block ${block.n} is cut at ${WIDTH} columns: ${piece}`);
          }
        }
      });
    }
  }
  assert.deepEqual(cut, []);
});

test('the rule sees a cut line: a word wider than the column cannot be broken for copying', () => {
  const long = `openssl dgst -sha256 ${'a'.repeat(CODE_WIDTH)}`;
  assert.ok(breakCodeLine(long, CODE_WIDTH).some((p) => p.length > CODE_WIDTH));
  assert.ok(
    breakCodeLine('swaks --server 127.0.0.1:2525 --from alumno@aula.test --to alumno@aula.test --data @smime_xifrat.eml', CODE_WIDTH).every(
      (p) => p.length <= CODE_WIDTH,
    ),
  );
});
