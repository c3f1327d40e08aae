/**
 * A session's SMTP dialogue rebuilt from events.jsonl, annotated with the sandbox's
 * reasons (which restriction decided, on which value), for the TUI and for checks
 * that quote what happened.
 */
import type { Workspace } from '../workspace/workspace.js';
import { readEvents, type SandboxEvent, type ClientInfo } from './events.js';
import type { Decision } from './pipeline.js';

export interface TranscriptLine {
  ts: string;
  /** C: what the client sent; S: the server's reply; note: what the sandbox did or decided */
  kind: 'C' | 'S' | 'note';
  text: string;
  /** for notes made of decisions: the steps, with their reasons (and message keys) */
  decisions?: Decision[];
  /** the event type the line comes from */
  event: string;
  /** a note's text as a message key ("sandbox.tr.*") and its parameters, for the learner's language */
  key?: string;
  params?: Record<string, string | number>;
}

export interface Transcript {
  session: string;
  listener?: string;
  client?: ClientInfo;
  startedAt?: string;
  /** Postfix's disconnect summary, when the session is over */
  summary?: string;
  lines: TranscriptLine[];
}

export interface SessionSummary {
  session: string;
  startedAt: string;
  listener: string;
  client: ClientInfo;
  /** queue ids accepted in the session */
  queued: string[];
  rejects: number;
  tls: boolean;
  auth?: string;
  summary?: string;
}

function reasons(ds: Decision[]): string {
  return ds
    .filter((d) => d.result !== 'dunno' || /not|no /i.test(d.reason))
    .map((d) => d.reason)
    .join('; ');
}

