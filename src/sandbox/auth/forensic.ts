// DMARC failure reports (RFC 7489 §7.3, in the format of RFC 6591): one per failing mail,
// to the ruf= addresses, with the failing mail's headers. The sandbox writes them into
// the local mailbox directly; an address outside the learner's domain gets nothing.
import { randomBytes } from 'node:crypto';
import type { Workspace } from '../../workspace/workspace.js';
import type { MessageIn } from '../pipeline.js';
import type { DmarcOutcome } from './dmarc.js';
import type { DkimVerdict } from './dkim.js';
import type { SpfOutcome } from './spf.js';
import { resolveAlias, writeToMaildir } from './deliver.js';
import { domainOf } from './address.js';

/** fo= (RFC 7489 §6.3): when a failure report is due. */
export function failureDue(fo: string[], spf: SpfOutcome, dkim: DkimVerdict[], d: DmarcOutcome): boolean {
  return fo.some((f) => {
    if (f === '0') return !d.spf.aligned && !d.dkim.aligned;
    if (f === '1') return !d.spf.aligned || !d.dkim.aligned;
    if (f === 'd') return dkim.some((x) => x.result === 'fail');
    if (f === 's') return spf.result === 'fail';
    return false;
  });
}

const headerBlock = (raw: Buffer) => {
  const text = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return (end < 0 ? text : text.slice(0, end)).replace(/\r?\n/g, '\r\n');
};

export function failureReportMessage(o: {
  reporter: string;
  msg: MessageIn;
  dmarc: DmarcOutcome;
  authResults: string;
  delivery: 'delivered' | 'spam' | 'reject';
  to: string;
  now?: Date;
}): string {
  const now = o.now ?? new Date();
  const date = now.toUTCString().replace('GMT', '+0000');
  const boundary = `=_ruf_${randomBytes(8).toString('hex')}`;
  const ip = o.msg.session.client.addr;
  return [
    `From: DMARC Failure Report <noreply-dmarc@${o.reporter}>`,
    `To: <${o.to}>`,
    `Subject: DMARC failure report for ${o.dmarc.from} from ${ip}`,
    `Date: ${date}`,
    `Message-ID: <${randomBytes(8).toString('hex')}.ruf@${o.reporter}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `This is an authentication failure report for a mail received from ${ip} on ${date}.`,
    `It claimed to come from ${o.dmarc.from} and failed DMARC: ${o.dmarc.reason}.`,
    '',
    `--${boundary}`,
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: auth-failure',
    'User-Agent: mailsec',
    'Version: 1',
    `Original-Mail-From: <${o.msg.envelope.mailFrom}>`,
    ...o.msg.envelope.rcptTo.map((r) => `Original-Rcpt-To: <${r}>`),
    `Arrival-Date: ${date}`,
    `Source-IP: ${ip}`,
    `Reported-Domain: ${o.dmarc.from}`,
    `Authentication-Results: ${o.authResults.replace(/^Authentication-Results:\s*/i, '').replace(/\n\t/g, ' ')}`,
    'Auth-Failure: dmarc',
    `Delivery-Result: ${o.delivery}`,
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    headerBlock(o.msg.raw),
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** Writes a failure report into the mailbox of every ruf= address of the learner's domain; returns where. */
export function sendFailureReports(ws: Workspace, o: Parameters<typeof failureReportMessage>[0] & { ruf: string[] }): string[] {
  const out: string[] = [];
  for (const uri of o.ruf) {
    const m = /^mailto:(.+)$/i.exec(uri);
    if (!m) continue;
    const to = m[1];
    const d = domainOf(to);
    if (d !== ws.domain && !d.endsWith('.' + ws.domain)) continue;
    const user = resolveAlias(ws, to.split('@')[0]);
    out.push(writeToMaildir(ws, user, failureReportMessage({ ...o, to })));
  }
  return out;
}
