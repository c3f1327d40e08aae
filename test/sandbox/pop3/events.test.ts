// What POP3 sessions write to the event log for the checks: a mailbox-login for every login
// attempt (and for a connection that broke off TLS or stayed in plaintext), a mailbox-logout
// with what the client retrieved and deleted when a logged-in session ends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { RawPop3 } from '../../helpers/pop3.js';
import { tlsAuthSandbox, sleep, type TestSandbox } from '../../helpers/sandbox.js';
import { missingTools } from '../../prove/env.js';
import { writeToMaildir } from '../../../src/sandbox/auth/deliver.js';
import type { SandboxEvent } from '../../../src/sandbox/events.js';

const skip = missingTools(['openssl']);
let t: TestSandbox;

before(async () => {
  if (skip) return;
  t = await tlsAuthSandbox();
});

after(() => t?.close());

const MAIL = 'From: a@example.net\nTo: alumno@aula.test\nSubject: hola\n\nuno\n';

/** the mailbox events written while `f` runs, without their time stamps */
async function during(f: () => Promise<void>): Promise<Omit<SandboxEvent, 'ts'>[]> {
  const before = t.events().length;
  await f();
  await sleep(100);
  return t
    .events()
    .slice(before)
    .filter((e) => e.type.startsWith('mailbox-'))
    .map(({ ts: _ts, ...e }) => e);
}

async function secured(): Promise<RawPop3> {
  const c = await RawPop3.connect(t.h.ports.pop3);
  assert.equal(await c.stls(), '+OK Begin TLS negotiation now.');
  return c;
}

const login = (o: Partial<Record<'user' | 'method' | 'reason', string>> & { ok: boolean; tls: boolean }) => ({
  type: 'mailbox-login',
  service: 'pop3',
  user: o.user ?? 'alumno',
  method: o.method ?? 'PLAIN',
  tls: o.tls,
  ok: o.ok,
  ...(o.reason ? { reason: o.reason } : {}),
});

test('before STLS: USER, PASS and AUTH are each a plaintext attempt refused', { skip }, async () => {
  const ev = await during(async () => {
    const c = await RawPop3.connect(t.h.ports.pop3);
    await c.cmd('USER alumno');
    await c.login();
    await c.cmd('QUIT');
    await c.waitClosed();
  });
  assert.deepEqual(ev, [login({ ok: false, tls: false, reason: 'plaintext' }), login({ ok: false, tls: false, reason: 'plaintext' })]);
});

test('a client that stays in plaintext and leaves without trying is a plaintext login too; one inside TLS is nothing', { skip }, async () => {
  const plain = await during(async () => {
    const c = await RawPop3.connect(t.h.ports.pop3);
    await c.multiCmd('CAPA');
    await c.cmd('QUIT');
    await c.waitClosed();
  });
  assert.deepEqual(plain, [login({ ok: false, tls: false, reason: 'plaintext', user: '', method: '' })]);
  const secure = await during(async () => {
    const c = await secured();
    await c.cmd('QUIT');
    await c.waitClosed();
  });
  assert.deepEqual(secure, []);
});

test('inside TLS: a wrong password, a mechanism the server lacks, a cancelled exchange', { skip }, async () => {
  const ev = await during(async () => {
    const c = await secured();
    assert.equal(await c.login('alumno', 'mal'), '-ERR [AUTH] Authentication failed.');
    assert.equal(await c.cmd('AUTH CRAM-MD5'), '-ERR [AUTH] Unsupported authentication mechanism.');
    await c.cmd('AUTH LOGIN');
    assert.equal(await c.cmd('*'), '-ERR Authentication aborted by client.');
    c.destroy();
  });
  assert.deepEqual(ev, [
    login({ ok: false, tls: true, reason: 'auth failed' }),
    login({ ok: false, tls: true, reason: 'unsupported mechanism', method: 'CRAM-MD5' }),
    login({ ok: false, tls: true, reason: 'aborted', method: 'LOGIN' }),
  ]);
});

test('a login, a message retrieved whole and one deleted: the logout counts them; TOP is not a retrieval', { skip }, async () => {
  writeToMaildir(t.ws, 'alumno', MAIL);
  writeToMaildir(t.ws, 'alumno', MAIL);
  const ev = await during(async () => {
    const c = await secured();
    assert.equal(await c.cmd('USER alumno'), '+OK');
    assert.equal(await c.cmd('PASS secreto'), '+OK Logged in.');
    assert.equal((await c.multiCmd('TOP 1 0')).status, '+OK');
    assert.match((await c.multiCmd('RETR 1')).status, /^\+OK \d+ octets$/);
    assert.equal(await c.cmd('DELE 2'), '+OK Marked to be deleted.');
    assert.equal(await c.cmd('QUIT'), '+OK Logging out, messages deleted.');
    await c.waitClosed();
  });
  assert.deepEqual(ev, [login({ ok: true, tls: true }), { type: 'mailbox-logout', service: 'pop3', user: 'alumno', retrieved: 1, deleted: 1 }]);
  // a session that only listed: nothing retrieved, nothing deleted; the connection dropped still logs out
  const list = await during(async () => {
    const c = await RawPop3.connect(t.h.ports.pop3s, { tls: true });
    assert.equal(await c.login(), '+OK Logged in.');
    await c.multiCmd('LIST');
    c.destroy();
  });
  assert.deepEqual(list, [login({ ok: true, tls: true }), { type: 'mailbox-logout', service: 'pop3', user: 'alumno', retrieved: 0, deleted: 0 }]);
});

test('POP3S: a client that does not trust the certificate breaks off the handshake', { skip }, async () => {
  const ev = await during(async () => {
    await new Promise<void>((resolve) => {
      const s = tls.connect({ port: t.h.ports.pop3s, host: '127.0.0.1', servername: 'mail.aula.test' });
      s.once('error', () => resolve());
      s.once('secureConnect', () => {
        s.destroy();
        resolve();
      });
    });
  });
  assert.equal(ev.length, 1, JSON.stringify(ev));
  const e = ev[0] as ReturnType<typeof login>;
  assert.deepEqual({ ...e, reason: undefined }, { ...login({ ok: false, tls: false, user: '', method: '' }), reason: undefined });
  // OpenSSL clients send an alert ("unknown ca"); node's just closes the connection
  assert.match(e.reason!, /^TLS handshake failed: (SSL_accept\(\) failed: .*|Connection closed)$/);
});
