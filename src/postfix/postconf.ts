/**
 * postconf(1) over the learner's main.cf and master.cf, in its words and exit codes (as
 * Postfix 3.7.11's postconf answered on Debian 12):
 *
 *   postconf [NAME...]      NAME = value (main.cf's, else the default); all known ones without NAME
 *   postconf -n [NAME...]   only what main.cf sets, sorted; -h prints values alone
 *   postconf -d [NAME...]   Postfix 3.7's built-in defaults (main.cf plays no part)
 *   postconf -M[f] [service[/type]...]   master.cf's services, one per line (-f: folded)
 *   postconf -e name=value...   main.cf edited (postconf-edit.ts)
 *
 * An unknown name: `postconf: warning: NAME: unknown parameter`, exit 0. Reading main.cf gives
 * its warnings first (overriding entries, ...), unused parameters last; a fatal error ends it
 * with exit 1. The real postconf prints some main.cf warnings several times; here each once.
 */
import { parseMainCf, expandChecked, formatIssue, referencedNames, type MainCf, type ConfigIssue } from './main-cf.js';
import { parseMasterCf, type MasterCf, type MasterService } from './master-cf.js';
import { macroLoopIssues } from './main-cf-values.js';
import { editMainCf } from './postconf-edit.js';
import { builtinDefault, isKnownParam, knownParams, serviceParams, TRANSPORT_PARAM_NAME, type MachineFacts } from './postconf-defaults.js';
import { DEFAULTS, MAIN_CF, MASTER_CF, shownPath } from './defaults.js';

export interface PostconfInput {
  args: string[];
  /** main.cf's text; undefined when the file is missing */
  mainCf?: string;
  masterCf?: string;
  facts: MachineFacts;
}

export interface PostconfResult {
  stdout: string;
  stderr: string;
  code: number;
  /** -e: the edited main.cf, to be written */
  mainCf?: string;
}

interface Flags {
  n: boolean;
  d: boolean;
  h: boolean;
  M: boolean;
  f: boolean;
  x: boolean;
  e: boolean;
}

const USAGE = 'usage: postconf [-c config_dir] [-Cbfhnopvx] [-d|-e|-#|-X] [-M|-F|-P] [name...]';

/** Splits `-nh`, `-Mf` into flags; the rest are names. An unknown flag: postconf's usage line. */
function parseArgs(args: string[]): { flags: Flags; names: string[] } | string {
  const flags: Flags = { n: false, d: false, h: false, M: false, f: false, x: false, e: false };
  const names: string[] = [];
  let optsDone = false;
  for (const a of args) {
    if (!optsDone && a === '--') {
      optsDone = true;
      continue;
    }
    if (optsDone || !a.startsWith('-') || a === '-') {
      optsDone = true;
      names.push(a);
      continue;
    }
    for (const c of a.slice(1)) {
      if (!(c in flags)) return `postconf: invalid option -- '${c}'\npostconf: fatal: ${USAGE}`;
      flags[c as keyof Flags] = true;
    }
  }
  return { flags, names };
}

function line(name: string, value: string, h: boolean): string {
  if (h) return value;
  return value === '' ? `${name} =` : `${name} = ${value}`;
}

/** master.cf fields at Postfix's column stops (name 0, type 11, private 17, then every 8). */
const STOPS = [0, 11, 17, 25, 33, 41, 49, 57];

export function formatService(s: MasterService, fold = false): string {
  const fields = [s.name, s.type, s.private, s.unpriv, s.chroot, s.wakeup, s.maxproc, s.command];
  let out = '';
  fields.forEach((f, i) => {
    if (i > 0) out += ' '.repeat(Math.max(1, STOPS[i] - out.length));
    out += f;
  });
  const rest = s.rawArgs;
  if (!rest.length) return out;
  if (!fold) return `${out} ${rest.join(' ')}`;
  // -f: the daemon's options (-o with its value, -v) each on a line of their own, indented by
  // four spaces; the other words fill lines of up to 80 columns
  const lines: string[] = [out];
  let options = true;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (options && a.startsWith('-')) {
      lines.push(a === '-o' && i + 1 < rest.length ? `    -o ${rest[++i]}` : `    ${a}`);
      continue;
    }
    options = false;
    const last = lines.length - 1;
    if (lines[last].length + 1 + a.length <= 80) lines[last] += ` ${a}`;
    else lines.push(`    ${a}`);
  }
  return lines.join('\n');
}

function masterOutput(master: MasterCf, names: string[], fold: boolean, err: string[]): string[] {
  const wanted = names.map((n) => {
    const [name, type] = n.split('/');
    return { n, name, type, hit: false };
  });
  const out: string[] = [];
  for (const s of master.services) {
    const match = wanted.filter((w) => w.name === s.name && (!w.type || w.type === s.type));
    if (wanted.length && !match.length) continue;
    match.forEach((w) => (w.hit = true));
    out.push(formatService(s, fold));
  }
  for (const w of wanted) if (!w.hit) err.push(`postconf: warning: unmatched request: "${w.n}"`);
  return out;
}

