// A check that breaks is reported as what it is: a bug in mailsec, exit 70, never the
// learner's fault. The fault is injected from outside the bundle (a preloaded module that
// makes node's readFileSync throw a TypeError for main.cf), so the code under test is
// exactly what ships.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../prove/env.js';
import { runCli, checkStep } from '../helpers/cli.js';

const dir = tempDir('mailsec-bug-');
const ws = join(dir, 'ws');
const preload = join(dir, 'break-main-cf.mjs');
writeFileSync(
  preload,
  `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const real = fs.readFileSync;
fs.readFileSync = function (p, ...rest) {
  // the learner's main.cf, not the template's (grading compares files with the template)
  if (String(p).endsWith('etc/postfix/main.cf') && !String(p).includes('/sandbox/etc/')) throw new TypeError('injected: cfg.params is not a function');
  return real.call(this, p, ...rest);
};
syncBuiltinESMExports();
`,
);
const broken = { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` };
const STACK = /\n\s+at .+:\d+:\d+/;

before(async () => {
  const r = await runCli(['init', ws, '--domain', 'aula.test']);
  assert.equal(r.code, 0, r.stderr);
});

test('a check that throws is an internal error: exit 70, the learner told it is not their fault', async () => {
  for (const lang of ['es', 'ca', 'en'] as const) {
    const v = await checkStep(ws, '02/main-cf', { lang, env: broken });
    assert.equal(v.code, 70, v.stderr);
    assert.equal(v.status, 'error');
    assert.equal(v.key, 'check.crashed');
    assert.match(v.message, /TypeError: injected: cfg\.params is not a function/);
    assert.match(v.message, /02-tls\/main-cf/);
    const says = {
      es: /error de mailsec .*no de tu trabajo/,
      ca: /error de mailsec .*no de la teva feina/,
      en: /bug in mailsec .*not in your work/,
    }[lang];
    assert.match(v.message, says);
    assert.match(v.message, { es: /Informar de un error/, ca: /Informar d'un error/, en: /Reporting a bug/ }[lang]);
  }
});

test('the plain output says it too, with the summary counting it apart, and no stack trace on stderr', async () => {
  const r = await runCli(['check', '02/main-cf'], { ws, lang: 'es', env: broken });
  assert.equal(r.code, 70);
  assert.match(r.stdout, /^! 02-tls\/main-cf/m);
  assert.match(r.stdout, /1 con un error interno de mailsec/);
  assert.doesNotMatch(r.stderr, STACK);
});

test('without the fault the same step is an ordinary fail, exit 1', async () => {
  writeFileSync(join(ws, 'etc/postfix/main.cf'), 'smtpd_tls_security_level = none\n');
  const v = await checkStep(ws, '02/main-cf', { lang: 'es' });
  assert.equal(v.status, 'fail');
  assert.equal(v.code, 1);
});

test('a failing check while the sandbox has hit an internal error says the result cannot be trusted', async () => {
  const log = join(ws, 'var/log/events.jsonl');
  mkdirSync(join(ws, 'var/log'), { recursive: true });
  const now = new Date().toISOString();
  appendFileSync(log, JSON.stringify({ ts: now, type: 'sandbox', action: 'start', pid: 1, ports: {} }) + '\n');
  appendFileSync(
    log,
    JSON.stringify({
      ts: now,
      type: 'error',
      session: 'A1',
      stage: 'milter-spf',
      error: 'TypeError: spf is not a function\n    at x (chunk.js:1:2)',
    }) + '\n',
  );
  const v = await checkStep(ws, '02/main-cf', { lang: 'es' });
  assert.equal(v.status, 'error');
  assert.equal(v.key, 'check.sandboxBug');
  assert.equal(v.code, 70);
  assert.match(v.message, /milter-spf: TypeError: spf is not a function/);
  // a new start of the sandbox leaves the old error behind
  appendFileSync(log, JSON.stringify({ ts: now, type: 'sandbox', action: 'start', pid: 2, ports: {} }) + '\n');
  const after = await checkStep(ws, '02/main-cf', { lang: 'es' });
  assert.equal(after.status, 'fail');
});

test('grading marks a crashed check as an internal error, never as failed', async () => {
  const file = join(dir, 'alumno.mailsec');
  const sub = await runCli(['submit', '--out', file, '--name', 'Alumno', '--email', 'alumno@inst.es'], { ws });
  assert.equal(sub.code, 0, sub.stderr);
  const g = await runCli(['grade', file, '--json'], { lang: 'es', env: broken });
  const { submissions } = JSON.parse(g.stdout) as {
    submissions: { errors: number; results: { lesson: string; step: string; status: string }[]; warnings: string[] }[];
  };
  const s = submissions[0];
  assert.ok(s.errors >= 1);
  assert.equal(
    s.results.find((r) => r.lesson === '02-tls' && r.step === 'main-cf')?.status,
    'error',
    JSON.stringify(s.results.find((r) => r.lesson === '02-tls' && r.step === 'main-cf')),
  );
  assert.ok(
    s.warnings.some((w) => /02-tls\/main-cf: error interno en la comprobación de mailsec \(no es culpa del estudiante\)/.test(w)),
    s.warnings.join('\n'),
  );
  // in the Moodle sheet: no grade ("-") for that step and for the total, never a 0
  const csv = await runCli(['grade', file, '--csv'], { lang: 'es', env: broken });
  const [head, row] = csv.stdout.split('\n').map((l) => l.split(','));
  assert.equal(row[0], 'alumno@inst.es');
  assert.equal(row[head.indexOf('02-tls/main-cf')], '-');
  assert.equal(row.at(-1), '-');
});
