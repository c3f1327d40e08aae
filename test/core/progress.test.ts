import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, readdirSync, existsSync, rmSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { Progress, MAX_HISTORY } from '../../src/workspace/progress.js';
import { withLock, LockBusyError } from '../../src/util/atomic.js';
import { UserError } from '../../src/util/errors.js';
import { t } from '../../src/i18n/messages.js';
import { freshWorkspace } from '../prove/env.js';

const onDisk = (ws: { metaPath: (...p: string[]) => string }) => JSON.parse(readFileSync(ws.metaPath('progress.json'), 'utf8'));
const corrupt = (ws: { metaPath: (...p: string[]) => string }) =>
  readdirSync(ws.metaPath()).filter((f) => f.startsWith('progress.json.corrupt-'));

test('every change is on disk at once: attempts with their verdicts, hints shown, the answer', () => {
  const ws = freshWorkspace();
  const p = Progress.load(ws);
  assert.equal(p.notice, undefined);
  p.record('01-threats', 'dos', 'fail');
  p.record('01-threats', 'dos', 'pass');
  p.setAnswer('01-threats', 'dos', ['c']);
  assert.equal(p.useHint('01-threats', 'dos', 1), 1);
  assert.equal(p.useHint('01-threats', 'dos', 1), 1, 'never more hints than the step has');
  const s = Progress.load(ws).step('01-threats', 'dos');
  assert.equal(s.passed, true);
  assert.equal(s.attemptCount, 2);
  assert.deepEqual(
    s.attempts.map((a) => a.status),
    ['fail', 'pass'],
  );
  assert.ok(s.attempts.every((a) => !Number.isNaN(Date.parse(a.at))));
  assert.deepEqual(s.answer, ['c']);
  assert.equal(s.hintsUsed, 1);
  assert.equal(s.hints.length, 1, 'a hint not shown (none left) is not recorded');
  assert.equal(s.hints[0].n, 1);
  assert.equal(s.passedAt, s.attempts[1].at);
  assert.equal(onDisk(ws).version, 2);
});

test('a pass is never downgraded: a later fail is recorded beside it', () => {
  const ws = freshWorkspace();
  const p = Progress.load(ws);
  p.record('01-threats', 'dos', 'pass');
  const passedAt = p.step('01-threats', 'dos').passedAt;
  p.record('01-threats', 'dos', 'fail');
  p.record('01-threats', 'dos', 'error');
  const s = Progress.load(ws).step('01-threats', 'dos');
  assert.equal(s.passed, true);
  assert.equal(s.passedAt, passedAt);
  assert.equal(s.lastStatus, 'error');
  assert.deepEqual(
    s.attempts.map((a) => a.status),
    ['pass', 'fail', 'error'],
  );
});

test('two workbooks on one workspace never save over each other (each change is made on what is on disk)', () => {
  const ws = freshWorkspace();
  const tui = Progress.load(ws);
  const cli = Progress.load(ws);
  tui.record('01-threats', 'dos', 'pass');
  cli.record('01-threats', 'layers', 'pass'); // its copy in memory predates the TUI's pass
  tui.setCurrent('01-threats', 'layers');
  cli.useHint('01-threats', 'main-cf', 2);
  const d = Progress.load(ws);
  assert.equal(d.step('01-threats', 'dos').passed, true);
  assert.equal(d.step('01-threats', 'layers').passed, true);
  assert.equal(d.step('01-threats', 'main-cf').hintsUsed, 1);
  assert.deepEqual(d.data.current, { lesson: '01-threats', step: 'layers' });
  // and each sees the other's writes when it reads
  assert.equal(tui.step('01-threats', 'main-cf').hintsUsed, 1);
  assert.equal(cli.step('01-threats', 'dos').passed, true);
});

test('a lesson is started once, whoever starts it first', () => {
  const ws = freshWorkspace();
  const a = Progress.load(ws);
  const b = Progress.load(ws);
  assert.equal(a.startLesson('01-threats'), true);
  assert.equal(b.startLesson('01-threats'), false);
});

