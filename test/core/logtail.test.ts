import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, renameSync, writeFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { LogTail } from '../../src/core/logtail.js';
import { displayText, outputLines, decodeBytes } from '../../src/core/display.js';
import { tempDir } from '../prove/env.js';

test('a missing file is no error; lines appear once their newline is written', () => {
  const file = join(tempDir(), 'mail.log');
  const tail = new LogTail(file);
  assert.equal(tail.poll(), false);
  assert.deepEqual(tail.lines, []);
  writeFileSync(file, 'one\ntw');
  assert.equal(tail.poll(), true);
  assert.deepEqual(tail.lines, ['one']);
  assert.equal(tail.poll(), false, 'nothing new');
  appendFileSync(file, 'o\nthree\n');
  assert.equal(tail.poll(), true);
  assert.deepEqual(tail.lines, ['one', 'two', 'three']);
});

test('the first read takes only the end of a big file, from a line start', () => {
  const file = join(tempDir(), 'mail.log');
  writeFileSync(file, Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n') + '\n');
  const tail = new LogTail(file, 5000, 100);
  tail.poll();
  assert.ok(tail.lines.length > 0 && tail.lines.length < 20, `${tail.lines.length} lines`);
  assert.equal(tail.lines.at(-1), 'line 999');
  assert.match(tail.lines[0], /^line \d+$/, 'no half line at the start');
});

test('memory stays bounded: the oldest lines go', () => {
  const file = join(tempDir(), 'mail.log');
  const tail = new LogTail(file, 10);
  for (let i = 0; i < 5; i++) {
    appendFileSync(file, Array.from({ length: 7 }, (_, j) => `l${i}-${j}`).join('\n') + '\n');
    tail.poll();
  }
  assert.equal(tail.lines.length, 10);
  assert.equal(tail.lines.at(-1), 'l4-6');
  assert.equal(tail.dropped, 25);
});

test('a truncated or rotated log is read again from its start', () => {
  const dir = tempDir();
  const file = join(dir, 'mail.log');
  writeFileSync(file, 'a\nb\n');
  const tail = new LogTail(file);
  tail.poll();
  truncateSync(file, 0);
  appendFileSync(file, 'c\n');
  tail.poll();
  assert.deepEqual(tail.lines, ['a', 'b', 'c']);
  renameSync(file, file + '.1');
  writeFileSync(file, 'd\n');
  tail.poll();
  assert.deepEqual(tail.lines, ['a', 'b', 'c', 'd']);
});

test('a multibyte character split across two writes is kept whole', () => {
  const file = join(tempDir(), 'mail.log');
  const bytes = Buffer.from('señal ✉\n');
  writeFileSync(file, bytes.subarray(0, 3));
  const tail = new LogTail(file);
  tail.poll();
  appendFileSync(file, bytes.subarray(3));
  tail.poll();
  assert.deepEqual(tail.lines, ['señal ✉']);
});

test('hostile bytes never reach the terminal: controls become symbols, tabs spaces, colours go', () => {
  assert.equal(displayText('a\x1b[31mred\x07'), 'a␛[31mred␇');
  assert.equal(displayText('\tby mail'), '        by mail');
  assert.equal(displayText('ab\tc'), 'ab      c');
  assert.equal(displayText('x\u202ey'), 'x\ufffdy', 'no bidi override');
  assert.deepEqual(outputLines('\x1b[1;32mok\x1b[0m\r\nnext\rover'), ['ok', 'next', 'over']);
  assert.equal(decodeBytes(Buffer.from('caf\xe9', 'latin1')), 'café', 'Latin-1 when it is not UTF-8');
  assert.equal(decodeBytes(Buffer.from('café')), 'café');
});
