/**
 * The sandbox's screens: the server log, the mailbox (list, one message, its source),
 * the SMTP sessions (list, one annotated transcript) and a command's output. Pure
 * functions from headless data to exactly `height` rows of at most `width` characters;
 * only the rows in sight are laid out.
 */
import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/messages.js';
import type { MailSummary, MailView, MailSource } from '../core/mailbox.js';
import type { SessionRow, AnnotatedLine } from '../core/transcripts.js';
import type { StepBlock, BlockResult } from '../core/blocks.js';
import { outputLines } from '../core/display.js';
import { clip, fit, rule, spread, textRows, type Row, type Tone, type UiStyle } from './rows.js';

export interface Screen {
  rows: Row[];
  viewport: number;
  maxScroll: number;
}

/** Scrolled past the end: stays at the end (and follows what is added there). */
export const END = Number.MAX_SAFE_INTEGER;

const pad = (rows: Row[], height: number): Row[] => {
  const out = rows.slice(0, Math.max(0, height));
  while (out.length < height) out.push([]);
  return out;
};

const ruleWith = (label: string, width: number): Row => {
  const dashes = width - label.length - 4;
  if (!label || dashes < 2) return rule(width);
  return [{ text: '─'.repeat(dashes), style: { tone: 'dim' } }, { text: ` ${label} `, style: { tone: 'dim' } }, { text: '──', style: { tone: 'dim' } }];
};

const title = (text: string, right: string, width: number): Row =>
  spread([{ text, style: { heading: 1, bold: true } }], right ? [{ text: right, style: { tone: 'dim' } }] : [], width);

/** Word-wrapped text with `first` before its first row and `indent` before the others. */
export function hang(text: string, width: number, style: UiStyle | undefined, first: string, indent: string): Row[] {
  const w = Math.max(5, width - Math.max(first.length, indent.length));
  return textRows(text, w, style).map((r, i) => [{ text: i ? indent : first, style: i ? undefined : style }, ...r].filter((c) => c.text));
}

/** Notes at the bottom of a screen (a message, a send result), over the last rows. */
export interface Note {
  text: string;
  tone: Tone;
}

function withNotes(rows: Row[], notes: Note[], width: number, height: number): Row[] {
  const noteRows = notes.flatMap((n) => textRows(n.text, Math.max(10, width - 2), { tone: n.tone }).map((r) => [{ text: ' ' }, ...r]));
  const out = pad(rows, Math.max(0, height - noteRows.length));
  out.push(...noteRows.slice(-height));
  return pad(out.map((r) => clip(r, width)), height);
}

/**
 * A header, a rule that says where you are, and a scrolled window of rows.
 * `scroll` is clamped; END keeps the view at the bottom.
 */
export function paneScreen(lang: Lang, head: Row[], body: Row[], scroll: number, width: number, height: number, notes: Note[] = []): Screen {
  const noteRows = notes.length ? notes.flatMap((n) => textRows(n.text, Math.max(10, width - 2), { tone: n.tone })).length : 0;
  const viewport = Math.max(1, height - head.length - 1 - noteRows);
  const maxScroll = Math.max(0, body.length - viewport);
  const top = Math.min(Math.max(0, scroll), maxScroll);
  const label = body.length > viewport ? t(lang, 'ui.scroll', { from: top + 1, to: Math.min(body.length, top + viewport), total: body.length }) : '';
  const rows = [...head, ruleWith(label, width), ...body.slice(top, top + viewport)];
  return { rows: withNotes(rows, notes, width, height), viewport, maxScroll };
}

/** A list with the chosen row kept in sight. */
function listWindow(items: Row[], sel: number, room: number): Row[] {
  const first = Math.min(Math.max(0, sel - room + 1), Math.max(0, items.length - room));
  return items.slice(first, first + room);
}

