// Cold start of the CLI, time to the first TUI frame, and one check's latency,
// each beside a bare `node -e 0` measured in the same run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeCommand, timeToOutput, stats, fmt } from './_util.mjs';

const node = process.execPath;
const ws = join(mkdtempSync(join(tmpdir(), 'mailsec-bench-')), 'ws');
const env = { ...process.env, MAILSEC_WORKSPACE: ws, LANG: 'C' };
timeCommand(node, ['dist/cli.js', 'init', ws], 1, env);

const base = timeCommand(node, ['-e', '0']).median;
const row = (name, ms) => console.log(`${name.padEnd(34)} ${fmt(ms).padStart(10)}   ${(ms / base).toFixed(2)}× node -e 0`);
console.log(`${'node -e 0'.padEnd(34)} ${fmt(base).padStart(10)}`);
row('mailsec --version', timeCommand(node, ['dist/cli.js', '--version'], 15, env).median);
row('mailsec lessons --json', timeCommand(node, ['dist/cli.js', 'lessons', '--json'], 15, env).median);
// exits 1: the step is not passed in a fresh workspace, which is the case being timed
row('mailsec check 01/myhostname', timeCommand(node, ['dist/cli.js', 'check', '01/myhostname'], 10, env, [1]).median);

const first = [];
for (let i = 0; i < 5; i++) {
  try {
    // the status bar's key list is on the first complete frame
    first.push(await timeToOutput(`${node} dist/cli.js --lang en --no-sandbox`, 'Step 1 of', env));
  } catch (e) {
    console.log(`first TUI frame: ${e.message}`);
    break;
  }
}
if (first.length) row('first TUI frame (pty, 80x24)', stats(first).median);

// one check, in process (what watch mode pays per re-check)
{
  const { loadCourse } = await import('../src/course/loader.ts');
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
