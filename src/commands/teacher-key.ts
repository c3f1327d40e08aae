// Whose public key a new workspace gets as "the teacher" (home/alumno/profesor.asc): the
// class file's teacher, else the class the workspace was made for, else this machine's own
// teacher identity, made once outside any workspace. Never a key shipped with mailsec.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { msg, type Message } from '../i18n/messages.js';
import { t } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';
import { UserError } from '../util/errors.js';
import { onUserPathsAsync } from '../util/fs-errors.js';
import { findStudent, readClassFile, workspaceClass, writeWorkspaceClass } from '../core/class-file.js';
import { TEACHER_KEY_PATH, defaultTeacherDir, initTeacher, teacherPublic } from '../mailcrypto/teacher.js';

export interface WorkspaceTeacher {
  /** the domain the class gives the student */
  domain?: string;
  files: Record<string, string>;
  /** what the learner reads once the workspace is made */
  notices: Message[];
  /** run once the workspace exists */
  after(root: string): void;
}

export async function workspaceTeacher(
  lang: Lang,
  dir: string,
  o: { classFile?: string; student?: string; domain?: string },
): Promise<WorkspaceTeacher> {
  const root = resolve(dir);
  const nothing = () => undefined;
  if (o.classFile) {
    const c = readClassFile(o.classFile);
    const s = findStudent(c, o.classFile, o.student);
    const had = workspaceClass(root);
    if (had && had.student.email.toLowerCase() !== s.email.toLowerCase())
      throw new UserError(msg('class.studentMismatch', { email: had.student.email, wanted: s.email }));
    if (o.domain && o.domain.toLowerCase() !== s.domain)
      throw new UserError(msg('init.domainMismatch', { dir: root, domain: s.domain, wanted: o.domain }));
    return {
      domain: s.domain,
      files: { [TEACHER_KEY_PATH]: c.teacher.openpgp },
      notices: [msg('init.class', { name: s.name, email: s.email, class: c.name, domain: s.domain, key: TEACHER_KEY_PATH })],
      after: (r) => writeWorkspaceClass(r, c, s),
    };
  }
  const had = workspaceClass(root);
  if (had) return { files: { [TEACHER_KEY_PATH]: had.teacher.openpgp }, notices: [], after: nothing };
  // the learner's own copy stays as it is: no identity is made for a file that will not be written
  if (existsSync(join(root, TEACHER_KEY_PATH))) return { files: {}, notices: [], after: nothing };
  const tdir = defaultTeacherDir();
  await onUserPathsAsync([tdir], 'write', () => initTeacher(tdir, t(lang, 'teacher.defaultName')));
  return {
    files: { [TEACHER_KEY_PATH]: teacherPublic(tdir).openpgp },
    notices: [msg('init.localTeacher', { dir: tdir, key: TEACHER_KEY_PATH })],
    after: nothing,
  };
}
