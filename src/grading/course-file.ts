/*
 * A teacher's course file: which steps are grade items, what each weighs, what a hint
 * costs and what the grades are out of, without touching code. JSON or YAML:
 *
 *   maxGrade: 10          # every grade column is out of this (default 100, a new Moodle grade item's maximum)
 *   hintPenalty: 10       # each hint the student revealed takes this % of the step's value (default 0)
 *   total: Mail security  # the name of the total column (default "mailsec")
 *   items:                # default: every checkpoint of the course, weight 1
 *     - step: 04-tls/cert # LESSON/STEP, as `mailsec check` takes it (04/cert too)
 *       weight: 2         # default 1
 *       name: TLS         # the column's name (default the step, 04-tls/cert)
 *
 * And how a graded submission scores under it.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { Course, Lesson, Step } from '../course/types.js';
import { UserError } from '../util/errors.js';
import { onUserPaths } from '../util/fs-errors.js';
import { msg, type Message } from '../i18n/messages.js';
import type { StepGrade } from './grade.js';

export interface GradeItem {
  /** LESSON/STEP */
  step: string;
  name: string;
  weight: number;
}

export interface CourseFile {
  maxGrade: number;
  /** % of a step's value each hint shown costs */
  hintPenalty: number;
  total: string;
  items: GradeItem[];
}

const FIELDS = ['maxGrade', 'hintPenalty', 'total', 'items'];
const ITEM_FIELDS = ['step', 'weight', 'name'];
const MAX_TEXT = 100;

/** The default: every checkpoint, weight 1, no cost for hints, out of 100. */
export function defaultCourseFile(course: Course): CourseFile {
  const items = course.lessons.flatMap((l) =>
    l.steps.filter((s) => s.checkpoint).map((s) => ({ step: `${l.id}/${s.id}`, name: `${l.id}/${s.id}`, weight: 1 })),
  );
  return { maxGrade: 100, hintPenalty: 0, total: 'mailsec', items };
}

type Resolve = (ref: string) => { lesson: Lesson; step?: Step };

/** Reads and checks a course file; every mistake is a UserError naming the file and the field. */
export function readCourseFile(file: string, course: Course, resolve: Resolve): CourseFile {
  const text = onUserPaths([file], 'read', () => readFileSync(file, 'utf8'));
  let data: unknown;
  try {
    // JSON is YAML too; the size guards a hostile file's aliases
    data = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    const line = e instanceof YAMLParseError ? (e.linePos?.[0].line ?? 1) : 1;
    throw new UserError(msg('course.file.notParsed', { file, line }));
  }
  const bad = (field: string, expected: Message) => new UserError(msg('course.file.invalid', { file, field, expected }));
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw bad('/', msg('course.file.expect.map'));
  const x = data as Record<string, unknown>;
  for (const k of Object.keys(x)) if (!FIELDS.includes(k)) throw bad(k, msg('course.file.expect.field', { names: FIELDS.join(', ') }));
  const number = (v: unknown, field: string, min: number, max: number, dflt: number): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      throw bad(field, msg('course.file.expect.number', { min, max }));
    return v;
  };
  const text100 = (v: unknown, field: string, dflt: string): string => {
    if (v === undefined) return dflt;
    if (typeof v !== 'string' || !v.trim() || v.length > MAX_TEXT) throw bad(field, msg('course.file.expect.text', { max: MAX_TEXT }));
    return v.trim();
  };
  const out = defaultCourseFile(course);
  out.maxGrade = number(x.maxGrade, 'maxGrade', 0.01, 10000, out.maxGrade);
  out.hintPenalty = number(x.hintPenalty, 'hintPenalty', 0, 100, 0);
  out.total = text100(x.total, 'total', out.total);
  if (x.items !== undefined) {
    if (!Array.isArray(x.items) || !x.items.length || x.items.length > 1000) throw bad('items', msg('course.file.expect.list'));
    const seen = new Set<string>();
    const names = new Set<string>([out.total]);
    out.items = x.items.map((it: unknown, i) => {
      const at = `items[${i + 1}]`;
      if (typeof it !== 'object' || it === null || Array.isArray(it)) throw bad(at, msg('course.file.expect.item'));
      const o = it as Record<string, unknown>;
      for (const k of Object.keys(o))
        if (!ITEM_FIELDS.includes(k)) throw bad(`${at}.${k}`, msg('course.file.expect.field', { names: ITEM_FIELDS.join(', ') }));
      if (typeof o.step !== 'string' || !o.step.includes('/')) throw bad(`${at}.step`, msg('course.file.expect.step'));
      const r = resolve(o.step);
      if (!r.step) throw bad(`${at}.step`, msg('course.file.expect.step'));
      const step = `${r.lesson.id}/${r.step.id}`;
      if (seen.has(step)) throw new UserError(msg('course.file.twice', { file, what: step }));
      seen.add(step);
      const name = text100(o.name, `${at}.name`, step);
      if (names.has(name)) throw new UserError(msg('course.file.twice', { file, what: name }));
      names.add(name);
      return { step, name, weight: number(o.weight, `${at}.weight`, 0, 1000, 1) };
    });
  }
  if (!out.items.some((i) => i.weight > 0)) throw bad('items', msg('course.file.expect.list'));
  return out;
}

export interface Score {
  /** per item, in its order: out of maxGrade, or undefined where mailsec's own check failed (graded by hand) */
  items: (number | undefined)[];
  /** out of maxGrade; undefined when an item is left to the teacher */
  total: number | undefined;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A step is worth its weight when passed on re-check, less hintPenalty % per hint shown (never below 0). */
export function score(cf: CourseFile, results: StepGrade[]): Score {
  const by = new Map(results.map((r) => [`${r.lesson}/${r.step}`, r]));
  let earned = 0;
  let open = false;
  const fractions = cf.items.map((it) => {
    const r = by.get(it.step);
    if (r?.status === 'error') {
      open = true;
      return undefined;
    }
    const f = r?.status === 'pass' ? Math.max(0, 1 - (cf.hintPenalty / 100) * r.hintsUsed) : 0;
    earned += f * it.weight;
    return f;
  });
  const weights = cf.items.reduce((n, it) => n + it.weight, 0);
  return {
    items: fractions.map((f) => (f === undefined ? undefined : round2(f * cf.maxGrade))),
    total: open ? undefined : round2((earned / weights) * cf.maxGrade),
  };
}
