// What a teacher gets from `mailsec grade` besides the table: attempts and hints as
// evidence, a course file's weights and hint cost, the Moodle sheet, the HTML page and
// each student's feedback. Every bundle is made here, by `mailsec submit` through the
// built CLI, from workspaces the test drives as a student would.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, readdirSync, mkdirSync, existsSync, symlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runCli } from '../helpers/cli.js';
import { keyFor } from '../helpers/quiz.js';
import { englishIn } from '../helpers/english.js';
import { freshWorkspace, tempDir } from '../prove/env.js';
import { Progress } from '../../src/workspace/progress.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { EMAIL_COLUMN, moodleCsv } from '../../src/grading/report-csv.js';

const EVIL = '<script>alert("x")</script> ../../etc/passwd';

async function ok(args: string[], o: Parameters<typeof runCli>[1] = {}) {
  const r = await runCli(args, o);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r;
}

async function submit(ws: string, file: string, args: string[], lang: 'es' | 'ca' | 'en' = 'es') {
  await ok(['submit', '--out', file, ...args], { ws, lang });
  return file;
}

const withKey = (root: string, key: string) => {
  mkdirSync(join(root, 'etc/ssl/private'), { recursive: true });
  writeFileSync(join(root, 'etc/ssl/private/cert.key'), key);
};

/** The class: Ana (Catalan, tried twice and took a hint), a student with a hostile name and no e-mail who shares Ana's key, Cai who handed in twice. */
const dir = tempDir();
const course = join(tempDir(), 'course.yaml');
before(async () => {
  const ana = freshWorkspace('ana.test').root;
  await runCli(['check', '01/layers', '--answer', keyFor(ana, '01/layers', 'b')], { ws: ana });
  Progress.load(Workspace.open(ana)).useHint('01-threats', 'layers', 1);
  await ok(['check', '01/layers', '--answer', keyFor(ana, '01/layers', 'a,c,d')], { ws: ana });
  await ok(['check', '01/dos', '--answer', keyFor(ana, '01/dos', 'c')], { ws: ana });
  withKey(ana, 'SAME-KEY');
  await submit(ana, join(dir, 'ana.mailsec'), ['--name', 'Anna Puig', '--email', 'anna.puig@inst.cat'], 'ca');

  const eve = freshWorkspace('eve.test').root;
  withKey(eve, 'SAME-KEY');
  // a check's message quotes the student's file: the page must show it, not run it
  const mainCf = join(eve, 'etc/postfix/main.cf');
  writeFileSync(mainCf, readFileSync(mainCf, 'utf8').replace(/^myhostname = vm$/m, 'myhostname = <img src=x onerror=alert(1)>'));
  // began lesson 02: a live check's message names the sandbox's port
  await runCli(['check', '02/s-client'], { ws: eve });
  await submit(eve, join(dir, 'eve.mailsec'), ['--name', EVIL]);

  const cai = freshWorkspace('cai.test').root;
  // the e-mail the workspace was set up with (a class file may write it) is carried when --email is not given
  const meta = join(cai, '.mailsec/workspace.json');
  writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, 'utf8')), email: 'cai@inst.es' }));
  await submit(cai, join(dir, 'cai-1.mailsec'), ['--name', 'Cai']);
  await ok(['check', '01/dos', '--answer', keyFor(cai, '01/dos', 'c')], { ws: cai });
  await submit(cai, join(dir, 'cai-2.mailsec'), ['--name', 'Cai']);

  writeFileSync(
    course,
    [
      'maxGrade: 10',
      'hintPenalty: 10',
      'total: Seguretat',
      'items:',
      '  - step: 01/dos',
      '  - step: 01-threats/layers',
      '    weight: 3',
      '    name: Capes',
      '  - step: 01/myhostname',
      '',
    ].join('\n'),
  );
});

const bundle = (f: string) => JSON.parse(gunzipSync(readFileSync(f)).toString('utf8'));

