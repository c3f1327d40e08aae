// Grading a class: `mailsec grade DIR --json` on N complete submissions (300 by default,
// MAILSEC_BENCH_CLASS=N), beside `node -e 0` in the same run. The submissions are one
// complete course (every lesson's reference solution, see _course-bundle.ts) handed in by
// N students: the same work under N names and e-mails, so copy detection has every pair
// to report, the worst case for it.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { courseBundle } from './_course-bundle.js';
import { fmt, nodeE0 } from './_sandbox.js';

const n = Number(process.env.MAILSEC_BENCH_CLASS ?? 300);
const one = await courseBundle('aula.test');
const b = JSON.parse(gunzipSync(readFileSync(one)).toString('utf8'));
const dir = join(mkdtempSync(join(tmpdir(), 'mailsec-bench-grade-')), 'entregas');
mkdirSync(dir);
for (let i = 1; i <= n; i++) {
  const name = `alumno${String(i).padStart(3, '0')}`;
  writeFileSync(join(dir, `${name}.mailsec`), gzipSync(JSON.stringify({ ...b, student: `Alumno ${i}`, email: `${name}@ies.example` })));
}

const base = nodeE0();
const t0 = process.hrtime.bigint();
// no teacher's folder: the submissions were made for the test teacher, not this machine's
const env = { ...process.env, MAILSEC_TEACHER_DIR: join(dir, '..', 'no-teacher') };
const r = spawnSync(process.execPath, ['dist/cli.js', 'grade', dir, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30, env });
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
if (r.status !== 0) throw new Error(`grade exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
const j = JSON.parse(r.stdout) as { submissions: { passed: number; total: number }[] };
const passed = j.submissions.filter((s) => s.passed === s.total).length;
console.log(`${'node -e 0'.padEnd(34)} ${fmt(base).padStart(10)}`);
console.log(
  `${`grade ${n} complete submissions`.padEnd(34)} ${fmt(ms).padStart(10)}   ${(ms / base).toFixed(0)}× node -e 0, ${fmt(ms / n)} per student, ${availableParallelism()} cores`,
);
console.log(`${''.padEnd(34)} ${j.submissions.length} graded, ${passed} with every step passed`);
