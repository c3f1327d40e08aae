// Cold start of the CLI, time to the first TUI frame, and one check's latency,
// each beside a bare `node -e 0` measured in the same run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeCommand, timeToOutput, stats, fmt } from './_util.mjs';

const node = process.execPath;
const tmp = mkdtempSync(join(tmpdir(), 'mailsec-bench-'));
const ws = join(tmp, 'ws');
// a course cache of its own: builds and tests running meanwhile replace the shared one
// (one course is kept at a time), which would time a parse instead of a start
const env = { ...process.env, MAILSEC_WORKSPACE: ws, LANG: 'C', MAILSEC_CACHE_DIR: join(tmp, 'cache') };
timeCommand(node, ['dist/cli.js', 'init', ws], 1, env);

const base = timeCommand(node, ['-e', '0']).median;
const row = (name, ms) => console.log(`${name.padEnd(34)} ${fmt(ms).padStart(10)}   ${(ms / base).toFixed(2)}× node -e 0`);
console.log(`${'node -e 0'.padEnd(34)} ${fmt(base).padStart(10)}`);
row('mailsec --version', timeCommand(node, ['dist/cli.js', '--version'], 15, env).median);
row('mailsec lessons --json', timeCommand(node, ['dist/cli.js', 'lessons', '--json'], 15, env).median);
// exits 1: the step is not passed in a fresh workspace, which is the case being timed
row('mailsec check 01/myhostname', timeCommand(node, ['dist/cli.js', 'check', '01/myhostname'], 10, env, [1]).median);

// on a loaded machine both vary from moment to moment: each frame is timed beside its own
// `node -e 0`, and the ratio is of the medians of those pairs
const first = [];
const bases = [];
for (let i = 0; i < 9; i++) {
  try {
    bases.push(timeCommand(node, ['-e', '0'], 3).median);
    // the header's "Step 1 of" is on the first complete frame
    first.push(await timeToOutput(`${node} dist/cli.js --lang en --no-sandbox`, 'Step 1 of', env));
  } catch (e) {
    console.log(`first TUI frame: ${e.message}`);
    break;
  }
}
if (first.length) {
  const f = stats(first);
  const b = stats(bases.slice(0, first.length)).median;
  console.log(
    `${'first TUI frame (pty, 80x24)'.padEnd(34)} ${fmt(f.median).padStart(10)}   ${(f.median / b).toFixed(2)}× node -e 0 (${fmt(b)} beside it)`,
  );
  console.log(`${''.padEnd(34)} min ${fmt(f.min)}, max ${fmt(f.max)} over ${first.length} runs`);
  // what the pseudo-terminal and its shell add to any program, for reading the figure above
  const pty = [];
  for (let i = 0; i < 5; i++) pty.push(await timeToOutput(`${node} -e "process.stdout.write('ready')"`, 'ready', env));
  console.log(`${'  node -e 0 through the same pty'.padEnd(34)} ${fmt(stats(pty).median).padStart(10)}`);
}

// one check, in process (what watch mode pays per re-check)
{
  const { loadCourse } = await import('../src/checks/course.ts');
  const { runCheck } = await import('../src/checks/run.ts');
  const { Workspace } = await import('../src/workspace/workspace.ts');
  const course = loadCourse('lessons');
  const lesson = course.lessons[0];
  const step = lesson.steps.find((s) => s.id === 'myhostname');
  const w = Workspace.open(ws);
  const xs = [];
  for (let i = 0; i < 200; i++) {
    const t0 = process.hrtime.bigint();
    await runCheck(lesson, step, { ws: w, lang: 'es' });
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  console.log(`${'one check in process (postfix.param)'.padEnd(34)} ${fmt(stats(xs).median).padStart(10)}`);
}