// --- the server log ------------------------------------------------------------

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
export function logScreen(lang: Lang, v: LogView, header: { text: string; tone: Tone }[], file: string, width: number, height: number, notes: Note[] = []): Screen & { top: number; following: boolean } {
  const w = Math.max(10, width);
  // the sandbox's state above the log, in at most a quarter of the screen
  const details = header.flatMap((h) => textRows(h.text, w, { tone: h.tone }));
  const room0 = Math.max(1, Math.floor(height / 4));
  const head: Row[] = [title(t(lang, 'ui.log.title'), file, width), ...(details.length > room0 ? [...details.slice(0, room0 - 1), clip([...details[room0 - 1], { text: ' …' }], width)] : details)];
  const noteRows = notes.flatMap((n) => textRows(n.text, Math.max(10, width - 2), { tone: n.tone })).length;
  const room = Math.max(1, height - head.length - 1 - noteRows);
  const wrapLine = (i: number) => hang(v.lines[i], w, logTone(v.lines[i]), '', '    ');
  // the top line when following: as many of the last lines as fit
  let bottomTop = v.lines.length;
  for (let used = 0; bottomTop > 0; ) {
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
  const label = following ? t(lang, 'ui.log.following') : t(lang, 'ui.scroll', { from: top + 1, to: Math.min(v.lines.length, top + shown), total: v.lines.length });
  const rows = [...head, ruleWith(label, width), ...body.slice(0, room)];
  return { rows: withNotes(rows, notes, width, height), viewport: room, maxScroll: bottomTop, top, following };
}

// --- the mailbox ---------------------------------------------------------------

const two = (n: number) => String(n).padStart(2, '0');
function shortDate(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getDate())}/${two(d.getMonth() + 1)} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export const marks = (m: MailSummary): string => `${m.tls ? 'T' : '·'}${m.auth ? 'A' : '·'}${m.spam ? 'S' : '·'}`;

export function mailboxScreen(lang: Lang, mails: MailSummary[], sel: number, width: number, height: number, notes: Note[] = []): Screen {
  const head: Row[] = [title(t(lang, 'ui.mail.title'), t(lang, mails.length === 1 ? 'ui.mail.countOne' : 'ui.mail.count', { n: mails.length }), width), [{ text: t(lang, 'ui.mail.legend'), style: { tone: 'dim' } }]];
  const folderWidth = Math.max(...(['inbox', 'junk', 'outbox'] as const).map((f) => t(lang, `ui.mail.folder.${f}`).length));
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
  const body = mails.length ? listWindow(items, sel, room) : textRows(t(lang, 'ui.mail.empty'), Math.max(10, width - 2), { tone: 'dim' }).map((r) => [{ text: ' ' }, ...r]);
  return { rows: withNotes([...head, rule(width), ...body], notes, width, height), viewport: room, maxScroll: 0 };
}

/** The head and text of one message, as rows (the caller scrolls them with paneScreen). */
export function mailRows(lang: Lang, v: MailView, width: number): { head: Row[]; body: Row[] } {
  const s = v.summary;
  const w = Math.max(10, width);
  const label = (k: string) => t(lang, k);
  const labels = ['ui.mail.from', 'ui.mail.to', 'ui.mail.cc', 'ui.mail.subjectLabel', 'ui.mail.date', 'ui.mail.via', 'ui.mail.file'].map(label);
  const lw = Math.max(...labels.map((l) => l.length)) + 2;
  const field = (k: string, value: string, style?: UiStyle) => textRows(value, w, style, `${label(k)}:`.padEnd(lw), ' '.repeat(lw));
  const byName: Record<string, string> = { From: 'ui.mail.from', To: 'ui.mail.to', Cc: 'ui.mail.cc', Subject: 'ui.mail.subjectLabel', Date: 'ui.mail.date' };
  const head: Row[] = [title(s.subject || t(lang, 'ui.mail.noSubject'), `${t(lang, `ui.mail.folder.${s.folder}`)} ${marks(s)}`, width)];
  const body: Row[] = [];
  for (const h of v.headers) body.push(...field(byName[h.name] ?? h.name, h.value, h.name === 'Subject' ? { bold: true } : undefined));
  const via = [t(lang, s.tls ? 'ui.mail.viaTls' : 'ui.mail.viaPlain'), ...(s.auth ? [t(lang, 'ui.mail.viaAuth')] : []), ...(s.spam ? [t(lang, 'ui.mail.spam')] : [])].join(', ');
  body.push(...field('ui.mail.via', via + (s.queueId ? ` · id ${s.queueId}` : ''), { tone: s.tls ? 'pass' : 'warn' }));
  body.push(...field('ui.mail.file', s.path, { tone: 'dim' }));
  body.push(rule(width));
  for (const l of v.body) body.push(...textRows(l, w));
  if (v.attachments) body.push([], ...textRows(t(lang, 'ui.mail.attachments'), w, { tone: 'dim' }));
  return { head, body };
}

