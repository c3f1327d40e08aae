import { openSync, fstatSync, readSync, closeSync, constants, type Stats } from 'node:fs';
import { UserError } from '../util/errors.js';
import { msg, type Message } from '../i18n/messages.js';

/** A bundle refused before grading: the file and the reason, in the teacher's language. */
export function refused(file: string, reason: Message): UserError {
  return new UserError(msg('grade.badBundle', { file, reason }), 1);
}

function notRegular(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isFIFO()) return 'grade.r.fifo';
  if (st.isDirectory()) return 'grade.r.dir';
  if (st.isSocket()) return 'grade.r.socket';
  return 'grade.r.device';
}

/**
 * Reads a file a student handed in, at most `max` bytes. It is opened without waiting
 * (a FIFO would block the open forever) and judged by what was opened, not by its name:
 * a link to /dev/zero, a FIFO, a folder or a device is refused unread.
 */
export function readRegular(file: string, max: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw refused(file, msg('grade.r.dir'));
    throw refused(
      file,
      msg(code === 'ENOENT' ? 'grade.r.missing' : code === 'EACCES' || code === 'EPERM' ? 'grade.r.denied' : 'grade.r.unreadable'),
    );
  }
  try {
    const st = fstatSync(fd);
    const odd = notRegular(st);
    if (odd) throw refused(file, msg(odd));
    if (st.size > max) throw refused(file, msg('grade.r.tooLarge', { max }));
    // the size may change while it is read: never more than max + 1 bytes
    const buf = Buffer.alloc(Math.min(st.size, max) + 1);
    let got = 0;
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
      if (got > max) throw refused(file, msg('grade.r.tooLarge', { max }));
      if (got === buf.length) break;
    }
    return buf.subarray(0, got);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw refused(file, msg('grade.r.unreadable'));
  } finally {
    closeSync(fd);
  }
}
