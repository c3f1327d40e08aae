/** One message: read (its head and text) or its source (every stored line). */
import type { Lang } from '../../i18n/lang.js';
import { t } from '../../i18n/messages.js';
import type { MailSummary, MailView, MailSource } from '../../core/mailbox.js';
import { fit, rule, textRows, type Row, type UiStyle } from '../rows.js';
import { title } from './screen.js';
import { marks } from './mailbox-screen.js';

/** The head and text of one message, as rows (the caller scrolls them with paneScreen). */
export function mailRows(lang: Lang, v: MailView, width: number): { head: Row[]; body: Row[] } {
  const s = v.summary;
  const w = Math.max(10, width);
  const label = (k: string) => t(lang, k);
  const labels = ['ui.mail.from', 'ui.mail.to', 'ui.mail.cc', 'ui.mail.subjectLabel', 'ui.mail.date', 'ui.mail.via', 'ui.mail.file'].map(
    label,
  );
  const lw = Math.max(...labels.map((l) => l.length)) + 2;
  const field = (k: string, value: string, style?: UiStyle) => textRows(value, w, style, `${label(k)}:`.padEnd(lw), ' '.repeat(lw));
  const byName: Record<string, string> = {
    From: 'ui.mail.from',
    To: 'ui.mail.to',
    Cc: 'ui.mail.cc',
    Subject: 'ui.mail.subjectLabel',
    Date: 'ui.mail.date',
  };
  const head: Row[] = [title(s.subject || t(lang, 'ui.mail.noSubject'), `${t(lang, `ui.mail.folder.${s.folder}`)} ${marks(s)}`, width)];
  const body: Row[] = [];
  for (const h of v.headers) body.push(...field(byName[h.name] ?? h.name, h.value, h.name === 'Subject' ? { bold: true } : undefined));
  const via = [
    t(lang, s.tls ? 'ui.mail.viaTls' : 'ui.mail.viaPlain'),
    ...(s.auth ? [t(lang, 'ui.mail.viaAuth')] : []),
    ...(s.spam ? [t(lang, 'ui.mail.spam')] : []),
  ].join(', ');
  body.push(...field('ui.mail.via', via + (s.queueId ? ` · id ${s.queueId}` : ''), { tone: s.tls ? 'pass' : 'warn' }));
  body.push(...field('ui.mail.file', s.path, { tone: 'dim' }));
  body.push(rule(width));
  for (const l of v.body) body.push(...textRows(l, w));
  if (v.attachments) body.push([], ...textRows(t(lang, 'ui.mail.attachments'), w, { tone: 'dim' }));
  return { head, body };
}

/** "View source": every stored line, long ones continued on the next row, nothing reworded. */
export function sourceRows(lang: Lang, s: MailSummary, src: MailSource, width: number): { head: Row[]; body: Row[] } {
  const head: Row[] = [
    title(t(lang, 'ui.mail.sourceTitle'), '', width),
    ...textRows(s.path, width, { tone: 'dim' }),
    ...textRows(t(lang, 'ui.mail.sourceNote'), width, { tone: 'dim' }),
  ];
  const body = src.lines.flatMap((l) => fit([{ text: l }], Math.max(10, width)));
  if (src.truncated) body.push(...textRows(t(lang, 'ui.mail.truncated', { size: src.lines.join('\n').length }), width, { tone: 'warn' }));
  return { head, body };
}
