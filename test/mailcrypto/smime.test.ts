// The S/MIME check kinds against real certificates, PKCS#12 files and messages made with openssl.
import { runCheck } from '../helpers/check.js';
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, appendFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import type { Verdict } from '../../src/checks/types.js';
import { EVENTS_FILE } from '../../src/sandbox/events.js';
import { freshWorkspace, missingTools, run } from '../prove/env.js';
import { expectFail, expectPass } from '../helpers/verdict.js';

const skip = missingTools(['openssl']);
const ws = freshWorkspace('aula.test');
const PASS = 'clase-smime';
const EMAIL = 'alumno@aula.test';
const CERT = { cert: 'alumno.crt', email: EMAIL };

async function check(kind: string, params: Record<string, unknown>): Promise<Verdict> {
  return runCheck(ws, kind, params);
}
const ossl = async (args: string[]) => {
  const r = await run('openssl', args, { cwd: ws.root });
  assert.equal(r.code, 0, r.stderr);
};
const req = (out: string, keyout: string, bits: number, ext: string[], extra: string[] = ['-passout', `pass:${PASS}`]) =>
  ossl([
    'req',
    '-x509',
    '-newkey',
    `rsa:${bits}`,
    '-keyout',
    keyout,
    '-out',
    out,
    '-days',
    '365',
    '-subj',
    `/CN=Alumno/emailAddress=${EMAIL}`,
    ...ext.flatMap((e) => ['-addext', e]),
    ...extra,
  ]);
const EXT = [`subjectAltName=email:${EMAIL}`, 'extendedKeyUsage=emailProtection'];

function deliver(name: string, raw: string) {
  const path = `var/mail/alumno/Maildir/new/${name}`;
  mkdirSync(dirname(ws.resolve(path)), { recursive: true });
  writeFileSync(ws.resolve(path), raw);
  mkdirSync(dirname(ws.resolve(EVENTS_FILE)), { recursive: true });
  appendFileSync(
    ws.resolve(EVENTS_FILE),
    JSON.stringify({
      ts: new Date().toISOString(),
      type: 'delivered',
      session: 's',
      queueId: name,
      to: EMAIL,
      folder: 'inbox',
      path,
      subject: name,
      tls: false,
    }) + '\n',
  );
}

