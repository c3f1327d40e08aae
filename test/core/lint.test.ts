import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
  writeFileSync(
    join(dir, 'core', 'a.ts'),
    "import { render } from 'ink';\nimport React from 'react';\nimport { runTui } from '../ui/run.js';\n",
  );
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

test('lint keeps the sandbox behind src/sandbox/api.ts', async () => {
  const dir = tempDir();
  for (const d of ['checks', 'sandbox/dns']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(
    join(dir, 'sandbox', 'api.ts'),
    "export { loadZones } from './dns/zones.js';\nexport const loadStart = () => import('./start.js');\n",
  );
  writeFileSync(join(dir, 'sandbox', 'dns', 'zones.ts'), "import { x } from '../events.js';\nexport const loadZones = () => x;\n");
  // a multi-line list, a type-only import and a dynamic import() are imports too
  writeFileSync(
    join(dir, 'checks', 'a.ts'),
    "import { loadZones } from '../sandbox/api.js';\nimport {\n  x,\n} from '../sandbox/dns/zones.js';\nimport type { E } from '../sandbox/events.js';\nconst s = () => import('../sandbox/start.js');\n",
  );
  const r = await lint(dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /a\.ts:4: imports "\.\.\/sandbox\/dns\/zones\.js"; outside src\/sandbox\//);
  assert.match(r.stderr, /a\.ts:5: imports "\.\.\/sandbox\/events\.js"/);
  assert.match(r.stderr, /a\.ts:6: imports "\.\.\/sandbox\/start\.js"/);
  assert.doesNotMatch(r.stderr, /a\.ts:1:/);
  assert.doesNotMatch(r.stderr, /sandbox[/\\](api|dns[/\\]zones)\.ts:\d/);
});

test('lint lets only the commands import the heavy api-config.ts statically', async () => {
  const dir = tempDir();
  for (const d of ['checks', 'commands', 'core', 'ui', 'sandbox']) mkdirSync(join(dir, d));
  writeFileSync(join(dir, 'sandbox', 'api-config.ts'), 'export const loadZones = () => 1;\nexport type Zone = string;\n');
  writeFileSync(join(dir, 'checks', 'a.ts'), "import { loadZones } from '../sandbox/api-config.js';\n");
  writeFileSync(join(dir, 'commands', 'b.ts'), "import { loadZones } from '../sandbox/api-config.js';\n");
  writeFileSync(
    join(dir, 'core', 'c.ts'),
    "import { loadZones } from '../sandbox/api-config.js';\nimport type { Zone } from '../sandbox/api-config.js';\nconst l = () => import('../sandbox/api-config.js');\n",
  );
  writeFileSync(join(dir, 'ui', 'd.ts'), "export { loadZones } from '../sandbox/api-config.js';\n");
  const r = await lint(dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /c\.ts:1: static import of "\.\.\/sandbox\/api-config\.js", which is heavy/);
  assert.match(r.stderr, /d\.ts:1: static import of "\.\.\/sandbox\/api-config\.js"/);
  // every check module is loaded with the course: a check calls loadConfigApi() when it runs
  assert.match(r.stderr, /a\.ts:1: static import of "\.\.\/sandbox\/api-config\.js"/);
  assert.doesNotMatch(r.stderr, /c\.ts:[23]:|b\.ts:/);
});

test('lint keeps src/postfix/ a pure model', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'postfix'));
  mkdirSync(join(dir, 'util'));
  writeFileSync(
    join(dir, 'postfix', 'a.ts'),
    [
      "import { readFileSync } from 'node:fs';",
      "import { connect } from 'net';",
      "import { execFile } from 'node:child_process';",
      "import { Text } from 'ink';",
      "import type { Workspace } from '../workspace/workspace.js';",
      "import { readEvents } from '../sandbox/api.js';",
      "import { pass } from '../checks/types.js';",
      "import { isIP } from 'node:net';",
      "import { other } from './b.js';",
      "import { atomic } from '../util/atomic.js';",
      '',
    ].join('\n'),
  );
  const r = await lint(dir);
  assert.equal(r.code, 1);
  const bad: [number, string][] = [
    [1, 'node:fs'],
    [2, 'net'],
    [3, 'node:child_process'],
    [5, '../workspace/workspace.js'],
    [6, '../sandbox/api.js'],
    [7, '../checks/types.js'],
    [8, 'node:net'],
  ];
  for (const [line, spec] of bad) {
    assert.match(r.stderr, new RegExp(`a\\.ts:${line}: imports "${spec.replace(/[./]/g, '\\$&')}"; src/postfix/`));
  }
  assert.match(r.stderr, /a\.ts:4: imports "ink"; Ink and React belong in src\/ui\//);
  assert.doesNotMatch(r.stderr, /a\.ts:(9|10):/);
});

