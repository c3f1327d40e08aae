// The class file a teacher hands out: the class, each student's name, e-mail, group and
// domain, and the public parts of the teacher's identities (never a secret: checked when
// written and when read). A student's workspace is made from it (`mailsec init --class`).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { UserError } from '../util/errors.js';
import { msg } from '../i18n/messages.js';
import { holdsPrivateKey, type TeacherPublic } from '../mailcrypto/teacher.js';
import { META_DIR, WORKSPACE_CLASS, validDomain } from '../workspace/workspace.js';

export interface ClassStudent {
  name: string;
  email: string;
  group?: string;
  domain: string;
}

export interface ClassFile {
  mailsec: 'class';
  version: 1;
  code: string;
  name: string;
  createdAt: string;
  teacher: TeacherPublic;
  students: ClassStudent[];
}

export function classFileText(c: ClassFile): string {
  const text = JSON.stringify(c, null, 2) + '\n';
  // one home for the rule: a class file is handed to every student
  if (holdsPrivateKey(text)) throw new Error('a class file must hold no private key');
  return text;
}

export function writeClassFile(path: string, c: ClassFile): void {
  writeFileAtomic(path, classFileText(c));
}

/** Largest roster or class file read: a class of a few hundred is a few hundred kB. */
const MAX_BYTES = 8 * 1024 * 1024;

/**
 * Reads a file the user named, only if it is a regular file of sane size (a FIFO or a
 * link to /dev/zero would hang or fill memory); else a UserError with `unreadable`'s key.
 */
export function readSmallFile(path: string, unreadable: string): Buffer {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new UserError(msg(unreadable, { file: path, error: (e as NodeJS.ErrnoException).code ?? (e as Error).message }));
  }
  if (!st.isFile()) throw new UserError(msg('class.notFile', { file: path }));
  if (st.size > MAX_BYTES) throw new UserError(msg('class.tooBig', { file: path, max: `${MAX_BYTES / 1024 / 1024} MB` }));
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UserError(msg(unreadable, { file: path, error: (e as NodeJS.ErrnoException).code ?? (e as Error).message }));
  }
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Reads and validates a class file; a broken one is the user's to fix, named with what is wrong. */
export function readClassFile(path: string): ClassFile {
  const text = readSmallFile(path, 'class.unreadable').toString('utf8');
  let c: ClassFile;
  try {
    c = JSON.parse(text) as ClassFile;
  } catch {
    throw new UserError(msg('class.invalid', { file: path, what: 'JSON' }));
  }
  const bad = (what: string) => new UserError(msg('class.invalid', { file: path, what }));
  if (!c || c.mailsec !== 'class' || c.version !== 1) throw bad('mailsec/version');
  const t = c.teacher;
  if (!t || !str(t.openpgp) || !/-----BEGIN PGP PUBLIC KEY BLOCK-----/.test(t.openpgp) || !str(t.fingerprint)) throw bad('teacher');
  if (holdsPrivateKey(text)) throw new UserError(msg('class.secretInside', { file: path }));
  if (!Array.isArray(c.students)) throw bad('students');
  for (const s of c.students) if (!s || !str(s.email) || !str(s.name) || !str(s.domain) || !validDomain(s.domain)) throw bad('students');
  return c;
}

/** The student of a class by e-mail (case-insensitive); a class of one needs none named. */
export function findStudent(c: ClassFile, file: string, email?: string): ClassStudent {
  if (!email) {
    if (c.students.length === 1) return c.students[0];
    throw new UserError(msg('class.whichStudent', { file, n: c.students.length }));
  }
  const s = c.students.find((x) => x.email.toLowerCase() === email.toLowerCase());
  if (!s) throw new UserError(msg('class.noStudent', { file, email }));
  return s;
}

export type WorkspaceClass = Omit<ClassFile, 'students'> & { student: ClassStudent };

/** The class a workspace (its root folder) was made for, if any: its teacher's public key comes from there. */
export function workspaceClass(root: string): WorkspaceClass | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, META_DIR, WORKSPACE_CLASS), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const c = JSON.parse(text) as WorkspaceClass;
    return c?.teacher?.openpgp && c.student?.email ? c : undefined;
  } catch {
    return undefined;
  }
}

export function writeWorkspaceClass(root: string, c: ClassFile, student: ClassStudent): void {
  const { students: _all, ...rest } = c;
  writeFileAtomic(join(root, META_DIR, WORKSPACE_CLASS), JSON.stringify({ ...rest, student }, null, 2) + '\n');
}
