// A complete submission for the grading benchmark: a workspace where every lesson's
// reference solution (the step prover's fixtures) is done as a learner would, every step
// checked through the built CLI, then `mailsec submit`. Kept in the temporary folder by a
// hash of the course, its fixtures and the package's version, since making one takes minutes.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCourse } from '../src/checks/course.js';
import { lessonsDir, packageRoot } from '../src/util/paths.js';
import type { LessonFixtures } from '../test/prove/types.js';
import { Env, apply, freshWorkspace, missingTools } from '../test/prove/env.js';
import { checkStep, runCli } from '../test/helpers/cli.js';

function hashTree(dir: string, h = createHash('sha256')): ReturnType<typeof createHash> {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) hashTree(p, h);
    else h.update(n).update(readFileSync(p));
  }
  return h;
}

/** The path of a complete submission for `domain`, made if not there yet. */
export async function courseBundle(domain: string): Promise<string> {
  const root = packageRoot();
  const h = hashTree(join(root, 'test', 'fixtures', 'steps'), hashTree(lessonsDir()));
  h.update(readFileSync(join(root, 'package.json')));
  const file = join(tmpdir(), `mailsec-bench-${domain}-${h.digest('hex').slice(0, 16)}.mailsec`);
  if (existsSync(file)) return file;
  const course = loadCourse(lessonsDir());
  const env = new Env(freshWorkspace(domain));
  try {
    for (const lesson of course.lessons) {
      const fx = (await import(join(root, 'test', 'fixtures', 'steps', `${lesson.id}.ts`))).default as LessonFixtures;
      for (const s of lesson.steps) {
        if (missingTools(fx[s.id].solution.requires)) continue;
        const answer = await apply(env, fx[s.id].solution);
        await checkStep(env.ws.root, `${lesson.id}/${s.id}`, { answer });
      }
    }
  } finally {
    await env.close();
  }
  const part = `${file}.part`;
  const r = await runCli(['submit', '--out', part, '--name', 'Bench'], { ws: env.ws.root });
  if (r.code !== 0) throw new Error(`submit failed: ${r.stderr}`);
  renameSync(part, file);
  return file;
}
