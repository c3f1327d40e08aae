import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument, LineCounter, isNode, isMap, isSeq, isScalar } from 'yaml';
import type { ZodIssue, ZodTypeAny } from 'zod';
import { lessonSchema, type StepYaml } from './schema.js';
import { splitSections, sectionHash } from './sections.js';
import { LANGS, type Lang, type Localized } from '../i18n/lang.js';
import type { Step, Lesson, LoadError, Course } from './types.js';
import { cacheDir, cachedCourse, writeCache } from './cache.js';

export type { Step, Lesson, LoadError, Course } from './types.js';

export const LESSON_DIR_RE = /^(\d{2})-([a-z0-9-]+)$/;

function issuePath(issue: ZodIssue): string {
  return issue.path.join('.') || '(top)';
}

/** What the loader needs of a check kind: its parameters, and whether the learner answers it; undefined for no such kind. */
export type KindOf = (kind: string) => { params: ZodTypeAny; answered?: Step['check']['answered'] } | undefined;

export function loadLesson(dir: string, id: string, root: string, kindOf: KindOf): { lesson?: Lesson; errors: LoadError[] } {
  const errors: LoadError[] = [];
  const yamlFile = join(dir, 'lesson.yaml');
  const rel = (f: string) => relative(root, f) || f;
  if (!existsSync(yamlFile)) return { errors: [{ file: rel(yamlFile), message: 'missing lesson.yaml' }] };
  const text = readFileSync(yamlFile, 'utf8');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  // the line of the deepest key on the path that exists: for a missing field, its parent's key
  const lineOf = (path: (string | number)[]): number | undefined => {
    let node: unknown = doc.contents;
    let line: number | undefined;
    const at = (n: unknown) => (isNode(n) && n.range ? lc.linePos(n.range[0]).line : undefined);
    line = at(node);
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === seg);
        if (!pair) break;
        line = at(pair.key) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
        node = node.items[seg];
        line = at(node) ?? line;
      } else break;
    }
    return line;
  };
  for (const e of doc.errors) {
    errors.push({ file: rel(yamlFile), line: e.linePos?.[0].line, message: e.message.split('\n')[0] });
  }
  if (errors.length) return { errors };
  const parsed = lessonSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors.push({ file: rel(yamlFile), line: lineOf(issue.path), message: `${issuePath(issue)}: ${issue.message}` });
    }
    return { errors };
  }
  const y = parsed.data;
  const stepIds = new Set<string>();
  const checks: Step['check'][] = [];
  y.steps.forEach((s: StepYaml, i: number) => {
    if (stepIds.has(s.id))
      errors.push({ file: rel(yamlFile), line: lineOf(['steps', i, 'id']), message: `step id "${s.id}" is used twice` });
    stepIds.add(s.id);
    const { kind, ...params } = s.check;
    const def = kindOf(kind);
    if (!def) {
      errors.push({ file: rel(yamlFile), line: lineOf(['steps', i, 'check', 'kind']), message: `unknown check kind "${kind}"` });
      checks.push({ kind, params });
      return;
    }
    const r = def.params.safeParse(params);
    if (!r.success) {
      for (const issue of r.error.issues) {
        errors.push({
          file: rel(yamlFile),
          line: lineOf(['steps', i, 'check', ...issue.path]),
          message: `steps.${i}.check (${kind}) ${issuePath(issue)}: ${issue.message}`,
        });
      }
    }
    checks.push({ kind, params: r.success ? r.data : params, ...(def.answered ? { answered: def.answered } : {}) });
  });

  const bodies = {} as Record<Lang, Map<string, { body: string; source?: string; line: number }>>;
  for (const lang of LANGS) {
    const f = join(dir, `${lang}.md`);
    bodies[lang] = new Map();
    if (!existsSync(f)) {
      errors.push({ file: rel(f), message: `missing ${lang}.md` });
      continue;
    }
    const { sections, errors: se } = splitSections(readFileSync(f, 'utf8'));
    for (const e of se) errors.push({ file: rel(f), line: e.line, message: e.message });
    for (const s of sections) {
      if (!stepIds.has(s.id)) errors.push({ file: rel(f), line: s.line, message: `section for unknown step "${s.id}"` });
      if (!s.body) errors.push({ file: rel(f), line: s.line, message: `section "${s.id}" is empty` });
      if (lang !== 'es' && !s.source)
        errors.push({
          file: rel(f),
          line: s.line,
          message: `section "${s.id}" does not say which Spanish version it translates (source: HASH)`,
        });
      bodies[lang].set(s.id, s);
    }
    for (const sid of stepIds) if (!bodies[lang].has(sid)) errors.push({ file: rel(f), message: `no section for step "${sid}"` });
  }

  const steps: Step[] = y.steps.map((s, i) => {
    const es = bodies.es.get(s.id)?.body ?? '';
    const hash = sectionHash(es);
    const stale = LANGS.filter((l) => l !== 'es' && bodies[l].get(s.id)?.source !== undefined && bodies[l].get(s.id)?.source !== hash);
    return {
      id: s.id,
      title: s.title,
      checkpoint: s.checkpoint,
      check: checks[i],
      hints: s.hints,
      body: { es, ca: bodies.ca.get(s.id)?.body ?? '', en: bodies.en.get(s.id)?.body ?? '' },
      stale,
    };
  });
  if (errors.length) return { errors };
  return { lesson: { id, dir, title: y.title, summary: y.summary, minutes: y.minutes, files: y.files, steps }, errors };
}

/** The course under root, each step's check validated by kindOf (src/checks/course.ts gives the real kinds); cached (cache.ts). */
export function loadCourse(root: string, kindOf: KindOf): Course {
  if (!existsSync(root)) return { lessons: [], errors: [{ file: root, message: 'lessons folder not found' }] };
  const { value, key } = cachedCourse<Course>(root);
  if (value && Array.isArray(value.lessons) && Array.isArray(value.errors)) return value;
  const course = parseCourse(root, kindOf);
  const dir = cacheDir();
  if (key && dir) writeCache(dir, key, course);
  return course;
}

function parseCourse(root: string, kindOf: KindOf): Course {
  const lessons: Lesson[] = [];
  const errors: LoadError[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    if (!LESSON_DIR_RE.test(name)) {
      errors.push({ file: name, message: 'lesson folders are named NN-id (two digits, a dash, lowercase id)' });
      continue;
    }
    const r = loadLesson(dir, name, root, kindOf);
    errors.push(...r.errors);
    if (r.lesson) lessons.push(r.lesson);
  }
  return { lessons, errors };
}

/** Finds a lesson by its full id ("01-threats"), its number ("01", "1") or its name ("threats"). */
export function findLesson(course: Course, ref: string): Lesson | undefined {
  return course.lessons.find((l) => {
    const m = LESSON_DIR_RE.exec(l.id)!;
    return l.id === ref || m[1] === ref.padStart(2, '0') || m[2] === ref;
  });
}

export { formatLoadError } from './format.js';
