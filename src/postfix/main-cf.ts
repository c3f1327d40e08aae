/**
 * main.cf as Postfix reads it: comment lines, continuation lines (leading whitespace),
 * `name = value`, the later of two entries wins (with postconf's warning), and
 * $name / ${name} / $(name) expansion at lookup time.
 */
import { DEFAULTS, MAIN_CF, shownPath } from './defaults.js';
import {
  POSTFIX_DEFAULTS,
  TRANSPORT_PARAM_NAME,
  isKnownParam,
  defaultHostname,
  defaultDomain,
  type MachineFacts,
} from './postconf-defaults.js';

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
  /** Postfix's own words name no line (or no file either): the line is kept for the learner only */
  noLine?: boolean;
  noFile?: boolean;
  /** the Postfix program that says it when not the one reading the file (smtpd, at a client's connect) */
  program?: string;
  /** the text in the learner's language, when it is the sandbox's own (a zone file's error) */
  message?: IssueMessage;
}

/** A message key and its parameters, as src/i18n's Message (this layer imports nothing outside itself). */
export interface IssueMessage {
  key: string;
  params?: Record<string, string | number | undefined | IssueMessage>;
}

export interface MainCf {
  file: string;
  entries: Map<string, ParamEntry>;
  issues: ConfigIssue[];
  /** the machine's facts behind the computed defaults (myhostname, mydomain) */
  facts?: MachineFacts;
}

export function parseMainCf(text: string, file = shownPath(MAIN_CF), facts?: MachineFacts): MainCf {
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
        // Postfix skips the line with a warning that names the file only, quoting it as written
        issues.push({ file, line: n, severity: 'warning', text: `logical line must not start with whitespace: "${raw}"`, noLine: true });
        return;
      }
      logical.text += ' ' + raw.trim();
      return;
    }
    finish();
    logical = { text: raw, line: n };
  });
  finish();
  const used = referencedNames(entries);
  for (const [name, e] of entries) {
    if (!isKnownParam(name) && !(name in DEFAULTS) && !used.has(name) && !TRANSPORT_PARAM_NAME.test(name)) {
      issues.push({ file, line: e.line, severity: 'warning', text: `unused parameter: ${name}=${e.value}`, noLine: true });
    }
  }
  return { file, entries, issues, facts };
}

