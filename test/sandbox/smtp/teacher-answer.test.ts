// The sandbox's teacher: who gets an answer (a local learner writing to the teacher, never a
// robot or an outside sender), what is logged, and that only a hash of the secret is kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import * as openpgp from 'openpgp';
import { testSandbox, sleep, type TestSandbox } from '../../helpers/sandbox.js';
import { testTeacher } from '../../helpers/teacher.js';
import { createTransport } from '../../../src/vendor/nodemailer.js';
import { readAnswers, secretHash, TEACHER_ANSWERS } from '../../../src/sandbox/api.js';

const ME = 'alumno@aula.test';
let t: TestSandbox;
let mine: { publicKey: string; privateKey: string };

before(async () => {
  testTeacher();
  t = await testSandbox();
  mine = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: ME }], format: 'armored' });
});
after(() => t?.close());

async function send(from: string, raw: string) {
  const tr = createTransport({ host: '127.0.0.1', port: t.h.ports.smtp, secure: false, ignoreTLS: true, name: 'pc.aula.test' });
  try {
    await tr.sendMail({ envelope: { from, to: ['profesor@escuela.example'] }, raw });
  } finally {
    tr.close();
  }
}

const answersNow = () => t.events().filter((e) => e.type === 'teacherAnswer');

async function waitAnswers(n: number): Promise<void> {
  for (let i = 0; i < 100 && answersNow().length < n; i++) await sleep(100);
}

test('a signed mail with the key gets an encrypted answer in the mailbox; mail.log says why; only a hash of the secret is kept', async () => {
  const signed = await openpgp.sign({
    message: await openpgp.createCleartextMessage({ text: 'Hola, profe\n' }),
    signingKeys: await openpgp.readPrivateKey({ armoredKey: mine.privateKey }),
  });
  await send(ME, `From: <${ME}>\r\nTo: <profesor@escuela.example>\r\nSubject: firmado\r\n\r\n${signed.replace(/\r?\n/g, '\r\n')}\r\n${mine.publicKey.replace(/\r?\n/g, '\r\n')}\r\n`);
  await waitAnswers(1);
  const [ev] = answersNow();
  assert.equal(ev?.outcome, 'answered');
  assert.equal(ev.to, ME);
  const delivered = t.events().find((e) => e.type === 'delivered' && e.queueId === ev.queueId);
  assert.equal(delivered?.folder, 'inbox');
  const mail = t.ws.readText(String(delivered!.path))!;
  assert.match(mail, /^From: .*<profesor@escuela\.example>$/m);
  assert.match(t.log(), /teacher\[\d+\]: \w+: from=<alumno@aula\.test>: good signature from [0-9A-F]{40}, answer encrypted to it and signed by [0-9A-F]{40}; answered with OpenPGP/);
  // the answer arrives as from the teacher's server: not with the learner's TLS or login
  const queued = t.events().find((e) => e.type === 'queued' && e.queueId === ev.queueId);
  assert.equal(queued?.auth, null);
  const armored = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/.exec(mail)![0];
  const r = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: await openpgp.readPrivateKey({ armoredKey: mine.privateKey }) });
  const secret = /([2-9A-Z]{4}-[2-9A-Z]{4})/.exec(String(r.data))![1];
  const file = t.ws.resolve(TEACHER_ANSWERS);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const text = t.ws.readText(TEACHER_ANSWERS)!;
  assert.ok(!text.includes(secret), 'the record never holds the secret itself');
  const [rec] = readAnswers((rel) => t.ws.readText(rel));
  assert.equal(rec.hash, secretHash(rec.salt!, secret.toLowerCase().replace('-', ' ')));
});

test('no answer to an outside sender, nor to an automatic reply; a plain mail gets the note', async () => {
  const before = answersNow().length;
  await send('someone@elsewhere.example', 'From: <someone@elsewhere.example>\r\nSubject: x\r\n\r\nhola\r\n');
  await send(ME, `From: <${ME}>\r\nAuto-Submitted: auto-replied\r\nSubject: x\r\n\r\nhola\r\n`);
  await send(ME, `From: <${ME}>\r\nSubject: sin firma\r\n\r\nHola, profe\r\n`);
  await waitAnswers(before + 1);
  await sleep(500);
  const now = answersNow().slice(before);
  assert.equal(now.length, 1, JSON.stringify(now));
  assert.equal(now[0].kind, 'plain');
  assert.equal(now[0].outcome, 'unsigned');
});
