/**
 * The session's side of anvil(8): each connection, MAIL FROM, RCPT TO, AUTH and new TLS
 * session is counted for the real client address (XCLIENT does not change it), and smtpd
 * refuses what passes a limit with Postfix's reply and warning (src/postfix/anvil.ts).
 * Clients allowed to use XCLIENT are never limited, as in smtpd.
 */
import { anvilLimits, type AnvilClient, type AnvilEvent, type AnvilLimits } from '../../postfix/anvil.js';
import type { MainCf } from '../../postfix/main-cf.js';
import type { PostfixSession } from './session-state.js';

function client(s: PostfixSession): AnvilClient {
  return { addr: s.realClient.addr, name: s.realClient.name, service: s.svc.service?.name ?? 'smtp', hostname: s.svc.hostname };
}

/** Read once per configuration (a reload makes a new main.cf object), not at every event. */
const read = new WeakMap<MainCf, AnvilLimits>();

function limits(s: PostfixSession): AnvilLimits {
  let l = read.get(s.svc.cf);
  if (!l) read.set(s.svc.cf, (l = anvilLimits(s.svc.cf)));
  // a test may lower the concurrency limit without writing main.cf
  return s.rt.limits.perClient === undefined ? l : { ...l, connectionCount: s.rt.limits.perClient };
}

/** Counts the event; when a limit is passed, logs the warning, replies and returns true. */
export function anvilRefuses(s: PostfixSession, kind: AnvilEvent): boolean {
  const c = client(s);
  if (kind === 'connect') s.anvilService = c.service;
  const refusal = s.rt.anvil.event(kind, c, limits(s), Date.now());
  if (!refusal || s.xclientAllowed) return false;
  s.rt.log.line(s.program, refusal.warning);
  const text = `${refusal.reply.enhanced} ${refusal.reply.text}`;
  if (refusal.hangUp) {
    // smtpd ends the session itself: no "lost connection" line
    s.quitting = true;
    s.reply(refusal.reply.code, text);
  }
  else s.fail(refusal.reply.code, text);
  return true;
}

/** The connection is gone: anvil's count of open connections drops. */
export function anvilDisconnect(s: PostfixSession): void {
  if (s.anvilService === undefined) return;
  s.rt.anvil.disconnect({ addr: s.realClient.addr, service: s.anvilService });
  s.anvilService = undefined;
  s.rt.anvil.sweep(limits(s), Date.now());
}
