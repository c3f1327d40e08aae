// The OpenPGP check kinds against real keys and messages made with gpg in a workspace,
// the keybox reader against gpg's own keyring and hostile bytes, and the teacher's side:
// the encrypted message really opens with the teacher's private key.
import { runCheck } from '../helpers/check.js';
import { teacherSecretKey } from '../helpers/teacher.js';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, appendFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import * as openpgp from 'openpgp';
import type { Verdict } from '../../src/checks/types.js';
import { EVENTS_FILE } from '../../src/sandbox/events.js';
import { keyboxBlocks } from '../../src/mailcrypto/keybox.js';
import { readKeyring, rsaKeygrip } from '../../src/mailcrypto/gnupg-home.js';
import { Env, freshWorkspace, missingTools } from '../prove/env.js';
import { gpgShell, makeKey, MESSAGE, GNUPG_HOME } from '../fixtures/gpg-learner.js';
import { expectFail, expectPass, assertReadable } from '../helpers/verdict.js';

const skip = missingTools(['gpg', 'gpgconf']);
const env = new Env(freshWorkspace('aula.test'));
const ws = env.ws;
const UID = 'alumno@aula.test';
const TEACHER = { uid: 'profesor@escuela.example', keyFile: 'home/alumno/profesor.asc' };

async function check(kind: string, params: Record<string, unknown>): Promise<Verdict> {
  return runCheck(ws, kind, params);
}

const write = (rel: string, text: string | Buffer) => {
  mkdirSync(dirname(ws.resolve(rel)), { recursive: true });
  writeFileSync(ws.resolve(rel), text);
};

