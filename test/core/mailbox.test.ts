import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { listMailbox, mailSource, readMail } from '../../src/core/mailbox.js';
import { recordSourceViewed, sourcesViewed } from '../../src/core/source-viewed.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { freshWorkspace } from '../prove/env.js';
import { reportMessage } from '../../src/sandbox/auth/report.js';
import { t } from '../../src/i18n/messages.js';

function put(ws: Workspace, rel: string, text: string | Buffer, at: number): void {
  const p = ws.resolve(rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
  utimesSync(p, at, at);
}

const TLS_MAIL = [
  'Return-Path: <alumno@aula.test>',
  'Received: from pc.aula.test (localhost [127.0.0.1])',
  '\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))',
  '\tby mail.aula.test (Postfix) with ESMTPS id 4F1C22125B0',
  '\tfor <postmaster@aula.test>; Sat, 28 Nov 2026 05:05:20 +0000 (UTC)',
  'From: =?UTF-8?Q?Mar=C3=ADa?= <maria@aula.test>',
  'To: postmaster@aula.test',
  'Subject: =?UTF-8?B?UHJ1ZWJhIGNvbiDDsQ==?=',
  'Date: Sat, 28 Nov 2026 05:05:20 +0000',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Hola, esto va cifrado: se=C3=B1al.',
  '',
].join('\n');

const AUTH_MAIL =
  'Received: from pc (localhost [127.0.0.1])\n\tby mail.aula.test (Postfix) with ESMTPSA id 7D30C2125B1\n\tfor <x@example.com>; Sat, 28 Nov 2026 05:06:00 +0000 (UTC)\nFrom: alumno@aula.test\nSubject: fuera\n\nbody\n';
const SPAM =
  'Received: from x (unknown [203.0.113.7])\n\tby mail.aula.test (Postfix) with ESMTP id 9A41F2125C3\nX-Spam-Flag: YES\nSubject: ***SPAM*** Spam Test\nFrom: spam@example.net\n\nGTUBE\n';

test('the mailboxes are listed newest first, with TLS, authentication and spam read from the headers', () => {
  const ws = freshWorkspace('aula.test');
  put(ws, 'var/mail/alumno/Maildir/new/1.V1I4F1C22125B01M1.mail', TLS_MAIL, 1000);
  put(ws, 'var/spool/outbox/7D30C2125B1.1.eml', AUTH_MAIL, 3000);
  put(ws, 'var/mail/alumno/Maildir/.Junk/cur/2.V1I9A41F2125C31M1.mail:2,S', SPAM, 2000);
  put(ws, 'var/mail/alumno/Maildir/tmp/half-written', 'Subject: not yet\n', 4000);
  const list = listMailbox(ws);
  assert.deepEqual(
    list.map((m) => [m.folder, m.subject, m.tls, m.auth, m.spam, m.queueId]),
    [
      ['outbox', 'fuera', true, true, false, '7D30C2125B1'],
      ['junk', '***SPAM*** Spam Test', false, false, true, '9A41F2125C3'],
      ['inbox', 'Prueba con ñ', true, false, false, '4F1C22125B0'],
    ],
  );
  assert.equal(list[2].from, 'María <maria@aula.test>');
  assert.equal(list[2].user, 'alumno');
});

test('reading a message decodes its text; the source is every stored line, exactly', () => {
  const ws = freshWorkspace('aula.test');
  put(ws, 'var/mail/alumno/Maildir/new/1.mail', TLS_MAIL, 1000);
  const [m] = listMailbox(ws);
  const v = readMail(ws, m);
  assert.deepEqual(v.body, ['Hola, esto va cifrado: señal.']);
  assert.deepEqual(
    v.headers.map((h) => h.name),
    ['From', 'To', 'Subject', 'Date'],
  );
  assert.match(v.received ?? '', /with ESMTPS id 4F1C22125B0/);
  const src = mailSource(ws, m.path);
  assert.deepEqual(
    src.lines,
    readFileSync(ws.resolve(m.path), 'utf8')
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => l.replace(/\t/g, '        ')),
  );
  assert.ok(src.lines.includes('Subject: =?UTF-8?B?UHJ1ZWJhIGNvbiDDsQ==?='), 'the source is not decoded');
});

