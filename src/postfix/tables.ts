/**
 * Postfix lookup tables the course uses.
 *
 * - hash:, btree:, lmdb:, texthash: — "key value" text files. A real Postfix reads the
 *   binary FILE.db that `postmap FILE` builds; the sandbox reads the text FILE itself,
 *   as if postmap had just run (the lessons say so). Keys are case-insensitive.
 * - regexp:, pcre: — "/pattern/flags action" lines, first match wins, for header_checks
 *   and body_checks; also `!/pattern/` and if/endif blocks.
 * - cidr: — "network/prefix action".
 * - inline:{ key=value, ... } and static:value.
 *
 * Pure: the caller reads the table's file and passes its text in.
 */
import { splitBraced, type ConfigIssue } from './main-cf.js';
import { matchNetwork, parseNetwork, type Network } from './cidr.js';

export interface TableHit {
  /** the table's right-hand side */
  value: string;
  /** what matched: the key, or /pattern/ with its line */
  key: string;
  line?: number;
}

export interface Table {
  /** as written in main.cf: "hash:/etc/postfix/sender_access" */
  spec: string;
  type: string;
  /** the file inside the workspace (source text), when there is one */
  file?: string;
  /** exact lookup (access tables, aliases); pattern tables match the key as text */
  lookup(key: string): TableHit | undefined;
}

const TEXT_TYPES = new Set(['hash', 'btree', 'lmdb', 'texthash', 'cdb', 'dbm', 'sdbm']);
const PATTERN_TYPES = new Set(['regexp', 'pcre']);

/** A table spec split into its type and name: `fileless` tables are built at once; others name a file to read. */
export type TableSpec =
  { kind: 'ready'; table: Table } | { kind: 'file'; type: string; name: string } | { kind: 'bad'; issues: ConfigIssue[] };

/** Reads "type:name" as Postfix does; static: and inline: tables need no file. */
export function parseTableSpec(spec: string, cfFile: string, cfLine?: number): TableSpec {
  const bad = (text: string): TableSpec => ({ kind: 'bad', issues: [{ file: cfFile, line: cfLine, severity: 'fatal', text }] });
  const m = /^([a-z0-9_-]+):(.*)$/is.exec(spec.trim());
  if (!m) return bad(`unsupported dictionary type: ${spec} (expected type:name, e.g. hash:/etc/postfix/sender_access)`);
  const type = m[1].toLowerCase();
  const name = m[2];
  if (type === 'static') {
    const value = name.replace(/^\{\s*|\s*\}$/g, '');
    return { kind: 'ready', table: { spec, type, lookup: (key) => ({ value, key }) } };
  }
  if (type === 'inline') {
    // dict_inline: elements split on commas and spaces outside braces; "{ key = value with spaces }" is one element
    const body = name.trim().replace(/^\{|\}$/g, '');
    const map = new Map<string, string>();
    for (const part of splitBraced(body)) {
      const kv = /^([^=]*?)\s*=\s*(.*)$/s.exec(part.startsWith('{') && part.endsWith('}') ? part.slice(1, -1).trim() : part);
      if (kv && kv[1]) map.set(kv[1].toLowerCase(), kv[2].trim());
    }
    return {
      kind: 'ready',
      table: { spec, type, lookup: (key) => (map.has(key.toLowerCase()) ? { value: map.get(key.toLowerCase())!, key } : undefined) },
    };
  }
  if (!TEXT_TYPES.has(type) && !PATTERN_TYPES.has(type) && type !== 'cidr') {
    return bad(`unsupported dictionary type: ${type} (the sandbox reads hash, texthash, regexp, pcre, cidr, inline and static tables)`);
  }
  return { kind: 'file', type, name };
}

/**
 * The files of the file-backed tables a main.cf or master.cf names ("hash:/etc/postfix/sender_access",
 * also inside proxy: or a -o option): absolute paths, each once, in the order written.
 */
export function tableFilesIn(text: string): { type: string; path: string }[] {
  const types = [...TEXT_TYPES, ...PATTERN_TYPES, 'cidr'].join('|');
  const out = new Map<string, string>();
  for (const m of text.matchAll(new RegExp(`(?<![\\w-])(${types}):(/[^\\s,{}]+)`, 'gi')))
    if (!out.has(m[2])) out.set(m[2], m[1].toLowerCase());
  return [...out].map(([path, type]) => ({ type, path }));
}

