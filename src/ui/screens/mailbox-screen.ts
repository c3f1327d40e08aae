/** The mailbox: every message the sandbox delivered, kept or sent out, newest first. */
import type { Lang } from '../../i18n/lang.js';
import { t } from '../../i18n/messages.js';
import { FOLDERS, type MailSummary } from '../../core/mailbox.js';
import { rule, textRows, type Row, type UiStyle } from '../rows.js';
import { listWindow, title, two, withNotes, type Note, type Screen } from './screen.js';

function shortDate(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getDate())}/${two(d.getMonth() + 1)} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export const marks = (m: MailSummary): string => `${m.tls ? 'T' : '·'}${m.auth ? 'A' : '·'}${m.spam ? 'S' : '·'}`;

export function mailboxScreen(lang: Lang, mails: MailSummary[], sel: number, width: number, height: number, notes: Note[] = []): Screen {
  const head: Row[] = [
    title(t(lang, 'ui.mail.title'), t(lang, mails.length === 1 ? 'ui.mail.countOne' : 'ui.mail.count', { n: mails.length }), width),
    [{ text: t(lang, 'ui.mail.legend'), style: { tone: 'dim' } }],
  ];
  const folderWidth = Math.max(...FOLDERS.map((f) => t(lang, `ui.mail.folder.${f}`).length));
  const items: Row[] = mails.map((m, i) => {
    const here = i === sel;
    const fixed = `${here ? '› ' : '  '}${shortDate(m.mtimeMs)}  ${marks(m)}  ${t(lang, `ui.mail.folder.${m.folder}`).padEnd(folderWidth)}  `;
    const rest = Math.max(10, width - fixed.length);
    const fromW = Math.min(24, Math.floor(rest * 0.4));
    const from = m.from.length > fromW ? m.from.slice(0, fromW - 1) + '…' : m.from.padEnd(fromW);
    const style: UiStyle | undefined = here ? { tone: 'selected' } : m.spam ? { tone: 'warn' } : undefined;
    return [
      { text: fixed, style },
      { text: from + '  ', style },
      { text: m.subject || t(lang, 'ui.mail.noSubject'), style: here ? { tone: 'selected' } : { bold: true } },
    ];
  });
  const noteRows = notes.flatMap((n) => textRows(n.text, Math.max(10, width - 2), { tone: n.tone })).length;
  const room = Math.max(1, height - head.length - 1 - noteRows);
  const body = mails.length
    ? listWindow(items, sel, room)
    : textRows(t(lang, 'ui.mail.empty'), Math.max(10, width - 2), { tone: 'dim' }).map((r) => [{ text: ' ' }, ...r]);
  return { rows: withNotes([...head, rule(width), ...body], notes, width, height), viewport: room, maxScroll: 0 };
}
