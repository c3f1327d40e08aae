// The SMTP dialogue as Postfix's: replies, EHLO keywords, errors, delivery, log lines, events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { RawSmtp } from '../helpers/smtp.js';
import { testSandbox, sleep, waitEvent, type TestSandbox } from '../helpers/sandbox.js';
import { sessionTranscript, listSessions } from '../../src/sandbox/transcript.js';
import { eventsOf } from '../../src/sandbox/events.js';

let t: TestSandbox;

before(async () => {
  t = await testSandbox({
    mainCf: [
      'myhostname = mail.aula.test',
      'mynetworks = 127.0.0.0/8 [::1]/128',
      'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
      'smtpd_authorized_xclient_hosts = 127.0.0.0/8',
      'message_size_limit = 20000',
      'body_checks = regexp:/etc/postfix/body_checks',
      'header_checks = regexp:/etc/postfix/header_checks',
      'smtpd_sender_restrictions = check_sender_access texthash:/etc/postfix/sender_access',
    ].join('\n'),
    files: {
      'etc/postfix/body_checks': '/viagra/ REJECT Contenido no permitido\n',
      'etc/postfix/header_checks': '/^Subject:.*descarta/ DISCARD\n/^Subject:.*aviso/ WARN asunto sospechoso\n',
      'etc/postfix/sender_access': '# refused senders\nspammer.example REJECT No queremos tu correo\n',
    },
    start: { limits: { timeoutMs: 3000 } },
  });
});

after(async () => {
  await t.close();
});

const MSG = 'From: a@example.net\r\nTo: alumno@aula.test\r\nSubject: Hola\r\n\r\nPrimera línea\r\n.empieza con punto\r\n';

test('banner and EHLO keywords in Postfix order', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  assert.equal(c.banner.raw, '220 mail.aula.test ESMTP Postfix (Debian/GNU)');
  const e = await c.send('EHLO vm');
  assert.deepEqual(e.lines, [
    '250-mail.aula.test',
    '250-PIPELINING',
    '250-SIZE 20000',
    '250-VRFY',
    '250-ETRN',
    '250-XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT',
    '250-ENHANCEDSTATUSCODES',
    '250-8BITMIME',
    '250-DSN',
    '250-SMTPUTF8',
    '250 CHUNKING',
  ]);
  assert.equal((await c.send('HELO vm')).raw, '250 mail.aula.test');
  await c.quit();
});

test('command errors answer as Postfix does', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  assert.equal((await c.send('EHLO')).raw, '501 Syntax: EHLO hostname');
  assert.equal((await c.send('RCPT TO:<a@b.example>')).raw, '503 5.5.1 Error: need MAIL command');
  assert.equal((await c.send('DATA')).raw, '503 5.5.1 Error: need RCPT command');
  assert.equal((await c.send('MAIL <a@b.example>')).raw, '501 5.5.4 Syntax: MAIL FROM:<address>');
  assert.equal((await c.send('MAIL FROM:<a@b.example')).raw, '501 5.1.7 Bad sender address syntax');
  assert.equal((await c.send('MAIL FROM:<a@b.example> FOO=1')).raw, '555 5.5.4 Unsupported option: FOO=1');
  assert.equal((await c.send('MAIL FROM:<a@b.example>')).raw, '250 2.1.0 Ok');
  assert.equal((await c.send('MAIL FROM:<a@b.example>')).raw, '503 5.5.1 Error: nested MAIL command');
  assert.equal((await c.send('RCPT <x>')).raw, '501 5.5.4 Syntax: RCPT TO:<address>');
  assert.equal((await c.send('RCPT TO:<>')).raw, '501 5.1.3 Bad recipient address syntax');
  assert.equal((await c.send('RCPT TO:<a b>')).raw, '501 5.1.3 Bad recipient address syntax');
  assert.equal((await c.send('VRFY')).raw, '501 5.5.4 Syntax: VRFY address [SMTPUTF8]');
  assert.equal((await c.send('VRFY alumno')).raw, '252 2.0.0 alumno');
  assert.equal((await c.send('NOOP')).raw, '250 2.0.0 Ok');
  assert.equal((await c.send('RSET')).raw, '250 2.0.0 Ok');
  assert.equal((await c.send('HELP')).raw, '500 5.5.2 Error: command not recognized');
  assert.equal((await c.send('')).raw, '500 5.5.2 Error: bad syntax');
  assert.equal((await c.send('STARTTLS')).raw, '502 5.5.1 Error: command not implemented');
  assert.equal((await c.send('AUTH PLAIN')).raw, '503 5.5.1 Error: authentication not enabled');
  assert.equal((await c.send('XCLIENT')).raw, '501 5.5.4 Syntax: XCLIENT attribute=value...');
  await c.quit();
  const d = await waitEvent(t, (e) => e.type === 'disconnect' && /unknown=0\/1/.test(String(e.commands)));
  assert.ok(d, 'disconnect summary with the unknown command');
  assert.match(t.log(), /warning: Illegal address syntax from localhost\[127\.0\.0\.1\] in RCPT command: <>$/m);
  assert.match(t.log(), /warning: Illegal address syntax from localhost\[127\.0\.0\.1\] in RCPT command: <a b>$/m);
});

