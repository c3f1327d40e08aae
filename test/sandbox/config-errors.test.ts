// Restrictions Postfix 3.7.11 serves but cannot apply, as it answered and logged them on
// loopback with the same main.cf: an unknown name (451 at RCPT, a warning each time, and a
// notice with the session's transcript to the postmaster at the end), the SASL-only and
// client-certificate restrictions without SASL or certificates, words after "permit", and a
// policy server that cannot be reached, and a mynetworks entry with host bits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { RawSmtp } from '../helpers/smtp.js';
import { testSandbox, waitLog, type TestSandbox } from '../helpers/sandbox.js';

let t: TestSandbox;

before(async () => {
  t = await testSandbox({ mainCf: ['myhostname = mail.aula.test', 'mynetworks = 127.0.0.0/8', 'smtpd_helo_restrictions = reject_bogus_thing'].join('\n') });
});

after(async () => {
  await t.close();
});

const smtpd = (log: string) =>
  log
    .split('\n')
    .filter((l) => / postfix\/(smtpd|cleanup|qmgr|local)\[/.test(l))
    .map((l) => l.replace(/^.*? (postfix\/\w+)\[\d+\]: /, '$1: ').replace(/\b[0-9A-F]{10,12}\b/g, 'QID'));

test('an unknown restriction: 451 4.3.5 at each RCPT, its warning, and a notice to the postmaster with the transcript', async () => {
  const from = t.log().length;
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  assert.equal((await c.send('MAIL FROM:<a@example.net>')).raw, '250 2.1.0 Ok');
  assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '451 4.3.5 Server configuration error');
  assert.equal((await c.send('RCPT TO:<victima@example.com>')).raw, '451 4.3.5 Server configuration error');
  await c.send('QUIT');
  const log = smtpd(await waitLog(t, /QID: removed|: removed/, from));
  const reject = (to: string) =>
    `postfix/smtpd: NOQUEUE: reject: RCPT from localhost[127.0.0.1]: 451 4.3.5 Server configuration error; from=<a@example.net> to=<${to}> proto=ESMTP helo=<vm>`;
  const warning = 'postfix/smtpd: warning: unknown smtpd restriction: "reject_bogus_thing"';
  assert.deepEqual(
    log.filter((l) => !/connect from/.test(l)),
    [
      warning,
      reject('alumno@aula.test'),
      warning,
      reject('victima@example.com'),
      'postfix/cleanup: QID: message-id=<' + log.find((l) => /cleanup/.test(l))!.split('<')[1],
      'postfix/qmgr: QID: from=<double-bounce@mail.aula.test>, size=' + log.find((l) => /qmgr.*size=/.test(l))!.split('size=')[1],
      'postfix/local: QID: to=<alumno@aula.test>, orig_to=<postmaster>, relay=local, delay=' + log.find((l) => /local:/.test(l))!.split('delay=')[1],
      'postfix/qmgr: QID: removed',
    ].filter(Boolean),
  );
  assert.match(log.find((l) => /cleanup/.test(l))!, /message-id=<\d{14}\.QID@mail\.aula\.test>$/);
  const dir = t.ws.resolve('var/mail/alumno/Maildir/new');
  const file = readdirSync(dir).find((f) => readFileSync(`${dir}/${f}`, 'utf8').includes('errors from localhost'));
  const mail = readFileSync(`${dir}/${file}`, 'utf8');
  assert.match(mail, /^Return-Path: <double-bounce@mail\.aula\.test>\nX-Original-To: postmaster\nDelivered-To: alumno@aula\.test\nReceived: by mail\.aula\.test \(Postfix\)\n\tid [0-9A-F]+; /);
  assert.match(mail, /\nFrom: Mail Delivery System <MAILER-DAEMON@mail\.aula\.test>\nTo: Postmaster <postmaster@aula\.test>\nSubject: Postfix SMTP server: errors from localhost\[127\.0\.0\.1\]\nMessage-Id: </);
  assert.ok(
    mail.endsWith(
      [
        '\nTranscript of session follows.',
        '',
        ' Out: 220 mail.aula.test ESMTP Postfix (Debian/GNU)',
        ' In:  EHLO vm',
        ...mail.split('\n').filter((l) => l.startsWith(' Out: 250-') || l.startsWith(' Out: 250 CHUNKING')),
        ' In:  MAIL FROM:<a@example.net>',
        ' Out: 250 2.1.0 Ok',
        ' In:  RCPT TO:<alumno@aula.test>',
        ' Out: 451 4.3.5 Server configuration error',
        ' In:  RCPT TO:<victima@example.com>',
        ' Out: 451 4.3.5 Server configuration error',
        ' In:  QUIT',
        ' Out: 221 2.0.0 Bye',
        '',
        '',
        'For other details, see the local mail logfile',
        '',
      ].join('\n'),
    ),
    mail,
  );
});

