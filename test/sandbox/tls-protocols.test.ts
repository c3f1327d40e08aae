// smtpd_tls_protocols (opportunistic TLS) and smtpd_tls_mandatory_protocols (TLS required: level
// encrypt or wrapper mode), as Postfix 3.7.11 applies them; and Dovecot named as the SASL back end,
// for which the sandbox's own SASL stands in.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { RawSmtp } from '../helpers/smtp.js';
import { tlsAuthSandbox, waitLog, type TestSandbox } from '../helpers/sandbox.js';
import { missingTools, run } from '../prove/env.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');


/** STARTTLS with the client limited to one TLS version: the protocol agreed, or the handshake's failure. */
async function handshake(port: number, version: 'TLSv1.2' | 'TLSv1.3'): Promise<string> {
  const c = await RawSmtp.connect(port);
  await c.send('EHLO vm');
  try {
    await c.startTls({ minVersion: version, maxVersion: version });
    const proto = (c.socket as import('node:tls').TLSSocket).getProtocol() ?? '?';
    await c.quit();
    return proto;
  } catch (e) {
    c.destroy();
    return `failed: ${(e as Error).message}`;
  }
}

describe('TLS protocols and the SASL back end', { skip: missingTools(['openssl']) }, () => {
  let t: TestSandbox;

  before(async () => {
    t = await tlsAuthSandbox();
  });

  after(() => t.close());

  test("the lesson's >=TLSv1.2: an openssl client asking for TLS 1.1 is refused as Postfix 3.7.11 logs it", async () => {
    t.mainCf('smtpd_tls_protocols = >=TLSv1.2\nsmtpd_tls_mandatory_protocols = >=TLSv1.2');
    assert.equal((await t.h.reload()).state, 'ok');
    const from = t.log().length;
    const r = await run(
      'openssl',
      ['s_client', '-starttls', 'smtp', '-connect', `127.0.0.1:${t.h.ports.smtp}`, '-tls1_1', '-cipher', 'DEFAULT:@SECLEVEL=0'],
      { input: 'QUIT\n', timeoutMs: 20_000 },
    );
    assert.match(r.stdout + r.stderr, /alert protocol version/);
    const log = await waitLog(t, /disconnect from .*starttls=0\/1/, from);
    // Postfix 3.7.11 on Debian 12: "warning: TLS library problem: error:0A000102:SSL routines::unsupported protocol:../ssl/statem/statem_srvr.c:1664:"
    assert.match(log, /SSL_accept error from localhost\[127\.0\.0\.1\]: -1\n.*warning: TLS library problem: error:0A000102:SSL routines::unsupported protocol:\.\.\/ssl\/statem\/statem_srvr\.c:\d+:\n/);
    assert.equal(await handshake(t.h.ports.smtp, 'TLSv1.2'), 'TLSv1.2');
  });

  test('>=TLSv1.3 on opportunistic TLS refuses TLS 1.2 on port 25; the submission port (encrypt) follows the mandatory list', async () => {
    t.mainCf('smtpd_tls_protocols = >=TLSv1.3\nsmtpd_tls_mandatory_protocols = >=TLSv1');
    assert.equal((await t.h.reload()).state, 'ok');
    assert.match(await handshake(t.h.ports.smtp, 'TLSv1.2'), /^failed/);
    assert.equal(await handshake(t.h.ports.smtp, 'TLSv1.3'), 'TLSv1.3');
    assert.equal(await handshake(t.h.ports.submission, 'TLSv1.2'), 'TLSv1.2');
    t.mainCf('smtpd_tls_protocols = >=TLSv1.2\nsmtpd_tls_mandatory_protocols = >=TLSv1.3');
    assert.equal((await t.h.reload()).state, 'ok');
    assert.equal(await handshake(t.h.ports.smtp, 'TLSv1.2'), 'TLSv1.2');
    assert.match(await handshake(t.h.ports.submission, 'TLSv1.2'), /^failed/);
  });

  test('smtpd_sasl_type = dovecot with its socket: the sandbox SASL answers as it does for Cyrus', async () => {
    t.mainCf('smtpd_tls_mandatory_protocols = >=TLSv1.2\nsmtpd_sasl_type = dovecot\nsmtpd_sasl_path = private/auth');
    assert.equal((await t.h.reload()).state, 'ok');
    const c = await RawSmtp.connect(t.h.ports.smtp);
    await c.send('EHLO vm');
    await c.startTls();
    assert.ok((await c.send('EHLO vm')).lines.some((l) => /^250-AUTH PLAIN LOGIN/.test(l)));
    assert.equal((await c.send(`AUTH PLAIN ${b64('\0alumno\0secreto')}`)).code, 235);
    await c.quit();
  });
});
