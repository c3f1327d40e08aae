import type { SandboxEvent } from '../sandbox/api.js';
import { PROBE_HELO } from './probe.js';

/** One SMTP session of the sandbox, rebuilt from its events. */
export interface Session {
  id: string;
  listener?: string;
  client?: string;
  helo?: string;
  events: SandboxEvent[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Groups the event log by session, in the order sessions started. */
export function sessions(events: SandboxEvent[]): Session[] {
  const byId = new Map<string, Session>();
  for (const e of events) {
    if (typeof e.session !== 'string' || !e.session) continue;
    let s = byId.get(e.session);
    if (!s) byId.set(e.session, (s = { id: e.session, events: [] }));
    s.events.push(e);
    if (e.type === 'connect') {
      s.listener = str(e.listener);
      const c = e.client as { addr?: unknown; name?: unknown } | undefined;
      if (c && typeof c === 'object') s.client = `${str(c.name) ?? 'unknown'}[${str(c.addr) ?? '?'}]`;
    }
    if (e.type === 'helo' && s.helo === undefined) s.helo = str(e.helo);
    if (e.type === 'xclient') {
      const addr = str(e.addr);
      if (addr) s.client = `${str(e.name) ?? s.client?.replace(/\[.*$/, '') ?? 'unknown'}[${addr}]`;
    }
  }
  return [...byId.values()];
}

/** A session opened by a check (it said EHLO mailsec-check.invalid), not by the learner. */
export function isCheckSession(s: Session): boolean {
  return s.events.some((e) => e.type === 'helo' && typeof e.helo === 'string' && e.helo.toLowerCase() === PROBE_HELO);
}

export function learnerSessions(events: SandboxEvent[]): Session[] {
  return sessions(events).filter((s) => !isCheckSession(s));
}

export function eventsOf(s: Session, type: string): SandboxEvent[] {
  return s.events.filter((e) => e.type === type);
}

/** Recipients of an event field that may be one address or a list. */
export function addresses(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/** Whether an event field says the client authenticated (a user name, true, or an object with one). */
export function authenticated(v: unknown): string | undefined {
  if (typeof v === 'string' && v) return v;
  if (v === true) return '?';
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const name = str(o.username) ?? str(o.user) ?? str(o.name);
    if (name) return name;
    if (o.ok === true || o.authenticated === true) return '?';
  }
  return undefined;
}
