// POP3 over raw sockets: Dovecot's replies before and after STLS, the logins, and the
// maildrop (UIDL, TOP, DELE/RSET/QUIT) on the Maildir the SMTP side delivers to.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { RawPop3 } from '../../helpers/pop3.js';
import { tlsAuthSandbox, sleep, type TestSandbox } from '../../helpers/sandbox.js';
import { missingTools } from '../../prove/env.js';
import { writeToMaildir } from '../../../src/sandbox/auth/deliver.js';

const skip = missingTools(['openssl']);
let t: TestSandbox;

const MAIL = 'From: a@example.net\nTo: alumno@aula.test\nSubject: hola\n\nline one\n.dot line\nline three\n';

before(async () => {
  if (skip) return;
  t = await tlsAuthSandbox();
});

after(() => t?.close());

const newDir = () => t.ws.resolve('var/mail/alumno/Maildir/new');
const files = () => (existsSync(newDir()) ? readdirSync(newDir()) : []);

async function secured(): Promise<RawPop3> {
  const c = await RawPop3.connect(t.h.ports.pop3);
  assert.equal(await c.stls(), '+OK Begin TLS negotiation now.');
  return c;
}

test('the greeting and CAPA before TLS: STLS offered, USER and the plaintext mechanisms not (disable_plaintext_auth)', { skip }, async () => {
  const c = await RawPop3.connect(t.h.ports.pop3);
  assert.equal(c.greeting, '+OK Dovecot (Debian) ready.');
  const capa = await c.multiCmd('CAPA');
  assert.equal(capa.status, '+OK');
  assert.deepEqual(capa.lines, ['CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE', 'STLS', 'SASL']);
  assert.equal(await c.cmd('USER alumno'), '-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.');
  assert.equal(await c.cmd('PASS secreto'), '-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.');
  assert.equal(await c.login(), '-ERR [AUTH] Plaintext authentication disabled.');
  assert.equal(await c.cmd('QUIT'), '+OK Logging out');
  await c.waitClosed();
  await sleep(50);
  assert.match(
    t.log(),
    / dovecot: pop3-login: Disconnected: Aborted login by logging out \(tried to use disallowed plaintext auth\): user=<alumno>, method=PLAIN, rip=127\.0\.0\.1, lip=127\.0\.0\.1, session=<[A-Za-z0-9+/]{16}>$/m,
  );
});

test('after STLS: CAPA without STLS, with USER and SASL PLAIN LOGIN; USER/PASS logs in', { skip }, async () => {
  const c = await secured();
  const capa = await c.multiCmd('CAPA');
  assert.deepEqual(capa.lines, ['CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE', 'USER', 'SASL PLAIN LOGIN']);
  assert.equal(await c.cmd('STLS'), '-ERR TLS is already active.');
  assert.equal(await c.cmd('USER alumno'), '+OK');
  assert.equal(await c.cmd('PASS secreto'), '+OK Logged in.');
  assert.deepEqual((await c.multiCmd('CAPA')).lines, ['CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE']);
  assert.equal(await c.cmd('QUIT'), '+OK Logging out.');
  await c.waitClosed();
  await sleep(50);
  assert.match(t.log(), / dovecot: pop3-login: Login: user=<alumno>, method=PLAIN, rip=127\.0\.0\.1, lip=127\.0\.0\.1, mpid=\d+, TLS, session=<[A-Za-z0-9+/]{16}>$/m);
  assert.match(t.log(), / dovecot: pop3\(alumno\)<\d+><[A-Za-z0-9+/]{16}>: Disconnected: Logged out top=0\/0, retr=0\/0, del=0\/\d+, size=\d+$/m);
});

