import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, copyFileSync, writeFileSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve, relative, isAbsolute, sep, dirname } from 'node:path';
import { UserError } from '../util/errors.js';
import { msg, type Message } from '../i18n/messages.js';
import { writeFileAtomic } from '../util/atomic.js';
import { templateDir } from '../util/paths.js';
import { makeDirs } from '../util/fs-errors.js';
import { MAIN_CF } from '../postfix/defaults.js';

export const DEFAULT_DOMAIN = 'alexdns.local';
export const META_DIR = '.mailsec';
/** What a workspace made from a class keeps of it (in META_DIR): the class, the student, the teacher's public parts. */
export const WORKSPACE_CLASS = 'class.json';

export interface WorkspaceMeta {
  version: 1;
  domain: string;
  createdAt: string;
}

/** Values a lesson's text and a check's parameters can name as {{domain}}, {{hostname}}. */
export interface Vars {
  domain: string;
  hostname: string;
  workspace: string;
}

/**
 * The workspace a command acts in when --workspace names none: MAILSEC_WORKSPACE, else the
 * workspace the current folder is in (a learner who works in ~/ana/etc/postfix means ~/ana),
 * else ~/mailsec.
 */
export function defaultWorkspaceDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (env.MAILSEC_WORKSPACE) return resolve(env.MAILSEC_WORKSPACE);
  return enclosingWorkspace(cwd) ?? join(homedir(), 'mailsec');
}

/** The folder, or the nearest one above it, that is a workspace. */
export function enclosingWorkspace(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, META_DIR, 'workspace.json'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

const DOMAIN_RE = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export function validDomain(d: string): boolean {
  return DOMAIN_RE.test(d);
}

/**
 * The learner's folder. It is the sandbox's root: an absolute path in a config file
 * (/etc/ssl/certs/cert.crt) resolves inside it, as in a chroot.
 */
export class Workspace {
  constructor(
    public readonly root: string,
    public readonly meta: WorkspaceMeta,
    /** something the learner should know about opening it (its workspace.json written again) */
    public readonly notice?: Message,
  ) {}

  static open(dir: string): Workspace {
    const root = resolve(dir);
    assertMetaDir(root);
    const metaPath = join(root, META_DIR, 'workspace.json');
    if (!existsSync(metaPath)) {
      // .mailsec/ is there, its workspace.json is not: the learner's own domain, never the default
      if (!existsSync(join(root, META_DIR))) throw new UserError(msg('workspace.missing', { dir: root }));
      const found = recoverDomain(root);
      if (!found) throw new UserError(msg('workspace.domainUnknown', { dir: root, file: metaPath }));
      const meta = writeMeta(root, found.domain);
      return new Workspace(root, meta, msg('workspace.metaRecovered', { file: metaPath, domain: found.domain, source: found.source }));
    }
    let meta: WorkspaceMeta;
    try {
      meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    } catch (e) {
      throw new UserError(msg('workspace.metaCorrupt', { file: metaPath, error: (e as Error).message }));
    }
    if (!meta || typeof meta.domain !== 'string' || !validDomain(meta.domain)) {
      throw new UserError(msg('workspace.metaCorrupt', { file: metaPath, error: 'domain' }));
    }
    return new Workspace(root, meta);
  }

  static exists(dir: string): boolean {
    return existsSync(join(resolve(dir), META_DIR, 'workspace.json'));
  }

  get domain(): string {
    return this.meta.domain;
  }

  get vars(): Vars {
    return { domain: this.domain, hostname: `mail.${this.domain}`, workspace: this.root };
  }

  /** Resolves a path as the sandbox sees it; refuses anything that escapes the workspace. */
  resolve(p: string): string {
    const inside = isAbsolute(p) ? p.replace(/^\/+/, '') : p;
    const full = resolve(this.root, inside);
    const rel = relative(this.root, full);
    if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) {
      throw new UserError(msg('workspace.outside', { path: p }));
    }
    return full;
  }

  /** Path relative to the workspace, as shown to the learner. */
  display(p: string): string {
    // a real path already inside the workspace (from metaPath, resolve) is shown as is
    const full = p === this.root || p.startsWith(this.root + sep) ? p : this.resolve(p);
    return relative(this.root, full) || '.';
  }

  metaPath(...parts: string[]): string {
    return join(this.root, META_DIR, ...parts);
  }

  readText(p: string): string | undefined {
    const full = this.resolve(p);
    try {
      return readFileSync(full, 'utf8');
    } catch {
      return undefined;
    }
  }
}

/** `.mailsec` must be a folder: a file in its place is named, not crashed on. */
function assertMetaDir(root: string): void {
  const p = join(root, META_DIR);
  let isDir = true;
  try {
    isDir = statSync(p).isDirectory();
  } catch {
    // absent (made when needed), or unreachable: reported by whatever reads it
  }
  if (!isDir) throw new UserError(msg('workspace.metaNotDir', { path: p, dir: root }));
}

function writeMeta(root: string, domain: string): WorkspaceMeta {
  const meta: WorkspaceMeta = { version: 1, domain, createdAt: new Date().toISOString() };
  writeFileAtomic(join(root, META_DIR, 'workspace.json'), JSON.stringify(meta, null, 2) + '\n');
  return meta;
}

/**
 * The domain a workspace without its workspace.json was made for, from its own files:
 * its zone file (etc/bind/db.DOMAIN, named by init), else mydomain in main.cf.
 * Undefined when the files do not say, or disagree.
 */
