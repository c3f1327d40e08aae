// The sandbox gives memory back once its listeners fall idle after a burst of clients:
// two full collections, the second past V8's 5 s window (see src/sandbox/idle-gc.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { IdleGc } from '../../src/sandbox/idle-gc.js';

test('after a burst of 50 connections, two collections once the last has gone; none while one is open', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let runs = 0;
  const g = new IdleGc(() => runs++);
  for (let i = 0; i < 50; i++) g.connected();
  for (let i = 0; i < 49; i++) g.disconnected();
  t.mock.timers.tick(10_000);
  assert.equal(runs, 0, 'a client is still connected');
  g.disconnected();
  t.mock.timers.tick(499);
  assert.equal(runs, 0, 'not idle long enough yet');
  t.mock.timers.tick(1);
  assert.equal(runs, 1);
  t.mock.timers.tick(5_200);
  assert.equal(runs, 2);
  // a few clients since: not worth a collection
  g.connected();
  g.disconnected();
  t.mock.timers.tick(10_000);
  assert.equal(runs, 2);
  g.stop();
});

test('a client that comes between the two collections postpones the second until it has gone', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let runs = 0;
  const g = new IdleGc(() => runs++);
  g.started();
  t.mock.timers.tick(500);
  assert.equal(runs, 1);
  g.connected();
  t.mock.timers.tick(10_000);
  assert.equal(runs, 1);
  g.disconnected();
  t.mock.timers.tick(500);
  assert.equal(runs, 2);
  t.mock.timers.tick(5_200);
  assert.equal(runs, 3);
  g.stop();
});

test('gc() can be had at run time without --expose-gc (the way idle-gc.ts gets it)', () => {
  setFlagsFromString('--expose-gc');
  assert.equal(typeof runInNewContext('gc'), 'function');
});