test('a local message lands in the Maildir, fsynced, with Postfix headers, log lines and events', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  const replies = await c.mail('a@example.net', ['alumno@aula.test'], MSG);
  assert.deepEqual(
    replies.map((r) => r.raw.replace(/queued as [0-9A-F]+/, 'queued as ID')),
    ['250 2.1.0 Ok', '250 2.1.5 Ok', '354 End data with <CR><LF>.<CR><LF>', '250 2.0.0 Ok: queued as ID'],
  );
  const id = /queued as ([0-9A-F]+)$/.exec(replies[3].raw)![1];
  assert.match(id, /^[0-9A-F]{10,11}$/);
  // on disk at the moment the 250 arrived
  const dir = t.ws.resolve('var/mail/alumno/Maildir/new');
  const file = readdirSync(dir).find((f) => f.includes(id));
  assert.ok(file, 'delivered file');
  const text = readFileSync(`${dir}/${file}`, 'utf8');
  assert.match(text, /^Return-Path: <a@example\.net>\nX-Original-To: alumno@aula\.test\nDelivered-To: alumno@aula\.test\n/);
  assert.match(text, new RegExp(`Received: from vm \\(localhost \\[127\\.0\\.0\\.1\\]\\)\\n\\tby mail\\.aula\\.test \\(Postfix\\) with ESMTP id ${id}\\n\\tfor <alumno@aula\\.test>; \\w{3}, [ \\d]\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}`));
  assert.match(text, /\n\.empieza con punto\n/, 'dot-stuffing undone');
  assert.match(text, /\nMessage-Id: <\d{14}\.[0-9A-F]+@mail\.aula\.test>\n/, 'cleanup adds a Message-Id for a local client');
  assert.ok(existsSync(t.ws.resolve('var/mail/alumno/Maildir/cur')) && existsSync(t.ws.resolve('var/mail/alumno/Maildir/tmp')));
  await c.quit();
  const queued = eventsOf(t.events(), 'queued').find((e) => e.queueId === id)!;
  assert.deepEqual([queued.from, queued.to, queued.tls, queued.auth], ['a@example.net', ['alumno@aula.test'], null, null]);
  const del = eventsOf(t.events(), 'delivered').find((e) => e.queueId === id)!;
  assert.equal(del.folder, 'inbox');
  assert.equal(del.subject, 'Hola');
  assert.equal(del.path, `var/mail/alumno/Maildir/new/${file}`);
  await waitEvent(t, (e) => e.type === 'disconnect' && e.session === queued.session);
  const log = t.log();
  const session = (s: string) => log.includes(s);
  assert.ok(session(`postfix/smtpd[`), 'smtpd lines');
  assert.match(log, /^\w{3} [ \d]\d \d\d:\d\d:\d\d mail postfix\/smtpd\[\d+\]: connect from localhost\[127\.0\.0\.1\]$/m);
  assert.match(log, new RegExp(`postfix/smtpd\\[\\d+\\]: ${id}: client=localhost\\[127\\.0\\.0\\.1\\]$`, 'm'));
  assert.match(log, new RegExp(`postfix/qmgr\\[\\d+\\]: ${id}: from=<a@example\\.net>, size=\\d+, nrcpt=1 \\(queue active\\)`));
  assert.match(log, new RegExp(`postfix/local\\[\\d+\\]: ${id}: to=<alumno@aula\\.test>, relay=local, delay=[\\d.]+, delays=[\\d./]+, dsn=2\\.0\\.0, status=sent \\(delivered to maildir\\)`));
  assert.match(log, /disconnect from localhost\[127\.0\.0\.1\] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5$/m);
});