test('notify_classes without "software": no notice', async () => {
  t.mainCf('notify_classes = resource');
  assert.equal((await t.h.reload()).state, 'ok');
  const from = t.log().length;
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  await c.send('MAIL FROM:<a@example.net>');
  assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '451 4.3.5 Server configuration error');
  await c.send('QUIT');
  const log = await waitLog(t, /disconnect from/, from);
  await new Promise((r) => setTimeout(r, 100));
  assert.doesNotMatch(t.log().slice(from), /cleanup|qmgr/, log);
});

test('SASL-only and client-certificate restrictions without SASL or certificates, and words after permit: warnings, no decision', async () => {
  t.write('etc/postfix/ccert', 'x REJECT\n');
  t.mainCf(
    [
      'smtpd_helo_restrictions =',
      'smtpd_recipient_restrictions = reject_sender_login_mismatch, check_sasl_access hash:/etc/postfix/ccert, check_ccert_access hash:/etc/postfix/ccert, permit, reject',
    ].join('\n'),
  );
  assert.equal((await t.h.reload()).state, 'ok');
  const from = t.log().length;
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  await c.send('MAIL FROM:<a@example.net>');
  assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '250 2.1.5 Ok');
  await c.send('QUIT');
  const log = smtpd(await waitLog(t, /disconnect from/, from));
  assert.deepEqual(
    log.filter((l) => /warning/.test(l)),
    [
      // a new smtpd process looks for a relay guard first (the first session after the reload, for the sandbox)
      "postfix/smtpd: warning: restriction `reject' after `permit' is ignored",
      "postfix/smtpd: warning: restriction `reject_authenticated_sender_login_mismatch' ignored: no SASL support",
      "postfix/smtpd: warning: restriction `reject_unauthenticated_sender_login_mismatch' ignored: no SASL support",
      "postfix/smtpd: warning: restriction `check_sasl_access' ignored: no SASL support",
      'postfix/smtpd: warning: check_ccert_access is requested, but "smtpd_tls_ask_ccert = no"',
      "postfix/smtpd: warning: restriction `reject' after `permit' is ignored",
    ],
  );
});

