// Recipients, senders and their replies and log lines, each as Postfix 3.7.11 (Debian 12)
// answered and logged them on loopback with the same main.cf settings: local_recipient_maps,
// VRFY, smtpd_recipient_limit, reject_unknown_*_domain, MAIL/RCPT parameters, the SIZE
// reject, alias expansion's to=/orig_to=, Cyrus's SASL lines and the Received date.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { RawSmtp } from '../helpers/smtp.js';
import { sleep, testSandbox, waitEvent, waitLog, type TestSandbox } from '../helpers/sandbox.js';
import { setPassword } from '../../src/sandbox/sasl/db.js';
import { mailDate } from '../../src/sandbox/smtp/cleanup.js';
import { packageRoot } from '../../src/util/paths.js';
import { MailLog } from '../../src/sandbox/maillog.js';
import { logOversized } from '../../src/sandbox/smtp/queue.js';
import type { Runtime } from '../../src/sandbox/runtime.js';
import type { SessionFacts } from '../../src/sandbox/smtp/types.js';
import { freshWorkspace } from '../prove/env.js';

let t: TestSandbox;

// the template zone, with a domain that publishes a null MX (RFC 7505)
const zone = readFileSync(`${packageRoot()}/sandbox/etc/bind/db.alexdns.local`, 'utf8').split('alexdns.local').join('aula.test') + '\nnomail  IN  MX  0 .\n';

before(async () => {
  t = await testSandbox({
    mainCf: [
      'myhostname = mail.aula.test',
      'mynetworks = 127.0.0.0/8 [::1]/128',
      'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
      'smtpd_sender_restrictions = reject_unknown_sender_domain',
      'smtpd_recipient_restrictions = reject_unknown_recipient_domain',
      'smtpd_recipient_limit = 3',
      'message_size_limit = 20000',
      'smtpd_sasl_auth_enable = yes',
    ].join('\n'),
    files: { 'etc/bind/db.aula.test': zone },
    start: { limits: { timeoutMs: 5000 } },
  });
  setPassword(t.ws, 'alumno', 'secreto', ['mail.aula.test']);
});

after(async () => {
  await t.close();
});

const lines = (re: RegExp) => t.log().split('\n').filter((l) => re.test(l));
const NOQUEUE = (stage: string, rest: string) => `postfix/smtpd[\\d+]: NOQUEUE: reject: ${stage} from localhost[127.0.0.1]: ${rest}`;
const has = (text: string) => t.log().split('\n').some((l) => l.replace(/^.*? postfix\/smtpd\[\d+\]: /, 'postfix/smtpd[\\d+]: ').endsWith(text));

test('an unknown local user: 550 5.1.1 User unknown in local recipient table, with the NOQUEUE line', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  assert.equal((await c.send('MAIL FROM:<a@www.aula.test>')).raw, '250 2.1.0 Ok');
  assert.equal((await c.send('RCPT TO:<nadie@aula.test>')).raw, '550 5.1.1 <nadie@aula.test>: Recipient address rejected: User unknown in local recipient table');
  assert.equal((await c.send('RCPT TO:<nadie>')).raw, '550 5.1.1 <nadie>: Recipient address rejected: User unknown in local recipient table');
  // passwd (home/alumno, Debian's accounts) and the aliases know these; the extension is cut at recipient_delimiter
  assert.equal((await c.send('RCPT TO:<Alumno+tag@aula.test>')).raw, '250 2.1.5 Ok');
  assert.equal((await c.send('RCPT TO:<postmaster@mail.aula.test>')).raw, '250 2.1.5 Ok');
  assert.equal((await c.send('RCPT TO:<www-data@localhost>')).raw, '250 2.1.5 Ok');
  // qmgr absorbs these: smtpd takes them without asking; a quoted local part is read unquoted
  await c.send('RSET');
  await c.send('MAIL FROM:<a@www.aula.test>');
  assert.equal((await c.send('RCPT TO:<MAILER-DAEMON@aula.test>')).raw, '250 2.1.5 Ok');
  assert.equal((await c.send('RCPT TO:<"nadie"@aula.test>')).raw, '550 5.1.1 <nadie@aula.test>: Recipient address rejected: User unknown in local recipient table');
  assert.equal((await c.send('RCPT TO:<"alumno"@aula.test>')).raw, '250 2.1.5 Ok');
  await c.quit();
  assert.ok(
    has(
      `${NOQUEUE('RCPT', '550 5.1.1 <nadie@aula.test>: Recipient address rejected: User unknown in local recipient table; from=<a@www.aula.test> to=<nadie@aula.test> proto=ESMTP helo=<vm>')}`,
    ),
    t.log(),
  );
});

