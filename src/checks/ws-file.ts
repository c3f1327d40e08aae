import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { CheckContext } from './types.js';
import { rethrowBug } from '../util/errors.js';

/**
 * A regular file of the workspace, or undefined when the learner's workspace has no
 * readable file there (missing, a directory, outside the workspace): the check says so.
 * A bug in mailsec still throws.
 */
export function readWsFile(ctx: CheckContext, rel: string): Buffer | undefined {
  try {
    const p = ctx.ws.resolve(rel);
    return statSync(p).isFile() ? readFileSync(p) : undefined;
  } catch (e) {
    rethrowBug(e);
    return undefined;
  }
}

/** The same file as text; latin1 keeps every byte, whatever the learner's editor wrote. */
export function readWsText(ctx: CheckContext, rel: string): string | undefined {
  return readWsFile(ctx, rel)?.toString('latin1');
}

/**
 * The end of a log of the workspace (var/log/mail.log, the DNS query log): all of it up to
 * `max` bytes, else its last `max` bytes from the first whole line; undefined when there is none.
 */
export function readWsTail(ctx: CheckContext, rel: string, max = 2 * 1024 * 1024): string | undefined {
  try {
    const p = ctx.ws.resolve(rel);
    const st = statSync(p);
    if (!st.isFile()) return undefined;
    if (st.size <= max) return readFileSync(p, 'utf8');
    const fd = openSync(p, 'r');
    try {
      const buf = Buffer.alloc(max);
      readSync(fd, buf, 0, max, st.size - max);
      const text = buf.toString('utf8');
      return text.slice(text.indexOf('\n') + 1);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    rethrowBug(e);
    return undefined;
  }
}