describe('S/MIME checks with real openssl artifacts', { skip }, () => {
  before(async () => {
    await req('alumno.crt', 'alumno.key', 4096, EXT);
    writeFileSync(ws.resolve('mensaje.txt'), 'Hola, profe:\nEste mensaje va firmado con S/MIME.\n');
  });

  test('certificate, PKCS#12, signed and encrypted messages pass', async () => {
    expectPass(await check('smime.cert', { ...CERT, key: 'alumno.key', passphrase: PASS }));
    await ossl([
      'pkcs12',
      '-export',
      '-in',
      'alumno.crt',
      '-inkey',
      'alumno.key',
      '-passin',
      `pass:${PASS}`,
      '-out',
      'alumno.p12',
      '-passout',
      `pass:${PASS}`,
      '-name',
      'Alumno',
    ]);
    expectPass(await check('smime.p12', { ...CERT, path: 'alumno.p12', passphrase: PASS }));
    await ossl([
      'smime',
      '-sign',
      '-in',
      'mensaje.txt',
      '-text',
      '-signer',
      'alumno.crt',
      '-inkey',
      'alumno.key',
      '-passin',
      `pass:${PASS}`,
      '-from',
      EMAIL,
      '-to',
      EMAIL,
      '-subject',
      'Firmado',
      '-out',
      'smime_signat.eml',
    ]);
    expectPass(await check('smime.signed', { ...CERT, path: 'smime_signat.eml' }));
    await ossl([
      'smime',
      '-encrypt',
      '-aes256',
      '-in',
      'mensaje.txt',
      '-from',
      EMAIL,
      '-to',
      EMAIL,
      '-subject',
      'Cifrado',
      '-out',
      'smime_xifrat.eml',
      'alumno.crt',
    ]);
    expectPass(await check('smime.encrypted', { ...CERT, path: 'smime_xifrat.eml' }));
  });

  test("wrong certificates and keys fail with the learner's message", async () => {
    await req('sin-eku.crt', 'sin-eku.key', 2048, [`subjectAltName=email:${EMAIL}`]);
    expectFail(
      await check('smime.cert', { cert: 'sin-eku.crt', email: EMAIL, key: 'sin-eku.key', passphrase: PASS }),
      'mailcrypto.smime.noEmailProtection',
    );
    await req('sin-san.crt', 'sin-san.key', 2048, ['extendedKeyUsage=emailProtection']);
    expectFail(
      await check('smime.cert', { cert: 'sin-san.crt', email: EMAIL, key: 'sin-san.key', passphrase: PASS }),
      'mailcrypto.smime.noSanEmail',
    );
    await req('corto.crt', 'corto.key', 2048, EXT);
    expectFail(
      await check('smime.cert', { cert: 'corto.crt', email: EMAIL, key: 'corto.key', passphrase: PASS }),
      'mailcrypto.smime.keyBits',
    );
    expectFail(await check('smime.cert', { ...CERT, key: 'corto.key', passphrase: PASS }), 'mailcrypto.smime.keyMismatch');
    expectFail(await check('smime.cert', { ...CERT, key: 'alumno.key', passphrase: 'otra' }), 'mailcrypto.smime.keyPassphrase');
    await req('abierto.crt', 'abierto.key', 2048, EXT, ['-noenc']);
    expectFail(
      await check('smime.cert', { cert: 'abierto.crt', email: EMAIL, key: 'abierto.key', passphrase: PASS, bits: 2048 }),
      'mailcrypto.smime.keyNotProtected',
    );
    expectFail(await check('smime.p12', { ...CERT, path: 'alumno.p12', passphrase: 'otra' }), 'mailcrypto.smime.p12Password');
    await ossl(['pkcs12', '-export', '-nokeys', '-in', 'alumno.crt', '-out', 'solo-cert.p12', '-passout', `pass:${PASS}`]);
    expectFail(await check('smime.p12', { ...CERT, path: 'solo-cert.p12', passphrase: PASS }), 'mailcrypto.smime.p12NoKey');
    // a UniversalString of 1 byte (asn1js throws a RangeError for it), then random files
    for (const bytes of [Buffer.from('1c01b815', 'hex'), randomBytes(500), randomBytes(500)]) {
      writeFileSync(ws.resolve('basura.p12'), bytes);
      expectFail(await check('smime.p12', { ...CERT, path: 'basura.p12', passphrase: PASS }), 'mailcrypto.smime.p12Unreadable');
    }
  });

  test('altered, foreign-signed, weakly or wrongly encrypted messages fail', async () => {
    const signed = readFileSync(ws.resolve('smime_signat.eml'), 'latin1');
    writeFileSync(ws.resolve('alterado.eml'), signed.replace('firmado', 'cambiado'));
    expectFail(await check('smime.signed', { ...CERT, path: 'alterado.eml' }), 'mailcrypto.smime.signedAltered');
    await ossl([
      'smime',
      '-sign',
      '-in',
      'mensaje.txt',
      '-text',
      '-signer',
      'corto.crt',
      '-inkey',
      'corto.key',
      '-passin',
      `pass:${PASS}`,
      '-out',
      'otro.eml',
    ]);
    expectFail(await check('smime.signed', { ...CERT, path: 'otro.eml' }), 'mailcrypto.smime.signedByOther');
    expectFail(await check('smime.signed', { ...CERT, path: 'mensaje.txt' }), 'mailcrypto.smime.notSigned');
    await ossl(['smime', '-encrypt', '-aes256', '-in', 'mensaje.txt', '-out', 'para-otro.eml', 'corto.crt']);
    expectFail(await check('smime.encrypted', { ...CERT, path: 'para-otro.eml' }), 'mailcrypto.smime.notToCert');
    await ossl(['smime', '-encrypt', '-des3', '-in', 'mensaje.txt', '-out', 'des3.eml', 'alumno.crt']);
    expectFail(await check('smime.encrypted', { ...CERT, path: 'des3.eml' }), 'mailcrypto.smime.weakCipher');
    // bytes asn1js reads past their end (RangeError), then random ones
    const smime = (type: string, der: Buffer) =>
      `Content-Type: application/pkcs7-mime; smime-type=${type}\nContent-Transfer-Encoding: base64\n\n${der.toString('base64')}\n`;
    for (const der of [Buffer.from('1c03edf016', 'hex'), Buffer.from('3c029dcfec5b', 'hex'), randomBytes(200), randomBytes(200)]) {
      writeFileSync(ws.resolve('roto.eml'), smime('enveloped-data', der));
      expectFail(await check('smime.encrypted', { ...CERT, path: 'roto.eml' }), 'mailcrypto.smime.encryptedUnreadable');
    }
    for (const der of [Buffer.from('1e0188fc22', 'hex'), Buffer.from('3e807714af', 'hex'), randomBytes(200)]) {
      writeFileSync(ws.resolve('roto.eml'), smime('signed-data', der));
      expectFail(await check('smime.signed', { ...CERT, path: 'roto.eml' }), 'mailcrypto.smime.signedUnreadable');
    }
  });

  test('the mails: both delivered pass; an altered signed copy fails', async () => {
    const params = { ...CERT, to: EMAIL };
    expectFail(await check('smime.mailed', params), 'mailcrypto.mail.none');
    deliver('M1', readFileSync(ws.resolve('alterado.eml'), 'latin1'));
    expectFail(await check('smime.mailed', params), 'mailcrypto.smime.signedAltered');
    deliver('M2', readFileSync(ws.resolve('smime_signat.eml'), 'latin1'));
    expectFail(await check('smime.mailed', params), 'mailcrypto.mail.noSmimeEncrypted');
    deliver('M3', readFileSync(ws.resolve('smime_xifrat.eml'), 'latin1'));
    expectPass(await check('smime.mailed', params));
  });
});
