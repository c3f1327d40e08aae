// The step where the learner writes to the teacher (lesson 12): the teacher answered
// encrypted, which only happens when the mail's signature checked with the learner's own
// certificate (or key). The answer comes a moment after the mail: a check run right after
// sending waits a few seconds for it.
import { z } from 'zod';
import { defineCheck } from './registry.js';
import { fail, pass } from './types.js';
import { TEACHER_ADDRESS, readAnswers, type AnswerRecord, type SandboxEvent } from '../sandbox/api.js';
import { catalogs } from '../i18n/messages.js';

/** how long a check waits for the answer to a mail the teacher got but has not answered yet */
const WAIT_MS = 8000;
/** a mail older than this that got no answer never will (the sandbox stopped, or it was over the limit) */
const PENDING_MS = 60_000;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Mails for the teacher, recently delivered to the outbox, that no answer names yet. */
function pending(events: SandboxEvent[], now: number): boolean {
  const answered = new Set(events.filter((e) => e.type === 'teacherAnswer').map((e) => str(e.inReplyTo)));
  return events.some(
    (e) =>
      e.type === 'delivered' &&
      str(e.to).toLowerCase() === TEACHER_ADDRESS &&
      !answered.has(str(e.queueId)) &&
      now - Date.parse(str(e.ts)) < PENDING_MS,
  );
}

function answerPath(events: SandboxEvent[], rec: AnswerRecord): string {
  const answer = events.find((e) => e.type === 'teacherAnswer' && e.inReplyTo === rec.inReplyTo);
  const delivered = answer && events.find((e) => e.type === 'delivered' && e.queueId === answer.queueId);
  return str(delivered?.path) || 'var/mail/alumno/Maildir/new/';
}

/** What the teacher's note said, in a few words: S/MIME speaks of certificates where OpenPGP speaks of keys. */
export function shortWhy(via: string, outcome: string): string {
  const own = `answer.short.${via}.${outcome}`;
  return own in catalogs.es ? own : `answer.short.${outcome}`;
}

/** The answers of one lesson: its scheme's, and a note on a mail that was neither (kind plain) once the learner is past the other lesson's mails. */
export function answersFor(all: AnswerRecord[], via: 'gpg' | 'smime'): AnswerRecord[] {
  const since = all.map((a) => a.kind).lastIndexOf(via === 'gpg' ? 'smime' : 'gpg');
  return all.filter((a, i) => a.kind === via || (a.kind === 'plain' && a.outcome !== 'answered' && i > since));
}

export const teacherAnsweredCheck = defineCheck({
  kind: 'teacher.answered',
  params: z.object({ via: z.enum(['gpg', 'smime']) }).strict(),
  async run(ctx, p) {
    const relevant = () =>
      answersFor(
        readAnswers((rel) => ctx.ws.readText(rel)),
        p.via,
      );
    let mine = relevant();
    const until = Date.now() + WAIT_MS;
    while (!mine.some((a) => a.outcome === 'answered' && a.kind === p.via) && Date.now() < until && pending(ctx.events(), Date.now())) {
      await new Promise((r) => setTimeout(r, 200));
      mine = relevant();
    }
    const events = mine.length ? ctx.events() : [];
    const answered = mine.filter((a) => a.outcome === 'answered' && a.kind === p.via);
    if (answered.length) {
      const path = answerPath(events, answered[answered.length - 1]);
      return pass(`answerCheck.answered.${p.via}`, { path }, [`${path}: ${TEACHER_ADDRESS} → ${answered[answered.length - 1].to}`]);
    }
    const last = mine[mine.length - 1];
    if (last) return fail(`answerCheck.noteOnly.${p.via}`, { why: { key: shortWhy(p.via, last.outcome) }, path: answerPath(events, last) });
    return fail(`answerCheck.noMail.${p.via}`, { teacher: TEACHER_ADDRESS });
  },
});
