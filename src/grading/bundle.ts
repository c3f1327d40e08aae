import { gzipSync, gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import {
  readdirSync,
  readFileSync,
  lstatSync,
  mkdirSync,
  writeFileSync,
  statSync,
  openSync,
  readSync,
  closeSync,
  chmodSync,
} from 'node:fs';
import { join, dirname, relative, sep } from 'node:path';
import { z } from 'zod';
import type { Workspace } from '../workspace/workspace.js';
import { UserError } from '../util/errors.js';
import { msg } from '../i18n/messages.js';
import { LANGS, type Lang } from '../i18n/lang.js';

/**
 * A submission: the learner's workspace files in one gzipped JSON document. The
 * grader never trusts it: sizes are capped before and while decompressing, every
 * path is checked before anything is written, and files are only ever created
 * (never followed or overwritten) inside a fresh folder.
 */
export const FORMAT = 'mailsec-submission';
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
 * workbook's own folder only the progress, the workspace record and the sources viewed.
 * Lab keys travel with the work: the lessons say never to reuse them.
 */
const INCLUDE = /^(?!\.mailsec\/|\.git\/|node_modules\/)|^\.mailsec\/(progress\.json|workspace\.json|viewed\.jsonl)$/;
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
  const files = collectFiles(ws).map((f) => ({
    path: f.path,
    mode: f.mode,
    data: f.data.toString('base64'),
    sha256: createHash('sha256').update(f.data).digest('hex'),
  }));
  const b: Bundle = { format: FORMAT, version: 1, tool, createdAt: new Date().toISOString(), student, domain: ws.domain, ...about, files };
  return gzipSync(JSON.stringify(b));
}

/** Reads and validates a bundle; every refusal is a UserError naming the file and the reason. */
export function readBundle(file: string): Bundle {
  const bad = (reason: string) => new UserError(msg('grade.badBundle', { file, reason }));
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw bad('cannot read the file');
  }
  if (size > LIMITS.compressed) throw bad(`larger than ${LIMITS.compressed} bytes`);
  let json: string;
  try {
    json = gunzipSync(readFileSync(file), { maxOutputLength: LIMITS.uncompressed }).toString('utf8');
  } catch (e) {
    throw bad(
      (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
        ? `expands to more than ${LIMITS.uncompressed} bytes`
        : 'not a gzip file',
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw bad('not JSON inside');
  }
  const r = bundleSchema.safeParse(data);
  if (!r.success) throw bad(`${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message}`);
  const seen = new Set<string>();
  for (const f of r.data.files) {
    if (!safePath(f.path)) throw bad(`unsafe path ${JSON.stringify(f.path)}`);
    if (seen.has(f.path)) throw bad(`path twice: ${f.path}`);
    seen.add(f.path);
  }
  return r.data;
}

/** Writes a bundle's files into `dir`, which must be new or empty; returns the files whose hash did not match. */
export function extractBundle(b: Bundle, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length) throw new Error(`extract into a fresh folder: ${dir}`);
  const damaged: string[] = [];
  for (const f of b.files) {
    const data = Buffer.from(f.data, 'base64');
    if (data.length > LIMITS.fileBytes) throw new UserError(msg('grade.badBundle', { file: f.path, reason: 'file too large' }));
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
