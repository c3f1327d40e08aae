// The SASL secrets: no stored password, CRAM-MD5 from the HMAC states, DIGEST-MD5 per realm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { cramMd5Secret, cramMd5Digest } from '../../src/sandbox/sasl/md5state.js';
import { setPassword, readSaslDb, verifyPassword, digestHA1, SASLDB_FILE } from '../../src/sandbox/sasl/db.js';
import { createMechanism, parseDirectives, offeredMechanisms } from '../../src/sandbox/sasl/mechanisms.js';
import { freshWorkspace } from '../prove/env.js';

test('CRAM-MD5 from the stored HMAC states equals HMAC-MD5 with the password', () => {
  for (const pw of ['secreto', '', 'contraseña ñ', 'x'.repeat(64), 'y'.repeat(200)]) {
    const ch = '<2906052467.676490@mail.alexdns.local>';
    assert.equal(cramMd5Digest(cramMd5Secret(pw), ch), createHmac('md5', pw).update(ch).digest('hex'), `password of ${pw.length} characters`);
  }
});

test('sasldb2.json: mode 0600, no password in it, each mechanism its secret', async () => {
  const ws = freshWorkspace();
  setPassword(ws, 'alumno', 'secreto', ['mail.aula.test', '']);
  const file = ws.resolve(SASLDB_FILE);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.doesNotMatch(readFileSync(file, 'utf8'), /secreto/);
  const u = readSaslDb(ws).users.alumno;
  assert.ok(await verifyPassword(u, 'secreto'));
  assert.ok(!(await verifyPassword(u, 'Secreto')));
  assert.equal(u.digestMd5['mail.aula.test'], createHash('md5').update('alumno:mail.aula.test:secreto').digest('hex'));
  assert.equal(u.digestMd5[''], digestHA1('alumno', '', 'secreto'));
});

test('DIGEST-MD5 explains a realm the password was not stored for', async () => {
  const ws = freshWorkspace();
  setPassword(ws, 'alumno', 'secreto', ['mail.aula.test']);
  const m = createMechanism('DIGEST-MD5', { hostname: 'mx.aula.test', realm: 'mx.aula.test', db: () => readSaslDb(ws) })!;
  const ch = await m.start(undefined);
  assert.equal(ch.kind, 'challenge');
  const d = parseDirectives(Buffer.from((ch as { data: string }).data, 'base64').toString())!;
  const resp = `username="alumno",realm="mx.aula.test",nonce="${d.get('nonce')}",cnonce="abc",nc=00000001,qop=auth,digest-uri="smtp/mx.aula.test",response=${'0'.repeat(32)}`;
  const r = await m.step(Buffer.from(resp).toString('base64'));
  assert.equal(r.kind, 'failure');
  assert.match((r as { detail: string }).detail, /stored for realm\(s\) "mail\.aula\.test", not "mx\.aula\.test": run mailsec sandbox passwd again/);
});

test('security options decide the mechanisms offered', () => {
  assert.deepEqual(offeredMechanisms(['noanonymous']), ['PLAIN', 'LOGIN', 'CRAM-MD5', 'DIGEST-MD5']);
  assert.deepEqual(offeredMechanisms(['noanonymous', 'noplaintext']), ['CRAM-MD5', 'DIGEST-MD5']);
  assert.deepEqual(offeredMechanisms(['mutual_auth']), ['DIGEST-MD5']);
  assert.deepEqual(offeredMechanisms(['nodictionary']), []);
});

test('hostile SASL input: bad base64, garbage directives, PLAIN without NULs', async () => {
  const ws = freshWorkspace();
  setPassword(ws, 'alumno', 'secreto', ['h']);
  const ctx = { hostname: 'h', realm: 'h', db: () => readSaslDb(ws) };
  const plain = createMechanism('PLAIN', ctx)!;
  // as Cyrus 2.1.28's sasl_decode64 under Postfix 3.7.11: a length not a multiple of 4, then a character outside base64
  assert.deepEqual(await plain.start('%%%'), { kind: 'failure', reason: 'another step is needed in authentication', detail: 'the answer is not base64', username: undefined });
  assert.equal(((await createMechanism('PLAIN', ctx)!.start('%%%%')) as { reason: string }).reason, 'bad protocol / cancel');
  assert.equal(((await createMechanism('CRAM-MD5', ctx)!.start('xx')) as { reason: string }).reason, 'another step is needed in authentication');
  const login = createMechanism('LOGIN', ctx)!;
  await login.start(undefined);
  await login.step(Buffer.from('alumno').toString('base64'));
  assert.deepEqual(await login.step('='), { kind: 'failure', reason: 'another step is needed in authentication', detail: 'the password is not base64', username: undefined });
  assert.equal(((await createMechanism('PLAIN', ctx)!.start(Buffer.from('alumno').toString('base64'))) as { reason: string }).reason, 'authentication failure');
  const dig = createMechanism('DIGEST-MD5', ctx)!;
  await dig.start(undefined);
  assert.equal((await dig.step(Buffer.from('username="a,b').toString('base64'))).kind, 'failure');
  assert.equal(parseDirectives('a=1,a=2'), undefined, 'a repeated directive is refused');
  const cram = createMechanism('CRAM-MD5', ctx)!;
  await cram.start(undefined);
  assert.equal((await cram.step(Buffer.from('no-digest-here').toString('base64'))).kind, 'failure');
});
