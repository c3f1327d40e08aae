// A learner answers a choice question with the letter their screen shows: the options are
// shuffled per learner (src/course/quiz-order.ts). Tests name the option by its id in the
// course; these give the letter that learner would type.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCourse } from '../../src/checks/course.js';
import { lessonsDir } from '../../src/util/paths.js';
import { quizSeed, shownOptions } from '../../src/course/quiz-order.js';
import type { Course } from '../../src/course/types.js';

let course: Course | undefined;

/** The letters a learner with workspace `ws` types for these option ids of `ref` (LESSON/STEP, short ids allowed). */
export function keysFor(ws: string, ref: string, ids: string | string[]): string[] | undefined {
  course ??= loadCourse(lessonsDir());
  const [l, s] = ref.split('/');
  const lesson = course.lessons.find((x) => x.id === l || x.id.startsWith(`${l.padStart(2, '0')}-`));
  const step = lesson?.steps.find((x) => x.id === s);
  if (!lesson || !step || step.check.kind !== 'quiz.choice') return undefined;
  const list = [ids]
    .flat()
    .flatMap((a) => a.split(','))
    .map((a) => a.trim());
  const domain = JSON.parse(readFileSync(join(ws, '.mailsec', 'workspace.json'), 'utf8')).domain as string;
  const options = (step.check.params as { options: { id: string }[] }).options.map((o) => o.id);
  const shown = shownOptions(quizSeed(domain, lesson.id, step.id), options);
  return list.map((id) => shown.find((o) => o.id === id)?.key ?? id);
}

/** keysFor, as one `--answer` value; a typed answer (not a choice) as it is. */
export function keyFor(ws: string, ref: string, answer: string | string[]): string {
  const keys = keysFor(ws, ref, answer);
  return keys === undefined ? [answer].flat().join(',') : keys.join(',');
}
