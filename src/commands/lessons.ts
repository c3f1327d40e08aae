import type { GlobalOptions } from './options.js';
import type { Course } from '../course/loader.js';
import { cachedCourse } from '../course/cache.js';
import { lessonsDir } from '../util/paths.js';
import { reportCourseErrors } from '../course/format.js';
import { lessonAbout, lessonNeeds } from '../core/tools.js';

// Listing the lessons is what scripts call most: a cached course is printed without
// loading the YAML parser, the schemas or the checks at all.
export async function lessons(g: GlobalOptions): Promise<number> {
  const cached = cachedCourse<Course>(lessonsDir()).value;
  const c =
    cached && Array.isArray(cached.lessons) && Array.isArray(cached.errors)
      ? reportCourseErrors(g.lang, cached)
      : (await import('./common.js')).course(g);
  const needs = lessonNeeds(c);
  if (g.json) {
    const out = {
      lessons: c.lessons.map((l) => ({
        id: l.id,
        title: l.title[g.lang],
        minutes: l.minutes,
        needs: (needs.get(l.id) ?? []).map((x) => x.name),
        steps: l.steps.map((s) => ({ id: s.id, title: s.title[g.lang], checkpoint: s.checkpoint })),
      })),
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    for (const l of c.lessons) {
      process.stdout.write(`${l.id}  ${l.title[g.lang]}\n      ${lessonAbout(g.lang, l, needs.get(l.id) ?? [])}\n`);
      l.steps.forEach((s, i) =>
        process.stdout.write(`  ${String(i + 1).padStart(2)}. ${s.id}  ${s.title[g.lang]}${s.checkpoint ? '  ★' : ''}\n`),
      );
    }
  }
  return c.errors.length ? 2 : 0;
}
