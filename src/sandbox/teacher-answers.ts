// The record of the teacher's answers (var/lib/mailsec/teacher-answers.json): for each
// answer, what it was and, when it carried a secret, a salted hash of it. The sandbox
// writes it (smtp/teacher-answer.ts); the step that asks for the secret and grading read it.
import { createHash } from 'node:crypto';
import { TEACHER_ANSWERS } from './names.js';

export interface AnswerRecord {
  at: string;
  kind: string;
  outcome: string;
  /** the queue id of the learner's mail */
  inReplyTo: string;
  to: string;
  /** workspace-relative path of the answer in the learner's Maildir */
  path?: string;
  salt?: string;
  /** sha256(salt + secret), the secret as normalizeSecret gives it */
  hash?: string;
}

/** Upper case, letters and digits only: "k7m2-4qx9 " and "K7M24QX9" are the same secret. */
export function normalizeSecret(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function secretHash(salt: string, secret: string): string {
  return createHash('sha256').update(salt + normalizeSecret(secret)).digest('hex');
}

export function readAnswers(read: (rel: string) => string | undefined): AnswerRecord[] {
  try {
    const d = JSON.parse(read(TEACHER_ANSWERS) ?? '{}') as { answers?: AnswerRecord[] };
    return Array.isArray(d.answers) ? d.answers : [];
  } catch {
    // a file the learner broke: the next answer writes a good one
    return [];
  }
}
