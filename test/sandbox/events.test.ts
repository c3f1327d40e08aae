// events.jsonl: whole lines, rotation with one old file kept, torn lines skipped, typed access.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventLog, readEvents, eventsOf, EVENTS_FILE } from '../../src/sandbox/events.js';
import { freshWorkspace } from '../prove/env.js';

test('events are whole JSON lines; past the limit the file rotates and one old file is kept', () => {
  const ws = freshWorkspace();
  const log = new EventLog(ws, 600);
  for (let i = 0; i < 30; i++) {
    log.emit('command', { session: `s${i}`, line: `NOOP ${i}` });
    if (i % 3 === 0) log.flush();
  }
  log.close();
  const file = ws.resolve(EVENTS_FILE);
  assert.ok(existsSync(file + '.1'), 'rotated');
  assert.ok(!existsSync(file + '.2'), 'only one old file');
  for (const f of [file, file + '.1']) {
    for (const line of readFileSync(f, 'utf8').trim().split('\n')) assert.doesNotThrow(() => JSON.parse(line), line);
  }
  const last = eventsOf(readEvents(ws), 'command').at(-1)!;
  assert.equal(last.line, 'NOOP 29');
  assert.match(last.ts, /^\d{4}-\d\d-\d\dT/);
});

test('a torn or garbled line is skipped, never fatal', () => {
  const ws = freshWorkspace();
  const log = new EventLog(ws);
  log.emit('helo', { session: 'a', helo: 'vm', command: 'EHLO' });
  log.close();
  appendFileSync(ws.resolve(EVENTS_FILE), '{"ts":"x","type":"tr\n\u0000\u0001 garbage\n');
  const log2 = new EventLog(ws);
  log2.emit('helo', { session: 'b', helo: 'vm2', command: 'HELO' });
  log2.close();
  assert.deepEqual(
    eventsOf(readEvents(ws), 'helo').map((e) => e.session),
    ['a', 'b'],
  );
});

test('an unchanged log is parsed once; what is appended, rewritten or changed by a caller is never stale', () => {
  const ws = freshWorkspace();
  const file = ws.resolve(EVENTS_FILE);
  mkdirSync(dirname(file), { recursive: true });
  const line = (n: number) => JSON.stringify({ type: 'command', ts: '2026-12-08T00:00:00.000Z', line: `NOOP ${n}` }) + '\n';
  writeFileSync(file, line(1) + line(2));
  const first = readEvents(ws);
  assert.equal(first.length, 2);
  // a caller that reorders or adds to its list changes nothing for the next one
  first.reverse().push({ type: 'command', ts: '', line: 'mine' } as never);
  assert.deepEqual(
    readEvents(ws).map((e) => e.line),
    ['NOOP 1', 'NOOP 2'],
  );
  appendFileSync(file, line(3));
  assert.deepEqual(
    readEvents(ws).map((e) => e.line),
    ['NOOP 1', 'NOOP 2', 'NOOP 3'],
  );
  // rewritten in place, same size: another content
  writeFileSync(file, line(7) + line(8) + line(9));
  assert.deepEqual(
    readEvents(ws).map((e) => e.line),
    ['NOOP 7', 'NOOP 8', 'NOOP 9'],
  );
  // another workspace's log, then this one again
  const other = freshWorkspace();
  assert.equal(readEvents(other).length, 0);
  assert.equal(readEvents(ws).length, 3);
});
