// The syntax of an SPF record (RFC 7208 §4.6, §12), checked before anything is looked up,
// so a learner reads "term 3, ipv4:192.0.2.1: unknown mechanism" instead of a bare permerror.
import { isIPv4, isIPv6 } from 'node:net';

export type Qualifier = '+' | '-' | '~' | '?';
export const MECHANISMS = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'] as const;
export type Mechanism = (typeof MECHANISMS)[number];
/** mechanisms and modifiers that cost a DNS lookup (RFC 7208 §4.6.4) */
const LOOKUP = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);
export const LOOKUP_LIMIT = 10;

export interface SpfTerm {
  text: string;
  /** 1-based position after v=spf1 */
  index: number;
  kind: 'mechanism' | 'modifier';
  qualifier: Qualifier;
  name: string;
  value?: string;
}

export type SpfIssueCode =
  | 'noVersion'
  | 'unknownMechanism'
  | 'missingValue'
  | 'unexpectedValue'
  | 'badIp4'
  | 'badIp6'
  | 'badCidr'
  | 'badDomain'
  | 'badModifier'
  | 'duplicateModifier'
  | 'tooManyLookups'
  | 'badCharacter'
  | 'afterAll'
  | 'noAll'
  | 'ptrDeprecated';

export interface SpfIssue {
  severity: 'error' | 'warning';
  code: SpfIssueCode;
  term?: string;
  index?: number;
}

export interface ParsedSpf {
  record: string;
  terms: SpfTerm[];
  issues: SpfIssue[];
  /** the qualifier of the final "all", if there is one */
  all?: Qualifier;
  redirect?: string;
  lookups: number;
}

export function isSpfRecord(txt: string): boolean {
  return /^v=spf1(\s|$)/i.test(txt.trim());
}

// a domain-spec may hold macros (%{d}, %{i}...); after them it must end in a proper top label
const MACRO = /%\{[slodiphcrtv]\d*r?[-.+,/_=]*\}|%%|%_|%-/gi;
const TOPLABEL = /(^|\.)([a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])\.?$/i;

export function validDomainSpec(spec: string): boolean {
  if (!spec || /\s/.test(spec)) return false;
  if (/%(?![{%_-])/.test(spec)) return false;
  const endsInMacro = /%\{[^}]*\}$/.test(spec);
  const plain = spec.replace(MACRO, 'x');
  if (!/^[\x21-\x7e]+$/.test(plain)) return false;
  if (endsInMacro) return true;
  if (/\.\./.test(plain) || plain.startsWith('.')) return false;
  return TOPLABEL.test(plain) && plain.includes('.');
}

function splitCidr(v: string): { base: string; c4?: string; c6?: string } {
  const m = /^(.*?)(?:\/(\d*))?(?:\/\/(\d*))?$/.exec(v)!;
  return { base: m[1], c4: m[2], c6: m[3] };
}

const okCidr = (c: string | undefined, max: number) => c === undefined || (/^(0|[1-9]\d{0,2})$/.test(c) && Number(c) <= max);

export function parseSpf(record: string): ParsedSpf {
  const issues: SpfIssue[] = [];
  const terms: SpfTerm[] = [];
  const text = record.trim();
  const out: ParsedSpf = { record: text, terms, issues, lookups: 0 };
  const words = text.split(/ +/).filter(Boolean);
  if (!words.length || words[0].toLowerCase() !== 'v=spf1') {
    issues.push({ severity: 'error', code: 'noVersion', term: words[0] ?? '' });
    return out;
  }
  if (/[^\x20-\x7e]/.test(text)) issues.push({ severity: 'error', code: 'badCharacter' });
  const seenMod = new Set<string>();
  let afterAll = false;
  words.slice(1).forEach((word, i) => {
    const index = i + 1;
    const err = (code: SpfIssueCode) => issues.push({ severity: 'error', code, term: word, index });
    const mod = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(word);
    if (mod) {
      const name = mod[1].toLowerCase();
      const value = mod[2];
      terms.push({ text: word, index, kind: 'modifier', qualifier: '+', name, value });
      if (name === 'redirect' || name === 'exp') {
        if (seenMod.has(name)) err('duplicateModifier');
        seenMod.add(name);
        if (!validDomainSpec(value)) err(value ? 'badDomain' : 'missingValue');
        if (name === 'redirect') {
          out.redirect = value;
          out.lookups++;
        }
      }
      return;
    }
    if (/^[^a-z+\-~?]/i.test(word) || word.includes('=')) return err('badModifier');
    let qualifier: Qualifier = '+';
    let rest = word;
    if (/^[+\-~?]/.test(rest)) {
      qualifier = rest[0] as Qualifier;
      rest = rest.slice(1);
    }
    const m = /^([a-z0-9]+)(.*)$/i.exec(rest);
    const name = (m?.[1] ?? rest).toLowerCase();
    const tail = m?.[2] ?? '';
    if (!(MECHANISMS as readonly string[]).includes(name)) return err('unknownMechanism');
    const term: SpfTerm = { text: word, index, kind: 'mechanism', qualifier, name };
    terms.push(term);
    if (afterAll) issues.push({ severity: 'warning', code: 'afterAll', term: word, index });
    if (LOOKUP.has(name)) out.lookups++;
    const value = tail.startsWith(':') ? tail.slice(1) : undefined;
    if (value !== undefined) term.value = value;
    if (tail && !tail.startsWith(':') && !tail.startsWith('/')) return err('unknownMechanism');
    switch (name) {
      case 'all':
        if (tail) return err('unexpectedValue');
        out.all = qualifier;
        afterAll = true;
        return;
      case 'include':
      case 'exists':
        if (!value) return err('missingValue');
        if (!validDomainSpec(value)) return err('badDomain');
        return;
      case 'ptr':
        issues.push({ severity: 'warning', code: 'ptrDeprecated', term: word, index });
        if (tail.startsWith('/')) return err('badCidr');
        if (value !== undefined && !validDomainSpec(value)) return err(value ? 'badDomain' : 'missingValue');
        return;
      case 'a':
      case 'mx': {
        const { base, c4, c6 } = splitCidr(value ?? tail);
        if (!okCidr(c4, 32) || !okCidr(c6, 128)) return err('badCidr');
        if (value !== undefined && !validDomainSpec(base)) return err(base ? 'badDomain' : 'missingValue');
        return;
      }
      case 'ip4': {
        if (!value) return err('missingValue');
        const { base, c4, c6 } = splitCidr(value);
        if (!isIPv4(base)) return err('badIp4');
        if (c6 !== undefined || !okCidr(c4, 32)) return err('badCidr');
        return;
      }
      case 'ip6': {
        if (!value) return err('missingValue');
        const { base, c4, c6 } = splitCidr(value);
        if (!isIPv6(base)) return err('badIp6');
        if (c6 !== undefined || !okCidr(c4, 128)) return err('badCidr');
        return;
      }
    }
  });
  if (out.lookups > LOOKUP_LIMIT) issues.push({ severity: 'error', code: 'tooManyLookups' });
  if (!out.all && !out.redirect && !issues.some((i) => i.severity === 'error')) issues.push({ severity: 'warning', code: 'noAll' });
  return out;
}
