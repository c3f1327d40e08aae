// DMARC evaluation (RFC 7489 §6.6): find the policy, check identifier alignment ourselves
// (strict or relaxed as adkim/aspf say), apply pct, and pick the disposition.
import type { Resolver } from '../pipeline.js';
import { aligned, orgDomain } from './domain.js';
import { normalizeDomain } from './address.js';
import { isDmarcRecord, parseDmarc, type DmarcRecord, type Policy } from './dmarc-record.js';
import type { DkimVerdict } from './dkim.js';
import type { SpfResult } from './spf.js';
import { rethrowBug } from '../../util/errors.js';

export type DmarcResultName = 'pass' | 'fail' | 'none' | 'temperror' | 'permerror';

export interface DmarcLookup {
  /** the name whose _dmarc record was used */
  domain?: string;
  record?: DmarcRecord;
  /** the policy came from the organizational domain (so sp= applies) */
  fromOrg: boolean;
  error?: 'temperror' | 'multiple';
  /** the TXT strings seen at _dmarc.<from> and, if asked, at the org domain */
  seen: string[];
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException)?.code;
}

async function txtAt(resolver: Resolver, name: string): Promise<string[]> {
  try {
    const rows: string[][] = await resolver(name, 'TXT');
    return rows.map((r) => (Array.isArray(r) ? r.join('') : String(r)));
  } catch (e) {
    rethrowBug(e);
    if (code(e) === 'ENOTFOUND' || code(e) === 'ENODATA') return [];
    throw e;
  }
}

/** RFC 7489 §6.6.3: the record at _dmarc.<From domain>, else at the organizational domain. */
export async function findDmarcRecord(fromDomain: string, resolver: Resolver): Promise<DmarcLookup> {
  const from = normalizeDomain(fromDomain);
  const seen: string[] = [];
  const tryAt = async (d: string, fromOrg: boolean): Promise<DmarcLookup | undefined> => {
    const rows = await txtAt(resolver, `_dmarc.${d}`);
    seen.push(...rows);
    const recs = rows.filter(isDmarcRecord);
    if (recs.length > 1) return { domain: d, fromOrg, error: 'multiple', seen };
    if (recs.length === 1) return { domain: d, record: parseDmarc(recs[0]), fromOrg, seen };
    return undefined;
  };
  try {
    const direct = await tryAt(from, false);
    if (direct) return direct;
    const org = orgDomain(from);
    if (org && org !== from) {
      const up = await tryAt(org, true);
      if (up) return up;
    }
  } catch (e) {
    rethrowBug(e);
    return { fromOrg: false, error: 'temperror', seen };
  }
  return { fromOrg: false, seen };
}

export interface AlignmentDetail {
  mode: 'r' | 's';
  /** the authenticated domain that aligned, or the ones that passed but did not */
  domain?: string;
  aligned: boolean;
  candidates: string[];
}

export interface DmarcOutcome {
  result: DmarcResultName;
  /** RFC5322.From domain */
  from: string;
  policyDomain?: string;
  record?: DmarcRecord;
  /** the policy the domain asks for this message (p, or sp for a subdomain) */
  policy?: Policy;
  /** what the receiver does: the policy, lowered when pct sampled the message out */
  disposition: Policy;
  sampledOut: boolean;
  spf: AlignmentDetail;
  dkim: AlignmentDetail;
  /** why, in one English line, for the log and the explanation */
  reason: string;
  /** the same why as a message key ("authres.why.dmarc.*") and its parameters, for the learner's language */
  why: { key: string; params: Record<string, string | number> };
  info: string;
}

const LOWER: Record<Policy, Policy> = { reject: 'quarantine', quarantine: 'none', none: 'none' };

export interface DmarcInput {
  fromDomain: string;
  spf: { result: SpfResult; domain: string };
  dkim: DkimVerdict[];
  resolver: Resolver;
  /** 0 ≤ x < 1; pct sampling keeps the message in the policy when x*100 < pct */
  random?: () => number;
}

