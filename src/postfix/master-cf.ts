/**
 * master.cf as Postfix reads it: one service per logical line
 *   service type private unpriv chroot wakeup maxproc command [args...]
 * continuation lines start with whitespace, comments with '#'. `-o name=value` (and
 * Postfix 3's `-o { name = value }`) override main.cf for that service only.
 */
import type { ConfigIssue } from './main-cf.js';
import { MASTER_CF, shownPath } from './defaults.js';

export type ServiceType = 'inet' | 'unix' | 'unix-dgram' | 'fifo' | 'pass';

export interface MasterService {
  /** "smtp", "submission", "127.0.0.1:10025", "spamassassin" */
  name: string;
  type: ServiceType;
  private: string;
  unpriv: string;
  chroot: string;
  wakeup: string;
  maxproc: string;
  /** "smtpd", "pipe", "cleanup" */
  command: string;
  /** the arguments after the command, as written, except the -o options */
  args: string[];
  /** -o overrides, in order (a later one wins) */
  options: Record<string, string>;
  /** every word after the command as postconf -M prints it (`-o {name=value}` groups normalized) */
  rawArgs: string[];
  line: number;
}

export interface MasterCf {
  file: string;
  services: MasterService[];
  issues: ConfigIssue[];
}

const TYPES = new Set<ServiceType>(['inet', 'unix', 'unix-dgram', 'fifo', 'pass']);