test('hostile mail: escape sequences are shown, not obeyed; binary junk and a huge header do not break the listing', () => {
  const ws = freshWorkspace('aula.test');
  put(ws, 'var/mail/alumno/Maildir/new/evil', 'Subject: \x1b[2J\x1b]0;pwned\x07hi\nFrom: a\n\n\x1b[31mred\x00\n', 1000);
  put(ws, 'var/mail/alumno/Maildir/new/binary', Buffer.from([0xff, 0xfe, 0, 1, 2, 10, 13, 10]), 1001);
  put(ws, 'var/mail/alumno/Maildir/new/huge', 'Subject: ' + 'x'.repeat(200_000) + '\n\nbody\n', 1002);
  const list = listMailbox(ws);
  assert.equal(list.length, 3);
  const evil = list.find((m) => m.path.endsWith('evil'))!;
  assert.ok(!evil.subject.includes('\x1b'));
  assert.match(evil.subject, /␛\[2J/);
  const v = readMail(ws, evil);
  assert.ok(v.body.every((l) => !/[\x00-\x1f]/.test(l)));
  assert.ok(mailSource(ws, evil.path).lines.every((l) => !/[\x00-\x08\x0b-\x1f]/.test(l)));
});

test('viewing a source is recorded for the lesson that asks for it', () => {
  const ws = freshWorkspace('aula.test');
  assert.deepEqual(sourcesViewed(ws), []);
  recordSourceViewed(ws, { path: 'var/mail/alumno/Maildir/new/1.mail', queueId: '4F1C22125B0', folder: 'inbox' });
  const [e] = sourcesViewed(ws);
  assert.equal(e.type, 'source-viewed');
  assert.equal(e.path, 'var/mail/alumno/Maildir/new/1.mail');
  assert.equal(e.queueId, '4F1C22125B0');
  assert.ok(!Number.isNaN(Date.parse(e.ts)));
});

test('a DMARC aggregate report, as the sandbox delivers it, is readable in the mail view', () => {
  const ws = freshWorkspace('aula.test');
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<feedback><report_metadata><org_name>mail.aula.test</org_name></report_metadata></feedback>';
  const b64 = Buffer.from(xml)
    .toString('base64')
    .replace(/(.{76})/g, '$1\n');
  const mail = [
    'From: noreply-dmarc@mail.aula.test',
    'Subject: Report Domain: aula.test',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'This is a DMARC aggregate report.',
    '--b1',
    'Content-Type: application/xml; name="r.xml"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="r.xml"',
    '',
    b64,
    '--b1--',
    '',
  ].join('\n');
  put(ws, 'var/mail/postmaster/Maildir/new/2.mail', mail, 2000);
  const m = readMail(ws, listMailbox(ws)[0]);
  assert.ok(m.body.includes('This is a DMARC aggregate report.'));
  assert.ok(m.body.includes('── application/xml ──'));
  assert.ok(
    m.body.some((l) => l.includes('<org_name>mail.aula.test</org_name>')),
    m.body.join('\n'),
  );
});

test('a binary attachment is not dumped into the mail view', () => {
  const ws = freshWorkspace('aula.test');
  const mail =
    'Subject: s\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nhola\n--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nAAECAwQ=\n--b--\n';
  put(ws, 'var/mail/alumno/Maildir/new/3.mail', mail, 3000);
  const m = readMail(ws, listMailbox(ws)[0]);
  assert.deepEqual(m.body, ['hola']);
  assert.equal(m.attachments, true);
});

test('the RFC 9990 report the sandbox mails (text/xml, not compressed) reads in the mail view once', () => {
  const ws = freshWorkspace('aula.test');
  const mail = reportMessage(
    {
      orgName: 'mail.aula.test',
      email: 'noreply-dmarc@mail.aula.test',
      reportId: 'r1',
      begin: 1,
      end: 2,
      domain: 'aula.test',
      policy: { adkim: 'r', aspf: 'r', p: 'reject', sp: 'reject', np: 'reject', testing: 'n', discoveryMethod: 'treewalk' },
      rows: [],
      rua: [],
    },
    'postmaster@aula.test',
  );
  assert.match(mail, /^Content-Type: text\/xml; name="mail\.aula\.test!aula\.test!1!2\.xml"\r$/m);
  put(ws, 'var/mail/postmaster/Maildir/new/3.mail', mail, 3000);
  const m = readMail(ws, listMailbox(ws)[0]);
  assert.ok(m.body.some((l) => l.includes('DMARC aggregate report from mail.aula.test for aula.test')));
  assert.equal(m.body.filter((l) => l.includes('<discovery_method>treewalk</discovery_method>')).length, 1, m.body.join('\n'));
});

test('a held message is listed in its own folder, "retenido" / "retingut" / "held", newest first with the rest', () => {
  const ws = freshWorkspace('aula.test');
  put(ws, 'var/mail/alumno/Maildir/new/1.V1I1M1.mail', TLS_MAIL, 1_000);
  put(ws, 'var/spool/hold/9A41F2125C3.eml', 'Return-Path: <spam@example.net>\nX-Original-To: alumno@aula.test\n' + SPAM, 2_000);
  const [first, second] = listMailbox(ws);
  assert.equal(first.folder, 'hold');
  assert.equal(first.path, 'var/spool/hold/9A41F2125C3.eml');
  assert.equal(first.queueId, '9A41F2125C3');
  assert.equal(second.folder, 'inbox');
  assert.equal(t('es', 'ui.mail.folder.hold'), 'retenido');
  assert.equal(t('ca', 'ui.mail.folder.hold'), 'retingut');
});
