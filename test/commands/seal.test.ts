// A class workspace's submission is sealed for the teacher: encrypted to the teacher's key
// from the class file, signed with the student's lesson-11 key by their own gpg. Made and
// graded through the built CLI; read back with real gpg as the teacher would.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { runCli } from '../helpers/cli.js';
import { missingTools, tempDir } from '../prove/env.js';
import { isSealed, seal } from '../../src/grading/seal.js';

const PASS = 'una frase larga de la lección 11';
const homes: string[] = [];
after(() => {
  for (const h of homes) execFileSync('gpgconf', ['--homedir', h, '--kill', 'gpg-agent'], { stdio: 'ignore' });
});

interface Class {
  work: string;
  teacher: string;
  ws: string;
  domain: string;
}

async function classWorkspace(): Promise<Class> {
  const work = tempDir();
  const teacher = join(work, 'profe');
  assert.equal((await runCli(['teacher', 'init', teacher, '--name', 'Laura Puig'])).code, 0);
  writeFileSync(join(work, 'smx.csv'), 'Nombre,Correo\nAna Ruiz,ana@ies.cat\n');
  assert.equal((await runCli(['class', 'init', join(work, 'smx.csv'), '--teacher', teacher, '--out', join(work, 'smx.json')])).code, 0);
  const ws = join(work, 'ws');
  const init = await runCli(['init', ws, '--class', join(work, 'smx.json'), '--student', 'ana@ies.cat']);
  assert.equal(init.code, 0, init.stderr);
  const domain = JSON.parse(readFileSync(join(ws, '.mailsec/workspace.json'), 'utf8')).domain as string;
  return { work, teacher, ws, domain };
}

const gpg = (home: string, args: string[], input?: string) =>
  execFileSync('gpg', ['--homedir', home, '--batch', ...args], { input, stdio: ['pipe', 'pipe', 'pipe'] });

/** Lesson 11's key, made as the lesson says (with a passphrase), then used once so gpg-agent keeps the passphrase. */
function lesson11Key(c: Class): string {
  const home = join(c.ws, 'home/alumno/.gnupg');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  homes.push(home);
  const loop = ['--pinentry-mode', 'loopback', '--passphrase', PASS];
  gpg(home, [...loop, '--quick-gen-key', `Ana <alumno@${c.domain}>`, 'future-default', 'default', '2y']);
  gpg(home, [...loop, '--armor', '--detach-sign', '--output', '-'], 'primed');
  return gpg(home, ['--with-colons', '--list-secret-keys'])
    .toString()
    .split('\n')
    .find((l) => l.startsWith('fpr:'))!
    .split(':')[9];
}

async function submit(c: Class, name: string) {
  const out = join(c.work, `${name}.mailsec`);
  const r = await runCli(['submit', '--out', out], { ws: c.ws, lang: 'es' });
  assert.equal(r.code, 0, r.stderr);
  return { file: out, ...r };
}

async function gradeJson(file: string, teacher: string) {
  const g = await runCli(['grade', file, '--teacher', teacher, '--json'], { lang: 'en', timeoutMs: 300_000 });
  assert.equal(g.code, 0, g.stderr);
  return JSON.parse(g.stdout).submissions[0] as { warnings: string[]; teacherRead?: string[]; student: string };
}

