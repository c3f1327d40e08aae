/**
 * Restrictions the sandbox does not simulate, and those Postfix 3.7 cannot apply as
 * configured, with what it does instead: an unknown
 * name (a 451 and a notice to the postmaster), the SASL-only restrictions without SASL and
 * check_ccert_access without client certificates (a warning, no decision), and the words
 * after permit, reject or defer (never reached: a warning). Texts as smtpd_check.c logs them.
 */
import { step, type Restriction, type RestrictionRule, type RuleContext, type Step } from './smtpd-check.js';

/** What a restriction the sandbox accepts but does not simulate says. */
export function notSimulated(r: Restriction): Step {
  return step('dunno', 'dunno', `${r.name} is not simulated by the sandbox: no decision`, 'notSimulated', { restriction: r.name });
}

/** A restriction the sandbox accepts but does not simulate; `first` says what Postfix does when it cannot apply it either. */
export const notSim = (arg?: RestrictionRule['arg'], first?: (r: Restriction, ctx: RuleContext) => Step | undefined): RestrictionRule => ({
  needs: [],
  simulated: false,
  arg,
  decide: (r, ctx) => first?.(r, ctx) ?? notSimulated(r),
});

/** An unknown name in a list: smtpd warns at each evaluation and answers 451 4.3.5 (a software error). */
export function unknownRestriction(r: Restriction): Step {
  return {
    ...step(
      'defer',
      'defer',
      `${r.text} is not a restriction Postfix knows: server configuration error`,
      'unknownRestriction',
      { restriction: r.text },
      { code: 451, enhanced: '4.3.5', text: 'Server configuration error' },
    ),
    warnings: [`warning: unknown smtpd restriction: "${r.text}"`],
    software: true,
  };
}

/** reject_sender_login_mismatch is the authenticated and the unauthenticated check in one. */
const SASL_PARTS: Record<string, string[]> = {
  reject_sender_login_mismatch: ['reject_authenticated_sender_login_mismatch', 'reject_unauthenticated_sender_login_mismatch'],
};

/** A SASL-only restriction with smtpd_sasl_auth_enable = no: ignored, with one warning per check it stands for. */
export function saslOnly(r: Restriction, ctx: RuleContext): Step | undefined {
  if (ctx.facts.saslEnabled) return undefined;
  return {
    ...step('dunno', 'dunno', `${r.name} needs SASL (smtpd_sasl_auth_enable = no): ignored`, 'noSasl', { restriction: r.name }),
    warnings: (SASL_PARTS[r.name] ?? [r.name]).map((n) => `warning: restriction \`${n}' ignored: no SASL support`),
  };
}

/** check_ccert_access with smtpd_tls_ask_ccert = no: no certificate is ever asked for, so it is ignored, with a warning. */
export function ccertWithoutAsk(r: Restriction, ctx: RuleContext): Step | undefined {
  if (ctx.facts.askCcert) return undefined;
  return {
    ...step('dunno', 'dunno', `${r.name} needs smtpd_tls_ask_ccert = yes: ignored`, 'noCcert', { restriction: r.name }),
    warnings: [`warning: ${r.name} is requested, but "smtpd_tls_ask_ccert = no"`],
  };
}

const FINAL = new Set(['permit', 'reject', 'defer']);

/**
 * permit, reject and defer end the list: the word after one is never reached, and smtpd says
 * so each time it gets there (not after warn_if_reject, which makes the reject only a warning).
 */
export function ignoredAfter(r: Restriction, next: Restriction | undefined, warnIfReject: boolean): string | undefined {
  if (!next || warnIfReject || !FINAL.has(r.name)) return undefined;
  return `warning: restriction \`${next.text.split(' ')[0]}' after \`${r.name}' is ignored`;
}

/** What smtpd requires in smtpd_relay_restrictions or smtpd_recipient_restrictions (one of them) before it runs. */
export const RELAY_GUARDS: ReadonlySet<string> = new Set([
  'reject_unauth_destination',
  'defer_unauth_destination',
  'reject',
  'defer',
  'defer_if_permit',
  'check_relay_domains',
]);

/**
 * What a new smtpd process logs as it looks for a relay guard (smtpd_check.c's has_required):
 * the recipient list, then the relay list, each up to its first guard; a permit ends that
 * list's search, with a warning when words follow it.
 */
export function startupWarnings(recipient: Restriction[], relay: Restriction[]): string[] {
  const out: string[] = [];
  for (const list of [recipient, relay]) {
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (r.name === 'warn_if_reject' && list[i + 1]) i++;
      else if (r.name === 'permit') {
        if (list[i + 1]) out.push(`warning: restriction \`${list[i + 1].text.split(' ')[0]}' after \`permit' is ignored`);
        break;
      } else if (RELAY_GUARDS.has(r.name)) return out;
    }
  }
  return out;
}