test('VRFY: 252 for a known or a remote address, 550 and a NOQUEUE line for an unknown local user', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('HELO vm');
  assert.equal((await c.send('VRFY alumno')).raw, '252 2.0.0 alumno');
  assert.equal((await c.send('VRFY <root>')).raw, '252 2.0.0 <root>');
  assert.equal((await c.send('VRFY x@example.com')).raw, '252 2.0.0 x@example.com');
  assert.equal((await c.send('VRFY nadie')).raw, '550 5.1.1 <nadie>: Recipient address rejected: User unknown in local recipient table');
  assert.equal((await c.send('VRFY')).raw, '501 5.5.4 Syntax: VRFY address [SMTPUTF8]');
  assert.equal((await c.send('VRFY a b')).raw, '501 5.1.3 Bad recipient address syntax');
  assert.equal((await c.send('VRFY postmaster SMTPUTF8')).raw, '252 2.0.0 postmaster');
  // a domain trivial-rewrite refuses, as at RCPT
  assert.equal((await c.send('VRFY <a@bad_domain!>')).raw, '501 5.1.3 Bad recipient address syntax');
  assert.equal((await c.send('VRFY a@')).raw, '501 5.1.3 Bad recipient address syntax');
  await c.send('MAIL FROM:<a@www.aula.test>');
  assert.equal((await c.send('VRFY nadie@aula.test')).code, 550);
  await c.quit();
  assert.ok(has(NOQUEUE('VRFY', '550 5.1.1 <nadie>: Recipient address rejected: User unknown in local recipient table; to=<nadie> proto=SMTP helo=<vm>')), t.log());
  assert.ok(
    has(NOQUEUE('VRFY', '550 5.1.1 <nadie@aula.test>: Recipient address rejected: User unknown in local recipient table; from=<a@www.aula.test> to=<nadie@aula.test> proto=SMTP helo=<vm>')),
  );
  assert.equal(lines(/warning: Illegal address syntax from localhost\[127\.0\.0\.1\] in VRFY command: a b$/).length, 1);
  assert.equal(lines(/warning: Illegal address syntax from localhost\[127\.0\.0\.1\] in VRFY command: <a@bad_domain!>$/).length, 1);
  assert.equal(lines(/warning: Illegal address syntax from localhost\[127\.0\.0\.1\] in VRFY command: a@$/).length, 1);
});

test('smtpd_recipient_limit: 452 4.5.3 Error: too many recipients, and no log line', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  await c.send('MAIL FROM:<a@www.aula.test>');
  for (const u of ['alumno', 'root', 'postmaster']) assert.equal((await c.send(`RCPT TO:<${u}@aula.test>`)).raw, '250 2.1.5 Ok');
  assert.equal((await c.send('RCPT TO:<mail@aula.test>')).raw, '452 4.5.3 Error: too many recipients');
  // the same recipient again counts too, as in Postfix (cleanup drops the duplicate later)
  await c.send('RSET');
  await c.send('MAIL FROM:<a@www.aula.test>');
  for (let i = 0; i < 3; i++) assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '250 2.1.5 Ok');
  assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '452 4.5.3 Error: too many recipients');
  await c.quit();
  assert.deepEqual(lines(/too many recipients/), []);
});

