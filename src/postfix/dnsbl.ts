/**
 * DNS lists as Postfix reads them: the "=filter" on a list's name, which answers count
 * (127.0.0.2, 127.0.0.[2;4], 127.0.0.[2..11], 127.0.[0..255].[1..3]), and postscreen's
 * weighted sites ("zen.spamhaus.org=127.0.0.[2..11]*3", a negative weight for an allow
 * list) with the rank they add up to. Used by reject_rbl_client and postscreen.
 */

/** One octet of a filter: the values it admits. */
type Octet = (v: number) => boolean;

function parseOctet(text: string): Octet | undefined {
  if (/^\d{1,3}$/.test(text)) return (v) => v === Number(text);
  const m = /^\[([\d.;]+)\]$/.exec(text);
  if (!m) return undefined;
  const parts: Octet[] = [];
  for (const p of m[1]!.split(';')) {
    const range = /^(\d{1,3})\.\.(\d{1,3})$/.exec(p);
    if (range) parts.push((v) => v >= Number(range[1]) && v <= Number(range[2]));
    else if (/^\d{1,3}$/.test(p)) parts.push((v) => v === Number(p));
    else return undefined;
  }
  return (v) => parts.some((f) => f(v));
}

/** The four octet patterns of a filter; a bracket may hold "..", so dots inside brackets do not split. */
function parseFilter(filter: string): Octet[] | undefined {
  const octets = filter.match(/\[[^\]]*\]|[^.[\]]+/g);
  if (!octets || octets.length !== 4 || octets.join('.') !== filter) return undefined;
  const parsed = octets.map(parseOctet);
  return parsed.every(Boolean) ? (parsed as Octet[]) : undefined;
}

/** Whether a list's A answer (127.0.0.2) passes a filter; a filter Postfix cannot read matches only itself. */
export function rblFilterMatch(filter: string, answer: string): boolean {
  const f = parseFilter(filter);
  const a = answer.split('.');
  if (!f || a.length !== 4 || !a.every((x) => /^\d{1,3}$/.test(x))) return filter === answer;
  return f.every((octet, i) => octet(Number(a[i])));
}

/** Whether an A answer means "listed": an address in 127.0.0.0/8 that passes the filter, if there is one. */
export function listedAnswer(filter: string | undefined, answer: string): boolean {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(answer)) return false;
  return !filter || rblFilterMatch(filter, answer);
}

export interface DnsblSite {
  domain: string;
  filter?: string;
  weight: number;
  /** as written */
  text: string;
}

/** "zen.spamhaus.org=127.0.0.[2..11]*3" → domain, filter and weight (1 when none is written). */
export function parseDnsblSite(text: string): DnsblSite | undefined {
  const m = /^([^=*\s]+)(?:=([^*\s]+))?(?:\*(-?\d+))?$/.exec(text);
  if (!m) return undefined;
  return { domain: m[1]!.toLowerCase(), filter: m[2], weight: m[3] === undefined ? 1 : Number(m[3]), text };
}

/**
 * postscreen's DNSBL rank: the weights of the sites whose answers pass their filter, each
 * site counted once even when several of its answers pass. `answers` gives a list's A
 * answers for the client (none when it is not listed or the lookup failed).
 */
export function dnsblRank(sites: DnsblSite[], answers: (domain: string) => string[]): number {
  let rank = 0;
  for (const s of sites) {
    const hit = answers(s.domain).some((a) => listedAnswer(s.filter, a));
    if (hit) rank += s.weight;
  }
  return rank;
}
