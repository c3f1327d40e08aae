// Every lesson says the same thing in Spanish, Catalan and English: the same steps, no
// empty section, translations made from the current Spanish text, the same code blocks
// (commands are never translated) and every localized field of lesson.yaml in all three.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { LESSON_DIR_RE } from '../../src/course/loader.js';
import { loadCourse, loadLesson } from '../../src/checks/course.js';
import { sectionHash, splitSections, type Section } from '../../src/course/sections.js';
import { lessonsDir, packageRoot } from '../../src/util/paths.js';
import { LANGS, type Lang } from '../../src/i18n/lang.js';
import { codeBlocks, localizedFields } from './text.js';

type Kind = 'steps' | 'stale' | 'code' | 'yaml';
interface Problem {
  kind: Kind;
  text: string;
}

const LANG_NAME: Record<Lang, string> = { es: 'Spanish', ca: 'Catalan', en: 'English' };

/** What is out of step between the three languages of one lesson folder. */
function parityProblems(dir: string): Problem[] {
  const shown = relative(packageRoot(), dir) || dir;
  const problems: Problem[] = [];
  const add = (kind: Kind, text: string) => problems.push({ kind, text });

  let yamlIds: string[] = [];
  try {
    const doc = parse(readFileSync(join(dir, 'lesson.yaml'), 'utf8')) as { steps?: { id?: string }[] };
    yamlIds = (doc.steps ?? []).map((s) => String(s.id));
    for (const f of localizedFields(doc)) {
      for (const lang of LANGS) {
        const v = f.value[lang];
        if (typeof v !== 'string' || !v.trim()) add('yaml', `${shown}/lesson.yaml ${f.path}: no ${LANG_NAME[lang]} text (${lang})`);
      }
    }
  } catch (e) {
    add('yaml', `${shown}/lesson.yaml cannot be read: ${(e as Error).message.split('\n')[0]}`);
  }

  const sections = {} as Record<Lang, Map<string, Section>>;
  for (const lang of LANGS) {
    const file = `${shown}/${lang}.md`;
    sections[lang] = new Map();
    if (!existsSync(join(dir, `${lang}.md`))) {
      add('steps', `${file} is missing`);
      continue;
    }
    const r = splitSections(readFileSync(join(dir, `${lang}.md`), 'utf8'));
    for (const e of r.errors) add('steps', `${file}:${e.line}: ${e.message}`);
    for (const s of r.sections) sections[lang].set(s.id, s);
    const ids = r.sections.map((s) => s.id);
    if (ids.join(' ') !== yamlIds.join(' '))
      add('steps', `${file} has the steps [${ids.join(', ')}], lesson.yaml has [${yamlIds.join(', ')}] (same ids, same order)`);
    for (const s of r.sections) if (!s.body.trim()) add('steps', `${file}:${s.line}: the section of step ${s.id} is empty`);
  }

  for (const [id, es] of sections.es) {
    const hash = sectionHash(es.body);
    const esCode = codeBlocks(es.body);
    for (const lang of ['ca', 'en'] as const) {
      const s = sections[lang].get(id);
      if (!s) continue;
      const file = `${shown}/${lang}.md`;
      const fix = `translate the change into ${LANG_NAME[lang]}, then run: node scripts/stamp-translation.mjs ${shown} ${lang} ${id}`;
      if (!s.source) add('stale', `${file}:${s.line}: step ${id} does not say which Spanish version it translates; ${fix}`);
      else if (s.source !== hash)
        add(
          'stale',
          `${file}:${s.line}: step ${id} translates Spanish version ${s.source}, but ${shown}/es.md step ${id} is now ${hash}; ${fix}`,
        );
      const code = codeBlocks(s.body);
      if (code.length !== esCode.length) {
        add('code', `${file} step ${id}: ${code.length} code block(s), es.md has ${esCode.length}`);
        continue;
      }
      code.forEach((c, i) => {
        if (c !== esCode[i])
          add(
            'code',
            `${file} step ${id}: code block ${i + 1} differs from es.md (commands and output are not translated):\n  es: ${esCode[i].trimEnd()}\n  ${lang}: ${c.trimEnd()}`,
          );
      });
    }
  }
  return problems;
}

const root = lessonsDir();
const lessonDirs = readdirSync(root)
  .filter((n) => LESSON_DIR_RE.test(n) && statSync(join(root, n)).isDirectory())
  .sort();