test('reject_unknown_sender_domain and reject_unknown_recipient_domain ask the sandbox DNS', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  const sender = async (from: string) => {
    await c.send('RSET');
    await c.send(`MAIL FROM:<${from}>`);
    return (await c.send('RCPT TO:<alumno@aula.test>')).raw;
  };
  // NXDOMAIN in the served zone; REFUSED for a name outside every zone (a real Postfix says the same)
  assert.equal(await sender('a@nx.aula.test'), '450 4.1.8 <a@nx.aula.test>: Sender address rejected: Domain not found');
  assert.equal(await sender('a@example.net'), '450 4.1.8 <a@example.net>: Sender address rejected: Domain not found');
  assert.equal(await sender('a@nomail.aula.test'), '550 5.7.27 <a@nomail.aula.test>: Sender address rejected: Domain nomail.aula.test does not accept mail (nullMX)');
  assert.equal(await sender('a@ns1.aula.test'), '250 2.1.5 Ok');
  assert.equal(await sender(''), '250 2.1.5 Ok');
  await c.send('RSET');
  await c.send('MAIL FROM:<a@www.aula.test>');
  assert.equal((await c.send('RCPT TO:<x@nx.aula.test>')).raw, '450 4.1.2 <x@nx.aula.test>: Recipient address rejected: Domain not found');
  assert.equal((await c.send('RCPT TO:<x@nomail.aula.test>')).raw, '556 5.1.10 <x@nomail.aula.test>: Recipient address rejected: Domain nomail.aula.test does not accept mail (nullMX)');
  assert.equal((await c.send('RCPT TO:<x@www.aula.test>')).raw, '250 2.1.5 Ok');
  await c.quit();
  assert.ok(has(NOQUEUE('RCPT', '450 4.1.8 <a@nx.aula.test>: Sender address rejected: Domain not found; from=<a@nx.aula.test> to=<alumno@aula.test> proto=ESMTP helo=<vm>')), t.log());
  assert.ok(has(NOQUEUE('RCPT', '450 4.1.2 <x@nx.aula.test>: Recipient address rejected: Domain not found; from=<a@www.aula.test> to=<x@nx.aula.test> proto=ESMTP helo=<vm>')));
});

test('MAIL and RCPT syntax and parameters answer in Postfix words', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  assert.equal((await c.send('MAIL FROM:')).raw, '501 5.5.4 Syntax: MAIL FROM:<address>');
  assert.equal((await c.send('MAIL FROM:<a@www.aula.test> BODY=9BIT')).raw, '555 5.5.4 Unsupported option: BODY=9BIT');
  assert.equal((await c.send('MAIL FROM:<a@www.aula.test> BODY')).raw, '555 5.5.4 Unsupported option: BODY');
  assert.equal((await c.send('MAIL FROM:<a@www.aula.test> SMTPUTF8=x')).raw, '555 5.5.4 Unsupported option: SMTPUTF8=x');
  assert.equal((await c.send('MAIL FROM: <a@www.aula.test> RET=FOO')).raw, '501 5.5.4 Bad RET parameter syntax');
  assert.equal((await c.send('MAIL FROM:<a@www.aula.test> SIZE=30000')).raw, '552 5.3.4 Message size exceeds fixed limit');
  // more than an off_t holds: another reply, and no log line
  assert.equal((await c.send('MAIL FROM:<a@www.aula.test> SIZE=99999999999999999999999')).raw, '552 5.3.4 Message size exceeds file system imposed limit');
  assert.equal((await c.send('MAIL FROM:<a@www.aula.test> ENVID=')).raw, '501 5.5.4 Bad ENVID parameter syntax');
  assert.equal((await c.send('MAIL FROM:<a@www.aula.test> ENVID=x ENVID=y')).raw, '501 5.5.4 Bad ENVID parameter syntax');
  assert.equal((await c.send('MAIL FROM:<a@www.aula.test> RET=FULL RET=HDRS')).raw, '501 5.5.4 Bad RET parameter syntax');
  assert.equal((await c.send('MAIL FROM:<a@www.aula.test> ENVID=x RET=HDRS BODY=8BITMIME')).raw, '250 2.1.0 Ok');
  assert.equal((await c.send('MAIL')).raw, '503 5.5.1 Error: nested MAIL command');
  assert.equal((await c.send('RCPT TO:')).raw, '501 5.5.4 Syntax: RCPT TO:<address>');
  assert.equal((await c.send('RCPT TO:<alumno> NOTIFY=BAD')).raw, '501 5.5.4 Error: Bad NOTIFY parameter syntax');
  assert.equal((await c.send('RCPT TO:<alumno> ORCPT=x')).raw, '501 5.5.4 Error: Bad ORCPT parameter syntax');
  assert.equal((await c.send('RCPT TO:<alumno> FOO=1')).raw, '555 5.5.4 Unsupported option: FOO=1');
  assert.equal((await c.send('RCPT TO:<alumno> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;alumno@aula.test')).raw, '250 2.1.5 Ok');
  await c.quit();
  // the SIZE reject names the sender it refused
  assert.ok(has(NOQUEUE('MAIL', '552 5.3.4 Message size exceeds fixed limit; from=<a@www.aula.test> proto=ESMTP helo=<vm>')), t.log());
  assert.equal(lines(/warning: unknown DSN NOTIFY command value "BAD" in "BAD"$/).length, 1);
  assert.equal(lines(/file system imposed limit/).length, 0);
});

