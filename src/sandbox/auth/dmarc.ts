// DMARC evaluation as RFC 9989 has it (RFC 7489 before it): find the policy by a DNS Tree
// Walk, check identifier alignment ourselves (strict or relaxed as adkim/aspf say, relaxed by
// the Organizational Domains the walks find), pick p=, sp= or np=, and lower it for t=y.
// The decisions are the pure ones of dmarc-policy.ts; this module asks the DNS.
import type { Resolver } from '../pipeline.js';
import { normalizeDomain } from './address.js';
import { isDmarcRecord, parseDmarc, type DmarcRecord, type Policy } from './dmarc-record.js';
import { alignedByOrg, applyTestMode, policyRecord, policyTags, requestedPolicy, selectOrgDomain, stopsWalk, walkNames, type Found, type PolicySource } from './dmarc-policy.js';
import type { DkimVerdict } from './dkim.js';
import type { SpfResult } from './spf.js';
import { rethrowBug } from '../../util/errors.js';

export type DmarcResultName = 'pass' | 'fail' | 'none' | 'temperror' | 'permerror';

export interface DmarcLookup {
  /** the name whose _dmarc record was used */
  domain?: string;
  record?: DmarcRecord;
  /** the policy came from the Organizational Domain (or a PSD), so sp=/np= apply */
  fromOrg: boolean;
  /** the Author Domain's Organizational Domain, from the walk */
  orgDomain?: string;
  error?: 'temperror' | 'multiple';
  /** the TXT strings seen on the walk */
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

/** One message's view of _dmarc records: each name asked once; several records at a name count as none. */
function recordLookup(resolver: Resolver, seen: string[], multiple: Set<string>) {
  const cache = new Map<string, Promise<DmarcRecord | undefined>>();
  return (name: string): Promise<DmarcRecord | undefined> => {
    let p = cache.get(name);
    if (!p) {
      p = txtAt(resolver, `_dmarc.${name}`).then((rows) => {
        seen.push(...rows);
        const recs = rows.filter(isDmarcRecord);
        if (recs.length > 1) multiple.add(name);
        return recs.length === 1 ? parseDmarc(recs[0]) : undefined;
      });
      cache.set(name, p);
    }
    return p;
  };
}

/** The DNS Tree Walk from a name: the records found, longest name first; it stops at psd=y/n. */
async function treeWalk(start: string, lookup: (n: string) => Promise<DmarcRecord | undefined>): Promise<Found[]> {
  const found: Found[] = [];
  for (const name of walkNames(start)) {
    const record = await lookup(name);
    if (!record) continue;
    found.push({ domain: name, record });
    if (stopsWalk(record)) break;
  }
  return found;
}

/** RFC 9989 §4.10.1: the record at _dmarc.<From domain>, else the Organizational Domain's found by the walk. */
export async function findDmarcRecord(fromDomain: string, resolver: Resolver): Promise<DmarcLookup> {
  const from = normalizeDomain(fromDomain);
  const seen: string[] = [];
  const multiple = new Set<string>();
  try {
    const found = await treeWalk(from, recordLookup(resolver, seen, multiple));
    const org = selectOrgDomain(from, found);
    const applied = policyRecord(from, found);
    if (applied) return { domain: applied.domain, record: applied.record, fromOrg: applied.domain !== from, orgDomain: org, seen };
    if (multiple.has(from)) return { domain: from, fromOrg: false, orgDomain: org, error: 'multiple', seen };
    return { fromOrg: false, orgDomain: org, seen };
  } catch (e) {
    rethrowBug(e);
    return { fromOrg: false, error: 'temperror', seen };
  }
}

/** RFC 9989 §3.2.9 (RFC 8020): a name exists unless the DNS says NXDOMAIN; NODATA is an existing name. */
async function domainExists(resolver: Resolver, name: string): Promise<boolean> {
  try {
    await resolver(name, 'A');
    return true;
  } catch (e) {
    rethrowBug(e);
    if (code(e) === 'ENODATA') return true;
    if (code(e) === 'ENOTFOUND') return false;
    throw e;
  }
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
  /** the policy the domain asks for this message (p, or sp/np for a subdomain) */
  policy?: Policy;
  /** which tag that policy came from */
  policyFrom?: PolicySource;
  /** what the receiver does: the policy, one level lower under t=y */
  disposition: Policy;
  /** the record says t=y (RFC 9989 §4.7) */
  testMode: boolean;
  /** RFC 7489's pct sampling; RFC 9989 removed pct, so never true now (RFC 9990's report has no sampled_out) */
  sampledOut: boolean;
  spf: AlignmentDetail;
  dkim: AlignmentDetail;
  /** why, in one English line, for the log and the explanation */
  reason: string;
  /** the same why as a message key ("authres.why.dmarc.*") and its parameters, for the learner's language */
  why: { key: string; params: Record<string, string | number> };
  info: string;
}

export interface DmarcInput {
  fromDomain: string;
  spf: { result: SpfResult; domain: string };
  dkim: DkimVerdict[];
  resolver: Resolver;
}

export async function evaluateDmarc(i: DmarcInput): Promise<DmarcOutcome> {
  const from = normalizeDomain(i.fromDomain);
  const lookup = await findDmarcRecord(from, i.resolver);
  const rec = lookup.record;
  const tags = rec ? policyTags(rec) : undefined;
  const adkim = rec?.adkim ?? 'r';
  const aspf = rec?.aspf ?? 'r';
  const spfCands = i.spf.result === 'pass' && i.spf.domain ? [normalizeDomain(i.spf.domain)] : [];
  const dkimCands = i.dkim.filter((d) => d.result === 'pass' && d.domain).map((d) => normalizeDomain(d.domain!));
  const detail = (mode: 'r' | 's', cands: string[], hit?: string): AlignmentDetail => ({ mode, domain: hit ?? cands[0], aligned: !!hit, candidates: cands });
  const base = { from, policyDomain: lookup.domain, record: rec, spf: detail(aspf, spfCands), dkim: detail(adkim, dkimCands), sampledOut: false, testMode: false };
  const temperror = (): DmarcOutcome => ({ ...base, result: 'temperror', disposition: 'none', reason: `DNS error looking up _dmarc.${from}`, why: { key: 'authres.why.dmarc.temperror', params: { from } }, info: `dmarc=temperror header.from=${from}` });
  if (lookup.error === 'temperror') return temperror();
  if (lookup.error === 'multiple') {
    return { ...base, result: 'none', disposition: 'none', reason: `more than one DMARC record at _dmarc.${lookup.domain}: none applies`, why: { key: 'authres.why.dmarc.multiple', params: { domain: lookup.domain ?? from } }, info: `dmarc=none header.from=${from}` };
  }
  if (!rec || !tags) {
    const why = rec ? `the record at _dmarc.${lookup.domain} has no valid p= and no rua=` : `no DMARC record at _dmarc.${from}`;
    const key = rec ? 'authres.why.dmarc.noPolicy' : 'authres.why.dmarc.noRecord';
    return { ...base, result: 'none', disposition: 'none', reason: why, why: { key, params: { domain: rec ? (lookup.domain ?? from) : from } }, info: `dmarc=none header.from=${from}` };
  }

  // alignment: relaxed compares Organizational Domains, each found by its own tree walk
  const org = lookup.orgDomain ?? from;
  const walks = new Map<string, Promise<string>>();
  const lookupRec = recordLookup(i.resolver, [], new Set());
  const orgOf = async (d: string): Promise<string> => {
    if (d === from) return org;
    // only names at or under the author's Organizational Domain can share it
    if (d !== org && !d.endsWith('.' + org)) return d;
    let w = walks.get(d);
    if (!w) walks.set(d, (w = treeWalk(d, lookupRec).then((found) => selectOrgDomain(d, found))));
    return w;
  };
  const firstAligned = async (cands: string[], mode: 'r' | 's'): Promise<string | undefined> => {
    for (const c of cands) {
      const o = mode === 's' || c === from ? c : await orgOf(c);
      if (alignedByOrg(c, from, mode, o, org)) return c;
    }
    return undefined;
  };
  let spfHit: string | undefined;
  let dkimHit: string | undefined;
  let exists = true;
  try {
    spfHit = await firstAligned(spfCands, aspf);
    dkimHit = await firstAligned(dkimCands, adkim);
    if (lookup.fromOrg && tags.np) exists = await domainExists(i.resolver, from);
  } catch (e) {
    rethrowBug(e);
    return temperror();
  }
  const spf = detail(aspf, spfCands, spfHit);
  const dkim = detail(adkim, dkimCands, dkimHit);
  const { policy, from: policyFrom } = requestedPolicy(tags, !lookup.fromOrg, exists);
  const { disposition, testMode } = applyTestMode(policy, rec);
  const tag = `(p=${tags.p}${tags.sp ? ` sp=${tags.sp}` : ''}`;
  const full = { ...base, spf, dkim, policy, policyFrom, testMode };
  if (spf.aligned || dkim.aligned) {
    const by = [dkim.aligned ? `DKIM d=${dkim.domain}` : '', spf.aligned ? `SPF ${spf.domain}` : ''].filter(Boolean).join(' and ');
    const tokens = [dkim.aligned ? `DKIM d=${dkim.domain}` : '', spf.aligned ? `SPF ${spf.domain}` : ''].filter(Boolean).join(', ');
    const pass = { key: 'authres.why.dmarc.pass', params: { by: tokens, from } };
    return { ...full, result: 'pass', disposition: 'none', reason: `${by} aligned with From ${from}`, why: pass, info: `dmarc=pass ${tag} dis=none) header.from=${from}` };
  }
  const misses: string[] = [];
  if (!spfCands.length) misses.push(`SPF did not pass (${i.spf.result}${i.spf.domain ? ` for ${i.spf.domain}` : ''})`);
  else misses.push(`SPF passed for ${spfCands[0]}, not aligned with ${from} (aspf=${aspf})`);
  if (!dkimCands.length) misses.push('no DKIM signature passed');
  else misses.push(`DKIM passed for d=${dkimCands.join(', ')}, not aligned with ${from} (adkim=${adkim})`);
  const which = policyFrom === 'np' ? ` (np=: ${from} does not exist in the DNS)` : policyFrom === 'sp' ? ' (sp=)' : '';
  const reason = `${misses.join('; ')}: policy ${policy}${which}${testMode ? `, t=y (testing): applied one level lower, ${disposition}` : ''}`;
  // the authenticated results as Authentication-Results writes them: no words to translate
  const spfSeen = spfCands.length ? `spf=pass smtp.mailfrom=${spfCands[0]} aspf=${aspf}` : `spf=${i.spf.result}${i.spf.domain ? ` smtp.mailfrom=${i.spf.domain}` : ''}`;
  const dkimSeen = dkimCands.length ? `dkim=pass header.d=${dkimCands.join(',')} adkim=${adkim}` : 'dkim=none';
  const key = testMode ? 'dmarcbis.why.failTesting' : policyFrom === 'np' ? 'dmarcbis.why.failNp' : 'authres.why.dmarc.fail';
  const failWhy = { key, params: { from, spf: spfSeen, dkim: dkimSeen, policy, disposition, domain: lookup.domain ?? from } };
  return { ...full, result: 'fail', disposition, reason, why: failWhy, info: `dmarc=fail ${tag} dis=${disposition}) header.from=${from}` };
}
