// The teacher reading a learner's OpenPGP mail: every way a client sends a signature and a
// key (inline, PGP/MIME signed, PGP/MIME encrypted with the signature inside, Autocrypt),
// and each mistake's note; the answer opened with openpgp.js and with the real gpg.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { testTeacher } from '../../helpers/teacher.js';
import { missingTools } from '../../prove/env.js';
import { answeringTeacher } from '../../../src/mailcrypto/answer/identity.js';
import { readPgp } from '../../../src/mailcrypto/answer/pgp.js';
import { answerMail } from '../../../src/mailcrypto/answer/index.js';
import type { AnsweringTeacher, Incoming } from '../../../src/mailcrypto/answer/types.js';

const ME = 'alumno@aula.test';
let teacher: AnsweringTeacher;
let mine: { publicKey: string; privateKey: string };
let other: { publicKey: string; privateKey: string };

before(async () => {
  teacher = await answeringTeacher('es', testTeacher());
  mine = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Alumno', email: ME }], format: 'armored' });
  other = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Otro', email: 'otro@aula.test' }],
    format: 'armored',
  });
});

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
const inc = (raw: string, secret = 'K7M2-4QX9'): Incoming => ({ raw: Buffer.from(crlf(raw)), sender: ME, lang: 'es', teacher, secret });
const head = (extra = '') =>
  `From: <${ME}>\nTo: <profesor@escuela.example>\nSubject: hola\nMessage-ID: <1@aula.test>\n${extra}MIME-Version: 1.0\n`;

async function clearsign(text: string, key = mine): Promise<string> {
  const signingKeys = await openpgp.readPrivateKey({ armoredKey: key.privateKey });
  return openpgp.sign({ message: await openpgp.createCleartextMessage({ text }), signingKeys });
}

/** A multipart/mixed mail: the clear-signed text and the key as attachments, as swaks --attach sends them. */
function withAttachments(parts: { name: string; type: string; text: string }[], extra = ''): string {
  const b = 'b0undary';
  return (
    head(extra) +
    `Content-Type: multipart/mixed; boundary="${b}"\n\n` +
    parts
      .map(
        (p) =>
          `--${b}\nContent-Type: ${p.type}; name="${p.name}"\nContent-Disposition: attachment; filename="${p.name}"\nContent-Transfer-Encoding: base64\n\n${Buffer.from(p.text).toString('base64').replace(/.{76}/g, '$&\n')}\n`,
      )
      .join('') +
    `--${b}--\n`
  );
}

/** Opens the answer as the learner would (their key), checking the teacher's signature. */
async function openAnswer(mail: string, key = mine): Promise<{ text: string; signedBy: string }> {
  const armored = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/.exec(mail);
  assert.ok(armored, 'the answer carries an OpenPGP message');
  const r = await openpgp.decrypt({
    message: await openpgp.readMessage({ armoredMessage: armored[0] }),
    decryptionKeys: await openpgp.readPrivateKey({ armoredKey: key.privateKey }),
    verificationKeys: await openpgp.readKey({ armoredKey: teacher.pgpPublic }),
    expectSigned: true,
  });
  return { text: String(r.data), signedBy: r.signatures[0].keyID.toHex() };
}

test('a clear-signed attachment and the armored key (lesson 11 with swaks): answered, encrypted to the learner, signed by the teacher', async () => {
  const raw = withAttachments([
    { name: 'missatge_signat.txt', type: 'text/plain', text: await clearsign('Hola, profe\n') },
    { name: 'alumno.asc', type: 'application/octet-stream', text: mine.publicKey },
  ]);
  const r = await readPgp(inc(raw));
  assert.equal(r?.outcome, 'answered', r?.detail);
  const a = await answerMail({ raw: Buffer.from(crlf(raw)), sender: ME, lang: 'es', teacherDir: testTeacher() });
  assert.equal(a.outcome, 'answered');
  assert.match(a.mail, /^Content-Type: multipart\/encrypted; protocol="application\/pgp-encrypted";/m);
  assert.match(a.mail, /^In-Reply-To: <1@aula\.test>$/m);
  assert.match(a.mail, /^Auto-Submitted: auto-replied$/m);
  const opened = await openAnswer(a.mail);
  assert.ok(opened.text.includes(`Tu código secreto es: ${a.secret}`), opened.text);
  assert.equal(opened.signedBy.toUpperCase(), teacher.fingerprint.slice(-16));
});