test('addresses trivial-rewrite refuses: 501 5.1.7 / 5.1.3 Bad ... address syntax and the "Illegal address syntax" warning (Postfix 3.7.11)', async () => {
  const from = t.log().length;
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  for (const bad of ['<a@>', '<a@bad_domain!>', 'a@bad_domain!', '<a@1.2.3.4>', '<a b@c.example>', '<a@ñandú.example>'])
    assert.equal((await c.send(`MAIL FROM:${bad}`)).raw, '501 5.1.7 Bad sender address syntax', bad);
  // no closing bracket: refused without a warning
  assert.equal((await c.send('MAIL FROM:<a@www.aula.test')).raw, '501 5.1.7 Bad sender address syntax');
  assert.equal((await c.send('MAIL FROM:<a@ñandú.example> SMTPUTF8')).raw, '250 2.1.0 Ok');
  assert.equal((await c.send('RCPT TO:<x@bad_domain!>')).raw, '501 5.1.3 Bad recipient address syntax');
  assert.equal((await c.send('RCPT TO:<x@>')).raw, '501 5.1.3 Bad recipient address syntax');
  await c.quit();
  const warnings = t
    .log()
    .slice(from)
    .split('\n')
    .filter((l) => l.includes('Illegal address syntax'))
    .map((l) => l.replace(/^.*?warning: Illegal address syntax from localhost\[127\.0\.0\.1\] /, ''));
  assert.deepEqual(warnings, [
    'in MAIL command: <a@>',
    'in MAIL command: <a@bad_domain!>',
    'in MAIL command: a@bad_domain!',
    'in MAIL command: <a@1.2.3.4>',
    'in MAIL command: <a b@c.example>',
    'in MAIL command: <a@ñandú.example>',
    'in RCPT command: <x@bad_domain!>',
    'in RCPT command: <x@>',
  ]);
});

test('aliases and unqualified recipients: to= qualified with $myorigin, orig_to= as the client wrote it', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  const r = await c.mail('a@www.aula.test', ['root@mail.aula.test', 'alumno'], 'Subject: orig\r\n\r\nx\r\n');
  assert.equal(r[4].code, 250, r[4].raw);
  const id = /queued as ([0-9A-F]+)/.exec(r[4].raw)![1];
  await c.quit();
  await waitEvent(t, (e) => e.type === 'delivered' && e.queueId === id);
  const local = lines(new RegExp(`postfix/local\\[\\d+\\]: ${id}: `)).map((l) => l.replace(/^.*?: [0-9A-F]+: /, '').replace(/, relay=.*$/, ''));
  assert.deepEqual(local.sort(), ['to=<alumno@aula.test>, orig_to=<alumno>', 'to=<alumno@aula.test>, orig_to=<root@mail.aula.test>']);
});

test('Cyrus SASL lines: AUTH FOO, and a wrong PLAIN password with sasldb', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  assert.equal((await c.send('AUTH FOO')).raw, '535 5.7.8 Error: authentication failed: no mechanism available');
  const bad = Buffer.from('\0alumno\0malo').toString('base64');
  assert.equal((await c.send(`AUTH PLAIN ${bad}`)).raw, '535 5.7.8 Error: authentication failed: authentication failure');
  await c.quit();
  const sasl = lines(/SASL/).map((l) => l.replace(/^.*? postfix\/smtpd\[\d+\]: /, ''));
  assert.deepEqual(sasl, [
    "warning: SASL authentication failure: Couldn't find mech FOO",
    'warning: localhost[127.0.0.1]: SASL FOO authentication failed: no mechanism available, sasl_username=(unavailable)',
    'warning: SASL authentication failure: Password verification failed',
    'warning: localhost[127.0.0.1]: SASL PLAIN authentication failed: authentication failure, sasl_username=alumno',
  ]);
});

