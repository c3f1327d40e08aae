#!/usr/bin/env node
// Project rules tsc does not know:
// - Ink and React live in src/ui/ only; the headless core never imports them.
// - Outside src/ui/, the UI is reached only through a dynamic import (so plain and
//   JSON modes never load Ink).
// - CommonJS packages are imported in src/vendor/ only (scripts/build.mjs says why).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

// CommonJS packages wrapped in src/vendor/ (see scripts/build.mjs): imported there only
const VENDORED = /^(mailauth|nodemailer|pkijs)(\/.*)?$/;
const UI_PACKAGES = /^(ink|ink-[\w-]+|react|react-dom|react-reconciler|@inkjs\/[\w-]+)(\/.*)?$/;
const root = process.argv[2] ?? 'src';

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx|mts)$/.test(n) ? [p] : [];
  });
}

const problems = [];
for (const f of files(root)) {
  const rel = relative(root, f).split(sep).join('/');
  const inUi = rel.startsWith('ui/');
  const text = readFileSync(f, 'utf8');
  if (!inUi && /\.tsx$/.test(f)) problems.push(`${f}: JSX outside src/ui/`);
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const re = /(?:^\s*import\s[^'"]*?from\s*|^\s*import\s*|^\s*export\s[^'"]*?from\s*|\bimport\(\s*|\brequire\(\s*)['"]([^'"]+)['"]/g;
    for (const m of line.matchAll(re)) {
      const spec = m[1];
      const dynamic = /import\(\s*['"]/.test(m[0]);
      if (VENDORED.test(spec) && !rel.startsWith('vendor/') && !/^\s*import\s+type\b/.test(line)) problems.push(`${f}:${i + 1}: imports "${spec}"; CommonJS packages are imported in src/vendor/ only (a dynamic import() of them breaks in the bundle)`);
      if (!inUi && UI_PACKAGES.test(spec)) problems.push(`${f}:${i + 1}: imports "${spec}"; Ink and React belong in src/ui/`);
      if (!inUi && /(^|\/)ui\//.test(spec) && !dynamic) problems.push(`${f}:${i + 1}: static import of the UI ("${spec}"); load it with import() where a terminal needs it`);
    }
  });
}
if (problems.length) {
  for (const p of problems) console.error(p);
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('lint: ok');
