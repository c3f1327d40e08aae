import { z } from 'zod';

export const localized = z.object({ es: z.string().min(1), ca: z.string().min(1), en: z.string().min(1) }).strict();

export const stepSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'step ids are lowercase letters, digits and dashes'),
    title: localized,
    checkpoint: z.boolean().default(false),
    check: z.object({ kind: z.string() }).passthrough(),
    hints: z.array(localized).default([]),
  })
  .strict();

export const lessonSchema = z
  .object({
    title: localized,
    summary: localized.optional(),
    /** about how long a learner takes, shown beside the tools the lesson needs */
    minutes: z.number().int().min(5).max(240),
    /** workspace files this lesson changes: snapshotted at its start, restored by `mailsec reset` */
    files: z.array(z.string()).default([]),
    steps: z.array(stepSchema).min(1),
  })
  .strict();

export type LessonYaml = z.infer<typeof lessonSchema>;
export type StepYaml = z.infer<typeof stepSchema>;
