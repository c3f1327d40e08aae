import type { GlobalOptions } from './options.js';
import { initWorkspace } from '../workspace/workspace.js';
import { t } from '../i18n/messages.js';
import { workspaceDir } from './common.js';
import { resolve } from 'node:path';
import { onUserPaths } from '../util/fs-errors.js';
import { workspaceTeacher } from './teacher-key.js';

export async function init(g: GlobalOptions, rest: string[], domain?: string, classFile?: string, student?: string): Promise<number> {
  const dir = resolve(rest[0] ?? workspaceDir(g));
  const teacher = await workspaceTeacher(g.lang, dir, { classFile, student, domain });
  const r = onUserPaths([dir], 'write', () => initWorkspace(dir, { domain: teacher.domain ?? domain, files: teacher.files }));
  onUserPaths([dir], 'write', () => teacher.after(dir));
  // a workspace that had lost its workspace.json: the learner is told which domain it kept
  const n = r.workspace.notice;
  if (n) process.stderr.write(t(g.lang, n.key, n.params) + '\n');
  if (g.json) {
    process.stdout.write(JSON.stringify({ workspace: dir, domain: r.workspace.domain, created: r.created, kept: r.kept }, null, 2) + '\n');
  } else {
    process.stdout.write(
      t(g.lang, 'init.done', { dir, domain: r.workspace.domain, created: r.created.length, kept: r.kept.length }) + '\n',
    );
    for (const m of teacher.notices) process.stdout.write(t(g.lang, m.key, m.params) + '\n');
    process.stdout.write(t(g.lang, 'init.next', { dir }) + '\n');
  }
  return 0;
}
