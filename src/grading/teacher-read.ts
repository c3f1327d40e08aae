// Grading with the teacher's own key (`mailsec grade --teacher DIR`): the student's copy of
// the teacher's public key is replaced by the real one before the checks run (so a key of
// the student's own making does not pass as the teacher's), and every file a step has the
// student encrypt for the teacher is decrypted with the teacher's secret key.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Course } from '../course/loader.js';
import type { Workspace } from '../workspace/workspace.js';
import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/messages.js';
import { TEACHER_KEY_PATH, decryptForTeacher, teacherPublic } from '../mailcrypto/teacher.js';
import { openpgp } from '../mailcrypto/gnupg-home.js';
import { rethrowUnlessMalformed } from '../util/errors.js';

/** The files steps have the student encrypt to the teacher's key. */
export function filesForTeacher(course: Course): string[] {
  const out = new Set<string>();
  for (const l of course.lessons)
    for (const s of l.steps) {
      const p = s.check.params as { path?: unknown; recipients?: { keyFile?: unknown }[] };
      if (s.check.kind === 'gpg.encrypted' && typeof p.path === 'string' && p.recipients?.some((r) => r.keyFile === TEACHER_KEY_PATH))
        out.add(p.path);
    }
  return [...out];
}

async function fingerprints(text: string): Promise<string[]> {
  try {
    return (await (await openpgp()).readKeys({ armoredKeys: text })).map((k) => k.getFingerprint().toUpperCase());
  } catch (e) {
    rethrowUnlessMalformed(e);
    // unreadable: not the teacher's key, whatever it is
    return [];
  }
}

export interface TeacherNotes {
  /** files read with the teacher's key: evidence, not a problem */
  read: string[];
  warnings: string[];
}

/** Before the checks run on an extracted submission: the teacher's key in place, the student's encrypted files opened. */
export async function teacherReview(ws: Workspace, teacherDir: string, course: Course, lang: Lang): Promise<TeacherNotes> {
  const pub = teacherPublic(teacherDir);
  const notes: TeacherNotes = { read: [], warnings: [] };
  const keyFile = ws.resolve(TEACHER_KEY_PATH);
  const theirs = ws.readText(TEACHER_KEY_PATH);
  if (theirs !== undefined && !(await fingerprints(theirs)).includes(pub.fingerprint))
    notes.warnings.push(t(lang, 'grade.teacher.keyReplaced', { path: TEACHER_KEY_PATH }));
  writeFileSync(keyFile, pub.openpgp);
  for (const path of filesForTeacher(course)) {
    let data: Buffer;
    try {
      data = readFileSync(ws.resolve(path));
    } catch {
      // not submitted: the step's own check says so
      continue;
    }
    const r = await decryptForTeacher(teacherDir, data);
    if ('text' in r) {
      // beside the student's file, for a teacher who keeps the graded folders (--keep)
      writeFileSync(ws.resolve(`${path}.decrypted`), r.text, { mode: 0o600 });
      notes.read.push(t(lang, 'grade.teacher.read', { path, bytes: r.text.length }));
    } else
      notes.warnings.push(
        t(lang, r.problem === 'notForTeacher' ? 'grade.teacher.notForYou' : 'grade.teacher.unreadable', { path, error: r.error }),
      );
  }
  return notes;
}