/** The dialogue of one session; `events` may be passed when already read. */
export function sessionTranscript(ws: Workspace, sessionId: string, events: SandboxEvent[] = readEvents(ws)): Transcript {
  const t: Transcript = { session: sessionId, lines: [] };
  type Said = { key: string; params?: Record<string, string | number> };
  const push = (e: SandboxEvent, kind: TranscriptLine['kind'], text: string, decisions?: Decision[], said?: Said) =>
    t.lines.push({ ts: e.ts, kind, text, event: e.type, ...(decisions ? { decisions } : {}), ...(said ?? {}) });
  const note = (e: SandboxEvent, text: string, key: string, params: Record<string, string | number> = {}, decisions?: Decision[]) =>
    push(e, 'note', text, decisions, { key, params });
  for (const e of events) {
    if (e.session !== sessionId) continue;
    switch (e.type) {
      case 'connect': {
        const c = e.client as ClientInfo;
        t.listener = e.listener as string;
        t.client = c;
        t.startedAt = e.ts;
        note(e, `connection from ${c.name}[${c.addr}] to the ${e.listener} listener`, 'sandbox.tr.connect', { name: c.name, addr: c.addr, listener: String(e.listener) });
        break;
      }
      case 'command':
        push(e, 'C', String(e.line));
        break;
      case 'reply': {
        const lines = (e.lines as string[]) ?? [''];
        lines.forEach((l, i) => push(e, 'S', `${e.code}${i < lines.length - 1 ? '-' : ' '}${l}`.trimEnd()));
        break;
      }
      case 'tls':
        note(e, `TLS established: ${e.protocol} with ${e.cipher} (${e.bits} bits)`, 'sandbox.tr.tls', { protocol: String(e.protocol), cipher: String(e.cipher), bits: String(e.bits) });
        break;
      case 'tlsError':
        // the error is OpenSSL's (or Postfix's) own text
        note(e, `TLS handshake failed: ${e.error}`, 'sandbox.tr.tlsError', { error: String(e.error) });
        break;
      case 'auth':
        note(
          e,
          e.ok ? `authenticated as ${e.username} with ${e.mechanism}${e.tls ? ' over TLS' : ' WITHOUT TLS'}` : `${e.mechanism} authentication failed${e.username ? ` for ${e.username}` : ''}: ${e.reason ?? ''}`,
          // the failure's detail is in English in the event: the learner's text names the user and the mechanism
          e.ok ? (e.tls ? 'sandbox.tr.authOk' : 'sandbox.tr.authOkPlain') : e.username ? 'sandbox.tr.authFailedUser' : 'sandbox.tr.authFailed',
          { user: String(e.username ?? ''), mechanism: String(e.mechanism) },
        );
        break;
      case 'xclient': {
        const prev = e.previous as ClientInfo;
        note(e, `XCLIENT: the session now stands for ${e.name}[${e.addr}] (was ${prev?.name}[${prev?.addr}])`, 'sandbox.tr.xclient', {
          name: String(e.name),
          addr: String(e.addr),
          was: `${prev?.name}[${prev?.addr}]`,
        });
        break;
      }
      case 'decision': {
        const ds = (e.decisions as Decision[]) ?? [];
        push(e, 'note', `${e.command}: ${e.result} — ${reasons(ds) || 'no restriction objected'}`, ds);
        break;
      }
      case 'reject':
        push(e, 'note', `rejected by ${e.restriction ?? e.stage}: ${e.code} ${e.enhanced} ${e.text}`, (e.decisions as Decision[]) ?? []);
        break;
      case 'stage': {
        const ds = (e.decisions as Decision[]) ?? [];
        const act = ['continue', 'reject', 'quarantine', 'discard'].includes(String(e.action)) ? String(e.action) : 'other';
        // a milter's HOLD (OpenDMARC's quarantine) has its words in the DMARC area
        const key = e.action === 'hold' ? 'dmarcbis.tr.stageHold' : `sandbox.tr.stage.${act}`;
        if (ds.length) note(e, `${e.stage}: ${e.action} — ${ds.map((d) => d.reason).join('; ')}`, key, { stage: String(e.stage), action: String(e.action) }, ds);
        break;
      }
      case 'queued':
        note(e, `queued as ${e.queueId}: ${(e.size as number) ?? 0} bytes from <${e.from}> to ${(e.to as string[]).map((x) => `<${x}>`).join(', ')}`, 'sandbox.tr.queued', {
          id: String(e.queueId),
          size: (e.size as number) ?? 0,
          from: `<${e.from}>`,
          to: (e.to as string[]).map((x) => `<${x}>`).join(', '),
        });
        break;
      case 'delivered':
        note(e, `delivered to <${e.to}> in ${e.folder}: ${e.path}`, 'sandbox.tr.delivered', { to: `<${e.to}>`, folder: String(e.folder), path: String(e.path) });
        break;
      case 'discarded':
        // the cleanup or stage decision before it says why, in the learner's language
        note(e, `discarded: ${e.reason}`, 'sandbox.tr.discarded');
        break;
      case 'disconnect':
        t.summary = String(e.commands);
        // the reason, if any, is Postfix's own ("lost connection", "timeout", "too many errors")
        note(e, `disconnect: ${e.commands}${e.reason ? ` (${e.reason})` : ''}`, e.reason ? 'sandbox.tr.disconnectWhy' : 'sandbox.tr.disconnect', { commands: String(e.commands), reason: String(e.reason ?? '') });
        break;
      default:
        break;
    }
  }
  return t;
}

/** The sessions in the event log, newest last. */
export function listSessions(ws: Workspace, events: SandboxEvent[] = readEvents(ws)): SessionSummary[] {
  const byId = new Map<string, SessionSummary>();
  for (const e of events) {
    if (!e.session) continue;
    let s = byId.get(e.session);
    if (e.type === 'connect') {
      s = { session: e.session, startedAt: e.ts, listener: String(e.listener), client: e.client as ClientInfo, queued: [], rejects: 0, tls: false };
      byId.set(e.session, s);
      continue;
    }
    if (!s) continue;
    if (e.type === 'queued') s.queued.push(String(e.queueId));
    else if (e.type === 'reject') s.rejects++;
    else if (e.type === 'tls') s.tls = true;
    else if (e.type === 'auth' && e.ok) s.auth = `${e.username} (${e.mechanism})`;
    else if (e.type === 'xclient') s.client = { addr: String(e.addr), name: String(e.name) };
    else if (e.type === 'disconnect') s.summary = String(e.commands);
  }
  return [...byId.values()];
}
