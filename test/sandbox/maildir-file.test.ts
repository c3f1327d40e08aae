// A mail read over IMAP moves from new/ to cur/ with its flags: the checks still find it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { freshWorkspace } from '../prove/env.js';
import { deliveredNow, sameDelivered } from '../../src/sandbox/api.js';

test('a delivered mail is found where it was, or in cur/ with the flags a client gave it', () => {
  const ws = freshWorkspace('aula.test');
  const rel = 'var/mail/alumno/Maildir/new/1796674777.V4I1M2.mail';
  mkdirSync(ws.resolve('var/mail/alumno/Maildir/new'), { recursive: true });
  mkdirSync(ws.resolve('var/mail/alumno/Maildir/cur'), { recursive: true });
  writeFileSync(ws.resolve(rel), 'Subject: hola\n\nhola\n');
  assert.equal(deliveredNow(ws, rel), rel);
  renameSync(ws.resolve(rel), ws.resolve('var/mail/alumno/Maildir/cur/1796674777.V4I1M2.mail:2,S'));
  assert.equal(deliveredNow(ws, rel), 'var/mail/alumno/Maildir/cur/1796674777.V4I1M2.mail:2,S');
  // another message's flags are not this one's
  assert.equal(deliveredNow(ws, 'var/mail/alumno/Maildir/new/1796674777.V4I1M20.mail'), 'var/mail/alumno/Maildir/new/1796674777.V4I1M20.mail');
  assert.equal(deliveredNow(ws, 'var/spool/outbox/ABC.1.eml'), 'var/spool/outbox/ABC.1.eml');
});

test('the same message in new/ and in cur/ is one mail; another name or folder is not', () => {
  assert.ok(sameDelivered('var/mail/a/Maildir/new/1.V1.mail', 'var/mail/a/Maildir/cur/1.V1.mail:2,S'));
  assert.ok(!sameDelivered('var/mail/a/Maildir/new/1.V1.mail', 'var/mail/a/Maildir/cur/1.V2.mail:2,S'));
  assert.ok(!sameDelivered('var/mail/a/Maildir/new/1.V1.mail', 'var/mail/b/Maildir/cur/1.V1.mail:2,S'));
});
