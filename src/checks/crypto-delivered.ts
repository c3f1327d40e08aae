// The mails the sandbox delivered to an address (a local Maildir or the captured outbox),
// newest first, read from the workspace; and the last refusal of a mail to it.
import type { CheckContext, Verdict } from './types.js';
import { fail } from './types.js';
import { deliveredNow, type SandboxEvent } from '../sandbox/api.js';

const MAX_MAIL_BYTES = 2 * 1024 * 1024;
const MAX_MAILS = 50;

export interface DeliveredMail {
  event: SandboxEvent;
  path: string;
  text: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function deliveredTo(ctx: CheckContext, to: string): DeliveredMail[] {
  const want = to.toLowerCase();
  const out: DeliveredMail[] = [];
  const events = ctx.events().filter((e) => e.type === 'delivered' && str(e.to).toLowerCase() === want);
  for (const e of events.reverse().slice(0, MAX_MAILS)) {
    const path = str(e.path);
    if (!path) continue;
    const text = ctx.ws.readText(deliveredNow(ctx.ws, path));
    // the learner may have deleted a mail after reading it
    if (text !== undefined) out.push({ event: e, path, text: text.slice(0, MAX_MAIL_BYTES) });
  }
  return out;
}

/** The newest refusal of a mail to this address, as "code enhanced text". */
export function lastRefusal(ctx: CheckContext, to: string): { code: number; text: string } | undefined {
  const want = to.toLowerCase();
  const rej = [...ctx.events()].reverse().find((e) => e.type === 'reject' && str(e.to).toLowerCase() === want);
  return rej ? { code: Number(rej.code) || 0, text: `${str(rej.enhanced)} ${str(rej.text)}`.trim() } : undefined;
}

/** The mails delivered to `to`, or the learner's failure: refused (with the server's answer) or never sent. */
export function mailsOrFail(ctx: CheckContext, to: string): DeliveredMail[] | Verdict {
  const mails = deliveredTo(ctx, to);
  if (mails.length) return mails;
  const r = lastRefusal(ctx, to);
  if (r) return fail('mailcrypto.mail.refused', { to, code: r.code, text: r.text });
  return fail('mailcrypto.mail.none', { to, port: ctx.probe.ports.smtp });
}
