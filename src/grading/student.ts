import type { Workspace } from '../workspace/workspace.js';
import { UserError } from '../util/errors.js';
import { msg } from '../i18n/messages.js';

/**
 * An e-mail address as a roster and Moodle's gradebook hold it. Deliberately narrow: it
 * is the identifier a grade sheet is imported by, so nothing a spreadsheet would read as a
 * formula (a leading = + - @) and no separator or quote of a CSV can pass.
 */
const EMAIL =
  /^[A-Za-z0-9_][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function validEmail(s: unknown): s is string {
  return typeof s === 'string' && s.length <= 254 && EMAIL.test(s);
}

/**
 * The e-mail a submission carries: the one given with --email, else the one the
 * workspace was set up with (an optional `email` in .mailsec/workspace.json, which a
 * class file may set), else none.
 */
export function studentEmail(ws: Workspace, given?: string): string | undefined {
  if (given !== undefined) {
    if (!validEmail(given)) throw new UserError(msg('submit.badEmail', { email: given }));
    return given;
  }
  const fromWs = (ws.meta as { email?: unknown }).email;
  return validEmail(fromWs) ? fromWs : undefined;
}
