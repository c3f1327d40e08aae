import { z } from 'zod';
import { statSync, readFileSync } from 'node:fs';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import type { CheckContext } from './types.js';
import { rethrowBug } from '../util/errors.js';

const path = z.string().min(1);

function stat(ctx: CheckContext, p: string) {
  try {
    return statSync(ctx.ws.resolve(p));
  } catch (e) {
    rethrowBug(e);
    return undefined;
  }
}

export const fileExists = defineCheck({
  kind: 'file.exists',
  params: z.object({ path }).strict(),
  async run(ctx, p) {
    const st = stat(ctx, p.path);
    if (!st) return fail('file.missing', { path: ctx.ws.display(p.path) });
    if (!st.isFile()) return fail('file.notFile', { path: ctx.ws.display(p.path) });
    return pass('file.exists', { path: ctx.ws.display(p.path) });
  },
});

export const fileContains = defineCheck({
  kind: 'file.contains',
  params: z
    .object({
      path,
      /** a regular expression, tried line by line (with flag m) */
      pattern: z.string().min(1),
      flags: z
        .string()
        .regex(/^[imsu]*$/)
        .default('m'),
      /** false: the file must NOT match */
      present: z.boolean().default(true),
      /** what the learner should write, shown in the failure message */
      expected: z.string().optional(),
    })
    .strict()
    .superRefine((p, c) => {
      try {
        new RegExp(p.pattern, p.flags);
      } catch (e) {
        rethrowBug(e);
        c.addIssue({ code: 'custom', path: ['pattern'], message: (e as Error).message });
      }
    }),
  async run(ctx, p) {
    const st = stat(ctx, p.path);
    const shown = ctx.ws.display(p.path);
    if (!st?.isFile()) return fail('file.missing', { path: shown });
    const text = readFileSync(ctx.ws.resolve(p.path), 'utf8');
    const m = new RegExp(p.pattern, p.flags.includes('m') ? p.flags : p.flags + 'm').exec(text);
    const ev = m ? [m[0].split('\n')[0]] : [];
    if (p.present) {
      return m ? pass('file.matches', { path: shown }, ev) : fail('file.noMatch', { path: shown, expected: p.expected ?? p.pattern });
    }
    return m ? fail('file.forbidden', { path: shown, found: ev[0] }, ev) : pass('file.clean', { path: shown });
  },
});

export const fileMode = defineCheck({
  kind: 'file.mode',
  params: z
    .object({
      path,
      /** octal bits the file may have at most, e.g. "600": no access for group and others */
      max: z.string().regex(/^[0-7]{3,4}$/),
    })
    .strict(),
  async run(ctx, p) {
    const st = stat(ctx, p.path);
    const shown = ctx.ws.display(p.path);
    if (!st) return fail('file.missing', { path: shown });
    const mode = st.mode & 0o777;
    const max = parseInt(p.max, 8);
    const m = mode.toString(8).padStart(3, '0');
    if (mode & ~max) return fail('file.modeTooOpen', { path: shown, mode: m, max: p.max }, [`${m} ${shown}`]);
    return pass('file.modeOk', { path: shown, mode: m }, [`${m} ${shown}`]);
  },
});
