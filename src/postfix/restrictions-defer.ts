/**
 * Restrictions that defer instead of deciding, and the session's encryption:
 * defer_if_permit and defer_if_reject (Postfix's DEFER_IF_PERMIT / DEFER_IF_REJECT: the
 * deferral waits for the final permit, or for a later reject, and then answers in its own
 * words), and reject_plaintext_session. Replies as Postfix 3.7.11 gave them.
 */
import { step, type Reply, type Restriction, type RuleContext, type Step } from './smtpd-check.js';

const requested = (r: Restriction, ctx: RuleContext): Reply => ({
  code: 450,
  enhanced: '4.7.0',
  text: `<${ctx.replyName}>: ${ctx.replyClass} rejected: ${r.name} requested`,
});

export function deferIfPermit(r: Restriction, ctx: RuleContext): Step {
  return {
    ...step('dunno', 'dunno', 'if the checks end in a permit, the client is asked to try again later', 'deferIfPermit'),
    deferIfPermit: requested(r, ctx),
  };
}

export function deferIfReject(r: Restriction, ctx: RuleContext): Step {
  return {
    ...step('dunno', 'dunno', 'if a later restriction rejects, the client is asked to try again later instead', 'deferIfReject'),
    deferIfReject: requested(r, ctx),
  };
}

export function rejectPlaintextSession(r: Restriction, ctx: RuleContext): Step {
  if (ctx.state.tls === undefined) {
    return step('dunno', 'dunno', `${r.name} is not simulated by the sandbox: no decision`, 'notSimulated', { restriction: r.name });
  }
  if (ctx.state.tls) return step('dunno', 'dunno', 'the session is encrypted', 'encrypted');
  return step(
    'defer',
    'defer',
    'the session is not encrypted (no STARTTLS): refused',
    'plaintext',
    {},
    { code: 450, enhanced: '4.7.1', text: 'Session encryption is required' },
  );
}
