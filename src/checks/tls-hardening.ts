// What the TLS lesson asks beyond "TLS on": a certificate that names the server in its
// subjectAltName, no protocol older than TLS 1.2, strong ciphers where TLS is mandatory,
// and TLS offered on outgoing mail too.
import { z } from 'zod';
import type { X509Certificate } from 'node:crypto';
import { fail } from './types.js';
import type { Verdict } from './types.js';
import { MAIN_CF } from './postfix.js';
import { param, type MainCf } from '../postfix/main-cf.js';
import { protocolRange, refusesBelow, TLS_PROTOCOLS, type TlsProtocol } from '../postfix/tls-protocols.js';
import { NONE } from '../i18n/messages.js';

/** The DNS names of a certificate's subjectAltName ("DNS:a, DNS:b"), lower case. */
export function sanNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((e) => /^DNS:/i.test(e))
    .map((e) => e.slice(4).toLowerCase());
}

/** Clients match the server's name against the subjectAltName (RFC 6125) and ignore the CN once one exists. */
export function sanVerdict(cert: X509Certificate, shown: string, name: string): Verdict | undefined {
  const names = sanNames(cert);
  const ev = [`${shown}: subjectAltName ${cert.subjectAltName ?? NONE}`];
  if (!cert.subjectAltName) return fail('tls.certNoSan', { path: shown, name }, ev);
  if (!names.includes(name.toLowerCase())) return fail('tls.certSanOther', { path: shown, seen: cert.subjectAltName, name }, ev);
  return undefined;
}

export const hardeningParams = {
  /** the oldest protocol smtpd_tls_protocols and smtpd_tls_mandatory_protocols may let through */
  protocols: z.enum(TLS_PROTOCOLS).optional(),
  /** smtpd_tls_mandatory_ciphers: the cipher grade where TLS is required */
  mandatoryCiphers: z.enum(['high', 'medium']).optional(),
  /** smtp_tls_security_level: TLS on the mail this server sends (may, or dane, which is stricter) */
  outgoing: z.enum(['may']).optional(),
};

interface Hardening {
  protocols?: TlsProtocol;
  mandatoryCiphers?: 'high' | 'medium';
  outgoing?: 'may';
}

const PROTOCOL_PARAMS = ['smtpd_tls_protocols', 'smtpd_tls_mandatory_protocols'];

/** The parameters the step asks for, to show as evidence when it passes. */
export function hardeningShown(p: Hardening): string[] {
  return [
    ...(p.protocols ? PROTOCOL_PARAMS : []),
    ...(p.mandatoryCiphers ? ['smtpd_tls_mandatory_ciphers'] : []),
    ...(p.outgoing ? ['smtp_tls_security_level'] : []),
  ];
}

export function hardeningVerdict(cf: MainCf, p: Hardening, ev: (name: string) => string[]): Verdict | undefined {
  if (p.protocols) {
    const wanted = `>=${p.protocols}`;
    for (const name of PROTOCOL_PARAMS) {
      const seen = param(cf, name).trim();
      const r = protocolRange(seen);
      if ('invalid' in r) return fail('tls.protocolsInvalid', { file: MAIN_CF, name, seen, word: r.invalid, wanted }, ev(name));
      if (!refusesBelow(seen, p.protocols))
        return fail('tls.protocolsWeak', { file: MAIN_CF, name, seen: seen || NONE, min: r.min ?? NONE, wanted }, ev(name));
    }
  }
  if (p.mandatoryCiphers) {
    const seen = param(cf, 'smtpd_tls_mandatory_ciphers').trim().toLowerCase();
    if (seen !== p.mandatoryCiphers)
      return fail(
        'tls.configParam',
        { file: MAIN_CF, name: 'smtpd_tls_mandatory_ciphers', seen, wanted: p.mandatoryCiphers },
        ev('smtpd_tls_mandatory_ciphers'),
      );
  }
  if (p.outgoing) {
    const seen = param(cf, 'smtp_tls_security_level').trim().toLowerCase();
    if (seen !== p.outgoing && seen !== 'dane')
      return fail('tls.outgoingLevel', { file: MAIN_CF, seen: seen || NONE, wanted: p.outgoing }, ev('smtp_tls_security_level'));
  }
  return undefined;
}
