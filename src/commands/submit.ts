import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { userInfo } from 'node:os';
import type { GlobalOptions } from './options.js';
import { openWorkbook } from './common.js';
import { makeBundle } from '../grading/bundle.js';
import { seal } from '../grading/seal.js';
import { gpgDetachSign } from '../mailcrypto/gpg-sign.js';
import { GNUPG_HOME, keysFor, readKeyring } from '../mailcrypto/gnupg-home.js';
import type { TeacherPublic } from '../mailcrypto/teacher.js';
import type { Workspace } from '../workspace/workspace.js';
import { workspaceClass } from '../core/class-file.js';
import { studentEmail, validEmail } from '../grading/student.js';
import { gunzipSync } from 'node:zlib';
import { t, msg } from '../i18n/messages.js';
import { UserError } from '../util/errors.js';
import { makeDirs, onUserPaths, shownPath } from '../util/fs-errors.js';
import pkg from '../../package.json' with { type: 'json' };

export async function submit(g: GlobalOptions, out?: string, name?: string, email?: string): Promise<number> {
  const wb = openWorkbook(g);
  // a workspace made from a class file knows its student (the roster's name and e-mail travel in .mailsec/class.json)
  const cls = workspaceClass(wb.ws.root);
  const roster = cls?.student;
  const address = studentEmail(wb.ws, email) ?? (validEmail(roster?.email) ? roster.email : undefined);
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
  const file = resolve(out ?? `mailsec-${wb.ws.domain}-${stamp}.mailsec`);
  if (existsSync(file))
    throw new UserError(
      statSync(file).isDirectory() ? msg('fs.isDir', { path: shownPath(file) }) : msg('submit.exists', { file: shownPath(file) }),
    );
  const student = name ?? process.env.MAILSEC_STUDENT ?? roster?.name ?? userInfo().username;
  const bundle = onUserPaths([wb.ws.root], 'read', () =>
    makeBundle(wb.ws, student, `mailsec ${pkg.version}`, { email: address, lang: wb.lang }),
  );
  // a class workspace seals its bundle for the class's teacher
  const teacher = cls?.teacher;
  const sealed = teacher ? await sealFor(wb.ws, bundle, teacher) : undefined;
  const data = sealed?.data ?? bundle;
  onUserPaths([file], 'write', () => {
    // --out sub/x.mailsec: the folder is made, as the learner asked for a file in it
    makeDirs(dirname(file));
    // the bundle holds the student's lab keys: readable by the student only (a umask only takes bits away)
    writeFileSync(file, data, { flag: 'wx', mode: 0o600 });
  });
  const files = JSON.parse(gunzipSync(bundle).toString('utf8')).files.length;
  if (g.json) {
    const seal = sealed ? { sealedFor: teacher!.fingerprint, signedBy: sealed.signedBy ?? null } : {};
    process.stdout.write(JSON.stringify({ file, student, email: address, domain: wb.ws.domain, files, ...seal }) + '\n');
  } else {
    process.stdout.write(t(wb.lang, 'submit.done', { file, files, domain: wb.ws.domain }) + '\n');
    if (sealed) {
      process.stdout.write(
        t(wb.lang, 'submit.sealed', { teacher: `${teacher!.name} <${teacher!.email}>`, fingerprint: teacher!.fingerprint }) + '\n',
      );
      if (sealed.signedBy) process.stdout.write(t(wb.lang, 'submit.signed', { fingerprint: sealed.signedBy }) + '\n');
    }
  }
  if (sealed?.unsigned) process.stderr.write(t(wb.lang, 'submit.unsigned', { error: sealed.unsigned }) + '\n');
  return 0;
}

/**
 * The bundle encrypted to the teacher's key and, when the workspace has the student's
 * lesson-11 key, signed with it by their own gpg (which asks for the passphrase).
 */
async function sealFor(
  ws: Workspace,
  bundle: Buffer,
  teacher: TeacherPublic,
): Promise<{ data: Buffer; signedBy?: string; unsigned?: string }> {
  const home = ws.resolve(GNUPG_HOME);
  const me = `alumno@${ws.domain}`;
  const ring = await readKeyring(home);
  const mine = 'keys' in ring ? keysFor(ring.keys, me) : [];
  if (!mine.length) return { data: await seal(bundle, teacher.openpgp) };
  const fingerprint = mine[0].getFingerprint().toUpperCase();
  const sig = await gpgDetachSign(home, fingerprint, bundle, Boolean(process.stdin.isTTY));
  if ('problem' in sig) return { data: await seal(bundle, teacher.openpgp), unsigned: sig.error };
  return { data: await seal(bundle, teacher.openpgp, sig.armored), signedBy: fingerprint };
}
