// The DMARC record: tags, their values, and what a receiver does with a bad one. Both
// generations parse: RFC 9989 (t=, np=, psd=; no pct=, rf=, ri=) and RFC 7489 before it.

import { POLICIES, type Policy } from '../names.js';

export type { Policy };

export type DmarcIssueCode =
  | 'notDmarc'
  | 'noPolicy'
  | 'badPolicy'
  | 'badSubPolicy'
  | 'badNpPolicy'
  | 'badTestMode'
  | 'badPsd'
  /** pct=, rf= or ri=: RFC 9989 removed them; a receiver of today ignores them */
  | 'removedTag'
  | 'badAlign'
  | 'badPct'
  | 'badUri'
  | 'badFo'
  | 'badRi'
  | 'badRf'
  | 'badTag'
  | 'duplicateTag'
  | 'unknownTag';

export interface DmarcIssue {
  severity: 'error' | 'warning';
  code: DmarcIssueCode;
  tag?: string;
  value?: string;
}

export interface DmarcUri {
  uri: string;
  /** the address of a mailto: URI */
  address?: string;
  /** !10m: the largest report the receiver may send */
  maxSize?: string;
}

export interface DmarcRecord {
  record: string;
  tags: Record<string, string>;
  /** undefined when the record gives no valid p= */
  p?: Policy;
  sp?: Policy;
  /** RFC 9989: the policy for subdomains that do not exist in the DNS */
  np?: Policy;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  pct: number;
  rua: DmarcUri[];
  ruf: DmarcUri[];
  fo: string[];
  ri: number;
  issues: DmarcIssue[];
}

const KNOWN = new Set(['v', 'p', 'sp', 'np', 't', 'psd', 'adkim', 'aspf', 'rua', 'ruf', 'fo']);
/** RFC 7489's tags that RFC 9989 removed (§A.6, RFC 9990 for reports): still parsed, with a warning */
export const REMOVED_TAGS = ['pct', 'rf', 'ri'];

export function isDmarcRecord(txt: string): boolean {
  return /^v\s*=\s*DMARC1\s*(;|$)/i.test(txt.trim());
}

function uris(tag: string, v: string, issues: DmarcIssue[]): DmarcUri[] {
  const out: DmarcUri[] = [];
  for (const raw of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z][a-z0-9+.-]*:[^!\s]+)(?:!(\d+[kmgt]?))?$/i.exec(raw);
    if (!m) {
      issues.push({ severity: 'error', code: 'badUri', tag, value: raw });
      continue;
    }
    const u: DmarcUri = { uri: m[1], maxSize: m[2] };
    const mail = /^mailto:([^@\s]+@[^@\s]+\.[^@\s]+)$/i.exec(m[1]);
    if (/^mailto:/i.test(m[1]) && !mail) {
      issues.push({ severity: 'error', code: 'badUri', tag, value: raw });
      continue;
    }
    if (mail) u.address = decodeURIComponent(mail[1]);
    out.push(u);
  }
  if (!out.length && !issues.some((i) => i.tag === tag)) issues.push({ severity: 'error', code: 'badUri', tag, value: v });
  return out;
}

export function parseDmarc(txt: string): DmarcRecord {
  const record = txt.trim();
  const issues: DmarcIssue[] = [];
  const tags: Record<string, string> = {};
  const rec: DmarcRecord = { record, tags, adkim: 'r', aspf: 'r', pct: 100, rua: [], ruf: [], fo: ['0'], ri: 86400, issues };
  const parts = record.split(';').map((p) => p.trim()).filter(Boolean);
  parts.forEach((part, i) => {
    const eq = part.indexOf('=');
    if (eq <= 0) return void issues.push({ severity: 'error', code: 'badTag', tag: part });
    const k = part.slice(0, eq).trim().toLowerCase();
    const v = part.slice(eq + 1).trim();
    if (k in tags) issues.push({ severity: 'error', code: 'duplicateTag', tag: k, value: v });
    else tags[k] = v;
    if (i === 0 && (k !== 'v' || v !== 'DMARC1')) issues.push({ severity: 'error', code: 'notDmarc', tag: k, value: v });
    if (REMOVED_TAGS.includes(k)) issues.push({ severity: 'warning', code: 'removedTag', tag: k, value: v });
    else if (!KNOWN.has(k)) issues.push({ severity: 'warning', code: 'unknownTag', tag: k, value: v });
  });
  if (!parts.length) issues.push({ severity: 'error', code: 'notDmarc' });
  if (issues.some((i) => i.code === 'notDmarc')) return rec;
  const pol = (k: 'p' | 'sp' | 'np', code: DmarcIssueCode): Policy | undefined => {
    if (!(k in tags)) return undefined;
    const v = tags[k].toLowerCase();
    if ((POLICIES as string[]).includes(v)) return v as Policy;
    issues.push({ severity: 'error', code, tag: k, value: tags[k] });
    return undefined;
  };
  rec.p = pol('p', 'badPolicy');
  rec.sp = pol('sp', 'badSubPolicy');
  rec.np = pol('np', 'badNpPolicy');
  for (const [k, ok, code] of [['t', ['y', 'n'], 'badTestMode'], ['psd', ['y', 'n', 'u'], 'badPsd']] as const) {
    if (k in tags && !(ok as readonly string[]).includes(tags[k].toLowerCase())) issues.push({ severity: 'error', code, tag: k, value: tags[k] });
  }
  for (const k of ['adkim', 'aspf'] as const) {
    if (!(k in tags)) continue;
    const v = tags[k].toLowerCase();
    if (v === 'r' || v === 's') rec[k] = v;
    else issues.push({ severity: 'error', code: 'badAlign', tag: k, value: tags[k] });
  }
  if ('pct' in tags) {
    if (/^\d{1,3}$/.test(tags.pct) && Number(tags.pct) <= 100) rec.pct = Number(tags.pct);
    else issues.push({ severity: 'warning', code: 'badPct', tag: 'pct', value: tags.pct });
  }
  if ('rua' in tags) rec.rua = uris('rua', tags.rua, issues);
  if ('ruf' in tags) rec.ruf = uris('ruf', tags.ruf, issues);
  if ('fo' in tags) {
    const fo = tags.fo.split(':').map((s) => s.trim().toLowerCase());
    if (fo.every((f) => ['0', '1', 'd', 's'].includes(f))) rec.fo = fo;
    else issues.push({ severity: 'error', code: 'badFo', tag: 'fo', value: tags.fo });
  }
  if ('ri' in tags) {
    if (/^\d{1,10}$/.test(tags.ri) && Number(tags.ri) <= 0xffffffff) rec.ri = Number(tags.ri);
    else issues.push({ severity: 'warning', code: 'badRi', tag: 'ri', value: tags.ri });
  }
  if ('rf' in tags && !tags.rf.split(':').every((f) => f.trim().toLowerCase() === 'afrf')) {
    issues.push({ severity: 'warning', code: 'badRf', tag: 'rf', value: tags.rf });
  }
  // RFC 9989 §4.10.1: no valid p= (or a bad sp=/np=) but a valid rua: act as if p=none;
  // without rua= the record gets no DMARC processing, which is the learner's error to fix
  const badSub = issues.some((i) => i.code === 'badSubPolicy' || i.code === 'badNpPolicy');
  if ((!rec.p || badSub) && rec.rua.length) {
    if (!('p' in tags)) issues.push({ severity: 'warning', code: 'noPolicy' });
    rec.p = 'none';
  } else if (!('p' in tags)) issues.push({ severity: 'error', code: 'noPolicy' });
  return rec;
}