export function runPostconf(input: PostconfInput): PostconfResult {
  const parsed = parseArgs(input.args);
  if (typeof parsed === 'string') return { stdout: '', stderr: parsed + '\n', code: 1 };
  const { flags, names } = parsed;
  const out: string[] = [];
  const err: string[] = [];
  const done = (code = 0): PostconfResult => ({
    stdout: out.map((l) => l + '\n').join(''),
    stderr: err.map((l) => l + '\n').join(''),
    code,
  });
  const mainFile = shownPath(MAIN_CF);

  if (flags.d) {
    // -d reads master.cf only for the per-transport parameters of its delivery services
    const svc = serviceParams(parseMasterCf(input.masterCf ?? '', shownPath(MASTER_CF)).services);
    const list = names.length ? names : [...knownParams(), ...svc.keys()].sort();
    for (const name of list) {
      const v = builtinDefault(name, input.facts) ?? svc.get(name);
      if (v === undefined) err.push(`postconf: warning: ${name}: unknown parameter`);
      else out.push(line(name, v, flags.h));
    }
    return done();
  }

  if (input.mainCf === undefined) {
    err.push(`postconf: fatal: open ${mainFile}: No such file or directory`);
    return done(1);
  }
  if (flags.e) {
    const r = editMainCf(input.mainCf, names);
    return { stdout: '', stderr: r.stderr, code: r.code, ...(r.text === undefined ? {} : { mainCf: r.text }) };
  }
  const cf: MainCf = parseMainCf(input.mainCf, mainFile, input.facts);
  const warnings = cf.issues.filter((i) => i.severity === 'warning' && !/^unused parameter:/.test(i.text));
  const fatal = cf.issues.find((i) => i.severity === 'fatal');
  for (const i of warnings) err.push(`postconf: ${formatIssue(i)}`);
  if (fatal) {
    err.push(`postconf: ${formatIssue(fatal)}`);
    return done(1);
  }
  const loop = macroLoopIssues(cf, 'postconf');
  if (loop.length) {
    for (const i of loop) err.push(`postconf: ${formatIssue(i)}`);
    return done(1);
  }

  // every mode reads master.cf too: its errors are fatal, its unknown -o names unused
  if (input.masterCf === undefined) {
    err.push(`postconf: fatal: open ${shownPath(MASTER_CF)}: No such file or directory`);
    return done(1);
  }
  const master = parseMasterCf(input.masterCf, shownPath(MASTER_CF));
  const mfatal = master.issues.find((i) => i.severity === 'fatal');
  for (const i of master.issues.filter((x) => x.severity === 'warning')) err.push(`postconf: ${formatIssue(i)}`);
  if (mfatal) {
    err.push(`postconf: ${formatIssue(mfatal)}`);
    return done(1);
  }
  const unused = unusedIssues(cf, master);

  if (flags.M) {
    out.push(...masterOutput(master, names, flags.f, err));
    for (const i of unused) err.push(`postconf: ${formatIssue(i)}`);
    return done();
  }

  // a name main.cf sets and uses ($name in another value) is one postconf knows too
  const unusedNames = new Set(unused.map((i) => /^unused parameter: ([^=]*)=/.exec(i.text)?.[1]));
  const svc = serviceParams(master.services);
  const known = (name: string) => isKnownParam(name) || svc.has(name) || (cf.entries.has(name) && !unusedNames.has(name));
  const valueOf = (name: string): string => {
    const set = cf.entries.get(name)?.value;
    const v =
      set ??
      (name === 'myhostname' || name === 'mydomain' ? computed(cf, name) : (builtinDefault(name, input.facts) ?? svc.get(name))) ??
      '';
    return flags.x ? expandChecked(cf, v).value : v;
  };
  if (flags.n) {
    const set = [...cf.entries.keys()].filter((n) => known(n) && (!names.length || names.includes(n)));
    for (const name of set.sort()) out.push(line(name, valueOf(name), flags.h));
  } else {
    const every = [...knownParams(), ...svc.keys(), ...[...cf.entries.keys()].filter((n) => known(n) && !isKnownParam(n))];
    const list = names.length ? names : [...new Set(every)].sort();
    for (const name of list) {
      if (!known(name)) err.push(`postconf: warning: ${name}: unknown parameter`);
      else out.push(line(name, valueOf(name), flags.h));
    }
  }
  for (const i of unused) err.push(`postconf: ${formatIssue(i)}`);
  return done();
}

/** myhostname/mydomain when main.cf does not set them: computed from the machine and main.cf. */
function computed(cf: MainCf, name: 'myhostname' | 'mydomain'): string {
  return expandChecked(cf, `$${name}`).value;
}

/**
 * postconf's "unused parameter" warnings: main.cf's (those no master.cf -o value names as
 * $name either), then master.cf's -o names that no one knows.
 */
export function unusedIssues(cf: MainCf, master: MasterCf): ConfigIssue[] {
  const svc = serviceParams(master.services);
  const used = referencedNames(cf.entries);
  for (const s of master.services) {
    for (const v of Object.values(s.options)) for (const m of v.matchAll(/\$(?:\{|\()?([A-Za-z0-9_]+)/g)) used.add(m[1]);
  }
  const main = cf.issues.filter((i) => {
    const name = /^unused parameter: ([^=]*)=/.exec(i.text)?.[1];
    return name !== undefined && !used.has(name);
  });
  // per-transport names main.cf alone cannot judge: unused when no delivery service of master.cf has them
  for (const e of cf.entries.values()) {
    if (isKnownParam(e.name) || e.name in DEFAULTS || svc.has(e.name) || used.has(e.name) || !TRANSPORT_PARAM_NAME.test(e.name)) continue;
    main.push({ file: cf.file, line: e.line, severity: 'warning', noLine: true, text: `unused parameter: ${e.name}=${e.value}` });
  }
  const other: ConfigIssue[] = [];
  for (const s of master.services) {
    for (const [name, value] of Object.entries(s.options)) {
      if (isKnownParam(name) || name in DEFAULTS || svc.has(name) || cf.entries.has(name)) continue;
      other.push({ file: master.file, line: s.line, severity: 'warning', noLine: true, text: `unused parameter: ${name}=${value}` });
    }
  }
  return [...main, ...other];
}