test('a submission carries the e-mail and the language; a bad e-mail is refused before anything is written', async () => {
  const a = bundle(join(dir, 'ana.mailsec'));
  assert.equal(a.email, 'anna.puig@inst.cat');
  assert.equal(a.lang, 'ca');
  assert.equal(bundle(join(dir, 'cai-1.mailsec')).email, 'cai@inst.es');
  assert.equal(bundle(join(dir, 'eve.mailsec')).email, undefined);
  const ws = freshWorkspace('bad.test').root;
  const out = join(tempDir(), 'bad.mailsec');
  for (const email of ['=HYPERLINK("x")@a.b', 'ana', 'a,b@c.d', 'ana@localhost']) {
    const r = await runCli(['submit', '--out', out, '--email', email], { ws, lang: 'es' });
    assert.equal(r.code, 2, email);
    assert.match(r.stderr, /no es una dirección de correo válida/);
    assert.doesNotMatch(r.stderr, /at .*\.js/);
    assert.ok(!existsSync(out));
  }
});

test('grading shows each step’s attempts (time and verdict) and the hints shown', async () => {
  const r = await ok(['grade', join(dir, 'ana.mailsec'), '--json', '--course', course], { lang: 'en' });
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.course.items[1], { step: '01-threats/layers', name: 'Capes', weight: 3 });
  const s = j.submissions[0];
  assert.deepEqual(s.grade, { items: [10, 9, 0], total: 7.4 });
  assert.equal(s.email, 'anna.puig@inst.cat');
  const layers = s.results.find((x: { step: string }) => x.step === 'layers');
  assert.equal(layers.status, 'pass');
  assert.equal(layers.attemptCount, 2);
  assert.equal(layers.hintsUsed, 1);
  assert.deepEqual(
    layers.attempts.map((a: { status: string }) => a.status),
    ['fail', 'pass'],
  );
  for (const a of layers.attempts) {
    assert.ok(Date.parse(a.at) > 0);
    assert.match(a.key, /^[\w.-]+$/);
  }
  assert.notEqual(layers.attempts[0].key, layers.attempts[1].key);
  assert.equal(s.results.find((x: { step: string }) => x.step === 'dos').hintsUsed, 0);
  // and the table says it in the teacher's language
  const table = await ok(['grade', join(dir, 'ana.mailsec')], { lang: 'es' });
  assert.match(table.stdout, /^ {2}intentos: 3, pistas vistas: 1 · nota \d+(,\d+)? de 100$/m);
});

test('--csv is what Moodle imports: the e-mail, one numeric column per grade item and the total; weights and hint cost from the course file', async () => {
  const r = await ok(['grade', dir, '--csv', '--course', course], { lang: 'es' });
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], `${EMAIL_COLUMN},01-threats/dos,Capes,01-threats/myhostname,Seguretat`);
  // Anna: dos 10; layers passed with one hint at 10 % = 9; myhostname 0; total (1·1 + 3·0.9 + 1·0) / 5 · 10 = 7.4
  assert.ok(lines.includes('anna.puig@inst.cat,10,9,0,7.4'), r.stdout);
  // Cai handed in twice: the newer one (dos passed) only
  assert.ok(lines.includes('cai@inst.es,10,0,0,2'), r.stdout);
  assert.equal(lines.filter((l) => l.startsWith('cai@')).length, 1);
  // the student without an e-mail would stop Moodle's whole import: left out, and the teacher told
  assert.equal(lines.filter(Boolean).length, 3);
  assert.match(r.stderr, /no va en la hoja de notas: su entrega no lleva correo/);
  assert.match(r.stderr, /cai@inst\.es tiene dos entregas: en la hoja de notas va la más reciente, cai-2\.mailsec, y no cai-1\.mailsec/);
  for (const l of lines.slice(1).filter(Boolean)) for (const v of l.split(',').slice(1)) assert.match(v, /^\d+(\.\d+)?$/, l);
  // without a course file: every checkpoint, weight 1, out of 100
  const plain = await ok(['grade', join(dir, 'ana.mailsec'), '--csv'], { lang: 'en' });
  const [head, row] = plain.stdout.split('\n');
  assert.ok(head.startsWith(`${EMAIL_COLUMN},01-threats/layers,01-threats/myhostname,`), head);
  assert.ok(row.startsWith('anna.puig@inst.cat,100,0,'), row);
});

