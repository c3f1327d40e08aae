// The teacher's guide is generated from the course (scripts/teacher-guide.ts): a lesson, a
// check's message or a prover fixture that changes without the guide being written again
// fails here, and so does a Spanish or Catalan guide with English in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { guideDir, lessonMarker, loadFixtures, teacherGuide } from '../../scripts/teacher-guide.js';
import { guideSection } from '../../src/core/teacher-guide.js';
import { loadCourse } from '../../src/checks/course.js';
import { LANGS, type Lang } from '../../src/i18n/lang.js';
import { lessonsDir } from '../../src/util/paths.js';
import { englishIn } from '../helpers/english.js';

const read = (lang: Lang) => readFileSync(join(guideDir(), `${lang}.md`), 'utf8');
const course = loadCourse(lessonsDir());

test('docs/teacher/*.md are what scripts/teacher-guide.ts writes from the course today', async () => {
  const fx = await loadFixtures();
  for (const lang of LANGS)
    assert.equal(read(lang), await teacherGuide(lang, fx), `docs/teacher/${lang}.md is out of date: run npx tsx scripts/teacher-guide.ts`);
});

test('every lesson has a section with its goal, time, steps, and a solution or quiz per step', () => {
  for (const lang of LANGS) {
    for (const lesson of course.lessons) {
      const s = guideSection(lang, lesson.id);
      assert.ok(s, `${lang}: no section for ${lesson.id}`);
      assert.ok(s.includes(`${lesson.minutes} min`), `${lang} ${lesson.id}: no time`);
      if (lesson.summary) assert.ok(s.includes(lesson.summary[lang]), `${lang} ${lesson.id}: no goal`);
      for (const step of lesson.steps) assert.ok(s.includes(step.title[lang]), `${lang} ${lesson.id}: no step ${step.id}`);
    }
  }
  // the open relay's usual mistakes, as the learner reads them
  const relay = guideSection('es', '04-open-relay')!;
  assert.match(relay, /Errores frecuentes/);
  assert.match(relay, /swaks --server 127\.0\.0\.1:2526/);
});

test('es, ca and en have the same sections, in the same order', () => {
  const shape = (text: string) =>
    text
      .split('\n')
      .filter((l) => /^#{1,4} /.test(l) || l.startsWith('<!-- lesson:') || l.startsWith('```') || l.startsWith('- '))
      .map((l) => (l.startsWith('<!--') ? l : l.startsWith('```') ? '```' : l.startsWith('- ') ? '-' : l.replace(/ .*/, '')));
  const en = shape(read('en'));
  for (const lesson of course.lessons) assert.ok(en.includes(lessonMarker(lesson.id)));
  for (const lang of ['es', 'ca'] as const)
    assert.deepEqual(shape(read(lang)), en, `docs/teacher/${lang}.md and en.md differ in their sections`);
});

test('the Spanish and Catalan guides have no English prose', () => {
  for (const lang of ['es', 'ca'] as const) {
    const prose = read(lang)
      .replace(/```[\s\S]*?```/g, ' ')
      .replace(/<!--[\s\S]*?-->/g, ' ');
    prose.split('\n').forEach((line, i) => {
      const leak = englishIn(line);
      assert.equal(leak, undefined, `docs/teacher/${lang}.md: "${leak}" in: ${line} (line ${i + 1} of the prose)`);
    });
  }
});

test('a lesson the guide does not have, or no guide at all, gives no section', () => {
  assert.equal(guideSection('es', '99-none'), undefined);
  assert.equal(guideSection('es', '04-open-relay', '/nonexistent/docs/teacher/es.md'), undefined);
});