/** "View source": every stored line, long ones continued on the next row, nothing reworded. */
export function sourceRows(lang: Lang, s: MailSummary, src: MailSource, width: number): { head: Row[]; body: Row[] } {
  const head: Row[] = [title(t(lang, 'ui.mail.sourceTitle'), '', width), ...textRows(s.path, width, { tone: 'dim' }), ...textRows(t(lang, 'ui.mail.sourceNote'), width, { tone: 'dim' })];
  const body = src.lines.flatMap((l) => fit([{ text: l }], Math.max(10, width)));
  if (src.truncated) body.push(...textRows(t(lang, 'ui.mail.truncated', { size: src.lines.join('\n').length }), width, { tone: 'warn' }));
  return { head, body };
}

// --- SMTP sessions -------------------------------------------------------------

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
  const body = rows.length ? listWindow(items, sel, room) : textRows(t(lang, 'ui.tr.empty'), Math.max(10, width - 2), { tone: 'dim' }).map((r) => [{ text: ' ' }, ...r]);
  return { rows: pad([...head, rule(width), ...body].map((r) => clip(r, width)), height), viewport: room, maxScroll: 0 };
}

const PREFIX: Record<AnnotatedLine['kind'], string> = { C: 'C: ', S: 'S: ', note: '· ', why: '    ↳ ' };

export function transcriptRows(lang: Lang, s: SessionRow | undefined, id: string, lines: AnnotatedLine[], width: number): { head: Row[]; body: Row[]; firstFail?: number } {
  const who = s ? ` · ${s.listener} · ${s.client?.name ?? '?'}[${s.client?.addr ?? '?'}] · ${time(s.startedAt)}` : '';
  const head: Row[] = [title(t(lang, 'ui.tr.sessionTitle', { id }) + who, '', width), [{ text: t(lang, 'ui.tr.legend'), style: { tone: 'dim' } }]];
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

// --- a command block's output --------------------------------------------------

export interface RunView {
  block: StepBlock;
  running: boolean;
  result?: BlockResult;
  /** the refusal, already in the learner's words */
  refusal?: string;
  timeoutSeconds: number;
}

export function outputRows(lang: Lang, r: RunView, width: number): { head: Row[]; body: Row[]; status: Note } {
  const w = Math.max(10, width);
  const head: Row[] = [title(t(lang, 'ui.run.title', { n: r.block.n }), '', width)];
  for (const l of r.block.content.split('\n').slice(0, 4)) head.push(...fit([{ text: '$ ', style: { tone: 'dim' } }, { text: l, style: { codeBlock: true } }], w));
  if (r.block.content.split('\n').length > 4) head.push([{ text: '  …', style: { tone: 'dim' } }]);
  const body: Row[] = [];
  let status: Note;
  if (r.running) status = { text: t(lang, 'ui.run.running'), tone: 'accent' };
  else if (r.refusal) status = { text: r.refusal, tone: 'warn' };
  else {
    const res = r.result!;
    const lines = outputLines(res.output);
    if (res.truncated) body.push(...textRows(t(lang, 'ui.run.truncated'), w, { tone: 'warn' }));
    if (res.output) body.push(...lines.flatMap((l) => fit([{ text: l }], w)));
    else body.push([{ text: t(lang, 'ui.run.noOutput'), style: { tone: 'dim' } }]);
    status =
      res.status === 'ok'
        ? { text: t(lang, 'ui.run.ok'), tone: 'pass' }
        : res.status === 'timeout'
          ? { text: t(lang, 'ui.run.timeout', { seconds: r.timeoutSeconds }), tone: 'fail' }
          : { text: t(lang, 'ui.run.failed', { code: res.exitCode ?? '?' }), tone: 'fail' };
  }
  return { head, body, status };
}
