import { z } from 'zod';
import { defineCheck } from './registry.js';
import { pass, fail, type Verdict } from './types.js';

const explaining = (v: Verdict): Verdict => ({ ...v, explains: true });
import { localized } from '../course/schema.js';
import { t } from '../i18n/messages.js';

/** Case, accents, surrounding quotes and punctuation, and runs of spaces do not matter. */
export function normalizeAnswer(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[«»"'`“”‘’]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?;:,]+$/, '')
    .trim();
}

/** `why`: shown once the learner has answered, so a wrong choice learns what it got wrong */
const option = localized.extend({ id: z.string().regex(/^[a-z0-9]+$/), why: localized.optional() });
type Option = z.infer<typeof option>;

export const choiceParams = z
  .object({
    options: z.array(option).min(2),
    /** one id for single choice, a list for multiple choice (all of them, and only them) */
    answer: z.union([z.string(), z.array(z.string()).min(1)]),
  })
  .strict()
  .superRefine((p, ctx) => {
    const ids = new Set(p.options.map((o: { id: string }) => o.id));
    if (ids.size !== p.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'option ids must be unique' });
    for (const a of [p.answer].flat()) {
      if (!ids.has(a)) ctx.addIssue({ code: 'custom', path: ['answer'], message: `answer "${a}" is not an option id` });
    }
  });

export const quizChoice = defineCheck({
  kind: 'quiz.choice',
  params: choiceParams,
  answered: 'choice',
  async run(ctx, p) {
    const given = [ctx.answer ?? []]
      .flat()
      .flatMap((a) => a.split(','))
      .map((a) => a.trim().toLowerCase())
      .filter(Boolean);
    if (!given.length) return fail('quiz.unanswered');
    const ids = new Set(p.options.map((o: { id: string }) => o.id));
    const unknown = given.filter((g) => !ids.has(g));
    if (unknown.length) return fail('quiz.unknownOption', { given: unknown.join(', '), options: [...ids].join(', ') });
    const want = new Set([p.answer].flat());
    const got = new Set(given);
    const byId = new Map<string, Option>(p.options.map((o: Option) => [o.id, o]));
    const label = (id: string) => byId.get(id)![ctx.lang];
    const why = (id: string) => byId.get(id)!.why?.[ctx.lang];
    // once right, why each other option was wrong
    const others = () =>
      p.options.filter((o: Option) => !want.has(o.id) && o.why).map((o: Option) => `«${o[ctx.lang]}»: ${o.why![ctx.lang]}`);
    if (!Array.isArray(p.answer)) {
      if (got.size > 1) return fail('quiz.single');
      const id = given[0];
      if (want.has(id)) return why(id) ? explaining(pass('quiz.correctWhy', { why: why(id)! }, others())) : pass('quiz.correct');
      return fail('quiz.wrong', { given: label(id), why: why(id) ?? t(ctx.lang, 'quiz.tryAnother') });
    }
    const right = [...got].filter((g) => want.has(g)).length;
    const extra = got.size - right;
    // several right ones: why each option is or is not one
    if (right === want.size && extra === 0)
      return explaining(
        pass(
          'quiz.correct',
          undefined,
          p.options.filter((o: Option) => o.why).map((o: Option) => `«${o[ctx.lang]}»: ${o.why![ctx.lang]}`),
        ),
      );
    // what a marked wrong option gets wrong
    const wrongWhy = [...got].filter((g) => !want.has(g) && why(g)).map((g) => `«${label(g)}»: ${why(g)}`);
    return explaining(fail('quiz.partial', { right, total: want.size, extra }, wrongWhy));
  },
});

export const quizText = defineCheck({
  kind: 'quiz.text',
  params: z.object({ accept: z.array(z.string().min(1)).min(1) }).strict(),
  answered: 'text',
  async run(ctx, p) {
    const given = [ctx.answer ?? ''].flat().join(' ');
    if (!given.trim()) return fail('quiz.unanswered');
    const n = normalizeAnswer(given);
    return p.accept.some((a: string) => normalizeAnswer(a) === n) ? pass('quiz.correct') : fail('quiz.wrongText', { given: given.trim() });
  },
});
