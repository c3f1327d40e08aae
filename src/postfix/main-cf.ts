/**
 * main.cf as Postfix reads it: comment lines, continuation lines (leading whitespace),
 * `name = value`, the later of two entries wins (with postconf's warning), and
 * $name / ${name} / $(name) expansion at lookup time.
 */
import { DEFAULTS, MAIN_CF, shownPath } from './defaults.js';

export interface ParamEntry {
  name: string;
  value: string;
  line: number;
}

export interface ConfigIssue {
  file: string;
  line?: number;
  severity: 'fatal' | 'warning';
  text: string;
}

export interface MainCf {
  file: string;
  entries: Map<string, ParamEntry>;
  issues: ConfigIssue[];
}

export function parseMainCf(text: string, file = shownPath(MAIN_CF)): MainCf {
  const entries = new Map<string, ParamEntry>();
  const issues: ConfigIssue[] = [];
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let logical: { text: string; line: number } | undefined;
  const finish = () => {
    if (!logical) return;
    const { text: l, line } = logical;
    logical = undefined;
    const m = /^([^=\s]+)\s*=\s*(.*)$/s.exec(l.trim());
    if (!m) {
      const name = /^(\S+)/.exec(l)?.[1] ?? l;
      issues.push({
        file,
        line,
        severity: 'fatal',
        text: l.includes('=') ? `missing attribute name: "${l.trim()}"` : `missing '=' after attribute name: "${l.trim()}"`,
      });
      void name;
      return;
    }
    const name = m[1];
    const value = m[2].replace(/\s+$/, '');
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
      issues.push({ file, line, severity: 'fatal', text: `bad parameter name: "${name}"` });
      return;
    }
    const old = entries.get(name);
    if (old) issues.push({ file, line, severity: 'warning', text: `overriding earlier entry: ${name}=${old.value}` });
    entries.set(name, { name, value, line });
  };
  lines.forEach((raw, i) => {
    const n = i + 1;
    if (/^\s*#/.test(raw) || !raw.trim()) return;
    if (/^\s/.test(raw)) {
      if (!logical) {
        issues.push({ file, line: n, severity: 'fatal', text: `logical line must not start with whitespace: "${raw.trim()}"` });
        return;
      }
      logical.text += ' ' + raw.trim();
      return;
    }
    finish();
    logical = { text: raw, line: n };
  });
  finish();
  for (const [name, e] of entries) {
    if (!(name in DEFAULTS) && !KNOWN_EXTRA.has(name) && !/^[a-z]+_(destination|transport)_/.test(name)) {
      issues.push({ file, line: e.line, severity: 'warning', text: `unused parameter: ${name}=${e.value}` });
    }
  }
  return { file, entries, issues };
}

/** Parameters a stock Debian main.cf or the tutorial sets that the sandbox accepts but does not act on. */
const KNOWN_EXTRA = new Set([
  'smtpd_tls_CAfile',
  'smtpd_tls_CApath',
  'smtpd_tls_protocols',
  'smtpd_tls_mandatory_protocols',
  'smtpd_tls_ciphers',
  'smtpd_tls_mandatory_ciphers',
  'smtp_tls_loglevel',
  'smtp_use_tls',
  'tls_random_source',
  'smtpd_sasl_authenticated_header',
  'queue_directory',
  'command_directory',
  'daemon_directory',
  'data_directory',
  'mail_owner',
  'setgid_group',
  'html_directory',
  'manpage_directory',
  'sample_directory',
  'sendmail_path',
  'newaliases_path',
  'mailq_path',
  'delay_warning_time',
  'smtpd_delay_reject',
  'disable_vrfy_command',
  'strict_rfc821_envelopes',
  'smtpd_error_sleep_time',
  'smtpd_soft_error_limit',
  'smtpd_hard_error_limit',
  'smtpd_client_connection_count_limit',
  'smtpd_client_connection_rate_limit',
  'smtpd_timeout',
  'milter_mail_macros',
  'virtual_alias_maps',
  'virtual_mailbox_domains',
  'transport_maps',
  'local_recipient_maps',
  'unknown_local_recipient_reject_code',
  'smtputf8_enable',
  'smtpd_recipient_limit',
  'default_process_limit',
]);

/** main.cf as seen by one master.cf service: its -o options override main.cf. */
export function withOverrides(cf: MainCf, options: Record<string, string>): MainCf {
  if (!Object.keys(options).length) return cf;
  const entries = new Map<string, ParamEntry>(cf.entries);
  for (const [name, value] of Object.entries(options)) entries.set(name, { name, value, line: 0 });
  return { file: cf.file, entries, issues: cf.issues };
}

/** The raw (unexpanded) value: the learner's entry, else Postfix's default. */
export function rawValue(cf: MainCf, name: string): string | undefined {
  return cf.entries.get(name)?.value ?? DEFAULTS[name];
}

/** Expands $name, ${name}, $(name), ${name?x}, ${name:x} as Postfix does; loops are cut. */
export function expand(cf: MainCf, value: string, depth = 0): string {
  if (depth > 20) return value;
  return value.replace(
    /\$(?:\{([A-Za-z0-9_]+)(?:([?:])([^}]*))?\}|\(([A-Za-z0-9_]+)(?:([?:])([^)]*))?\)|([A-Za-z0-9_]+))/g,
    (_w, b1, op1, arg1, b2, op2, arg2, bare) => {
      const name = b1 ?? b2 ?? bare;
      const op = op1 ?? op2;
      const arg = arg1 ?? arg2;
      const v = rawValue(cf, name);
      const set = v !== undefined && v !== '';
      if (op === '?') return set ? expand(cf, arg ?? '', depth + 1) : '';
      if (op === ':') return set ? '' : expand(cf, arg ?? '', depth + 1);
      return v === undefined ? '' : expand(cf, v, depth + 1);
    },
  );
}

export function param(cf: MainCf, name: string): string {
  const v = rawValue(cf, name);
  return v === undefined ? '' : expand(cf, v);
}

/** A list parameter split on commas and whitespace. */
export function list(cf: MainCf, name: string): string[] {
  return splitList(param(cf, name));
}

export function splitList(v: string): string[] {
  return v.split(/[\s,]+/).filter(Boolean);
}

export function isYes(v: string): boolean {
  return /^(yes|true|1)$/i.test(v.trim());
}

export function formatIssue(i: ConfigIssue): string {
  return `${i.severity}: ${i.file}${i.line ? `, line ${i.line}` : ''}: ${i.text}`;
}
