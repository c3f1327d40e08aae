// `mailsec capstone` through the built CLI: its usage in the learner's language, and a
// refusal that names the lesson to finish (no stack trace) when the server is not ready to break.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../prove/env.js';

test('capstone --help prints its usage, an unknown subcommand is a usage error', async () => {
  const help = await runCli(['capstone', '--help'], { lang: 'es' });
  assert.equal(help.code, 0);
  assert.match(help.stderr, /^Uso: «mailsec capstone break \[--again\]»/);
  const bad = await runCli(['capstone', 'fix'], { lang: 'en' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Usage: “mailsec capstone break/);
  // `mailsec capstone` alone breaks nothing
  assert.equal((await runCli(['capstone'], { lang: 'en' })).code, 2);
});

test('break on a fresh workspace names the lesson to finish first and keeps no backup', async () => {
  const ws = join(tempDir(), 'ws');
  assert.equal((await runCli(['init', ws, '--domain', 'aula.test'])).code, 0);
  const r = await runCli(['capstone', 'break'], { ws, lang: 'ca' });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /acaba la lliçó 02-tls/);
  assert.doesNotMatch(r.stderr, /\bat \w+ \(/);
  assert.ok(!existsSync(join(ws, '.mailsec/backups/capstone')));
  const restore = await runCli(['capstone', 'restore'], { ws, lang: 'en' });
  assert.equal(restore.code, 2);
  assert.match(restore.stderr, /There is no copy in/);
});