test('a mailbox removed while the sandbox runs is made again at the next delivery', async () => {
  const { rmSync } = await import('node:fs');
  rmSync(t.ws.resolve('var/mail/alumno'), { recursive: true, force: true });
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  assert.equal((await c.mail('a@example.net', ['alumno@aula.test'], 'Subject: again\r\n\r\nx\r\n'))[3].code, 250);
  await c.quit();
  const d = eventsOf(t.events(), 'delivered').find((e) => e.subject === 'again')!;
  assert.ok(existsSync(t.ws.resolve(d.path)));
});

test('aliases: postmaster → root → alumno, with orig_to', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  const r = await c.mail('a@example.net', ['postmaster@aula.test'], 'Subject: alias\r\n\r\nx\r\n');
  assert.equal(r[3].code, 250);
  await c.quit();
  const d = eventsOf(t.events(), 'delivered').find((e) => e.subject === 'alias')!;
  assert.equal(d.to, 'alumno@aula.test');
  assert.match(readFileSync(t.ws.resolve(d.path), 'utf8'), /^Return-Path: <a@example\.net>\nX-Original-To: postmaster@aula\.test\nDelivered-To: alumno@aula\.test\n/);
  assert.match(t.log(), /to=<alumno@aula\.test>, orig_to=<postmaster@aula\.test>, relay=local/);
});

test('other domains go to the captured outbox, never off the machine', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  const r = await c.mail('alumno@aula.test', ['someone@example.com'], 'Subject: fuera\r\n\r\nx\r\n');
  assert.equal(r[3].code, 250);
  await c.quit();
  const d = eventsOf(t.events(), 'delivered').find((e) => e.subject === 'fuera')!;
  assert.equal(d.folder, 'outbox');
  assert.match(d.path, /^var\/spool\/outbox\/[0-9A-F]+\.1\.eml$/);
  assert.match(readFileSync(t.ws.resolve(d.path), 'utf8'), /^Return-Path: <alumno@aula\.test>\nX-Original-To: someone@example\.com\n/);
});

test('message_size_limit: SIZE= at MAIL, and the size at the end of DATA', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  assert.equal((await c.send('MAIL FROM:<a@example.net> SIZE=30000')).raw, '552 5.3.4 Message size exceeds fixed limit');
  const r = await c.mail('a@example.net', ['alumno@aula.test'], 'Subject: big\r\n\r\n' + 'x'.repeat(100).concat('\r\n').repeat(300));
  assert.equal(r[3].raw, '552 5.3.4 Error: message file too big');
  // the session goes on
  assert.equal((await c.send('NOOP')).raw, '250 2.0.0 Ok');
  await c.quit();
  assert.match(t.log(), /NOQUEUE: reject: MAIL from localhost\[127\.0\.0\.1\]: 552 5\.3\.4 Message size exceeds fixed limit; from=<a@example\.net> proto=ESMTP helo=<vm>/);
  assert.match(t.log(), /warning: [0-9A-F]+: queue file size limit exceeded/);
});