test('the history keeps the last attempts and hints; the count goes on', () => {
  const ws = freshWorkspace();
  const p = Progress.load(ws);
  // a long history as a script would leave it, written directly
  const attempts = Array.from({ length: MAX_HISTORY }, (_, i) => ({ at: new Date(i * 1000).toISOString(), status: 'fail' }));
  writeFileSync(
    ws.metaPath('progress.json'),
    JSON.stringify({ version: 2, steps: { 'a/b': { passed: false, attempts, attemptCount: 500, hints: [], hintsUsed: 0 } }, lessons: {} }),
  );
  p.record('a', 'b', 'pass');
  const s = Progress.load(ws).step('a', 'b');
  assert.equal(s.attempts.length, MAX_HISTORY);
  assert.equal(s.attempts.at(-1)!.status, 'pass');
  assert.equal(s.attempts[0].at, new Date(1000).toISOString(), 'the oldest one went');
  assert.equal(s.attemptCount, 501);
});

test('reset of a lesson un-passes its steps and clears their answers; the history stays, other lessons too', () => {
  const ws = freshWorkspace();
  const p = Progress.load(ws);
  p.setAnswer('01-threats', 'dos', ['c']);
  p.record('01-threats', 'dos', 'pass');
  p.useHint('01-threats', 'dos', 2);
  p.record('02-tls', 'genrsa', 'pass');
  assert.equal(p.resetLesson('01-threats'), 1);
  const s = Progress.load(ws).step('01-threats', 'dos');
  assert.equal(s.passed, false);
  assert.equal(s.passedAt, undefined);
  assert.equal(s.answer, undefined);
  assert.ok(s.resetAt);
  assert.equal(s.attemptCount, 1);
  assert.equal(s.hints.length, 1);
  assert.equal(Progress.load(ws).step('02-tls', 'genrsa').passed, true);
});

test('a version 1 file (attempts as a count) is read as it is, without a notice, and carried on', () => {
  const ws = freshWorkspace();
  const v1 = {
    version: 1,
    steps: {
      '01-threats/dos': {
        passed: true,
        passedAt: '2025-01-01T00:00:00.000Z',
        attempts: 3,
        hintsUsed: 1,
        answer: ['c'],
        lastStatus: 'pass',
      },
    },
    lessons: { '01-threats': { startedAt: '2025-01-01T00:00:00.000Z' } },
    current: { lesson: '01-threats', step: 'dos' },
    lang: 'ca',
  };
  writeFileSync(ws.metaPath('progress.json'), JSON.stringify(v1));
  const p = Progress.load(ws);
  assert.equal(p.notice, undefined);
  const s = p.step('01-threats', 'dos');
  assert.equal(s.attemptCount, 3);
  assert.deepEqual(s.attempts, []);
  assert.equal(s.hintsUsed, 1);
  assert.equal(s.passed, true);
  assert.equal(p.data.lang, 'ca');
  p.record('01-threats', 'dos', 'fail');
  const d = onDisk(ws);
  assert.equal(d.version, 2);
  assert.equal(d.steps['01-threats/dos'].attemptCount, 4);
  assert.equal(d.steps['01-threats/dos'].passed, true);
  assert.deepEqual(corrupt(ws), []);
});

test('a corrupt progress file is recovered from the last good copy, kept aside, and the learner is told', () => {
  const ws = freshWorkspace();
  const p = Progress.load(ws);
  p.record('01-threats', 'dos', 'pass');
  p.record('01-threats', 'layers', 'pass'); // the first change is now the backup
  writeFileSync(ws.metaPath('progress.json'), '{"version":2,"steps":{"01-thr'); // torn write
  const r = Progress.load(ws);
  assert.equal(r.notice?.key, 'progress.recovered');
  assert.equal(r.step('01-threats', 'dos').passed, true);
  const kept = corrupt(ws);
  assert.equal(kept.length, 1);
  assert.equal(readFileSync(ws.metaPath(kept[0]), 'utf8'), '{"version":2,"steps":{"01-thr');
  assert.match(
    t('es', r.notice!.key, r.notice!.params),
    /estaba dañado.*progress\.json\.corrupt-.*recuperado desde .mailsec\/progress\.json\.bak/,
  );
  // the recovered progress was written back as a good file
  assert.equal(Progress.load(ws).notice, undefined);
});

test('with no good copy at all, the corrupt file is kept and the learner is told — never a silent reset', () => {
  const ws = freshWorkspace();
  writeFileSync(ws.metaPath('progress.json'), 'not json');
  const r = Progress.load(ws);
  assert.equal(r.notice?.key, 'progress.unrecoverable');
  assert.equal(corrupt(ws).length, 1);
});

test('JSON that is not an object at all counts as unreadable', () => {
  const ws = freshWorkspace();
  writeFileSync(ws.metaPath('progress.json'), '[1,2,3]');
  assert.equal(Progress.load(ws).notice?.key, 'progress.unrecoverable');
});