test('AUTH PLAIN without an initial response, AUTH LOGIN, a wrong password and a cancelled exchange', { skip }, async () => {
  const c = await secured();
  assert.equal(await c.cmd('AUTH PLAIN'), '+ ');
  assert.equal(await c.cmd(Buffer.from('\0alumno\0mal').toString('base64')), '-ERR [AUTH] Authentication failed.');
  assert.equal(await c.cmd('AUTH LOGIN'), '+ VXNlcm5hbWU6');
  assert.equal(await c.cmd('*'), '-ERR Authentication aborted by client.');
  assert.equal(await c.cmd('AUTH CRAM-MD5'), '-ERR [AUTH] Unsupported authentication mechanism.');
  assert.equal(await c.cmd('AUTH LOGIN'), '+ VXNlcm5hbWU6');
  assert.equal(await c.cmd(Buffer.from('alumno').toString('base64')), '+ UGFzc3dvcmQ6');
  assert.equal(await c.cmd(Buffer.from('secreto').toString('base64')), '+OK Logged in.');
  assert.equal(await c.cmd('QUIT'), '+OK Logging out.');

  // Dovecot's auth_failure_delay: the -ERR for a wrong password comes 2 seconds later
  const d = await secured();
  const asked = Date.now();
  assert.equal(await d.login('alumno', 'mal'), '-ERR [AUTH] Authentication failed.');
  assert.ok(Date.now() - asked >= 1900, `answered after ${Date.now() - asked} ms`);
  d.destroy();
  await sleep(100);
  assert.match(
    t.log(),
    / dovecot: pop3-login: Disconnected: Connection closed \(auth failed, 1 attempts in 2 secs\): user=<alumno>, method=PLAIN, rip=127\.0\.0\.1, lip=127\.0\.0\.1, TLS: Connection closed, session=<[A-Za-z0-9+/]{16}>$/m,
  );
});

test('the maildrop: STAT, LIST, UIDL stable across sessions, TOP n 0, RETR dot-stuffed with CRLF', { skip }, async () => {
  writeToMaildir(t.ws, 'alumno', MAIL);
  const c = await secured();
  assert.equal(await c.login(), '+OK Logged in.');
  const stat = await c.cmd('STAT');
  const m = /^\+OK (\d+) (\d+)$/.exec(stat);
  assert.ok(m, stat);
  const n = Number(m[1]);
  const list = await c.multiCmd('LIST');
  assert.equal(list.status, `+OK ${n} messages:`);
  const size = Number(list.lines[n - 1].split(' ')[1]);
  // with CRLF line ends: one more octet per line
  assert.equal(size, Buffer.byteLength(MAIL) + MAIL.split('\n').length - 1);
  const uidl1 = await c.multiCmd('UIDL');
  assert.equal(uidl1.status, '+OK');
  assert.equal(uidl1.lines.length, n);
  assert.match(uidl1.lines[n - 1], new RegExp(`^${n} [\\x21-\\x7e]{1,70}$`));
  assert.equal(await c.cmd(`UIDL ${n}`), `+OK ${uidl1.lines[n - 1]}`);
  const top = await c.multiCmd(`TOP ${n} 0`);
  assert.equal(top.status, '+OK');
  assert.deepEqual(top.lines, ['From: a@example.net', 'To: alumno@aula.test', 'Subject: hola', '']);
  const retr = await c.multiCmd(`RETR ${n}`);
  assert.equal(retr.status, `+OK ${size} octets`);
  assert.deepEqual(retr.lines.slice(-3), ['line one', '.dot line', 'line three']);
  assert.equal(await c.cmd(`RETR ${n + 1}`), `-ERR There's no message ${n + 1}.`);
  assert.equal(await c.cmd('RETR x'), '-ERR Invalid message number: x');
  assert.equal(await c.cmd('TOP 1'), '-ERR Noise after message number: ');
  assert.equal(await c.cmd('FOO'), '-ERR Unknown command: FOO');
  assert.equal(await c.cmd('QUIT'), '+OK Logging out.');
  // the file is still there, and the next session sees the same UIDL
  const again = await secured();
  assert.equal(await again.login(), '+OK Logged in.');
  assert.deepEqual((await again.multiCmd('UIDL')).lines, uidl1.lines);
  assert.equal(await again.cmd('QUIT'), '+OK Logging out.');
  await sleep(50);
  assert.match(t.log(), /: Disconnected: Logged out top=1\/\d+, retr=1\/\d+, del=0\/\d+, size=\d+$/m);
});

