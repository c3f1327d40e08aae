import { workspaceDir } from './workspace-dir.js';
import { Workbook } from '../core/workbook.js';
import type { Course } from '../course/loader.js';
import type { GlobalOptions } from './options.js';
import type { Lang } from '../i18n/lang.js';

// Apart from commands/common.ts, which loads the course parser: the workbook's first
// frame opens a cached course without it.

export { workspaceDir };

export function openWorkbookWith(g: GlobalOptions, c: Course): Workbook {
  const wb = Workbook.open(workspaceDir(g), g.lang, c);
  // a language chosen in the workbook is remembered unless --lang says otherwise
  if (!g.langExplicit && wb.progress.data.lang) wb.lang = wb.progress.data.lang as Lang;
  for (const n of wb.notices) process.stderr.write(wb.text(n) + '\n');
  return wb;
}
