import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quizSeed, shownOptions, shuffledIds } from '../../src/course/quiz-order.js';
import { loadCourse } from '../../src/checks/course.js';
import { lessonsDir } from '../../src/util/paths.js';

test('a learner sees the same order every time; the letters shown are positions', () => {
  const seed = quizSeed('ana.test', '05-rbl', 'first-match');
  const once = shownOptions(seed, ['a', 'b', 'c']);
  assert.deepEqual(shownOptions(seed, ['a', 'b', 'c']), once);
  assert.deepEqual(
    once.map((o) => o.key),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(once.map((o) => o.id).sort(), ['a', 'b', 'c']);
  assert.deepEqual(shuffledIds('x', []), []);
  assert.deepEqual(shuffledIds('x', ['only']), ['only']);
});

test('across a class, the right option of every question moves: no letter is the answer for everyone', () => {
  const course = loadCourse(lessonsDir());
  const domains = Array.from({ length: 30 }, (_, i) => `alumno${i}.test`);
  let questions = 0;
  for (const lesson of course.lessons)
    for (const step of lesson.steps) {
      if (step.check.kind !== 'quiz.choice') continue;
      questions++;
      const p = step.check.params as { options: { id: string }[]; answer: string | string[] };
      const first = [p.answer].flat()[0];
      const letters = new Set(
        domains.map(
          (d) =>
            shownOptions(
              quizSeed(d, lesson.id, step.id),
              p.options.map((o) => o.id),
            ).find((o) => o.id === first)!.key,
        ),
      );
      assert.ok(letters.size >= 2, `${lesson.id}/${step.id}: the answer is always "${[...letters][0]}"`);
    }
  assert.ok(questions >= 10);
});
