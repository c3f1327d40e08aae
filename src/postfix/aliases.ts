import { logicalLines } from './tables.js';

/** /etc/aliases: "name: target, target" (continuation lines start with whitespace). */
export function parseAliases(text: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { text: l } of logicalLines(text)) {
    const m = /^("?[^:"]+"?)\s*:\s*(.*)$/.exec(l);
    if (!m) continue;
    const name = m[1].replace(/"/g, '').trim().toLowerCase();
    const targets = m[2]
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (!map.has(name)) map.set(name, targets);
  }
  return map;
}