test('a course file in JSON works too; its mistakes are told in the teacher’s language before grading', async () => {
  const json = join(tempDir(), 'course.json');
  writeFileSync(json, JSON.stringify({ maxGrade: 1, items: [{ step: '01/dos' }] }));
  const r = await ok(['grade', join(dir, 'ana.mailsec'), '--csv', '--course', json], { lang: 'en' });
  assert.equal(r.stdout, `${EMAIL_COLUMN},01-threats/dos,mailsec\nanna.puig@inst.cat,1,1\n`);
  const cases: [string, RegExp][] = [
    ['items:\n  - step: 01/nope\n', /La lección 01-threats no tiene ningún paso «nope»/],
    ['items:\n  - step: 01/dos\n    weight: -1\n', /«items\[1\]\.weight» tiene que ser un número entre 0 y 1000/],
    ['hintPenalty: 150\n', /«hintPenalty» tiene que ser un número entre 0 y 100/],
    ['weights: 3\n', /«weights» tiene que ser uno de estos campos: maxGrade, hintPenalty, total, items/],
    ['items:\n  - step: 01/dos\n  - step: 01-threats/dos\n', /«01-threats\/dos» aparece dos veces/],
    ['items: [\n', /no se puede leer como JSON ni como YAML \(línea \d+\)/],
  ];
  // paths that cannot be used: told plainly, before any grading, never a stack trace
  const folder = tempDir();
  const file = join(folder, 'f.txt');
  writeFileSync(file, '');
  for (const [args, re] of [
    [['--course', join(folder, 'nope.yaml')], /nope\.yaml no existe\./],
    [['--html', folder], /es una carpeta y aquí hace falta un archivo/],
    [['--feedback', file], /Hace falta una carpeta en .*f\.txt/],
  ] as [string[], RegExp][]) {
    const bad = await runCli(['grade', join(dir, 'ana.mailsec'), ...args], { lang: 'es' });
    assert.equal(bad.code, 2, `${args.join(' ')}: ${bad.stderr}`);
    assert.match(bad.stderr, re);
    assert.equal(bad.stdout, '');
  }
  for (const [text, re] of cases) {
    const f = join(tempDir(), 'c.yaml');
    writeFileSync(f, text);
    const bad = await runCli(['grade', join(dir, 'ana.mailsec'), '--course', f], { lang: 'es' });
    assert.equal(bad.code, 2, text);
    assert.match(bad.stderr, re);
    assert.equal(bad.stdout, '', 'nothing graded');
    assert.equal(englishIn(bad.stderr.replace(/\S*course\S*|\S*c\.yaml\S*/g, '')), undefined, bad.stderr);
  }
});

test('--html: one self-contained page, grid with symbols, details, copies side by side; nothing a student wrote runs', async () => {
  const out = join(tempDir(), 'r', 'report.html');
  const r = await ok(['grade', dir, '--html', out, '--course', course], { lang: 'es' });
  assert.match(r.stderr, /Escrito: .*report\.html/);
  const html = readFileSync(out, 'utf8');
  assert.ok(html.startsWith('<!DOCTYPE html>') && html.includes('<html lang="es">'));
  // no script, nothing fetched from elsewhere
  assert.doesNotMatch(html, /<(script|link|img|iframe|object|embed)\b|@import|url\(/i);
  // every attribute that could fetch or run something: none, but the page's own anchors
  for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) assert.doesNotMatch(tag.replace(/"[^"]*"/g, '""'), /\s(src|on\w+)=/i, tag);
  for (const m of html.matchAll(/<[^>]*\shref="([^"]*)"/g)) assert.match(m[1], /^#s\d+$/);
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  assert.doesNotMatch(html, /<img/);
  assert.ok(html.includes('myhostname vale «&lt;img src=x onerror=alert(1)&gt;»'), 'the quoted value is shown, escaped');
  // colour and symbol: a passed cell is green AND ✔, a failed one red AND ✘
  assert.match(html, /<td class="s pass" title="superado: [^"]*">✔<sup>1<\/sup><\/td>/);
  assert.match(html, /<td class="s fail" title="no superado: [^"]*">✘<\/td>/);
  // the shared key, the two students side by side
  const copies = html.slice(html.indexOf('Posibles copias'), html.indexOf('Detalle por estudiante'));
  assert.match(
    copies,
    /<tr><td>Anna Puig .*<\/td><td>&lt;script&gt;.*<\/td><td class="warn"><span class="mono">etc\/ssl\/private\/cert\.key<\/span><\/td><\/tr>/,
  );
  // each student's detail: the check's message, attempts with their verdicts, hints
  assert.equal((html.match(/<details id="s\d+">/g) ?? []).length, 4);
  assert.match(html, /intentos: 3, pistas vistas: 1/);
  assert.match(
    html,
    /<td>2 <span class="fail" title="[^"]+ no superado \([\w.-]+\)">✘<\/span><span class="pass"[^>]*>✔<\/span><\/td><td>1<\/td>/,
  );
  assert.match(html, /En etc\/postfix\/main\.cf, myhostname vale/);
  // the teacher's language throughout
  const text = html.replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');
  const prose = text.split('\n').filter((l) => !/alert|Anna|Cai/.test(l));
  for (const l of prose) assert.equal(englishIn(l), undefined, l);
});

