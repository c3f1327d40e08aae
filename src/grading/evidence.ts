/*
 * What a submission's progress file says about how the student got there, per step:
 * the attempts (when, which verdict) and the hints shown. Evidence for the teacher, never
 * the verdict: that is the grader's own re-check.
 */
import type { Attempt, StepProgress } from '../workspace/progress.js';
import type { Message } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';
import { isLang } from '../i18n/lang.js';
import { validEmail } from './student.js';

export interface StepEvidence {
  /** the re-check's message as data, to be shown in another language (the student's feedback) */
  verdict: Message;
  /** the attempts the workbook kept (the last ones), oldest first */
  attempts: Attempt[];
  /** every attempt ever made, also those no longer listed */
  attemptCount: number;
  /** hints the student revealed for the step */
  hintsUsed: number;
}

export function stepEvidence(p: StepProgress, verdict: Message): StepEvidence {
  return { verdict, attempts: p.attempts, attemptCount: p.attemptCount, hintsUsed: p.hintsUsed };
}

/** Who the student is, as far as the bundle says: an e-mail only if it is one, a language only if mailsec has it. */
export function studentOf(b: { email?: string; lang?: string }): { email?: string; lang?: Lang } {
  return { ...(validEmail(b.email) ? { email: b.email } : {}), ...(isLang(b.lang) ? { lang: b.lang } : {}) };
}
