// Where a delivered mail is now. A mail client reading over IMAP (Dovecot) moves a message
// from new/ to cur/ and appends Maildir's info (":2,S" once seen), so the path a delivery
// event recorded may be gone while the mail is still there.
import { readdirSync } from 'node:fs';
import type { Workspace } from '../workspace/workspace.js';

const parts = (rel: string) => /^(.*\/)(?:new|cur)\/([^/:]+)(?::[^/]*)?$/.exec(rel);

/** The workspace path of the delivered mail today: as recorded, or moved to cur/ by a client. */
export function deliveredNow(ws: Workspace, rel: string): string {
  const m = parts(rel);
  if (!m || ws.readText(rel) !== undefined) return rel;
  try {
    const hit = readdirSync(ws.resolve(`${m[1]}cur`)).find((f) => f === m[2] || f.startsWith(`${m[2]}:`));
    return hit ? `${m[1]}cur/${hit}` : rel;
  } catch {
    // no cur/ folder: the mail is where it was, or gone
    return rel;
  }
}

/** Two paths of the same Maildir message, one in new/ and one in cur/ with its flags. */
export function sameDelivered(a: string, b: string): boolean {
  if (a === b) return true;
  const x = parts(a);
  const y = parts(b);
  return !!x && !!y && x[1] === y[1] && x[2] === y[2];
}
