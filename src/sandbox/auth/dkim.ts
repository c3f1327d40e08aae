// DKIM signing as OpenDKIM does it for the learner's domain, and verification of any
// signature through the embedded DNS; the cryptography is mailauth's.
import type { KeyObject } from 'node:crypto';
import type { Resolver } from '../pipeline.js';
import { normalizeDomain } from './address.js';
import { rethrowBug } from '../../util/errors.js';

export interface SignParams {
  domain: string;
  selector: string;
  key: KeyObject | string;
  /** header/body, as in opendkim.conf; a single word means header canonicalization, body simple */
  canonicalization?: string;
  signTime?: Date;
}

export function normalizeCanon(c = 'simple/simple'): string {
  const [h, b] = c.toLowerCase().split('/');
  return `${h || 'simple'}/${b || 'simple'}`;
}

/** The DKIM-Signature field (folded, no trailing CRLF) for a message. */
export async function signatureFor(raw: Buffer, p: SignParams): Promise<string> {
  const privateKey = typeof p.key === 'string' ? p.key : (p.key.export({ type: 'pkcs8', format: 'pem' }) as string);
  const { dkimSign } = await import('../../vendor/mailauth.js');
  const one = { signingDomain: p.domain, selector: p.selector, privateKey, canonicalization: normalizeCanon(p.canonicalization) };
  // mailauth signs once per signatureData entry; its type also wants the first one at the top
  // one time for the whole signature: without it mailauth reads the clock twice (for the signed
  // header and for the one it writes), and t= differs when a second ticks between the two
  const r = await dkimSign(raw, { ...one, signTime: p.signTime ?? new Date(), signatureData: [one] });
  if (r.errors?.length) throw new Error(`DKIM signing failed: ${r.errors.map((e: { message?: string }) => e.message ?? String(e)).join('; ')}`);
  return r.signatures.replace(/\r\n$/, '');
}

export type DkimResultName = 'pass' | 'fail' | 'neutral' | 'none' | 'policy' | 'temperror' | 'permerror';

export interface DkimVerdict {
  result: DkimResultName;
  domain?: string;
  selector?: string;
  /** why it did not pass: "no key", "body hash did not verify", "bad signature" */
  comment?: string;
  /** the Authentication-Results row */
  info: string;
  bits?: number;
  /** a= of the signature (rsa-sha256, ed25519-sha256) */
  algorithm?: string;
}

/** Verifies every DKIM-Signature of a message; one "none" entry when there is none. */
export async function verifyDkim(raw: Buffer, resolver: Resolver, minBits = 1024): Promise<DkimVerdict[]> {
  let r;
  try {
    const { dkimVerify } = await import('../../vendor/mailauth.js');
    r = await dkimVerify(raw, { resolver, minBitLength: minBits });
  } catch (e) {
    rethrowBug(e);
    return [{ result: 'temperror', comment: (e as Error).message, info: 'dkim=temperror' }];
  }
  const results = r.results ?? [];
  if (!results.length) return [{ result: 'none', comment: 'message not signed', info: 'dkim=none (message not signed)' }];
  return results.map((x) => {
    let result = (x.status?.result ?? 'none') as DkimResultName;
    const comment = x.status?.comment;
    // mailauth says neutral for a body that changed; RFC 8601 calls it fail
    let info = x.info;
    if (result === 'neutral' && comment && /did not verify|bad signature/i.test(comment)) {
      result = 'fail';
      info = info.replace(/^dkim=neutral/, 'dkim=fail');
    }
    return {
      result,
      domain: x.signingDomain ? normalizeDomain(x.signingDomain) : undefined,
      selector: x.selector,
      comment: comment || undefined,
      info,
      bits: (x as { modulusLength?: number }).modulusLength,
      algorithm: (x as { algo?: string }).algo,
    };
  });
}

/** Why a signature did or did not verify, as a message key ("authres.why.dkim.*") and its parameters; mailauth's comments are English. */
export function dkimWhy(d: Pick<DkimVerdict, 'comment' | 'domain' | 'selector'> & { result: string }): { key: string; params: Record<string, string> } {
  const params = { domain: d.domain ?? '', selector: d.selector ?? '', result: d.result };
  if (d.result === 'none' && !d.domain) return { key: 'authres.why.dkim.none', params };
  if (d.result === 'pass') return { key: 'authres.why.dkim.pass', params };
  const c = d.comment ?? '';
  if (/no key/i.test(c)) return { key: 'authres.why.dkim.noKey', params };
  if (/body hash/i.test(c)) return { key: 'authres.why.dkim.bodyHash', params };
  if (/bad signature/i.test(c)) return { key: 'authres.why.dkim.badSignature', params };
  if (/expire/i.test(c)) return { key: 'authres.why.dkim.expired', params };
  if (/key/i.test(c)) return { key: 'authres.why.dkim.badKey', params };
  return { key: 'authres.why.dkim.other', params };
}
