// SPF (RFC 7208) evaluation through mailauth, with the resolver pointed at the embedded DNS,
// and the Received-SPF header as policyd-spf (postfix-policyd-spf-python) writes it.
import { isIP } from 'node:net';
import type { Resolver } from '../pipeline.js';
import { domainOf } from './address.js';
import { rethrowBug } from '../../util/errors.js';

import { SPF_RESULTS, type SpfResult } from '../names.js';

export type { SpfResult };

export interface SpfOutcome {
  result: SpfResult;
  /** the domain whose record was evaluated */
  domain: string;
  identity: 'mailfrom' | 'helo';
  sender: string;
  ip: string;
  helo?: string;
  /** the v=spf1 record found, if any */
  record?: string;
  /** mailauth's explanation ("domain of x designates y as permitted sender") */
  comment: string;
  lookups?: { count: number; limit: number; void: number };
  /** the Authentication-Results row: spf=pass smtp.mailfrom=... */
  info: string;
}

export interface SpfQuery {
  ip: string;
  /** MAIL FROM; empty for a bounce (then the HELO name stands for it, as RFC 7208 §2.4 says) */
  sender?: string;
  helo?: string;
  resolver: Resolver;
  /** the receiving host's name, shown in comments */
  mta: string;
}

/** Evaluates one identity. Never throws: a resolver failure is a temperror, as the RFC says. */
export async function checkSpf(q: SpfQuery, identity: 'mailfrom' | 'helo' = 'mailfrom'): Promise<SpfOutcome> {
  const helo = q.helo && !isIP(q.helo.replace(/^\[|\]$/g, '')) ? q.helo : undefined;
  let sender = q.sender ?? '';
  if (identity === 'helo' || !sender) sender = helo ? `postmaster@${helo}` : '';
  const base = { identity, sender, ip: q.ip, helo: q.helo };
  if (!sender) {
    return { ...base, result: 'none', domain: '', comment: 'no identity to check', info: 'spf=none' };
  }
  try {
    // mailauth (and the HTTP client it carries) loads only when SPF is evaluated, not at start-up
    const { spf: mailauthSpf } = await import('../../vendor/mailauth.js');
    const r = await mailauthSpf({ sender, ip: q.ip, helo: q.helo, mta: q.mta, resolver: q.resolver });
    const result = r.status.result as SpfResult;
    return {
      ...base,
      result: SPF_RESULTS.includes(result) ? result : 'temperror',
      domain: r.domain || domainOf(sender),
      record: r.rr,
      comment: r.status.comment ?? '',
      lookups: r.lookups ? { count: r.lookups.count, limit: r.lookups.limit, void: r.lookups.void } : undefined,
      info: r.info,
    };
  } catch (e) {
    rethrowBug(e);
    return { ...base, result: 'temperror', domain: domainOf(sender), comment: (e as Error).message, info: `spf=temperror smtp.mailfrom=${sender}` };
  }
}

const CAPITAL: Record<SpfResult, string> = {
  pass: 'Pass',
  fail: 'Fail',
  softfail: 'Softfail',
  neutral: 'Neutral',
  none: 'None',
  permerror: 'Permerror',
  temperror: 'Temperror',
};

const WHY: Record<SpfResult, string> = {
  pass: '(mailfrom)',
  fail: '(mailfrom)',
  softfail: '(domain owner discourages use of this host)',
  neutral: '(access neither permitted nor denied)',
  none: '(no SPF record)',
  permerror: '(SPF Permanent Error)',
  temperror: '(SPF Temporary Error)',
};

/** Received-SPF as policyd-spf prepends it (Hide_Receiver = Yes). */
export function receivedSpfHeader(o: SpfOutcome): string {
  const why = o.identity === 'helo' && o.result === 'pass' ? '(helo)' : WHY[o.result];
  const parts = [`identity=${o.identity}`, `client-ip=${o.ip}`];
  if (o.helo) parts.push(`helo=${o.helo}`);
  if (o.identity === 'mailfrom') parts.push(`envelope-from=${o.sender}`);
  parts.push('receiver=<UNKNOWN>');
  return `Received-SPF: ${CAPITAL[o.result]} ${why} ${parts.join('; ')}`;
}

/** The SPF result explained as a message key ("authres.why.spf.*") and its parameters, for the learner's language. */
export function spfWhy(o: SpfOutcome): { key: string; params: Record<string, string> } {
  const params = { domain: o.domain, ip: o.ip, sender: o.sender || '<>' };
  if (o.result === 'none' && !o.domain) return { key: 'authres.why.spf.noIdentity', params };
  return { key: `authres.why.spf.${o.result}`, params };
}
