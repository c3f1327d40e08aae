import type { Lang } from '../../i18n/lang.js';
import { t } from '../../i18n/messages.js';
import { textRows, type Row } from '../rows.js';
import { ruleWith, withNotes, type Note, type Screen } from './screen.js';

/**
 * A header, a rule that says where you are, and a scrolled window of rows.
 * `scroll` is clamped; END keeps the view at the bottom.
 */
export function paneScreen(
  lang: Lang,
  head: Row[],
  body: Row[],
  scroll: number,
  width: number,
  height: number,
  notes: Note[] = [],
): Screen {
  const noteRows = notes.length ? notes.flatMap((n) => textRows(n.text, Math.max(10, width - 2), { tone: n.tone })).length : 0;
  const viewport = Math.max(1, height - head.length - 1 - noteRows);
  const maxScroll = Math.max(0, body.length - viewport);
  const top = Math.min(Math.max(0, scroll), maxScroll);
  const label =
    body.length > viewport ? t(lang, 'ui.scroll', { from: top + 1, to: Math.min(body.length, top + viewport), total: body.length }) : '';
  const rows = [...head, ruleWith(label, width), ...body.slice(top, top + viewport)];
  return { rows: withNotes(rows, notes, width, height), viewport, maxScroll };
}
