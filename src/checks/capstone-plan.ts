// The capstone's faults (lesson 19): which ones a learner gets, seeded by the workspace's
// domain so two students get different ones, and the text edits that hide them in main.cf,
// opendkim.conf and the zone. Pure: text and facts in, text out; the files are core/capstone.ts's.
import { editMainCf } from '../postfix/postconf-edit.js';

export const AREAS = ['relay', 'tls', 'dkim', 'spf', 'dmarc'] as const;
export type Area = (typeof AREAS)[number];

export type Fault =
  | { area: 'relay'; variant: 'mynetworks'; network: string }
  | { area: 'relay'; variant: 'permit'; item: string }
  | { area: 'tls'; variant: 'missing-key'; path: string }
  | { area: 'tls'; variant: 'dkim-key' }
  | { area: 'dkim'; variant: 'tls-key' }
  | { area: 'dkim'; variant: 'truncated'; cut: number }
  | { area: 'dkim'; variant: 'selector'; selector: string }
  | { area: 'spf'; variant: 'other-ip'; ip: string; all: '-all' | '~all' }
  | { area: 'dmarc'; variant: 'none' }
  | { area: 'dmarc'; variant: 'owner'; owner: string }
  // the record is fine, but strict alignment (adkim=s; aspf=s) leaves out the server's notices,
  // which go as NOTICE_SENDER@mail.DOMAIN signed with d=DOMAIN (SubDomains yes)
  | { area: 'dmarc'; variant: 'strict' };

/** Who the server's notices come from in the dmarc/strict fault: a subdomain of the learner's. */
export const noticeSender = (domain: string) => `avisos@mail.${domain}`;

/** FNV-1a, 32 bits: the same number for the same text on every machine. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text.toLowerCase())) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A number in [0, n) for one decision, from the seed and the decision's name. */
export function choose(seed: number, what: string, n: number): number {
  return seedOf(`${seed}:${what}`) % n;
}

const NETWORKS = ['203.0.113.0/24', '203.0.0.0/8', '203.0.112.0/23', '0.0.0.0/0'];
const MISSING_KEYS = [
  '/etc/ssl/private/mail.key',
  '/etc/ssl/private/server.key',
  '/etc/ssl/private/cert.pem',
  '/etc/ssl/private/smtpd.key',
];
const SELECTORS = ['mail', 'dkim', 's2026', 'correo'];
const DMARC_OWNERS = ['_dmarc.mail', 'dmarc', '_dmarc.www'];

/** One fault in each area, its variant and details chosen by the domain. */
export function planFor(domain: string): Fault[] {
  const s = seedOf(domain);
  const c = (what: string, n: number) => choose(s, what, n);
  const relay: Fault =
    c('relay', 2) === 0
      ? { area: 'relay', variant: 'mynetworks', network: NETWORKS[c('network', NETWORKS.length)] }
      : { area: 'relay', variant: 'permit', item: 'permit' };
  const tls: Fault =
    c('tls', 2) === 0
      ? { area: 'tls', variant: 'missing-key', path: MISSING_KEYS[c('key', MISSING_KEYS.length)] }
      : { area: 'tls', variant: 'dkim-key' };
  const dk = c('dkim', 3);
  const dkim: Fault =
    dk === 0
      ? { area: 'dkim', variant: 'tls-key' }
      : dk === 1
        ? { area: 'dkim', variant: 'truncated', cut: 8 + c('cut', 40) }
        : { area: 'dkim', variant: 'selector', selector: SELECTORS[c('selector', SELECTORS.length)] };
  const spf: Fault = { area: 'spf', variant: 'other-ip', ip: `198.51.100.${10 + c('ip', 240)}`, all: c('all', 2) ? '~all' : '-all' };
  const dm = c('dmarc', 3);
  const dmarc: Fault =
    dm === 0
      ? { area: 'dmarc', variant: 'none' }
      : dm === 1
        ? { area: 'dmarc', variant: 'owner', owner: DMARC_OWNERS[c('owner', DMARC_OWNERS.length)] }
        : { area: 'dmarc', variant: 'strict' };
  return [relay, tls, dkim, spf, dmarc];
}

/** The files a fault changes (workspace-relative); the zone is etc/bind/db.DOMAIN. */
export function filesOf(f: Fault, domain: string): string[] {
  if (f.area === 'relay' || f.area === 'tls') return ['etc/postfix/main.cf'];
  if (f.area === 'dkim' && f.variant === 'selector') return ['etc/opendkim.conf'];
  if (f.area === 'dmarc' && f.variant === 'strict') return ['etc/opendkim.conf', `etc/bind/db.${domain}`];
  return [`etc/bind/db.${domain}`];
}