/** The file `postmap` builds from an indexed table's text, which is what Postfix really reads (none for text-read tables). */
export function builtFileOf(type: string, path: string): string | undefined {
  const suffix = ({ hash: '.db', btree: '.db', lmdb: '.lmdb', cdb: '.cdb' } as Record<string, string>)[type];
  return suffix && path + suffix;
}

/** What Postfix says when a table's file is missing (hash tables name the .db file postmap builds). */
export function missingTableIssue(type: string, name: string, cfFile: string, cfLine?: number): ConfigIssue {
  const shown = TEXT_TYPES.has(type) && type !== 'texthash' ? `${name}.db` : name;
  return {
    file: cfFile,
    line: cfLine,
    severity: 'fatal',
    text:
      `open database ${shown}: No such file or directory` +
      (TEXT_TYPES.has(type) && type !== 'texthash' ? ` (the sandbox reads the text file ${name} as postmap would)` : ''),
  };
}

/** A table built from its file's text; bad lines become warnings in `issues`. */
export function tableFromText(spec: string, type: string, name: string, text: string, issues: ConfigIssue[]): Table {
  if (PATTERN_TYPES.has(type)) return patternTable(spec, type, name, text, issues);
  if (type === 'cidr') return cidrTable(spec, name, text, issues);
  return textTable(spec, type, name, text);
}

/** Logical lines of a Postfix table file: comments dropped, continuation lines joined. */
export function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .forEach((raw, i) => {
      if (/^\s*#/.test(raw) || !raw.trim()) return;
      if (/^\s/.test(raw) && out.length) {
        out[out.length - 1].text += ' ' + raw.trim();
        return;
      }
      out.push({ text: raw.trim(), line: i + 1 });
    });
  return out;
}

function textTable(spec: string, type: string, name: string, text: string): Table {
  const map = new Map<string, { value: string; line: number }>();
  for (const { text: l, line } of logicalLines(text)) {
    const m = /^(\S+)\s*(.*)$/.exec(l);
    if (!m) continue;
    // postmap lowercases keys; a duplicate key keeps the first entry (with a warning in postmap)
    const key = m[1].toLowerCase();
    if (!map.has(key)) map.set(key, { value: m[2], line });
  }
  return {
    spec,
    type,
    file: name,
    lookup(key) {
      const hit = map.get(key.toLowerCase());
      return hit ? { value: hit.value, key, line: hit.line } : undefined;
    },
  };
}

interface PatternRule {
  re: RegExp;
  negate: boolean;
  action: string;
  line: number;
  source: string;
  /** rules inside an if block */
  inner?: PatternRule[];
}

