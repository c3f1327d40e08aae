// The real server a workspace's checks go to (`mailsec check --target`), kept in .mailsec/target.json
// so that a later `mailsec check` goes there too; none means the sandbox.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../util/atomic.js';
import { rethrowBug } from '../util/errors.js';
import { META_DIR, type Workspace } from './workspace.js';

export const TARGET_FILE = 'target.json';

export const savedTarget = z
  .object({
    /** HOST or HOST:PORT, as the learner gave it */
    target: z.string().min(1),
    dns: z.string().min(1).optional(),
    domain: z.string().min(1).optional(),
    /** USER@HOST[:PORT]: where the server's main.cf and master.cf are read over ssh */
    ssh: z.string().min(1).optional(),
    /** the learner said the (public) server is theirs */
    ownServer: z.boolean().optional(),
  })
  .strict();

export type SavedTarget = z.infer<typeof savedTarget>;

const pathOf = (ws: Workspace) => join(ws.root, META_DIR, TARGET_FILE);

/** The target saved in the workspace; a file that is not one is ignored (the sandbox is checked). */
export function loadTarget(ws: Workspace): SavedTarget | undefined {
  const p = pathOf(ws);
  if (!existsSync(p)) return undefined;
  try {
    const r = savedTarget.safeParse(JSON.parse(readFileSync(p, 'utf8')));
    return r.success ? r.data : undefined;
  } catch (e) {
    rethrowBug(e);
    return undefined;
  }
}

/** A saved server as the one line the workbook's E key edits: "192.168.56.10 --dns 192.168.56.10 --ssh alumno@vm1". */
export function targetLine(t: SavedTarget | undefined): string {
  if (!t) return '';
  const opt = (name: string, v: string | undefined) => (v === undefined ? [] : [`--${name}`, v]);
  return [
    t.target,
    ...opt('dns', t.dns),
    ...opt('ssh', t.ssh),
    ...opt('domain', t.domain),
    ...(t.ownServer ? ['--i-own-this-server'] : []),
  ].join(' ');
}

export function saveTarget(ws: Workspace, t: SavedTarget): void {
  writeFileAtomic(pathOf(ws), JSON.stringify(t, null, 2) + '\n');
}

export function clearTarget(ws: Workspace): void {
  rmSync(pathOf(ws), { force: true });
}