// ---- main.cf ----

/** A parameter's value as written (continuation lines joined), or undefined. */
export function paramOf(text: string, name: string): string | undefined {
  const lines = text.split('\n');
  let value: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const m = new RegExp(`^${name}\\s*=\\s*(.*)$`).exec(lines[i]);
    if (!m) continue;
    let v = m[1];
    while (i + 1 < lines.length && /^[ \t]+\S/.test(lines[i + 1]) && !/^\s*#/.test(lines[i + 1])) v += ' ' + lines[++i].trim();
    value = v.trim();
  }
  return value;
}

/** The restriction lists a relay passes through, in Postfix's order. */
export const RELAY_LISTS = ['smtpd_relay_restrictions', 'smtpd_recipient_restrictions'];

export const setParam = (text: string, name: string, value: string): string => editMainCf(text, [`${name}=${value}`]).text ?? text;

export function breakMainCf(text: string, f: Fault, facts: { dkimKeyFile: string }): string {
  if (f.variant === 'mynetworks') {
    const nets = paramOf(text, 'mynetworks') ?? '127.0.0.0/8';
    return setParam(text, 'mynetworks', `${nets} ${f.network}`);
  }
  if (f.variant === 'permit') {
    // in both lists that end in reject_unauth_destination: smtpd_recipient_restrictions (lessons
    // 05 and 08 write it) would refuse the relay on its own, and the server would not be open
    let out = text;
    for (const name of RELAY_LISTS) {
      const value = paramOf(out, name);
      if (value === undefined) continue;
      if (/\breject_unauth_destination\b/.test(value))
        out = setParam(out, name, value.replace(/\breject_unauth_destination\b/, `${f.item}, reject_unauth_destination`));
      else if (name === 'smtpd_relay_restrictions') out = setParam(out, name, `${value}, ${f.item}`);
    }
    return out;
  }
  if (f.variant === 'missing-key') return setParam(text, 'smtpd_tls_key_file', f.path);
  if (f.variant === 'dkim-key') return setParam(text, 'smtpd_tls_key_file', facts.dkimKeyFile);
  return text;
}

// ---- opendkim.conf ----

/** opendkim.conf with the fault in it: another selector, or subdomains signed with the parent's d= */
export function breakOpenDkim(text: string, f: Fault): string {
  if (f.area === 'dkim' && f.variant === 'selector') return setKeyword(text, 'Selector', f.selector);
  if (f.area === 'dmarc' && f.variant === 'strict') return setKeyword(text, 'SubDomains', 'yes');
  return text;
}

export function keywordOf(text: string, key: string): string | undefined {
  let v: string | undefined;
  for (const l of text.split('\n')) {
    const m = new RegExp(`^${key}\\s+(\\S.*?)\\s*$`).exec(l);
    if (m) v = m[1];
  }
  return v;
}

export function setKeyword(text: string, key: string, value: string): string {
  const re = new RegExp(`^${key}(\\s+)\\S.*$`, 'gm');
  return re.test(text) ? text.replace(re, (_m, sp: string) => `${key}${sp}${value}`) : text.replace(/\n*$/, '\n') + `${key}\t\t${value}\n`;
}

// ---- the zone ----

export interface ZoneTxt {
  /** the owner, absolute, lower case, without the final dot */
  owner: string;
  /** the owner as written on the record's first line ('' when inherited) */
  written: string;
  /** first and last line (inclusive) */
  start: number;
  end: number;
  /** the TXT data, its strings joined */
  text: string;
}

const stripComment = (l: string) => {
  let q = false;
  for (let i = 0; i < l.length; i++) {
    if (l[i] === '"' && l[i - 1] !== '\\') q = !q;
    else if (l[i] === ';' && !q) return l.slice(0, i);
  }
  return l;
};

