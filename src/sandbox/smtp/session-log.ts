// The end of a session as Postfix logs it: "lost connection after X" and the disconnect
// summary of the commands counted; and a command as the event log shows it.
import { anvilDisconnect } from './session-anvil.js';
import { notifyPostmaster } from './notice.js';
import { startupWarnings } from '../../postfix/restrictions-ignored.js';
import type { PostfixSession } from './session-state.js';

/** Postfix's command table order, which is also the order of the disconnect summary. */
export const COMMANDS = ['helo', 'ehlo', 'xclient', 'xforward', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'bdat', 'rset', 'noop', 'vrfy', 'etrn', 'quit'] as const;

/** A command line for the event log: AUTH's credentials hidden, a long line cut. */
export function redactCommand(line: string): string {
  const m = /^\s*(AUTH)\s+(\S+)(\s+\S+)?/i.exec(line);
  if (m) return `${m[1]} ${m[2]}${m[3] ? ' ********' : ''}`;
  return line.length > 1000 ? line.slice(0, 1000) + '…' : line;
}

/** Postfix's disconnect summary: "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4". */
export function disconnectSummary(s: PostfixSession): { text: string; counts: Record<string, [number, number]> } {
  const parts: string[] = [];
  let ok = 0;
  let total = 0;
  const counts: Record<string, [number, number]> = {};
  for (const name of [...COMMANDS, 'unknown']) {
    const st = s.stats.get(name);
    if (!st) continue;
    counts[name] = [st[0], st[1]];
    parts.push(st[0] === st[1] ? `${name}=${st[0]}` : `${name}=${st[0]}/${st[1]}`);
    ok += st[0];
    total += st[1];
  }
  // a session without a single command is "commands=0/0", as smtpd writes it
  parts.push(ok === total && total > 0 ? `commands=${ok}` : `commands=${ok}/${total}`);
  return { text: parts.join(' '), counts };
}

const started = new WeakSet<object>();

/** A new smtpd process (the first session of a configuration, for the sandbox): its start-up warnings, before "connect from". */
export function processStart(s: PostfixSession): void {
  if (started.has(s.svc)) return;
  started.add(s.svc);
  for (const w of startupWarnings(s.svc.lists.smtpd_recipient_restrictions, s.svc.lists.smtpd_relay_restrictions)) s.rt.log.line(s.program, w);
  for (const w of s.svc.tlsBroken ?? []) s.rt.log.line(s.program, `warning: ${w}`);
}

/** Called once when the socket is gone, whatever the reason. */
export function sessionEnded(s: PostfixSession): void {
  if (s.ended || !s.rt) return;
  s.ended = true;
  // an AUTH exchange cut short failed (auth=0/1), as DATA, BDAT or the STARTTLS handshake below
  if (s.exchange) {
    s.exchange = undefined;
    s.count('auth', false);
  }
  if (s.counted) {
    s.rt.counts.active--;
    anvilDisconnect(s);
  }
  // smtpd counts a command before it runs: one cut short by the hang-up failed
  if (s.inFlight === 'data') s.abandon?.();
  if (s.inFlight) s.count(s.inFlight, false);
  if (!s.quitting) {
    const reason = s.lastReason ?? 'lost connection';
    if (s.where === 'DATA' || s.where === 'BDAT') s.rt.log.line(s.program, `${reason} after ${s.where} (${s.dataBytes} bytes) from ${s.namaddr}`);
    else if (!(s.where === 'END-OF-MESSAGE' && reason === 'lost connection')) s.rt.log.line(s.program, `${reason} after ${s.where} from ${s.namaddr}`);
  }
  // smtpd mails its notice before it logs the disconnect
  notifyPostmaster(s);
  const { text, counts } = disconnectSummary(s);
  s.rt.log.line(s.program, `disconnect from ${s.namaddr} ${text}`);
  s.rt.emit('disconnect', { session: s.id, commands: text, counts, client: { ...s.client }, reason: s.quitting ? undefined : (s.lastReason ?? 'lost connection') });
  s.rt.flushSoon();
}
