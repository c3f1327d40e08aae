// DMARC policy decisions of RFC 9989 (which replaces RFC 7489), pure: no DNS here, only the
// names to ask and what to conclude from the answers. mailauth 4.x still follows RFC 7489
// (public suffix list, pct), so these rules are the sandbox's own; dmarc.ts does the lookups.
import type { DmarcRecord, Policy } from './dmarc-record.js';

/** RFC 9989 §4.10 step 4: a name of 8 or more labels is cut to 7 at once, so a walk asks 8 names at most. */
export const WALK_MAX_LABELS = 7;

/**
 * The names a DNS Tree Walk asks for a DMARC record (prefix "_dmarc." to each), in order:
 * the start, then shorter names down to the top-level label (RFC 9989 §4.10).
 */
export function walkNames(domain: string): string[] {
  let labels = domain.split('.').filter(Boolean);
  const out: string[] = [];
  while (labels.length) {
    out.push(labels.join('.'));
    labels = labels.length > WALK_MAX_LABELS ? labels.slice(-WALK_MAX_LABELS) : labels.slice(1);
  }
  return out;
}

/** A record the walk found, longest name first. */
export interface Found {
  domain: string;
  record: DmarcRecord;
}

/** Whether the walk stops at this record: it says psd=y or psd=n (§4.10 steps 2 and 6). */
export function stopsWalk(rec: DmarcRecord): boolean {
  const psd = rec.tags.psd?.toLowerCase();
  return psd === 'y' || psd === 'n';
}

/**
 * The Organizational Domain of the walk's start (§4.10.2): a psd=n record names itself; a
 * psd=y record above the start makes the name one label below it; otherwise the record with
 * the fewest labels; with no record, the start itself.
 */
export function selectOrgDomain(start: string, found: Found[]): string {
  for (const f of found) {
    const psd = f.record.tags.psd?.toLowerCase();
    if (psd === 'n') return f.domain;
    if (psd === 'y' && f.domain !== start) {
      const keep = f.domain.split('.').length + 1;
      return start.split('.').slice(-keep).join('.');
    }
  }
  return found.length ? found[found.length - 1].domain : start;
}

/**
 * The record that applies to an Author Domain (§4.10.1): its own, else its Organizational
 * Domain's, else a public suffix domain's (psd=y). Undefined: DMARC does not apply.
 */
export function policyRecord(author: string, found: Found[]): Found | undefined {
  if (found[0]?.domain === author) return found[0];
  const org = selectOrgDomain(author, found);
  const last = found[found.length - 1];
  return found.find((f) => f.domain === org) ?? (last?.record.tags.psd?.toLowerCase() === 'y' ? last : undefined);
}

export interface PolicyTags {
  p: Policy;
  sp?: Policy;
  np?: Policy;
  /** no valid p= (or a bad sp=/np=) but a rua= to report to: act as p=none (§4.10.1) */
  assumedNone: boolean;
}

/**
 * The tags a record is applied with. No valid p=, or an sp=/np= that is not a policy: p=none
 * when the record has a valid rua=, no DMARC processing (undefined) when it has not.
 */
export function policyTags(rec: DmarcRecord): PolicyTags | undefined {
  const bad = !('p' in rec.tags) || rec.issues.some((i) => i.code === 'badPolicy' || i.code === 'badSubPolicy' || i.code === 'badNpPolicy');
  if (rec.p && !bad) return { p: rec.p, sp: rec.sp, np: rec.np, assumedNone: false };
  return rec.rua.length ? { p: 'none', assumedNone: true } : undefined;
}

export type PolicySource = 'p' | 'sp' | 'np';

/**
 * Which policy the Domain Owner asks for this message (§4.10.1): p= for the domain that
 * published the record; for a subdomain under it, np= when the subdomain does not exist in
 * the DNS (NXDOMAIN), else sp=; p= when the tag that applies is absent.
 */
export function requestedPolicy(tags: PolicyTags, atAuthor: boolean, authorExists: boolean): { policy: Policy; from: PolicySource } {
  if (atAuthor) return { policy: tags.p, from: 'p' };
  if (!authorExists && tags.np) return { policy: tags.np, from: 'np' };
  if (tags.sp) return { policy: tags.sp, from: 'sp' };
  return { policy: tags.p, from: 'p' };
}

const ONE_LOWER: Record<Policy, Policy> = { reject: 'quarantine', quarantine: 'none', none: 'none' };

/** t=y (§4.7): the Domain Owner is testing; the receiver applies one level below the policy. */
export function applyTestMode(policy: Policy, rec: DmarcRecord): { disposition: Policy; testMode: boolean } {
  const testMode = rec.tags.t?.toLowerCase() === 'y';
  return { disposition: testMode ? ONE_LOWER[policy] : policy, testMode };
}

/** Relaxed alignment (§4.10.2): the same Organizational Domain; strict: the same name. */
export function alignedByOrg(identifier: string, author: string, mode: 'r' | 's', identifierOrg: string, authorOrg: string): boolean {
  if (!identifier || !author) return false;
  if (identifier === author) return true;
  if (mode === 's') return false;
  return identifierOrg === authorOrg;
}
