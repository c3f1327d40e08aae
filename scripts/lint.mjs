#!/usr/bin/env node
// Project rules tsc does not know:
// - Ink and React live in src/ui/ only; the headless core never imports them.
// - Outside src/ui/, the UI is reached only through a dynamic import (so plain and
//   JSON modes never load Ink).
// - CommonJS packages are imported in src/vendor/ only (scripts/build.mjs says why).
// - Outside src/sandbox/, the sandbox is reached only through src/sandbox/api.ts and, from
//   src/commands/ (or by import()), src/sandbox/api-config.ts, which is heavy.
// - src/postfix/ is a pure model: no node I/O modules, no Ink/React, no other layer.
// - The layers of src/ import downwards only (LAYERS; a type import too, so no circle forms
//   between them); only import() may reach up (the workbook loads the UI that way).
// - No import circle between files, type imports included (import() aside).
// - No `as never` (it silences the type checker instead of stating a type).
// - No source file over MAX_LINES lines.
// Usage: node scripts/lint.mjs [root]   (root: the source folder, src/ by default)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

// CommonJS packages wrapped in src/vendor/ (see scripts/build.mjs): imported there only
const VENDORED = /^(mailauth|nodemailer|pkijs)(\/.*)?$/;
const UI_PACKAGES = /^(ink|ink-[\w-]+|react|react-dom|react-reconciler|@inkjs\/[\w-]+)(\/.*)?$/;
// what src/postfix/ may not import: node's I/O modules and the layers above the model
const NODE_IO = /^(node:)?(fs|net|dgram|tls|child_process|http|https|http2)(\/.*)?$/;
const ABOVE_POSTFIX = /^(sandbox|checks|ui|commands|core|workspace|grading)(\/|$)/;
const SANDBOX_API = /^sandbox\/api(\.js|\.ts)?$/;
const SANDBOX_API_CONFIG = /^sandbox\/api-config(\.js|\.ts)?$/;
// loaded on demand (each command is import()ed by the CLI), so they may import api-config.ts statically;
// the checks may not: every check module is loaded with the course, for a check of main.cf too
const LOADED_ON_DEMAND = /^commands\//;

const MAX_LINES = 450;

// src/'s folders from the bottom up; a folder imports those below it, never one beside or above
const LAYERS = [
  ['i18n', 'vendor'],
  ['util'],
  ['postfix'],
  ['course'],
  ['workspace'],
  ['sandbox'],
  ['mailcrypto'],
  ['checks'],
  ['grading', 'core'],
  ['ui'],
  ['commands'],
  ['cli'],
];
const layerOf = (path) => {
  const top = path.includes('/') ? path.split('/')[0] : path.replace(/\.(js|ts|tsx)$/, '');
  const i = LAYERS.findIndex((l) => l.includes(top));
  return i < 0 ? undefined : { i, top };
};

const root = process.argv[2] ?? 'src';

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx|mts)$/.test(n) ? [p] : [];
  });
}

// Every module specifier in a file, with its line and whether it is a dynamic import() and
// a type-only import. Import lists may span lines; a comment line is not code.
const SPECIFIER = new RegExp(
  [
    // import … from 'x' / export … from 'x' (the list may span lines)
    String.raw`(?:^|\n)[ \t]*(import|export)\s+(type\s+)?[\w\s{},*$]*?\bfrom\s*['"]([^'"]+)['"]`,
    // import 'x'
    String.raw`(?:^|\n)[ \t]*import\s*['"]([^'"]+)['"]`,
    // import('x'), require('x')
    String.raw`\b(import|require)\(\s*['"]([^'"]+)['"]`,
  ].join('|'),
  'g',
);
function specifiers(text) {
  const found = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[3] ?? m[4] ?? m[6];
    const at = m.index + m[0].lastIndexOf(spec);
    const line = text.slice(0, at).split('\n').length;
    const lineText = text.split('\n', line)[line - 1];
    if (/^\s*(\/\/|\*|\/\*)/.test(lineText)) continue;
    found.push({ spec, line, dynamic: m[5] === 'import', typeOnly: Boolean(m[2]) });
  }
  return found;
}

