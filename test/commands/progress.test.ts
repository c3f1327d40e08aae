// Progress a learner can trust, through the built CLI: several `mailsec check` at once,
// passes that stay, the history kept, hostile progress files and workspaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run, tempDir } from '../prove/env.js';
import { initWorkspace } from '../../src/workspace/workspace.js';
import { keyFor } from '../helpers/quiz.js';

const CLI = join(process.cwd(), 'dist', 'cli.js');
const CACHE = tempDir('mailsec-cache-');

function mailsec(args: string[], o: { ws?: string; input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', MAILSEC_CACHE_DIR: CACHE, ...o.env };
  delete env.MAILSEC_WORKSPACE;
  if (o.ws) env.MAILSEC_WORKSPACE = o.ws;
  return run(process.execPath, [CLI, ...args], { env, input: o.input });
}

const progressOf = (ws: string) => JSON.parse(readFileSync(join(ws, '.mailsec', 'progress.json'), 'utf8'));
const fresh = (domain?: string) => initWorkspace(join(tempDir(), 'ws'), { domain }).workspace.root;

/** A user mistake: a plain message, exit 1 or 2, never a stack trace or an internal error. */
function plainRefusal(r: { code: number; stderr: string }, pattern: RegExp) {
  assert.ok(r.code === 1 || r.code === 2, `exit ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
  assert.doesNotMatch(r.stderr, /internal error|error interno|error intern/i);
}

// the quiz steps of lesson 01 and their right answers (no sandbox needed)
const QUIZ: [string, string][] = [
  ['spam-phishing', 'b'],
  ['open-relay', 'a'],
  ['dos', 'c'],
  ['layers', 'a,c,d'],
  ['relay-restriction', 'reject_unauth_destination'],
  ['main-cf', '/etc/postfix/main.cf'],
];

test('6 mailsec check at once, 5 rounds: no pass is lost, and each attempt is recorded', async () => {
  let lost = 0;
  for (let round = 0; round < 5; round++) {
    const ws = fresh();
    // two more at once on one step: a wrong answer beside the right one
    const jobs = [...QUIZ.map(([step, answer]) => ({ step, answer, pass: true })), { step: 'dos', answer: 'a', pass: false }];
    const results = await Promise.all(
      jobs.map((j) =>
        mailsec(['check', `01/${j.step}`, '--answer', keyFor(ws, `01/${j.step}`, j.answer), '--workspace', ws, '--lang', 'en']),
      ),
    );
    results.forEach((r, i) => {
      assert.equal(r.code, jobs[i].pass ? 0 : 1, r.stderr);
      assert.match(r.stdout, jobs[i].pass ? /✔ 01-threats\// : /✘ 01-threats\/dos/);
    });
    const steps = progressOf(ws).steps;
    for (const [step] of QUIZ) {
      if (!steps[`01-threats/${step}`]?.passed) lost++;
    }
    const dos = steps['01-threats/dos'];
    assert.equal(dos?.attemptCount, 2, `round ${round}: both attempts on dos`);
    assert.deepEqual(dos.attempts.map((a: { status: string }) => a.status).sort(), ['fail', 'pass']);
    assert.equal(dos.passed, true, 'the pass stays whatever order they came in');
    assert.ok(!existsSync(join(ws, '.mailsec', 'progress.lock')), 'no lock left behind');
  }
  assert.equal(lost, 0, `${lost} of ${5 * QUIZ.length} passes lost`);
});

test('a pass then a fail: still passed, both attempts with their time; only reset un-passes it', async () => {
  const ws = fresh();
  const ok = await mailsec(['check', '01/dos', '--answer', keyFor(ws, '01/dos', 'c'), '--lang', 'en'], { ws });
  assert.equal(ok.code, 0, ok.stderr);
  const bad = await mailsec(['check', '01/dos', '--answer', keyFor(ws, '01/dos', 'a'), '--lang', 'en'], { ws });
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /✘ 01-threats\/dos/);
  let s = progressOf(ws).steps['01-threats/dos'];
  assert.equal(s.passed, true);
  assert.deepEqual(
    s.attempts.map((a: { status: string }) => a.status),
    ['pass', 'fail'],
  );
  assert.ok(s.attempts.every((a: { at: string }) => Date.parse(a.at) > 0));
  // which verdict each attempt got, for the teacher: the two differ
  const keys = s.attempts.map((a: { key?: string }) => a.key);
  assert.ok(keys.every((k: unknown) => typeof k === 'string' && k.length > 0) && keys[0] !== keys[1], JSON.stringify(keys));
  assert.equal(s.lastStatus, 'fail');
  const lessons = JSON.parse((await mailsec(['lessons', '--json'], { ws })).stdout);
  assert.ok(lessons.lessons[0].steps.some((x: { id: string }) => x.id === 'dos'));
  const reset = await mailsec(['reset', '01', '--lang', 'en'], { ws });
  assert.equal(reset.code, 0, reset.stderr);
  assert.match(
    reset.stdout,
    /Lesson 01-threats: its steps count as not passed again \(1 were passed\); your attempts and hints stay in your history\./,
  );
  s = progressOf(ws).steps['01-threats/dos'];
  assert.equal(s.passed, false);
  assert.equal(s.attemptCount, 2);
});

test('hints shown in the plain view are recorded with their time', async () => {
  const ws = fresh();
  const r = await mailsec(['--plain'], { ws, input: 'h\nh\nh\nq\n' });
  assert.equal(r.code, 0, r.stderr);
  const s = progressOf(ws).steps['01-threats/spam-phishing'];
  assert.deepEqual(
    s.hints.map((h: { n: number }) => h.n),
    [1, 2],
    'the step has two hints: a third h shows none',
  );
  assert.equal(s.hintsUsed, 2);
  assert.ok(s.hints.every((h: { at: string }) => Date.parse(h.at) > 0));
});

test('"steps": [] written by hand: the learner is told, and the next pass is kept', async () => {
  const ws = fresh();
  writeFileSync(join(ws, '.mailsec', 'progress.json'), '{"version": 1, "steps": [], "lessons": {}}\n');
  const r = await mailsec(['check', '01/dos', '--answer', keyFor(ws, '01/dos', 'c'), '--lang', 'en'], { ws });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /Parts of your progress file could not be read \(steps\); they were left out and everything else was kept\. The original is kept as \.mailsec\/progress\.json\.corrupt-/,
  );
  assert.equal(progressOf(ws).steps['01-threats/dos'].passed, true);
  const again = await mailsec(['check', '01/open-relay', '--answer', keyFor(ws, '01/open-relay', 'a'), '--lang', 'en'], { ws });
  assert.equal(again.stderr, '', 'told once');
  assert.equal(progressOf(ws).steps['01-threats/dos'].passed, true);
});

test('a progress file nested 100 000 deep is set aside with a message, not a crash', async () => {
  const ws = fresh();
  writeFileSync(join(ws, '.mailsec', 'progress.json'), '{"version":2,"steps":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}');
  const r = await mailsec(['check', '01/dos', '--answer', keyFor(ws, '01/dos', 'c'), '--lang', 'es'], { ws });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Algunas partes de tu archivo de progreso no se podían leer \(steps\)/);
  assert.equal(progressOf(ws).steps['01-threats/dos'].passed, true);
  const deeper = fresh();
  writeFileSync(join(deeper, '.mailsec', 'progress.json'), '['.repeat(100_000) + ']'.repeat(100_000));
  const d = await mailsec(['check', '01/dos', '--answer', keyFor(deeper, '01/dos', 'c'), '--lang', 'en'], { ws: deeper });
  assert.equal(d.code, 0, d.stderr);
  assert.match(
    d.stderr,
    /Your progress file was damaged and there was no good backup\. It was kept as \.mailsec\/progress\.json\.corrupt-/,
  );
});

test('a folder in place of progress.json, and .mailsec as a file: plain messages, exit 2', async () => {
  const ws = fresh();
  mkdirSync(join(ws, '.mailsec', 'progress.json'));
  const r = await mailsec(['check', '01/dos', '--answer', keyFor(ws, '01/dos', 'c'), '--lang', 'en'], { ws });
  assert.equal(r.code, 2);
  plainRefusal(
    r,
    /progress\.json should be your progress file, but it is a folder\. Move it out of the way \(mv .*progress\.json .*progress\.json\.old\) and run mailsec again\./,
  );
  const plain = await mailsec(['--plain', '--lang', 'ca'], { ws, input: 'q\n' });
  assert.equal(plain.code, 2);
  plainRefusal(plain, /hauria de ser el teu fitxer de progrés, però és una carpeta/);

  const dir = join(tempDir(), 'ws');
  mkdirSync(dir);
  writeFileSync(join(dir, '.mailsec'), 'not a folder');
  for (const args of [['check', '01/dos'], ['--plain'], ['init', dir]]) {
    const x = await mailsec([...args, '--lang', 'en'], { ws: dir, input: 'q\n' });
    assert.equal(x.code, 2, args.join(' '));
    plainRefusal(x, /\.mailsec should be mailsec's own folder, but it is a file\. Move it out of the way \(mv .*\) and run: mailsec init /);
  }
  assert.equal(readFileSync(join(dir, '.mailsec'), 'utf8'), 'not a folder');
});

test("a missing workspace.json never turns the learner's workspace into the default domain", async () => {
  const ws = fresh('marta.test');
  // the letter marta sees: the domain recovered below shuffles the options as before
  const key = keyFor(ws, '01/dos', 'c');
  rmSync(join(ws, '.mailsec', 'workspace.json'));
  const r = await mailsec(['check', '01/dos', '--answer', key, '--lang', 'en'], { ws });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /The workspace file .*workspace\.json was missing\. It was written again with your domain marta\.test, read from etc\/bind\/db\.marta\.test\./,
  );
  assert.equal(JSON.parse(readFileSync(join(ws, '.mailsec', 'workspace.json'), 'utf8')).domain, 'marta.test');
  assert.ok(!existsSync(join(ws, 'etc/bind/db.alexdns.local')));

  // the default workspace of `npm start` too
  const home = tempDir();
  const mine = join(home, 'mailsec');
  initWorkspace(mine, { domain: 'pau.test' });
  rmSync(join(mine, '.mailsec', 'workspace.json'));
  const start = await run(process.execPath, [CLI, '--plain', '--lang', 'en'], {
    env: { ...process.env, HOME: home, MAILSEC_WORKSPACE: '', LANG: 'C', MAILSEC_CACHE_DIR: CACHE },
    input: 'q\n',
  });
  assert.equal(start.code, 0, start.stderr);
  assert.match(start.stderr, /written again with your domain pau\.test/);
  assert.equal(JSON.parse(readFileSync(join(mine, '.mailsec', 'workspace.json'), 'utf8')).domain, 'pau.test');
  assert.ok(!readdirSync(join(mine, 'etc/bind')).includes('db.alexdns.local'));

  // nothing says which domain: asked for, never guessed
  const lost = fresh('marta.test');
  rmSync(join(lost, '.mailsec', 'workspace.json'));
  rmSync(join(lost, 'etc/bind/db.marta.test'));
  writeFileSync(join(lost, 'etc/postfix/main.cf'), 'myhostname = vm\n');
  const asked = await mailsec(['check', '01/dos', '--lang', 'en'], { ws: lost });
  assert.equal(asked.code, 2);
  plainRefusal(asked, /its files do not say which domain it was made for\. Write it again with: mailsec init .* --domain YOUR_DOMAIN/);
  assert.ok(!existsSync(join(lost, '.mailsec', 'workspace.json')));
});

test('--workspace with a typo says it is not a workspace and creates nothing', async () => {
  const typo = join(tempDir(), 'mailsek');
  for (const args of [['--plain'], ['check', '01/dos'], ['reset', '01']]) {
    const r = await mailsec(['--workspace', typo, '--lang', 'en', ...args], { input: 'q\n' });
    assert.equal(r.code, 2, args.join(' '));
    plainRefusal(r, /There is no mailsec workspace in .*mailsek\. Create one with: mailsec init .*mailsek/);
    assert.ok(!existsSync(typo), `${args.join(' ')} created ${typo}`);
  }
  // MAILSEC_WORKSPACE is named by the learner too
  const env = await mailsec(['--plain', '--lang', 'en'], { ws: typo, input: 'q\n' });
  assert.equal(env.code, 2);
  assert.ok(!existsSync(typo));
});
