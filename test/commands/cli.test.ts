// The CLI end to end, as a script or a teacher would call it: the built dist/cli.js in a temporary workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync, readdirSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { run, tempDir } from '../prove/env.js';
import { portEnv } from '../../src/util/ports.js';
import { keyFor } from '../helpers/quiz.js';

const CLI = join(process.cwd(), 'dist', 'cli.js');
// the course cache of these runs stays out of the user's ~/.cache
const CACHE = tempDir('mailsec-cache-');

function mailsec(args: string[], o: { ws?: string; input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', MAILSEC_CACHE_DIR: CACHE, ...o.env };
  delete env.MAILSEC_WORKSPACE;
  if (o.ws) env.MAILSEC_WORKSPACE = o.ws;
  return run(process.execPath, [CLI, ...args], { env, input: o.input, cwd: o.cwd });
}

test('--version and --help', async () => {
  const v = await mailsec(['--version']);
  assert.equal(v.code, 0);
  assert.equal(v.stdout.trim(), JSON.parse(readFileSync('package.json', 'utf8')).version);
  const es = await mailsec(['--help']);
  assert.equal(es.code, 0);
  assert.match(es.stdout, /cuaderno de prácticas/);
  assert.match(es.stdout, /--answer/);
  const ca = await mailsec(['--help', '--lang', 'ca']);
  assert.match(ca.stdout, /quadern de pràctiques/);
  const en = await mailsec(['--help'], { env: { LANG: 'en_US.UTF-8' } });
  assert.match(en.stdout, /workbook for mail-server security/);
});

test('usage errors exit 2 with a message', async () => {
  const bad = await mailsec(['frobnicate']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /No existe la orden «frobnicate»/);
  const opt = await mailsec(['lessons', '--bogus']);
  assert.equal(opt.code, 2);
  const lang = await mailsec(['lessons', '--lang', 'fr']);
  assert.equal(lang.code, 2);
  assert.match(lang.stderr, /Idioma desconocido: «fr»/);
});

test('init makes a workspace, never overwrites, and follows --domain', async () => {
  const dir = join(tempDir(), 'ws');
  const r = await mailsec(['init', dir, '--domain', 'Alumna.Test', '--lang', 'en']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Workspace ready in .* \(domain alumna\.test\)/);
  const main = readFileSync(join(dir, 'etc/postfix/main.cf'), 'utf8');
  assert.match(main, /^mydomain = alumna\.test$/m);
  assert.doesNotMatch(main, /alexdns\.local/);
  writeFileSync(join(dir, 'etc/postfix/main.cf'), 'myhostname = mine\n');
  const again = await mailsec(['init', dir, '--json']);
  assert.equal(again.code, 0);
  const j = JSON.parse(again.stdout);
  assert.ok(j.kept.includes('etc/postfix/main.cf'));
  assert.equal(readFileSync(join(dir, 'etc/postfix/main.cf'), 'utf8'), 'myhostname = mine\n');
  const other = await mailsec(['init', dir, '--domain', 'other.test']);
  assert.equal(other.code, 2);
  const bad = await mailsec(['init', join(tempDir(), 'w2'), '--domain', 'no domain']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /no es un nombre de dominio válido/);
});

test('lessons --json has the documented shape', async () => {
  const r = await mailsec(['lessons', '--json', '--lang', 'ca']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(Array.isArray(j.lessons) && j.lessons.length >= 1);
  const l = j.lessons[0];
  assert.deepEqual(Object.keys(l).sort(), ['id', 'minutes', 'needs', 'steps', 'title']);
  assert.equal(l.id, '01-threats');
  assert.equal(l.title, 'Amenaces i capes de defensa');
  assert.deepEqual(Object.keys(l.steps[0]).sort(), ['checkpoint', 'id', 'title']);
  // every lesson says how long it takes and what to install; the RBL lesson asks DNS with dig
  for (const x of j.lessons) assert.ok(Number.isInteger(x.minutes) && x.minutes >= 5, `${x.id}: ${x.minutes}`);
  assert.deepEqual(l.needs, []);
  assert.ok(j.lessons.find((x: { id: string }) => x.id === '05-rbl').needs.includes('dig'));
});

test('lessons: each lesson with its time and the tools to install first, in the chosen language', async () => {
  const r = await mailsec(['lessons', '--lang', 'es']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^01-threats {2}.*\n {6}≈ 15 min · Solo mailsec, ningún programa más\n/);
  // a capability names its program: "swaks --tls" and not also a bare "swaks"
  assert.match(r.stdout, /02-tls .*\n {6}≈ \d+ min · Necesitas: openssl, swaks --tls\n/);
});

test('check --json: exit 1 until every step passes, then 0; quiz answers on the command line', async () => {
  const ws = join(tempDir(), 'ws');
  assert.equal((await mailsec(['init', ws])).code, 0);
  const first = await mailsec(['check', '01', '--json'], { ws });
  assert.equal(first.code, 1);
  const j = JSON.parse(first.stdout);
  assert.deepEqual(Object.keys(j).sort(), ['errors', 'failed', 'passed', 'results']);
  assert.equal(j.passed, 0);
  assert.deepEqual(Object.keys(j.results[0]).sort(), ['evidence', 'key', 'lesson', 'message', 'params', 'status', 'step']);
  assert.equal(j.results.at(-1).message, 'En etc/postfix/main.cf, myhostname vale «vm»; el paso pide «mail.alexdns.local».');

  const one = await mailsec(['check', '01-threats/dos', '--answer', keyFor(ws, '01/dos', 'c')], { ws });
  assert.equal(one.code, 0, one.stdout);
  assert.match(one.stdout, /✔ 01-threats\/dos/);

  const mainCf = join(ws, 'etc/postfix/main.cf');
  writeFileSync(mainCf, readFileSync(mainCf, 'utf8').replace(/^myhostname = vm$/m, 'myhostname = mail.alexdns.local'));
  const all = await mailsec(
    [
      'check',
      '01',
      '--answer',
      `spam-phishing=${keyFor(ws, '01/spam-phishing', 'b')}`,
      '--answer',
      `open-relay=${keyFor(ws, '01/open-relay', 'a')}`,
      '--answer',
      `01-threats/layers=${keyFor(ws, '01/layers', 'a,c,d')}`,
      '--answer',
      'relay-restriction=reject_unauth_destination',
      '--answer',
      'main-cf=/etc/postfix/main.cf',
      '--json',
    ],
    { ws },
  );
  const r = JSON.parse(all.stdout);
  assert.equal(r.failed, 0, all.stdout);
  assert.equal(all.code, 0);
  // answers are remembered: a plain re-check passes without them
  assert.equal((await mailsec(['check', '01'], { ws })).code, 0);
});

test('check: unknown lesson or step, answer without a step', async () => {
  const ws = join(tempDir(), 'ws');
  await mailsec(['init', ws]);
  const l = await mailsec(['check', '99'], { ws });
  assert.equal(l.code, 2);
  assert.match(l.stderr, /No hay ninguna lección «99»/);
  const s = await mailsec(['check', '01/nope'], { ws });
  assert.equal(s.code, 2);
  assert.match(s.stderr, /no tiene ningún paso «nope»/);
  const a = await mailsec(['check', '01', '--answer', 'b'], { ws });
  assert.equal(a.code, 2);
  // an error speaks the language asked for, not the environment's
  const en = await mailsec(['check', '99', '--lang', 'en'], { ws });
  assert.match(en.stderr, /There is no lesson "99"/);
});

test('check without a workspace says how to make one', async () => {
  const r = await mailsec(['check'], { ws: join(tempDir(), 'none') });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /No hay ningún espacio de trabajo de mailsec en .*none\. Créalo con: mailsec init/);
});

test('capstone and dmarc report outside a workspace name the folder they looked in, with its full path', async () => {
  const dir = join(tempDir(), 'nowhere');
  for (const args of [
    ['capstone', 'break'],
    ['dmarc', 'report'],
    ['capstone', 'restore', '--lang', 'ca'],
  ]) {
    // given relative, shown absolute: the learner sees where it was looked for
    const r = await mailsec([...args, '--workspace', relative(process.cwd(), dir)]);
    assert.equal(r.code, 2, args.join(' '));
    const text = args.includes('ca')
      ? /No hi ha cap espai de treball de mailsec a (.*)\. Crea'l amb/
      : /No hay ningún espacio de trabajo de mailsec en (.*)\. Créalo con/;
    assert.equal(r.stderr.match(text)?.[1], dir, r.stderr);
  }
});

test("reset puts a lesson's files back and keeps the learner's copy", async () => {
  const ws = join(tempDir(), 'ws');
  await mailsec(['init', ws]);
  await mailsec(['check', '01/myhostname'], { ws }); // opening the lesson snapshots its files
  const mainCf = join(ws, 'etc/postfix/main.cf');
  const original = readFileSync(mainCf, 'utf8');
  writeFileSync(mainCf, 'broken\n');
  const r = await mailsec(['reset', '01', '--lang', 'en'], { ws });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /1 files put back/);
  assert.equal(readFileSync(mainCf, 'utf8'), original);
  const backups = readdirSync(join(ws, '.mailsec', 'backups'));
  assert.equal(backups.length, 1);
  assert.equal(readFileSync(join(ws, '.mailsec', 'backups', backups[0], 'etc/postfix/main.cf'), 'utf8'), 'broken\n');
});

