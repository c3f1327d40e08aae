import type { GlobalOptions } from './options.js';
import { openWorkbook, resolveRef, course } from './common.js';
import { resetLesson } from '../workspace/reset.js';
import { t, msg } from '../i18n/messages.js';
import { UserError } from '../util/errors.js';
import { onUserPaths } from '../util/fs-errors.js';

export async function reset(g: GlobalOptions, rest: string[]): Promise<number> {
  if (!rest[0]) throw new UserError(msg('cli.badOption', { error: 'mailsec reset LESSON' }));
  if (rest.length > 1) throw new UserError(msg('cli.extraArgs', { args: rest.slice(1).join(' ') }));
  const c = course(g);
  const wb = openWorkbook(g, c);
  const { lesson } = resolveRef(c, rest[0]);
  const r = onUserPaths([wb.ws.root], 'write', () => resetLesson(wb.ws, lesson));
  if (!r.restored.length) process.stdout.write(t(wb.lang, 'reset.nothing', { lesson: lesson.id }) + '\n');
  else
    process.stdout.write(t(wb.lang, 'reset.done', { lesson: lesson.id, n: r.restored.length, backup: wb.ws.display(r.backupDir) }) + '\n');
  // the only way a passed step becomes not passed again
  const unpassed = wb.progress.resetLesson(lesson.id);
  process.stdout.write(t(wb.lang, 'reset.progress', { lesson: lesson.id, n: unpassed }) + '\n');
  return 0;
}
