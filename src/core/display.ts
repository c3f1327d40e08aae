/**
 * Text from the outside (a mail, a log, a command's output) made safe to put on a
 * terminal: tabs expanded, every control character shown as its visible symbol
 * (␛ for ESC, ␀ for NUL...), so no byte can move the cursor or change colours.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const picture = (c: string): string => {
  const n = c.charCodeAt(0);
  if (n < 0x20) return String.fromCharCode(0x2400 + n);
  if (n === 0x7f) return '\u2421';
  return '\ufffd';
};

/** One line for the screen: tabs to the next multiple of 8, controls as symbols. */
export function displayText(line: string, tab = 8): string {
  let s = line.replace(CONTROL, picture);
  if (s.includes('\t')) {
    let out = '';
    for (const ch of s) {
      if (ch === '\t') out += ' '.repeat(tab - (out.length % tab));
      else out += ch;
    }
    s = out;
  }
  return s;
}

/** ANSI escape sequences (colours, cursor moves) as tools print them on a terminal. */
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;

/** A command's output for the screen: colour codes dropped, lines split, a bare CR ends a line. */
export function outputLines(text: string): string[] {
  return text
    .replace(ANSI, '')
    .replace(/\r\n/g, '\n')
    .split(/[\n\r]/)
    .map((l) => displayText(l));
}

/** Bytes read from a file as text: UTF-8 when they are, else Latin-1 (every byte kept). */
export function decodeBytes(buf: Buffer): string {
  const s = buf.toString('utf8');
  return s.includes('\ufffd') && !buf.includes(Buffer.from('\ufffd', 'utf8')) ? buf.toString('latin1') : s;
}
