/**
 * The outside tools the lessons ask the learner to run: one entry per tool (how to find it,
 * read its version, install it). Which steps use each is read from the lesson texts (the
 * command blocks of the Spanish source), so the table cannot drift from the course;
 * test/cli/doctor.test.ts fails when a lesson runs a program this table does not know.
 */
import { accessSync, constants, openSync, readSync, closeSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { basename, delimiter, dirname, isAbsolute, join } from 'node:path';
import type { Course, Lesson } from '../course/loader.js';
import { t } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';
import { stepBlocks } from './blocks.js';

export type ToolId = 'openssl' | 'swaks' | 'swaks-tls' | 'swaks-auth' | 'dig' | 'gpg' | 'gpg-agent' | 'spamd' | 'curl' | 'dovecot';

export interface Tool {
  id: ToolId;
  /** as the learner types it */
  name: string;
  /** the program looked up on PATH; for a capability, the program it belongs to */
  command: string;
  /** a capability of `command` that perl modules give (swaks loads them when asked for it) */
  perlModules?: string[];
  /** whether a simple command of a lesson (its words, the program first) needs this tool; default: it runs `command` */
  usedBy?: (words: string[]) => boolean;
  /** steps whose text names it, for a tool no command block runs */
  mentionedBy?: RegExp;
  version?: { args: string[]; pattern: RegExp };
  /** a found version the lessons cannot use */
  tooOld?: (version: string) => boolean;
  /** not needed by any step: the lessons only offer it */
  optional?: boolean;
  /** where a system program lives outside a learner's PATH (Debian's /usr/sbin) */
  alsoIn?: string[];
  /** the sandbox runs it, no step does (IMAP's Dovecot) */
  sandbox?: boolean;
  /** an environment variable that names the program's path instead (a missing file: not installed) */
  pathEnv?: string;
  debian: string[];
  mac: { brew: string[] } | { cpan: string[] };
}

const GPG_AGENT_OPS = new Set([
  '--full-generate-key',
  '--full-gen-key',
  '--gen-key',
  '--generate-key',
  '--quick-gen-key',
  '--quick-generate-key',
  '--quick-add-key',
  '--clearsign',
  '--clear-sign',
  '--sign',
  '-s',
  '--detach-sign',
  '-b',
  '--lsign-key',
  '--sign-key',
  '--decrypt',
  '-d',
  '--list-secret-keys',
  '-K',
]);

/** The mechanisms swaks can only do with Authen::SASL (PLAIN, LOGIN and CRAM-MD5 it does itself). */
const SASL_MECHS = /^(DIGEST-MD5)$/i;

export const TOOLS: readonly Tool[] = [
  {
    id: 'openssl',
    name: 'openssl',
    command: 'openssl',
    version: { args: ['version'], pattern: /^((?:OpenSSL|LibreSSL) \S+)/ },
    // `openssl x509 -ext` (lesson 12) and `-noenc` came with OpenSSL 3; LibreSSL lacks them
    tooOld: (v) => !/^OpenSSL ([3-9]|\d\d)\./.test(v),
    debian: ['openssl'],
    mac: { brew: ['openssl@3'] },
  },
  {
    id: 'swaks',
    name: 'swaks',
    command: 'swaks',
    version: { args: ['--version'], pattern: /swaks version (\S+)/ },
    debian: ['swaks'],
    mac: { brew: ['swaks'] },
  },
  {
    id: 'swaks-tls',
    name: 'swaks --tls',
    command: 'swaks',
    perlModules: ['Net::SSLeay'],
    usedBy: (w) => w[0] === 'swaks' && w.some((x) => /^--?(tls|tlsc|tls-on-connect)$/.test(x)),
    debian: ['libnet-ssleay-perl'],
    mac: { cpan: ['Net::SSLeay'] },
  },
  {
    id: 'swaks-auth',
    name: 'swaks --auth DIGEST-MD5',
    command: 'swaks',
    perlModules: ['Authen::SASL', 'Digest::HMAC_MD5'],
    usedBy: (w) => {
      if (w[0] !== 'swaks') return false;
      const i = w.findIndex((x) => x === '--auth' || x === '-a');
      return i >= 0 && SASL_MECHS.test(w[i + 1] ?? '');
    },
    debian: ['libauthen-sasl-perl', 'libdigest-hmac-perl'],
    mac: { cpan: ['Authen::SASL', 'Digest::HMAC'] },
  },
  {
    id: 'dig',
    name: 'dig',
    command: 'dig',
    version: { args: ['-v'], pattern: /DiG (\S+)/ },
    debian: ['bind9-dnsutils'],
    mac: { brew: ['bind'] },
  },
  {
    id: 'gpg',
    name: 'gpg',
    command: 'gpg',
    version: { args: ['--version'], pattern: /^gpg \(GnuPG[^)]*\) (\S+)/ },
    debian: ['gnupg'],
    mac: { brew: ['gnupg'] },
  },
  {
    id: 'gpg-agent',
    name: 'gpg-agent',
    command: 'gpg-agent',
    usedBy: (w) => w[0] === 'gpg' && w.some((x) => GPG_AGENT_OPS.has(x)),
    version: { args: ['--version'], pattern: /^gpg-agent \(GnuPG[^)]*\) (\S+)/ },
    debian: ['gpg-agent'],
    mac: { brew: ['gnupg'] },
  },
  {
    id: 'spamd',
    name: 'spamd',
    command: 'spamd',
    mentionedBy: /\bMAILSEC_SPAMD\b/,
    usedBy: () => false,
    version: { args: ['--version'], pattern: /version (\S+)/ },
    optional: true,
    alsoIn: ['/usr/sbin', '/usr/local/sbin'],
    // as lesson 06 says: on Debian 12 spamd is a package of its own, beside spamassassin and spamc
    debian: ['spamassassin', 'spamc', 'spamd'],
    mac: { brew: ['spamassassin'] },
  },
  {
    id: 'curl',
    name: 'curl',
    command: 'curl',
    version: { args: ['--version'], pattern: /^curl (\S+)/ },
    debian: ['curl'],
    mac: { brew: ['curl'] },
  },
  {
    // the sandbox's IMAP and IMAPS (src/sandbox/imap/): a real Dovecot when it is installed
    id: 'dovecot',
    name: 'dovecot',
    command: 'dovecot',
    usedBy: () => false,
    version: { args: ['--version'], pattern: /^(\d[\w.]*)/ },
    optional: true,
    sandbox: true,
    pathEnv: 'MAILSEC_DOVECOT',
    alsoIn: ['/usr/sbin', '/usr/local/sbin'],
    debian: ['dovecot-imapd'],
    mac: { brew: ['dovecot'] },
  },
];

