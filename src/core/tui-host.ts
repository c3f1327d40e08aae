/**
 * What a workbook on a terminal does about a sandbox it may host, beside the link
 * (sandbox-link.ts): its state files go with the process, and a SIGHUP is a reload only
 * when `mailsec sandbox reload` asked for one. The UI calls these, never src/sandbox.
 */
import type { Workspace } from '../workspace/workspace.js';
import { readState, removeStateFiles, takeReloadRequest } from '../sandbox/api.js';

/** Removes the sandbox's state files if this very process is the one they describe. */
export function dropOwnState(ws: Workspace): void {
  if (readState(ws)?.pid === process.pid) removeStateFiles(ws);
}

/** `mailsec sandbox reload` left a note asking for a reload (a hung-up terminal leaves none). */
export function reloadRequested(ws: Workspace): boolean {
  return takeReloadRequest(ws);
}
