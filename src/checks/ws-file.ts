import { readFileSync, statSync } from 'node:fs';
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
