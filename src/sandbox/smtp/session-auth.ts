// SASL in a session: which mechanisms are offered, and the AUTH exchange (its challenges
// arrive as lines the command loop hands to saslContinue()).
import { param } from '../../postfix/main-cf.js';
import { MECHANISMS, createMechanism, offeredMechanisms, type SaslStep } from '../sasl/mechanisms.js';
import { anvilRefuses } from './session-anvil.js';
import type { Outcome, PostfixSession } from './session-state.js';

export function saslActive(s: PostfixSession): boolean {
  return s.svc.saslEnable && (!!s.tls || !s.svc.tlsAuthOnly);
}

export function mechanisms(s: PostfixSession): string[] {
  return offeredMechanisms(s.tls ? s.svc.saslTlsOptions : s.svc.saslOptions);
}

export function cmdAuth(s: PostfixSession, words: string[]): Outcome | Promise<Outcome> {
  const fail = (code: number, text: string) => {
    s.count('auth', false);
    return s.fail(code, text);
  };
  if (!saslActive(s)) return fail(503, '5.5.1 Error: authentication not enabled');
  if (s.sasl) return fail(503, '5.5.1 Error: already authenticated');
  if (s.sender !== undefined) return fail(503, '5.5.1 Error: MAIL transaction in progress');
  if (words.length < 2 || words.length > 3) return fail(501, '5.5.4 Syntax: AUTH mechanism');
  if (anvilRefuses(s, 'auth')) {
    s.count('auth', false);
    return false;
  }
  const mech = words[1].toUpperCase();
  const initial = words[2];
  if (!mechanisms(s).includes(mech)) {
    // Cyrus: a mechanism it does not know at all, or one the security options filter out (noplaintext)
    const known = (MECHANISMS as readonly string[]).includes(mech);
    return saslDone(s, mech, {
      kind: 'failure',
      reason: known ? 'encryption needed to use mechanism' : 'no mechanism available',
      detail: `${mech} is not offered here (${mechanisms(s).join(' ') || 'no mechanism'})`,
      ...(known ? {} : { cyrus: `Couldn't find mech ${mech}` }),
    });
  }
  const sasl = createMechanism(mech, {
    hostname: s.svc.hostname,
    realm: param(s.svc.cf, 'smtpd_sasl_local_domain').trim() || s.svc.hostname,
    db: () => s.rt.saslDb(),
  })!;
  s.exchange = { sasl, mechanism: mech };
  return sasl.start(initial).then((step) => saslStep(s, mech, step));
}

export async function saslContinue(s: PostfixSession, line: string): Promise<void> {
  const ex = s.exchange!;
  if (line === '*') {
    s.exchange = undefined;
    s.rt.log.line(s.program, `warning: ${s.namaddr}: SASL ${ex.mechanism} authentication aborted`);
    s.rt.emit('auth', { session: s.id, mechanism: ex.mechanism, username: '', ok: false, tls: !!s.tls, reason: 'aborted by the client' });
    s.count('auth', false);
    s.errorCount++;
    s.reply(501, '5.7.0 Authentication aborted');
    return;
  }
  const step = await ex.sasl.step(line);
  const ok = saslStep(s, ex.mechanism, step);
  if (step.kind !== 'challenge' && !ok) s.errorCount++;
}

/** Sends a challenge (and waits for the answer) or ends the exchange. */
export function saslStep(s: PostfixSession, mech: string, step: SaslStep): Outcome {
  if (step.kind === 'challenge') {
    s.send(334, step.data === '' ? '' : step.data);
    return true;
  }
  return saslDone(s, mech, step);
}

export function saslDone(s: PostfixSession, mech: string, step: SaslStep): Outcome {
  s.exchange = undefined;
  if (step.kind === 'success') {
    s.sasl = { method: mech, username: step.username };
    s.rt.counts.authOk++;
    s.count('auth', true);
    s.rt.emit('auth', { session: s.id, mechanism: mech, username: step.username, ok: true, tls: !!s.tls });
    s.reply(235, '2.7.0 Authentication successful');
    return true;
  }
  if (step.kind === 'failure') {
    s.rt.counts.authFailed++;
    s.count('auth', false);
    if (step.cyrus) s.rt.log.line(s.program, `warning: SASL authentication failure: ${step.cyrus}`);
    s.rt.log.line(s.program, `warning: ${s.namaddr}: SASL ${mech} authentication failed: ${step.reason}, sasl_username=${step.username ?? '(unavailable)'}`);
    s.rt.emit('auth', { session: s.id, mechanism: mech, username: step.username ?? '', ok: false, tls: !!s.tls, reason: step.detail });
    s.reply(535, `5.7.8 Error: authentication failed: ${step.reason}`);
  }
  return false;
}
