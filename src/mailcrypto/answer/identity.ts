// The teacher the sandbox plays: this machine's teacher identity (the folder `mailsec init`
// or `mailsec teacher init` made, outside every workspace), made now if there is none.
// Never a key from the repository.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEACHER_FILES, defaultTeacherDir, hasTeacher, initTeacher, readTeacherMeta } from '../teacher.js';
import { t } from '../../i18n/messages.js';
import type { Lang } from '../../i18n/lang.js';
import type { AnsweringTeacher } from './types.js';

const cache = new Map<string, AnsweringTeacher>();

export async function answeringTeacher(lang: Lang, dir = defaultTeacherDir()): Promise<AnsweringTeacher> {
  const hit = cache.get(dir);
  if (hit && hasTeacher(dir)) return hit;
  if (!hasTeacher(dir)) {
    const r = await initTeacher(dir, t(lang, 'teacher.defaultName'));
    if ('problem' in r) throw new Error(`the teacher's folder ${dir} holds other files`);
  }
  const meta = readTeacherMeta(dir);
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const me: AnsweringTeacher = {
    dir,
    name: meta.name,
    email: meta.email,
    fingerprint: meta.fingerprint,
    pgpSecret: read(TEACHER_FILES.pgpSecret),
    pgpPublic: read(TEACHER_FILES.pgpPublic),
    smimeCert: read(TEACHER_FILES.smimeCert),
    smimeKey: read(TEACHER_FILES.smimeKey),
    caCert: read(TEACHER_FILES.caCert),
  };
  cache.set(dir, me);
  return me;
}