test('Cyrus SASL lines: CRAM-MD5 without a user name, PLAIN with another authzid (Postfix 3.7.11 with Cyrus 2.1.28)', async () => {
  const from = t.log().length;
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  assert.equal((await c.send('AUTH CRAM-MD5')).code, 334);
  assert.equal((await c.send(Buffer.from('nonsense').toString('base64'))).raw, '535 5.7.8 Error: authentication failed: bad protocol / cancel');
  assert.equal((await c.send('AUTH CRAM-MD5')).code, 334);
  assert.equal((await c.send(Buffer.from('alumno abc').toString('base64'))).raw, '535 5.7.8 Error: authentication failed: authentication failure');
  // the right password, but acting as another user: Cyrus refuses after checking it
  const other = Buffer.from('other\0alumno\0secreto').toString('base64');
  assert.equal((await c.send(`AUTH PLAIN ${other}`)).raw, '535 5.7.8 Error: authentication failed: authentication failure');
  await c.quit();
  const sasl = t
    .log()
    .slice(from)
    .split('\n')
    .filter((l) => /SASL/.test(l))
    .map((l) => l.replace(/^.*? postfix\/smtpd\[\d+\]: /, ''));
  assert.deepEqual(sasl, [
    'warning: SASL authentication failure: need authentication name',
    'warning: localhost[127.0.0.1]: SASL CRAM-MD5 authentication failed: bad protocol / cancel, sasl_username=(unavailable)',
    'warning: SASL authentication failure: incorrect digest response',
    'warning: localhost[127.0.0.1]: SASL CRAM-MD5 authentication failed: authentication failure, sasl_username=alumno',
    'warning: SASL authentication failure: Requested identity not authenticated identity',
    'warning: localhost[127.0.0.1]: SASL PLAIN authentication failed: authentication failure, sasl_username=other',
  ]);
});

test('a client that hangs up inside an AUTH exchange: lost connection after AUTH, auth=0/1 (Postfix 3.7.11)', async () => {
  const from = t.log().length;
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  assert.equal((await c.send('AUTH LOGIN')).raw, '334 VXNlcm5hbWU6');
  c.destroy();
  const log = await waitLog(t, /ehlo=1 auth=0\/1 commands=1\/2\n/, from);
  assert.match(log, /lost connection after AUTH from localhost\[127\.0\.0\.1\]\n.*disconnect from localhost\[127\.0\.0\.1\] ehlo=1 auth=0\/1 commands=1\/2\n/);
});

test("the Received and Date headers' date: strftime's %e pads a one-digit day with a space", () => {
  const d = new Date(2026, 11, 7, 2, 18, 58);
  assert.match(mailDate(d), /^Mon, {2}7 Dec 2026 02:18:58 [+-]\d{4}/);
  assert.match(mailDate(new Date(2026, 11, 17, 2, 18, 58)), /^Thu, 17 Dec 2026 02:18:58 /);
});

test('local_recipient_maps = (empty) turns the check off', async () => {
  t.mainCf('local_recipient_maps =');
  assert.equal((await t.h.reload()).state, 'ok');
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  await c.send('MAIL FROM:<a@www.aula.test>');
  assert.equal((await c.send('RCPT TO:<nadie@aula.test>')).raw, '250 2.1.5 Ok');
  assert.equal((await c.send('VRFY nadie')).raw, '252 2.0.0 nadie');
  await c.quit();
});

