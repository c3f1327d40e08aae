import { gzipSync, gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, lstatSync, mkdirSync, writeFileSync, openSync, readSync, closeSync, chmodSync } from 'node:fs';
import { join, dirname, relative, sep } from 'node:path';
import { z } from 'zod';
import type { Workspace } from '../workspace/workspace.js';
import { msg, type Params } from '../i18n/messages.js';
import { LANGS, type Lang } from '../i18n/lang.js';
import { readRegular, refused } from './safe-read.js';
import { forBundle } from './secrets.js';

/**
 * A submission: the learner's workspace files in one gzipped JSON document. The
 * grader never trusts it: sizes are capped before and while decompressing, every
 * path is checked before anything is written, and files are only ever created
 * (never followed or overwritten) inside a fresh folder.
 */
export const FORMAT = 'mailsec-submission';
const WORKSPACE_META = '.mailsec/workspace.json';
export const LIMITS = {
  compressed: 16 * 1024 * 1024,
  uncompressed: 48 * 1024 * 1024,
  files: 2000,
  fileBytes: 4 * 1024 * 1024,
  pathLength: 240,
};

/**
 * What goes in: the whole workspace, since a check may read any file a lesson makes
 * (etc/, the logs and mail, but also cert.crt, alumno.asc, home/alumno/.gnupg). Of the
 * workbook's own folder only the progress, the workspace record, the sources viewed and
 * the class the workspace was made for (the student's name and e-mail in the roster).
 * Lab keys travel with the work: the lessons say never to reuse them.
 */
const INCLUDE = /^(?!\.mailsec\/|\.git\/|node_modules\/)|^\.mailsec\/(progress\.json|workspace\.json|viewed\.jsonl|class\.json)$/;
// (an earlier submission, written with --out inside the workspace, is not part of the work)
const EXCLUDE = /(^|\/)(\.[^/]*\.tmp|events\.jsonl\.\d+|mail\.log\.\d+|[^/]+\.mailsec)$/;

const entry = z.object({
  path: z.string().min(1).max(LIMITS.pathLength),
  mode: z.number().int().min(0).max(0o777),
  data: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const bundleSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  tool: z.string().max(100),
  createdAt: z.string().max(40),
  student: z.string().max(200),
  domain: z.string().max(253),
  /** the roster's e-mail (the gradebook's identifier), when the student gave one; checked when read */
  email: z.string().max(254).optional(),
  /** the language the student worked in: their feedback is written in it */
  lang: z.enum(LANGS).optional(),
  files: z.array(entry).max(LIMITS.files),
});
export type Bundle = z.infer<typeof bundleSchema>;

export function safePath(p: string): boolean {
  if (!p || p.length > LIMITS.pathLength || p.includes('\0') || p.includes('\\')) return false;
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return false;
  const parts = p.split('/');
  return parts.every((s) => s !== '' && s !== '.' && s !== '..') && INCLUDE.test(p);
}

export function collectFiles(ws: Workspace): { path: string; data: Buffer; mode: number }[] {
  const out: { path: string; data: Buffer; mode: number }[] = [];
  let total = 0;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = relative(ws.root, full).split(sep).join('/');
      const st = lstatSync(full);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) {
        if (/^(\.mailsec\/(backups|snapshots|bin)|node_modules|\.git)$/.test(rel)) continue;
        walk(full);
        continue;
      }
      if (!st.isFile() || !INCLUDE.test(rel) || EXCLUDE.test(rel)) continue;
      if (st.size > LIMITS.fileBytes) {
        // a long log: its last part is what the checks read
        const fd = openSync(full, 'r');
        const buf = Buffer.alloc(LIMITS.fileBytes);
        readSync(fd, buf, 0, buf.length, st.size - buf.length);
        closeSync(fd);
        const cut = buf.indexOf(10);
        out.push({ path: rel, data: buf.subarray(cut + 1), mode: st.mode & 0o777 });
      } else {
        out.push({ path: rel, data: readFileSync(full), mode: st.mode & 0o777 });
      }
      total += out.at(-1)!.data.length;
      if (out.length >= LIMITS.files || total > LIMITS.uncompressed / 2) return;
    }
  };
  walk(ws.root);
  return out;
}

export function makeBundle(ws: Workspace, student: string, tool: string, about: { email?: string; lang?: Lang } = {}): Buffer {
  const files = collectFiles(ws).flatMap((f) => {
    const data = forBundle(f.path, f.data);
    if (!data) return [];
    return [{ path: f.path, mode: f.mode, data: data.toString('base64'), sha256: createHash('sha256').update(data).digest('hex') }];
  });
  const b: Bundle = { format: FORMAT, version: 1, tool, createdAt: new Date().toISOString(), student, domain: ws.domain, ...about, files };
  return gzipSync(JSON.stringify(b));
}

/** Reads and validates a bundle; every refusal is a UserError naming the file and the reason. */
export function readBundle(file: string): Bundle {
  return parseBundle(file, readRegular(file, LIMITS.compressed));
}

/** A bundle's bytes (gzipped JSON) validated; `file` names it in the refusals. */
export function parseBundle(file: string, raw: Buffer): Bundle {
  const bad = (key: string, params?: Params) => refused(file, msg(key, params));
  let json: string;
  try {
    json = gunzipSync(raw, { maxOutputLength: LIMITS.uncompressed }).toString('utf8');
  } catch (e) {
    throw (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
      ? bad('grade.r.expands', { max: LIMITS.uncompressed })
      : bad('grade.r.notGzip');
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw bad('grade.r.notJson');
  }
  const head = data as { format?: unknown; version?: unknown; tool?: unknown } | null;
  if (!head || typeof head !== 'object' || head.format !== FORMAT) throw bad('grade.r.otherFormat');
  if (head.version !== 1)
    throw bad('grade.r.otherVersion', { tool: String(head.tool ?? '?').slice(0, 100), version: String(head.version).slice(0, 20) });
  const r = bundleSchema.safeParse(data);
  if (!r.success) throw bad('grade.r.shape', { field: r.error.issues[0].path.join('.') || '-' });
  const seen = new Set<string>();
  for (const f of r.data.files) {
    if (!safePath(f.path)) throw bad('grade.r.unsafePath', { path: JSON.stringify(f.path) });
    if (seen.has(f.path)) throw bad('grade.r.pathTwice', { path: f.path });
    if (Math.floor((f.data.length * 3) / 4) > LIMITS.fileBytes + 2)
      throw bad('grade.r.fileTooLarge', { path: f.path, max: LIMITS.fileBytes });
    seen.add(f.path);
  }
  if (!seen.has(WORKSPACE_META)) throw bad('grade.r.incomplete', { path: WORKSPACE_META });
  return r.data;
}

/** Writes a bundle's files into `dir`, which must be new or empty; returns the files whose hash did not match. */
export function extractBundle(b: Bundle, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length) throw new Error(`extract into a fresh folder: ${dir}`);
  const damaged: string[] = [];
  for (const f of b.files) {
    const data = Buffer.from(f.data, 'base64');
    if (data.length > LIMITS.fileBytes) throw new Error(`extract: ${f.path} passed the size readBundle checks`);
    if (createHash('sha256').update(data).digest('hex') !== f.sha256) damaged.push(f.path);
    const target = join(dir, ...f.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    // 'wx': create only; a path can never reach an existing file or a link
    writeFileSync(target, data, { flag: 'wx', mode: 0o600 });
    // the learner's exact bits (a file.mode check reads them), but always readable by the grader
    chmodSync(target, (f.mode & 0o777) | 0o400);
  }
  return damaged;
}
