import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { userInfo } from 'node:os';
import type { GlobalOptions } from './options.js';
import { openWorkbook } from './common.js';
import { makeBundle } from '../grading/bundle.js';
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
  const roster = workspaceClass(wb.ws.root)?.student;
  const address = studentEmail(wb.ws, email) ?? (validEmail(roster?.email) ? roster.email : undefined);
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
  const file = resolve(out ?? `mailsec-${wb.ws.domain}-${stamp}.mailsec`);
  if (existsSync(file))
    throw new UserError(
      statSync(file).isDirectory() ? msg('fs.isDir', { path: shownPath(file) }) : msg('submit.exists', { file: shownPath(file) }),
    );
  const student = name ?? process.env.MAILSEC_STUDENT ?? roster?.name ?? userInfo().username;
  const data = onUserPaths([wb.ws.root], 'read', () =>
    makeBundle(wb.ws, student, `mailsec ${pkg.version}`, { email: address, lang: wb.lang }),
  );
  onUserPaths([file], 'write', () => {
    // --out sub/x.mailsec: the folder is made, as the learner asked for a file in it
    makeDirs(dirname(file));
    // the bundle holds the student's lab keys: readable by the student only (a umask only takes bits away)
    writeFileSync(file, data, { flag: 'wx', mode: 0o600 });
  });
  const files = JSON.parse(gunzipSync(data).toString('utf8')).files.length;
  if (g.json) process.stdout.write(JSON.stringify({ file, student, email: address, domain: wb.ws.domain, files }) + '\n');
  else process.stdout.write(t(wb.lang, 'submit.done', { file, files, domain: wb.ws.domain }) + '\n');
  return 0;
}
