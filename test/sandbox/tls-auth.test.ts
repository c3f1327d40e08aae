// STARTTLS with the learner's own certificate, implicit TLS, and SASL PLAIN, LOGIN, CRAM-MD5 and
// DIGEST-MD5 as Postfix + Cyrus answer them: by hand over raw sockets, and with swaks and openssl.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { RawSmtp } from '../helpers/smtp.js';
import { testSandbox, makeCert, tlsAuthConfig, tlsAuthSandbox, waitEvent, waitLog, type TestSandbox } from '../helpers/sandbox.js';
import { missingTools, run } from '../prove/env.js';
import { setPassword } from '../../src/sandbox/sasl/db.js';
import { eventsOf } from '../../src/sandbox/events.js';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');


/** The client side of RFC 2831, written independently of the server's code. */
function digestResponse(challenge: string, user: string, pass: string, uri: string): { response: string; rspauth: string } {
  const d = Object.fromEntries([...challenge.matchAll(/(\w+)=(?:"([^"]*)"|([^,]*))/g)].map((m) => [m[1], m[2] ?? m[3]]));
  const cnonce = randomBytes(12).toString('hex');
  const nc = '00000001';
  const md5 = (x: Buffer | string) => createHash('md5').update(x).digest();
  const hex = (x: Buffer | string) => createHash('md5').update(x).digest('hex');
  const a1 = Buffer.concat([md5(`${user}:${d.realm}:${pass}`), Buffer.from(`:${d.nonce}:${cnonce}`)]);
  const kd = (a2: string) => hex(`${hex(a1)}:${d.nonce}:${nc}:${cnonce}:auth:${hex(a2)}`);
  const response = `charset=utf-8,username="${user}",realm="${d.realm}",nonce="${d.nonce}",nc=${nc},cnonce="${cnonce}",digest-uri="${uri}",response=${kd(`AUTHENTICATE:${uri}`)},qop=auth`;
  return { response, rspauth: kd(`:${uri}`) };
}

describe('TLS and SMTP AUTH', { skip: missingTools(['openssl']) }, () => {
  let t: TestSandbox;

  before(async () => {
    t = await tlsAuthSandbox({ smtps: true });
  });

  after(() => t.close());

  test('STARTTLS with the learner certificate; AUTH only after TLS; the tls event', async () => {
    const c = await RawSmtp.connect(t.h.ports.smtp);
    const e1 = await c.send('EHLO vm');
    assert.ok(e1.lines.includes('250-STARTTLS'));
    assert.ok(!e1.lines.some((l) => l.includes('AUTH')), 'no AUTH before TLS (smtpd_tls_auth_only = yes)');
    assert.equal((await c.send('AUTH PLAIN')).raw, '503 5.5.1 Error: authentication not enabled');
    assert.equal((await c.startTls({ servername: 'mail.aula.test' })).raw, '220 2.0.0 Ready to start TLS');
    const sock = c.socket as import('node:tls').TLSSocket;
    assert.equal(String(sock.getPeerCertificate().subject.CN), 'mail.aula.test');
    const e2 = await c.send('EHLO vm');
    assert.deepEqual(e2.lines, [
      '250-mail.aula.test',
      '250-PIPELINING',
      '250-SIZE 10240000',
      '250-VRFY',
      '250-ETRN',
      '250-AUTH PLAIN LOGIN CRAM-MD5 DIGEST-MD5',
      '250-XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT',
      '250-ENHANCEDSTATUSCODES',
      '250-8BITMIME',
      '250-DSN',
      '250-SMTPUTF8',
      '250 CHUNKING',
    ]);
    assert.equal((await c.send('STARTTLS')).raw, '554 5.5.1 Error: TLS already active');
    await c.quit();
    const tls = eventsOf(t.events(), 'tls').at(-1)!;
    assert.match(tls.protocol, /^TLSv1\.[23]$/);
    assert.equal(tls.starttls, true);
    assert.doesNotMatch(t.log(), /Anonymous TLS connection established/, 'smtpd_tls_loglevel = 0 logs no TLS line');
  });

  test('AUTH PLAIN computed by hand, and a wrong password', async () => {
    const c = await RawSmtp.connect(t.h.ports.smtp);
    await c.send('EHLO vm');
    await c.startTls();
    await c.send('EHLO vm');
    assert.equal((await c.send(`AUTH PLAIN ${b64('\0alumno\0mal')}`)).raw, '535 5.7.8 Error: authentication failed: authentication failure');
    assert.equal((await c.send(`AUTH PLAIN ${b64('\0alumno\0secreto')}`)).raw, '235 2.7.0 Authentication successful');
    assert.equal((await c.send(`AUTH PLAIN ${b64('\0alumno\0secreto')}`)).raw, '503 5.5.1 Error: already authenticated');
    const r = await c.mail('alumno@aula.test', ['alguien@example.com'], 'Subject: relay tras AUTH\r\n\r\nx\r\n');
    assert.equal(r[3].code, 250, 'relay allowed after AUTH');
    await c.quit();
    assert.match(t.log(), /warning: localhost\[127\.0\.0\.1\]: SASL PLAIN authentication failed: authentication failure, sasl_username=alumno/);
    assert.match(t.log(), /client=localhost\[127\.0\.0\.1\], sasl_method=PLAIN, sasl_username=alumno/);
    const auths = eventsOf(t.events(), 'auth').filter((a) => a.mechanism === 'PLAIN');
    assert.deepEqual(
      auths.slice(-2).map((a) => [a.ok, a.username, a.tls]),
      [
        [false, 'alumno', true],
        [true, 'alumno', true],
      ],
    );
    const d = eventsOf(t.events(), 'delivered').find((x) => x.subject === 'relay tras AUTH')!;
    const text = readFileSync(t.ws.resolve(d.path), 'utf8');
    assert.match(text, /\tby mail\.aula\.test \(Postfix\) with ESMTPSA id [0-9A-F]+\n/);
  });

  test('AUTH LOGIN: the challenges are Username: and Password:', async () => {
    const c = await RawSmtp.connect(t.h.ports.smtp);
    await c.send('EHLO vm');
    await c.startTls();
    await c.send('EHLO vm');
    assert.equal((await c.send('AUTH LOGIN')).raw, '334 VXNlcm5hbWU6');
    assert.equal((await c.send(b64('alumno'))).raw, '334 UGFzc3dvcmQ6');
    assert.equal((await c.send(b64('secreto'))).raw, '235 2.7.0 Authentication successful');
    await c.quit();
  });

  test('AUTH CRAM-MD5: <digits.digits@hostname>, answered with HMAC-MD5', async () => {
    const c = await RawSmtp.connect(t.h.ports.smtp);
    await c.send('EHLO vm');
    await c.startTls();
    await c.send('EHLO vm');
    const ch = await c.send('AUTH CRAM-MD5');
    assert.equal(ch.code, 334);
    const challenge = unb64(ch.text);
    assert.match(challenge, /^<\d+\.\d+@mail\.aula\.test>$/);
    const answer = b64(`alumno ${createHmac('md5', 'secreto').update(challenge).digest('hex')}`);
    assert.equal((await c.send(answer)).raw, '235 2.7.0 Authentication successful');
    await c.quit();
    const bad = await RawSmtp.connect(t.h.ports.smtp);
    await bad.send('EHLO vm');
    await bad.startTls();
    await bad.send('EHLO vm');
    const ch2 = unb64((await bad.send('AUTH CRAM-MD5')).text);
    assert.equal((await bad.send(b64(`alumno ${createHmac('md5', 'otra').update(ch2).digest('hex')}`))).code, 535);
    assert.equal((await bad.send('AUTH CRAM-MD5')).code, 334);
    assert.equal((await bad.send('*')).raw, '501 5.7.0 Authentication aborted');
    assert.equal((await bad.send('AUTH FOO')).raw, '535 5.7.8 Error: authentication failed: no mechanism available');
    assert.equal((await bad.send('AUTH PLAIN !!!')).raw, '535 5.7.8 Error: authentication failed: another step is needed in authentication');
    assert.equal((await bad.send('AUTH PLAIN !!!!')).raw, '535 5.7.8 Error: authentication failed: bad protocol / cancel');
    await bad.quit();
  });

  test('AUTH DIGEST-MD5 (RFC 2831): the challenge, rspauth, then 235', async () => {
    const c = await RawSmtp.connect(t.h.ports.smtp);
    await c.send('EHLO vm');
    await c.startTls();
    await c.send('EHLO vm');
    const ch = await c.send('AUTH DIGEST-MD5');
    assert.equal(ch.code, 334);
    const challenge = unb64(ch.text);
    assert.match(challenge, /^nonce="[^"]+",realm="mail\.aula\.test",qop="auth",charset=utf-8,algorithm=md5-sess$/);
    const { response, rspauth } = digestResponse(challenge, 'alumno', 'secreto', 'smtp/mail.aula.test');
    const r2 = await c.send(b64(response));
    assert.equal(r2.code, 334);
    assert.equal(unb64(r2.text), `rspauth=${rspauth}`, 'the server proves it knows the password too');
    assert.equal((await c.send('')).raw, '235 2.7.0 Authentication successful');
    await c.quit();
    const bad = await RawSmtp.connect(t.h.ports.smtp);
    await bad.send('EHLO vm');
    await bad.startTls();
    await bad.send('EHLO vm');
    const ch2 = unb64((await bad.send('AUTH DIGEST-MD5')).text);
    assert.equal((await bad.send(b64(digestResponse(ch2, 'alumno', 'mala', 'smtp/mail.aula.test').response))).raw, '535 5.7.8 Error: authentication failed: authentication failure');
    await bad.quit();
  });

  test('the submission service of master.cf (-o smtpd_tls_security_level=encrypt) requires STARTTLS', async () => {
    const c = await RawSmtp.connect(t.h.ports.submission);
    await c.send('EHLO vm');
    assert.equal((await c.send('MAIL FROM:<a@example.net>')).raw, '530 5.7.0 Must issue a STARTTLS command first');
    assert.equal((await c.send('NOOP')).raw, '250 2.0.0 Ok');
    await c.startTls();
    assert.ok((await c.send('EHLO vm')).lines.includes('250-AUTH PLAIN LOGIN CRAM-MD5 DIGEST-MD5'));
    assert.equal((await c.send('MAIL FROM:<a@example.net>')).raw, '250 2.1.0 Ok');
    await c.quit();
    await waitEvent(t, (e) => e.type === 'disconnect' && e.session === eventsOf(t.events(), 'connect').filter((x) => x.listener === 'submission').at(-1)?.session);
    assert.match(t.log(), /postfix\/submission\/smtpd\[\d+\]: connect from localhost\[127\.0\.0\.1\]/);
  });

  test('implicit TLS on the SMTPS port', async () => {
    const c = await RawSmtp.connectTls(t.h.ports.smtps, { servername: 'mail.aula.test' });
    assert.equal(c.banner.raw, '220 mail.aula.test ESMTP Postfix (Debian/GNU)');
    const e = await c.send('EHLO vm');
    assert.ok(!e.lines.includes('250-STARTTLS'));
    assert.ok(e.lines.includes('250-AUTH PLAIN LOGIN CRAM-MD5 DIGEST-MD5'));
    await c.quit();
    const tls = eventsOf(t.events(), 'tls').find((x) => x.listener === 'smtps')!;
    assert.equal(tls.starttls, false);
  });

  test('noplaintext hides PLAIN and LOGIN without TLS; smtpd_sasl_tls_security_options brings them back', async () => {
    t.mainCf('smtpd_tls_auth_only = no\nsmtpd_sasl_security_options = noanonymous, noplaintext\nsmtpd_sasl_tls_security_options = noanonymous');
    assert.equal((await t.h.reload()).state, 'ok');
    const c = await RawSmtp.connect(t.h.ports.smtp);
    assert.ok((await c.send('EHLO vm')).lines.includes('250-AUTH CRAM-MD5 DIGEST-MD5'));
    // Postfix 3.7.11 with Cyrus: the mechanism exists but the security options filter it out
    assert.equal((await c.send(`AUTH PLAIN ${b64('\0alumno\0secreto')}`)).raw, '535 5.7.8 Error: authentication failed: encryption needed to use mechanism');
    await c.startTls();
    assert.ok((await c.send('EHLO vm')).lines.includes('250-AUTH PLAIN LOGIN CRAM-MD5 DIGEST-MD5'));
    assert.equal((await c.send(`AUTH PLAIN ${b64('\0alumno\0secreto')}`)).code, 235);
    await c.quit();
    t.mainCf('smtpd_tls_auth_only = yes\nsmtpd_sasl_security_options = noanonymous\nsmtpd_tls_loglevel = 1\nsmtpd_tls_received_header = yes');
    assert.equal((await t.h.reload()).state, 'ok');
  });

  test('smtpd_tls_loglevel = 1 and smtpd_tls_received_header = yes show the TLS details', async () => {
    const c = await RawSmtp.connect(t.h.ports.smtp);
    await c.send('EHLO vm');
    await c.startTls();
    await c.send('EHLO vm');
    const r = await c.mail('a@example.net', ['alumno@aula.test'], 'Subject: por TLS\r\n\r\nx\r\n');
    assert.equal(r[3].code, 250);
    await c.quit();
    assert.match(
      t.log(),
      /Anonymous TLS connection established from localhost\[127\.0\.0\.1\]: TLSv1\.3 with cipher TLS_AES_256_GCM_SHA384 \(256\/256 bits\) key-exchange X25519 server-signature RSA-PSS \(2048 bits\) server-digest SHA256/,
    );
    const d = eventsOf(t.events(), 'delivered').find((x) => x.subject === 'por TLS')!;
    assert.equal(d.tls, true);
    assert.match(
      readFileSync(t.ws.resolve(d.path), 'utf8'),
      /Received: from vm \(localhost \[127\.0\.0\.1\]\)\n\t\(using TLSv1\.3 with cipher TLS_AES_256_GCM_SHA384 \(256\/256 bits\)\n\t key-exchange X25519 server-signature RSA-PSS \(2048 bits\) server-digest SHA256\)\n\t\(No client certificate requested\)\n\tby mail\.aula\.test \(Postfix\) with ESMTPS id [0-9A-F]+\n\tfor <alumno@aula\.test>;/,
    );
  });

  test('a new password works at once (no reload)', async () => {
    setPassword(t.ws, 'pepe', 'nueva', [t.ws.vars.hostname, '']);
    const c = await RawSmtp.connect(t.h.ports.smtp);
    await c.send('EHLO vm');
    await c.startTls();
    await c.send('EHLO vm');
    assert.equal((await c.send(`AUTH PLAIN ${b64('\0pepe\0nueva')}`)).code, 235);
    await c.quit();
  });

  for (const mech of ['PLAIN', 'LOGIN', 'CRAM-MD5', 'DIGEST-MD5']) {
    test(`swaks --auth ${mech} over STARTTLS`, { skip: missingTools(['swaks']) }, async () => {
      const r = await run('swaks', ['--server', '127.0.0.1', '--port', String(t.h.ports.smtp), '--ehlo', 'vm', '--tls', '--auth', mech, '--auth-user', 'alumno', '--auth-password', 'secreto', '--from', 'alumno@aula.test', '--to', 'alumno@aula.test', '--header', `Subject: swaks ${mech}`]);
      assert.match(r.stdout, /<~ {2}235 2\.7\.0 Authentication successful/, r.stdout + r.stderr);
      assert.match(r.stdout, /<~ {2}250 2\.0\.0 Ok: queued as [0-9A-F]+/);
      const a = eventsOf(t.events(), 'auth').filter((x) => x.mechanism === mech && x.ok);
      assert.ok(a.length > 0);
    });
  }

  test('swaks --xclient-addr: an outside host is refused relay, logged as Postfix does', { skip: missingTools(['swaks']) }, async () => {
    const r = await run('swaks', ['--server', '127.0.0.1', '--port', String(t.h.ports.smtp), '--ehlo', 'vm', '--xclient-addr', '203.0.113.7', '--from', 'spam@example.net', '--to', 'victima@example.com']);
    assert.match(r.stdout, /554 5\.7\.1 <victima@example\.com>: Relay access denied/, r.stdout);
    assert.match(t.log(), /NOQUEUE: reject: RCPT from localhost\[203\.0\.113\.7\]: 554 5\.7\.1 <victima@example\.com>: Relay access denied; from=<spam@example\.net> to=<victima@example\.com> proto=ESMTP helo=<vm>/);
  });

  test('openssl s_client -starttls smtp sees the certificate; the session is in the log', async () => {
    const r = await run('openssl', ['s_client', '-connect', `127.0.0.1:${t.h.ports.smtp}`, '-starttls', 'smtp', '-servername', 'mail.aula.test', '-crlf', '-ign_eof'], { input: 'EHLO openssl.test\nQUIT\n', timeoutMs: 20_000 });
    assert.match(r.stdout + r.stderr, /CN ?= ?mail\.aula\.test/);
    assert.match(r.stdout, /250-AUTH PLAIN LOGIN CRAM-MD5 DIGEST-MD5/);
    const cmd = await waitEvent(t, (e) => e.type === 'command' && e.line === 'EHLO openssl.test');
    assert.ok(cmd, 'the learner\'s EHLO after STARTTLS is in the event log');
    const ev = t.events().filter((e) => e.session === cmd!.session).map((e) => e.type);
    assert.ok(ev.indexOf('tls') < ev.lastIndexOf('command'), 'EHLO came after the TLS handshake');
  });

  test('garbage instead of a TLS handshake: logged as Postfix does, and the sandbox keeps serving', async () => {
    const c = await RawSmtp.connect(t.h.ports.smtp);
    await c.send('EHLO vm');
    assert.equal((await c.send('STARTTLS')).code, 220);
    c.write('this is not a TLS client hello\r\n'.repeat(4));
    assert.ok(await c.closedPromise());
    const raw = await import('node:net');
    const s = raw.connect(t.h.ports.smtps, '127.0.0.1');
    s.on('error', () => undefined);
    s.write('EHLO plain text on the SMTPS port\r\n');
    await new Promise((r) => s.on('close', r));
    const ok = await RawSmtp.connect(t.h.ports.smtp);
    await ok.send('EHLO vm');
    assert.equal((await ok.mail('a@example.net', ['alumno@aula.test'], 'Subject: after garbage\r\n\r\nx\r\n'))[3].code, 250);
    await ok.quit();
    assert.match(t.log(), /SSL_accept error from localhost\[127\.0\.0\.1\]: -1\n.*warning: TLS library problem: error:[0-9A-F]+:SSL routines:/);
    assert.match(t.log(), /lost connection after STARTTLS from localhost\[127\.0\.0\.1\]/);
    // a STARTTLS whose handshake fails is not a success
    assert.match(t.log(), /disconnect from localhost\[127\.0\.0\.1\] ehlo=1 starttls=0\/1 commands=1\/2\n/);
    assert.equal(eventsOf(t.events(), 'tlsError').filter((e) => e.listener === 'smtp').length, 1);
  });

  test('a client that hangs up before its TLS handshake: SSL_accept error ...: lost connection, starttls=0/1 (Postfix 3.7.11)', async () => {
    const from = t.log().length;
    const c = await RawSmtp.connect(t.h.ports.smtp);
    await c.send('EHLO vm');
    assert.equal((await c.send('MAIL FROM:<a@example.net>')).code, 250);
    assert.equal((await c.send('STARTTLS')).code, 220);
    c.destroy();
    const log = await waitLog(t, /starttls=0\/1 mail=1 commands=2\/3\n/, from);
    assert.match(log, /SSL_accept error from localhost\[127\.0\.0\.1\]: lost connection\n/);
    assert.match(log, /disconnect from localhost\[127\.0\.0\.1\] ehlo=1 starttls=0\/1 mail=1 commands=2\/3\n/);
  });

  test('a broken certificate is refused on reload, the old TLS context keeps serving', async () => {
    writeFileSync(t.ws.resolve('/etc/ssl/certs/broken.crt'), 'not a certificate\n');
    t.mainCf('smtpd_tls_cert_file = /etc/ssl/certs/broken.crt');
    const st = await t.h.reload();
    assert.equal(st.state, 'error');
    assert.match(st.issues.join('\n'), /cannot get RSA certificate from file "\/etc\/ssl\/certs\/broken\.crt": it is not a PEM certificate/);
    const c = await RawSmtp.connect(t.h.ports.smtp);
    await c.send('EHLO vm');
    assert.equal((await c.startTls()).code, 220);
    assert.equal((await c.send('EHLO vm')).code, 250);
    await c.quit();
    assert.match(t.log(), /postfix\/postfix-script\[\d+\]: fatal: \/etc\/postfix\/main\.cf, line \d+: cannot get RSA certificate/);
  });
});

// What a real Postfix 3.7.11 did when smtpd_tls_key_file names a missing file or a key that is
// not the certificate's (the capstone's TLS faults): the reload goes through, each new smtpd
// logs these warnings, EHLO still offers STARTTLS and STARTTLS is answered 454 4.7.0.
describe('TLS key that smtpd cannot use', { skip: missingTools(['openssl']) }, () => {
  let t: TestSandbox;
  let c: { cert: string; key: string };
  before(async () => {
    t = await testSandbox({ start: { limits: { timeoutMs: 5000 } } });
    c = makeCert(t.ws)!;
    t.mainCf(tlsAuthConfig(t.ws, c));
    assert.equal((await t.h.reload()).state, 'ok');
  });
  after(() => t.close());

  const cases = [
    {
      name: 'a key file that does not exist',
      key: () => '/etc/ssl/private/mail.key',
      warnings: [
        'warning: cannot get RSA private key from file "/etc/ssl/private/mail.key": disabling TLS support',
        'warning: TLS library problem: error:80000002:system library::No such file or directory:../crypto/bio/bss_file.c:308:calling fopen(/etc/ssl/private/mail.key, r):',
        'warning: TLS library problem: error:10080002:BIO routines::system lib:../crypto/bio/bss_file.c:311:',
        'warning: TLS library problem: error:0A080002:SSL routines::system lib:../ssl/ssl_rsa.c:368:',
      ],
    },
    {
      name: 'a key that is not the certificate one',
      key: () => makeCert(t.ws, { cert: '/etc/ssl/certs/other.crt', key: '/etc/ssl/private/other.key' })!.key,
      warnings: (k: string) => [
        `warning: cannot get RSA private key from file "${k}": disabling TLS support`,
        'warning: TLS library problem: error:05800074:x509 certificate routines::key values mismatch:../crypto/x509/x509_cmp.c:403:',
      ],
    },
  ];
  for (const k of cases)
    test(`${k.name}: the reload goes through, STARTTLS is offered and answered 454 4.7.0`, async () => {
      const key = k.key();
      t.mainCf(`${tlsAuthConfig(t.ws, c)}\nsmtpd_tls_key_file = ${key}`);
      const st = await t.h.reload();
      assert.equal(st.state, 'ok', st.issues.join('\n'));
      const from = t.log().length;
      const s = await RawSmtp.connect(t.h.ports.smtp);
      assert.ok((await s.send('EHLO pc.example.net')).lines.includes('250-STARTTLS'));
      assert.equal((await s.send('STARTTLS')).raw, '454 4.7.0 TLS not available due to local problem');
      assert.equal((await s.send('MAIL FROM:<a@example.net>')).code, 250);
      await s.quit();
      const log = await waitLog(t, /disconnect from .* ehlo=1 starttls=0\/1 mail=1 quit=1 commands=3\/4\n/, from);
      const lines = log.split('\n').map((l) => l.replace(/^.*?postfix\/smtpd\[\d+\]: /, ''));
      const warnings = typeof k.warnings === 'function' ? k.warnings(key) : k.warnings;
      const at = lines.indexOf(warnings[0]);
      assert.ok(at >= 0, log);
      assert.deepEqual(lines.slice(at, at + warnings.length + 1), [...warnings, 'connect from localhost[127.0.0.1]']);
    });
});
