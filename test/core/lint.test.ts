import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, tempDir } from '../prove/env.js';

const lint = (dir?: string) => run(process.execPath, ['scripts/lint.mjs', ...(dir ? [dir] : [])]);

test('the project passes its own lint rules', async () => {
  const r = await lint();
  assert.equal(r.code, 0, r.stderr);
});

test('lint refuses Ink or React outside src/ui and a static import of the UI', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'core'));
  mkdirSync(join(dir, 'ui'));
  writeFileSync(join(dir, 'core', 'a.ts'), "import { render } from 'ink';\nimport React from 'react';\nimport { runTui } from '../ui/run.js';\n");
  writeFileSync(join(dir, 'core', 'b.ts'), "export const ui = () => import('../ui/run.js');\n");
  writeFileSync(join(dir, 'ui', 'run.tsx'), "import { render } from 'ink';\n");
  const r = await lint(dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /a\.ts:1: imports "ink"/);
  assert.match(r.stderr, /a\.ts:2: imports "react"/);
  assert.match(r.stderr, /a\.ts:3: static import of the UI/);
  assert.doesNotMatch(r.stderr, /b\.ts/);
  assert.doesNotMatch(r.stderr, /run\.tsx/);
});
