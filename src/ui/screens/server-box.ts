/** The box over the last rows where the learner types the server to check (the E key). */
import type { Workbook } from '../../core/workbook.js';
import type { Message } from '../../i18n/messages.js';
import { t } from '../../i18n/messages.js';
import { rule, textRows, type Row } from '../rows.js';

export interface ServerInput {
  text: string;
  /** what was wrong with the line last sent */
  error?: Message;
  /** the line was sent: its server is being looked up */
  busy?: boolean;
}

export function serverRows(wb: Workbook, s: ServerInput, width: number): Row[] {
  const lang = wb.lang;
  const w = Math.max(10, width - 2);
  const label = `${t(lang, 'ui.server.label')}: `;
  // the end of a long line stays in sight
  const room = Math.max(1, w - label.length - 1);
  const shown = s.text.length > room ? '…' + s.text.slice(s.text.length - room + 1) : s.text;
  const rows: Row[] = [
    ...textRows(t(lang, 'ui.server.prompt'), w, { tone: 'accent' }),
    [{ text: label, style: { bold: true } }, { text: shown }, ...(s.busy ? [] : [{ text: '█', style: { tone: 'accent' as const } }])],
  ];
  if (s.busy)
    rows.push(...textRows(t(lang, 'ui.server.resolving', { target: s.text.trim().split(/\s+/)[0] || 'sandbox' }), w, { tone: 'dim' }));
  else if (s.error) rows.push(...textRows(wb.text(s.error), w, { tone: 'fail' }));
  return [rule(width), ...rows.map((r) => [{ text: ' ' }, ...r])];
}
