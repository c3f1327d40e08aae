// What the TUI's sandbox views read, through the core: re-read only when the files changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ViewData } from '../../src/core/view-data.js';
import { dropOwnState } from '../../src/core/tui-host.js';
import { readState, writeState } from '../../src/sandbox/api.js';
import { freshWorkspace } from '../prove/env.js';

test('the log: lines appended since the last look, and no change when nothing was written', () => {
  const ws = freshWorkspace('aula.test');
  const data = new ViewData(ws);
  assert.equal(data.logFile, 'var/log/mail.log');
  const log = ws.resolve(data.logFile);
  mkdirSync(dirname(log), { recursive: true });
  writeFileSync(log, 'Dec  7 10:00:00 mx postfix/master[1]: daemon started\n');
  assert.deepEqual(data.log(), { lines: ['Dec  7 10:00:00 mx postfix/master[1]: daemon started'], changed: true });
  assert.equal(data.log().changed, false);
  appendFileSync(log, 'Dec  7 10:00:01 mx postfix/smtpd[2]: connect from localhost[127.0.0.1]\n');
  const after = data.log();
  assert.equal(after.changed, true);
  assert.equal(after.lines.length, 2);
});

test('the mailbox is listed again only when one of its folders changed', () => {
  const ws = freshWorkspace('aula.test');
  const data = new ViewData(ws);
  assert.equal(data.refreshMail(), true);
  assert.equal(data.mails.length, 0);
  assert.equal(data.refreshMail(), false);
  const dir = ws.resolve('var/mail/alumno/Maildir/new');
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/1.test`, 'From: a@aula.test\r\nTo: alumno@aula.test\r\nSubject: hola\r\n\r\ntexto\r\n');
  assert.equal(data.refreshMail(), true);
  assert.equal(data.mails.length, 1);
  assert.equal(data.mails[0].subject, 'hola');
  assert.equal(data.mail(data.mails[0])?.body.join('\n').trim(), 'texto');
  assert.ok(data.source(data.mails[0])?.lines.includes('Subject: hola'));
});

test('without events there are no sessions, and a mail has none', () => {
  const data = new ViewData(freshWorkspace('aula.test'));
  assert.equal(data.refreshSessions(), true);
  assert.equal(data.sessions.length, 0);
  assert.equal(data.refreshSessions(), true); // an empty list is looked at again
  assert.equal(data.sessionOfMail('var/mail/alumno/Maildir/new/1.test'), undefined);
});

test('dropOwnState removes the state files of this process only', () => {
  const ws = freshWorkspace('aula.test');
  const base = {
    host: '127.0.0.1',
    ports: { smtp: 1, submission: 2, smtps: 3, outside: 4, dns: 5, https: 5, pop3: 6, pop3s: 7, imap: 8, imaps: 9 },
    startedAt: new Date().toISOString(),
    workspace: ws.root,
  };
  writeState(ws, { ...base, pid: process.pid + 1_000_000 });
  dropOwnState(ws);
  assert.ok(readState(ws), 'another process’s record stays');
  writeState(ws, { ...base, pid: process.pid });
  dropOwnState(ws);
  assert.equal(readState(ws), undefined);
});
