// The DMARC record (RFC 7489 §6.3): tags, their values, and what a receiver does with a bad one.

import { POLICIES, type Policy } from '../names.js';

export type { Policy };

export type DmarcIssueCode =
  | 'notDmarc'
  | 'noPolicy'
  | 'badPolicy'
  | 'badSubPolicy'
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
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  pct: number;
  rua: DmarcUri[];
  ruf: DmarcUri[];
  fo: string[];
  ri: number;
  issues: DmarcIssue[];
}

const KNOWN = new Set(['v', 'p', 'sp', 'adkim', 'aspf', 'pct', 'rua', 'ruf', 'fo', 'rf', 'ri']);

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
    if (i === 1 && k !== 'p') issues.push({ severity: 'warning', code: 'noPolicy', tag: k });
    if (!KNOWN.has(k)) issues.push({ severity: 'warning', code: 'unknownTag', tag: k, value: v });
  });
  if (!parts.length) issues.push({ severity: 'error', code: 'notDmarc' });
  if (issues.some((i) => i.code === 'notDmarc')) return rec;
  const pol = (k: 'p' | 'sp', code: DmarcIssueCode): Policy | undefined => {
    if (!(k in tags)) return undefined;
    const v = tags[k].toLowerCase();
    if ((POLICIES as string[]).includes(v)) return v as Policy;
    issues.push({ severity: 'error', code, tag: k, value: tags[k] });
    return undefined;
  };
  rec.p = pol('p', 'badPolicy');
  if (!('p' in tags)) {
    const w = issues.findIndex((i) => i.code === 'noPolicy');
    if (w >= 0) issues.splice(w, 1);
    issues.push({ severity: 'error', code: 'noPolicy' });
  }
  rec.sp = pol('sp', 'badSubPolicy');
  for (const k of ['adkim', 'aspf'] as const) {
    if (!(k in tags)) continue;
    const v = tags[k].toLowerCase();
    if (v === 'r' || v === 's') rec[k] = v;
    else issues.push({ severity: 'error', code: 'badAlign', tag: k, value: tags[k] });
  }
  if ('pct' in tags) {
    if (/^\d{1,3}$/.test(tags.pct) && Number(tags.pct) <= 100) rec.pct = Number(tags.pct);
    else issues.push({ severity: 'error', code: 'badPct', tag: 'pct', value: tags.pct });
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
    else issues.push({ severity: 'error', code: 'badRi', tag: 'ri', value: tags.ri });
  }
  if ('rf' in tags && !tags.rf.split(':').every((f) => f.trim().toLowerCase() === 'afrf')) {
    issues.push({ severity: 'error', code: 'badRf', tag: 'rf', value: tags.rf });
  }
  // RFC 7489 §6.6.3: no valid p= but a valid rua: act as if p=none
  if (!rec.p && rec.rua.length) rec.p = 'none';
  return rec;
}