test('--feedback: one file per student, in the student’s language: what passed, what failed, why, what next; names cannot leave the folder', async () => {
  const fb = join(tempDir(), 'fb');
  const outside = tempDir();
  mkdirSync(fb);
  // a link left in the folder is replaced, never written through
  symlinkSync(join(outside, 'victim.txt'), join(fb, 'anna-puig-inst-cat.txt'));
  const r = await ok(['grade', dir, '--feedback', fb, '--course', course], { lang: 'es' });
  assert.match(r.stderr, /Devoluciones escritas en .*: 3\n/);
  // Cai handed in twice: feedback on the newer one only
  const files = readdirSync(fb).sort();
  assert.deepEqual(files, ['anna-puig-inst-cat.txt', 'cai-inst-es.txt', 'script-alert-x-script-etc-passwd.txt']);
  assert.match(readFileSync(join(fb, 'cai-inst-es.txt'), 'utf8'), /✔ 01-threats\/dos/);
  assert.ok(!existsSync(join(outside, 'victim.txt')));
  assert.ok(statSync(join(fb, 'anna-puig-inst-cat.txt')).isFile());
  // Anna worked in Catalan: her feedback is in Catalan, though the teacher grades in Spanish
  const anna = readFileSync(join(fb, 'anna-puig-inst-cat.txt'), 'utf8');
  assert.match(anna, /^mailsec: retorn per a Anna Puig \(ana\.test\)/);
  assert.match(anna, /Nota: 7,4 sobre 10\./);
  assert.match(anna, /El que has superat:\n(.*\n)*✔ 01-threats\/layers \(compta per a la nota\) — /);
  assert.match(
    anna,
    /✘ 01-threats\/myhostname \(compta per a la nota\) — .*\n {2}Per què: A etc\/postfix\/main\.cf, myhostname val .*\n {2}Què has de fer ara: .+\n {2}Quan ho tinguis, comprova-ho amb: mailsec check 01-threats\/myhostname/,
  );
  assert.match(anna, /Lliçons que encara no has començat[^\n]*\n· 02-tls — /);
  // the student without a language of their own gets the teacher's
  const eve = readFileSync(join(fb, 'script-alert-x-script-etc-passwd.txt'), 'utf8');
  assert.match(eve, /^mailsec: devolución para <script>/);
  // the port the student's own sandbox listens on, not the grader's
  assert.match(eve, /✘ 02-tls\/s-client .*\n {2}Por qué: .*-connect 127\.0\.0\.1:2525 -crlf/);
  for (const [name, text] of [
    ['anna', anna],
    ['eve', eve],
  ]) {
    for (const l of text.split('\n').filter((x) => !/alert|Anna Puig/.test(x))) assert.equal(englishIn(l), undefined, `${name}: ${l}`);
  }
});

test('a step mailsec could not check is "-" in the sheet (no grade to Moodle, for a new grade item too), and so is the total', () => {
  const step = (s: string, status: 'pass' | 'fail' | 'error') => ({
    lesson: '01-threats',
    step: s,
    checkpoint: true,
    status,
    message: '',
    claimed: false,
    verdict: { key: 'x' },
    attempts: [],
    attemptCount: 0,
    hintsUsed: 0,
  });
  const g = {
    file: 'f.mailsec',
    student: 'Ana',
    email: 'ana@inst.es',
    domain: 'ana.test',
    createdAt: '',
    results: [step('dos', 'pass'), step('layers', 'error')],
    passed: 1,
    total: 2,
    errors: 1,
    checkpoints: { passed: 1, total: 2 },
    warnings: [],
  };
  const cf = {
    maxGrade: 10,
    hintPenalty: 0,
    total: '=SUM(A1)',
    items: [
      { step: '01-threats/dos', name: 'dos', weight: 1 },
      { step: '01-threats/layers', name: 'layers', weight: 1 },
    ],
  };
  const { csv } = moodleCsv([g], cf);
  assert.equal(csv, `${EMAIL_COLUMN},dos,layers,'=SUM(A1)\nana@inst.es,10,-,-\n`);
});
