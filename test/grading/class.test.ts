// A generated class of 30 from roster to grade sheet, through the built CLI as a teacher and
// their students would go: the teacher's identities, the class file, each student's
// workspace from it, their work (complete, partial, none, copied), their sealed submissions,
// a tampered one, one made by hand and hostile files; then one `mailsec grade` run writes the
// Moodle sheet, the HTML page and each student's feedback.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { Env, apply, missingTools, tempDir } from '../prove/env.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { loadCourse } from '../../src/checks/course.js';
import { lessonsDir, packageRoot } from '../../src/util/paths.js';
import type { LessonFixtures } from '../prove/types.js';
import { checkStep } from '../helpers/cli.js';
import { EMAIL_COLUMN } from '../../src/grading/report-csv.js';

const NAMES = [
  'García López, Marta',
  'Núria Puig i Soler',
  'Pau Vidal',
  'Joan Martí',
  'Aina Ferrer',
  'Lucía Romero',
  'Hugo Sánchez',
  'Sara Gil',
  'Iker Etxeberria',
  'Laia Serra',
  'Marc Roca',
  'Carla Pons',
  'Álex Moreno',
  'Noa Vila',
  'Jan Costa',
  'Irene Torres',
  'Biel Mas',
  'Ona Riera',
  'Pol Soler',
  'Emma Prat',
  'Leo Castro',
  'Mireia Font',
  'Dani Ortiz',
  'Júlia Camps',
  'Nil Bosch',
  'Paula Rey',
  'Arnau Sala',
  'Clara Vives',
  'Oriol Pujol',
  'Vera Blanco',
];
const email = (i: number) => `alumne${String(i + 1).padStart(2, '0')}@ies.cat`;
/** what each student does: the first three the two first lessons, the copier, one who tampers, … */
const COMPLETE = [0, 1, 2];
const COPIER = 3; // copies student 0's TLS key and certificate, and does lesson 01
const TAMPERED = 4; // flips a byte of the sealed file
const BY_HAND = 5; // hands in a plain bundle, with a pass claimed that is not there
const ABSENT = 6; // hands in nothing
const NOTHING = [7, 8]; // hands in a fresh workspace
// the rest do lesson 01
const CATALAN = 1; // works in Catalan: their feedback is in Catalan

const work = tempDir();
const teacher = join(work, 'profe');
const subs = join(work, 'entregues');
const course = join(work, 'curs.yaml');
const courseDef = loadCourse(lessonsDir());
const ws = (i: number) => join(work, `ws${i + 1}`);

async function ok(args: string[], o: Parameters<typeof runCli>[1] = {}) {
  const r = await runCli(args, o);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r;
}

const fixtures = async (lesson: string) =>
  (await import(join(packageRoot(), 'test', 'fixtures', 'steps', `${lesson}.ts`))).default as LessonFixtures;

/** Lessons as their reference solutions do them (the step prover's), each step checked and passed. */
async function doLessons(root: string, ids: string[]) {
  const env = new Env(Workspace.open(root));
  try {
    for (const lesson of courseDef.lessons.filter((l) => ids.includes(l.id))) {
      const fx = await fixtures(lesson.id);
      for (const s of lesson.steps) {
        const answer = await apply(env, fx[s.id].solution);
        const v = await checkStep(root, `${lesson.id}/${s.id}`, { answer });
        assert.equal(v.status, 'pass', `${lesson.id}/${s.id}: ${v.message}`);
      }
    }
  } finally {
    await env.close();
  }
}

async function inBatches<T>(xs: T[], n: number, f: (x: T) => Promise<void>) {
  for (let i = 0; i < xs.length; i += n) await Promise.all(xs.slice(i, i + n).map(f));
}