test('lint keeps the layers importing downwards, type imports too; import() may reach up', async () => {
  const dir = tempDir();
  for (const d of ['course', 'checks', 'mailcrypto', 'core', 'grading', 'ui']) mkdirSync(join(dir, d));
  writeFileSync(join(dir, 'course', 'loader.ts'), "import { getCheck } from '../checks/registry.js';\n");
  writeFileSync(join(dir, 'mailcrypto', 'd.ts'), "import type { CheckContext } from '../checks/types.js';\n");
  writeFileSync(join(dir, 'core', 'g.ts'), "import { grade } from '../grading/grade.js';\nconst ui = () => import('../ui/run.js');\n");
  writeFileSync(
    join(dir, 'checks', 'run.ts'),
    "import type { Lesson } from '../course/loader.js';\nimport { x } from '../mailcrypto/d.js';\n",
  );
  writeFileSync(join(dir, 'ui', 'app.ts'), "import { w } from '../core/g.js';\n");
  const r = await lint(dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /loader\.ts:1: imports "\.\.\/checks\/registry\.js"; src\/course\/ sits below src\/checks\//);
  assert.match(r.stderr, /d\.ts:1: imports "\.\.\/checks\/types\.js"; src\/mailcrypto\/ sits below src\/checks\//);
  assert.match(r.stderr, /g\.ts:1: imports "\.\.\/grading\/grade\.js"; src\/core\/ sits beside src\/grading\//);
  assert.doesNotMatch(r.stderr, /g\.ts:2:|run\.ts|app\.ts/);
});

test('lint refuses an import circle, a type import too, and lets import() close a loop', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'sandbox'));
  writeFileSync(join(dir, 'sandbox', 'session.ts'), "import { cmdMail } from './session-envelope.js';\n");
  writeFileSync(join(dir, 'sandbox', 'session-envelope.ts'), "import type { PostfixSession } from './session.js';\n");
  writeFileSync(join(dir, 'sandbox', 'start.ts'), "import { x } from './server.js';\n");
  writeFileSync(join(dir, 'sandbox', 'server.ts'), "const start = () => import('./start.js');\n");
  const r = await lint(dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /import circle: sandbox\/session(-envelope)? -> sandbox\/session(-envelope)? -> sandbox\/session(-envelope)?/);
  assert.doesNotMatch(r.stderr, /start|server/);
});

test('lint refuses "as never" and source files over 450 lines', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'core'));
  writeFileSync(join(dir, 'core', 'a.ts'), '// said as never before, in a comment\nexport const x = 1 as never;\n');
  writeFileSync(join(dir, 'core', 'long.ts'), 'export const a = 1;\n'.repeat(451));
  writeFileSync(join(dir, 'core', 'fits.ts'), 'export const a = 1;\n'.repeat(450));
  const r = await lint(dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /a\.ts:2: "as never"/);
  assert.doesNotMatch(r.stderr, /a\.ts:1:/);
  assert.match(r.stderr, /long\.ts: 451 lines; a source file has at most 450/);
  assert.doesNotMatch(r.stderr, /fits\.ts/);
});