test('PGP/MIME signed (RFC 3156), the key inside the signed part (Thunderbird): answered', async () => {
  const inner = crlf(
    'Content-Type: multipart/mixed; boundary="in"\n\n--in\nContent-Type: text/plain; charset=utf-8\n\nHola, profe\n--in\nContent-Type: application/pgp-keys; name="key.asc"\n\n' +
      mine.publicKey +
      '\n--in--\n',
  );
  const sig = await openpgp.sign({
    message: await openpgp.createMessage({ text: inner, format: 'utf8' }),
    signingKeys: await openpgp.readPrivateKey({ armoredKey: mine.privateKey }),
    detached: true,
  });
  const raw =
    head() +
    `Content-Type: multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"; boundary="s"\n\n--s\n${inner}\n--s\nContent-Type: application/pgp-signature; name="signature.asc"\n\n${sig}\n--s--\n`;
  const r = await readPgp(inc(raw));
  assert.equal(r?.outcome, 'answered', r?.detail);
});

test('PGP/MIME encrypted to the teacher with the signature and the key inside: answered', async () => {
  const inner = crlf(
    `Content-Type: multipart/mixed; boundary="in"\n\n--in\nContent-Type: text/plain\n\nSolo para ti\n--in\nContent-Type: application/pgp-keys\n\n${mine.publicKey}\n--in--\n`,
  );
  const enc = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: inner }),
    encryptionKeys: await openpgp.readKey({ armoredKey: teacher.pgpPublic }),
    signingKeys: await openpgp.readPrivateKey({ armoredKey: mine.privateKey }),
  });
  const raw =
    head() +
    `Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="e"\n\n--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n\n--e\nContent-Type: application/octet-stream\n\n${enc}\n--e--\n`;
  const r = await readPgp(inc(raw));
  assert.equal(r?.outcome, 'answered', r?.detail);
});

test('the key in an Autocrypt header, the clear-signed text as the body: answered', async () => {
  const keydata = (await openpgp.readKey({ armoredKey: mine.publicKey })).write();
  const ac = `Autocrypt: addr=${ME}; keydata=${Buffer.from(keydata).toString('base64').replace(/.{70}/g, '$&\n ')}\n`;
  const raw = head(ac) + 'Content-Type: text/plain\n\n' + (await clearsign('Hola\n'));
  assert.equal((await readPgp(inc(raw)))?.outcome, 'answered');
});

test("each mistake gets its note, with the reason in the learner's language", async () => {
  const signed = await clearsign('Hola, profe\n');
  const cases: [string, string, RegExp][] = [
    [
      'badSignature',
      withAttachments([
        { name: 's.txt', type: 'text/plain', text: signed.replace('Hola, profe', 'Hola, profa') },
        { name: 'k.asc', type: 'text/plain', text: mine.publicKey },
      ]),
      /ha cambiado después de firmarlo/,
    ],
    ['noKey', withAttachments([{ name: 's.txt', type: 'text/plain', text: signed }]), /tu clave pública no venía en el correo/],
    [
      'keyMismatch',
      withAttachments([
        { name: 's.txt', type: 'text/plain', text: await clearsign('Hola\n', other) },
        { name: 'k.asc', type: 'text/plain', text: other.publicKey },
      ]),
      /es de otro@aula\.test, no de alumno@aula\.test/,
    ],
  ];
  const toOther = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: 'secreto' }),
    encryptionKeys: await openpgp.readKey({ armoredKey: other.publicKey }),
  });
  cases.push(['notForTeacher', withAttachments([{ name: 'm.asc', type: 'application/octet-stream', text: toOther }]), /no para la mía/]);
  const toTeacher = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: 'Profe: solo tú y yo.\n' }),
    encryptionKeys: await openpgp.readKey({ armoredKey: teacher.pgpPublic }),
    format: 'binary',
  });
  const binary =
    head() +
    `Content-Type: multipart/mixed; boundary="x"\n\n--x\nContent-Type: application/octet-stream; name="missatge_xifrat.gpg"\nContent-Transfer-Encoding: base64\n\n${Buffer.from(toTeacher as Uint8Array).toString('base64')}\n--x--\n`;
  cases.push(['unsigned', binary, /empieza así: «Profe: solo tú y yo\.»/]);
  cases.push([
    'unreadable',
    head() + 'Content-Type: text/plain\n\n-----BEGIN PGP MESSAGE-----\n\nnotbase64@@@\n-----END PGP MESSAGE-----\n',
    /no se puede leer/,
  ]);
  for (const [outcome, raw, text] of cases) {
    const a = await answerMail({ raw: Buffer.from(crlf(raw)), sender: ME, lang: 'es', teacherDir: testTeacher() });
    assert.equal(a.outcome, outcome, `${outcome}: ${a.detail}`);
    assert.equal(a.secret, undefined);
    assert.match(a.mail, /^Content-Type: text\/plain; charset=utf-8$/m);
    assert.match(a.mail, text, `${outcome}: ${a.mail}`);
    assert.doesNotMatch(a.mail, /BEGIN PGP MESSAGE/);
  }
});

