// `mailsec capstone break [--again]` and `mailsec capstone restore`: the capstone lesson's
// faults hidden in the workspace (a backup kept first), or the backup put back.
import { t } from '../i18n/messages.js';
import { breakServer, restoreServer } from '../core/capstone.js';
import { requireWorkspace, parseSubcommand } from './subcommand.js';
import { onUserPaths } from '../util/fs-errors.js';

export async function capstone(argv: string[]): Promise<number> {
  const sub = argv.find((a) => a === 'break' || a === 'restore') ?? 'break';
  const parsed = parseSubcommand(argv, sub, 'capstone.usage', { again: { type: 'boolean' } });
  if (typeof parsed === 'number') return parsed;
  const { values: v, lang } = parsed;
  const ws = requireWorkspace(v.workspace, lang);
  if (typeof ws === 'number') return ws;
  if (sub === 'restore') {
    const r = onUserPaths([ws.root], 'write', () => restoreServer(ws));
    process.stdout.write(t(lang, 'capstone.restored', { files: r.files.join(', '), kept: r.kept }) + '\n');
    return 0;
  }
  const r = onUserPaths([ws.root], 'write', () => breakServer(ws, { again: v.again }));
  process.stdout.write(t(lang, 'capstone.broke', { n: r.areas.length, files: r.files.length, backup: r.backup }) + '\n');
  return 0;
}
