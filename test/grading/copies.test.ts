// Copy detection, through the built CLI: pairs of students with what they share (keys,
// signatures, the same wrong answer, identical files), never the template everyone has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { freshWorkspace, tempDir } from '../prove/env.js';
import { englishIn } from '../helpers/english.js';
import { Progress } from '../../src/workspace/progress.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { TEACHER_CA_PATH } from '../../src/mailcrypto/teacher.js';
import { testTeacher } from '../helpers/teacher.js';

type Graded = {
  submissions: {
    student: string;
    warnings: string[];
    copies?: { student: string; file: string; shared: { kind: string; where: string }[] }[];
  }[];
};

const DKIM = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIDKIMKEYOFANAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n-----END PRIVATE KEY-----\n';
const SIGNED = (who: string) =>
  `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nHola, soy ${who}.\n-----BEGIN PGP SIGNATURE-----\n\niHUEARYKAB0WIQ${Buffer.from(who).toString('base64')}SIGNATUREbytes\n=abcd\n-----END PGP SIGNATURE-----\n`;
const NOTES = 'Mis notas de la práctica, escritas por mí con mis propias palabras. '.repeat(5);

function student(domain: string, o: { dkim?: string; signedBy?: string; notes?: string; wrong?: string }): Workspace {
  const ws = freshWorkspace(domain);
  const p = Progress.load(ws);
  // the right answer to a text question is the same for everyone: never a copy
  p.setAnswer('01-threats', 'relay-restriction', 'reject_unauth_destination');
  if (o.wrong) p.setAnswer('01-threats', 'main-cf', o.wrong);
  // what the lesson asks everyone to write into a file with no domain in it: the same for all, no copy
  writeFileSync(ws.resolve('etc/spamassassin/local.cf'), 'required_score 5.0\nrewrite_header Subject *****SPAM*****\n'.repeat(6));
  // what the whole class is given (a teacher's certificate): nobody copied it
  writeFileSync(ws.resolve('home/alumno/profesor.crt'), '-----BEGIN CERTIFICATE-----\nMIIBteacher\n-----END CERTIFICATE-----\n');
  if (o.dkim) {
    mkdirSync(ws.resolve(`etc/opendkim/keys/${domain}`), { recursive: true });
    writeFileSync(ws.resolve(`etc/opendkim/keys/${domain}/default.private`), o.dkim, { mode: 0o600 });
  }
  if (o.signedBy) writeFileSync(ws.resolve('missatge_signat.txt'), SIGNED(o.signedBy));
  if (o.notes) writeFileSync(ws.resolve('home/alumno/notas.txt'), o.notes);
  return ws;
}

async function submit(ws: Workspace, name: string, dir: string): Promise<string> {
  const file = join(dir, `${name}.mailsec`);
  const r = await runCli(['submit', '--out', file, '--name', name], { ws: ws.root });
  assert.equal(r.code, 0, r.stderr);
  return file;
}

test('two students sharing a DKIM key, a signature, a wrong answer and a file are reported as a pair with what they share', async () => {
  const dir = tempDir();
  await submit(student('ana.test', { dkim: DKIM, signedBy: 'Ana', notes: NOTES, wrong: 'postfix.conf' }), 'ana', dir);
  await submit(student('bob.test', { dkim: DKIM, signedBy: 'Ana', notes: NOTES, wrong: 'postfix.conf' }), 'bob', dir);
  // on her own: a key, a signature and notes of her own, a wrong answer of her own
  await submit(
    student('cai.test', { dkim: DKIM.replace('ANA', 'CAI'), signedBy: 'Cai', notes: NOTES.toUpperCase(), wrong: 'master.cf' }),
    'cai',
    dir,
  );
  const r = await runCli(['grade', dir, '--json'], { lang: 'en', timeoutMs: 100_000 });
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as Graded;
  const [ana, bob, cai] = ['ana', 'bob', 'cai'].map((n) => j.submissions.find((s) => s.student === n)!);
  assert.deepEqual(bob.copies, [
    {
      student: 'ana',
      file: 'ana.mailsec',
      shared: [
        { kind: 'dkimKey', where: 'etc/opendkim/keys/bob.test/default.private' },
        { kind: 'signature', where: 'missatge_signat.txt' },
        { kind: 'answer', where: '01-threats/main-cf' },
        { kind: 'file', where: 'home/alumno/notas.txt' },
      ],
    },
  ]);
  assert.equal(ana.copies?.[0].student, 'bob');
  assert.deepEqual(
    bob.warnings.filter((w) => /^shares with/.test(w)),
    [
      'shares with ana (ana.mailsec): the DKIM key etc/opendkim/keys/bob.test/default.private; an identical signature or encrypted message (missatge_signat.txt); the same answer to 01-threats/main-cf; the identical file home/alumno/notas.txt',
    ],
  );
  assert.equal(cai.copies, undefined);
  // the class page's pairs table is this detection's: one row, ana and bob, with all they share (the answer too)
  const page = join(tempDir(), 'class.html');
  const h = await runCli(['grade', dir, '--html', page], { lang: 'en', timeoutMs: 100_000 });
  assert.equal(h.code, 0, h.stderr);
  const html = readFileSync(page, 'utf8');
  const pairs = html.slice(html.indexOf('Possible copies'), html.indexOf('Each student'));
  const rows = pairs.match(/<tr><td>.*?<\/tr>/g) ?? [];
  assert.equal(rows.length, 1, pairs);
  assert.match(rows[0], /^<tr><td>ana<br>.*<td>bob<br>/);
  for (const where of ['etc/opendkim/keys/ana.test/default.private', 'missatge_signat.txt', '01-threats/main-cf', 'home/alumno/notas.txt'])
    assert.ok(rows[0].includes(`<span class="mono">${where}</span>`), where);
  assert.deepEqual(
    cai.warnings,
    cai.warnings.filter((w) => !/shares with/.test(w)),
  );

  // in Spanish and Catalan, with no English in them
  for (const lang of ['es', 'ca'] as const) {
    const x = await runCli(['grade', dir, '--json'], { lang, timeoutMs: 100_000 });
    const b = (JSON.parse(x.stdout) as Graded).submissions.find((s) => s.student === 'bob')!;
    const w = b.warnings.find((s) => /ana \(ana\.mailsec\)/.test(s));
    assert.ok(w, b.warnings.join('\n'));
    assert.match(
      w,
      lang === 'es'
        ? /^comparte con ana .*la clave DKIM .*la misma respuesta en 01-threats\/main-cf/
        : /^comparteix amb ana .*la clau DKIM .*la mateixa resposta a 01-threats\/main-cf/,
    );
    for (const s of b.warnings) assert.equal(englishIn(s), undefined, s);
  }
});

test('two students of one machine share the CA certificate of the teacher who answers them (lesson 12): no copy', async () => {
  const dir = tempDir();
  const ca = readFileSync(join(testTeacher(), 'class-ca.crt'), 'utf8');
  for (const [name, domain] of [
    ['dan', 'dan.test'],
    ['eva', 'eva.test'],
  ]) {
    const ws = freshWorkspace(domain);
    writeFileSync(ws.resolve(TEACHER_CA_PATH), ca);
    await submit(ws, name, dir);
  }
  const r = await runCli(['grade', dir, '--json'], { lang: 'en', timeoutMs: 100_000 });
  assert.equal(r.code, 0, r.stderr);
  for (const s of (JSON.parse(r.stdout) as Graded).submissions) assert.equal(s.copies, undefined, JSON.stringify(s.copies));
});