test('"steps": [] by hand: repaired and said so; later passes are kept, not dropped silently', () => {
  const ws = freshWorkspace();
  writeFileSync(
    ws.metaPath('progress.json'),
    JSON.stringify({ version: 1, steps: [], lessons: { '01-threats': { startedAt: '2025-01-01T00:00:00.000Z' } }, lang: 'en' }),
  );
  const p = Progress.load(ws);
  assert.equal(p.notice?.key, 'progress.repaired');
  assert.match(t('en', p.notice!.key, p.notice!.params), /could not be read \(steps\).*kept as \.mailsec\/progress\.json\.corrupt-/);
  assert.equal(corrupt(ws).length, 1);
  assert.equal(p.data.lang, 'en', 'what was readable is kept');
  assert.ok(p.data.lessons['01-threats']);
  p.record('01-threats', 'dos', 'pass');
  assert.equal(Progress.load(ws).step('01-threats', 'dos').passed, true);
  assert.equal(onDisk(ws).steps['01-threats/dos'].passed, true);
});

test('fields of the wrong type are left out one by one; the rest of the step is kept', () => {
  const ws = freshWorkspace();
  const bad = {
    version: 2,
    steps: {
      '01-threats/dos': {
        passed: 'yes',
        passedAt: 5,
        attempts: [
          { at: '2025-01-01T00:00:00.000Z', status: 'pass', key: 'check.quiz.right' },
          { at: 1, status: 'maybe' },
          { at: '2025-01-01T00:00:01.000Z', status: 'fail', key: 7 },
          { at: '2025-01-01T00:00:02.000Z', status: 'fail', key: '<script>'.repeat(50) },
        ],
        attemptCount: -3,
        hints: 'many',
        hintsUsed: 2,
        answer: { a: 1 },
      },
      '01-threats/layers': 'passed',
      'no-slash': { passed: true },
      '01-threats/main-cf': { passed: true, passedAt: '2025-01-01T00:00:00.000Z', answer: '/etc/postfix/main.cf' },
    },
    lessons: { '01-threats': 7 },
    current: 'dos',
    lang: 'ca',
  };
  writeFileSync(ws.metaPath('progress.json'), JSON.stringify(bad));
  const p = Progress.load(ws);
  assert.equal(p.notice?.key, 'progress.repaired');
  const dos = p.step('01-threats', 'dos');
  assert.equal(dos.passed, false);
  assert.deepEqual(dos.attempts, [{ at: '2025-01-01T00:00:00.000Z', status: 'pass', key: 'check.quiz.right' }]);
  assert.equal(dos.attemptCount, 1);
  assert.equal(dos.hintsUsed, 2);
  assert.equal(dos.answer, undefined);
  const mainCf = p.step('01-threats', 'main-cf');
  assert.equal(mainCf.passed, true);
  assert.equal(mainCf.answer, '/etc/postfix/main.cf');
  assert.equal(p.step('01-threats', 'layers').passed, false, 'a step that is not an object is left out');
  assert.equal(p.data.current, undefined);
  assert.equal(p.data.lang, 'ca');
  // the learner reads which fields went (the first few)
  assert.match(String(p.notice!.params!.fields), /steps\["01-threats\/dos"\]\.passed/);
  // the repaired file is clean now
  assert.equal(Progress.load(ws).notice, undefined);
});

