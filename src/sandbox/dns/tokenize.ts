/**
 * The lexical layer of a BIND master file (RFC 1035 §5.1): a zone file is a list of
 * logical lines; parentheses join physical lines, `;` starts a comment, quoted strings
 * keep their spaces and take escapes (`\"`, `\\`, `\DDD`).
 */
import { t, type Message } from '../../i18n/messages.js';

export interface Token {
  /** the text with quotes and escapes resolved (for quoted strings), raw otherwise */
  text: string;
  /** the bytes of a quoted string (escapes can produce any byte) */
  bytes?: Buffer;
  quoted: boolean;
  line: number;
}

export interface LogicalLine {
  /** the physical line the record starts on */
  line: number;
  /** the line started with a space or tab: the owner is the previous one */
  blankOwner: boolean;
  tokens: Token[];
}

export interface LexError {
  line: number;
  text: string;
  /** the same in the learner's language */
  message?: Message;
}

function lexError(line: number, key: string): LexError {
  const message: Message = { key: `dns.zone.${key}` };
  return { line, text: t('en', message.key), message };
}

/** Splits master-file text into logical lines; lexical errors are collected, never thrown. */
export function tokenize(text: string): { lines: LogicalLine[]; errors: LexError[] } {
  const lines: LogicalLine[] = [];
  const errors: LexError[] = [];
  let line = 1;
  let depth = 0;
  let openedAt = 0;
  let cur: LogicalLine | undefined;
  let atLineStart = true;
  const n = text.length;
  let i = 0;

  const finish = () => {
    if (cur && cur.tokens.length) lines.push(cur);
    cur = undefined;
  };
  const push = (tok: Token) => {
    cur ??= { line: tok.line, blankOwner: false, tokens: [] };
    cur.tokens.push(tok);
  };

  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
      if (depth === 0) {
        finish();
        atLineStart = true;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      if (atLineStart && depth === 0 && c !== '\r') {
        cur ??= { line, blankOwner: true, tokens: [] };
      }
      atLineStart = false;
      i++;
      continue;
    }
    atLineStart = false;
    if (c === ';') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '(') {
      if (depth === 0) openedAt = line;
      depth++;
      cur ??= { line, blankOwner: false, tokens: [] };
      i++;
      continue;
    }
    if (c === ')') {
      if (depth === 0) errors.push(lexError(line, 'unbalanced'));
      else depth--;
      i++;
      continue;
    }
    if (c === '"') {
      const start = line;
      const bytes: number[] = [];
      i++;
      let closed = false;
      while (i < n) {
        const d = text[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\n') {
          // BIND does not let a quoted string run past the end of the line
          break;
        }
        if (d === '\\') {
          const esc = readEscape(text, i);
          if (esc.error) errors.push({ line, text: t('en', esc.error.key, esc.error.params), message: esc.error });
          for (const b of esc.bytes) bytes.push(b);
          i = esc.next;
          continue;
        }
        const cp = text.codePointAt(i)!;
        const s = String.fromCodePoint(cp);
        for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
        i += s.length;
      }
      if (!closed) {
        errors.push(lexError(start, 'unterminated'));
      }
      const buf = Buffer.from(bytes);
      push({ text: buf.toString('utf8'), bytes: buf, quoted: true, line: start });
      continue;
    }
    // a bare word: up to whitespace or a special character; backslash escapes are kept raw
    let j = i;
    while (j < n) {
      const d = text[j];
      if (d === ' ' || d === '\t' || d === '\r' || d === '\n' || d === ';' || d === '(' || d === ')' || d === '"') break;
      if (d === '\\' && j + 1 < n && text[j + 1] !== '\n') j++;
      j++;
    }
    push({ text: text.slice(i, j), quoted: false, line });
    i = j;
  }
  if (depth > 0) errors.push(lexError(openedAt, 'unclosed'));
  finish();
  return { lines, errors };
}

function readEscape(text: string, i: number): { bytes: number[]; next: number; error?: Message } {
  const a = text[i + 1];
  if (a === undefined || a === '\n') return { bytes: [], next: i + 1, error: { key: 'dns.zone.backslashEnd' } };
  if (/[0-9]/.test(a)) {
    const digits = text.slice(i + 1, i + 4);
    if (!/^[0-9]{3}$/.test(digits) || Number(digits) > 255) {
      return { bytes: [], next: i + 1 + digits.replace(/[^0-9].*$/, '').length, error: { key: 'dns.zone.badEscape', params: { value: `\\${digits}` } } };
    }
    return { bytes: [Number(digits)], next: i + 4 };
  }
  const s = String.fromCodePoint(text.codePointAt(i + 1)!);
  return { bytes: [...Buffer.from(s, 'utf8')], next: i + 1 + s.length };
}
