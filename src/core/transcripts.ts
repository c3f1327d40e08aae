/**
 * SMTP sessions for the workbook's session view: the recent ones, newest first, and
 * one dialogue annotated with the sandbox's reasons in the learner's language
 * (which restriction decided, on which value). Built on the sandbox's own
 * listSessions/sessionTranscript.
 */
import type { Workspace } from '../workspace/workspace.js';
import { readEvents, sameDelivered, type SandboxEvent, type Decision } from '../sandbox/api.js';
import type { Verdict } from '../checks/types.js';
import type { Lang } from '../i18n/lang.js';
import { catalogs, t } from '../i18n/messages.js';
import { listSessions, sessionTranscript, type SessionSummary } from '../sandbox/api.js';
import { PROBE_HELO } from '../checks/probe.js';
import { displayText } from './display.js';

export interface SessionRow extends SessionSummary {
  /** opened by a check of the workbook (EHLO mailsec-check.invalid), not by the learner */
  check: boolean;
  open: boolean;
}

/** The sessions in the event log, newest first. */
export function recentSessions(ws: Workspace, events: SandboxEvent[] = readEvents(ws), limit = 500): SessionRow[] {
  const checks = new Set<string>();
  const closed = new Set<string>();
  for (const e of events) {
    if (!e.session) continue;
    if (e.type === 'helo' && typeof e.helo === 'string' && e.helo.toLowerCase() === PROBE_HELO) checks.add(e.session);
    if (e.type === 'disconnect') closed.add(e.session);
  }
  return listSessions(ws, events)
    .reverse()
    .slice(0, limit)
    .map((s) => ({ ...s, check: checks.has(s.session), open: !closed.has(s.session) }));
}

export type LineKind = 'C' | 'S' | 'note' | 'why';

export interface AnnotatedLine {
  kind: LineKind;
  text: string;
  tone?: 'fail' | 'pass' | 'warn' | 'dim';
}

/** A decision in the learner's language when the catalog knows its key, else the sandbox's English. */
export function decisionText(d: Decision, lang: Lang): string {
  const known = d.key && (catalogs[lang][d.key] ?? catalogs.en[d.key]);
  const params = Object.fromEntries(Object.entries(d.params ?? {}).map(([k, v]) => [k, String(v)]));
  if (!known) return d.reason;
  return d.also ? `${t(lang, d.key!, params)} ${t(lang, d.also, params)}` : t(lang, d.key!, params);
}

const DECISION_NOTE = /^(\S+): (\w+) — /;
const REJECT_NOTE = /^rejected by ([^:]+): (.*)$/;

/** One session's dialogue, client and server lines with the reasons of every decision under them. */
export function annotatedTranscript(
  ws: Workspace,
  session: string,
  lang: Lang,
  events?: SandboxEvent[],
): { lines: AnnotatedLine[]; found: boolean } {
  const tr = sessionTranscript(ws, session, events);
  const out: AnnotatedLine[] = [];
  let lastDecisions = '';
  for (const l of tr.lines) {
    const text = displayText(l.text);
    if (l.kind === 'C') out.push({ kind: 'C', text });
    else if (l.kind === 'S') {
      const code = Number(text.slice(0, 3));
      out.push({ kind: 'S', text, tone: code >= 400 ? 'fail' : undefined });
    } else {
      const ds = l.decisions ?? [];
      // the sandbox's note in the learner's language when it says one; its English text otherwise
      let head = l.key ? displayText(t(lang, l.key, l.params)) : text;
      let tone: AnnotatedLine['tone'] = 'dim';
      const dm = l.event === 'decision' ? DECISION_NOTE.exec(text) : null;
      const rm = l.event === 'reject' ? REJECT_NOTE.exec(text) : null;
      if (dm) {
        head = t(lang, 'ui.tr.decision', { command: dm[1], result: dm[2] });
        tone = dm[2] === 'reject' || dm[2] === 'defer' ? 'fail' : dm[2] === 'permit' ? 'pass' : 'dim';
      } else if (rm) {
        head = t(lang, 'ui.tr.rejected', { by: rm[1], reply: rm[2] });
        tone = 'fail';
      } else if (l.event === 'delivered' || l.event === 'queued') tone = 'pass';
      else if (l.event === 'tlsError' || l.event === 'discarded' || (l.event === 'auth' && /failed/.test(text))) tone = 'warn';
      out.push({ kind: 'note', text: head, tone });
      const key = JSON.stringify(ds);
      // a reject repeats the decisions of the line before it: say them once
      if (ds.length && key !== lastDecisions) {
        for (const d of ds)
          out.push({
            kind: 'why',
            text: `${d.rule}: ${displayText(decisionText(d, lang))}`,
            tone:
              d.result === 'reject' || d.result === 'defer' ? 'fail' : d.result === 'permit' || d.result === 'pass' ? 'pass' : undefined,
          });
      }
      if (ds.length) lastDecisions = key;
    }
  }
  return { lines: out, found: tr.lines.length > 0 };
}

/** The session that delivered this message file. */
export function sessionOfMail(events: SandboxEvent[], path: string): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'delivered' && typeof e.path === 'string' && sameDelivered(e.path, path) && typeof e.session === 'string')
      return e.session;
  }
  return undefined;
}

/**
 * The session a verdict is about: one the check itself opened (started at or after
 * `since`), else the newest whose queue id or refusal the evidence quotes.
 */
export function sessionForVerdict(ws: Workspace, v: Verdict, since?: string, events: SandboxEvent[] = readEvents(ws)): string | undefined {
  const rows = recentSessions(ws, events);
  if (since) {
    const during = rows.filter((s) => s.startedAt >= since);
    if (during.length) return (during.find((s) => s.rejects > 0) ?? during[0]).session;
  }
  const evidence = v.evidence.join('\n');
  if (!evidence) return undefined;
  const tokens = new Map<string, string[]>();
  for (const e of events) {
    if (!e.session) continue;
    const add = (s: string) => (tokens.get(e.session!) ?? tokens.set(e.session!, []).get(e.session!)!).push(s);
    if (e.type === 'queued' && typeof e.queueId === 'string' && e.queueId.length >= 6) add(e.queueId);
    if (e.type === 'reject' && typeof e.text === 'string' && e.text.length >= 8) add(`${e.code} ${e.enhanced} ${e.text}`);
  }
  for (const s of rows) {
    if ((tokens.get(s.session) ?? []).some((tok) => evidence.includes(tok))) return s.session;
  }
  return undefined;
}
