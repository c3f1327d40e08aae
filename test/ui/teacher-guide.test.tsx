// T shows the teacher's guide to the lesson on screen, in the workbook's language; Esc goes back.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { cleanup } from 'ink-testing-library';
import { runPlain } from '../../src/commands/plain.js';
import { KEY, makeWorkbook, start } from './helpers.js';

afterEach(() => cleanup());

test('T on a step shows its lesson in the teacher guide; Esc returns to the step', async () => {
  const wb = makeWorkbook('es');
  const l = wb.lessons[0];
  const ui = await start(wb);
  await ui.waitFor(l.steps[0].title.es);
  await ui.press('T');
  const f = await ui.waitFor(`Guía del profesor · ${l.id}`);
  assert.match(f, /Objetivo\./);
  assert.match(f, /Tiempo: unos \d+ min/);
  await ui.press(KEY.escape);
  await ui.waitFor((fr) => fr.includes(l.steps[0].title.es) && !fr.includes('Guía del profesor'));
});

test('T from the lesson list shows the chosen lesson, in the language of the workbook', async () => {
  const wb = makeWorkbook('en');
  const ui = await start(wb);
  await ui.waitFor(wb.lessons[0].steps[0].title.en);
  await ui.press('l', KEY.down, KEY.down, KEY.down);
  await ui.press('T');
  const f = await ui.waitFor(`Teacher's guide · ${wb.lessons[3].id}`);
  assert.match(f, /Goal\./);
  // scrolled down to the usual mistakes of the first step
  for (let i = 0; i < 8; i++) await ui.press(KEY.down);
  await ui.waitFor('Usual mistakes');
});

test('the help screen lists the T key', async () => {
  const wb = makeWorkbook('ca');
  const ui = await start(wb);
  await ui.waitFor(wb.lessons[0].steps[0].title.ca);
  await ui.press('?');
  await ui.waitFor(/T\s+guia del professor/);
});

test('the plain view prints the lesson’s part of the teacher’s guide for T', async () => {
  const wb = makeWorkbook('ca');
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  assert.equal(await runPlain(wb, Readable.from(['g 04\n', 'T\n', 'q\n']), sink), 0);
  assert.match(out, /== Guia del professor · 04-open-relay ==/);
  assert.match(out, /Errors freqüents/);
  assert.match(out, /swaks --server 127\.0\.0\.1:2526/);
  assert.match(out, /T guia del professor/);
});
