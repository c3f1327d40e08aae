import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changedFile, isRelevant, watchWorkspace, type Timers, type WatchFn } from '../../src/core/watch.js';

/** Timers run by hand, and a clock to match. */
function fakeTimers() {
  let now = 0;
  let next = 1;
  const due = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      due.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimeout: (h) => void due.delete(h as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, d] of [...due].sort((a, b) => a[1].at - b[1].at)) {
      if (d.at <= now) {
        due.delete(id);
        d.fn();
      }
    }
  };
  return { timers, advance, now: () => now };
}

/** A watch function whose events the test sends; `recursive` can be refused as on old platforms. */
function fakeWatch(o: { refuseRecursive?: boolean } = {}) {
  const watched: { dir: string; recursive: boolean; emit: (f: string | null) => void; closed: boolean }[] = [];
  const watch: WatchFn = (dir, opts, listener) => {
    if (opts.recursive && o.refuseRecursive)
      throw Object.assign(new Error('recursive watch unavailable'), { code: 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM' });
    const w = { dir, recursive: opts.recursive, emit: (f: string | null) => listener('change', f), closed: false };
    watched.push(w);
    return { close: () => void (w.closed = true) };
  };
  return { watch, watched };
}

test('isRelevant: the learner’s files and the sandbox’s events count; progress, other logs and editor temp files do not', () => {
  for (const p of ['etc/postfix/main.cf', 'etc/ssl/private/mail.key', 'missatge_signat.txt', 'var/log/events.jsonl', 'var/mail/alumno'])
    assert.ok(isRelevant(p), p);
  for (const p of [
    '.mailsec/progress.json',
    '.mailsec',
    'var/log/mail.log',
    'var/log',
    'etc/postfix/.main.cf.swp',
    'etc/postfix/main.cf~',
    'etc/postfix/4913',
    'etc/postfix/.#main.cf',
    'etc/bind/sedIVRTlw',
    '',
  ]) {
    assert.ok(!isRelevant(p), p);
  }
});

test('a burst of changes is reported once, after the quiet time, with the files sorted', () => {
  const ft = fakeTimers();
  const fw = fakeWatch();
  const calls: string[][] = [];
  const w = watchWorkspace('/ws', (f) => calls.push(f), { delayMs: 300, timers: ft.timers, watch: fw.watch, now: ft.now, recursive: true });
  assert.equal(fw.watched.length, 1);
  assert.ok(fw.watched[0].recursive);
  const emit = fw.watched[0].emit;
  emit('etc/postfix/main.cf');
  ft.advance(200);
  emit('etc/postfix/master.cf');
  emit('.mailsec/progress.json');
  emit('var/log/mail.log');
  emit(null);
  ft.advance(200);
  assert.equal(calls.length, 0, 'still within 300 ms of the last change');
  ft.advance(150);
  assert.deepEqual(calls, [['etc/postfix/main.cf', 'etc/postfix/master.cf']]);
  emit('.mailsec/progress.json');
  ft.advance(1000);
  assert.equal(calls.length, 1, 'progress writes never trigger a check');
  w.close();
  assert.ok(fw.watched[0].closed);
  emit('etc/postfix/main.cf');
  ft.advance(1000);
  assert.equal(calls.length, 1, 'nothing after close');
});

test('during a check, changes wait; the check’s own event-log writes are dropped, the sandbox’s later ones count', () => {
  const ft = fakeTimers();
  const fw = fakeWatch();
  const calls: string[][] = [];
  const w = watchWorkspace('/ws', (f) => calls.push(f), { delayMs: 300, timers: ft.timers, watch: fw.watch, now: ft.now, recursive: true });
  const emit = fw.watched[0].emit;
  w.pause();
  emit('var/log/events.jsonl');
  ft.advance(1000);
  w.resume();
  ft.advance(1000);
  assert.equal(calls.length, 0, 'an event written by the probe of our own check');

  w.pause();
  w.pause();
  emit('etc/postfix/main.cf');
  w.resume();
  ft.advance(1000);
  assert.equal(calls.length, 0, 'pauses nest');
  w.resume();
  emit('var/log/events.jsonl');
  ft.advance(1000);
  assert.deepEqual(calls, [['etc/postfix/main.cf']], 'held change reported; a late write of our check dropped');

  ft.advance(1000);
  emit('var/log/events.jsonl');
  ft.advance(400);
  assert.deepEqual(calls.at(-1), ['var/log/events.jsonl'], 'the sandbox reports something new: check again');
  w.close();
});

test('without recursive watch, every folder but .mailsec is watched one by one', () => {
  const root = mkdtempSync(join(tmpdir(), 'mailsec-watch-'));
  for (const d of ['etc/postfix', 'etc/ssl/private', 'var/log', '.mailsec/snapshots']) mkdirSync(join(root, d), { recursive: true });
  const ft = fakeTimers();
  const fw = fakeWatch({ refuseRecursive: true });
  const calls: string[][] = [];
  const w = watchWorkspace(root, (f) => calls.push(f), { delayMs: 10, timers: ft.timers, watch: fw.watch, now: ft.now });
  assert.ok(w.fallback);
  const dirs = fw.watched.map((x) => x.dir.slice(root.length + 1) || '.').sort();
  assert.deepEqual(dirs, ['.', 'etc', 'etc/postfix', 'etc/ssl', 'etc/ssl/private', 'var', 'var/log']);
  fw.watched.find((x) => x.dir.endsWith('etc/postfix'))!.emit('main.cf');
  fw.watched.find((x) => x.dir.endsWith('var/log'))!.emit('mail.log');
  ft.advance(20);
  assert.deepEqual(calls, [['etc/postfix/main.cf']]);
  w.close();
  assert.ok(fw.watched.every((x) => x.closed));
});

test('folders one by one: a folder made later is watched with what it holds, and one removed is forgotten', () => {
  const root = mkdtempSync(join(tmpdir(), 'mailsec-watch-'));
  mkdirSync(join(root, 'var'), { recursive: true });
  const ft = fakeTimers();
  const fw = fakeWatch();
  const calls: string[][] = [];
  const w = watchWorkspace(root, (f) => calls.push(f), { delayMs: 10, timers: ft.timers, watch: fw.watch, now: ft.now, recursive: false });
  assert.ok(w.fallback);
  const at = (d: string) => fw.watched.filter((x) => x.dir === join(root, d) && !x.closed);
  // mkdir -p var/www/mta-sts/.well-known: the event names var/www, which already holds the rest
  mkdirSync(join(root, 'var/www/mta-sts/.well-known'), { recursive: true });
  at('var')[0].emit('www');
  for (const d of ['var/www', 'var/www/mta-sts', 'var/www/mta-sts/.well-known']) assert.equal(at(d).length, 1, d);
  at('var/www/mta-sts/.well-known')[0].emit('mta-sts.txt');
  ft.advance(20);
  assert.deepEqual(calls.at(-1), ['var/www', 'var/www/mta-sts/.well-known/mta-sts.txt']);
  // the same event again adds no second watcher
  at('var')[0].emit('www');
  assert.equal(at('var/www').length, 1);
  rmSync(join(root, 'var/www'), { recursive: true });
  at('var')[0].emit('www');
  assert.equal(at('var/www').length, 0, 'the removed folder’s watcher is closed');
  mkdirSync(join(root, 'var/www'));
  at('var')[0].emit('www');
  assert.equal(at('var/www').length, 1, 'made again: watched again');
  w.close();
});

test('a watcher error is reported, not thrown', () => {
  const errors: Error[] = [];
  let onError: ((e: Error) => void) | undefined;
  const watch: WatchFn = () => ({ close() {}, on: (_ev: 'error', fn: (e: Error) => void) => void (onError = fn) });
  watchWorkspace('/ws', () => {}, { watch, onError: (e) => errors.push(e), recursive: true });
  onError!(new Error('ENOSPC: System limit for number of file watchers reached'));
  assert.equal(errors.length, 1);
});

test('the real fs.watch sees main.cf again after sed -i replaced it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mailsec-watch-'));
  mkdirSync(join(root, 'etc/postfix'), { recursive: true });
  const cf = join(root, 'etc/postfix/main.cf');
  writeFileSync(cf, 'myhostname = vm\n');
  const seen: string[][] = [];
  const w = watchWorkspace(root, (f) => seen.push(f), { delayMs: 20 });
  const settle = () => new Promise((r) => setTimeout(r, 150));
  try {
    await new Promise((r) => setTimeout(r, 50));
    // what sed -i does: a new file, renamed over main.cf
    writeFileSync(join(root, 'etc/postfix/sedAbc123'), 'myhostname = mail.aula.test\n');
    renameSync(join(root, 'etc/postfix/sedAbc123'), cf);
    await settle();
    const before = seen.length;
    assert.ok(before > 0, 'the rename is seen');
    appendFileSync(cf, 'mydomain = aula.test\n');
    await settle();
    assert.deepEqual(seen.slice(before), [['etc/postfix/main.cf']], 'and so is a later edit of the new file');
  } finally {
    w.close();
  }
});

test('the real fs.watch sees an edit of main.cf', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mailsec-watch-'));
  mkdirSync(join(root, 'etc/postfix'), { recursive: true });
  writeFileSync(join(root, 'etc/postfix/main.cf'), 'myhostname = vm\n');
  let timer: NodeJS.Timeout | undefined;
  const got = new Promise<string[]>((resolve, reject) => {
    // the watcher does not keep the process alive by itself (persistent: false); this timer does
    timer = setTimeout(() => reject(new Error('no change seen in 5 s')), 5000);
    const w = watchWorkspace(
      root,
      (f) => {
        w.close();
        resolve(f);
      },
      { delayMs: 20 },
    );
  }).finally(() => clearTimeout(timer));
  // give the watch a moment to be set up, then change the file
  await new Promise((r) => setTimeout(r, 50));
  writeFileSync(join(root, 'etc/postfix/main.cf'), 'myhostname = mail.aula.test\n');
  assert.deepEqual(await got, ['etc/postfix/main.cf']);
  assert.equal(changedFile(root, ['etc/postfix/sedAbc123', 'etc/postfix/main.cf']), 'etc/postfix/main.cf');
});
