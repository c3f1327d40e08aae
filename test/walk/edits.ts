// What "add these lines" and "leave it like this" mean in each kind of file the lessons
// edit, done to a block of the lesson text as a person does it in an editor.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * param: main.cf `name = value` (with continuation lines): the existing definition is
 *   changed where it is, a new one goes after the block's other parameters, or at the end;
 * keyword: opendkim.conf `Key value`: the line is changed where it is, uncommented if it is
 *   commented out, any other definition of the key commented out; new keys at the end;
 * service: master.cf, a service entry (its line and the continuation lines below it) in place
 *   of the one with the same name and type, or at the end;
 * append: the lines added at the end (local.cf, a zone);
 * record: zone records in place of the records with the same name and type;
 * create: a new file with these lines.
 */
export type EditMode = 'param' | 'keyword' | 'service' | 'append' | 'record' | 'create';

export function modeFor(file: string): EditMode {
  if (/(^|\/)main\.cf$/.test(file)) return 'param';
  if (/(^|\/)master\.cf$/.test(file)) return 'service';
  if (/(^|\/)opendkim\.conf$/.test(file)) return 'keyword';
  return 'append';
}

const lines = (text: string) => text.replace(/\n$/, '').split('\n');
const isCont = (l: string) => /^[ \t]+\S/.test(l);

/** entries of a block: a first line and the continuation lines (leading whitespace) below it */
function entries(block: string): { head: string; lines: string[] }[] {
  const out: { head: string; lines: string[] }[] = [];
  for (const l of lines(block)) {
    if (isCont(l) && out.length) out[out.length - 1].lines.push(l);
    else if (l.trim()) out.push({ head: l, lines: [l] });
  }
  return out;
}

/** where an entry starts and ends (exclusive) in a file's lines */
function spanAt(file: string[], i: number): [number, number] {
  let j = i + 1;
  while (j < file.length && isCont(file[j])) j++;
  return [i, j];
}

function setEntries(text: string, block: string, keyOf: (line: string) => string | undefined): string {
  const file = lines(text);
  let lastTouched = -1;
  const pending: string[] = [];
  for (const e of entries(block)) {
    const key = keyOf(e.head);
    if (key === undefined) {
      // a comment of the block goes with the lines that are added
      pending.push(...e.lines);
      continue;
    }
    const at = file.findIndex((l) => keyOf(l) === key);
    if (at >= 0) {
      const [s, end] = spanAt(file, at);
      file.splice(s, end - s, ...e.lines);
      lastTouched = s + e.lines.length - 1;
      pending.length = 0;
    } else {
      const where = lastTouched >= 0 ? spanAt(file, lastTouched)[1] : file.length;
      file.splice(where, 0, ...pending, ...e.lines);
      lastTouched = where + pending.length + e.lines.length - 1;
      pending.length = 0;
    }
  }
  return file.join('\n') + '\n';
}

const paramKey = (l: string) => /^([A-Za-z_][\w]*)\s*=/.exec(l)?.[1];
const serviceKey = (l: string) => {
  if (/^\s|^#/.test(l)) return undefined;
  const w = l.split(/\s+/);
  return w.length >= 8 ? `${w[0]} ${w[1]}` : undefined;
};

function setKeywords(text: string, block: string): string {
  const file = lines(text);
  for (const l of lines(block)) {
    const key = /^([A-Za-z]\w*)\s/.exec(l)?.[1];
    if (!key) continue;
    const active = (x: string) => new RegExp(`^${key}\\s`).test(x);
    const commented = (x: string) => new RegExp(`^#\\s*${key}\\s`).test(x);
    let at = file.findIndex(active);
    if (at < 0) {
      const value = l.slice(key.length).trim();
      // the commented-out line with this very value, else the first commented one
      at = file.findIndex((x) => commented(x) && x.replace(/^#\s*/, '').slice(key.length).trim() === value);
      if (at < 0) at = file.findIndex(commented);
    }
    if (at >= 0) file[at] = l;
    else file.push(l);
    const where = at >= 0 ? at : file.length - 1;
    file.forEach((x, i) => {
      if (i !== where && active(x)) file[i] = `#${x}`;
    });
  }
  return file.join('\n') + '\n';
}

/** zone records: a line with a name starts a record of that name; an indented one keeps the name before */
function setRecords(text: string, block: string): string {
  const file = lines(text);
  const recKey = (l: string, owner: string) => {
    const w = l.trim().split(/\s+/);
    const i = w.indexOf('IN');
    return i >= 0 ? `${owner} ${w[i + 1]}` : undefined;
  };
  for (const l of lines(block)) {
    if (!l.trim()) continue;
    const owner = l.split(/\s+/)[0];
    const key = recKey(l, owner);
    const at = file.findIndex((x) => /^\S/.test(x) && !x.startsWith(';') && recKey(x, x.split(/\s+/)[0]) === key);
    if (at >= 0) file[at] = l;
    else file.push(l);
  }
  return file.join('\n') + '\n';
}

/** Raises a zone's SOA serial by one, as the lessons ask after a hand edit. */
export function bumpSerial(text: string): string {
  return text.replace(/(\bSOA\b[^(]*\(\s*)(\d+)/, (_, pre: string, n: string) => `${pre}${BigInt(n) + 1n}`);
}

export function applyEdit(path: string, block: string, mode: EditMode): void {
  const old = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  const body = block.replace(/\n*$/, '\n');
  let text: string;
  if (mode === 'create' || old === undefined) text = body;
  else if (mode === 'param') text = setEntries(old, block, paramKey);
  else if (mode === 'service') text = setEntries(old, block, serviceKey);
  else if (mode === 'keyword') text = setKeywords(old, block);
  else if (mode === 'record') text = setRecords(old, block);
  else text = old.replace(/\n*$/, '\n') + body;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
