import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import chalk from 'chalk';
import { cleanup } from 'ink-testing-library';
import { Workbook } from '../../src/core/workbook.js';
import type { Step } from '../../src/course/loader.js';
import { colorEnabled, textStyle } from '../../src/ui/theme.js';
import { clip, fit, rowLength } from '../../src/ui/rows.js';
import { fitKeys } from '../../src/ui/screens/status-row.js';
import { t } from '../../src/i18n/messages.js';
import { titleRow } from '../../src/ui/screens/step-screen.js';
import { KEY, makeWorkbook, start, stepRef, stripAnsi } from './helpers.js';

afterEach(() => cleanup());

// SGR colour parameters: 30–38/39, 40–48/49, 90–97, 100–107 (256 and true colour start with 38; or 48;)
// eslint-disable-next-line no-control-regex
const COLOUR = /\x1b\[(?:\d+;)*(?:3\d|4\d|9[0-7]|10[0-7])(?:;\d+)*m/;

/** A step of 500 lines: a long text with code blocks, lists and a table. */
class LongStepWorkbook extends Workbook {
  body(step: Step): string {
    if (step.id !== 'myhostname') return super.body(step);
    const parts: string[] = ['# Un paso muy largo', ''];
    for (let i = 1; parts.length < 500; i++) {
      parts.push(`Párrafo ${i} con **negrita**, *cursiva*, \`código\` y un [enlace](https://example.org/${i}).`, '');
      if (i % 10 === 0)
        parts.push(
          '```bash',
          `openssl req -x509 -newkey rsa:4096 -keyout etc/ssl/private/mail-${i}.key -out etc/ssl/certs/mail-${i}.crt -days 365 -nodes -subj "/CN=mail.aula.test"`,
          '```',
          '',
        );
      if (i % 15 === 0) parts.push('| parámetro | valor |', '|---|---|', `| myhostname | mail.aula.test |`, '');
      if (i % 7 === 0) parts.push('- uno', '- dos', '');
    }
    parts.push('Última línea del paso.');
    return parts.join('\n');
  }
}

test('colorEnabled follows NO_COLOR', () => {
  assert.equal(colorEnabled({}), true);
  assert.equal(colorEnabled({ NO_COLOR: '1' }), false);
  assert.equal(colorEnabled({ NO_COLOR: '' }), true, 'an empty NO_COLOR does not count (no-color.org)');
  assert.equal(textStyle({ heading: 1, tone: 'fail', codeBlock: true }, false).color, undefined);
  assert.equal(textStyle({ tone: 'status' }, false).inverse, undefined);
});

test('NO_COLOR: not one colour code on any screen, while the same screens are coloured otherwise', async () => {
  const level = chalk.level;
  chalk.level = 3;
  try {
    const screens = async (color: boolean) => {
      const wb = makeWorkbook();
      wb.go(stepRef(wb, '01-threats', 'myhostname'));
      const ui = await start(wb, { color });
      await ui.waitFor('Paso');
      await ui.press('c');
      await ui.waitFor('✘');
      await ui.press('h');
      await ui.waitFor('Pistas');
      await ui.press('l');
      await ui.waitFor('Lecciones');
      await ui.press('?');
      await ui.waitFor('Teclas');
      const all = ui.frames.join('\n');
      ui.unmount();
      return all;
    };
    const coloured = await screens(true);
    assert.match(coloured, COLOUR, 'with colours on, the screens are coloured (so the check below can fail)');
    const plain = await screens(false);
    assert.doesNotMatch(plain, COLOUR);
  } finally {
    chalk.level = level;
  }
});

test('the screen never takes more than rows − 1 lines nor more than the width, on every screen and size', async () => {
  for (const size of [
    { columns: 80, rows: 24 },
    { columns: 40, rows: 10 },
    { columns: 120, rows: 40 },
  ]) {
    const wb = makeWorkbook('es', LongStepWorkbook);
    wb.go(stepRef(wb, '01-threats', 'myhostname'));
    const ui = await start(wb, { size });
    await ui.waitFor('Un paso muy largo');
    await ui.press(KEY.pageDown, KEY.pageDown, KEY.down, 'c');
    await ui.waitFor('✘');
    await ui.press('h', 'h', KEY.end);
    await ui.waitFor('Última línea del paso.');
    await ui.press(KEY.pageUp, KEY.home, KEY.left, 'a');
    await ui.waitFor(/Elige con|Tu respuesta: /);
    await ui.press(KEY.escape, 'l');
    await ui.waitFor('Lecciones');
    await ui.press('?');
    await ui.waitFor('Teclas');
    assert.ok(ui.frames.length > 10);
    for (const frame of ui.frames) {
      const lines = stripAnsi(frame).split('\n');
      assert.ok(lines.length <= size.rows - 1, `${lines.length} lines at ${size.columns}×${size.rows}:\n${stripAnsi(frame)}`);
      for (const l of lines) assert.ok(l.length <= size.columns, `a line wider than ${size.columns}: ${l}`);
    }
  }
});

test('scrolling a 500-line step: only the visible rows are drawn; ↓ PgDn End Home move the window', async () => {
  const wb = makeWorkbook('es', LongStepWorkbook);
  wb.go(stepRef(wb, '01-threats', 'myhostname'));
  const ui = await start(wb);
  let f = await ui.waitFor('Un paso muy largo');
  const total = Number(/1–\d+ de (\d+)/.exec(f)?.[1]);
  assert.ok(total > 500, `the step is long (${total} rows)`);
  assert.ok(!f.includes('Párrafo 40 '), 'rows below the window are not drawn');
  await ui.press(KEY.down);
  f = await ui.waitFor('2–');
  await ui.press(KEY.pageDown);
  await ui.waitFor(/ \d{2}–\d+ de /);
  await ui.press(KEY.end);
  f = await ui.waitFor('Última línea del paso.');
  assert.match(f, new RegExp(`–${total} de ${total}`));
  assert.ok(!f.includes('Un paso muy largo'));
  await ui.press(KEY.home);
  await ui.waitFor('Un paso muy largo');
  // the code line is never cut: it continues on the next row, without frame characters
  await ui.press(KEY.pageDown);
  f = await ui.waitFor(/\[\d+\] bash/);
  const code = f.split('\n').find((l) => l.includes('openssl req'))!;
  assert.match(code, /^ {3}openssl req/);
});

test('fitKeys keeps the most useful keys, in their order', () => {
  const all = '←/→ paso  c comprobar  h pista  a responder  w vigilar  l lecciones  L idioma  ? ayuda  q salir';
  assert.equal(fitKeys(all, 200), all);
  assert.equal(fitKeys(all, 20), 'c comprobar  ? ayuda');
  assert.equal(fitKeys(all, 7), '? ayuda');
  assert.equal(fitKeys(all, 3), '');
});

test('rows: clip marks a cut, fit continues long lines', () => {
  assert.deepEqual(clip([{ text: 'abcdef' }], 4), [
    { text: 'abc', style: undefined },
    { text: '…', style: undefined },
  ]);
  const rows = fit([{ text: 'x'.repeat(25) }], 10);
  assert.deepEqual(rows.map(rowLength), [10, 10, 5]);
});

test('a resized terminal is redrawn to its new size', async () => {
  const wb = makeWorkbook();
  const ui = await start(wb, { size: undefined });
  const title = wb.current()!.step.title.es;
  let f = await ui.waitFor(title);
  // ink-testing-library's stream is 100 columns; rows unknown → 24
  assert.equal(f.split('\n').length, 23);
  assert.ok(f.split('\n').some((l) => l.length > 80));
  Object.defineProperty(ui.stdout, 'columns', { value: 50, configurable: true });
  Object.assign(ui.stdout, { rows: 12 });
  ui.stdout.emit('resize');
  f = await ui.waitFor((x) => x.split('\n').length === 11);
  for (const l of f.split('\n')) assert.ok(l.length <= 50, l);
  assert.ok(f.includes('Paso 1 de'));
});

test('a passed checkpoint whose title is long keeps both marks at 80 columns: the title is shortened, in every language', () => {
  const marks = (lang: 'es' | 'ca' | 'en') => [{ text: `  ◆ ${t(lang, 'ui.checkpoint')}` }, { text: `  ✔ ${t(lang, 'status.pass')}` }];
  for (const lang of ['es', 'ca', 'en'] as const) {
    const row = titleRow('Comprueba que tu dominio sigue recibiendo correo de fuera, y que nadie más lo usa', marks(lang), 80);
    const text = row.map((c) => c.text).join('');
    assert.ok(text.length <= 80, text);
    assert.ok(text.endsWith(`✔ ${t(lang, 'status.pass')}`), text);
    assert.match(text, /…  ◆/);
  }
  // a title that fits is left whole
  const short = titleRow('Publica tu política DMARC', marks('es'), 80)
    .map((c) => c.text)
    .join('');
  assert.ok(short.startsWith('Publica tu política DMARC  ◆'), short);
});
