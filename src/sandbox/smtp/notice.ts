/**
 * smtpd's notice to the postmaster (smtpd_chat_notify): a session that met an error of a
 * class in notify_classes ends with a mail to error_notice_recipient holding the session's
 * transcript. The sandbox knows one such class, "software" (a server configuration error,
 * such as an unknown restriction name). The mail is written as Postfix 3.7.11 wrote it, and
 * goes through cleanup, qmgr and local delivery like any other.
 */
import type { PostfixSession } from './session-state.js';
import { addedMessageId, mailDate } from './cleanup.js';
import { deliver } from './delivery.js';
import { param, splitList } from '../../postfix/main-cf.js';
import { qualify } from '../../postfix/recipients.js';

/** A bound on the transcript's memory (Postfix's is smtpd_history_flush_threshold, applied at EHLO and RSET). */
const HARD_CAP = 5000;

function record(s: PostfixSession, line: string): void {
  if (s.notice.transcript.length < HARD_CAP) s.notice.transcript.push(line);
}

/**
 * A command line in the transcript (" In:  EHLO vm"), as the session's events show it (an
 * AUTH secret masked). At EHLO and RSET, as smtpd does, a transcript longer than
 * smtpd_history_flush_threshold starts again.
 */
export function chatIn(s: PostfixSession, line: string): void {
  if (/^\s*(ehlo|helo|rset)\b/i.test(line) && s.notice.transcript.length > (Number(param(s.svc.cf, 'smtpd_history_flush_threshold')) || 100)) s.notice.transcript = [];
  record(s, ` In:  ${line.trim()}`);
}

/** A reply in the transcript, a line each (" Out: 250 2.0.0 Ok"). */
export function chatOut(s: PostfixSession, text: string): void {
  for (const l of text.split('\r\n')) record(s, ` Out: ${l}`);
}

/** The notice, headers and body, with CRLF line ends. */
export function noticeText(o: { queueId: string; hostname: string; postmaster: string; namaddr: string; transcript: string[]; date: Date }): string {
  const date = mailDate(o.date);
  return [
    `Received: by ${o.hostname} (Postfix)`,
    `\tid ${o.queueId}; ${date}`,
    `Date: ${date}`,
    `From: Mail Delivery System <MAILER-DAEMON@${o.hostname}>`,
    `To: Postmaster <${o.postmaster}>`,
    `Subject: Postfix SMTP server: errors from ${o.namaddr}`,
    `Message-Id: ${addedMessageId(o.queueId, o.hostname, o.date)}`,
    '',
    'Transcript of session follows.',
    '',
    ...o.transcript,
    '',
    '',
    'For other details, see the local mail logfile',
    '',
  ].join('\r\n');
}

/** At the end of a session that met a software error: the notice, if notify_classes asks for it. */
export function notifyPostmaster(s: PostfixSession): void {
  const cf = s.svc.cf;
  if (!s.notice.software || !splitList(param(cf, 'notify_classes').toLowerCase()).includes('software')) return;
  const rt = s.rt;
  const queueId = rt.queueId();
  const hostname = s.svc.hostname;
  const date = new Date();
  const rcpt = param(cf, 'error_notice_recipient').trim() || 'postmaster';
  const postmaster = qualify(rcpt, param(cf, 'myorigin').trim().toLowerCase());
  const text = noticeText({ queueId, hostname, postmaster, namaddr: s.namaddr, transcript: s.notice.transcript, date });
  rt.log.line('postfix/cleanup', `${queueId}: message-id=${addedMessageId(queueId, hostname, date)}`);
  const sender = `${param(cf, 'double_bounce_sender').trim() || 'double-bounce'}@${hostname}`;
  deliver(rt, { queueId, sender, rcpts: [rcpt], session: s }, Buffer.from(text, 'utf8'), false, date.getTime()).catch((e: unknown) => {
    rt.log.line('postfix/local', `warning: ${queueId}: internal error in the sandbox: ${(e as Error)?.message ?? e}`);
    rt.rawEvent({ type: 'error', session: s.id, queueId, error: String((e as Error)?.stack ?? e) });
  });
}
