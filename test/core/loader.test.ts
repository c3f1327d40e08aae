import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatLoadError } from '../../src/course/loader.js';
import { loadCourse } from '../../src/checks/course.js';
import { lessonsDir } from '../../src/util/paths.js';
import { sectionHash } from '../../src/course/sections.js';
import { tempDir } from '../prove/env.js';

const GOOD_YAML = `title:
  es: Prueba
  ca: Prova
  en: Test
steps:
  - id: one
    title:
      es: Uno
      ca: U
      en: One
    check:
      kind: quiz.text
      accept: [hola]
minutes: 10
`;

function lessonDir(yaml: string, md: Partial<Record<'es' | 'ca' | 'en', string>> = {}) {
  const root = tempDir();
  const dir = join(root, '01-test');
  mkdirSync(dir);
  writeFileSync(join(dir, 'lesson.yaml'), yaml);
  const es = md.es ?? '<!-- step: one -->\nHola.\n';
  const h = sectionHash(es.replace(/^<!--.*-->\n/, ''));
  const files = { es, ca: md.ca ?? `<!-- step: one source: ${h} -->\nHola.\n`, en: md.en ?? `<!-- step: one source: ${h} -->\nHello.\n` };
  for (const [lang, text] of Object.entries(files)) if (text !== '') writeFileSync(join(dir, `${lang}.md`), text);
  return root;
}

const errorsOf = (root: string) => loadCourse(root).errors.map(formatLoadError);

test('the shipped course loads with no errors', () => {
  const c = loadCourse(lessonsDir());
  assert.deepEqual(c.errors, []);
  assert.ok(c.lessons.length >= 1);
});

test('a well-formed lesson loads', () => {
  const c = loadCourse(lessonDir(GOOD_YAML));
  assert.deepEqual(c.errors, []);
  assert.equal(c.lessons[0].id, '01-test');
  assert.equal(c.lessons[0].steps[0].body.en, 'Hello.');
});

test('a YAML syntax error names the file and the line', () => {
  const errs = errorsOf(lessonDir(GOOD_YAML.replace('  en: Test', '  en: [Test')));
  assert.equal(errs.length, 1);
  assert.match(errs[0], /^01-test\/lesson\.yaml:\d+: /);
});

test('a missing translation of a title names its line', () => {
  const errs = errorsOf(lessonDir(GOOD_YAML.replace('      ca: U\n', '')));
  assert.deepEqual(errs, ['01-test/lesson.yaml:7: steps.0.title.ca: Required']);
});

test('an unknown check kind names its line', () => {
  const errs = errorsOf(lessonDir(GOOD_YAML.replace('kind: quiz.text', 'kind: quiz.txt')));
  assert.deepEqual(errs, ['01-test/lesson.yaml:12: unknown check kind "quiz.txt"']);
});

test("a check's parameters are validated by its own schema, with the line", () => {
  const yaml = GOOD_YAML.replace(
    'kind: quiz.text\n      accept: [hola]',
    'kind: quiz.choice\n      options:\n        - {id: a, es: A, ca: A, en: A}\n        - {id: b, es: B, ca: B, en: B}\n      answer: c',
  );
  const errs = errorsOf(lessonDir(yaml));
  assert.equal(errs.length, 1);
  assert.match(errs[0], /^01-test\/lesson\.yaml:16: steps\.0\.check \(quiz\.choice\) answer: answer "c" is not an option id$/);
});

test('an unknown field is refused rather than ignored', () => {
  const errs = errorsOf(lessonDir(GOOD_YAML.replace('steps:', 'stpes: []\nsteps:')));
  assert.equal(errs.length, 1);
  assert.match(errs[0], /lesson\.yaml:\d+: .*Unrecognized key.*stpes/);
});

test('a step used twice is an error', () => {
  const step = GOOD_YAML.slice(GOOD_YAML.indexOf('  - id: one'), GOOD_YAML.indexOf('minutes:'));
  const yaml = GOOD_YAML.replace('minutes:', step + 'minutes:');
  const errs = errorsOf(lessonDir(yaml));
  assert.ok(
    errs.some((e) => /lesson\.yaml:14: step id "one" is used twice/.test(e)),
    errs.join('\n'),
  );
});

test('markdown problems name the file and line', () => {
  const errs = errorsOf(
    lessonDir(GOOD_YAML, {
      es: 'Texto suelto\n<!-- step: one -->\nHola.\n<!-- step: two -->\nOtro.\n',
      ca: '<!-- step: one -->\nHola.\n',
      en: '',
    }),
  );
  assert.ok(errs.includes('01-test/es.md:1: text before the first <!-- step: ID --> marker'), errs.join('\n'));
  assert.ok(errs.includes('01-test/es.md:4: section for unknown step "two"'), errs.join('\n'));
  assert.ok(
    errs.includes('01-test/ca.md:1: section "one" does not say which Spanish version it translates (source: HASH)'),
    errs.join('\n'),
  );
  assert.ok(errs.includes('01-test/en.md: missing en.md'), errs.join('\n'));
});

test('an empty or missing section is an error', () => {
  const h = sectionHash('Hola.');
  const errs = errorsOf(
    lessonDir(GOOD_YAML, { ca: `<!-- step: one source: ${h} -->\n\n`, en: '<!-- step: zzz source: 00000000 -->\nx\n' }),
  );
  assert.ok(errs.includes('01-test/ca.md:1: section "one" is empty'), errs.join('\n'));
  assert.ok(errs.includes('01-test/en.md: no section for step "one"'), errs.join('\n'));
});

test('a translation of an older Spanish text is marked stale', () => {
  const root = lessonDir(GOOD_YAML);
  writeFileSync(join(root, '01-test', 'es.md'), '<!-- step: one -->\nHola, mundo.\n');
  const c = loadCourse(root);
  assert.deepEqual(c.errors, []);
  assert.deepEqual(c.lessons[0].steps[0].stale, ['ca', 'en']);
});

test('a lesson folder with a bad name is reported, the others still load', () => {
  const root = lessonDir(GOOD_YAML);
  mkdirSync(join(root, 'Lesson2'));
  const c = loadCourse(root);
  assert.equal(c.lessons.length, 1);
  assert.deepEqual(c.errors.map(formatLoadError), ['Lesson2: lesson folders are named NN-id (two digits, a dash, lowercase id)']);
  void readFileSync;
});
