/**
 * `postconf -e name=value...`: main.cf edited as Postfix 3.7.11's postconf edits it. Each
 * entry of that name (with its continuation lines) becomes the one line `name = value`; a name
 * main.cf does not have is appended at the end; several entries of one name are all replaced,
 * with `warning: /etc/postfix/main.cf: multiple entries for "name"`. An argument without '='
 * is fatal and nothing is written. Nothing is checked or reloaded: that is the real one too.
 */
import { MAIN_CF, shownPath } from './defaults.js';

export interface EditResult {
  /** the new main.cf; undefined when nothing is to be written */
  text?: string;
  stderr: string;
  code: number;
}

export function editMainCf(text: string, args: string[]): EditResult {
  const wanted = new Map<string, string>();
  for (const a of args) {
    const m = /^\s*([^=\s]+)\s*=\s*(.*?)\s*$/s.exec(a);
    if (!m) return { stderr: `postconf: fatal: missing '=' after attribute name: "${a.trim()}"\n`, code: 1 };
    wanted.set(m[1], m[2]);
  }
  const lines = text.split('\n');
  const out: string[] = [];
  const found = new Map<string, number>();
  let skipping = false;
  for (const line of lines) {
    // continuation lines of a replaced entry go with it
    if (skipping && /^\s+\S/.test(line) && !/^\s*#/.test(line)) continue;
    skipping = false;
    const m = /^([^=\s#]+)\s*=/.exec(line);
    if (m && wanted.has(m[1])) {
      found.set(m[1], (found.get(m[1]) ?? 0) + 1);
      out.push(`${m[1]} = ${wanted.get(m[1])}`);
      skipping = true;
      continue;
    }
    out.push(line);
  }
  let result = out.join('\n');
  for (const [name, value] of wanted) {
    if (found.has(name)) continue;
    // appended as the real one does: right after the last byte, newline or not
    result += `${name} = ${value}\n`;
  }
  const file = shownPath(MAIN_CF);
  const stderr = [...found]
    .filter(([, n]) => n > 1)
    .map(([name]) => `postconf: warning: ${file}: multiple entries for "${name}"\n`)
    .join('');
  return { text: result, stderr, code: 0 };
}
