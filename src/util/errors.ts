import { t, type Message } from '../i18n/messages.js';
import { detectLang } from '../i18n/lang.js';

/**
 * An error the user can fix (bad argument, broken lesson file, missing workspace).
 * It carries a localized message and the exit code; anything else is a bug.
 */
export class UserError extends Error {
  constructor(
    public readonly userMessage: Message,
    public readonly exitCode = 2,
  ) {
    // the text, not the key: wherever it is shown as an Error (a log line, a caught message)
    super(t(detectLang(), userMessage.key, userMessage.params));
    this.name = 'UserError';
  }
}

/**
 * A programming error: mailsec (or the way it calls a library) is wrong, whatever the
 * learner wrote. Such errors are never turned into a verdict about the learner's work.
 * Node's own errors about bad input carry a code (ERR_OSSL_..., ERR_MISSING_PASSPHRASE)
 * and are outcomes; a TypeError or RangeError without one ("x is not a function") is not.
 */
export function isBug(e: unknown): boolean {
  if (e instanceof ReferenceError) return true;
  if ((e instanceof TypeError || e instanceof RangeError) && !(e as NodeJS.ErrnoException).code) return true;
  return false;
}

/** For a catch that handles the outcomes a protocol or a file format defines: lets bugs through. */
export function rethrowBug(e: unknown): void {
  if (isBug(e)) throw e;
}

/**
 * For a catch around a library that parses the learner's bytes (pkijs/asn1js, openpgp.js).
 * On truncated or random input they fail in ways that look like bugs: a RangeError from a
 * DataView or typed array read past the end (about 1 % of random CMS and PKCS#12 files),
 * and openpgp.js's TypeError for a partial length on a packet that cannot have one (about
 * 3 % of random OpenPGP files). Those are the file's fault; anything else still is ours.
 */
export function rethrowUnlessMalformed(e: unknown): void {
  if (e instanceof RangeError) return;
  if (e instanceof TypeError && /does not support partial lengths/.test(e.message)) return;
  rethrowBug(e);
}