test('check_policy_service: an unreachable server is 451 4.3.5 Server configuration problem after two tries; a reachable one decides', async () => {
  const closed = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
  const requests: string[] = [];
  const policy = createServer((c) => {
    let got = '';
    c.on('data', (d) => {
      got += d.toString();
      if (got.endsWith('\n\n')) {
        requests.push(got);
        c.end(/recipient=alumno@/.test(got) ? 'action=REJECT go away\n\n' : 'action=DUNNO\n\n');
      }
    });
  });
  await new Promise<void>((r) => policy.listen(0, '127.0.0.1', r));
  const port = (policy.address() as AddressInfo).port;
  try {
    t.mainCf(['smtpd_recipient_restrictions = check_policy_service inet:127.0.0.1:' + closed, 'smtpd_policy_service_retry_delay = 0s'].join('\n'));
    assert.equal((await t.h.reload()).state, 'ok');
    let from = t.log().length;
    let c = await RawSmtp.connect(t.h.ports.smtp);
    await c.send('EHLO vm');
    await c.send('MAIL FROM:<a@example.net>');
    assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '451 4.3.5 <alumno@aula.test>: Recipient address rejected: Server configuration problem');
    await c.send('QUIT');
    const at = `127.0.0.1:${closed}`;
    assert.deepEqual(
      smtpd(await waitLog(t, /disconnect from/, from)).filter((l) => /warning|reject/.test(l)),
      [
        `postfix/smtpd: warning: connect to ${at}: Connection refused`,
        `postfix/smtpd: warning: problem talking to server ${at}: Connection refused`,
        `postfix/smtpd: warning: connect to ${at}: Connection refused`,
        `postfix/smtpd: warning: problem talking to server ${at}: Connection refused`,
        'postfix/smtpd: NOQUEUE: reject: RCPT from localhost[127.0.0.1]: 451 4.3.5 <alumno@aula.test>: Recipient address rejected: Server configuration problem; from=<a@example.net> to=<alumno@aula.test> proto=ESMTP helo=<vm>',
      ],
    );
    t.mainCf('smtpd_recipient_restrictions = check_policy_service inet:127.0.0.1:' + port);
    assert.equal((await t.h.reload()).state, 'ok');
    from = t.log().length;
    c = await RawSmtp.connect(t.h.ports.smtp);
    await c.send('EHLO vm');
    await c.send('MAIL FROM:<a@example.net>');
    assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '554 5.7.1 <alumno@aula.test>: Recipient address rejected: go away');
    assert.equal((await c.send('RCPT TO:<postmaster@aula.test>')).raw, '250 2.1.5 Ok');
    await c.send('QUIT');
    await waitLog(t, /disconnect from/, from);
    assert.match(requests[0], /^request=smtpd_access_policy\nprotocol_state=RCPT\nprotocol_name=ESMTP\nclient_address=127\.0\.0\.1\nclient_name=localhost\nclient_port=\d+\n/);
    assert.match(requests[0], /\nhelo_name=vm\nsender=a@example\.net\nrecipient=alumno@aula\.test\nrecipient_count=0\nqueue_id=\ninstance=[0-9a-f.]+\nsize=0\n/);
    assert.match(requests[0], /\nencryption_keysize=0\npolicy_context=\n\n$/);
  } finally {
    policy.close();
  }
});

test('mynetworks = 127.0.0.1/8: every RCPT gets 451 4.3.0 Temporary lookup failure and the host-bits warning, as Postfix 3.7.11 serves it', async () => {
  t.mainCf(['smtpd_recipient_restrictions =', 'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination', 'mynetworks = 127.0.0.1/8'].join('\n'));
  assert.equal((await t.h.reload()).state, 'ok');
  const from = t.log().length;
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  await c.send('MAIL FROM:<a@example.net>');
  assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '451 4.3.0 <alumno@aula.test>: Temporary lookup failure');
  assert.equal((await c.send('RCPT TO:<victima@example.com>')).raw, '451 4.3.0 <victima@example.com>: Temporary lookup failure');
  await c.send('QUIT');
  const warning = 'postfix/smtpd: warning: mynetworks: non-null host address bits in "127.0.0.1/8", perhaps you should use "127.0.0.0/8" instead';
  assert.deepEqual(
    smtpd(await waitLog(t, /disconnect from/, from)).filter((l) => /warning|reject/.test(l)),
    [
      warning,
      'postfix/smtpd: NOQUEUE: reject: RCPT from localhost[127.0.0.1]: 451 4.3.0 <alumno@aula.test>: Temporary lookup failure; from=<a@example.net> to=<alumno@aula.test> proto=ESMTP helo=<vm>',
      warning,
      'postfix/smtpd: NOQUEUE: reject: RCPT from localhost[127.0.0.1]: 451 4.3.0 <victima@example.com>: Temporary lookup failure; from=<a@example.net> to=<victima@example.com> proto=ESMTP helo=<vm>',
    ],
  );
});