let grade: { code: number; stdout: string; stderr: string };
before(async () => {
  if (missingTools(['openssl', 'swaks'])) return;
  await ok(['teacher', 'init', teacher, '--name', 'Laura Puig']);
  writeFileSync(
    join(work, 'smx2.csv'),
    ['Nom,Correu,Grup', ...NAMES.map((n, i) => `"${n}",${email(i)},SMX2${i % 2 ? 'B' : 'A'}`)].join('\n'),
  );
  await ok(['class', 'init', join(work, 'smx2.csv'), '--teacher', teacher, '--name', 'SMX 2', '--out', join(work, 'smx2.json')]);
  await inBatches([...NAMES.keys()], 6, async (i) => {
    await ok(['init', ws(i), '--class', join(work, 'smx2.json'), '--student', email(i)], { lang: i === CATALAN ? 'ca' : 'es' });
  });
  for (const i of COMPLETE) await doLessons(ws(i), ['01-threats', '02-tls']);
  const rest = [...NAMES.keys()].filter((i) => !COMPLETE.includes(i) && !NOTHING.includes(i) && i !== ABSENT);
  await inBatches(rest, 6, (i) => doLessons(ws(i), ['01-threats']));
  for (const f of ['etc/ssl/private/cert.key', 'etc/ssl/certs/cert.crt']) {
    mkdirSync(join(ws(COPIER), f, '..'), { recursive: true });
    copyFileSync(join(ws(0), f), join(ws(COPIER), f));
  }
  mkdirSync(subs);
  await inBatches(
    [...NAMES.keys()].filter((i) => i !== ABSENT),
    6,
    async (i) => {
      await ok(['submit', '--out', join(subs, `${i + 1}.mailsec`)], { ws: ws(i), lang: i === CATALAN ? 'ca' : 'es' });
    },
  );
  // tampered: one byte of the sealed file changed
  const t = readFileSync(join(subs, `${TAMPERED + 1}.mailsec`));
  t[t.length >> 1] ^= 0x20;
  writeFileSync(join(subs, `${TAMPERED + 1}.mailsec`), t);
  // by hand: the plain bundle, opened with the teacher's key as anyone with it could, a pass claimed
  const th = join(tempDir(), 'gpg');
  mkdirSync(th, { mode: 0o700 });
  execFileSync('gpg', ['--homedir', th, '--batch', '--import', join(teacher, 'openpgp-secret.asc')], { stdio: 'ignore' });
  const gz = execFileSync('gpg', ['--homedir', th, '--batch', '--decrypt', join(subs, `${BY_HAND + 1}.mailsec`)], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  execFileSync('gpgconf', ['--homedir', th, '--kill', 'gpg-agent']);
  const b = JSON.parse((await import('node:zlib')).gunzipSync(gz).toString('utf8'));
  const prog = b.files.find((f: { path: string }) => f.path === '.mailsec/progress.json');
  const p = JSON.parse(Buffer.from(prog.data, 'base64').toString('utf8'));
  const at = new Date().toISOString();
  p.steps['02-tls/cert'] = { passed: true, passedAt: at, attempts: [{ at, status: 'pass' }], attemptCount: 1, hints: [], hintsUsed: 0 };
  prog.data = Buffer.from(JSON.stringify(p)).toString('base64');
  prog.sha256 = (await import('node:crypto')).createHash('sha256').update(Buffer.from(prog.data, 'base64')).digest('hex');
  writeFileSync(join(subs, `${BY_HAND + 1}.mailsec`), gzipSync(JSON.stringify(b)));
  // hostile files among them
  execFileSync('mkfifo', [join(subs, 'fifo.mailsec')]);
  symlinkSync('/dev/zero', join(subs, 'zero.mailsec'));
  writeFileSync(join(subs, 'junk.mailsec'), Buffer.from('not a submission at all\n'.repeat(50)));
  writeFileSync(join(subs, 'bomb.mailsec'), gzipSync(Buffer.alloc(200 * 1024 * 1024)));
  writeFileSync(
    course,
    [
      'maxGrade: 10',
      'hintPenalty: 10',
      'total: Seguretat del correu',
      'items:',
      '  - step: 01/layers',
      '  - step: 02-tls/cert',
      '    weight: 2',
      '    name: TLS',
      '  - step: 02/starttls',
    ].join('\n'),
  );
  grade = await runCli(
    [
      'grade',
      subs,
      '--teacher',
      teacher,
      '--course',
      course,
      '--csv',
      '--html',
      join(work, 'classe.html'),
      '--feedback',
      join(work, 'retorns'),
    ],
    { lang: 'ca', timeoutMs: 900_000 },
  );
});

const skip = missingTools(['openssl', 'swaks', 'gpg', 'gpgconf', 'mkfifo']);

test('the Moodle sheet: a row per graded student by their roster e-mail, numbers out of 10', { skip }, () => {
  assert.equal(grade.code, 1, 'some files were refused: exit 1');
  const [head, ...rows] = grade.stdout.trim().split('\n');
  assert.equal(head, `${EMAIL_COLUMN},01-threats/layers,TLS,02-tls/starttls,Seguretat del correu`);
  const byEmail = new Map(rows.map((r) => [r.split(',')[0], r.split(',').slice(1).map(Number)]));
  // 30 students, one absent, one whose file was tampered with
  assert.equal(byEmail.size, 28, rows.join('\n'));
  assert.ok(!byEmail.has(email(ABSENT)) && !byEmail.has(email(TAMPERED)));
  for (const i of COMPLETE) assert.deepEqual(byEmail.get(email(i)), [10, 10, 10, 10], email(i));
  for (const i of NOTHING) assert.deepEqual(byEmail.get(email(i)), [0, 0, 0, 0], email(i));
  assert.deepEqual(byEmail.get(email(9)), [10, 0, 0, 2.5], 'lesson 01 only: one item of weight 1 in 4');
  for (const v of [...byEmail.values()].flat()) assert.ok(Number.isFinite(v) && v >= 0 && v <= 10);
});

test('what could not be graded is said on stderr with the reason, in the teacher language, and no stack trace', { skip }, () => {
  const lines = grade.stderr.trim().split('\n');
  const about = (f: string) => lines.find((l) => l.includes(f)) ?? '';
  assert.match(about(`${TAMPERED + 1}.mailsec`), /no es pot corregir: va xifrat per a tu, però s'ha modificat després de xifrar-lo/);
  assert.match(about('fifo.mailsec'), /canonada amb nom \(FIFO\)/);
  assert.match(about('zero.mailsec'), /dispositiu/);
  assert.match(about('junk.mailsec'), /no és un lliurament de mailsec/);
  assert.match(about('bomb.mailsec'), /en descomprimir-lo ocupa més de/);
  assert.doesNotMatch(grade.stderr, /\n\s+at /);
});

test('the HTML page: every graded student, the copy pair side by side, the refusals, the hand-made file flagged', { skip }, () => {
  const html = readFileSync(join(work, 'classe.html'), 'utf8');
  for (const [i, n] of NAMES.entries()) {
    if (i === ABSENT || i === TAMPERED) continue;
    assert.ok(html.includes(n.replace(/&/g, '&amp;')), `${n} on the page`);
  }
  assert.match(html, new RegExp(`${NAMES[0]}[\\s\\S]*${NAMES[COPIER]}|${NAMES[COPIER]}[\\s\\S]*${NAMES[0]}`));
  assert.match(html, /la clau privada etc\/ssl\/private\/cert\.key/);
  assert.match(html, /fifo\.mailsec/);
  assert.match(
    html,
    /és d&#39;un espai de treball de la classe, però no va xifrat per a tu|és d'un espai de treball de la classe, però no va xifrat per a tu/,
  );
  assert.match(
    html,
    /superat al quadern de l&#39;estudiant, però no en comprovar-lo de nou|superat al quadern de l'estudiant, però no en comprovar-lo de nou/,
  );
});

test("each graded student's feedback, in their own language", { skip }, () => {
  const files = readdirSync(join(work, 'retorns'));
  assert.equal(files.length, 28);
  const file = (i: number) => join(work, 'retorns', `${email(i).replace(/[@.]/g, '-')}.txt`);
  const cat = readFileSync(file(CATALAN), 'utf8');
  assert.match(cat, /^mailsec: retorn per a Núria Puig i Soler \(puig-nuria\.alexdns\.local\)/);
  assert.match(cat, /Nota: 10 sobre 10\./);
  const es = readFileSync(file(9), 'utf8');
  assert.match(es, /^mailsec: devolución para Laia Serra/);
  assert.match(es, /Nota: 2,5 de 10\./);
  assert.match(es, /Lecciones que todavía no has empezado[^]*02-tls — Cifra SMTP con TLS/);
});
