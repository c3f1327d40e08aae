/**
 * The workbook's "send a test mail" key: plain SMTP, STARTTLS, or a relay attempt from
 * the outside listener (a host on the internet asking to reach example.com), in the
 * learner's language. Sending itself is sendTestMail's.
 */
import type { SandboxProbe } from '../checks/types.js';
import type { Vars } from '../workspace/workspace.js';
import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/messages.js';
import { sendTestMail, type SendResult, type TestMail } from './sendmail.js';

export type MailKind = 'plain' | 'tls' | 'outside';
export const MAIL_KINDS: MailKind[] = ['plain', 'tls', 'outside'];

export interface PlannedMail extends TestMail {
  kind: MailKind;
  port: number;
  from: string;
  to: string;
}

export function planTestMail(kind: MailKind, lang: Lang, vars: Vars, probe: SandboxProbe): PlannedMail {
  const from = `alumno@${vars.domain}`;
  if (kind === 'outside') {
    return {
      kind,
      port: probe.ports.outside,
      from,
      to: 'alguien@example.com',
      subject: t(lang, 'ui.mail.subjectRelay'),
      text: t(lang, 'ui.mail.textRelay') + '\n',
    };
  }
  return {
    kind,
    port: probe.ports.smtp,
    from,
    to: `postmaster@${vars.domain}`,
    tls: kind === 'tls',
    subject: t(lang, kind === 'tls' ? 'ui.mail.subjectTls' : 'ui.mail.subject'),
    text: t(lang, 'ui.mail.text') + '\n',
  };
}

/** The choice offered first: TLS on a step about TLS, the outside listener on one about relaying. */
export function suggestedKind(lessonId: string, checkKind: string): MailKind {
  if (/relay/.test(checkKind) || /relay/.test(lessonId)) return 'outside';
  if (/^tls\./.test(checkKind) || /tls/.test(lessonId)) return 'tls';
  return 'plain';
}

export function sendPlanned(probe: SandboxProbe, vars: Vars, m: PlannedMail): Promise<SendResult> {
  return sendTestMail(probe, vars, m);
}
