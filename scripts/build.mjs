// Bundles the CLI with esbuild. Ink/React are split into a lazily loaded chunk so
// `mailsec --version` and `mailsec lessons --json` never pay for them.
import { build } from 'esbuild';
import { rmSync, chmodSync, renameSync, existsSync } from 'node:fs';
import { narrowStringWidth } from './string-width-plugin.mjs';

// built beside dist/ and swapped in, so a CLI started meanwhile never finds half a build
const out = `.dist-${process.pid}`;
rmSync(out, { recursive: true, force: true });
const result = await build({
  // MAILSEC_EXTRA_ENTRY: a second entry point, for the test that proves the guard below
  entryPoints: { cli: 'src/cli.ts', ...(process.env.MAILSEC_EXTRA_ENTRY ? { extra: process.env.MAILSEC_EXTRA_ENTRY } : {}) },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  jsx: 'automatic',
  // smaller chunks parse faster: this is most of the cold start of the CLI and the TUI
  minify: process.env.MAILSEC_NO_MINIFY !== '1',
  // optional dev-only dependency of ink
  external: ['react-devtools-core'],
  // React's production build: the development one makes every TUI redraw several times slower
  // a new id per build: the course cache (src/course/cache.ts) never serves another build's validation
  define: { 'process.env.NODE_ENV': '"production"', __MAILSEC_BUILD__: JSON.stringify(`${Date.now().toString(36)}-${process.pid}`) },
  banner: {
    // some CommonJS dependencies call require(); give the ESM bundle one
    js: "import { createRequire as __mailsecRequire } from 'node:module'; const require = __mailsecRequire(import.meta.url);",
  },
  // Ink measures text with string-width: a fast path for plain text, and its module loaded only when needed
  plugins: [narrowStringWidth],
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  metafile: true,
});
cjsBehindDynamicImport(result.metafile);
chmodSync(`${out}/cli.js`, 0o755);

/**
 * With code splitting, esbuild turns `import('x')` of a CommonJS module into a chunk that
 * exports only `default`: every named export is undefined in the bundle, while node (and
 * the tests under tsx) see them all. So a CommonJS package is imported statically, from
 * one module of ours in src/vendor/, and code that wants it late imports that module.
 * This refuses any bundle where the rule is broken, whoever broke it.
 */
function cjsBehindDynamicImport(meta) {
  const bad = [];
  for (const [from, input] of Object.entries(meta.inputs)) {
    for (const imp of input.imports) {
      if (imp.kind === 'dynamic-import' && !imp.external && meta.inputs[imp.path]?.format === 'cjs') {
        bad.push(`${from}: import('${imp.original ?? imp.path}') loads CommonJS (${imp.path})`);
      }
    }
  }
  if (bad.length) {
    rmSync(out, { recursive: true, force: true });
    console.error(
      `build: a CommonJS module behind a dynamic import() has no named exports in the bundle.\n` +
        `Import it statically in a module of src/vendor/ and import() that module instead:\n  ${bad.join('\n  ')}`,
    );
    process.exit(1);
  }
}
const old = `.dist-old-${process.pid}`;
// another build may swap its own dist in between: take whichever is there aside and retry
for (let i = 0; ; i++) {
  if (existsSync('dist')) renameSync('dist', `${old}-${i}`);
  try {
    renameSync(out, 'dist');
    break;
  } catch (e) {
    if (i >= 5 || !['ENOTEMPTY', 'EEXIST'].includes(e.code)) throw e;
  }
}
for (let i = 0; i <= 5; i++) rmSync(`${old}-${i}`, { recursive: true, force: true });
