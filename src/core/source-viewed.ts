/**
 * What the learner read in the workbook's mailbox with "View source", so a step can
 * ask for it: one JSON line per viewing in .mailsec/viewed.jsonl
 *   {"ts":"...","type":"source-viewed","path":"var/mail/alumno/Maildir/new/...","queueId":"2096E3166A8","folder":"inbox"}
 * The file belongs to the workbook (the sandbox's events.jsonl stays the sandbox's).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Workspace } from '../workspace/workspace.js';

export const VIEWED_FILE = 'viewed.jsonl';

export interface SourceViewed {
  ts: string;
  type: 'source-viewed';
  /** workspace-relative path of the message file */
  path: string;
  queueId?: string;
  folder?: string;
}

export function recordSourceViewed(ws: Workspace, m: { path: string; queueId?: string; folder?: string }): void {
  const file = ws.metaPath(VIEWED_FILE);
  const e: SourceViewed = {
    ts: new Date().toISOString(),
    type: 'source-viewed',
    path: m.path,
    ...(m.queueId ? { queueId: m.queueId } : {}),
    ...(m.folder ? { folder: m.folder } : {}),
  };
  try {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, JSON.stringify(e) + '\n');
  } catch {
    // a read-only workspace: reading the source still works
  }
}

/** Every recorded viewing, oldest first; torn lines are skipped. */
export function sourcesViewed(ws: Workspace): SourceViewed[] {
  const file = ws.metaPath(VIEWED_FILE);
  if (!existsSync(file)) return [];
  const out: SourceViewed[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line);
      if (e?.type === 'source-viewed' && typeof e.path === 'string') out.push(e);
    } catch {
      // half a line
    }
  }
  return out;
}
