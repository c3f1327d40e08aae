/**
 * Spamhaus does not serve queries that reach it through a public resolver (8.8.8.8,
 * 1.1.1.1…): it answers them with an error code, 127.255.255.254, instead of the listing
 * (127.255.255.255: too many queries; 127.255.255.252: a typo in the list's name). The code
 * is an A record all the same, so a bare `reject_rbl_client zen.spamhaus.org` rejects every
 * client, and `zen.spamhaus.org=127.0.0.[2..11]` keeps only the real listings.
 *
 * In the sandbox a query "comes through a public resolver" when it arrives from
 * PUBLIC_RESOLVER_SOURCE (`dig -b 127.8.8.8 ...`); the sandbox's own lookups arrive from
 * there while the workspace's etc/resolv.conf names a nameserver that is not this machine.
 */

export const PUBLIC_RESOLVER_SOURCE = '127.8.8.8';
/** Spamhaus's answer to a query through a public or open resolver */
export const OPEN_RESOLVER_CODE = '127.255.255.254';
export const RESOLV_CONF = 'etc/resolv.conf';

const normalizeName = (n: string) => n.toLowerCase().replace(/\.$/, '');

/** The lists that refuse public resolvers: Spamhaus's zones. */
export function refusesPublicResolvers(origin: string): boolean {
  const o = normalizeName(origin);
  return o === 'spamhaus.org' || o.endsWith('.spamhaus.org');
}

/** The error code a query for QNAME (type QTYPE) in the zone ORIGIN gets through a public resolver, if any. */
export function publicResolverAnswer(origin: string, qname: string, qtype: string): string | undefined {
  if (qtype !== 'A' || !refusesPublicResolvers(origin)) return undefined;
  const name = normalizeName(qname);
  const o = normalizeName(origin);
  if (!name.endsWith('.' + o)) return undefined;
  const key = name.slice(0, -o.length - 1);
  // an address asked about: four reversed octets, or the 32 nibbles of an IPv6 address
  return /^(\d{1,3}\.){3}\d{1,3}$/.test(key) || /^([0-9a-f]\.){31}[0-9a-f]$/.test(key) ? OPEN_RESOLVER_CODE : undefined;
}

/** The first `nameserver` of a resolv.conf, when it is not on this machine (loopback); undefined otherwise. */
export function publicNameserver(resolvConf: string | undefined): string | undefined {
  for (const line of (resolvConf ?? '').split('\n')) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    if (!m) continue;
    const ns = m[1]!;
    return /^127\./.test(ns) || ns === '::1' || ns === '0.0.0.0' ? undefined : ns;
  }
  return undefined;
}
