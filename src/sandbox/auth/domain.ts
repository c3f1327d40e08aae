// Organizational domains and DMARC identifier alignment (RFC 7489 §3.1, §3.2).
// mailauth 4.x treats adkim=s / aspf=s as relaxed, so alignment is decided here.
import { getDomain } from 'tldts';
import { isIP } from 'node:net';
import { normalizeDomain } from './address.js';

export type AlignMode = 'r' | 's';


/**
 * The organizational domain: the public suffix plus one label, from the Public Suffix
 * List that mailauth already carries (tldts). Names under a suffix the list does not
 * know (.local, .test, .example) take their last label as the suffix, so
 * mail.alexdns.local → alexdns.local.
 */
export function orgDomain(domain: string): string {
  const d = normalizeDomain(domain);
  if (!d || isIP(d)) return d;
  const org = getDomain(d, { allowIcannDomains: true, allowPrivateDomains: true });
  if (org) return org;
  const labels = d.split('.');
  return labels.length <= 2 ? d : labels.slice(-2).join('.');
}

/** Strict: the same name. Relaxed: the same organizational domain. */
export function aligned(a: string, b: string, mode: AlignMode): boolean {
  const x = normalizeDomain(a);
  const y = normalizeDomain(b);
  if (!x || !y) return false;
  if (mode === 's') return x === y;
  return orgDomain(x) === orgDomain(y);
}
