/**
 * The Received chain as SpamAssassin reads it (Message::Metadata::Received), for the
 * formats the sandbox meets: Postfix's own lines and the common "from HELO (RDNS [IP])"
 * shape. With no trusted_networks configured SpamAssassin infers trust: walking from the
 * newest header, a relay is trusted while its address is private/loopback or it
 * authenticated; the first other one, and all after it, are untrusted ("external").
 */
import { getAll, type ParsedMessage } from './message.js';

export interface Relay {
  ip: string;
  rdns: string;
  helo: string;
  by: string;
  id: string;
  auth: string;
  /** trusted / internal (the same thing when trust is inferred) */
  trusted: boolean;
  /** SpamAssassin's X-Spam-Relays-* rendering: "[ ip=... rdns=... helo=... by=... ... ]" */
  asString: string;
}

export interface RelayInfo {
  trusted: Relay[];
  untrusted: Relay[];
  unparseable: number;
  /** Received headers present at all (__HAS_RCVD) */
  hasReceived: boolean;
}

/** SpamAssassin's IP_PRIVATE (Constants.pm), IPv4 and the IPv6 loopback/ULA/link-local. */
export function ipPrivate(ip: string): boolean {
  if (/^(?:10|127|169\.254|172\.(?:1[6-9]|2[0-9]|3[01])|192\.168|100\.(?:6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7]))\./.test(ip)) return true;
  const v6 = ip.toLowerCase().replace(/^ipv6:/, '');
  return v6 === '::1' || /^f[cd][0-9a-f]{2}:/.test(v6) || /^fe80:/.test(v6) || /^::ffff:(?:10|127|192\.168)\./.test(v6);
}

type Parsed = Omit<Relay, 'trusted' | 'asString'> | 0 | undefined;

/** One Received value (unfolded) → a relay; 0 = a local hop SpamAssassin skips; undefined = unparseable. */
export function parseReceived(line: string): Parsed {
  const l = line.replace(/\s+/g, ' ').trim();
  // "by host (Postfix, from userid 1000) id X": mail handed over locally, not a relay
  if (!/^from\s/i.test(l)) return 0;
  const m = /^from (\S+) \(([^\s\[\]()]*) ?\[(?:IPv6:)?([0-9a-fA-F.:]+)\](?::\d+)?\)/i.exec(l);
  const m2 = m ?? /^from (\S+) \(\[(?:IPv6:)?([0-9a-fA-F.:]+)\]\)/i.exec(l);
  if (!m2) return undefined;
  const helo = m2[1];
  const rdnsRaw = m ? m[2] : '';
  const ip = m ? m[3] : m2[2];
  const rdns = rdnsRaw.toLowerCase() === 'unknown' ? '' : rdnsRaw;
  const by = /\bby (\S+)/i.exec(l)?.[1]?.replace(/;$/, '') ?? '';
  const id = /\bid ([^\s;]+)/i.exec(l)?.[1] ?? '';
  const withProto = /\bwith (\S+)/i.exec(l)?.[1] ?? '';
  let auth = '';
  if (/^(?:ESMTPA|ESMTPSA|LMTPA|LMTPSA)$/i.test(withProto)) auth = withProto.toUpperCase();
  else if (/\(Authenticated sender: /i.test(l)) auth = 'Postfix';
  return { ip, rdns, helo, by, id, auth };
}

function relayString(r: Omit<Relay, 'asString'>): string {
  return `[ ip=${r.ip} rdns=${r.rdns} helo=${r.helo} by=${r.by} ident= envfrom= intl=${r.trusted ? 1 : 0} id=${r.id} auth=${r.auth} msa=0 ]`;
}

export function relayInfo(msg: ParsedMessage): RelayInfo {
  const lines = getAll(msg, 'Received');
  const info: RelayInfo = { trusted: [], untrusted: [], unparseable: 0, hasReceived: lines.length > 0 };
  let inTrusted = true;
  for (const line of lines) {
    const p = parseReceived(line);
    if (p === 0) continue;
    if (p === undefined) {
      info.unparseable++;
      continue;
    }
    if (inTrusted && !(ipPrivate(p.ip) || p.auth)) inTrusted = false;
    const r = { ...p, trusted: inTrusted };
    const relay: Relay = { ...r, asString: relayString(r) };
    (inTrusted ? info.trusted : info.untrusted).push(relay);
  }
  return info;
}

/** The X-Spam-Relays-Untrusted / -External pseudo-headers rules match against. */
export const relaysText = (rs: Relay[]) => rs.map((r) => r.asString).join(' ');
