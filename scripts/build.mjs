// Bundles the CLI with esbuild. Ink/React are split into a lazily loaded chunk so
// `mailsec --version` and `mailsec lessons --json` never pay for them.
import { build } from 'esbuild';
import { rmSync, chmodSync, renameSync, existsSync } from 'node:fs';

// built beside dist/ and swapped in, so a CLI started meanwhile never finds half a build
const out = `.dist-${process.pid}`;
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
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
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
chmodSync(`${out}/cli.js`, 0o755);
const old = `.dist-old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(out, 'dist');
rmSync(old, { recursive: true, force: true });
