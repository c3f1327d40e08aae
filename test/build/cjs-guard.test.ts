// The build refuses a bundle where a dynamic import() reaches a CommonJS module: with code
// splitting esbuild would give it only a default export (SPF, DKIM and S/MIME broke so).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { packageRoot } from '../../src/util/paths.js';

test('a dynamic import() of a CommonJS package fails the build and names the rule', () => {
  const root = packageRoot();
  // inside the checkout (so node_modules resolves) and ignored by git (.dist-*/)
  const dir = join(root, `.dist-guard-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    const entry = join(dir, 'probe.ts');
    writeFileSync(entry, "const m = await import('mailauth');\nconsole.log(typeof m.spf);\n");
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], {
      cwd: root,
      env: { ...process.env, MAILSEC_EXTRA_ENTRY: entry },
      encoding: 'utf8',
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /CommonJS module behind a dynamic import\(\)/);
    assert.match(r.stderr, /import\('mailauth'\) loads CommonJS/);
    assert.match(r.stderr, /src\/vendor\//);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