/** Turns "/pattern/flags" (any delimiter) into a RegExp; Postfix's default is case-insensitive. */
function parsePattern(l: string): { re: RegExp; negate: boolean; rest: string; source: string } | string {
  let s = l;
  let negate = false;
  if (s.startsWith('!')) {
    negate = true;
    s = s.slice(1).trimStart();
  }
  const delim = s[0];
  if (!delim || /[\sA-Za-z0-9\\]/.test(delim)) return `regular expression must start with a delimiter such as "/": ${l}`;
  let i = 1;
  for (; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] === delim) break;
  }
  if (i >= s.length) return `missing closing delimiter ${delim} in: ${l}`;
  const body = s.slice(1, i);
  let j = i + 1;
  let flags = '';
  while (j < s.length && /[a-zA-Z]/.test(s[j])) flags += s[j++];
  let caseless = true;
  let multiline = false;
  for (const f of flags) {
    if (f === 'i') caseless = !caseless;
    else if (f === 'm') multiline = !multiline;
    else if (f === 'x' || f === 's' || f === 'X' || f === 'U' || f === 'A') {
      // extended / dotall and friends: accepted; x is handled below
    } else return `unknown regexp flag "${f}" in: ${l}`;
  }
  let source = body;
  if (flags.includes('x'))
    source = source
      .replace(/\\#/g, '\u0000')
      .replace(/#.*$/gm, '')
      .replace(/\s+/g, '')
      .replace(/\u0000/g, '\\#');
  // POSIX character classes, as in Postfix's regexp tables
  source = source
    .replace(/\[:alpha:\]/g, 'A-Za-z')
    .replace(/\[:digit:\]/g, '0-9')
    .replace(/\[:alnum:\]/g, 'A-Za-z0-9')
    .replace(/\[:space:\]/g, '\\s')
    .replace(/\[:upper:\]/g, 'A-Z')
    .replace(/\[:lower:\]/g, 'a-z')
    .replace(/\[:punct:\]/g, '!-\\/:-@\\[-`{-~')
    .replace(/\[:xdigit:\]/g, '0-9A-Fa-f');
  try {
    const re = new RegExp(source, (caseless ? 'i' : '') + (multiline ? 'm' : '') + (flags.includes('s') ? 's' : ''));
    return { re, negate, rest: s.slice(j).trim(), source: s.slice(0, j) };
  } catch (e) {
    return `${(e as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
}

function patternTable(spec: string, type: string, name: string, text: string, issues: ConfigIssue[]): Table {
  const root: PatternRule[] = [];
  const stack: PatternRule[][] = [root];
  const what = `${type} map ${name}`;
  for (const { text: l, line } of logicalLines(text)) {
    if (/^endif\b/i.test(l)) {
      if (stack.length === 1)
        issues.push({ file: name, line, severity: 'warning', text: `${what}, line ${line}: ignoring ENDIF without matching IF` });
      else stack.pop();
      continue;
    }
    const isIf = /^if\s/i.test(l);
    const p = parsePattern(isIf ? l.replace(/^if\s+/i, '') : l);
    if (typeof p === 'string') {
      // Postfix warns and skips a bad line; the rest of the table still works
      issues.push({ file: name, line, severity: 'warning', text: `${what}, line ${line}: ${p}` });
      continue;
    }
    if (isIf) {
      const rule: PatternRule = { re: p.re, negate: p.negate, action: '', line, source: p.source, inner: [] };
      stack[stack.length - 1].push(rule);
      stack.push(rule.inner!);
      continue;
    }
    if (!p.rest) {
      issues.push({ file: name, line, severity: 'warning', text: `${what}, line ${line}: no replacement text: "${l}"` });
      continue;
    }
    stack[stack.length - 1].push({ re: p.re, negate: p.negate, action: p.rest, line, source: p.source });
  }
  if (stack.length > 1) issues.push({ file: name, severity: 'warning', text: `${what}: IF has no matching ENDIF` });
  const run = (rules: PatternRule[], key: string): TableHit | undefined => {
    for (const r of rules) {
      const m = r.re.exec(key);
      const ok = r.negate ? !m : !!m;
      if (!ok) continue;
      if (r.inner) {
        const hit = run(r.inner, key);
        if (hit) return hit;
        continue;
      }
      // $1..$9 substitution in the action, as Postfix does
      const value = m && !r.negate ? r.action.replace(/\$\{?(\d)\}?/g, (_w, d: string) => m[Number(d)] ?? '') : r.action;
      return { value, key: r.source, line: r.line };
    }
    return undefined;
  };
  return { spec, type, file: name, lookup: (key) => run(root, key) };
}

function cidrTable(spec: string, name: string, text: string, issues: ConfigIssue[]): Table {
  const rules: { net: Network; value: string; line: number; key: string }[] = [];
  for (const { text: l, line } of logicalLines(text)) {
    const m = /^(!?)(\S+)\s+(.*)$/.exec(l);
    const net = m ? parseNetwork(m[2]) : undefined;
    if (!m || !net) {
      issues.push({ file: name, line, severity: 'warning', text: `cidr map ${name}, line ${line}: bad net/mask pattern: "${l}"` });
      continue;
    }
    rules.push({ net, value: m[3], line, key: m[2] });
  }
  return {
    spec,
    type: 'cidr',
    file: name,
    lookup(key) {
      for (const r of rules) if (matchNetwork(r.net, key)) return { value: r.value, key: r.key, line: r.line };
      return undefined;
    },
  };
}
