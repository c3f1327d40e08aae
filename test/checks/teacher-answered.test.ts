// teacher.answered on the records the sandbox keeps: an encrypted answer passes, a note or
// no mail fails with what to do, and a mail the teacher is still answering is waited for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runCheck } from '../helpers/check.js';
import { expectFail, expectPass } from '../helpers/verdict.js';
import { freshWorkspace } from '../prove/env.js';
import { EVENTS_FILE } from '../../src/sandbox/events.js';
import { TEACHER_ADDRESS, TEACHER_ANSWERS } from '../../src/sandbox/names.js';
import type { AnswerRecord } from '../../src/sandbox/teacher-answers.js';
import type { Workspace } from '../../src/workspace/workspace.js';

const ME = 'alumno@aula.test';

function records(ws: Workspace, answers: Partial<AnswerRecord>[]) {
  const file = ws.resolve(TEACHER_ANSWERS);
  mkdirSync(dirname(file), { recursive: true });
  const full = answers.map((a, i) => ({ at: new Date().toISOString(), to: ME, inReplyTo: `Q${i}`, ...a }));
  writeFileSync(file, JSON.stringify({ version: 1, answers: full }));
}

function event(ws: Workspace, e: Record<string, unknown>) {
  const file = ws.resolve(EVENTS_FILE);
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, JSON.stringify({ ts: new Date().toISOString(), ...e }) + '\n');
}

const check = (ws: Workspace) => runCheck(ws, 'teacher.answered', { via: 'smime' });

test('an encrypted S/MIME answer passes', async () => {
  const ws = freshWorkspace('aula.test');
  records(ws, [{ kind: 'smime', outcome: 'answered', salt: 'aa', hash: 'bb' }]);
  expectPass(await check(ws));
});

test('only a note: what it said, and where to read it', async () => {
  const ws = freshWorkspace('aula.test');
  records(ws, [{ kind: 'smime', outcome: 'keyMismatch' }]);
  const v = await check(ws);
  expectFail(v, 'answerCheck.noteOnly.smime');
  assert.deepEqual(v.message.params?.why, { key: 'answer.short.smime.keyMismatch' });
});

test('no mail for the teacher', async () => {
  expectFail(await check(freshWorkspace('aula.test')), 'answerCheck.noMail.smime');
});

test('an OpenPGP answer of lesson 11 is no S/MIME answer, nor is a note that came before it', async () => {
  const ws = freshWorkspace('aula.test');
  records(ws, [
    { kind: 'plain', outcome: 'unsigned' },
    { kind: 'gpg', outcome: 'answered', salt: 'aa', hash: 'bb' },
  ]);
  expectFail(await check(ws), 'answerCheck.noMail.smime');
});

test('a mail the teacher got a moment ago and is still answering is waited for', async () => {
  const ws = freshWorkspace('aula.test');
  event(ws, { type: 'delivered', queueId: 'Q0', to: TEACHER_ADDRESS, folder: 'outbox', path: 'var/spool/outbox/Q0.1.eml' });
  setTimeout(() => {
    records(ws, [{ kind: 'smime', outcome: 'answered', salt: 'aa', hash: 'bb' }]);
    event(ws, { type: 'teacherAnswer', queueId: 'A1', inReplyTo: 'Q0', to: ME, kind: 'smime', outcome: 'answered' });
  }, 600);
  const t0 = Date.now();
  expectPass(await check(ws));
  assert.ok(Date.now() - t0 >= 500, 'the check did not wait for the answer');
});

test('an old mail that never got an answer is not waited for', async () => {
  const ws = freshWorkspace('aula.test');
  const old = new Date(Date.now() - 5 * 60_000).toISOString();
  event(ws, { ts: old, type: 'delivered', queueId: 'Q0', to: TEACHER_ADDRESS, folder: 'outbox' });
  const t0 = Date.now();
  expectFail(await check(ws), 'answerCheck.noMail.smime');
  assert.ok(Date.now() - t0 < 2000);
});
