// CI's second run: the package as `npm pack` makes it, installed into an empty folder as
// a learner's `npx mailsec` would have it, then the tests that prove the course (the step
// prover, the course walk, grading, internal errors) run against that copy's CLI.
import { mkdtempSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const sh = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`test-packed: ${cmd} ${args.join(' ')} exited ${r.status}`);
    process.exit(r.status ?? 1);
  }
  return r;
};

const work = mkdtempSync(join(tmpdir(), 'mailsec-packed-'));
const packOut = spawnSync('npm', ['pack', '--silent', '--pack-destination', work], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (packOut.status !== 0) process.exit(packOut.status ?? 1);
const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
if (!tgz) throw new Error('npm pack made no tarball');
const app = join(work, 'app');
sh('mkdir', ['-p', app]);
sh('npm', ['init', '-y'], { cwd: app, stdio: 'ignore' });
sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, tgz)], { cwd: app });
const cli = join(app, 'node_modules', 'mailsec', 'dist', 'cli.js');
if (!existsSync(cli)) throw new Error(`the installed package has no ${cli}`);
// the bin npx would run
sh(join(app, 'node_modules', '.bin', 'mailsec'), ['--version'], { cwd: app });

const tests = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['test/steps.prove.test.ts', 'test/walk', 'test/commands/internal-error.test.ts'];
const files = tests.flatMap((t) =>
  existsSync(t) && !t.endsWith('.ts')
    ? readdirSync(t)
        .filter((f) => /\.test\.ts$/.test(f))
        .map((f) => join(t, f))
    : existsSync(t)
      ? [t]
      : [],
);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  env: { ...process.env, MAILSEC_CLI: cli, FORCE_COLOR: '0' },
});
rmSync(work, { recursive: true, force: true });
process.exit(r.status ?? 1);
