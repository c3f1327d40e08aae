/**
 * reject_rbl_client's lookup, as Postfix does it: the client's address reversed under the
 * list (127.0.0.2 → 2.0.0.127.zen.spamhaus.org), an A record in 127.0.0.0/8 means
 * "listed", then the list's TXT record gives the reason. A DNS failure means "not listed"
 * (Postfix logs a warning and goes on), and is reported in `error`.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Resolver } from '../pipeline.js';
import { normalizeName } from './zone.js';
import { listedAnswer } from '../../postfix/dnsbl.js';

export interface RblResult {
  listed: boolean;
  /** the A answer, e.g. 127.0.0.2 */
  answer?: string;
  /** the list's TXT record, when it has one */
  txt?: string;
  /** the name asked, e.g. 2.0.0.127.zen.spamhaus.org */
  query?: string;
  /** the DNS error code when the lookup failed (ETIMEOUT, ECONNREFUSED…) */
  error?: string;
}

/** 127.0.0.2 → 2.0.0.127; 2001:db8::1 → the 32 nibbles reversed, as DNSBLs index IPv6. */
export function reverseAddress(addr: string): string | undefined {
  const a = addr.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (isIPv4(a)) return a.split('.').reverse().join('.');
  if (!isIPv6(a)) return undefined;
  const [head, tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  if (a.includes('.')) return undefined;
  const groups = a.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  if (groups.length !== 8) return undefined;
  return groups
    .map((g) => g.padStart(4, '0'))
    .join('')
    .split('')
    .reverse()
    .join('.');
}

/**
 * A list as reject_rbl_client takes it: "zen.spamhaus.org", or with a reply filter
 * "zen.spamhaus.org=127.0.0.[2..11]" (Postfix's d.d.d.d with [a..b] and [a;b;c] octets).
 */
export function parseRblList(list: string): { domain: string; filter?: string } {
  const i = list.indexOf('=');
  if (i < 0) return { domain: normalizeName(list) };
  return { domain: normalizeName(list.slice(0, i)), filter: list.slice(i + 1) };
}

export async function rblLookup(resolver: Resolver, clientAddr: string, list: string): Promise<RblResult> {
  const { domain, filter } = parseRblList(list);
  const rev = reverseAddress(clientAddr);
  if (!rev || !domain) return { listed: false };
  const query = `${rev}.${domain}`;
  let answers: string[];
  try {
    answers = await resolver(query, 'A');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { listed: false, query };
    return { listed: false, query, error: code ?? 'EFAIL' };
  }
  const hit = (answers ?? []).find((a) => typeof a === 'string' && listedAnswer(filter, a));
  if (!hit) return { listed: false, query, answer: answers?.[0] };
  let txt: string | undefined;
  try {
    const rows: string[][] = await resolver(query, 'TXT');
    if (rows?.length) txt = rows[0].join('');
  } catch {
    // a list without TXT records: the reply simply has no reason
  }
  return { listed: true, query, answer: hit, txt };
}

/** A domain-based list (permit_rhswl_client): NAME.list has an A record in 127.0.0.0/8. */
export async function rhsLookup(resolver: Resolver, name: string, list: string): Promise<RblResult> {
  const { domain, filter } = parseRblList(list);
  const query = `${normalizeName(name)}.${domain}`;
  try {
    const answers: string[] = (await resolver(query, 'A')) ?? [];
    const hit = answers.find((a) => typeof a === 'string' && listedAnswer(filter, a));
    return hit ? { listed: true, query, answer: hit } : { listed: false, query, answer: answers[0] };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOTFOUND' || code === 'ENODATA' ? { listed: false, query } : { listed: false, query, error: code ?? 'EFAIL' };
  }
}

/** Postfix's default_rbl_reply: "Service unavailable; Client host [127.0.0.2] blocked using zen.spamhaus.org; REASON" */
export function rblReplyText(clientAddr: string, list: string, txt?: string): string {
  const { domain } = parseRblList(list);
  return `Service unavailable; Client host [${clientAddr}] blocked using ${domain}${txt ? `; ${txt}` : ''}`;
}