test('after a reload that changes myhostname, master keeps the host name it started with; new daemons log the new one', () => {
  const ws = freshWorkspace('aula.test');
  const log = new MailLog(ws);
  log.host = 'mail';
  log.line('postfix/master', 'daemon started -- version 3.7.11, configuration /etc/postfix');
  log.host = 'otro';
  log.line('postfix/postfix-script', 'refreshing the Postfix mail system');
  log.line('postfix/master', 'reload -- version 3.7.11, configuration /etc/postfix');
  log.line('postfix/smtpd', 'connect from localhost[127.0.0.1]');
  log.close();
  const hosts = readFileSync(ws.resolve('var/log/mail.log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.slice(16).split(' [')[0].replace(/\[\d+\]:.*$/, ''));
  assert.deepEqual(hosts, ['mail postfix/master', 'otro postfix/postfix-script', 'mail postfix/master', 'otro postfix/smtpd']);
});

test("an oversized message: cleanup's message-id line after smtpd's warning (logOversized)", () => {
  const logged: string[] = [];
  const rt = { log: { line: (program: string, text: string) => logged.push(`${program}: ${text}`) } } as unknown as Runtime;
  const session = { client: { addr: '127.0.0.1', name: 'localhost' }, svc: { hostname: 'mail.aula.test' } } as unknown as SessionFacts;
  const tx = { queueId: 'D50B127A252', sender: 'a@example.net', rcpts: ['alumno@aula.test'], session };
  logOversized(rt, tx, Buffer.from('Subject: big\r\nMessage-ID: <x@y>\r\n\r\nxxx'));
  logOversized(rt, tx, Buffer.from('Subject: big\r\n\r\nxxx'));
  assert.equal(logged[0], 'postfix/cleanup: D50B127A252: message-id=<x@y>');
  assert.match(logged[1], /^postfix\/cleanup: D50B127A252: message-id=<\d{14}\.D50B127A252@mail\.aula\.test>$/);
  // a client from outside that sent none: cleanup adds none, and logs none
  logOversized(rt, { ...tx, session: { ...session, client: { addr: '203.0.113.7', name: 'unknown' } } as SessionFacts }, Buffer.from('Subject: big\r\n\r\n'));
  assert.equal(logged.length, 2);
});

test('reject_unknown_helo_hostname and reject_unknown_client_hostname, as Postfix 3.7.11 answers them', async () => {
  t.mainCf('smtpd_helo_restrictions = reject_unknown_helo_hostname\nsmtpd_client_restrictions = reject_unknown_client_hostname\nsmtpd_authorized_xclient_hosts = 127.0.0.0/8');
  assert.equal((await t.h.reload()).state, 'ok');
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('HELO vm');
  await c.send('MAIL FROM:<a@www.aula.test>');
  assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '450 4.7.1 <vm>: Helo command rejected: Host not found');
  await c.send('HELO www.aula.test');
  await c.send('MAIL FROM:<a@www.aula.test>');
  assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '250 2.1.5 Ok');
  await c.send('RSET');
  assert.equal((await c.send('XCLIENT NAME=[UNAVAILABLE] ADDR=203.0.113.7')).code, 220);
  await c.send('HELO www.aula.test');
  await c.send('MAIL FROM:<a@www.aula.test>');
  assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '450 4.7.25 Client host rejected: cannot find your hostname, [203.0.113.7]');
  await c.quit();
  assert.ok(has(NOQUEUE('RCPT', '450 4.7.1 <vm>: Helo command rejected: Host not found; from=<a@www.aula.test> to=<alumno@aula.test> proto=SMTP helo=<vm>')), t.log());
});

test('cleanup adds Message-Id, Date and From for a client on our own interfaces, even after XCLIENT (Postfix 3.7.11)', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO www.aula.test');
  assert.equal((await c.send('XCLIENT ADDR=198.51.100.7 NAME=host.example')).code, 220);
  await c.send('EHLO www.aula.test');
  const r = await c.mail('a@www.aula.test', ['alumno@aula.test'], 'Subject: sin cabeceras\r\n\r\nhola\r\n');
  assert.equal(r[3].code, 250, r[3].raw);
  const id = /queued as ([0-9A-F]+)/.exec(r[3].raw)![1];
  await c.quit();
  const d = await waitEvent(t, (e) => e.type === 'delivered' && e.queueId === id);
  const head = readFileSync(t.ws.resolve(String(d!.path)), 'utf8').split('\n\n')[0];
  assert.match(head, new RegExp(`\nSubject: sin cabeceras\nMessage-Id: <\\d{14}\\.${id}@mail\\.aula\\.test>\nDate: \\w{3}, [ \\d]\\d \\w{3} \\d{4} [\\d:]{8} [+-]\\d{4}.*\nFrom: a@www\\.aula\\.test$`));
  assert.ok(lines(new RegExp(`postfix/cleanup\\[\\d+\\]: ${id}: message-id=<\\d{14}\\.${id}@mail\\.aula\\.test>$`)).length === 1);
});

