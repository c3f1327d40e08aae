/**
 * Which zones the embedded DNS serves: etc/bind/named.conf.local, in BIND's syntax
 * (`zone "alexdns.local" { type master; file "/etc/bind/db.alexdns.local"; };`).
 * Paths resolve inside the workspace; a relative path is relative to /etc/bind.
 */
import { readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import type { Workspace } from '../../workspace/workspace.js';
import type { ConfigIssue } from '../../postfix/main-cf.js';
import { parseZone, normalizeName, type Zone, type ReadResult } from './zone.js';

export const NAMED_CONF = 'etc/bind/named.conf.local';
const BIND_DIR = '/etc/bind';
const MAX_ZONE_BYTES = 4 * 1024 * 1024;

export interface ZoneDecl {
  name: string;
  file: string;
  line: number;
}

/** Parses the zone statements of named.conf.local; other statements are ignored. */
export function parseNamedConf(text: string, file = NAMED_CONF): { zones: ZoneDecl[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const toks: { t: string; line: number; q: boolean }[] = [];
  let line = 1;
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (let k = i; k < stop; k++) if (text[k] === '\n') line++;
      if (end < 0) issues.push({ file, line, severity: 'fatal', text: 'comment "/*" is never closed' });
      i = stop;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (end < 0 || (nl >= 0 && nl < end)) {
        issues.push({ file, line, severity: 'fatal', text: 'unterminated quoted string' });
        i = nl < 0 ? text.length : nl;
        continue;
      }
      toks.push({ t: text.slice(i + 1, end), line, q: true });
      i = end + 1;
    } else if ('{};'.includes(c)) {
      toks.push({ t: c, line, q: false });
      i++;
    } else {
      let j = i;
      while (j < text.length && !/[\s{};"]/.test(text[j])) j++;
      toks.push({ t: text.slice(i, j), line, q: false });
      i = j;
    }
  }
  const zones: ZoneDecl[] = [];
  let k = 0;
  const skipBlock = () => {
    // from a "{", skip to its matching "}" and the ";" after it
    let depth = 0;
    for (; k < toks.length; k++) {
      if (toks[k].t === '{' && !toks[k].q) depth++;
      else if (toks[k].t === '}' && !toks[k].q && --depth === 0) {
        k++;
        break;
      }
    }
    if (toks[k]?.t === ';') k++;
  };
  while (k < toks.length) {
    const tk = toks[k];
    if (tk.t !== 'zone' || tk.q) {
      // another statement: skip to its end
      while (k < toks.length && toks[k].t !== ';' && toks[k].t !== '{') k++;
      if (toks[k]?.t === '{') skipBlock();
      else k++;
      continue;
    }
    const nameTok = toks[k + 1];
    if (!nameTok || !nameTok.q) {
      issues.push({ file, line: tk.line, severity: 'fatal', text: 'zone needs a quoted name: zone "alexdns.local" { ... };' });
      k++;
      continue;
    }
    k += 2;
    if (toks[k] && !toks[k].q && toks[k].t.toUpperCase() === 'IN') k++;
    if (toks[k]?.t !== '{') {
      issues.push({ file, line: nameTok.line, severity: 'fatal', text: `zone "${nameTok.t}": missing "{"` });
      continue;
    }
    k++;
    let zfile: string | undefined;
    let type: string | undefined;
    let closed = false;
    while (k < toks.length) {
      const a = toks[k];
      if (a.t === '}' && !a.q) {
        closed = true;
        k++;
        break;
      }
      if (a.t === 'file' && !a.q) {
        if (!toks[k + 1]?.q) issues.push({ file, line: a.line, severity: 'fatal', text: 'file needs a quoted path: file "/etc/bind/db.alexdns.local";' });
        else zfile = toks[k + 1].t;
      } else if (a.t === 'type' && !a.q) type = toks[k + 1]?.t;
      // to the end of this option
      while (k < toks.length && toks[k].t !== ';' && !(toks[k].t === '}' && !toks[k].q)) {
        if (toks[k].t === '{') skipBlock();
        else k++;
      }
      if (toks[k]?.t === ';') k++;
    }
    if (!closed) {
      issues.push({ file, line: nameTok.line, severity: 'fatal', text: `zone "${nameTok.t}": missing "};"` });
      break;
    }
    if (toks[k]?.t === ';') k++;
    else issues.push({ file, line: toks[k - 1].line, severity: 'fatal', text: `missing ";" after the zone "${nameTok.t}" block` });
    if (type && !['master', 'primary'].includes(type)) {
      issues.push({ file, line: nameTok.line, severity: 'warning', text: `zone "${nameTok.t}": type ${type} is served here as master` });
    }
    if (!zfile) {
      issues.push({ file, line: nameTok.line, severity: 'fatal', text: `zone "${nameTok.t}": no file "…"; line` });
      continue;
    }
    const name = normalizeName(nameTok.t);
    if (zones.some((z) => z.name === name)) {
      issues.push({ file, line: nameTok.line, severity: 'fatal', text: `zone "${nameTok.t}" is declared twice` });
      continue;
    }
    zones.push({ name, file: zfile, line: nameTok.line });
  }
  return { zones, issues };
}

/** A path of named.conf or $INCLUDE, as the sandbox sees it (relative paths are under /etc/bind). */
export function bindPath(p: string): string {
  return p.startsWith('/') ? p : posix.join(BIND_DIR, p);
}

/** Reads a file named by a zone config, refusing anything outside the workspace. */
export function readBindFile(ws: Workspace, p: string): ReadResult {
  let full: string;
  try {
    full = ws.resolve(bindPath(p));
  } catch {
    return { display: p, error: 'outside the workspace' };
  }
  const display = ws.display(bindPath(p));
  try {
    const st = statSync(full);
    if (!st.isFile()) return { display, error: 'not a file' };
    if (st.size > MAX_ZONE_BYTES) return { display, error: 'file too large' };
    return { display, text: readFileSync(full, 'utf8') };
  } catch {
    return { display, error: 'file not found' };
  }
}

export interface LoadedZones {
  decls: ZoneDecl[];
  /** one per declared zone that could be read (possibly with fatal issues) */
  zones: Zone[];
  /** problems of named.conf.local itself: the zone list as a whole is not to be trusted */
  confIssues: ConfigIssue[];
  /** zone files that could not be read, by zone name */
  unreadable: Map<string, ConfigIssue>;
  /** every file read: named.conf.local, zone files, includes */
  files: string[];
}

/** Reads named.conf.local and every zone it declares. Never throws. */
export function loadZones(ws: Workspace): LoadedZones {
  const out: LoadedZones = { decls: [], zones: [], confIssues: [], unreadable: new Map(), files: [NAMED_CONF] };
  const conf = readBindFile(ws, '/' + NAMED_CONF);
  if (conf.text === undefined) {
    out.confIssues.push({ file: NAMED_CONF, severity: 'fatal', text: `cannot read the list of zones: ${conf.error}` });
    return out;
  }
  const nc = parseNamedConf(conf.text);
  out.decls = nc.zones;
  out.confIssues.push(...nc.issues);
  for (const d of nc.zones) {
    const r = readBindFile(ws, d.file);
    if (!out.files.includes(r.display)) out.files.push(r.display);
    if (r.text === undefined) {
      out.unreadable.set(d.name, { file: NAMED_CONF, line: d.line, severity: 'fatal', text: `zone ${d.name}/IN: loading from master file ${d.file} failed: ${r.error}` });
      continue;
    }
    const z = parseZone(r.text, { origin: d.name, file: r.display, read: (p) => readBindFile(ws, p) });
    for (const f of z.files) if (!out.files.includes(f)) out.files.push(f);
    out.zones.push(z);
  }
  return out;
}