test('mailsec with no terminal prints the plain view and takes commands from stdin', async () => {
  const ws = join(tempDir(), 'ws');
  await mailsec(['init', ws]);
  // the letters this learner's screen shows for option a (wrong) and b (phishing)
  const [wrong, phishing] = ['a', 'b'].map((id) => keyFor(ws, '01/spam-phishing', id));
  const r = await mailsec([], { ws, input: `a ${wrong}\nh\nn\nlang en\nq\n` });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /raw mode/i);
  assert.match(r.stdout, /== Amenazas y capas de defensa \(01-threats\) ==/);
  assert.match(r.stdout, /Paso 1 de 7: Distingue el spam del phishing/);
  assert.match(r.stdout, new RegExp(`  ${phishing}\\) Phishing`));
  assert.match(r.stdout, /\[todavía no\] «[^»]+» no es la respuesta correcta/);
  assert.match(r.stdout, /Pistas 1\/2: Fíjate en lo que busca el mensaje/);
  assert.match(r.stdout, /Paso 2 de 7/);
  assert.match(r.stdout, /Step 2 of 7: Recognize an open relay/);
});

test('npm start on a fresh machine: the default workspace is created, not an error', async () => {
  const home = tempDir();
  const r = await run(process.execPath, [CLI, '--plain'], {
    env: { ...process.env, HOME: home, MAILSEC_WORKSPACE: '', LANG: 'C' },
    input: 'q\n',
  });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(home, 'mailsec', 'etc/postfix/main.cf')));
  assert.match(r.stderr, /Espacio de trabajo listo/);
});