test("an oversized message: smtpd's warning, then cleanup's message-id line, as Postfix 3.7.11 logs them", async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO www.aula.test');
  const r = await c.mail('a@www.aula.test', ['alumno@aula.test'], 'Subject: big\r\nMessage-ID: <big.1@www.aula.test>\r\n\r\n' + 'x'.repeat(100).concat('\r\n').repeat(300));
  assert.equal(r[3].raw, '552 5.3.4 Error: message file too big');
  await c.quit();
  const mine = t
    .log()
    .split('\n')
    .map((l) => l.replace(/^.*? (postfix\/\w+)\[\d+\]: (warning: )?[0-9A-F]+: /, '$1: $2QID: '))
    .filter((l) => /queue file size limit|message-id=<big\.1@/.test(l));
  assert.deepEqual(mine, ['postfix/smtpd: warning: QID: queue file size limit exceeded', 'postfix/cleanup: QID: message-id=<big.1@www.aula.test>']);
});

// seen on 3.7.11 from 127.0.0.1: after 0 bytes or a header line, no cleanup line; after the end of the headers,
// the message's own Message-ID or the one cleanup adds (a non-header line ends the headers too)
test('a client that hangs up inside DATA: cleanup logs the message-id once the headers have ended, not before', async () => {
  const cases: [string, RegExp | undefined][] = [
    ['', undefined],
    ['Subject: x\r\n', undefined],
    ['Message-ID: <own.1@www.aula.test>\r\nSubject: x\r\n\r\nbody\r\n', /message-id=<own\.1@www\.aula\.test>$/],
    ['Subject: x\r\n\r\nbody\r\n', /message-id=<\d{14}\.[0-9A-F]+@mail\.aula\.test>$/],
    ['QUIT\r\n', /message-id=<\d{14}\.[0-9A-F]+@mail\.aula\.test>$/],
  ];
  for (const [data, want] of cases) {
    const from = t.log().length;
    const c = await RawSmtp.connect(t.h.ports.smtp);
    await c.send('EHLO www.aula.test');
    await c.send('MAIL FROM:<a@www.aula.test>');
    assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '250 2.1.5 Ok');
    assert.equal((await c.send('DATA')).code, 354);
    if (data) c.write(data);
    await sleep(100);
    c.destroy();
    await waitLog(t, /lost connection after DATA[^]*disconnect from/, from);
    const log = t.log().slice(from);
    const cleanup = log.split('\n').filter((l) => /postfix\/cleanup/.test(l));
    assert.match(log, new RegExp(`lost connection after DATA \\(${data.length} bytes\\)`));
    if (want) assert.ok(cleanup.length === 1 && want.test(cleanup[0]), JSON.stringify([data, cleanup]));
    else assert.deepEqual(cleanup, [], JSON.stringify(data));
  }
});

test('a domain the DNS refuses defers only if nothing rejects later; a bare postmaster is always taken (Postfix 3.7.11)', async () => {
  // the hardened lists: the real server answered the relay refusal, not the sender's "Domain not found"
  t.mainCf(
    [
      'smtpd_authorized_xclient_hosts = 127.0.0.0/8',
      'smtpd_helo_restrictions = reject_non_fqdn_helo_hostname',
      'smtpd_sender_restrictions = reject_unknown_sender_domain',
      'smtpd_recipient_restrictions = reject_non_fqdn_recipient',
    ].join('\n'),
  );
  assert.equal((await t.h.reload()).state, 'ok');
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  assert.equal((await c.send('XCLIENT ADDR=203.0.113.7')).code, 220);
  await c.send('EHLO mx.example.net');
  await c.send('MAIL FROM:<a@example.net>');
  assert.equal((await c.send('RCPT TO:<victima@example.com>')).raw, '554 5.7.1 <victima@example.com>: Relay access denied');
  assert.equal((await c.send('RCPT TO:<alumno@localhost>')).raw, '504 5.5.2 <alumno@localhost>: Recipient address rejected: need fully-qualified address');
  assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '450 4.1.8 <a@example.net>: Sender address rejected: Domain not found');
  assert.equal((await c.send('RCPT TO:<PostMaster>')).raw, '250 2.1.5 Ok');
  await c.quit();
});