/** Programs the lessons run that come with every system (or are mailsec itself): not outside tools. */
export const BASE_COMMANDS = new Set([
  'mailsec',
  'ls',
  'cat',
  'head',
  'tail',
  'grep',
  'mv',
  'cp',
  'rm',
  'mkdir',
  'chmod',
  'stat',
  'echo',
  'printf',
  'base64',
  'export',
  'cd',
  'nano',
  'vi',
  'vim',
  // shell builtins and coreutils every system has, used in the flood and smuggling lessons
  'exec',
  'sleep',
  'seq',
  'uniq',
  // coreutils, in the WKD and DANE lessons
  'touch',
  'sha256sum',
  'cut',
]);

/** Shell words that open or close a loop or a branch: not programs (the command after `do` is). */
const SHELL_PREFIX = new Set(['do', 'then', 'else']);
const SHELL_CLAUSE = new Set(['for', 'while', 'until', 'if', 'done', 'fi', 'esac']);

/** A program on PATH (or in the tool's extra folders): its path, or undefined. */
export function findProgram(command: string, path = process.env.PATH ?? '', extra: string[] = []): string | undefined {
  for (const dir of [...path.split(delimiter), ...extra]) {
    if (!dir || !isAbsolute(dir)) continue;
    const p = join(dir, command);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The programs a lesson needs that are not on PATH. Cheap (a few stat calls, no process
 * started), for the workbook's first screen; capabilities (perl modules) are left to doctor.
 */
export function missingPrograms(path = process.env.PATH ?? ''): string[] {
  const programs = TOOLS.filter((t) => !t.optional && !t.perlModules);
  return [...new Set(programs.filter((t) => !findProgram(t.command, path, t.alsoIn)).map((t) => t.command))];
}

/** The simple commands of a command block: continuation lines joined, split at | && || ; $( and backquotes. */
export function simpleCommands(block: string): string[][] {
  return block
    .replace(/\\\n/g, ' ')
    .split('\n')
    .flatMap((line) => line.split(/\|\|?|&&|;|\$\(|`/))
    .map((part) => {
      const words = part.trim().split(/\s+/).filter(Boolean);
      let i = 0;
      while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || SHELL_PREFIX.has(words[i]))) i++;
      if (SHELL_CLAUSE.has(words[i])) return [];
      return words.slice(i).map((w, k) => (k === 0 ? w.replace(/^.*\//, '') : w));
    })
    .filter((w) => w.length > 0 && !w[0].startsWith('#'));
}

export interface StepUse {
  lesson: string;
  step: string;
}

/** For each tool, the steps that run it (or name it), in course order; read from the Spanish text. */
export function toolUses(course: Course): Map<ToolId, StepUse[]> {
  const uses = new Map<ToolId, StepUse[]>(TOOLS.map((t) => [t.id, []]));
  for (const lesson of course.lessons) {
    for (const step of lesson.steps) {
      const text = step.body.es;
      // blocks for a real server only (sudo) are not run in the workbook
      const commands = stepBlocks(text)
        .filter((b) => b.kind === 'command')
        .flatMap((b) => simpleCommands(b.content));
      for (const tool of TOOLS) {
        const runs = commands.some((w) => (tool.usedBy ? tool.usedBy(w) : w[0] === tool.command));
        if (runs || tool.mentionedBy?.test(text)) uses.get(tool.id)!.push({ lesson: lesson.id, step: step.id });
      }
    }
  }
  return uses;
}

/** For each lesson, the tools its steps run, in the table's order (what to install before starting it). */
export function lessonNeeds(course: Course): Map<string, Tool[]> {
  const out = new Map<string, Tool[]>(course.lessons.map((l) => [l.id, []]));
  for (const [id, uses] of toolUses(course)) {
    const tool = TOOLS.find((t) => t.id === id)!;
    for (const lesson of new Set(uses.map((u) => u.lesson))) out.get(lesson)?.push(tool);
  }
  return out;
}

/** "≈ 30 min · Needs: openssl, swaks": how long a lesson takes and what to install first. */
export function lessonAbout(lang: Lang, lesson: Lesson, tools: Tool[]): string {
  // "swaks --tls" says swaks too
  const shown = tools.filter((x) => x.perlModules || !tools.some((y) => y.perlModules && y.command === x.command));
  const names = shown.map((x) => (x.optional ? `${x.name} (${t(lang, 'ui.optionalTool')})` : x.name));
  return names.length
    ? t(lang, 'ui.lessonAbout', { minutes: lesson.minutes, needs: names.join(', ') })
    : t(lang, 'ui.lessonAboutNothing', { minutes: lesson.minutes });
}

/** Every program the lessons run that is neither in TOOLS nor a base command (for the test that keeps TOOLS true). */
export function unknownCommands(course: Course): string[] {
  const known = new Set([...TOOLS.map((t) => t.command), ...BASE_COMMANDS]);
  const out = new Set<string>();
  for (const lesson of course.lessons)
    for (const step of lesson.steps)
      for (const b of stepBlocks(step.body.es))
        if (b.kind === 'command')
          for (const w of simpleCommands(b.content))
            if (/^[a-z][\w.+-]*$/.test(w[0]) && !known.has(w[0])) out.add(`${w[0]} (${lesson.id}/${step.id})`);
  return [...out];
}

export interface ToolStatus {
  tool: Tool;
  status: 'ok' | 'missing' | 'old';
  path?: string;
  version?: string;
  /** perl modules the capability needs that perl cannot load */
  missingModules?: string[];
  /** a capability whose program is missing: installing that program is what it needs */
  needs?: string;
}

function output(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: 10_000, maxBuffer: 1 << 20 }, (_e, stdout, stderr) => resolve(`${stdout}\n${stderr}`));
  });
}

/** The perl that runs `script`: its #! line (`/usr/bin/perl`, or `env perl` = perl on PATH). */
function perlOf(script: string | undefined, path: string): string | undefined {
  if (script) {
    try {
      const fd = openSync(script, 'r');
      const buf = Buffer.alloc(200);
      const n = readSync(fd, buf, 0, buf.length, 0);
      closeSync(fd);
      const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(buf.subarray(0, n).toString('latin1'));
      if (m && /perl[\d.]*$/.test(m[1])) return m[1];
      if (m && /\/env$/.test(m[1]) && m[2]) return findProgram(m[2], path);
    } catch {
      // unreadable: fall back to perl on PATH
    }
  }
  return findProgram('perl', path);
}

const MODULE_VERSIONS = 'for (@ARGV) { my $v = eval "require $_; 1" ? ($_->VERSION // "?") : "-"; print "$_ $v\\n" }';

/** Finds every tool and reads its version (one short process per program, run together). */
export async function probeTools(env: NodeJS.ProcessEnv = process.env): Promise<ToolStatus[]> {
  const path = env.PATH ?? '';
  const given = (t: Tool) => (t.pathEnv ? env[t.pathEnv]?.trim() : undefined);
  const found = new Map(
    TOOLS.map((t) => {
      const p = given(t);
      return [
        t.id,
        p ? (isAbsolute(p) && findProgram(basename(p), dirname(p)) === p ? p : undefined) : findProgram(t.command, path, t.alsoIn),
      ];
    }),
  );
  const swaks = TOOLS.find((t) => t.id === 'swaks')!;
  const perl = perlOf(found.get(swaks.id), path);
  const modules = [...new Set(TOOLS.flatMap((t) => t.perlModules ?? []))];
  const moduleVersions = new Map<string, string | undefined>();
  const perlRun = perl
    ? output(perl, ['-e', MODULE_VERSIONS, ...modules], env).then((out) => {
        for (const m of out.matchAll(/^(\S+) (\S+)$/gm)) moduleVersions.set(m[1], m[2] === '-' ? undefined : m[2]);
      })
    : Promise.resolve();
  const versions = await Promise.all(
    TOOLS.map(async (t) => {
      const p = found.get(t.id);
      if (!p || !t.version || t.perlModules) return undefined;
      return t.version.pattern.exec((await output(p, t.version.args, env)).trim())?.[1];
    }),
  );
  await perlRun;
  return TOOLS.map((tool, i): ToolStatus => {
    if (tool.perlModules) {
      const missingModules = tool.perlModules.filter((m) => !moduleVersions.get(m));
      const owner = found.get(tool.id);
      const version = missingModules.length ? undefined : tool.perlModules.map((m) => `${m} ${moduleVersions.get(m)}`).join(', ');
      if (!owner) return { tool, status: 'missing', missingModules, needs: missingModules.length ? undefined : tool.command };
      return { tool, status: missingModules.length ? 'missing' : 'ok', path: owner, version, missingModules };
    }
    const path = found.get(tool.id);
    const version = versions[i];
    if (!path) return { tool, status: 'missing' };
    return { tool, status: version && tool.tooOld?.(version) ? 'old' : 'ok', path, version };
  });
}

/** The install command lines for some tools: Debian/Ubuntu, and macOS (Homebrew, or cpan for perl modules). */
export function installLines(tools: Tool[]): { debian: string; mac: string } {
  const uniq = (xs: string[]) => [...new Set(xs)];
  const debian = uniq(tools.flatMap((t) => t.debian));
  const brew = uniq(tools.flatMap((t) => ('brew' in t.mac ? t.mac.brew : [])));
  const cpan = uniq(tools.flatMap((t) => ('cpan' in t.mac ? t.mac.cpan : [])));
  const mac = [brew.length ? `brew install ${brew.join(' ')}` : '', cpan.length ? `cpan ${cpan.join(' ')}` : '']
    .filter(Boolean)
    .join(' && ');
  return { debian: debian.length ? `sudo apt install ${debian.join(' ')}` : '', mac };
}
