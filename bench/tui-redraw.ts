// Redraw cost of the TUI on a 500-line step: the markdown layout (done once per step,
// language and width) and one key press → frame (done on every key). Prints figures only.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Step } from '../src/course/loader.js';

// the shipped bundle has React in production mode (scripts/build.mjs): measure that one
process.env.NODE_ENV ??= 'production';
const { createElement } = await import('react');
const { render } = await import('ink-testing-library');
const { initWorkspace } = await import('../src/workspace/workspace.js');
const { loadCourse } = await import('../src/checks/course.js');
const { lessonsDir } = await import('../src/util/paths.js');
const { Progress } = await import('../src/workspace/progress.js');
const { Workbook } = await import('../src/core/workbook.js');
const { App } = await import('../src/ui/App.js');
const { bodyRows } = await import('../src/ui/screens/step-screen.js');

function longStep(): string {
  const parts = ['# Un paso muy largo', ''];
  for (let i = 1; parts.length < 500; i++) {
    parts.push(`Párrafo ${i} con **negrita**, *cursiva*, \`código\` y un [enlace](https://example.org/${i}).`, '');
    if (i % 10 === 0)
      parts.push('```bash', `openssl s_client -connect 127.0.0.1:2525 -starttls smtp -servername mail.aula.test # ${i}`, '```', '');
    if (i % 15 === 0) parts.push('| parámetro | valor |', '|---|---|', '| myhostname | mail.aula.test |', '');
  }
  return parts.join('\n');
}
const md = longStep();

class LongWorkbook extends Workbook {
  body(_step: Step): string {
    return md;
  }
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const min = (xs: number[]) => Math.min(...xs);
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

const layout: number[] = [];
for (let i = 0; i < 20; i++) {
  const t0 = process.hrtime.bigint();
  bodyRows(md, 80 + (i % 2));
  layout.push(ms(t0));
}
console.log(`markdown layout of ${md.split('\n').length} lines (once per step/lang/width): median ${median(layout).toFixed(2)} ms`);

const ws = initWorkspace(join(mkdtempSync(join(tmpdir(), 'mailsec-bench-')), 'ws'), { domain: 'aula.test' }).workspace;
const wb = new LongWorkbook(loadCourse(lessonsDir()), ws, Progress.load(ws), 'es');
const ui = render(createElement(App, { wb, watch: false, size: { columns: 80, rows: 24 }, color: true }));
await new Promise((r) => setTimeout(r, 100));
const keys = ['\x1b[B', '\x1b[6~', '\x1b[B', '\x1b[A', '\x1b[5~'];
const per: number[] = [];
const cpu0 = process.cpuUsage();
for (let i = 0; i < 400; i++) {
  const before = ui.frames.length;
  const t0 = process.hrtime.bigint();
  ui.stdin.write(keys[i % keys.length]);
  while (ui.frames.length === before && ms(t0) < 1000) await new Promise((r) => setImmediate(r));
  if (ui.frames.length > before) per.push(ms(t0));
}
const cpu = process.cpuUsage(cpu0);
ui.unmount();
console.log(
  `key press → frame on that step (${per.length} frames): min ${min(per).toFixed(2)} ms, median ${median(per).toFixed(2)} ms, p95 ${p95(per).toFixed(2)} ms (budget: far under 16 ms); process CPU (an upper bound: it includes the polling) ${((cpu.user + cpu.system) / 1000 / per.length).toFixed(2)} ms per key`,
);