test('JSON nested 100 000 deep is a damaged file, not a crash', () => {
  const ws = freshWorkspace();
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  writeFileSync(ws.metaPath('progress.json'), deep);
  assert.equal(Progress.load(ws).notice?.key, 'progress.unrecoverable');
  // deep inside a well-formed file: that field is left out, nothing walks it
  writeFileSync(
    ws.metaPath('progress.json'),
    `{"version":2,"steps":{"a/b":{"passed":true,"answer":${deep}}},"lessons":{},"lang":${'{"x":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
  );
  const p = Progress.load(ws);
  assert.equal(p.notice?.key, 'progress.repaired');
  assert.equal(p.step('a', 'b').passed, true);
  p.record('a', 'c', 'pass');
  assert.equal(Progress.load(ws).step('a', 'c').passed, true);
});

test('a folder in place of progress.json is a plain error naming it', () => {
  const ws = freshWorkspace();
  mkdirSync(ws.metaPath('progress.json'));
  assert.throws(
    () => Progress.load(ws),
    (e: unknown) =>
      e instanceof UserError &&
      e.exitCode === 2 &&
      /progress\.json should be your progress file, but it is a folder/.test(t('en', e.userMessage.key, e.userMessage.params)),
  );
});

test('a file from a newer mailsec is left alone and named', () => {
  const ws = freshWorkspace();
  writeFileSync(ws.metaPath('progress.json'), JSON.stringify({ version: 9, steps: {}, lessons: {} }));
  assert.throws(
    () => Progress.load(ws),
    (e: unknown) => e instanceof UserError && e.userMessage.key === 'progress.newer',
  );
  assert.equal(JSON.parse(readFileSync(ws.metaPath('progress.json'), 'utf8')).version, 9);
});

test('a missing progress file is restored from the backup', () => {
  const ws = freshWorkspace();
  const p = Progress.load(ws);
  p.record('a', 'b', 'pass');
  p.record('a', 'c', 'fail');
  rmSync(ws.metaPath('progress.json'));
  const r = Progress.load(ws);
  assert.equal(r.notice?.key, 'progress.restoredMissing');
  assert.equal(r.step('a', 'b').passed, true);
  assert.ok(existsSync(ws.metaPath('progress.json')), 'and written back');
});

test('saving leaves no temporary files or locks behind', () => {
  const ws = freshWorkspace();
  const p = Progress.load(ws);
  for (let i = 0; i < 5; i++) p.record('a', String(i), 'pass');
  assert.deepEqual(
    readdirSync(ws.metaPath()).filter((f) => f.endsWith('.tmp') || f.includes('lock')),
    [],
  );
  assert.ok(existsSync(ws.metaPath('progress.json.bak')));
});

test('a lock left by a dead process, or by a crash long ago, is broken', () => {
  const ws = freshWorkspace();
  const lock = ws.metaPath('progress.lock');
  writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 1, host: hostname(), at: new Date().toISOString(), token: 'x' }));
  Progress.load(ws).record('a', 'b', 'pass');
  assert.ok(!existsSync(lock));
  writeFileSync(
    lock,
    JSON.stringify({ pid: process.ppid, host: hostname(), at: new Date(Date.now() - 3_600_000).toISOString(), token: 'y' }),
  );
  Progress.load(ws).record('a', 'c', 'pass');
  assert.equal(Progress.load(ws).step('a', 'c').passed, true);
});

test('a lock held by a live process is waited for, then named in a plain message', () => {
  const ws = freshWorkspace();
  const lock = ws.metaPath('progress.lock');
  writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: hostname(), at: new Date().toISOString(), token: 'z' }));
  const saved = Progress.lockTimeoutMs;
  Progress.lockTimeoutMs = 200;
  try {
    const started = Date.now();
    assert.throws(
      () => Progress.load(ws).record('a', 'b', 'pass'),
      (e: unknown) =>
        e instanceof UserError &&
        new RegExp(`process ${process.ppid}\\).*delete .*\\.mailsec/progress\\.lock and try again`).test(
          t('en', e.userMessage.key, e.userMessage.params),
        ),
    );
    assert.ok(Date.now() - started >= 200);
  } finally {
    Progress.lockTimeoutMs = saved;
  }
  assert.ok(existsSync(lock), 'a live holder keeps its lock');
});

test('withLock: one holder at a time; a holder whose lock was broken does not remove the next one', () => {
  const ws = freshWorkspace();
  const lock = ws.metaPath('x.lock');
  withLock(lock, () => {
    assert.throws(() => withLock(lock, () => 1, { timeoutMs: 50 }), LockBusyError);
    // judged stale by someone else meanwhile, and taken by them
    writeFileSync(lock, 'another holder');
  });
  assert.equal(readFileSync(lock, 'utf8'), 'another holder');
});

test('a folder in place of the lock or the backup: the lock is named plainly, a backup that cannot be written does not stop a change', () => {
  const ws = freshWorkspace();
  mkdirSync(ws.metaPath('progress.json.bak'));
  const p = Progress.load(ws);
  p.record('a', 'b', 'pass');
  p.record('a', 'c', 'pass');
  assert.equal(Progress.load(ws).step('a', 'c').passed, true);
  mkdirSync(ws.metaPath('progress.lock'));
  assert.throws(
    () => p.record('a', 'd', 'pass'),
    (e: unknown) =>
      e instanceof UserError &&
      /progress\.lock cannot be read or written \(EISDIR\)/.test(t('en', e.userMessage.key, e.userMessage.params)),
  );
});
