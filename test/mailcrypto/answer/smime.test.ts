// The teacher reading S/MIME mails made with the real openssl (detached and opaque
// signatures, enveloped data for the teacher's certificate and for others, broken ones),
// and its answer opened with the real openssl as lesson 12 does it: smime -decrypt with the
// learner's key, then smime -verify against the teacher's CA certificate.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initTeacher } from '../../../src/mailcrypto/teacher.js';
import { answeringTeacher } from '../../../src/mailcrypto/answer/identity.js';
import { answerMail, newSecret } from '../../../src/mailcrypto/answer/index.js';
import { readSmime } from '../../../src/mailcrypto/answer/smime.js';
import type { Incoming, Reading } from '../../../src/mailcrypto/answer/types.js';
import { missingTools, run } from '../../prove/env.js';
import { assertReadable } from '../../helpers/verdict.js';

const skip = missingTools(['openssl']);
const PASS = 'clase-smime';
const ME = 'alumno@aula.test';
const TEACHER = 'profesor@escuela.example';
const dir = mkdtempSync(join(tmpdir(), 'mailsec-smime-answer-'));
const teacherDir = join(dir, 'teacher');
const p = (f: string) => join(dir, f);

async function ossl(args: string[]): Promise<string> {
  const r = await run('openssl', args, { cwd: dir });
  assert.equal(r.code, 0, `openssl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout + r.stderr;
}

/** A self-signed learner certificate as lesson 12 makes it (2048 bits here, for speed). */
const req = (name: string, email: string, o: { key?: string[]; ext?: string[] } = {}) =>
  ossl([
    'req',
    '-x509',
    '-newkey',
    ...(o.key ?? ['rsa:2048']),
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '365',
    '-subj',
    `/CN=Alumno/emailAddress=${email}`,
    ...[`subjectAltName=email:${email}`, 'extendedKeyUsage=emailProtection', ...(o.ext ?? [])].flatMap((e) => ['-addext', e]),
    '-passout',
    `pass:${PASS}`,
  ]);

/** openssl smime -sign as lesson 12's step writes it, to the teacher */
async function sign(out: string, o: { signer?: string; extra?: string[]; input?: string } = {}): Promise<Buffer> {
  const signer = o.signer ?? 'alumno';
  await ossl([
    'smime',
    '-sign',
    '-in',
    o.input ?? 'mensaje.txt',
    '-text',
    '-signer',
    `${signer}.crt`,
    '-inkey',
    `${signer}.key`,
    '-passin',
    `pass:${PASS}`,
    '-from',
    ME,
    '-to',
    TEACHER,
    '-subject',
    'Hola, profe',
    '-out',
    out,
    ...(o.extra ?? []),
  ]);
  return readFileSync(p(out));
}

async function encrypt(input: string, out: string, cert: string, extra: string[] = []): Promise<Buffer> {
  await ossl([
    'smime',
    '-encrypt',
    '-aes256',
    '-in',
    input,
    '-from',
    ME,
    '-to',
    TEACHER,
    '-subject',
    'Hola, profe',
    '-out',
    out,
    ...extra,
    cert,
  ]);
  return readFileSync(p(out));
}

async function incoming(raw: Buffer, sender = ME): Promise<Incoming> {
  return { raw, sender, lang: 'es', teacher: await answeringTeacher('es', teacherDir), secret: newSecret() };
}

/** The note's text fills every parameter, in every language, without English in es and ca. */
async function expectNote(raw: Buffer, outcome: Reading['outcome'], sender = ME): Promise<Reading> {
  const inc = await incoming(raw, sender);
  const r = await readSmime(inc);
  assert.ok(r, 'the mail was not read as S/MIME');
  assert.equal(r.kind, 'smime');
  assert.equal(r.outcome, outcome, r.detail);
  assertReadable(`answer.why.smime.${outcome}`, { ...r.params, sender, teacher: TEACHER, fingerprint: inc.teacher.fingerprint });
  const a = await answerMail({ raw, sender, lang: 'es', teacherDir });
  assert.equal(a.outcome, outcome);
  assert.equal(a.secret, undefined);
  assert.equal(a.caCert, undefined);
  assert.match(a.mail, /^Content-Type: text\/plain; charset=utf-8$/m);
  return r;
}

/** What the learner does with the answer: decrypt it with their key, verify it against the teacher's CA. */
async function openAnswer(raw: Buffer, sender = ME, recip = 'alumno'): Promise<{ text: string; secret: string }> {
  const a = await answerMail({ raw, sender, lang: 'es', teacherDir });
  assert.equal(a.kind, 'smime', a.detail);
  assert.equal(a.outcome, 'answered', a.detail);
  assert.ok(a.secret);
  assert.equal(a.caCert, readFileSync(join(teacherDir, 'class-ca.crt'), 'utf8'));
  assert.match(a.mail, /^Content-Type: application\/pkcs7-mime; smime-type=enveloped-data; name="smime\.p7m"$/m);
  writeFileSync(p('answer.eml'), a.mail);
  writeFileSync(p('profesor-ca.crt'), a.caCert!);
  await ossl([
    'smime',
    '-decrypt',
    '-in',
    'answer.eml',
    '-recip',
    `${recip}.crt`,
    '-inkey',
    `${recip}.key`,
    '-passin',
    `pass:${PASS}`,
    '-out',
    'respuesta.eml',
  ]);
  assert.doesNotMatch(
    readFileSync(p('respuesta.eml'), 'latin1'),
    new RegExp(a.secret!),
    'the secret shows before the signature is verified',
  );
  const r = await run('openssl', ['smime', '-verify', '-in', 'respuesta.eml', '-CAfile', 'profesor-ca.crt'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Verification successful/);
  assert.ok(r.stdout.includes(a.secret!), r.stdout);
  assert.match(r.stdout, /Alumno <alumno@aula\.test>/);
  // the signer is the teacher's certificate, issued by the class CA
  await ossl(['smime', '-verify', '-in', 'respuesta.eml', '-CAfile', 'profesor-ca.crt', '-signer', 'signer.crt', '-out', '/dev/null']);
  assert.equal(readFileSync(p('signer.crt'), 'utf8').trim(), readFileSync(join(teacherDir, 'smime.crt'), 'utf8').trim());
  return { text: r.stdout, secret: a.secret! };
}

describe('the teacher reads S/MIME made with openssl and answers it', { skip }, () => {
  before(async () => {
    const made = await initTeacher(teacherDir, 'Profesora de prueba');
    assert.ok(!('problem' in made));
    await req('alumno', ME);
    await req('otra', 'otra@aula.test');
    writeFileSync(p('mensaje.txt'), 'Hola, profe:\nTe escribo firmado con S/MIME.\n');
  });

  test('a detached signature (multipart/signed) gets an answer the learner decrypts and verifies', async () => {
    const raw = await sign('signed.eml');
    assert.match(raw.toString(), /application\/x-pkcs7-signature/);
    const { text } = await openAnswer(raw);
    assert.match(text, /^Content-Type: text\/plain; charset=utf-8\r?$/m);
  });

  test('the same with the types without x- (application/pkcs7-signature)', async () => {
    const raw = Buffer.from((await sign('signed.eml')).toString('latin1').replace(/x-pkcs7-/g, 'pkcs7-'), 'latin1');
    await openAnswer(raw);
  });

  test('an opaque signature (-nodetach, application/pkcs7-mime signed-data)', async () => {
    const raw = await sign('opaque.eml', { extra: ['-nodetach'] });
    assert.match(raw.toString(), /smime-type=signed-data/);
    await openAnswer(raw);
  });

  test('a signed mail encrypted to the teacher certificate: decrypted, then its signature read', async () => {
    await sign('signed.eml');
    const raw = await encrypt('signed.eml', 'enc-signed.eml', join(teacherDir, 'smime.crt'));
    await openAnswer(raw);
  });

  test('encrypted to the teacher with RSA-OAEP (openssl cms -keyopt rsa_padding_mode:oaep): read too', async () => {
    await sign('signed.eml');
    await ossl([
      'cms',
      '-encrypt',
      '-aes256',
      '-in',
      'signed.eml',
      '-recip',
      join(teacherDir, 'smime.crt'),
      '-keyopt',
      'rsa_padding_mode:oaep',
      '-from',
      ME,
      '-to',
      TEACHER,
      '-subject',
      'Hola, profe',
      '-out',
      'oaep.eml',
    ]);
    await openAnswer(readFileSync(p('oaep.eml')));
  });

  test('encrypted to the teacher but not signed: unsigned', async () => {
    const r = await expectNote(await encrypt('mensaje.txt', 'enc.eml', join(teacherDir, 'smime.crt')), 'unsigned');
    assert.match(r.detail, /decrypted/);
  });

  test('the text changed after signing: badSignature', async () => {
    const raw = (await sign('signed.eml')).toString('latin1').replace('firmado con', 'firmado y revisado con');
    const r = await expectNote(Buffer.from(raw, 'latin1'), 'badSignature');
    assert.match(r.params!.subject, /alumno@aula\.test/);
  });

  test('an opaque signature with its content changed: badSignature', async () => {
    // the text inside the DER: change one byte of it
    const mail = (await sign('opaque.eml', { extra: ['-nodetach'] })).toString('latin1');
    const [head, b64] = mail.split(/\n\n/);
    const der = Buffer.from(b64, 'base64');
    const at = der.indexOf('firmado');
    der[at] = 'F'.charCodeAt(0);
    await expectNote(Buffer.from(`${head}\n\n${der.toString('base64')}\n`, 'latin1'), 'badSignature');
  });

  test('signed with a certificate of another address: keyMismatch', async () => {
    const r = await expectNote(await sign('other.eml', { signer: 'otra' }), 'keyMismatch');
    assert.equal(r.params!.address, 'otra@aula.test');
  });

  test("the certificate is the sender's when its address is only in the subject (emailAddress)", async () => {
    await ossl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-keyout',
      'subj.key',
      '-out',
      'subj.crt',
      '-days',
      '30',
      '-subj',
      `/CN=Alumno/emailAddress=${ME}`,
      '-passout',
      `pass:${PASS}`,
    ]);
    await openAnswer(await sign('subj.eml', { signer: 'subj' }), ME, 'subj');
  });

  test('signed without the certificate (-nocerts): noKey', async () => {
    await expectNote(await sign('nocerts.eml', { extra: ['-nocerts'] }), 'noKey');
  });

  test('a certificate whose keyUsage forbids key encipherment: keyUnusable', async () => {
    await req('firma', ME, { ext: ['keyUsage=digitalSignature'] });
    const r = await expectNote(await sign('ku.eml', { signer: 'firma' }), 'keyUnusable');
    assert.match(r.params!.error, /keyEncipherment/);
  });

  test('an EC certificate: keyUnusable', async () => {
    await req('ec', ME, { key: ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] });
    const r = await expectNote(await sign('ec.eml', { signer: 'ec' }), 'keyUnusable');
    assert.match(r.params!.error, /EC/);
  });

  test('encrypted to another certificate: notForTeacher', async () => {
    const r = await expectNote(await encrypt('mensaje.txt', 'enc-other.eml', 'otra.crt'), 'notForTeacher');
    assert.match(r.params!.recipients, /^[0-9A-F]+$/);
  });

  test('garbage where the DER should be: unreadable', async () => {
    const raw = Buffer.from(
      [
        `From: ${ME}`,
        `To: ${TEACHER}`,
        'Subject: roto',
        'MIME-Version: 1.0',
        'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('esto no es DER, es texto pegado donde iba la firma').toString('base64'),
        '',
      ].join('\r\n'),
    );
    await expectNote(raw, 'unreadable');
  });

  test('a signature cut in half: unreadable', async () => {
    const mail = (await sign('signed.eml')).toString('latin1');
    const cut = mail.replace(
      /(name="smime\.p7s"[\s\S]*?\n\n)([A-Za-z0-9+/=\n]+)/,
      (_w, h: string, b: string) => h + b.slice(0, 200) + '\n',
    );
    await expectNote(Buffer.from(cut, 'latin1'), 'unreadable');
  });

  test('only a certificate (certs-only, openssl crl2pkcs7): readable, and unsigned', async () => {
    await ossl(['crl2pkcs7', '-nocrl', '-certfile', 'alumno.crt', '-outform', 'DER', '-out', 'certs.p7c']);
    const raw = Buffer.from(
      [
        `From: ${ME}`,
        `To: ${TEACHER}`,
        'Subject: mi certificado',
        'MIME-Version: 1.0',
        'Content-Type: application/pkcs7-mime; smime-type=certs-only; name="smime.p7c"',
        'Content-Transfer-Encoding: base64',
        '',
        readFileSync(p('certs.p7c')).toString('base64'),
        '',
      ].join('\r\n'),
    );
    await expectNote(raw, 'unsigned');
  });

  test('a mail without S/MIME is left to OpenPGP (undefined)', async () => {
    const raw = Buffer.from(`From: ${ME}\r\nTo: ${TEACHER}\r\nSubject: hola\r\n\r\nHola, profe.\r\n`);
    assert.equal(await readSmime(await incoming(raw)), undefined);
    const a = await answerMail({ raw, sender: ME, lang: 'es', teacherDir });
    assert.equal(a.kind, 'plain');
  });
});