test('body_checks REJECT and header_checks WARN / DISCARD, with cleanup log lines', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  const r = await c.mail('amigo@example.net', ['alumno@aula.test'], 'Subject: oferta\r\n\r\ncompra viagra barata\r\n');
  assert.equal(r[3].raw, '550 5.7.1 Contenido no permitido');
  const w = await c.mail('amigo@example.net', ['alumno@aula.test'], 'Subject: un aviso\r\n\r\nhola\r\n');
  assert.equal(w[3].code, 250);
  const d = await c.mail('amigo@example.net', ['alumno@aula.test'], 'Subject: descarta esto\r\n\r\nhola\r\n');
  assert.equal(d[3].code, 250, 'DISCARD claims success');
  await c.quit();
  const log = t.log();
  assert.match(log, /postfix\/cleanup\[\d+\]: [0-9A-F]+: reject: body compra viagra barata from localhost\[127\.0\.0\.1\]; from=<amigo@example\.net> to=<alumno@aula\.test> proto=ESMTP helo=<vm>: 5\.7\.1 Contenido no permitido/);
  assert.match(log, /postfix\/cleanup\[\d+\]: [0-9A-F]+: warning: header Subject: un aviso from localhost\[127\.0\.0\.1\]; from=<amigo@example\.net> to=<alumno@aula\.test> proto=ESMTP helo=<vm>: asunto sospechoso/);
  assert.match(log, /postfix\/cleanup\[\d+\]: [0-9A-F]+: discard: header Subject: descarta esto from/);
  const rej = eventsOf(t.events(), 'reject').find((e) => e.stage === 'cleanup')!;
  assert.equal(rej.code, 550);
  assert.equal(rej.decisions[0].key, 'sandbox.why.checkReject');
  assert.ok(!eventsOf(t.events(), 'delivered').some((e) => e.subject === 'descarta esto'));
});

test('check_sender_access with a texthash table', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  await c.send('MAIL FROM:<bulk@spammer.example>');
  assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '554 5.7.1 <bulk@spammer.example>: Sender address rejected: No queremos tu correo');
  assert.equal((await c.send('DATA')).raw, '554 5.5.1 Error: no valid recipients');
  await c.quit();
});

test('XCLIENT as Postfix: the banner again, no XCLIENT after, the old name kept, relay denied', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  const x = await c.send('XCLIENT ADDR=203.0.113.7');
  assert.equal(x.raw, '220 mail.aula.test ESMTP Postfix (Debian/GNU)');
  const e = await c.send('EHLO vm');
  assert.ok(!e.lines.some((l) => l.includes('XCLIENT')), 'XCLIENT no longer offered');
  await c.send('MAIL FROM:<spam@example.net>');
  assert.equal((await c.send('RCPT TO:<victima@example.com>')).raw, '554 5.7.1 <victima@example.com>: Relay access denied');
  assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '250 2.1.5 Ok', 'local delivery from outside is still allowed');
  assert.equal((await c.send('XCLIENT ADDR=198.51.100.1')).raw, '503 5.5.1 Error: MAIL transaction in progress');
  await c.send('RSET');
  assert.equal((await c.send('XCLIENT ADDR=198.51.100.1')).raw, '550 5.7.0 Error: insufficient authorization');
  await c.quit();
  const rej = eventsOf(t.events(), 'reject').find((r) => r.to === 'victima@example.com')!;
  await waitEvent(t, (e) => e.type === 'disconnect' && e.session === rej.session);
  assert.deepEqual(rej.client, { addr: '203.0.113.7', name: 'localhost' });
  assert.equal(rej.restriction, 'reject_unauth_destination');
  assert.match(rej.decisions.map((d) => d.reason).join(' | '), /203\.0\.113\.7 is not in mynetworks 127\.0\.0\.0\/8 \[::1\]\/128 \| the client did not authenticate \| example\.com is not in mydestination/);
  assert.match(
    t.log(),
    /NOQUEUE: reject: RCPT from localhost\[203\.0\.113\.7\]: 554 5\.7\.1 <victima@example\.com>: Relay access denied; from=<spam@example\.net> to=<victima@example\.com> proto=ESMTP helo=<vm>/,
  );
  assert.match(t.log(), /disconnect from localhost\[203\.0\.113\.7\] ehlo=2 xclient=0\/3 mail=1 rcpt=1\/2 rset=1 quit=1 commands=6\/10/);
  assert.equal(eventsOf(t.events(), 'xclient').at(-1)!.addr, '203.0.113.7');
});

