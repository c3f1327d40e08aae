// The teacher's answer to a learner's mail: S/MIME first (its structures are unambiguous),
// then OpenPGP, else a note that nothing was signed. Loaded by the sandbox with import()
// when a mail for the teacher is delivered.
import { randomInt } from 'node:crypto';
import type { Lang } from '../../i18n/lang.js';
import { answeringTeacher } from './identity.js';
import { composeAnswer } from './compose.js';
import { readPgp } from './pgp.js';
import { readSmime } from './smime.js';
import type { AnswerKind, Outcome } from './types.js';

/** Letters and digits that no font confuses (no 0/O, 1/I/L), in two groups of four. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newSecret(): string {
  const pick = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${pick()}-${pick()}`;
}

export interface TeacherAnswer {
  kind: AnswerKind | 'plain';
  outcome: Outcome;
  /** the mail to deliver */
  mail: string;
  secret?: string;
  /** for mail.log */
  detail: string;
  teacherFingerprint: string;
  /** the public certificate of the CA that vouches for the teacher's S/MIME signature, when the answer carries one */
  caCert?: string;
}

export async function answerMail(o: { raw: Buffer; sender: string; lang: Lang; teacherDir?: string }): Promise<TeacherAnswer> {
  const teacher = await answeringTeacher(o.lang, o.teacherDir);
  const inc = { raw: o.raw, sender: o.sender, lang: o.lang, teacher, secret: newSecret() };
  const r = (await readSmime(inc)) ??
    (await readPgp(inc)) ?? { kind: 'plain' as const, outcome: 'unsigned' as const, detail: 'neither OpenPGP nor S/MIME' };
  return {
    kind: r.kind,
    outcome: r.outcome,
    mail: composeAnswer(inc, r),
    secret: r.outcome === 'answered' ? inc.secret : undefined,
    detail: r.detail,
    teacherFingerprint: teacher.fingerprint,
    caCert: r.kind === 'smime' && r.outcome === 'answered' ? teacher.caCert : undefined,
  };
}
