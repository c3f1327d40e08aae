// Real clients against the POP3 listeners: curl (pop3:// with STLS, pop3s://) lists, fetches
// and asks for UIDLs; openssl s_client speaks STLS and implicit TLS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { tlsAuthSandbox, testSandbox, sleep, type TestSandbox } from '../../helpers/sandbox.js';
import { missingTools } from '../../prove/env.js';
import { writeToMaildir } from '../../../src/sandbox/auth/deliver.js';
import { RawPop3 } from '../../helpers/pop3.js';

const run = promisify(execFile);
const skip = missingTools(['curl', 'openssl']);
let t: TestSandbox;

const MAIL = 'From: profesor@aula.test\nTo: alumno@aula.test\nSubject: para curl\n\nHola desde el sandbox.\n';

before(async () => {
  if (skip) return;
  t = await tlsAuthSandbox();
  writeToMaildir(t.ws, 'alumno', MAIL);
});

after(() => t?.close());

const curl = (args: string[]) => run('curl', ['-s', '-S', '--max-time', '10', '-k', '-u', 'alumno:secreto', ...args], { timeout: 15_000 });

test('curl pop3:// with --ssl-reqd: STLS, then the list, the message and the UIDLs', { skip }, async () => {
  const base = `pop3://127.0.0.1:${t.h.ports.pop3}`;
  const list = await curl(['--ssl-reqd', `${base}/`]);
  assert.match(list.stdout, /^1 \d+\r?$/m);
  const retr = await curl(['--ssl-reqd', `${base}/1`]);
  assert.match(retr.stdout, /Subject: para curl/);
  assert.match(retr.stdout, /Hola desde el sandbox\./);
  const uidl = await curl(['--ssl-reqd', '-X', 'UIDL', `${base}/`]);
  assert.match(uidl.stdout, /^1 [\x21-\x7e]+\r?$/m);
  await sleep(50);
  assert.match(t.log(), /dovecot: pop3-login: Login: user=<alumno>, method=PLAIN, rip=127\.0\.0\.1, lip=127\.0\.0\.1, mpid=\d+, TLS, session=</);
  // the message is still there: curl never sends DELE
  assert.match((await curl(['--ssl-reqd', `${base}/`])).stdout, /^1 \d+\r?$/m);
});

test('curl pop3:// without TLS cannot log in: the server offers no plaintext login before STLS', { skip }, async () => {
  const r = await curl([`pop3://127.0.0.1:${t.h.ports.pop3}/`]).then(
    () => undefined,
    (e: { code?: number; stderr?: string }) => e,
  );
  assert.ok(r, 'curl logged in without TLS');
});

test('curl pop3s:// (implicit TLS) lists and fetches', { skip }, async () => {
  const base = `pop3s://127.0.0.1:${t.h.ports.pop3s}`;
  assert.match((await curl([`${base}/`])).stdout, /^1 \d+\r?$/m);
  assert.match((await curl([`${base}/1`])).stdout, /Hola desde el sandbox\./);
});

test('openssl s_client -starttls pop3 and -connect on pop3s see Dovecot and the learner certificate', { skip }, async () => {
  const s = (args: string[], input: string) =>
    new Promise<string>((resolve) => {
      const p = execFile('openssl', ['s_client', ...args, '-crlf', '-quiet'], { timeout: 15_000 }, (_e, stdout, stderr) => resolve(stdout + stderr));
      p.stdin!.write(input);
      setTimeout(() => p.stdin!.end(), 1500);
    });
  const starttls = await s(['-starttls', 'pop3', '-connect', `127.0.0.1:${t.h.ports.pop3}`], 'CAPA\nQUIT\n');
  assert.match(starttls, /CN ?= ?mail\.aula\.test/);
  assert.match(starttls, /^USER\r?$/m);
  assert.match(starttls, /^SASL PLAIN LOGIN\r?$/m);
  assert.match(starttls, /\+OK Logging out/);
  const implicit = await s(['-connect', `127.0.0.1:${t.h.ports.pop3s}`], 'QUIT\n');
  assert.match(implicit, /\+OK Dovecot \(Debian\) ready\./);
  assert.match(implicit, /\+OK Logging out/);
});

test('without a certificate: no STLS in CAPA, STLS refused as with ssl = no, pop3s drops the client', async () => {
  const u = await testSandbox();
  try {
    const c = await RawPop3.connect(u.h.ports.pop3);
    const capa = await c.multiCmd('CAPA');
    assert.ok(!capa.lines.includes('STLS'));
    assert.equal(await c.cmd('STLS'), "-ERR TLS support isn't enabled.");
    assert.equal(await c.cmd('USER alumno'), '-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.');
    c.destroy();
    const closed = await new Promise<boolean>((resolve) => {
      const s = tls.connect({ port: u.h.ports.pop3s, host: '127.0.0.1', rejectUnauthorized: false });
      s.once('secureConnect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
      s.once('close', () => resolve(true));
    });
    assert.ok(closed, 'pop3s finished a handshake without a certificate');
    await sleep(50);
    assert.match(u.log(), /mailsec\/pop3\[\d+\]: warning: pop3s connection from 127\.0\.0\.1 dropped: no usable certificate/);
  } finally {
    await u.close();
  }
});

const noPython = missingTools(['python3']);
test("Python's poplib: stls() then USER/PASS, and POP3_SSL, list and fetch; USER before TLS is refused", { skip: skip || noPython }, async () => {
  const script = `
import poplib, ssl, sys
port, ports = int(sys.argv[1]), int(sys.argv[2])
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
p = poplib.POP3('127.0.0.1', port)
try:
    p.user('alumno'); print('plain-user-accepted')
except poplib.error_proto as e:
    print('plain-refused', e)
p.stls(context=ctx); p.user('alumno'); p.pass_('secreto')
print('stat', p.stat()[0]); print(b'\\n'.join(p.retr(1)[1]).decode())
p.quit()
s = poplib.POP3_SSL('127.0.0.1', ports, context=ctx); s.user('alumno'); s.pass_('secreto')
print('ssl-list', len(s.list()[1])); s.quit()
`;
  const r = await run('python3', ['-c', script, String(t.h.ports.pop3), String(t.h.ports.pop3s)], { timeout: 20_000 });
  assert.match(r.stdout, /^plain-refused b'-ERR \[AUTH\] Plaintext authentication disallowed on non-secure \(SSL\/TLS\) connections\.'$/m);
  assert.match(r.stdout, /^stat 1$/m);
  assert.match(r.stdout, /Hola desde el sandbox\./);
  assert.match(r.stdout, /^ssl-list 1$/m);
});
