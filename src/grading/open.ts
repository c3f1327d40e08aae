// A submission file as the grader opens it: a plain bundle, or a sealed one (seal.ts)
// opened with the teacher's secret key and its signature checked with the student's own
// keys, those their bundle carries. Every refusal names the file and the reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS, parseBundle, type Bundle } from './bundle.js';
import { readRegular, refused } from './safe-read.js';
import { isSealed, sealSignature, unseal, type SealSignature } from './seal.js';
import { TEACHER_FILES, defaultTeacherDir, hasTeacher } from '../mailcrypto/teacher.js';
import { GNUPG_HOME, keyringKeys } from '../mailcrypto/gnupg-home.js';
import { msg } from '../i18n/messages.js';
import { META_DIR, WORKSPACE_CLASS } from '../workspace/workspace.js';

/** Where lesson 11's keyring is in a workspace, and so in a bundle. */
const KEYRINGS = [`${GNUPG_HOME}/pubring.kbx`, `${GNUPG_HOME}/pubring.gpg`];

/** The class a workspace was made for, as a bundle carries it. */
export const CLASS_IN_BUNDLE = `${META_DIR}/${WORKSPACE_CLASS}`;

export interface Opened {
  bundle: Bundle;
  /** for a sealed bundle: how its signature reads */
  sealed?: SealSignature;
}

/**
 * `teacher`: the folder named with --teacher. A sealed bundle is opened with it, or else
 * with the teacher's folder on this machine (`mailsec teacher init`), and `openedWith` says
 * which: a class's teacher then grades with their own key (see teacher-read.ts).
 */
export async function openSubmission(file: string, teacher: string | undefined): Promise<Opened & { openedWith?: string }> {
  const raw = readRegular(file, LIMITS.compressed);
  if (!isSealed(raw)) return { bundle: parseBundle(file, raw) };
  const mine = defaultTeacherDir();
  const teacherDir = teacher ?? (hasTeacher(mine) ? mine : undefined);
  if (!teacherDir) throw refused(file, msg('grade.r.sealedNoTeacher'));
  const u = await unseal(raw, readFileSync(join(teacherDir, TEACHER_FILES.pgpSecret), 'utf8'), LIMITS.compressed);
  if ('problem' in u) {
    if (u.problem === 'expands') throw refused(file, msg('grade.r.expands', { max: LIMITS.compressed }));
    if (u.problem === 'notForTeacher') throw refused(file, msg('grade.r.sealNotForTeacher', { dir: teacherDir }));
    throw refused(file, msg(u.problem === 'tampered' ? 'grade.r.sealTampered' : 'grade.r.sealUnreadable'));
  }
  const bundle = parseBundle(file, u.data);
  const ring = bundle.files.find((f) => KEYRINGS.includes(f.path));
  const keys = ring ? await keyringKeys(Buffer.from(ring.data, 'base64')) : [];
  return { bundle, sealed: await sealSignature(u.data, u.signature, keys), openedWith: teacherDir };
}

/** What the teacher reads of a seal: a note when it is signed as it should be, a warning otherwise. */
export function sealNote(s: SealSignature): { note?: ReturnType<typeof msg>; warning?: ReturnType<typeof msg> } {
  switch (s.state) {
    case 'valid':
      return { note: msg('grade.seal.signed', { fingerprint: s.fingerprint }) };
    case 'none':
      return { warning: msg('grade.w.sealUnsigned') };
    case 'unknownKey':
      return { warning: msg('grade.w.sealUnknownKey', { keyId: s.keyId }) };
    case 'bad':
      return { warning: msg('grade.w.sealBadSignature', { fingerprint: s.fingerprint }) };
  }
}