export async function evaluateDmarc(i: DmarcInput): Promise<DmarcOutcome> {
  const from = normalizeDomain(i.fromDomain);
  const lookup = await findDmarcRecord(from, i.resolver);
  const rec = lookup.record;
  const adkim = rec?.adkim ?? 'r';
  const aspf = rec?.aspf ?? 'r';
  const spfCands = i.spf.result === 'pass' && i.spf.domain ? [normalizeDomain(i.spf.domain)] : [];
  const dkimCands = i.dkim.filter((d) => d.result === 'pass' && d.domain).map((d) => d.domain!);
  const spfHit = spfCands.find((d) => aligned(d, from, aspf));
  const dkimHit = dkimCands.find((d) => aligned(d, from, adkim));
  const spf: AlignmentDetail = { mode: aspf, domain: spfHit ?? spfCands[0], aligned: !!spfHit, candidates: spfCands };
  const dkim: AlignmentDetail = { mode: adkim, domain: dkimHit ?? dkimCands[0], aligned: !!dkimHit, candidates: dkimCands };
  const base = { from, policyDomain: lookup.domain, record: rec, spf, dkim, sampledOut: false };
  if (lookup.error === 'temperror') {
    return { ...base, result: 'temperror', disposition: 'none', reason: `DNS error looking up _dmarc.${from}`, why: { key: 'authres.why.dmarc.temperror', params: { from } }, info: `dmarc=temperror header.from=${from}` };
  }
  if (lookup.error === 'multiple') {
    return { ...base, result: 'none', disposition: 'none', reason: `more than one DMARC record at _dmarc.${lookup.domain}: none applies`, why: { key: 'authres.why.dmarc.multiple', params: { domain: lookup.domain ?? from } }, info: `dmarc=none header.from=${from}` };
  }
  if (!rec || !rec.p) {
    const why = rec ? `the record at _dmarc.${lookup.domain} has no valid p=` : `no DMARC record at _dmarc.${from}`;
    const key = rec ? 'authres.why.dmarc.noPolicy' : 'authres.why.dmarc.noRecord';
    return { ...base, result: 'none', disposition: 'none', reason: why, why: { key, params: { domain: rec ? (lookup.domain ?? from) : from } }, info: `dmarc=none header.from=${from}` };
  }
  const policy: Policy = lookup.fromOrg && rec.sp ? rec.sp : rec.p;
  const tag = `(p=${rec.p}${rec.sp ? ` sp=${rec.sp}` : ''}`;
  if (spf.aligned || dkim.aligned) {
    const by = [dkim.aligned ? `DKIM d=${dkim.domain}` : '', spf.aligned ? `SPF ${spf.domain}` : ''].filter(Boolean).join(' and ');
    const tokens = [dkim.aligned ? `DKIM d=${dkim.domain}` : '', spf.aligned ? `SPF ${spf.domain}` : ''].filter(Boolean).join(', ');
    const pass = { key: 'authres.why.dmarc.pass', params: { by: tokens, from } };
    return { ...base, result: 'pass', policy, disposition: 'none', reason: `${by} aligned with From ${from}`, why: pass, info: `dmarc=pass ${tag} dis=none) header.from=${from}` };
  }
  let disposition = policy;
  let sampledOut = false;
  if (rec.pct < 100 && (i.random ?? Math.random)() * 100 >= rec.pct) {
    disposition = LOWER[policy];
    sampledOut = true;
  }
  const misses: string[] = [];
  if (!spfCands.length) misses.push(`SPF did not pass (${i.spf.result}${i.spf.domain ? ` for ${i.spf.domain}` : ''})`);
  else misses.push(`SPF passed for ${spfCands[0]}, not aligned with ${from} (aspf=${aspf})`);
  if (!dkimCands.length) misses.push('no DKIM signature passed');
  else misses.push(`DKIM passed for d=${dkimCands.join(', ')}, not aligned with ${from} (adkim=${adkim})`);
  const reason = `${misses.join('; ')}: policy ${policy}${sampledOut ? `, sampled out by pct=${rec.pct}, applied ${disposition}` : ''}`;
  // the authenticated results as Authentication-Results writes them: no words to translate
  const spfSeen = spfCands.length ? `spf=pass smtp.mailfrom=${spfCands[0]} aspf=${aspf}` : `spf=${i.spf.result}${i.spf.domain ? ` smtp.mailfrom=${i.spf.domain}` : ''}`;
  const dkimSeen = dkimCands.length ? `dkim=pass header.d=${dkimCands.join(',')} adkim=${adkim}` : 'dkim=none';
  const failWhy = { key: sampledOut ? 'authres.why.dmarc.failSampled' : 'authres.why.dmarc.fail', params: { from, spf: spfSeen, dkim: dkimSeen, policy, disposition, pct: rec.pct } };
  return { ...base, result: 'fail', policy, disposition, sampledOut, reason, why: failWhy, info: `dmarc=fail ${tag} dis=${disposition}) header.from=${from}` };
}
