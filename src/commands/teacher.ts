// mailsec teacher init [DIR]: the teacher's OpenPGP key pair and S/MIME certificate, on the teacher's machine.
import { resolve } from 'node:path';
import type { GlobalOptions } from './options.js';
import { t, msg } from '../i18n/messages.js';
import { UserError } from '../util/errors.js';
import { onUserPathsAsync } from '../util/fs-errors.js';
import { TEACHER_FILES, defaultTeacherDir, initTeacher } from '../mailcrypto/teacher.js';

export async function teacher(g: GlobalOptions, rest: string[], name?: string): Promise<number> {
  const [sub, dirArg, ...extra] = rest;
  if (sub !== 'init' || extra.length) {
    process.stderr.write(t(g.lang, 'teacher.usage', { dir: defaultTeacherDir() }) + '\n');
    return 2;
  }
  const dir = resolve(dirArg ?? defaultTeacherDir());
  const r = await onUserPathsAsync([dir], 'write', () => initTeacher(dir, name?.trim() || t(g.lang, 'teacher.defaultName')));
  if ('problem' in r) throw new UserError(msg('teacher.notEmpty', { dir }));
  if (g.json) {
    process.stdout.write(JSON.stringify({ dir, created: r.created, ...r.meta, files: TEACHER_FILES }, null, 2) + '\n');
    return 0;
  }
  if (!r.created) {
    process.stdout.write(t(g.lang, 'teacher.kept', { dir, fpr: r.meta.fingerprint }) + '\n');
    return 0;
  }
  process.stdout.write(t(g.lang, 'teacher.made', { dir, fpr: r.meta.fingerprint, email: r.meta.email, ...TEACHER_FILES }) + '\n');
  return 0;
}
