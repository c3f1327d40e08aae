// The teacher's answer as a whole mail: headers that say it is an automatic reply to the
// learner's mail, and either the encrypted answer or a note, in the learner's language,
// saying what was missing and what to do.
import { randomBytes } from 'node:crypto';
import { t } from '../../i18n/messages.js';
import { headerOf, parseMime } from '../mime.js';
import type { AnswerKind, Entity, Incoming, Reading } from './types.js';

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

/** The text inside an encrypted answer, with the secret. */
export function answerText(inc: Incoming, kind: AnswerKind, params: Record<string, string>): string {
  return t(inc.lang, `answer.${kind}.body`, { ...params, secret: inc.secret, name: inc.teacher.name, sender: inc.sender });
}

/** RFC 2047 for a header that is not ASCII (UTF-8, base64). */
function encodedWord(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

function noteEntity(inc: Incoming, r: Reading): Entity {
  const params = {
    ...(r.params ?? {}),
    sender: inc.sender,
    teacher: inc.teacher.email,
    fingerprint: r.params?.fingerprint ?? inc.teacher.fingerprint,
  };
  const text = [
    t(inc.lang, 'answer.note.intro', { name: inc.teacher.name }),
    '',
    t(inc.lang, r.why ?? `answer.why.${r.kind}.${r.outcome}`, params),
    '',
    t(inc.lang, 'answer.note.signature', { name: inc.teacher.name }),
    '',
  ].join('\n');
  return { headers: ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'], body: crlf(text) };
}

/** The answer, headers and body, CRLF line ends. */
export function composeAnswer(inc: Incoming, r: Reading, when = new Date()): string {
  const orig = parseMime(inc.raw);
  const subject = headerOf(orig.headers, 'subject').replace(/\s+/g, ' ').trim();
  const msgId = headerOf(orig.headers, 'message-id').trim();
  const entity = r.outcome === 'answered' && r.entity ? r.entity : noteEntity(inc, r);
  const domain = inc.teacher.email.split('@')[1];
  const head = [
    `From: ${encodedWord(inc.teacher.name)} <${inc.teacher.email}>`,
    `To: <${inc.sender}>`,
    `Subject: ${encodedWord(t(inc.lang, r.outcome === 'answered' ? 'answer.subject' : 'answer.subjectNote', { subject: subject || '…' }))}`,
    `Date: ${when.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomBytes(8).toString('hex')}.${Date.now().toString(36)}@${domain}>`,
    ...(msgId ? [`In-Reply-To: ${msgId}`, `References: ${msgId}`] : []),
    'Auto-Submitted: auto-replied',
    `Content-Language: ${inc.lang}`,
    'MIME-Version: 1.0',
    ...entity.headers,
  ];
  return crlf(head.join('\n')) + '\r\n\r\n' + entity.body;
}
