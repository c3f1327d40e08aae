// Every step proves its check: on a fresh workspace it fails, on each wrong variant it
// fails with the message the learner will read, and on its reference solution it passes.
// The steps run in course order in one workspace, as a learner would do them, and every
// check and every sandbox is the built CLI's (dist/cli.js, or MAILSEC_CLI): what ships.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCourse } from '../src/checks/course.js';
import { lessonsDir, packageRoot } from '../src/util/paths.js';
import { t } from '../src/i18n/messages.js';
import type { Lesson, Step } from '../src/course/loader.js';
import type { LessonFixtures } from './prove/types.js';
import { assertReadable } from './helpers/verdict.js';
import { Env, apply, copyWorkspace, freshWorkspace, missingTools, tempDir } from './prove/env.js';
import { checkStep, runCli } from './helpers/cli.js';

const DOMAIN = 'aula.test';
const course = loadCourse(lessonsDir());
const envs: Env[] = [];
after(async () => {
  for (const e of envs) await e.close();
});

test('the course loads without errors', () => {
  assert.deepEqual(course.errors, []);
});

/** `mailsec check LESSON/STEP --json` through the built CLI; a check must never crash (exit 70). */
async function check(env: Env, lesson: Lesson, step: Step, answer?: string | string[]) {
  const v = await checkStep(env.ws.root, `${lesson.id}/${step.id}`, { answer });
  assert.notEqual(v.status, 'error', `${lesson.id}/${step.id} reported an internal error: ${v.message}\n${v.stderr}`);
  return { status: v.status, message: { key: v.key, params: v.params as Parameters<typeof t>[2] }, evidence: v.evidence, code: v.code };
}

const main = new Env(freshWorkspace(DOMAIN));
envs.push(main);
const provedSteps = new Set<string>();
/**
 * MAILSEC_PROVE_ONLY=<part of a lesson id>: only those lessons are proved; the others just
 * lay down their solutions in course order, so the proved ones start from the state the
 * earlier lessons leave (a quicker run while working on one lesson; CI proves them all).
 */
const only = process.env.MAILSEC_PROVE_ONLY;
const proving = (id: string) => !only || id.includes(only);

for (const lesson of course.lessons) {
  const file = join(packageRoot(), 'test', 'fixtures', 'steps', `${lesson.id}.ts`);
  if (only && !lesson.id.includes(only)) {
    test(`lesson ${lesson.id}: its solutions only (MAILSEC_PROVE_ONLY=${only})`, async () => {
      const fx = (await import(file)).default as LessonFixtures;
      for (const s of lesson.steps) if (!missingTools(fx[s.id].solution.requires)) await apply(main, fx[s.id].solution);
    });
    continue;
  }
  describe(`lesson ${lesson.id}`, () => {
    test('has fixtures for every step', () => {
      assert.ok(existsSync(file), `missing ${file}`);
    });
    if (!existsSync(file)) return;
    let fx: LessonFixtures;
    let fresh: Env;
    test('load fixtures', async () => {
      const mod = await import(file);
      fx = mod.default as LessonFixtures;
      fresh = new Env(freshWorkspace(DOMAIN));
      envs.push(fresh);
      if (mod.sandbox) await fresh.sandbox();
      for (const s of lesson.steps) {
        assert.ok(fx[s.id], `no fixture for step ${s.id}`);
        assert.ok(fx[s.id].wrong.length > 0, `step ${s.id} has no wrong variant`);
      }
      for (const id of Object.keys(fx))
        assert.ok(
          lesson.steps.some((s) => s.id === id),
          `fixture for unknown step ${id}`,
        );
    });
    for (const step of lesson.steps) {
      describe(`step ${step.id}`, () => {
        test('fails on a fresh workspace', { skip: !proving(lesson.id) }, async () => {
          const v = await check(fresh, lesson, step);
          assert.equal(v.status, 'fail', `${v.status}: ${t('en', v.message.key, v.message.params)}`);
          assertReadable(v.message.key, v.message.params);
        });
        test("fails on each wrong variant with the learner's message", { skip: !proving(lesson.id) }, async (tc) => {
          for (const w of fx[step.id].wrong) {
            const skip = missingTools(w.requires);
            if (skip) {
              tc.diagnostic(`${w.name}: skipped (${skip})`);
              continue;
            }
            const env = new Env(copyWorkspace(main.ws));
            envs.push(env);
            try {
              const answer = await apply(env, w);
              const v = await check(env, lesson, step, answer);
              const text = t('es', v.message.key, v.message.params);
              assert.equal(v.status, 'fail', `${w.name}: expected fail, got ${v.status}: ${text}`);
              assert.equal(v.message.key, w.expect, `${w.name}: expected ${w.expect}, got ${v.message.key}: ${text}`);
              assertReadable(v.message.key, v.message.params);
              tc.diagnostic(`${w.name}: ${text}`);
            } finally {
              await env.close();
            }
          }
        });
        test('passes on its solution', async (tc) => {
          const skip = missingTools(fx[step.id].solution.requires);
          if (skip) return tc.skip(skip);
          const answer = await apply(main, fx[step.id].solution);
          const v = await check(main, lesson, step, answer);
          assert.equal(v.status, 'pass', `${v.status}: ${t('es', v.message.key, v.message.params)} ${v.evidence.join(' | ')}`);
          assert.equal(v.code, 0);
          provedSteps.add(`${lesson.id}/${step.id}`);
        });
      });
    }
  });
}

// The whole course done, handed in and graded as a teacher would, with the built CLI:
// every step proved above passes again from the submission alone, with a sandbox of the
// grader's own.
test('the finished course, submitted and graded, passes every proved step', async () => {
  assert.ok(provedSteps.size > 0);
  await main.close(); // the learner's sandbox is gone; the grader starts its own
  const file = `${tempDir()}/aula.mailsec`;
  const sub = await runCli(['submit', '--out', file, '--name', 'Aula'], { ws: main.ws.root });
  assert.equal(sub.code, 0, sub.stderr);
  const g = await runCli(['grade', file, '--json'], { lang: 'es' });
  assert.equal(g.code, 0, g.stderr);
  const { submissions } = JSON.parse(g.stdout) as {
    submissions: { results: { lesson: string; step: string; status: string; message: string }[]; warnings: string[] }[];
  };
  assert.equal(submissions.length, 1);
  const failed = submissions[0].results.filter((r) => provedSteps.has(`${r.lesson}/${r.step}`) && r.status !== 'pass');
  assert.deepEqual(
    failed.map((r) => `${r.lesson}/${r.step}: ${r.message}`),
    [],
  );
  assert.deepEqual(submissions[0].warnings, []);
});