/** Names main.cf uses as $name in a value or as a restriction class: postconf does not call them unused. */
export function referencedNames(entries: Map<string, ParamEntry>): Set<string> {
  const used = new Set<string>();
  for (const e of entries.values()) {
    for (const m of e.value.matchAll(/\$(?:\{|\()?([A-Za-z0-9_]+)/g)) used.add(m[1]);
  }
  for (const c of splitList(entries.get('smtpd_restriction_classes')?.value ?? '')) used.add(c);
  return used;
}

/** main.cf as seen by one master.cf service: its -o options override main.cf. */
export function withOverrides(cf: MainCf, options: Record<string, string>): MainCf {
  if (!Object.keys(options).length) return cf;
  const entries = new Map<string, ParamEntry>(cf.entries);
  for (const [name, value] of Object.entries(options)) entries.set(name, { name, value, line: 0 });
  return { file: cf.file, entries, issues: cf.issues, facts: cf.facts };
}

/**
 * The raw (unexpanded) value: the learner's entry, else the default the sandbox runs with
 * (DEFAULTS: Postfix's at compatibility_level 3.6), else Postfix 3.7's built-in one. With the
 * machine's facts, myhostname and mydomain are computed as Postfix computes them.
 */
export function rawValue(cf: MainCf, name: string): string | undefined {
  const set = cf.entries.get(name)?.value;
  if (set !== undefined) return set;
  if (cf.facts && name === 'myhostname') {
    const domain = cf.entries.get('mydomain') ? expand(cf, cf.entries.get('mydomain')!.value) : undefined;
    return defaultHostname(cf.facts, domain);
  }
  if (cf.facts && name === 'mydomain') return defaultDomain(param(cf, 'myhostname'));
  return DEFAULTS[name] ?? POSTFIX_DEFAULTS[name];
}

/** mac_expand's limit: a name nested deeper than this is "unreasonable macro call nesting". */
const MAX_NESTING = 101;

const MACRO_NAME = /^[A-Za-z0-9_]+/;

/** The text from `open` (at i) to its matching close, and where it ends; undefined if unclosed. */
function balanced(v: string, i: number, open: string, close: string): { text: string; end: number } | undefined {
  let depth = 0;
  for (let j = i; j < v.length; j++) {
    if (v[j] === open) depth++;
    else if (v[j] === close && --depth === 0) return { text: v.slice(i + 1, j), end: j + 1 };
  }
  return undefined;
}

/**
 * Expands $name, ${name}, $(name), ${name?text}, ${name:text} and Postfix 3's
 * ${name?{text1}:{text2}} as mac_expand does. A loop ($a → $b → $a) stops where Postfix
 * stops, and `loop` names the macro Postfix names in its warning.
 */
export function expandChecked(cf: MainCf, value: string): { value: string; loop?: string } {
  let loop: string | undefined;
  const run = (v: string, level: number): string => {
    let out = '';
    let i = 0;
    while (i < v.length) {
      const at = v.indexOf('$', i);
      if (at < 0) return out + v.slice(i);
      out += v.slice(i, at);
      const next = v[at + 1];
      let name: string | undefined;
      let op: string | undefined;
      let args: string[] = [];
      let end: number;
      if (next === '{' || next === '(') {
        const close = next === '{' ? '}' : ')';
        const b = balanced(v, at + 1, next, close);
        const m = b && MACRO_NAME.exec(b.text);
        if (!b || !m) {
          out += '$';
          i = at + 1;
          continue;
        }
        name = m[0];
        end = b.end;
        const rest = b.text.slice(name.length);
        if (rest) {
          op = rest[0];
          if (op !== '?' && op !== ':') {
            out += v.slice(at, end);
            i = end;
            continue;
          }
          const body = rest.slice(1);
          // ${name?{text1}:{text2}} (Postfix 3.0): braced texts; else the legacy ${name?text}
          const t1 = body.startsWith('{') ? balanced(body, 0, '{', '}') : undefined;
          if (t1) {
            args = [t1.text];
            const after = body.slice(t1.end);
            if (op === '?' && after.startsWith(':')) {
              const t2 = balanced(after, 1, '{', '}');
              if (t2) args.push(t2.text);
            }
          } else args = [body];
        }
      } else {
        const m = MACRO_NAME.exec(v.slice(at + 1));
        if (!m) {
          out += '$';
          i = at + 1;
          continue;
        }
        name = m[0];
        end = at + 1 + name.length;
      }
      i = end;
      if (loop) continue;
      if (level >= MAX_NESTING) {
        loop = name;
        continue;
      }
      const raw = rawValue(cf, name);
      const set = raw !== undefined && raw !== '';
      if (op === '?') out += set ? run(args[0] ?? '', level + 1) : run(args[1] ?? '', level + 1);
      else if (op === ':') out += set ? '' : run(args[0] ?? '', level + 1);
      else out += raw === undefined ? '' : run(raw, level + 1);
    }
    return out;
  };
  const out = run(value, 0);
  return loop ? { value: out, loop } : { value: out };
}

export function expand(cf: MainCf, value: string): string {
  return expandChecked(cf, value).value;
}

/**
 * Each snapshot's expanded values, made once: a MainCf never changes after parsing
 * (withOverrides makes a new one), and smtpd asks the same names at every command.
 */
const expanded = new WeakMap<MainCf, Map<string, string>>();

/** The expanded value; when the learner's value loops, the default's (Postfix would not start). */
export function param(cf: MainCf, name: string): string {
  let known = expanded.get(cf);
  if (!known) {
    known = new Map();
    expanded.set(cf, known);
  }
  let v = known.get(name);
  if (v === undefined) {
    v = expandParam(cf, name);
    known.set(name, v);
  }
  return v;
}

function expandParam(cf: MainCf, name: string): string {
  const v = rawValue(cf, name);
  if (v === undefined) return '';
  const r = expandChecked(cf, v);
  if (!r.loop) return r.value;
  const d = DEFAULTS[name] ?? POSTFIX_DEFAULTS[name];
  if (d === undefined) return '';
  const withDefault = expandChecked(cf, d);
  return withDefault.loop ? expandChecked({ ...cf, entries: new Map() }, d).value : withDefault.value;
}

/** A list parameter split on commas and whitespace. */
export function list(cf: MainCf, name: string): string[] {
  return splitList(param(cf, name));
}

export function splitList(v: string): string[] {
  return v.split(/[\s,]+/).filter(Boolean);
}

/**
 * A list split on commas and whitespace outside braces, as Postfix's mystrtokq() does for
 * restriction lists and inline: tables: "inline:{ a=b, c=d }, reject" is two words.
 */
export function splitBraced(v: string): string[] {
  const out: string[] = [];
  let word = '';
  let depth = 0;
  for (const ch of v) {
    if (depth === 0 && /[\s,]/.test(ch)) {
      if (word) out.push(word);
      word = '';
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}' && depth > 0) depth--;
    word += ch;
  }
  if (word) out.push(word);
  return out;
}

export function isYes(v: string): boolean {
  return /^(yes|true|1)$/i.test(v.trim());
}

/** The issue in Postfix's words: "fatal: /etc/postfix/main.cf, line 3: ..." (without the line where Postfix names none). */
export function formatIssue(i: ConfigIssue): string {
  if (i.noFile) return `${i.severity}: ${i.text}`;
  return `${i.severity}: ${i.file}${i.line && !i.noLine ? `, line ${i.line}` : ''}: ${i.text}`;
}

/** Postfix's words, then where the sandbox found it when Postfix does not say: for the learner's status. */
export function describeIssue(i: ConfigIssue): string {
  const words = formatIssue(i);
  if (!i.noFile && !(i.noLine && i.line)) return words;
  return `${words} (${i.file}${i.line ? `, line ${i.line}` : ''})`;
}

/** Restrictions that take the next word as their argument (a DNS list, a table, a policy server). */
const TAKES_ARGUMENT = /^(check_\w+|reject_rbl_client|reject_rhsbl_\w+|permit_dnswl_client|permit_rhswl_client|reject_dnsbl_\w+)$/i;

/**
 * A restriction list as a learner writes it: each restriction with its argument
 * ("reject_rbl_client zen.spamhaus.org"), then a comma, never "reject_rbl_client, zen.spamhaus.org".
 */
export function joinRestrictions(items: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) {
    if (TAKES_ARGUMENT.test(items[i]) && i + 1 < items.length && !TAKES_ARGUMENT.test(items[i + 1])) out.push(`${items[i]} ${items[++i]}`);
    else out.push(items[i]);
  }
  return out.join(', ');
}
