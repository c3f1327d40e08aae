import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import type { CheckContext, Verdict } from './types.js';
import { parseMainCf, param, splitList, joinRestrictions, type MainCf } from '../postfix/main-cf.js';
import { rethrowBug } from '../util/errors.js';

import { MAIN_CF } from '../postfix/defaults.js';
import { shownValue } from '../i18n/messages.js';
export { MAIN_CF };

/** Reads the learner's main.cf; a missing or broken file is the learner's to fix, so it fails with file and line. */
export function readMainCf(ctx: CheckContext): MainCf | Verdict {
  let text: string;
  try {
    text = readFileSync(ctx.ws.resolve(MAIN_CF), 'utf8');
  } catch (e) {
    rethrowBug(e);
    return fail('file.missing', { path: MAIN_CF });
  }
  const cf = parseMainCf(text, MAIN_CF);
  const fatal = cf.issues.find((i) => i.severity === 'fatal');
  if (fatal) return fail('postfix.broken', { file: MAIN_CF, line: fatal.line ?? 0, text: fatal.text });
  return cf;
}

/** The line a parameter's verdict shows: where main.cf sets it, or its default. */
export function paramEvidence(cf: MainCf, name: string): string {
  const entry = cf.entries.get(name);
  return entry ? `${MAIN_CF}:${entry.line}: ${name} = ${entry.value}` : `${name} = ${param(cf, name)} (default)`;
}

/**
 * A list parameter must hold `wanted` in this order (others may stand between): the failure for
 * the first item that is missing or out of order, or undefined. `items` are lower-case.
 */
export function orderedIncludes(cf: MainCf, name: string, items: string[], wanted: string[]): Verdict | undefined {
  let at = 0;
  for (const want of wanted) {
    const i = items.indexOf(want.toLowerCase(), at);
    if (i < 0) {
      const key = items.includes(want.toLowerCase()) ? 'postfix.listOrder' : 'postfix.listMissing';
      const seen = shownValue(param(cf, name));
      return fail(key, { file: MAIN_CF, name, item: want, seen, wanted: joinRestrictions(wanted) }, [paramEvidence(cf, name)]);
    }
    at = i + 1;
  }
  return undefined;
}

export const postfixParam = defineCheck({
  kind: 'postfix.param',
  params: z
    .object({
      name: z.string().regex(/^[a-z0-9_]+$/),
      /** the expanded value must equal this (case-insensitive; lists compared item by item) */
      equals: z.string().optional(),
      /** a list parameter must hold these items, in this order (others may stand between) */
      includes: z.array(z.string()).optional(),
      /** a list parameter must not hold these items */
      excludes: z.array(z.string()).optional(),
    })
    .strict()
    .refine((p) => p.equals !== undefined || p.includes || p.excludes, { message: 'give equals, includes or excludes' }),
  async run(ctx, p) {
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    const entry = cf.entries.get(p.name);
    const value = param(cf, p.name);
    const ev = [paramEvidence(cf, p.name)];
    const shown = shownValue(value);
    if (p.equals !== undefined) {
      const norm = (s: string) => splitList(s.toLowerCase()).join(' ');
      if (norm(value) !== norm(p.equals)) {
        return fail(
          entry ? 'postfix.paramValue' : 'postfix.paramMissing',
          { file: MAIN_CF, name: p.name, seen: shown, wanted: p.equals },
          ev,
        );
      }
    }
    const items = splitList(value.toLowerCase());
    const unordered = p.includes && orderedIncludes(cf, p.name, items, p.includes);
    if (unordered) return unordered;
    for (const bad of p.excludes ?? []) {
      if (items.includes(bad.toLowerCase()))
        return fail('postfix.listForbidden', { file: MAIN_CF, name: p.name, item: bad, seen: shown }, ev);
    }
    return pass('postfix.paramOk', { name: p.name, seen: shown }, ev);
  },
});
