// Choice questions teach after the answer: every option says why it is right or wrong, and
// the right one cannot be guessed as the longest (the order is shuffled per learner: quiz-order.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCourse } from '../../src/checks/course.js';
import { lessonsDir } from '../../src/util/paths.js';
import { LANGS } from '../../src/i18n/lang.js';

type Option = { id: string; why?: Record<string, string> } & Record<string, string>;

const course = loadCourse(lessonsDir());
const questions = course.lessons.flatMap((lesson) =>
  lesson.steps
    .filter((s) => s.check.kind === 'quiz.choice')
    .map((s) => ({ ref: `${lesson.id}/${s.id}`, ...(s.check.params as { options: Option[]; answer: string | string[] }) })),
);

test('every option of every choice question says why, in es, ca and en', () => {
  const missing = questions.flatMap((q) =>
    q.options.flatMap((o) => LANGS.filter((l) => !o.why?.[l]?.trim()).map((l) => `${q.ref} ${o.id} (${l})`)),
  );
  assert.deepEqual(missing, []);
});

test('the one right option is never the one longer than all the others', () => {
  const giveaways = questions.flatMap((q) =>
    LANGS.flatMap((l) => {
      const len = (o: Option) => o[l].length;
      const longest = Math.max(...q.options.map(len));
      const right = [q.answer].flat();
      const top = q.options.filter((o) => len(o) === longest);
      return right.length === 1 && top.length === 1 && top[0].id === right[0] ? [`${q.ref} (${l}): ${top[0].id}`] : [];
    }),
  );
  assert.deepEqual(giveaways, []);
});
