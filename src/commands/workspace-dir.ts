import { defaultWorkspaceDir } from '../workspace/workspace.js';
import type { GlobalOptions } from './options.js';

// Its own module: `mailsec sandbox start` needs the folder, not the workbook (checks, course) that workbook-open.ts loads.

export function workspaceDir(g: GlobalOptions): string {
  return g.workspace ?? defaultWorkspaceDir();
}