/** The zone's TXT records with where they are, for the names and texts the faults touch. */
export function zoneTxts(zone: string, domain: string): ZoneTxt[] {
  const lines = zone.split('\n');
  const out: ZoneTxt[] = [];
  let origin = domain.toLowerCase();
  let last = origin;
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let l = stripComment(lines[i]);
    const o = /^\$ORIGIN\s+(\S+)/i.exec(l);
    if (o) {
      origin = o[1].replace(/\.$/, '').toLowerCase();
      continue;
    }
    if (/^\$/.test(l) || !l.trim()) continue;
    // a record in parentheses goes on until they close
    let depth = (l.match(/\(/g) ?? []).length - (l.match(/\)/g) ?? []).length;
    while (depth > 0 && i + 1 < lines.length) {
      const next = stripComment(lines[++i]);
      depth += (next.match(/\(/g) ?? []).length - (next.match(/\)/g) ?? []).length;
      l += ' ' + next;
    }
    const written = /^\S/.test(l) ? l.split(/\s+/)[0] : '';
    const owner = !written
      ? last
      : written === '@'
        ? origin
        : written.endsWith('.')
          ? written.slice(0, -1).toLowerCase()
          : `${written}.${origin}`.toLowerCase();
    last = owner;
    const rest = (written ? l.slice(written.length) : l).replace(/[()]/g, ' ').trim().split(/\s+/);
    while (rest.length && (/^\d+$/.test(rest[0]) || /^(IN|CH|HS)$/i.test(rest[0]))) rest.shift();
    if (rest[0]?.toUpperCase() !== 'TXT') continue;
    const strings = [...l.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
    out.push({ owner, written, start, end: i, text: strings.join('') });
  }
  return out;
}

/** The TXT record of this owner whose text starts with the tag (v=spf1, v=DKIM1, v=DMARC1). */
export function findTxt(zone: string, domain: string, owner: string, tag: RegExp): ZoneTxt | undefined {
  return zoneTxts(zone, domain).find((r) => r.owner === owner.toLowerCase() && tag.test(r.text));
}

/** A TXT record as lines of a zone, its text split into strings of 255 bytes at most. */
export function txtLines(written: string, text: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += 250) parts.push(`"${text.slice(i, i + 250)}"`);
  const owner = written || '@';
  if (parts.length === 1) return [`${owner.padEnd(7)} IN  TXT  ${parts[0]}`];
  return [
    `${owner.padEnd(7)} IN  TXT  ( ${parts[0]}`,
    ...parts.slice(1, -1).map((p) => `        ${p}`),
    `        ${parts[parts.length - 1]} )`,
  ];
}

/** The zone with one record's lines replaced by others. */
export function replaceLines(zone: string, r: { start: number; end: number }, lines: string[]): string {
  const all = zone.split('\n');
  all.splice(r.start, r.end - r.start + 1, ...lines);
  return all.join('\n');
}

export const SPF_TAG = /^v=spf1(\s|$)/i;
export const DKIM_TAG = /(^|;)\s*p=/;
export const DMARC_TAG = /^v=DMARC1\s*(;|$)/i;

/** The zone with the fault in it; facts: the DKIM selector published and the TLS key's public half (base64 DER). */
export function breakZone(zone: string, domain: string, f: Fault, facts: { selector: string; tlsPublicB64: string }): string {
  if (f.area === 'spf') {
    const r = findTxt(zone, domain, domain, SPF_TAG)!;
    return replaceLines(zone, r, txtLines(r.written, `v=spf1 ip4:${f.ip} ${f.all}`));
  }
  if (f.area === 'dmarc') {
    const r = findTxt(zone, domain, `_dmarc.${domain}`, DMARC_TAG)!;
    if (f.variant === 'none') return replaceLines(zone, r, txtLines(r.written, r.text.replace(/(;\s*p\s*=\s*)[a-z]+/i, '$1none')));
    if (f.variant === 'strict') {
      const kept = r.text.replace(/;\s*(adkim|aspf)\s*=\s*[a-z]*/gi, '').replace(/;?\s*$/, '');
      return replaceLines(zone, r, txtLines(r.written, `${kept}; adkim=s; aspf=s`));
    }
    return replaceLines(zone, r, txtLines(f.owner, r.text));
  }
  if (f.area === 'dkim' && f.variant !== 'selector') {
    const r = findTxt(zone, domain, `${facts.selector}._domainkey.${domain}`, DKIM_TAG)!;
    const p = /(^|;)\s*p=([^;]*)/.exec(r.text)![2].replace(/\s+/g, '');
    const wrong = f.variant === 'tls-key' ? facts.tlsPublicB64 : p.slice(0, Math.max(1, p.length - f.cut));
    return replaceLines(zone, r, txtLines(r.written || `${facts.selector}._domainkey`, r.text.replace(/((^|;)\s*p=)[^;]*/, `$1${wrong}`)));
  }
  return zone;
}