/** Splits a logical line into words; `{ ... }` groups are kept as one word (Postfix 3 syntax). */
function words(text: string): string[] | string {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    if (text[i] === '{') {
      const end = text.indexOf('}', i);
      if (end < 0) return `missing '}' in "${text.slice(i)}"`;
      out.push(text.slice(i, end + 1));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !/\s/.test(text[j])) j++;
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

function unbrace(w: string): string {
  return w.startsWith('{') && w.endsWith('}') ? w.slice(1, -1).trim() : w;
}

/** `{ name = value }` as postconf prints it: `{name=value}`. */
function normalBrace(w: string): string {
  if (!w.startsWith('{')) return w;
  const m = /^([^=\s]+)\s*=\s*(.*)$/s.exec(unbrace(w));
  return m ? `{${m[1]}=${m[2].trim()}}` : `{${unbrace(w)}}`;
}

/** The y/n/- and number fields postconf checks, in its words. */
function badField(fields: string[], text: string): string | undefined {
  const [, , priv, unpriv, chroot, wakeup, maxproc] = fields;
  const yn = /^[yn-]$/;
  if (!yn.test(priv)) return `invalid private field "${priv}" in "${text}"`;
  if (!yn.test(unpriv)) return `invalid unprivileged field "${unpriv}" in "${text}"`;
  if (!yn.test(chroot)) return `invalid chroot field "${chroot}" in "${text}"`;
  if (!/^(-|\d+\??)$/.test(wakeup)) return `invalid wakeup field "${wakeup}" in "${text}"`;
  if (!/^(-|\d+)$/.test(maxproc)) return `invalid process_limit field "${maxproc}" in "${text}"`;
  return undefined;
}

export function parseMasterCf(text: string, file = shownPath(MASTER_CF)): MasterCf {
  const services: MasterService[] = [];
  const issues: ConfigIssue[] = [];
  const logical: { text: string; line: number }[] = [];
  text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .forEach((raw, i) => {
      if (/^\s*#/.test(raw) || !raw.trim()) return;
      if (/^\s/.test(raw)) {
        const last = logical[logical.length - 1];
        if (!last) {
          // postconf skips it with a warning naming the file only
          issues.push({
            file,
            line: i + 1,
            severity: 'warning',
            noLine: true,
            text: `logical line must not start with whitespace: "${raw}"`,
          });
          return;
        }
        last.text += ' ' + raw.trim();
        return;
      }
      logical.push({ text: raw, line: i + 1 });
    });
  const seen = new Map<string, number>();
  for (const { text: l, line } of logical) {
    const w = words(l);
    if (typeof w === 'string') {
      issues.push({ file, line, severity: 'fatal', text: w });
      continue;
    }
    if (w.length < 8) {
      issues.push({ file, line, severity: 'fatal', noFile: true, text: `file ${file}: line ${line}: bad field count` });
      continue;
    }
    const [name, type, priv, unpriv, chroot, wakeup, maxproc, command, ...rest] = w;
    const shown = w.join(' ');
    if (!TYPES.has(type as ServiceType)) {
      issues.push({ file, line, severity: 'fatal', noFile: true, text: `invalid type field "${type}" in "${shown}"` });
      continue;
    }
    const field = badField(w, shown);
    if (field) {
      issues.push({ file, line, severity: 'fatal', noFile: true, text: field });
      continue;
    }
    const options: Record<string, string> = {};
    const args: string[] = [];
    let bad = false;
    // the daemon reads its options with getopt: they end at the first other argument, so
    // pipe's `argv=/usr/bin/spamc -f -e /usr/sbin/sendmail -oi ...` keeps its own -oi
    let optsDone = false;
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i];
      let opt: string | undefined;
      if (optsDone || !a.startsWith('-')) {
        optsDone = true;
        args.push(a);
        continue;
      }
      if (a === '-o') {
        opt = rest[++i];
        if (opt === undefined) {
          issues.push({ file, line, severity: 'fatal', text: `option requires an argument -- o` });
          bad = true;
          break;
        }
      } else if (a.startsWith('-o') && a.length > 2) {
        opt = a.slice(2);
      }
      if (opt === undefined) {
        args.push(a);
        continue;
      }
      const m = /^([^=\s]+)\s*=\s*(.*)$/s.exec(unbrace(opt));
      if (!m) {
        issues.push({ file, line, severity: 'fatal', text: `missing '=' after attribute name: "${unbrace(opt)}"` });
        bad = true;
        break;
      }
      options[m[1]] = m[2].trim();
    }
    if (bad) continue;
    const key = `${name}/${type}`;
    const prev = seen.get(key);
    if (prev !== undefined) {
      issues.push({
        file,
        line,
        severity: 'warning',
        text: `duplicate service name/type entry "${key}" (the one at line ${prev} is ignored)`,
      });
      const idx = services.findIndex((s) => `${s.name}/${s.type}` === key);
      if (idx >= 0) services.splice(idx, 1);
    }
    seen.set(key, line);
    const rawArgs = rest.map(normalBrace);
    services.push({
      name,
      type: type as ServiceType,
      private: priv,
      unpriv,
      chroot,
      wakeup,
      maxproc,
      command,
      args,
      options,
      rawArgs,
      line,
    });
  }
  return { file, services, issues };
}

/** The service with that name and type ("smtp", "inet"), if master.cf defines it. */
export function findService(m: MasterCf, name: string, type: ServiceType = 'inet'): MasterService | undefined {
  return m.services.find((s) => s.name === name && s.type === type);
}

/** The inet service running `command` on a port ("submission", "587" or "host:587"). */
export function findInetService(m: MasterCf, names: string[], command: string): MasterService | undefined {
  return m.services.find((s) => s.type === 'inet' && s.command === command && names.includes(s.name.replace(/^.*:/, '')));
}

/**
 * What serves a port: of the inet lines for it Postfix remembers only the last (master(5)); when
 * that one runs postscreen, the smtpd it hands clients to is the "smtpd pass" entry.
 */
export function portService(m: MasterCf, names: string[]): { smtpd?: MasterService; screen?: MasterService } {
  const inet = [...m.services].reverse().find((s) => s.type === 'inet' && names.includes(s.name.replace(/^.*:/, '')));
  if (inet?.command === 'postscreen') return { screen: inet, smtpd: m.services.find((s) => s.type === 'pass' && s.command === 'smtpd') };
  return { smtpd: inet?.command === 'smtpd' ? inet : undefined };
}

/** The inet smtpd service listening on a port. */
export function findSmtpdService(m: MasterCf, names: string[]): MasterService | undefined {
  return findInetService(m, names, 'smtpd');
}
