import { readFileSync, existsSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import type { Workspace } from '../workspace/workspace.js';

/**
 * One line of var/log/events.jsonl: what the sandbox did and why. Checks and watch
 * mode read it; the mail log (var/log/mail.log) is its Postfix-format twin.
 */
export interface SandboxEvent {
  ts: string;
  type: string;
  session?: string;
  [field: string]: unknown;
}

export const EVENTS_FILE = 'var/log/events.jsonl';

/** Reads the event log; a torn or garbled line is skipped, never fatal. Reads at most the last `maxBytes`. */
export function readEvents(ws: Workspace, maxBytes = 8 * 1024 * 1024): SandboxEvent[] {
  const file = ws.resolve(EVENTS_FILE);
  if (!existsSync(file)) return [];
  const size = statSync(file).size;
  let text: string;
  if (size > maxBytes) {
    const fd = openSync(file, 'r');
    const buf = Buffer.alloc(maxBytes);
    readSync(fd, buf, 0, maxBytes, size - maxBytes);
    closeSync(fd);
    text = buf.toString('utf8');
    text = text.slice(text.indexOf('\n') + 1);
  } else {
    text = readFileSync(file, 'utf8');
  }
  const out: SandboxEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line);
      if (e && typeof e.type === 'string') out.push(e);
    } catch {
      // a line being written while we read
    }
  }
  return out;
}