test('an expired key: the signature is good, but the note says the key cannot encrypt', async () => {
  const old = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ email: ME }],
    keyExpirationTime: 60,
    date: new Date(Date.now() - 3600_000),
    format: 'armored',
  });
  const signed = await openpgp.sign({
    message: await openpgp.createCleartextMessage({ text: 'Hola\n' }),
    signingKeys: await openpgp.readPrivateKey({ armoredKey: old.privateKey }),
    date: new Date(Date.now() - 3590_000),
  });
  const a = await readPgp(
    inc(
      withAttachments([
        { name: 's.txt', type: 'text/plain', text: signed },
        { name: 'k.asc', type: 'text/plain', text: old.publicKey },
      ]),
    ),
  );
  assert.ok(a && ['keyUnusable', 'noKey', 'badSignature'].includes(a.outcome), a?.detail);
});

test('a mail with no OpenPGP at all is left to the caller, which sends the plain note', async () => {
  const raw = head() + 'Content-Type: text/plain\n\nHola, profe\n';
  assert.equal(await readPgp(inc(raw)), undefined);
  const a = await answerMail({ raw: Buffer.from(crlf(raw)), sender: ME, lang: 'ca', teacherDir: testTeacher() });
  assert.equal(a.kind, 'plain');
  assert.match(a.mail, /No anava signat, ni amb GPG ni amb S\/MIME/);
});

const noGpg = missingTools(['gpg', 'gpgconf']);
test('the real gpg decrypts the answer and reports a good signature from the teacher key', { skip: noGpg }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'mailsec-answer-gpg-'));
  const gnupg = join(home, 'g');
  mkdirSync(gnupg, { mode: 0o700 });
  const gpg = (args: string[], input?: string) =>
    execFileSync('gpg', ['--homedir', gnupg, '--batch', '--yes', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], {
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  try {
    gpg(['--import'], mine.privateKey);
    gpg(['--import'], teacher.pgpPublic);
    const raw = withAttachments([
      { name: 'missatge_signat.txt', type: 'text/plain', text: await clearsign('Hola, profe\n') },
      { name: 'alumno.asc', type: 'application/pgp-keys', text: mine.publicKey },
    ]);
    const a = await answerMail({ raw: Buffer.from(crlf(raw)), sender: ME, lang: 'en', teacherDir: testTeacher() });
    const file = join(home, 'answer.eml');
    writeFileSync(file, a.mail);
    // gpg reads the whole mail: what comes before the armor is skipped
    const out = execFileSync('gpg', ['--homedir', gnupg, '--batch', '--status-fd', '2', '--decrypt', file], {
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    assert.ok(out.includes(`Your secret code is: ${a.secret}`), out);
    const status = spawnSync('gpg', ['--homedir', gnupg, '--batch', '--status-fd', '2', '--decrypt', file], { encoding: 'utf8' }).stderr;
    assert.match(status, new RegExp(`\\[GNUPG:\\] VALIDSIG ${teacher.fingerprint} `));
    assert.match(status, /\[GNUPG:\] GOODSIG \S+ .*<profesor@escuela\.example>/);
  } finally {
    execFileSync('gpgconf', ['--homedir', gnupg, '--kill', 'all']);
  }
});