test('a broken lesson is reported with file and line and the rest still works', async () => {
  const lessons = tempDir();
  const src = join(process.cwd(), 'lessons', '01-threats');
  const dst = join(lessons, '01-threats');
  mkdirSync(dst);
  for (const f of readdirSync(src)) writeFileSync(join(dst, f), readFileSync(join(src, f)));
  mkdirSync(join(lessons, '02-broken'));
  writeFileSync(join(lessons, '02-broken', 'lesson.yaml'), 'title: [oops\n');
  const r = await mailsec(['lessons'], { env: { MAILSEC_LESSONS_DIR: lessons } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /02-broken\/lesson\.yaml:\d+: /);
  assert.match(r.stdout, /01-threats/);
});

test('check finds the running sandbox of the workspace on whatever ports it was started', async () => {
  const ws = join(tempDir(), 'ws');
  await mailsec(['init', ws]);
  const { spawn } = await import('node:child_process');
  const env = {
    ...process.env,
    LANG: 'C',
    MAILSEC_WORKSPACE: ws,
    ...portEnv({ smtp: 0, submission: 0, smtps: 0, outside: 0, dns: 0, https: 0, pop3: 0, pop3s: 0, imap: 0, imaps: 0 }),
  };
  const daemon = spawn(process.execPath, [CLI, 'sandbox', 'start'], { env, stdio: 'ignore' });
  try {
    const state = join(ws, '.mailsec', 'sandbox.json');
    for (let i = 0; i < 100 && !existsSync(state); i++) await new Promise((r) => setTimeout(r, 100));
    const ports = JSON.parse(readFileSync(state, 'utf8')).ports;
    assert.notEqual(ports.smtp, 2525);
    // no port variables here: the check must read them from the running sandbox
    const r = await mailsec(['check', '04/relay-denied', '--json'], { ws });
    const res = JSON.parse(r.stdout).results[0];
    assert.doesNotMatch(res.message, /no está en marcha/, 'the check should have reached the sandbox');
    assert.match(res.message, /mynetworks|relay/);
  } finally {
    daemon.kill('SIGTERM');
    await new Promise((r) => daemon.on('exit', r));
  }
});

test('the parsed course is cached, and a changed lesson file is seen at once', async () => {
  const cache = tempDir();
  const lessons = tempDir();
  const src = join(process.cwd(), 'lessons', '01-threats');
  mkdirSync(join(lessons, '01-threats'));
  for (const f of readdirSync(src)) writeFileSync(join(lessons, '01-threats', f), readFileSync(join(src, f)));
  const env = { MAILSEC_LESSONS_DIR: lessons, MAILSEC_CACHE_DIR: cache };
  const first = await mailsec(['lessons', '--json'], { env });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(readdirSync(cache).filter((f) => f.startsWith('course-')).length, 1);
  assert.equal((await mailsec(['lessons', '--json'], { env })).stdout, first.stdout);
  const yaml = join(lessons, '01-threats', 'lesson.yaml');
  writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('es: Amenazas y capas de defensa', 'es: Amenazas del correo'));
  const changed = JSON.parse((await mailsec(['lessons', '--json'], { env })).stdout);
  assert.equal(changed.lessons[0].title, 'Amenazas del correo');
  assert.equal(readdirSync(cache).filter((f) => f.startsWith('course-')).length, 1, 'the stale entry is replaced');
  // a broken file is reported from the cache too, with its line
  writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('title:', 'title: [\n'));
  for (let i = 0; i < 2; i++) {
    const r = await mailsec(['lessons'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /01-threats\/lesson\.yaml:\d+: /);
  }
});

