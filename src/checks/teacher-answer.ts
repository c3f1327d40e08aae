// The step after a learner's signed mail to the teacher: the teacher's answer came encrypted
// to the learner, and the learner types the secret inside it, which only decrypting shows.
// The sandbox kept a salted hash of each secret (never the secret), so this is checked, and
// graded again, from the workspace alone.
import { z } from 'zod';
import { defineCheck } from './registry.js';
import { answersFor, shortWhy } from './teacher-answered.js';
import { fail, pass } from './types.js';
import { TEACHER_ADDRESS, normalizeSecret, readAnswers, secretHash, type AnswerRecord, type SandboxEvent } from '../sandbox/api.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Where the answer to this record was delivered (its event's path), if the log still has it. */
function answerPath(events: SandboxEvent[], rec: AnswerRecord): string | undefined {
  const answer = events.find((e) => e.type === 'teacherAnswer' && e.inReplyTo === rec.inReplyTo);
  if (!answer) return undefined;
  return str(events.find((e) => e.type === 'delivered' && e.queueId === answer.queueId)?.path) || undefined;
}

export const teacherAnswerCheck = defineCheck({
  kind: 'teacher.answer',
  /** `via`: the answer is OpenPGP (lesson 11) or S/MIME (lesson 12); `kind` names the check itself */
  params: z.object({ via: z.enum(['gpg', 'smime']) }).strict(),
  answered: 'text',
  async run(ctx, p) {
    const all = readAnswers((rel) => ctx.ws.readText(rel));
    const mine = answersFor(all, p.via);
    const answered = mine.filter((a) => a.outcome === 'answered' && a.salt && a.hash);
    const events = answered.length || mine.length ? ctx.events() : [];
    if (!answered.length) {
      const last = mine[mine.length - 1];
      if (last) {
        const why = shortWhy(p.via, last.outcome);
        return fail(`answerCheck.noteOnly.${p.via}`, {
          why: { key: why },
          path: answerPath(events, last) ?? 'var/mail/alumno/Maildir/new/',
        });
      }
      return fail(`answerCheck.none.${p.via}`, { teacher: TEACHER_ADDRESS });
    }
    const given = [ctx.answer ?? ''].flat().join(' ').trim();
    if (!given)
      return fail(`answerCheck.unanswered.${p.via}`, {
        path: answerPath(events, answered[answered.length - 1]) ?? 'var/mail/alumno/Maildir/new/',
      });
    if (answered.some((a) => secretHash(a.salt!, given) === a.hash)) return pass(`answerCheck.ok.${p.via}`);
    const path = answerPath(events, answered[answered.length - 1]) ?? 'var/mail/alumno/Maildir/new/';
    const shape = /^[A-Z0-9]{8}$/.test(normalizeSecret(given)) ? 'wrong' : 'notACode';
    return fail(`answerCheck.${shape}.${p.via}`, { given, path });
  },
});
