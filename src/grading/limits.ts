import { posix } from 'node:path';
import { msg } from '../i18n/messages.js';
import type { Bundle } from './bundle.js';
import { refused } from './safe-read.js';

/**
 * A zone the sandbox's DNS server loads costs time and memory by its records (100 000
 * records: 4 s and 0.5 GB). A lab's zones have tens of lines; grading refuses a bundle
 * whose zones, as named.conf.local and $INCLUDE reach them, pass this many lines.
 */
export const ZONE_LINES = 5000;
const NAMED_CONF = 'etc/bind/named.conf.local';

/** The bundle path a named.conf or $INCLUDE path reaches (relative ones are under /etc/bind), as the sandbox resolves it. */
function bundlePath(p: string): string {
  return posix.normalize(p.startsWith('/') ? p : posix.join('/etc/bind', p)).replace(/^\/+/, '');
}

export function zoneLines(b: Bundle): { lines: number; largest: string } {
  const text = new Map(b.files.map((f) => [f.path, f]));
  const read = (p: string) => {
    const f = text.get(p);
    return f ? Buffer.from(f.data, 'base64').toString('utf8') : undefined;
  };
  const conf = read(NAMED_CONF) ?? '';
  const queue = [...conf.matchAll(/\bfile\s+"([^"]*)"/g)].map((m) => bundlePath(m[1]));
  const seen = new Set<string>();
  let lines = 0;
  let largest = { path: NAMED_CONF, lines: 0 };
  while (queue.length) {
    const p = queue.shift()!;
    if (seen.has(p)) continue;
    seen.add(p);
    const zone = read(p);
    if (zone === undefined) continue;
    const n = zone.split('\n').length;
    lines += n;
    if (n > largest.lines) largest = { path: p, lines: n };
    for (const m of zone.matchAll(/^\$INCLUDE\s+"?([^\s";]+)/gim)) queue.push(bundlePath(m[1]));
  }
  return { lines, largest: largest.path };
}

/** Refuses, with a reason, a bundle that would cost grading more than a lab can need. */
export function checkCost(file: string, b: Bundle): void {
  const z = zoneLines(b);
  if (z.lines > ZONE_LINES) throw refused(file, msg('grade.r.zoneTooLarge', { lines: z.lines, path: z.largest, max: ZONE_LINES }));
}