test('XCLIENT with bad attributes is refused whole', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  assert.equal((await c.send('XCLIENT ADDR=999.1.1.1')).raw, '501 5.5.4 Bad ADDR syntax: 999.1.1.1');
  assert.equal((await c.send('XCLIENT FOO=bar')).raw, '501 5.5.4 Bad XCLIENT attribute name: FOO');
  assert.equal((await c.send('XCLIENT NAME=bad_name!')).raw, '501 5.5.4 Bad NAME syntax: bad_name!');
  assert.equal((await c.send('XCLIENT ADDR')).raw, '501 5.5.4 Error: attribute=value expected');
  const ok = await c.send('XCLIENT NAME=mx.example.net ADDR=IPV6:2001:db8::7 HELO=mx.example.net');
  assert.equal(ok.code, 220);
  await c.send('MAIL FROM:<a@example.net>');
  assert.equal((await c.send('RCPT TO:<x@example.com>')).code, 554);
  await c.quit();
  assert.match(t.log(), /NOQUEUE: reject: RCPT from mx\.example\.net\[2001:db8::7\]: 554 5\.7\.1 <x@example\.com>: Relay access denied; from=<a@example\.net> to=<x@example\.com> proto=SMTP helo=<mx\.example\.net>/);
});

test('the outside listener presents every client as 203.0.113.7', async () => {
  const c = await RawSmtp.connect(t.h.ports.outside);
  const e = await c.send('EHLO outside.example');
  assert.ok(!e.lines.some((l) => l.includes('XCLIENT')), 'an outside host may not use XCLIENT');
  await c.send('MAIL FROM:<spam@example.net>');
  assert.equal((await c.send('RCPT TO:<victima@example.com>')).raw, '554 5.7.1 <victima@example.com>: Relay access denied');
  await c.quit();
  assert.match(t.log(), /connect from unknown\[203\.0\.113\.7\]/);
  const conn = eventsOf(t.events(), 'connect').find((x) => x.listener === 'outside')!;
  assert.deepEqual(conn.client, { addr: '203.0.113.7', name: 'unknown' });
});

test('pipelined commands are answered in order', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  c.write('EHLO vm\r\nMAIL FROM:<a@example.net>\r\nRCPT TO:<alumno@aula.test>\r\nRCPT TO:<nobody@example.com>\r\nDATA\r\n');
  const codes = [];
  for (let i = 0; i < 5; i++) codes.push((await c.read()).code);
  assert.deepEqual(codes, [250, 250, 250, 250, 354]);
  c.write('Subject: pipelined\r\n\r\nhi\r\n.\r\nQUIT\r\n');
  assert.equal((await c.read()).code, 250);
  assert.equal((await c.read()).raw, '221 2.0.0 Bye');
  assert.ok(await c.closedPromise());
});

