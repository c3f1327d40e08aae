/** The SMTP sessions: the list, and one session's transcript with why each refusal came. */
import type { Lang } from '../../i18n/lang.js';
import { t } from '../../i18n/messages.js';
import type { SessionRow, AnnotatedLine } from '../../core/transcripts.js';
import { clip, rule, textRows, type Row, type UiStyle } from '../rows.js';
import { hang, listWindow, pad, title, two, type Screen } from './screen.js';

const time = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '--:--:--' : `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
};

export function sessionsScreen(lang: Lang, rows: SessionRow[], sel: number, width: number, height: number): Screen {
  const head: Row[] = [title(t(lang, 'ui.tr.title'), t(lang, 'ui.tr.count', { n: rows.length }), width)];
  const items: Row[] = rows.map((s, i) => {
    const here = i === sel;
    const who = `${s.client?.name ?? '?'}[${s.client?.addr ?? '?'}]`;
    const left = `${here ? '› ' : '  '}${time(s.startedAt)}  ${s.listener.padEnd(10)} ${who.padEnd(24)} `;
    const tags: Row = [];
    if (s.check) tags.push({ text: t(lang, 'ui.tr.check') + ' ', style: { tone: 'dim' } });
    if (s.tls) tags.push({ text: 'TLS ', style: { tone: 'pass' } });
    if (s.auth) tags.push({ text: `AUTH ${s.auth} `, style: { tone: 'pass' } });
    if (s.queued.length) tags.push({ text: `✔ ${s.queued.join(' ')} `, style: { tone: 'pass' } });
    if (s.rejects) tags.push({ text: t(lang, 'ui.tr.rejects', { n: s.rejects }) + ' ', style: { tone: 'fail' } });
    if (s.open) tags.push({ text: t(lang, 'ui.tr.open'), style: { tone: 'warn' } });
    return [{ text: left, style: here ? { tone: 'selected' } : s.check ? { tone: 'dim' } : undefined }, ...tags];
  });
  const room = Math.max(1, height - head.length - 1);
  const body = rows.length
    ? listWindow(items, sel, room)
    : textRows(t(lang, 'ui.tr.empty'), Math.max(10, width - 2), { tone: 'dim' }).map((r) => [{ text: ' ' }, ...r]);
  return {
    rows: pad(
      [...head, rule(width), ...body].map((r) => clip(r, width)),
      height,
    ),
    viewport: room,
    maxScroll: 0,
  };
}

const PREFIX: Record<AnnotatedLine['kind'], string> = { C: 'C: ', S: 'S: ', note: '· ', why: '    ↳ ' };

export function transcriptRows(
  lang: Lang,
  s: SessionRow | undefined,
  id: string,
  lines: AnnotatedLine[],
  width: number,
): { head: Row[]; body: Row[]; firstFail?: number } {
  const who = s ? ` · ${s.listener} · ${s.client?.name ?? '?'}[${s.client?.addr ?? '?'}] · ${time(s.startedAt)}` : '';
  const head: Row[] = [
    title(t(lang, 'ui.tr.sessionTitle', { id }) + who, '', width),
    [{ text: t(lang, 'ui.tr.legend'), style: { tone: 'dim' } }],
  ];
  const w = Math.max(10, width);
  const body: Row[] = [];
  let firstFail: number | undefined;
  for (const l of lines) {
    if (firstFail === undefined && l.tone === 'fail') firstFail = body.length;
    const style: UiStyle | undefined = l.tone ? { tone: l.tone } : l.kind === 'C' ? { bold: true } : undefined;
    body.push(...hang(l.text, w, style, PREFIX[l.kind], ' '.repeat(PREFIX[l.kind].length + 2)));
  }
  if (!lines.length) body.push(...textRows(t(lang, 'ui.tr.notFound'), w, { tone: 'warn' }));
  return { head, body, firstFail };
}