// where a relative specifier points, as a path under root ("sandbox/api.js"); undefined for packages
function target(rel, spec) {
  if (!spec.startsWith('.')) return undefined;
  return posix.normalize(posix.join(posix.dirname(rel), spec));
}

const problems = [];
/** file (relative to root, without extension) → the files it imports statically */
const graph = new Map();
const stem = (p) => p.replace(/\.(js|ts|tsx|mts)$/, '');
for (const f of files(root)) {
  const rel = relative(root, f).split(sep).join('/');
  const inUi = rel.startsWith('ui/');
  const inSandbox = rel.startsWith('sandbox/');
  const inPostfix = rel.startsWith('postfix/');
  const text = readFileSync(f, 'utf8');
  if (!inUi && /\.tsx$/.test(f)) problems.push(`${f}: JSX outside src/ui/`);
  for (const { spec, line, dynamic, typeOnly } of specifiers(text)) {
    const at = `${f}:${line}`;
    const to = target(rel, spec);
    if (to && !dynamic) graph.set(stem(rel), [...(graph.get(stem(rel)) ?? []), stem(to)]);
    if (VENDORED.test(spec) && !rel.startsWith('vendor/') && !typeOnly)
      problems.push(
        `${at}: imports "${spec}"; CommonJS packages are imported in src/vendor/ only (a dynamic import() of them breaks in the bundle)`,
      );
    if (!inUi && UI_PACKAGES.test(spec)) problems.push(`${at}: imports "${spec}"; Ink and React belong in src/ui/`);
    if (!inUi && /(^|\/)ui\//.test(spec) && !dynamic)
      problems.push(`${at}: static import of the UI ("${spec}"); load it with import() where a terminal needs it`);
    if (!inSandbox && to?.startsWith('sandbox/') && !SANDBOX_API.test(to) && !SANDBOX_API_CONFIG.test(to))
      problems.push(
        `${at}: imports "${spec}"; outside src/sandbox/, the sandbox is reached through src/sandbox/api.ts (and api-config.ts) only`,
      );
    if (!inSandbox && to && SANDBOX_API_CONFIG.test(to) && !dynamic && !typeOnly && !LOADED_ON_DEMAND.test(rel))
      problems.push(
        `${at}: static import of "${spec}", which is heavy; outside src/commands/ load it with loadConfigApi() from src/sandbox/api.ts when it is used`,
      );
    const [from, into] = [layerOf(rel), to && layerOf(to)];
    if (from && into && from.top !== into.top && into.i >= from.i && !dynamic)
      problems.push(
        `${at}: imports "${spec}"; src/${from.top}/ sits ${into.i > from.i ? 'below' : 'beside'} src/${into.top}/ and may not import it (scripts/lint.mjs: LAYERS)`,
      );
    if (inPostfix && NODE_IO.test(spec))
      problems.push(`${at}: imports "${spec}"; src/postfix/ is a pure model: no files, sockets or processes (the sandbox does the I/O)`);
    if (inPostfix && to && ABOVE_POSTFIX.test(to))
      problems.push(
        `${at}: imports "${spec}"; src/postfix/ may not import the layers above it (sandbox, checks, ui, commands, core, workspace, grading)`,
      );
  }
  text.split('\n').forEach((l, i) => {
    if (/\bas\s+never\b/.test(l.replace(/\/\/.*$/, '')) && !/^\s*(\*|\/\*)/.test(l))
      problems.push(`${f}:${i + 1}: "as never" hides a type error; give the value its real type`);
  });
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_LINES) problems.push(`${f}: ${lines} lines; a source file has at most ${MAX_LINES} (split it)`);
}
problems.push(...circles(graph));
if (problems.length) {
  for (const p of problems) console.error(p);
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('lint: ok');

/** Every import circle, each once, as the files in their order. */
function circles(g) {
  const found = [];
  const seen = new Set();
  const visit = (node, path) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      const ring = path.slice(at);
      const key = [...ring].sort().join(' ');
      if (!seen.has(key)) {
        seen.add(key);
        found.push(`import circle: ${[...ring, node].join(' -> ')} (move what they share to the module that owns it)`);
      }
      return;
    }
    if (done.has(node)) return;
    for (const next of g.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  const done = new Set();
  for (const node of g.keys()) visit(node, []);
  return found;
}
