import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { Progress } from '../../src/workspace/progress.js';
import { t } from '../../src/i18n/messages.js';
import { freshWorkspace } from '../prove/env.js';

test('progress is saved and read back', () => {
  const ws = freshWorkspace();
  const p = Progress.load(ws);
  assert.equal(p.notice, undefined);
  p.record('01-threats', 'dos', 'fail');
  p.record('01-threats', 'dos', 'pass');
  p.setAnswer('01-threats', 'dos', ['c']);
  p.useHint('01-threats', 'dos', 1);
  p.useHint('01-threats', 'dos', 1);
  p.save();
  const s = Progress.load(ws).step('01-threats', 'dos');
  assert.equal(s.passed, true);
  assert.equal(s.attempts, 2);
  assert.deepEqual(s.answer, ['c']);
  assert.equal(s.hintsUsed, 1, 'never more hints than the step has');
  assert.ok(s.passedAt);
});

test('a corrupt progress file is recovered from the last good copy, kept aside, and the learner is told', () => {
  const ws = freshWorkspace();
  const p = Progress.load(ws);
  p.record('01-threats', 'dos', 'pass');
  p.save();
  p.record('01-threats', 'layers', 'pass');
  p.save(); // the first save is now the backup
  writeFileSync(ws.metaPath('progress.json'), '{"version":1,"steps":{"01-thr'); // torn write
  const r = Progress.load(ws);
  assert.equal(r.notice?.key, 'progress.recovered');
  assert.equal(r.step('01-threats', 'dos').passed, true);
  const kept = readdirSync(ws.metaPath()).filter((f) => f.startsWith('progress.json.corrupt-'));
  assert.equal(kept.length, 1);
  assert.equal(readFileSync(ws.metaPath(kept[0]), 'utf8'), '{"version":1,"steps":{"01-thr');
  assert.match(t('es', r.notice!.key, r.notice!.params), /estaba dañado.*progress\.json\.corrupt-.*recuperado desde .mailsec\/progress\.json\.bak/);
  // the recovered progress was written back as a good file
  assert.equal(Progress.load(ws).notice, undefined);
});

test('with no good copy at all, the corrupt file is kept and the learner is told — never a silent reset', () => {
  const ws = freshWorkspace();
  writeFileSync(ws.metaPath('progress.json'), 'not json');
  const r = Progress.load(ws);
  assert.equal(r.notice?.key, 'progress.unrecoverable');
  assert.ok(readdirSync(ws.metaPath()).some((f) => f.startsWith('progress.json.corrupt-')));
});

test('valid JSON of the wrong shape counts as corrupt', () => {
  const ws = freshWorkspace();
  writeFileSync(ws.metaPath('progress.json'), '[1,2,3]');
  assert.equal(Progress.load(ws).notice?.key, 'progress.unrecoverable');
});

test('a missing progress file is restored from the backup', () => {
  const ws = freshWorkspace();
  const p = Progress.load(ws);
  p.record('a', 'b', 'pass');
  p.save();
  p.save();
  rmSync(ws.metaPath('progress.json'));
  const r = Progress.load(ws);
  assert.equal(r.notice?.key, 'progress.restoredMissing');
  assert.equal(r.step('a', 'b').passed, true);
});

test('saving leaves no temporary files behind', () => {
  const ws = freshWorkspace();
  const p = Progress.load(ws);
  for (let i = 0; i < 5; i++) {
    p.record('a', String(i), 'pass');
    p.save();
  }
  assert.deepEqual(readdirSync(ws.metaPath()).filter((f) => f.endsWith('.tmp')), []);
  assert.ok(existsSync(ws.metaPath('progress.json.bak')));
});
