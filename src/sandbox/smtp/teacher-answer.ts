/**
 * The teacher who answers: a learner's mail to the teacher (lessons 11 and 12), captured
 * in the outbox like any mail for another domain, gets an answer in the learner's mailbox
 * a moment later, as if the teacher's server had sent it: encrypted and signed when the
 * mail was signed and carried the learner's key or certificate, else a note saying why
 * not. The secret inside an encrypted answer is kept only as a salted hash
 * (TEACHER_ANSWERS), so the step that asks for it can be checked, and graded, without it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Runtime } from '../runtime.js';
import type { Transaction } from './cleanup.js';
import type { SessionFacts } from './types.js';
import { TEACHER_ADDRESS, TEACHER_ANSWERS, TEACHER_CA_FILE } from '../names.js';
import { readAnswers, secretHash, type AnswerRecord } from '../teacher-answers.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { detectLang, isLang, type Lang } from '../../i18n/lang.js';

/** how many answers a minute at most: a loop between two robots stops here */
const PER_MINUTE = 20;
const KEEP = 50;
const recent: number[] = [];

function learnerLang(rt: Runtime): Lang {
  try {
    const p = JSON.parse(readFileSync(rt.ws.metaPath('progress.json'), 'utf8')) as { lang?: unknown };
    if (isLang(p.lang)) return p.lang;
  } catch {
    // no progress yet: the terminal's language
  }
  return detectLang();
}

/** Whether this recipient gets an answer: the teacher, from a local sender, not from a robot. */
export function wantsAnswer(tx: Transaction, to: string, raw: Buffer): boolean {
  if (to.toLowerCase() !== TEACHER_ADDRESS) return false;
  const sender = tx.sender.toLowerCase();
  const at = sender.lastIndexOf('@');
  if (!sender || at < 0 || sender === TEACHER_ADDRESS) return false;
  if (!tx.session.svc.mydestination.includes(sender.slice(at + 1))) return false;
  const head = raw.subarray(0, 64 * 1024).toString('latin1').split(/\r?\n\r?\n/)[0];
  return !/^auto-submitted:\s*(?!no\b)/im.test(head) && !/^precedence:\s*(bulk|junk|list)/im.test(head);
}

/** Called after the learner's mail is captured; answers in the background, never failing the delivery. */
export function answerLater(rt: Runtime, tx: Transaction, raw: Buffer, deliver: (tx: Transaction, raw: Buffer) => Promise<unknown>): void {
  const now = Date.now();
  while (recent.length && now - recent[0] > 60_000) recent.shift();
  if (recent.length >= PER_MINUTE) {
    rt.log.line('teacher', `${tx.queueId}: from=<${tx.sender}>: not answered: more than ${PER_MINUTE} answers in a minute`);
    return;
  }
  recent.push(now);
  setImmediate(() => {
    answer(rt, tx, raw, deliver).catch((e: unknown) => {
      rt.log.line('teacher', `warning: ${tx.queueId}: internal error in the sandbox: ${(e as Error)?.message ?? e}`);
      rt.rawEvent({ type: 'error', session: tx.session.id, queueId: tx.queueId, stage: 'teacher', error: String((e as Error)?.stack ?? e) });
    });
  });
}

async function answer(rt: Runtime, tx: Transaction, raw: Buffer, deliver: (tx: Transaction, raw: Buffer) => Promise<unknown>): Promise<void> {
  const { answerMail } = await import('../../mailcrypto/answer/index.js');
  const a = await answerMail({ raw, sender: tx.sender, lang: learnerLang(rt) });
  const queueId = rt.queueId();
  const rec: AnswerRecord = { at: new Date().toISOString(), kind: a.kind, outcome: a.outcome, inReplyTo: tx.queueId, to: tx.sender };
  if (a.secret) {
    rec.salt = randomBytes(8).toString('hex');
    rec.hash = secretHash(rec.salt, a.secret);
  }
  const what = a.outcome === 'answered' ? `answered with ${a.kind === 'gpg' ? 'OpenPGP' : 'S/MIME'}, encrypted and signed` : `answered with a note: ${a.outcome}`;
  rt.log.line('teacher', `${tx.queueId}: from=<${tx.sender}>: ${a.detail}; ${what} in ${queueId}`);
  // as if it came from the teacher's server: no TLS or SASL of the learner's session on it
  const session: SessionFacts = {
    ...tx.session,
    id: `${tx.session.id}.teacher`,
    client: { addr: '192.0.2.25', name: 'mail.escuela.example' },
    realClient: undefined,
    helo: 'mail.escuela.example',
    tls: undefined,
    sasl: undefined,
    namaddr: 'mail.escuela.example[192.0.2.25]',
  };
  // the record first: a check that sees the answer in the mailbox finds its hash too
  const file = rt.ws.resolve(TEACHER_ANSWERS);
  const answers = [...readAnswers((rel) => rt.ws.readText(rel)), rec].slice(-KEEP);
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, JSON.stringify({ version: 1, answers }, null, 2) + '\n', 0o600);
  // what openssl smime -verify -CAfile needs to trust the signature: the answering teacher's CA
  if (a.caCert && rt.ws.readText(TEACHER_CA_FILE) !== a.caCert) {
    mkdirSync(dirname(rt.ws.resolve(TEACHER_CA_FILE)), { recursive: true });
    writeFileAtomic(rt.ws.resolve(TEACHER_CA_FILE), a.caCert, 0o644);
  }
  rt.log.line('postfix/cleanup', `${queueId}: message-id=${/^Message-ID: (.*)$/m.exec(a.mail)?.[1] ?? '<>'}`);
  await deliver({ queueId, sender: TEACHER_ADDRESS, rcpts: [tx.sender], session }, Buffer.from(a.mail, 'utf8'));
  rt.emit('teacherAnswer', { queueId, inReplyTo: tx.queueId, to: tx.sender, kind: a.kind, outcome: a.outcome, teacher: a.teacherFingerprint });
}
