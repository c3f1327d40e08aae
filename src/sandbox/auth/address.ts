// Domain names as SPF, DKIM and DMARC compare them: no public suffix list here, so the
// checks can use these without loading it (api.ts re-exports them).
import { domainOf as domainPart } from '../../postfix/smtpd-check.js';

export function normalizeDomain(d: string): string {
  return d.trim().toLowerCase().replace(/\.+$/, '');
}

/** The domain of an address as written in a header or a log (<a@b.example.>, spaces), normalized; '' for none. */
export function domainOf(address: string): string {
  return normalizeDomain(domainPart(address.trim().replace(/^<|>$/g, '')));
}