/** A mail as the sandbox leaves it: the file, and its delivered event. */
function deliver(to: string, name: string, raw: string) {
  const path = `var/spool/outbox/${name}`;
  write(path, raw);
  mkdirSync(dirname(ws.resolve(EVENTS_FILE)), { recursive: true });
  appendFileSync(
    ws.resolve(EVENTS_FILE),
    JSON.stringify({
      ts: new Date().toISOString(),
      type: 'delivered',
      session: 's1',
      queueId: name,
      to,
      folder: 'outbox',
      path,
      subject: name,
      tls: false,
    }) + '\n',
  );
}
function withAttachment(file: string, content: Buffer): string {
  const b64 = content.toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    'From: alumno@aula.test',
    'To: profesor@escuela.example',
    `Subject: ${file}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="----=_MIME_BOUNDARY_000_1"',
    '',
    '------=_MIME_BOUNDARY_000_1',
    'Content-Type: text/plain',
    '',
    'Adjunto el archivo.',
    '------=_MIME_BOUNDARY_000_1',
    `Content-Type: application/octet-stream; name="${file}"`,
    `Content-Disposition: attachment; filename="${file}"`,
    'Content-Transfer-Encoding: BASE64',
    '',
    b64,
    '------=_MIME_BOUNDARY_000_1--',
    '',
  ].join('\r\n');
}

describe('OpenPGP checks with real gpg artifacts', { skip }, () => {
  before(async () => {
    await makeKey(env, 'Alumno <alumno@aula.test>', 4096);
  });
  after(async () => {
    await env.exec('gpgconf', ['--homedir', ws.resolve(GNUPG_HOME), '--kill', 'all']);
  });

  test('the keybox reader finds the key gpg made, and the keygrip gpg computed', async () => {
    const ring = await readKeyring(ws.resolve(GNUPG_HOME));
    assert.ok('keys' in ring);
    const key = ring.keys.find((k) => k.getUserIDs().includes('Alumno <alumno@aula.test>'));
    assert.ok(key);
    const out = await gpgShell(env, ['gpg --with-colons --with-keygrip --list-keys alumno@aula.test']);
    const grips = out
      .split('\n')
      .filter((l) => l.startsWith('grp:'))
      .map((l) => l.split(':')[9]);
    const n = (key.keyPacket.publicParams as { n: Uint8Array }).n;
    assert.equal(rsaKeygrip(n), grips[0]);
  });

  test('hostile keyring bytes give no key and no crash', async () => {
    for (let i = 0; i < 50; i++) keyboxBlocks(randomBytes(200 + i * 37));
    const lying = Buffer.alloc(64);
    lying.writeUInt32BE(0xffffffff, 0);
    assert.deepEqual(keyboxBlocks(lying), []);
    const kbx = readFileSync(ws.resolve(`${GNUPG_HOME}/pubring.kbx`));
    assert.ok(keyboxBlocks(kbx.subarray(0, kbx.length - 100)).length <= 1);
  });

  test('key, export, clear-signed and encrypted files pass', async () => {
    expectPass(await check('gpg.key', { uid: UID }));
    await gpgShell(env, ['gpg --armor --export alumno@aula.test > alumno.asc']);
    expectPass(await check('gpg.export', { uid: UID, path: 'alumno.asc' }));
    write('mensaje.txt', MESSAGE);
    await gpgShell(env, ['gpg --clearsign --output missatge_signat.txt mensaje.txt']);
    expectPass(await check('gpg.clearsigned', { uid: UID, path: 'missatge_signat.txt' }));
    await gpgShell(env, [
      'gpg --import home/alumno/profesor.asc',
      'gpg --trust-model always --encrypt --recipient profesor@escuela.example --recipient alumno@aula.test --output missatge_xifrat.gpg mensaje.txt',
    ]);
    expectPass(await check('gpg.encrypted', { path: 'missatge_xifrat.gpg', recipients: [TEACHER, { uid: UID }] }));
  });

  test("the teacher opens the encrypted file with the secret key that stays in the teacher's folder", async () => {
    const secret = teacherSecretKey();
    assert.ok(!ws.readText('home/alumno/profesor.asc')!.includes('PRIVATE KEY'));
    const key = await openpgp.readPrivateKey({ armoredKey: secret });
    const message = await openpgp.readMessage({ binaryMessage: readFileSync(ws.resolve('missatge_xifrat.gpg')) });
    const { data } = await openpgp.decrypt({ message, decryptionKeys: key });
    assert.equal(data, MESSAGE);
  });

  test('a stronger requirement than the key fails with the bits seen', async () => {
    expectFail(await check('gpg.key', { uid: UID, bits: 8192 }), 'mailcrypto.gpg.keyBits');
    expectFail(await check('gpg.key', { uid: 'otro@aula.test' }), 'mailcrypto.gpg.otherUid');
    expectFail(await check('gpg.key', { uid: UID, home: 'home/nadie/.gnupg' }), 'mailcrypto.gpg.noKeyring');
  });

  test('a signed text changed by one letter fails; broken armor is read as broken, not a crash', async () => {
    const signed = readFileSync(ws.resolve('missatge_signat.txt'), 'utf8');
    write('alterado.txt', signed.replace('Hola', 'Hole'));
    expectFail(await check('gpg.clearsigned', { uid: UID, path: 'alterado.txt' }), 'mailcrypto.gpg.signedAltered');
    write(
      'roto.txt',
      '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nhola\n-----BEGIN PGP SIGNATURE-----\n\n!!!!\n-----END PGP SIGNATURE-----\n',
    );
    const v = await check('gpg.clearsigned', { uid: UID, path: 'roto.txt' });
    assert.equal(v.status, 'fail');
    assertReadable(v.message.key, v.message.params);
    // a partial length on a signature packet (openpgp.js throws a TypeError for it), then random files
    const junk = [Buffer.from([0xc2, 0xe1, 1, 2, 3, 4]), ...Array.from({ length: 40 }, () => randomBytes(300))];
    for (const bytes of junk) {
      write('basura.gpg', bytes);
      const g = await check('gpg.encrypted', { path: 'basura.gpg', recipients: [TEACHER] });
      assert.equal(g.status, 'fail', bytes.toString('hex'));
      assertReadable(g.message.key, g.message.params);
    }
  });

  test('the mails: found in attachments, base64 decoded; an altered copy and a missing one fail', async () => {
    const params = { uid: UID, to: 'profesor@escuela.example', recipients: [TEACHER, { uid: UID }] };
    expectFail(await check('gpg.mailed', params), 'mailcrypto.mail.none');
    deliver('profesor@escuela.example', 'A1', withAttachment('missatge_signat.txt', readFileSync(ws.resolve('alterado.txt'))));
    expectFail(await check('gpg.mailed', params), 'mailcrypto.mail.signedAltered');
    deliver('profesor@escuela.example', 'A2', withAttachment('missatge_signat.txt', readFileSync(ws.resolve('missatge_signat.txt'))));
    expectFail(await check('gpg.mailed', params), 'mailcrypto.mail.noEncrypted');
    deliver('profesor@escuela.example', 'A3', withAttachment('missatge_xifrat.gpg', readFileSync(ws.resolve('missatge_xifrat.gpg'))));
    expectPass(await check('gpg.mailed', params));
    expectFail(
      await check('gpg.mailed', { ...params, recipients: [{ uid: 'otro@escuela.example', keyFile: TEACHER.keyFile }] }),
      'mailcrypto.mail.encryptedNotTo',
    );
  });
});
