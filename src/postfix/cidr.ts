/**
 * Network patterns as Postfix writes them in mynetworks and cidr tables:
 * 127.0.0.0/8, 192.0.2.7, [::1]/128, [::ffff:127.0.0.0]/104, 2001:db8::/32.
 */

// The address syntax node:net's isIPv4/isIPv6 accept, written out so this module needs no I/O module.
const V4_SEG = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const V4_STR = `(?:${V4_SEG}\\.){3}${V4_SEG}`;
const V6_SEG = '(?:[0-9a-fA-F]{1,4})';
const IPV4_RE = new RegExp(`^${V4_STR}$`);
const IPV6_RE = new RegExp(
  '^(?:' +
    `(?:${V6_SEG}:){7}(?:${V6_SEG}|:)|` +
    `(?:${V6_SEG}:){6}(?:${V4_STR}|:${V6_SEG}|:)|` +
    `(?:${V6_SEG}:){5}(?::${V4_STR}|(?::${V6_SEG}){1,2}|:)|` +
    `(?:${V6_SEG}:){4}(?:(?::${V6_SEG}){0,1}:${V4_STR}|(?::${V6_SEG}){1,3}|:)|` +
    `(?:${V6_SEG}:){3}(?:(?::${V6_SEG}){0,2}:${V4_STR}|(?::${V6_SEG}){1,4}|:)|` +
    `(?:${V6_SEG}:){2}(?:(?::${V6_SEG}){0,3}:${V4_STR}|(?::${V6_SEG}){1,5}|:)|` +
    `(?:${V6_SEG}:){1}(?:(?::${V6_SEG}){0,4}:${V4_STR}|(?::${V6_SEG}){1,6}|:)|` +
    `(?::(?:(?::${V6_SEG}){0,5}:${V4_STR}|(?::${V6_SEG}){1,7}|:))` +
    ')(?:%[0-9a-zA-Z-.:]{1,})?$',
);

export function isIPv4(addr: string): boolean {
  return IPV4_RE.test(addr);
}

export function isIPv6(addr: string): boolean {
  return IPV6_RE.test(addr);
}

export interface Network {
  /** as written */
  text: string;
  family: 4 | 6;
  base: bigint;
  prefix: number;
}

function v4(addr: string): bigint {
  return addr.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
}

function v6(addr: string): bigint {
  let a = addr;
  // an embedded IPv4 tail (::ffff:127.0.0.1)
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (tail) {
    const n = v4(tail[1]);
    a = a.slice(0, -tail[1].length) + ((n >> 16n) & 0xffffn).toString(16) + ':' + (n & 0xffffn).toString(16);
  }
  const [head, rest] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const fill = rest !== undefined ? 8 - h.length - r.length : 0;
  const groups = [...h, ...Array(Math.max(0, fill)).fill('0'), ...r];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

/** Address → family and number; IPv4-mapped IPv6 (::ffff:a.b.c.d) stays IPv6, as Postfix sees it. */
export function parseAddress(addr: string): { family: 4 | 6; value: bigint } | undefined {
  let a = addr.trim();
  if (/^ipv6:/i.test(a)) a = a.slice(5);
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  a = a.replace(/%.*$/, '');
  if (isIPv4(a)) return { family: 4, value: v4(a) };
  if (isIPv6(a)) return { family: 6, value: v6(a) };
  return undefined;
}

/** "127.0.0.0/8", "[::1]/128", "192.0.2.7" → a network; anything else → undefined. */
export function parseNetwork(text: string): Network | undefined {
  const m = /^(\[[^\]]+\]|[^/]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  if (!m) return undefined;
  const a = parseAddress(m[1]);
  if (!a) return undefined;
  const bits = a.family === 4 ? 32 : 128;
  const prefix = m[2] === undefined ? bits : Number(m[2]);
  if (prefix > bits) return undefined;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { text, family: a.family, base: a.value & mask, prefix };
}

export function matchNetwork(net: Network, addr: string): boolean {
  const a = parseAddress(addr);
  if (!a) return false;
  let { family, value } = a;
  // Postfix compares an IPv4 client with IPv4 patterns; an IPv4-mapped client address
  // (::ffff:a.b.c.d) also matches IPv4 patterns
  if (net.family === 4 && family === 6 && value >> 32n === 0xffffn) {
    family = 4;
    value = value & 0xffffffffn;
  }
  if (family !== net.family) return false;
  const bits = family === 4 ? 32 : 128;
  const mask = net.prefix === 0 ? 0n : ((1n << BigInt(net.prefix)) - 1n) << BigInt(bits - net.prefix);
  return (value & mask) === net.base;
}

export interface NetworkList {
  networks: Network[];
  /** host or domain names (".example.com" for subdomains), matched against the client name */
  names: string[];
  /** entries that are neither (tables, /file) — reported, not matched */
  unsupported: string[];
  /**
   * the first entry with host bits ("127.0.0.1/8"): a match that gets to it fails with a lookup
   * error, so the entries after it are never reached and are left out
   */
  hostBits?: { item: string; fix: string };
}

export function parseNetworkList(items: string[]): NetworkList {
  const out: NetworkList = { networks: [], names: [], unsupported: [] };
  for (const item of items) {
    const fix = hostBitsFix(item);
    if (fix) {
      out.hostBits = { item, fix };
      break;
    }
    const n = parseNetwork(item);
    if (n) out.networks.push(n);
    else if (/^[a-z0-9.*_-]+$/i.test(item)) out.names.push(item.toLowerCase());
    else out.unsupported.push(item);
  }
  return out;
}

/** The first entry of the list that matches the client (address or name), if any. */
export function matchList(list: NetworkList, addr: string, name?: string): string | undefined {
  for (const n of list.networks) if (matchNetwork(n, addr)) return n.text;
  const host = (name ?? '').toLowerCase();
  if (host && host !== 'unknown') {
    for (const p of list.names) {
      if (p === host) return p;
      if (p.startsWith('.') && host.endsWith(p)) return p;
      if (host.endsWith('.' + p)) return p;
    }
  }
  return undefined;
}

/** "127.0.0.1/8" → "127.0.0.0/8" when the address has bits set past the prefix (IPv4). */
export function hostBitsFix(item: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(item);
  if (!m) return undefined;
  const prefix = Number(m[5]);
  if (prefix > 32 || m.slice(1, 5).some((o) => Number(o) > 255)) return undefined;
  const addr = m.slice(1, 5).reduce((a, o) => a * 256 + Number(o), 0);
  const size = 2 ** (32 - prefix);
  const base = addr - (addr % size);
  if (base === addr) return undefined;
  const octets = [24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256);
  return `${octets.join('.')}/${prefix}`;
}

/** smtpd's words for such an entry, when a match gets to it: `mynetworks: non-null host address bits in "127.0.0.1/8", ...`. */
export function hostBitsText(listName: string, bad: { item: string; fix: string }): string {
  return `${listName}: non-null host address bits in "${bad.item}", perhaps you should use "${bad.fix}" instead`;
}