test('there are lessons to check', () => {
  assert.ok(lessonDirs.length > 0, `no lesson folders in ${root}`);
});

const only = (ps: Problem[], kind: Kind) => ps.filter((p) => p.kind === kind).map((p) => p.text);

for (const name of lessonDirs) {
  describe(`lesson ${name}`, () => {
    const problems = parityProblems(join(root, name));
    test('es, ca and en have the same steps, none empty', () => {
      assert.deepEqual(only(problems, 'steps'), []);
    });
    test('every translation is of the current Spanish text', () => {
      const stale = only(problems, 'stale');
      assert.equal(stale.length, 0, `stale translations:\n${stale.join('\n')}`);
    });
    test('code blocks are the same in every language', () => {
      assert.deepEqual(only(problems, 'code'), []);
    });
    test('every localized field of lesson.yaml has es, ca and en', () => {
      assert.deepEqual(only(problems, 'yaml'), []);
    });
  });
}

test('the loader marks no step of the shipped course as stale', () => {
  const course = loadCourse(root);
  const stale = course.lessons.flatMap((l) => l.steps.filter((s) => s.stale.length).map((s) => `${l.id}/${s.id}: ${s.stale.join(', ')}`));
  assert.deepEqual(stale, []);
});

describe('the stale mechanism', () => {
  const lesson = '01-threats';
  const tmp = mkdtempSync(join(tmpdir(), 'mailsec-parity-'));
  const dir = join(tmp, lesson);
  cpSync(join(root, lesson), dir, { recursive: true });
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const stamp = (lang: string, ...steps: string[]) =>
    spawnSync(process.execPath, [join(packageRoot(), 'scripts', 'stamp-translation.mjs'), dir, lang, ...steps], { encoding: 'utf8' });
  // start from translations that are current, whatever the state of the shipped lesson
  stamp('ca', '--all');
  stamp('en', '--all');
  const step = splitSections(readFileSync(join(dir, 'es.md'), 'utf8')).sections[1].id;

  test('a change to a Spanish section makes its ca and en sections stale, and only those', () => {
    const es = readFileSync(join(dir, 'es.md'), 'utf8');
    const next = es.replace(`<!-- step: ${step} -->\n`, `<!-- step: ${step} -->\nUna frase nueva en español.\n`);
    assert.notEqual(next, es);
    writeFileSync(join(dir, 'es.md'), next);
    const r = loadLesson(dir, lesson, tmp);
    assert.deepEqual(r.errors, []);
    for (const s of r.lesson!.steps) assert.deepEqual(s.stale, s.id === step ? ['ca', 'en'] : [], s.id);
  });

  test('the parity check names the file and the step, and says how to fix it', () => {
    const stale = only(parityProblems(dir), 'stale');
    assert.equal(stale.length, 2, stale.join('\n'));
    for (const lang of ['ca', 'en']) {
      const line = stale.find((p) => p.includes(`${lesson}/${lang}.md:`));
      assert.ok(line, `no problem reported for ${lang}.md:\n${stale.join('\n')}`);
      assert.match(line, new RegExp(`step ${step} `));
      assert.match(line, new RegExp(`stamp-translation\\.mjs \\S*${lesson} ${lang} ${step}$`));
    }
  });

  test('stamping a translation clears it for that language only', () => {
    const r = stamp('ca', step);
    assert.equal(r.status, 0, r.stderr);
    const s = loadLesson(dir, lesson, tmp).lesson!.steps.find((x) => x.id === step)!;
    assert.deepEqual(s.stale, ['en']);
    assert.equal(only(parityProblems(dir), 'stale').length, 1);
  });

  test('a translated command and a missing localized field are reported', () => {
    const en = readFileSync(join(dir, 'en.md'), 'utf8');
    writeFileSync(join(dir, 'en.md'), en.replace('ls etc/postfix\n', 'list etc/postfix\n'));
    const y = readFileSync(join(dir, 'lesson.yaml'), 'utf8');
    writeFileSync(join(dir, 'lesson.yaml'), y.replace(/^(\s*)ca: .*\n/m, ''));
    const ps = parityProblems(dir);
    assert.ok(
      only(ps, 'code').some((p) => p.includes('en.md step main-cf: code block 1 differs')),
      only(ps, 'code').join('\n'),
    );
    assert.ok(
      only(ps, 'yaml').some((p) => /lesson\.yaml title: no Catalan text/.test(p)),
      only(ps, 'yaml').join('\n'),
    );
  });
});
