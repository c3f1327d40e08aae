// A teacher's class through the built CLI: the teacher's identities, the class file from a
// roster, a student's workspace from it, and grading with the teacher's own secret key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../prove/env.js';

/** Where grade --keep left a student's files: a numbered folder per student, then the bundle's name. */
function kept(keep: string, bundle: string): string {
  const hit = readdirSync(keep)
    .map((n) => join(keep, n, bundle))
    .find((d) => existsSync(d));
  assert.ok(hit, `no ${bundle} under ${keep}`);
  return hit;
}

const mode = (p: string) => statSync(p).mode & 0o777;
const ROSTER = [
  'Nombre,Correo,Grupo',
  '"García López, Marta",marta@ies.cat,SMX2A',
  'Marta García Pérez,marta.g@ies.cat,SMX2B',
  'Núria Puig i Soler,nuria@ies.cat',
  'Pep Vila,sin-arroba',
].join('\n');

async function teacherDir(): Promise<string> {
  const dir = join(tempDir(), 'profe');
  const r = await runCli(['teacher', 'init', dir, '--name', 'Laura Puig'], { lang: 'es' });
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

test('teacher init makes an OpenPGP key pair and an S/MIME certificate from a class CA, secrets 0600 in a 0700 folder', async () => {
  const dir = await teacherDir();
  assert.equal(mode(dir), 0o700);
  for (const f of ['openpgp-secret.asc', 'class-ca.key', 'smime.key']) assert.equal(mode(join(dir, f)), 0o600, f);
  const pub = await openpgp.readKey({ armoredKey: readFileSync(join(dir, 'openpgp-public.asc'), 'utf8') });
  assert.ok(!pub.isPrivate());
  assert.deepEqual(pub.getUserIDs(), ['Laura Puig <profesor@escuela.example>']);
  const secret = await openpgp.readPrivateKey({ armoredKey: readFileSync(join(dir, 'openpgp-secret.asc'), 'utf8') });
  assert.equal(secret.getFingerprint(), pub.getFingerprint());
  const ca = new X509Certificate(readFileSync(join(dir, 'class-ca.crt')));
  const me = new X509Certificate(readFileSync(join(dir, 'smime.crt')));
  assert.ok(ca.ca && ca.verify(ca.publicKey), 'the class CA is a self-signed CA');
  assert.ok(!me.ca && me.verify(ca.publicKey) && me.checkIssued(ca), 'the S/MIME certificate is issued by the class CA');
  assert.equal(me.subjectAltName, 'email:profesor@escuela.example');
  assert.match(me.keyUsage?.join(' ') ?? '', /1\.3\.6\.1\.5\.5\.7\.3\.4/, 'for e-mail protection');
});

test('teacher init says what it made in each language, never replaces an identity, refuses a folder with other files', async () => {
  const base = tempDir();
  const en = await runCli(['teacher', 'init', join(base, 'en')], { lang: 'en' });
  assert.match(en.stdout, /Teacher's identities made in .*en \(folder 0700; the secret keys 0600/);
  assert.match(
    en.stdout,
    /OpenPGP [0-9A-F]{40} <profesor@escuela\.example>: openpgp-public\.asc \(public\) and openpgp-secret\.asc \(secret\)/,
  );
  const ca = await runCli(['teacher', 'init', join(base, 'ca')], { lang: 'ca' });
  assert.match(ca.stdout, /Identitats del professorat creades a .*CA de la classe: class-ca\.crt/s);
  const before = readFileSync(join(base, 'en', 'openpgp-secret.asc'), 'utf8');
  const again = await runCli(['teacher', 'init', join(base, 'en')], { lang: 'es' });
  assert.equal(again.code, 0);
  assert.match(again.stdout, /Ya hay identidades del profesorado en .*no las sustituyo/);
  assert.equal(readFileSync(join(base, 'en', 'openpgp-secret.asc'), 'utf8'), before);
  mkdirSync(join(base, 'busy'));
  writeFileSync(join(base, 'busy', 'notes.txt'), 'x');
  const busy = await runCli(['teacher', 'init', join(base, 'busy')], { lang: 'en' });
  assert.equal(busy.code, 2);
  assert.match(busy.stderr, /already holds files that are not mailsec identities/);
  assert.doesNotMatch(busy.stderr, /\n\s+at /, 'no stack trace');
});

test("class init writes a class file with each student's domain and only the teacher's public parts; bad rows named by line", async () => {
  const dir = await teacherDir();
  const work = tempDir();
  writeFileSync(join(work, 'smx.csv'), ROSTER);
  const r = await runCli(['class', 'init', join(work, 'smx.csv'), '--teacher', dir, '--out', join(work, 'smx.json'), '--name', 'SMX 2'], {
    lang: 'es',
  });
  assert.equal(r.code, 1, 'a roster with a bad row exits 1');
  assert.match(r.stderr, /smx\.csv:5: el correo no es una dirección válida: Pep Vila, sin-arroba/);
  assert.match(r.stdout, /Clase «SMX 2» \(código smx-2\): 3 estudiantes/);
  const text = readFileSync(join(work, 'smx.json'), 'utf8');
  assert.doesNotMatch(text, /PRIVATE KEY/);
  const c = JSON.parse(text);
  assert.deepEqual(
    c.students.map((s: { email: string; domain: string; group?: string }) => [s.email, s.domain, s.group]),
    [
      // the same name twice: the e-mails in order decide (marta.g@ sorts before marta@)
      ['marta@ies.cat', 'garcia-marta-2.alexdns.local', 'SMX2A'],
      ['marta.g@ies.cat', 'garcia-marta.alexdns.local', 'SMX2B'],
      ['nuria@ies.cat', 'puig-nuria.alexdns.local', undefined],
    ],
  );
  assert.equal(c.teacher.openpgp, readFileSync(join(dir, 'openpgp-public.asc'), 'utf8'));
  assert.equal(c.teacher.smime, readFileSync(join(dir, 'smime.crt'), 'utf8'));
  // a roster that is not a regular file is refused at once, never read (a FIFO would hang, /dev/zero fill memory)
  execFileSync('mkfifo', [join(work, 'fifo.csv')]);
  symlinkSync('/dev/zero', join(work, 'zero.csv'));
  for (const [f, lang, re] of [
    ['fifo.csv', 'es', /fifo\.csv no es un archivo normal/],
    ['zero.csv', 'ca', /zero\.csv no és un fitxer normal/],
    ['missing.csv', 'en', /Cannot read the roster .*missing\.csv: ENOENT/],
  ] as const) {
    const r = await runCli(['class', 'init', join(work, f), '--teacher', dir], { lang, timeoutMs: 20_000 });
    assert.equal(r.code, 2, `${f}: ${r.stderr}`);
    assert.match(r.stderr, re);
  }
  const none = await runCli(['class', 'init', join(work, 'smx.csv'), '--teacher', join(work, 'nobody')], { lang: 'en' });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /There are no teacher's identities in .*nobody\. Make them with: mailsec teacher init/);
});

test("a student's workspace from the class file: their domain, the teacher's public key as profesor.asc", async () => {
  const dir = await teacherDir();
  const work = tempDir();
  writeFileSync(join(work, 'smx.csv'), ROSTER);
  await runCli(['class', 'init', join(work, 'smx.csv'), '--teacher', dir, '--out', join(work, 'smx.json')]);
  const ws = join(work, 'ws');
  const r = await runCli(['init', ws, '--class', join(work, 'smx.json'), '--student', 'Marta@ies.cat'], { lang: 'ca' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Ets García López, Marta <marta@ies\.cat> a la classe «smx»; el teu domini és garcia-marta-2\.alexdns\.local/);
  assert.equal(JSON.parse(readFileSync(join(ws, '.mailsec/workspace.json'), 'utf8')).domain, 'garcia-marta-2.alexdns.local');
  assert.equal(readFileSync(join(ws, 'home/alumno/profesor.asc'), 'utf8'), readFileSync(join(dir, 'openpgp-public.asc'), 'utf8'));
  assert.ok(existsSync(join(ws, 'etc/bind/db.garcia-marta-2.alexdns.local')));
  // the roster's name is the submission's, and the class travels with it
  const bundles = tempDir();
  const sub = await runCli(['submit', '--out', join(bundles, 'marta.mailsec')], { ws });
  assert.equal(sub.code, 0, sub.stderr);
  const graded = JSON.parse(
    (await runCli(['grade', bundles, '--teacher', dir, '--json', '--keep', join(bundles, 'k')], { timeoutMs: 300_000 })).stdout,
  );
  assert.equal(graded.submissions[0].student, 'García López, Marta');
  // and the roster's e-mail, the gradebook's identifier (Moodle's sheet), without --email
  assert.equal(graded.submissions[0].email, 'marta@ies.cat');
  assert.equal(
    JSON.parse(readFileSync(join(kept(join(bundles, 'k'), 'marta.mailsec'), '.mailsec/class.json'), 'utf8')).student.email,
    'marta@ies.cat',
  );
  const which = await runCli(['init', join(work, 'w2'), '--class', join(work, 'smx.json')], { lang: 'en' });
  assert.equal(which.code, 2);
  assert.match(which.stderr, /has 3 students: say which one you are with --student YOUR_EMAIL/);
  const stranger = await runCli(['init', join(work, 'w3'), '--class', join(work, 'smx.json'), '--student', 'x@y.cat'], { lang: 'es' });
  assert.equal(stranger.code, 2);
  assert.match(stranger.stderr, /x@y\.cat no está en el archivo de clase/);
  // a class file someone put a secret key in is refused
  const leaked = JSON.parse(readFileSync(join(work, 'smx.json'), 'utf8'));
  leaked.teacher.ca += readFileSync(join(dir, 'class-ca.key'), 'utf8');
  writeFileSync(join(work, 'leaked.json'), JSON.stringify(leaked));
  const bad = await runCli(['init', join(work, 'w4'), '--class', join(work, 'leaked.json'), '--student', 'nuria@ies.cat'], { lang: 'en' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /holds a private key: a class file must carry public parts only/);
  assert.ok(!existsSync(join(work, 'w4')));
});

test('without a class file, the teacher is made once per machine outside the workspace; no secret lands in it', async () => {
  const machine = join(tempDir(), 'teacher');
  const env = { MAILSEC_TEACHER_DIR: machine };
  const a = join(tempDir(), 'a');
  const r = await runCli(['init', a], { lang: 'en', env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /the teacher on this machine is an identity made in .*teacher: its secret keys stay there, outside your workspace/,
  );
  assert.equal(readFileSync(join(a, 'home/alumno/profesor.asc'), 'utf8'), readFileSync(join(machine, 'openpgp-public.asc'), 'utf8'));
  const b = join(tempDir(), 'b');
  await runCli(['init', b], { env });
  assert.equal(
    readFileSync(join(b, 'home/alumno/profesor.asc'), 'utf8'),
    readFileSync(join(a, 'home/alumno/profesor.asc'), 'utf8'),
    'the same teacher',
  );
  const other = join(tempDir(), 'teacher');
  const c = join(tempDir(), 'c');
  await runCli(['init', c], { env: { MAILSEC_TEACHER_DIR: other } });
  assert.notEqual(
    readFileSync(join(c, 'home/alumno/profesor.asc'), 'utf8'),
    readFileSync(join(a, 'home/alumno/profesor.asc'), 'utf8'),
    'another machine, another teacher',
  );
});

/** A student's submission holding a message encrypted to `key` (the teacher's or another's) as missatge_xifrat.gpg. */
async function submission(dir: string, name: string, key: string, swapKey?: string): Promise<void> {
  const ws = join(tempDir(), 'ws');
  assert.equal((await runCli(['init', ws, '--domain', `${name}.test`])).code, 0);
  const message = await openpgp.createMessage({ binary: Buffer.from(`Hola profe, soy ${name}.\n`) });
  const enc = await openpgp.encrypt({ message, encryptionKeys: await openpgp.readKey({ armoredKey: key }), format: 'binary' });
  writeFileSync(join(ws, 'missatge_xifrat.gpg'), enc as Uint8Array);
  if (swapKey) writeFileSync(join(ws, 'home/alumno/profesor.asc'), swapKey);
  const s = await runCli(['submit', '--out', join(dir, `${name}.mailsec`), '--name', name], { ws });
  assert.equal(s.code, 0, s.stderr);
}

test("grade --teacher decrypts what students encrypted for their teacher with the teacher's secret key", async () => {
  const dir = await teacherDir();
  const teacherKey = readFileSync(join(dir, 'openpgp-public.asc'), 'utf8');
  const fake = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ email: 'profesor@escuela.example' }],
    format: 'armored',
  });
  const bundles = tempDir();
  await submission(bundles, 'ana', teacherKey);
  await submission(bundles, 'pau', fake.publicKey, fake.publicKey);
  const keep = join(tempDir(), 'keep');
  const g = await runCli(['grade', bundles, '--teacher', dir, '--keep', keep, '--json'], { lang: 'en', timeoutMs: 300_000 });
  assert.equal(g.code, 0, g.stderr);
  const j = JSON.parse(g.stdout);
  const ana = j.submissions.find((s: { student: string }) => s.student === 'ana');
  const pau = j.submissions.find((s: { student: string }) => s.student === 'pau');
  assert.deepEqual(ana.teacherRead, ['missatge_xifrat.gpg: decrypted with your secret key (21 bytes)']);
  assert.equal(readFileSync(join(kept(keep, 'ana.mailsec'), 'missatge_xifrat.gpg.decrypted'), 'utf8'), 'Hola profe, soy ana.\n');
  assert.deepEqual(pau.teacherRead, []);
  assert.ok(pau.warnings.includes('home/alumno/profesor.asc is not your public key: graded with yours'), pau.warnings.join('\n'));
  assert.ok(
    pau.warnings.some((w: string) => /^missatge_xifrat\.gpg: cannot be decrypted with your secret key: it is not encrypted to you/.test(w)),
  );
  const es = await runCli(['grade', bundles, '--teacher', dir], { lang: 'es', timeoutMs: 300_000 });
  assert.match(es.stdout, /missatge_xifrat\.gpg: descifrado con tu clave secreta \(21 bytes\)/);
  const missing = await runCli(['grade', bundles, '--teacher', join(dir, 'nope')], { lang: 'ca' });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /No hi ha identitats del professorat a /);
});
