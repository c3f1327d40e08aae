import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, copyFileSync, writeFileSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve, relative, isAbsolute, sep, dirname } from 'node:path';
import { UserError } from '../util/errors.js';
import { msg } from '../i18n/messages.js';
import { writeFileAtomic } from '../util/atomic.js';
import { templateDir } from '../util/paths.js';

export const DEFAULT_DOMAIN = 'alexdns.local';
export const META_DIR = '.mailsec';

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

export function defaultWorkspaceDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.MAILSEC_WORKSPACE || join(homedir(), 'mailsec'));
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
  ) {}

  static open(dir: string): Workspace {
    const root = resolve(dir);
    const metaPath = join(root, META_DIR, 'workspace.json');
    if (!existsSync(metaPath)) throw new UserError(msg('workspace.missing', { dir: root }));
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

/** Makes (or completes) a workspace; never overwrites a file that is already there. */
export function initWorkspace(dir: string, opts: { domain?: string } = {}): InitResult {
  const root = resolve(dir);
  let meta: WorkspaceMeta;
  if (Workspace.exists(root)) {
    meta = Workspace.open(root).meta;
    if (opts.domain && opts.domain !== meta.domain) {
      throw new UserError(msg('init.domainMismatch', { dir: root, domain: meta.domain, wanted: opts.domain }));
    }
  } else {
    const domain = (opts.domain ?? DEFAULT_DOMAIN).toLowerCase();
    if (!validDomain(domain)) throw new UserError(msg('init.badDomain', { domain }));
    meta = { version: 1, domain, createdAt: new Date().toISOString() };
  }
  mkdirSync(root, { recursive: true });
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
  for (const d of ['var/log', 'var/mail', 'etc/ssl/private', 'etc/ssl/certs']) mkdirSync(join(root, d), { recursive: true });
  const metaFile = join(root, META_DIR, 'workspace.json');
  if (!existsSync(metaFile)) writeFileAtomic(metaFile, JSON.stringify(meta, null, 2) + '\n');
  return { workspace: new Workspace(root, meta), created, kept };
}

export function copyInto(src: string, dest: string): void {
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(src, dest);
}