test(
  'a class submission is encrypted to the teacher and signed with the lesson 11 key; the teacher grades it, and real gpg reads it',
  { skip: missingTools(['gpg', 'gpgconf']) },
  async () => {
    const c = await classWorkspace();
    const fpr = lesson11Key(c);
    const s = await submit(c, 'ana');
    assert.match(
      s.stdout,
      /Va cifrada para Laura Puig <profesor@escuela\.example> \(clave [0-9A-F]{40}\): solo tu profesor o profesora puede abrirla/,
    );
    assert.match(s.stdout, new RegExp(`Firmada con tu clave de la lección 11 \\(${fpr}\\)`));
    const raw = readFileSync(s.file);
    assert.ok(isSealed(raw) && raw[0] !== 0x1f, 'not a plain gzip bundle');
    assert.equal(statSync(s.file).mode & 0o777, 0o600);
    const graded = await gradeJson(s.file, c.teacher);
    assert.equal(graded.student, 'Ana Ruiz');
    assert.ok(graded.teacherRead?.includes(`signed by the student with their key ${fpr}`), JSON.stringify(graded.teacherRead));
    assert.deepEqual(
      graded.warnings.filter((w) => /sign|encrypt/.test(w)),
      [],
    );
    // the teacher's own gpg: their secret key and the student's public one, and gpg --decrypt
    const th = join(tempDir(), 'gpg');
    mkdirSync(th, { mode: 0o700 });
    homes.push(th);
    gpg(th, ['--import', join(c.teacher, 'openpgp-secret.asc')]);
    gpg(th, ['--import'], gpg(join(c.ws, 'home/alumno/.gnupg'), ['--armor', '--export', fpr]).toString());
    const status = join(th, 'status');
    const plain = execFileSync('gpg', ['--homedir', th, '--batch', '--status-file', status, '--decrypt', s.file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.equal(JSON.parse(gunzipSync(plain).toString('utf8')).format, 'mailsec-submission');
    assert.match(readFileSync(status, 'utf8'), new RegExp(`\\[GNUPG:\\] VALIDSIG ${fpr}`));
  },
);

test(
  'a sealed submission is refused with the reason when the teacher key is missing or another, or the file was changed',
  { skip: missingTools(['gpg', 'gpgconf']) },
  async () => {
    const c = await classWorkspace();
    lesson11Key(c);
    const s = await submit(c, 'ana');
    const none = await runCli(['grade', s.file], { lang: 'es' });
    assert.equal(none.code, 1);
    assert.match(
      none.stderr,
      /ana\.mailsec no se puede corregir: va cifrada para el profesor o profesora de la clase y aquí no está su clave: corrige con «--teacher CARPETA»/,
    );
    const other = join(c.work, 'otro');
    await runCli(['teacher', 'init', other]);
    const wrong = await runCli(['grade', s.file, '--teacher', other], { lang: 'ca' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /va xifrat per a una altra clau, no per a la de .*otro; potser és d'una altra classe/);
    const flipped = Buffer.from(readFileSync(s.file));
    flipped[flipped.length >> 1] ^= 1;
    writeFileSync(join(c.work, 'flipped.mailsec'), flipped);
    const t = await runCli(['grade', join(c.work, 'flipped.mailsec'), '--teacher', c.teacher], { lang: 'en' });
    assert.equal(t.code, 1);
    assert.match(t.stderr, /flipped\.mailsec cannot be graded: it is encrypted for you, but was changed after it was encrypted/);
    writeFileSync(join(c.work, 'cut.mailsec'), readFileSync(s.file).subarray(0, 300));
    const cut = await runCli(['grade', join(c.work, 'cut.mailsec'), '--teacher', c.teacher], { lang: 'en' });
    assert.equal(cut.code, 1);
    assert.match(
      cut.stderr,
      /cut\.mailsec cannot be graded: it (is encrypted for you, but was changed|starts as an OpenPGP message but cannot be read)/,
    );
    // a compression bomb inside the seal: 40 MB of zeros in a few kB
    const bomb = await openpgp.encrypt({
      message: await openpgp.createMessage({ binary: new Uint8Array(40 * 1024 * 1024) }),
      encryptionKeys: await openpgp.readKey({ armoredKey: readFileSync(join(c.teacher, 'openpgp-public.asc'), 'utf8') }),
      format: 'binary',
      config: { preferredCompressionAlgorithm: openpgp.enums.compression.zlib },
    });
    writeFileSync(join(c.work, 'bomb.mailsec'), bomb as Uint8Array);
    assert.ok(statSync(join(c.work, 'bomb.mailsec')).size < 1024 * 1024);
    const b = await runCli(['grade', join(c.work, 'bomb.mailsec'), '--teacher', c.teacher], { lang: 'es' });
    assert.equal(b.code, 1);
    assert.match(b.stderr, /bomb\.mailsec no se puede corregir: al descomprimirla ocupa más de 16777216 bytes/);
    assert.doesNotMatch(none.stderr + wrong.stderr + t.stderr + cut.stderr + b.stderr, /\n\s+at /, 'no stack trace');
  },
);

test(
  "an edit made by someone who could open it breaks the student's signature; a signature by a key the student does not have is named",
  { skip: missingTools(['gpg', 'gpgconf']) },
  async () => {
    const c = await classWorkspace();
    const fpr = lesson11Key(c);
    const home = join(c.ws, 'home/alumno/.gnupg');
    const pub = readFileSync(join(c.teacher, 'openpgp-public.asc'), 'utf8');
    // the bundle as submit makes it, and the student's detached signature over it
    const plain = await submit(c, 'plain-source');
    const th = join(tempDir(), 'gpg');
    mkdirSync(th, { mode: 0o700 });
    homes.push(th);
    gpg(th, ['--import', join(c.teacher, 'openpgp-secret.asc')]);
    gpg(th, ['--import'], gpg(home, ['--armor', '--export', fpr]).toString());
    const gz = execFileSync('gpg', ['--homedir', th, '--batch', '--decrypt', plain.file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const sig = execFileSync('gpg', ['--homedir', home, '--batch', '--armor', '--detach-sign', '--local-user', fpr, '--output', '-'], {
      input: gz,
    }).toString();
    // the same signature on a bundle whose progress someone changed
    const b = JSON.parse(gunzipSync(gz).toString('utf8'));
    b.student = 'Ana Ruiz (editada)';
    writeFileSync(join(c.work, 'edited.mailsec'), await seal(gzipSync(JSON.stringify(b)), pub, sig));
    const edited = await gradeJson(join(c.work, 'edited.mailsec'), c.teacher);
    assert.ok(
      edited.warnings.includes(
        `the signature with the key ${fpr} does not match the content: someone changed the submission after it was signed`,
      ),
      edited.warnings.join('\n'),
    );
    // signed by a key made for the occasion
    const stranger = await openpgp.generateKey({
      type: 'ecc',
      curve: 'ed25519Legacy',
      userIDs: [{ email: `alumno@${c.domain}` }],
      format: 'object',
    });
    const other = await openpgp.sign({
      message: await openpgp.createMessage({ binary: gz }),
      signingKeys: stranger.privateKey,
      detached: true,
    });
    writeFileSync(join(c.work, 'stranger.mailsec'), await seal(gz, pub, other as string));
    const st = await gradeJson(join(c.work, 'stranger.mailsec'), c.teacher);
    const id = stranger.privateKey.getKeyID().toHex().toUpperCase();
    assert.ok(
      st.warnings.includes(`signed with the key ${id}, which is not in their workspace: not the student's lesson 11 key`),
      st.warnings.join('\n'),
    );
  },
);

test(
  'without a lesson 11 key, or when gpg cannot sign without a terminal, the submission is sealed unsigned and says so',
  { skip: missingTools(['gpg', 'gpgconf']) },
  async () => {
    const c = await classWorkspace();
    const s = await submit(c, 'nokey');
    assert.match(s.stdout, /Va cifrada para Laura Puig/);
    assert.doesNotMatch(s.stdout, /Firmada/);
    const g = await gradeJson(s.file, c.teacher);
    assert.ok(g.warnings.includes('encrypted, but not signed by the student: nothing proves who made it'), g.warnings.join('\n'));
    // the key exists, but its passphrase is not in gpg-agent's cache and there is no terminal to ask in
    lesson11Key(c);
    execFileSync('gpgconf', ['--homedir', join(c.ws, 'home/alumno/.gnupg'), '--kill', 'gpg-agent']);
    const cold = await submit(c, 'cold');
    assert.match(cold.stdout, /Va cifrada para Laura Puig/);
    assert.match(
      cold.stderr,
      /No la he podido firmar con tu clave de la lección 11 \(.+\); va cifrada, pero sin firma\. Para firmarla, vuelve a ejecutar «mailsec submit» en un terminal/,
    );
    assert.ok(isSealed(readFileSync(cold.file)));
  },
);