test('DELE then RSET keeps the message; DELE then QUIT removes it; a dropped connection deletes nothing', { skip }, async () => {
  writeToMaildir(t.ws, 'alumno', MAIL);
  const before = files().length;
  const c = await secured();
  assert.equal(await c.login(), '+OK Logged in.');
  assert.equal(await c.cmd('DELE 1'), '+OK Marked to be deleted.');
  assert.equal(await c.cmd('DELE 1'), '-ERR Message is deleted.');
  assert.equal(await c.cmd('RETR 1'), '-ERR Message is deleted.');
  assert.equal(await c.cmd('RSET'), '+OK');
  assert.match(await c.cmd('RETR 1'), /^\+OK \d+ octets$/);
  while ((await c.line()) !== '.');
  assert.equal(await c.cmd('DELE 1'), '+OK Marked to be deleted.');
  c.destroy();
  await sleep(100);
  assert.equal(files().length, before, 'no QUIT, no UPDATE: nothing is deleted');
  assert.match(t.log(), /: Disconnected: Connection closed top=0\/0, retr=1\/\d+, del=0\/\d+, size=\d+$/m);

  const d = await secured();
  assert.equal(await d.login(), '+OK Logged in.');
  const [, count, total] = (await d.cmd('STAT')).split(' ').map(Number);
  const first = Number((await d.cmd('LIST 1')).split(' ')[2]);
  assert.equal(await d.cmd('DELE 1'), '+OK Marked to be deleted.');
  assert.equal(await d.cmd('STAT'), `+OK ${count - 1} ${total - first}`);
  assert.equal(await d.cmd('QUIT'), '+OK Logging out, messages deleted.');
  await d.waitClosed();
  assert.equal(files().length, before - 1);
  await sleep(50);
  assert.match(t.log(), /: Disconnected: Logged out top=0\/0, retr=0\/0, del=1\/\d+, size=\d+$/m);
});

test('POP3S: implicit TLS, USER offered at once; every listener is on 127.0.0.1 only', { skip }, async () => {
  const c = await RawPop3.connect(t.h.ports.pop3s, { tls: true });
  assert.equal(c.greeting, '+OK Dovecot (Debian) ready.');
  const capa = await c.multiCmd('CAPA');
  assert.ok(!capa.lines.includes('STLS'));
  assert.ok(capa.lines.includes('USER'));
  assert.equal(await c.login(), '+OK Logged in.');
  assert.equal(await c.cmd('QUIT'), '+OK Logging out.');
  // the same ports on another local address: nothing listens there
  for (const port of [t.h.ports.pop3, t.h.ports.pop3s]) {
    const refused = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.2');
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
    });
    assert.ok(refused, `port ${port} answers on 127.0.0.2`);
  }
});

test('before login: three unknown commands end the session as pop3-login does', { skip }, async () => {
  const c = await RawPop3.connect(t.h.ports.pop3);
  assert.equal(await c.cmd('HELO'), '-ERR Unknown command.');
  assert.equal(await c.cmd('LIST'), '-ERR Unknown command.');
  c.write('RETR 1\r\n');
  assert.equal(await c.line(), '-ERR Unknown command.');
  assert.equal(await c.line(), '-ERR Too many invalid bad commands.');
  await c.waitClosed();
  assert.ok(c.closed);
  await sleep(50);
  assert.match(t.log(), /pop3-login: Disconnected: Disconnected: Too many bad commands \(no auth attempts in \d+ secs\): user=<>, rip=127\.0\.0\.1, lip=127\.0\.0\.1, session=<[^>]+>$/m);
});
