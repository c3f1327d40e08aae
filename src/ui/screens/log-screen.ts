/** The server log, its lines toned by what they say. */
import type { Lang } from '../../i18n/lang.js';
import { t } from '../../i18n/messages.js';
import { clip, textRows, type Row, type Tone, type UiStyle } from '../rows.js';
import { hang, ruleWith, title, withNotes, type Note, type Screen } from './screen.js';

function logTone(line: string): UiStyle | undefined {
  if (/\b(reject|fatal|panic|error)\b|NOQUEUE|milter-reject|status=(bounced|deferred)/i.test(line)) return { tone: 'fail' };
  if (/\bwarning\b/i.test(line)) return { tone: 'warn' };
  if (/status=sent|TLS connection established|sasl_method=/.test(line)) return { tone: 'pass' };
  return undefined;
}

export interface LogView {
  lines: string[];
  /** first line shown; undefined follows the end */
  top?: number;
}

/**
 * The log, long lines wrapped. Scrolling counts log lines; only the lines in sight
 * are wrapped, so a log of thousands of lines costs what one screen costs.
 */
export function logScreen(
  lang: Lang,
  v: LogView,
  header: { text: string; tone: Tone }[],
  file: string,
  width: number,
  height: number,
  notes: Note[] = [],
): Screen & { top: number; following: boolean } {
  const w = Math.max(10, width);
  // the sandbox's state above the log, in at most a quarter of the screen
  const details = header.flatMap((h) => textRows(h.text, w, { tone: h.tone }));
  const room0 = Math.max(1, Math.floor(height / 4));
  const head: Row[] = [
    title(t(lang, 'ui.log.title'), file, width),
    ...(details.length > room0 ? [...details.slice(0, room0 - 1), clip([...details[room0 - 1], { text: ' …' }], width)] : details),
  ];
  const noteRows = notes.flatMap((n) => textRows(n.text, Math.max(10, width - 2), { tone: n.tone })).length;
  const room = Math.max(1, height - head.length - 1 - noteRows);
  const wrapLine = (i: number) => hang(v.lines[i], w, logTone(v.lines[i]), '', '    ');
  // the top line when following: as many of the last lines as fit
  let bottomTop = v.lines.length;
  for (let used = 0; bottomTop > 0;) {
    const n = wrapLine(bottomTop - 1).length;
    if (used + n > room && used > 0) break;
    used += n;
    bottomTop--;
  }
  const following = v.top === undefined || v.top >= bottomTop;
  const top = following ? bottomTop : Math.max(0, v.top!);
  const body: Row[] = [];
  for (let i = top; i < v.lines.length && body.length < room; i++) body.push(...wrapLine(i));
  if (!v.lines.length) body.push(...textRows(t(lang, 'ui.log.empty'), w, { tone: 'dim' }));
  const shown = Math.max(0, Math.min(v.lines.length, top + room) - top);
  const label = following
    ? t(lang, 'ui.log.following')
    : t(lang, 'ui.scroll', { from: top + 1, to: Math.min(v.lines.length, top + shown), total: v.lines.length });
  const rows = [...head, ruleWith(label, width), ...body.slice(0, room)];
  return { rows: withNotes(rows, notes, width, height), viewport: room, maxScroll: bottomTop, top, following };
}