test('BDAT (CHUNKING): chunks read by size, no dot-stuffing, then queued at LAST', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  c.write('BDAT 5\r\nhello');
  assert.equal((await c.read()).raw, '503 5.5.1 Error: need RCPT command', 'a refused chunk is still read whole');
  await c.send('MAIL FROM:<a@example.net>');
  await c.send('RCPT TO:<alumno@aula.test>');
  const first = 'Subject: chunked\r\n\r\n.a dot';
  const second = ' stays\r\n';
  c.write(`BDAT ${Buffer.byteLength(first)}\r\n${first}BDAT ${Buffer.byteLength(second)} LAST\r\n${second}`);
  assert.equal((await c.read()).raw, `250 2.0.0 Ok: ${Buffer.byteLength(first)} bytes`);
  const q = await c.read();
  // as Postfix 3.7.11: the bytes of every chunk, then the queue id
  assert.match(q.raw, new RegExp(`^250 2\\.0\\.0 Ok: ${Buffer.byteLength(first + second)} bytes queued as [0-9A-F]+$`));
  assert.equal((await c.send('NOOP')).raw, '250 2.0.0 Ok', 'back to commands after the last chunk');
  assert.equal((await c.send('BDAT 0')).raw, '551 5.7.1 Null BDAT request');
  await c.send('MAIL FROM:<a@example.net>');
  await c.send('RCPT TO:<alumno@aula.test>');
  c.write('BDAT 5\r\nabcde');
  assert.equal((await c.read()).raw, '250 2.0.0 Ok: 5 bytes');
  assert.equal((await c.send('DATA')).raw, '503 5.5.1 Error: DATA after BDAT');
  // a message whose last line has no end: smtpd adds CR LF and counts it (5 + 2)
  c.write('BDAT 0 LAST\r\n');
  assert.match((await c.read()).raw, /^250 2\.0\.0 Ok: 7 bytes queued as [0-9A-F]+$/);
  assert.equal((await c.send('BDAT ten')).raw, '521 5.5.4 Syntax: BDAT count [LAST]');
  assert.ok(await c.closedPromise(), 'a malformed BDAT ends the session, as Postfix does');
  await sleep(50);
  assert.match(t.log(), /warning: NOQUEUE: null BDAT request from localhost\[127\.0\.0\.1\]$/m);
  const d = eventsOf(t.events(), 'delivered').find((e) => e.subject === 'chunked')!;
  assert.match(readFileSync(t.ws.resolve(d.path), 'utf8'), /\n\.a dot stays\n$/);
});

test('nodemailer sends a message; the transcript explains the session', async () => {
  const tr = nodemailer.createTransport({ host: '127.0.0.1', port: t.h.ports.smtp, secure: false, ignoreTLS: true, name: 'vm' });
  const info = await tr.sendMail({ from: 'ana@example.net', to: 'alumno@aula.test', subject: 'Desde nodemailer', text: 'hola' });
  assert.match(info.response, /^250 2\.0\.0 Ok: queued as [0-9A-F]{10,11}$/);
  const q = eventsOf(t.events(), 'queued').find((e) => info.response.endsWith(e.queueId))!;
  await waitEvent(t, (e) => e.type === 'disconnect' && e.session === q.session);
  const tx = sessionTranscript(t.ws, q.session);
  assert.equal(tx.listener, 'smtp');
  assert.ok(tx.lines.some((l) => l.kind === 'C' && l.text === 'EHLO vm'));
  assert.ok(tx.lines.some((l) => l.kind === 'S' && l.text === '354 End data with <CR><LF>.<CR><LF>'));
  assert.ok(tx.lines.some((l) => l.kind === 'note' && /delivered to <alumno@aula\.test> in inbox/.test(l.text)));
  assert.match(tx.summary!, /commands=\d+$/);
  const rej = eventsOf(t.events(), 'reject').find((r) => r.to === 'victima@example.com')!;
  const annotated = sessionTranscript(t.ws, rej.session);
  const note = annotated.lines.find((l) => l.event === 'decision')!;
  assert.match(note.text, /^RCPT: reject — .*203\.0\.113\.7 is not in mynetworks/);
  assert.ok(listSessions(t.ws).some((s) => s.session === q.session && s.queued.includes(q.queueId)));
});

test('AUTH arguments never reach the event log', async () => {
  const events = eventsOf(t.events(), 'command');
  assert.ok(events.length > 10);
  for (const e of events) assert.doesNotMatch(e.line, /^AUTH \S+ (?!\*{8})\S/);
});