test("an access table's HOLD is logged once per transaction; reject_unauth_pipelining refuses a client that pipelined after HELO (Postfix 3.7.11)", async () => {
  t.mainCf(
    [
      'smtpd_helo_restrictions =',
      'smtpd_sender_restrictions =',
      'smtpd_recipient_restrictions = check_client_access inline:{ 203.0.113.7=HOLD }, reject_unauth_pipelining',
    ].join('\n'),
  );
  assert.equal((await t.h.reload()).state, 'ok');
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  assert.equal((await c.send('XCLIENT ADDR=203.0.113.7')).code, 220);
  await c.send('EHLO mx.example.net');
  await c.send('MAIL FROM:<a@www.aula.test>');
  assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '250 2.1.5 Ok');
  assert.equal((await c.send('RCPT TO:<postmaster@aula.test>')).raw, '250 2.1.5 Ok');
  await c.send('RSET');
  c.write('HELO mx.example.net\r\nMAIL FROM:<a@www.aula.test>\r\nRCPT TO:<alumno@aula.test>\r\n');
  assert.equal((await c.read()).code, 250);
  assert.equal((await c.read()).code, 250);
  assert.equal((await c.read()).raw, '503 5.5.0 <alumno@aula.test>: Recipient address rejected: Improper use of SMTP command pipelining');
  await c.quit();
  const holds = lines(/: hold: RCPT from /).map((l) => l.replace(/^.*? postfix\/smtpd\[\d+\]: /, ''));
  assert.deepEqual(holds, [
    'NOQUEUE: hold: RCPT from localhost[203.0.113.7]: <localhost[203.0.113.7]>: Client host triggers HOLD action; from=<a@www.aula.test> to=<alumno@aula.test> proto=ESMTP helo=<mx.example.net>',
    'NOQUEUE: hold: RCPT from localhost[203.0.113.7]: <localhost[203.0.113.7]>: Client host triggers HOLD action; from=<a@www.aula.test> to=<alumno@aula.test> proto=SMTP helo=<mx.example.net>',
  ]);
});

test('a HOLD message is queued but not delivered: cleanup logs its message-id and nothing follows (Postfix 3.7.11)', async () => {
  t.mainCf('smtpd_recipient_restrictions = check_client_access inline:{ 127.0.0.1=HOLD }');
  assert.equal((await t.h.reload()).state, 'ok');
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  const r = await c.mail('a@www.aula.test', ['alumno@aula.test', 'postmaster@aula.test'], 'Subject: x\r\nMessage-ID: <held.1@www.aula.test>\r\n\r\nhi\r\n');
  const end = r[r.length - 1];
  assert.equal(end.code, 250, end.raw);
  const id = /queued as ([0-9A-F]+)/.exec(end.raw)![1];
  await c.quit();
  const held = await waitEvent(t, (e) => e.type === 'stage' && e.queueId === id && e.action === 'hold');
  assert.ok(held);
  const mine = t
    .log()
    .split('\n')
    .filter((l) => l.includes(id) || /: hold: RCPT/.test(l))
    .map((l) => l.replace(/^.*? (postfix\/\w+)\[\d+\]: /, '$1: '));
  assert.deepEqual(mine.slice(-3), [
    'postfix/smtpd: NOQUEUE: hold: RCPT from localhost[127.0.0.1]: <localhost[127.0.0.1]>: Client host triggers HOLD action; from=<a@www.aula.test> to=<alumno@aula.test> proto=ESMTP helo=<vm>',
    `postfix/smtpd: ${id}: client=localhost[127.0.0.1]`,
    `postfix/cleanup: ${id}: message-id=<held.1@www.aula.test>`,
  ]);
  // kept in the hold queue, with its envelope, for nobody
  const kept = readFileSync(t.ws.resolve(`var/spool/hold/${id}.eml`), 'latin1');
  assert.match(kept, /^Return-Path: <a@www\.aula\.test>\nX-Original-To: alumno@aula\.test, postmaster@aula\.test\n/);
  assert.match(kept, /Message-ID: <held\.1@www\.aula\.test>/);
  assert.ok(!existsSync(t.ws.resolve('var/mail/alumno/Maildir/new')) || !readdirSync(t.ws.resolve('var/mail/alumno/Maildir/new')).some((f) => f.includes(id)));
});
