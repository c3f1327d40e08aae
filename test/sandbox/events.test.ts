// events.jsonl: whole lines, rotation with one old file kept, torn lines skipped, typed access.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
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
