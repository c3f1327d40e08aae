// smtpd_tls_protocols and friends as Postfix 3.6+ reads them (tls_protocol_mask in tls_misc.c):
// names separated by spaces, commas or colons; "!NAME" excludes one, ">=NAME" and "<=NAME" bound
// the range, and a bare NAME, once any is given, enables only the names listed.

export const TLS_PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsProtocol = (typeof TLS_PROTOCOLS)[number];

export type ProtocolRange = { enabled: TlsProtocol[]; min?: TlsProtocol; max?: TlsProtocol } | { invalid: string };

const index = (name: string) => TLS_PROTOCOLS.findIndex((p) => p.toLowerCase() === name.toLowerCase());

/** The protocols a list enables, lowest first; `invalid` names the first word Postfix would not accept. */
export function protocolRange(value: string): ProtocolRange {
  let lo = 0;
  let hi = TLS_PROTOCOLS.length - 1;
  const excluded = new Set<number>();
  const only = new Set<number>();
  for (const word of value.split(/[\s,:]+/).filter(Boolean)) {
    const m = /^(!|>=|<=)?(.+)$/.exec(word)!;
    const i = index(m[2]);
    if (i < 0) return { invalid: word };
    if (m[1] === '!') excluded.add(i);
    else if (m[1] === '>=') lo = Math.max(lo, i);
    else if (m[1] === '<=') hi = Math.min(hi, i);
    else only.add(i);
  }
  const enabled = TLS_PROTOCOLS.filter((_, i) => i >= lo && i <= hi && !excluded.has(i) && (!only.size || only.has(i)));
  return { enabled, min: enabled[0], max: enabled[enabled.length - 1] };
}

/** Whether a list lets no protocol older than `floor` through (and enables at least one). */
export function refusesBelow(value: string, floor: TlsProtocol): boolean {
  const r = protocolRange(value);
  return 'enabled' in r && !!r.min && index(r.min) >= index(floor);
}

export type NodeTlsVersion = 'TLSv1.2' | 'TLSv1.3';

/**
 * The TLS versions the sandbox's server may negotiate for a protocol list: the list's range,
 * within TLS 1.2 and 1.3, the only ones the sandbox speaks (node's OpenSSL refuses older ones
 * at its default security level, where Postfix 3.7 with its default ">=TLSv1" still accepts
 * TLS 1.0 and 1.1). A list Postfix would not accept, or one with nothing from 1.2 up, keeps both.
 */
export function sandboxTlsVersions(value: string): { min: NodeTlsVersion; max: NodeTlsVersion } {
  const r = protocolRange(value);
  const usable = 'enabled' in r ? r.enabled.filter((p): p is NodeTlsVersion => p === 'TLSv1.2' || p === 'TLSv1.3') : [];
  if (!usable.length) return { min: 'TLSv1.2', max: 'TLSv1.3' };
  return { min: usable[0], max: usable[usable.length - 1] };
}