test('reset follows the workspace domain in file names (etc/bind/db.{{domain}}) and removes files the lesson created', async () => {
  const ws = join(tempDir(), 'ws');
  await mailsec(['init', ws, '--domain', 'bea.test']);
  await mailsec(['check', '09/dkim-keys'], { ws }); // opening lesson 09 snapshots its files
  const zone = join(ws, 'etc/bind/db.bea.test');
  const original = readFileSync(zone, 'utf8');
  writeFileSync(zone, original + '\nbroken record\n');
  mkdirSync(join(ws, 'etc/opendkim/keys/bea.test'), { recursive: true });
  writeFileSync(join(ws, 'etc/opendkim/keys/bea.test/default.private'), 'KEY');
  const r = await mailsec(['reset', '09', '--lang', 'en'], { ws });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(zone, 'utf8'), original);
  assert.ok(
    !existsSync(join(ws, 'etc/opendkim/keys/bea.test/default.private')),
    'a key made during the lesson is removed (a copy is kept)',
  );
  const backups = readdirSync(join(ws, '.mailsec', 'backups'));
  assert.equal(readFileSync(join(ws, '.mailsec', 'backups', backups[0], 'etc/opendkim/keys/bea.test/default.private'), 'utf8'), 'KEY');
});

test('global options may come before dkim and dmarc; a pipe closed early is not a crash', async () => {
  const ws = join(tempDir(), 'ws');
  await mailsec(['init', ws, '--domain', 'ana.test']);
  const r = await run(
    process.execPath,
    [CLI, '--lang', 'en', '--workspace', ws, 'dkim', 'genkey', '-s', 'sel', '-D', '/etc/opendkim/keys/ana.test'],
    { cwd: tempDir(), env: { ...process.env, MAILSEC_CACHE_DIR: CACHE } },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Private key: etc\/opendkim\/keys\/ana\.test\/sel\.private/);
  assert.ok(existsSync(join(ws, 'etc/opendkim/keys/ana.test/sel.txt')));
  const { spawnSync } = await import('node:child_process');
  const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" lessons | head -1`], {
    encoding: 'utf8',
    env: { ...process.env, MAILSEC_CACHE_DIR: CACHE },
  });
  assert.doesNotMatch(piped.stderr, /EPIPE|Unhandled/);
  assert.equal(piped.stdout.split('\n').length, 2);
});

test('inside a workspace (or a folder of it), every command acts on that workspace, not on ~/mailsec', async () => {
  const home = tempDir('mailsec-home-');
  const ws = join(tempDir(), 'ana');
  assert.equal((await mailsec(['init', ws, '--domain', 'ana.test'], { env: { HOME: home } })).code, 0);
  const inside = join(ws, 'etc', 'postfix');
  const check = await mailsec(['check', '01-threats', '--json'], { cwd: inside, env: { HOME: home } });
  assert.equal(check.code, 1, check.stderr);
  assert.ok(!existsSync(join(home, 'mailsec')), 'no workspace was made in the home folder');
  assert.ok(existsSync(join(ws, '.mailsec', 'progress.json')), 'the attempt is recorded in the workspace the learner is in');
  const status = await mailsec(['capstone', 'restore'], { cwd: inside, env: { HOME: home } });
  assert.doesNotMatch(status.stderr, /No hay ningún espacio de trabajo/);
  // outside any workspace, the home folder's, as before
  const away = await mailsec(['dmarc', 'report'], { cwd: tempDir(), env: { HOME: home } });
  assert.equal(away.code, 2);
  assert.match(away.stderr, new RegExp(`en ${join(home, 'mailsec').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`));
});