export function recoverDomain(root: string): { domain: string; source: string } | undefined {
  const others = new Set(
    templateFiles()
      .filter((f) => f.startsWith('etc/bind/db.') && !f.includes(DEFAULT_DOMAIN))
      .map((f) => f.slice('etc/bind/'.length)),
  );
  let zones: string[] = [];
  try {
    zones = readdirSync(join(root, 'etc/bind'))
      .filter((f) => f.startsWith('db.') && !others.has(f))
      .map((f) => f.slice(3))
      .filter(validDomain);
  } catch {
    // no zone folder
  }
  if (zones.length === 1) return { domain: zones[0], source: `etc/bind/db.${zones[0]}` };
  let mydomain: string | undefined;
  try {
    const main = readFileSync(join(root, MAIN_CF), 'utf8');
    // as Postfix reads it: the last setting wins
    for (const m of main.matchAll(/^mydomain\s*=\s*(\S+)\s*$/gm)) mydomain = m[1].toLowerCase();
  } catch {
    // no main.cf
  }
  if (mydomain && validDomain(mydomain) && (zones.length === 0 || zones.includes(mydomain)))
    return { domain: mydomain, source: `${MAIN_CF} (mydomain)` };
  return undefined;
}

/** Files of a learner's workspace (not only a folder of the same name). */
function hasLearnerFiles(root: string): boolean {
  return existsSync(join(root, META_DIR)) || existsSync(join(root, MAIN_CF));
}

export interface InitResult {
  workspace: Workspace;
  created: string[];
  kept: string[];
}

const TEXT_EXT = /\.(cf|conf|txt|md|yaml|yml|zone|db|json|local|cidr|regexp|pcre)$|(^|\/)[^.]+$/;

/** Files of the template, relative, sorted. */
export function templateFiles(dir = templateDir()): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

/** The template's content for one file, with the learner's domain in place of alexdns.local. */
export function templateContent(rel: string, domain: string, dir = templateDir()): Buffer {
  const data = readFileSync(join(dir, rel));
  if (!TEXT_EXT.test(rel) || domain === DEFAULT_DOMAIN) return data;
  return Buffer.from(data.toString('utf8').split(DEFAULT_DOMAIN).join(domain));
}

/** Where a template file lands: alexdns.local in its path becomes the learner's domain (etc/bind/db.alexdns.local). */
export function templateTarget(rel: string, domain: string): string {
  return rel.split(DEFAULT_DOMAIN).join(domain);
}

/** Template files that are private (keys): kept 0600 in the copy. */
const PRIVATE = /(^|\/)private\/|\.key$|\.private$/;

/**
 * Makes (or completes) a workspace; never overwrites a file that is already there.
 * `files` are written like the template's (the teacher's public key, which is never in it).
 */
export function initWorkspace(dir: string, opts: { domain?: string; files?: Record<string, string> } = {}): InitResult {
  const root = resolve(dir);
  assertMetaDir(root);
  let meta: WorkspaceMeta;
  let notice: Message | undefined;
  if (Workspace.exists(root)) {
    meta = Workspace.open(root).meta;
    if (opts.domain && opts.domain !== meta.domain) {
      throw new UserError(msg('init.domainMismatch', { dir: root, domain: meta.domain, wanted: opts.domain }));
    }
  } else {
    const wanted = opts.domain?.toLowerCase();
    if (wanted !== undefined && !validDomain(wanted)) throw new UserError(msg('init.badDomain', { domain: wanted }));
    // a workspace that lost its workspace.json keeps the domain its files were made for
    const found = recoverDomain(root);
    if (found && wanted && wanted !== found.domain) {
      throw new UserError(msg('init.domainMismatch', { dir: root, domain: found.domain, wanted }));
    }
    if (!found && !wanted && hasLearnerFiles(root)) {
      throw new UserError(msg('workspace.domainUnknown', { dir: root, file: join(root, META_DIR, 'workspace.json') }));
    }
    const domain = found?.domain ?? wanted ?? DEFAULT_DOMAIN;
    meta = { version: 1, domain, createdAt: new Date().toISOString() };
    if (found) notice = msg('workspace.metaRecovered', { file: join(root, META_DIR, 'workspace.json'), domain, source: found.source });
  }
  makeDirs(root);
  const created: string[] = [];
  const kept: string[] = [];
  for (const src of templateFiles()) {
    const rel = templateTarget(src, meta.domain);
    const target = join(root, rel);
    if (existsSync(target)) {
      kept.push(rel);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, templateContent(src, meta.domain), { flag: 'wx' });
    if (PRIVATE.test(rel)) chmodSync(target, 0o600);
    created.push(rel);
  }
  for (const [rel, text] of Object.entries(opts.files ?? {})) {
    const target = join(root, rel);
    if (existsSync(target)) kept.push(rel);
    else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text, { flag: 'wx' });
      created.push(rel);
    }
  }
  for (const d of ['var/log', 'var/mail', 'etc/ssl/private', 'etc/ssl/certs']) mkdirSync(join(root, d), { recursive: true });
  const metaFile = join(root, META_DIR, 'workspace.json');
  if (!existsSync(metaFile)) writeFileAtomic(metaFile, JSON.stringify(meta, null, 2) + '\n');
  return { workspace: new Workspace(root, meta, notice), created, kept };
}

export function copyInto(src: string, dest: string): void {
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(src, dest);
}
