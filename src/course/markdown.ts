import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { COMMAND_WORDS, leadingCommand } from './shell-words.js';

/**
 * Markdown → screen lines, headless: the TUI colours the styles, the plain view
 * prints the text. Rendering to lines once per width is what lets the TUI redraw only
 * the lines that fit on screen.
 */
export interface Style {
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  link?: boolean;
  heading?: number;
  codeBlock?: boolean;
  label?: boolean;
  quote?: boolean;
  table?: boolean;
}
export interface Seg {
  text: string;
  style?: Style;
}
export type Line = Seg[];

export interface CodeBlock {
  n: number;
  lang: string;
  content: string;
}

export interface Rendered {
  lines: Line[];
  codeBlocks: CodeBlock[];
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

function inlineSegs(tok: Token | undefined, base: Style = {}): Seg[] {
  const out: Seg[] = [];
  const st: Style = { ...base };
  let href = '';
  for (const c of tok?.children ?? []) {
    switch (c.type) {
      case 'text':
        out.push({ text: c.content, style: { ...st } });
        break;
      case 'code_inline':
        out.push({ text: c.content, style: { ...st, code: true } });
        break;
      case 'strong_open':
        st.bold = true;
        break;
      case 'strong_close':
        st.bold = base.bold;
        break;
      case 'em_open':
        st.italic = true;
        break;
      case 'em_close':
        st.italic = base.italic;
        break;
      case 'link_open':
        st.link = true;
        href = c.attrGet('href') ?? '';
        break;
      case 'link_close':
        st.link = false;
        // the address is shown so it can be read and copied in a terminal
        if (href && !out.at(-1)?.text.includes(href)) out.push({ text: ` <${href}>`, style: { link: true } });
        break;
      case 'softbreak':
        out.push({ text: ' ', style: { ...st } });
        break;
      case 'hardbreak':
        out.push({ text: '\n', style: {} });
        break;
      case 'image':
        out.push({ text: `[${c.content}]`, style: { ...st } });
        break;
      default:
        if (c.content) out.push({ text: c.content, style: { ...st } });
    }
  }
  return out;
}

/**
 * One line of inline markdown (a hint, a short note) as styled segments: `code` loses its
 * backticks and is marked as code, as it is in a step's text.
 */
export function inlineMarkdown(source: string, base: Style = {}): Seg[] {
  return inlineSegs(md.parseInline(source, {})[0], base);
}

/** Inline markdown as plain text: what the plain view prints for a hint. */
export function inlineText(source: string): string {
  return inlineMarkdown(source)
    .map((s) => s.text)
    .join('');
}

/** Word-wraps styled segments to `width`, each line starting with `first` then `rest`. */
export function wrap(segs: Seg[], width: number, first = '', rest = first): Line[] {
  const lines: Line[] = [];
  let line: Line = first ? [{ text: first }] : [];
  let len = first.length;
  const push = () => {
    lines.push(line);
    line = rest ? [{ text: rest }] : [];
    len = rest.length;
  };
  for (const seg of segs) {
    if (seg.text === '\n') {
      push();
      continue;
    }
    const words = seg.text.split(/(\s+)/);
    for (const w of words) {
      if (!w) continue;
      const isSpace = /^\s+$/.test(w);
      if (isSpace) {
        if (len > rest.length && len < width) {
          line.push({ text: ' ', style: seg.style });
          len += 1;
        }
        continue;
      }
      let word = w;
      while (len + word.length > width && len > rest.length) {
        // trailing space before a break is dropped
        const last = line.at(-1);
        if (last && last.text === ' ') line.pop();
        push();
      }
      while (word.length > width - len) {
        const room = Math.max(1, width - len);
        line.push({ text: word.slice(0, room), style: seg.style });
        word = word.slice(room);
        push();
      }
      if (word) {
        line.push({ text: word, style: seg.style });
        len += word.length;
      }
    }
  }
  if (line.length && !(line.length === 1 && line[0].text === rest && rest)) lines.push(line);
  return lines;
}

function renderTable(rows: Seg[][][], width: number): Line[] {
  const cols = Math.max(...rows.map((r) => r.length));
  const text = (cell: Seg[] | undefined) => (cell ?? []).map((s) => s.text).join('');
  const widths = Array.from({ length: cols }, (_, i) => Math.max(1, ...rows.map((r) => text(r[i]).length)));
  const budget = width - (cols - 1) * 3;
  while (widths.reduce((a, b) => a + b, 0) > budget && Math.max(...widths) > 4) {
    widths[widths.indexOf(Math.max(...widths))] -= 1;
  }
  const out: Line[] = [];
  rows.forEach((r, ri) => {
    const line: Line = [];
    for (let i = 0; i < cols; i++) {
      let t = text(r[i]);
      if (t.length > widths[i]) t = t.slice(0, widths[i] - 1) + '…';
      line.push({ text: t.padEnd(widths[i]), style: { table: true, bold: ri === 0 } });
      if (i < cols - 1) line.push({ text: ' │ ', style: { table: true } });
    }
    out.push(line);
    if (ri === 0) out.push([{ text: widths.map((w) => '─'.repeat(w)).join('─┼─'), style: { table: true } }]);
  });
  return out;
}

export function renderMarkdown(source: string, width = 78): Rendered {
  const tokens = md.parse(source, {});
  const lines: Line[] = [];
  const codeBlocks: CodeBlock[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let quote = 0;
  let pendingBullet: string | undefined;
  let table: Seg[][][] | undefined;
  let row: Seg[][] | undefined;
  const indent = () => '  '.repeat(Math.max(0, lists.length - 1)) + (quote ? '│ ' : '');
  const blank = () => {
    if (lines.length && lines.at(-1)!.length) lines.push([]);
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    switch (tok.type) {
      case 'heading_open': {
        blank();
        const level = Number(tok.tag.slice(1));
        const segs = inlineSegs(tokens[i + 1], { bold: true, heading: level });
        lines.push(...wrap(segs, width));
        if (level <= 2) {
          const len = Math.min(width, segs.map((s) => s.text).join('').length);
          lines.push([{ text: (level === 1 ? '═' : '─').repeat(len), style: { heading: level } }]);
        }
        i += 2;
        break;
      }
      case 'paragraph_open': {
        const segs = inlineSegs(tokens[i + 1], quote ? { quote: true } : {});
        if (pendingBullet !== undefined) {
          const pre = indent() + pendingBullet;
          lines.push(...wrap(segs, width, pre, ' '.repeat(pre.length)));
          pendingBullet = undefined;
        } else {
          if (!lists.length) blank();
          const pre = lists.length ? indent() + '  ' : indent();
          lines.push(...wrap(segs, width, pre, pre));
        }
        i += 2;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        if (!lists.length) blank();
        lists.push({ ordered: tok.type === 'ordered_list_open', n: Number(tok.attrGet('start') ?? 1) });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open': {
        const l = lists.at(-1)!;
        pendingBullet = l.ordered ? `${l.n++}. ` : '• ';
        break;
      }
      case 'blockquote_open':
        blank();
        quote++;
        break;
      case 'blockquote_close':
        quote--;
        break;
      case 'fence':
      case 'code_block': {
        blank();
        const n = codeBlocks.length + 1;
        const content = tok.content.replace(/\n$/, '');
        const lang = tok.info.trim().split(/\s+/)[0] ?? '';
        codeBlocks.push({ n, lang, content });
        lines.push([{ text: `[${n}]${lang ? ' ' + lang : ''}`, style: { label: true } }]);
        // no frame characters on the code lines themselves, so a mouse copy takes only the command
        for (const l of content.split('\n'))
          for (const piece of breakCodeLine(l, width - 2)) lines.push([{ text: '  ' + piece, style: { codeBlock: true } }]);
        lines.push([]);
        break;
      }
      case 'hr':
        blank();
        lines.push([{ text: '─'.repeat(Math.min(width, 40)) }]);
        break;
      case 'table_open':
        blank();
        table = [];
        break;
      case 'tr_open':
        row = [];
        break;
      case 'th_open':
      case 'td_open':
        row!.push(inlineSegs(tokens[i + 1]));
        i += 2;
        break;
      case 'tr_close':
        table!.push(row!);
        break;
      case 'table_close':
        lines.push(...renderTable(table!, width));
        table = undefined;
        break;
      default:
        break;
    }
  }
  while (lines.length && !lines.at(-1)!.length) lines.pop();
  while (lines.length && !lines[0].length) lines.shift();
  return { lines, codeBlocks };
}

/** A command line of the lessons (course/shell-words.ts), not a log line such as "postfix/smtp[2817]: …". */
function isShellLine(line: string): boolean {
  const c = leadingCommand(line);
  return !!c && COMMAND_WORDS.has(c.word);
}

/**
 * A code line wider than the screen is broken where a copy still works: at a space
 * outside quotes, the continuation indented — which main.cf reads as the same
 * parameter — and, for a shell command, the break escaped with a backslash so the
 * pasted lines are still one command. The block's content itself is never changed.
 */
export function breakCodeLine(line: string, width: number): string[] {
  if (line.length <= width || width < 20) return [line];
  const shell = isShellLine(line);
  const pieces: string[] = [];
  let rest = line;
  let indent = '';
  while (indent.length + rest.length > width) {
    const room = width - indent.length - (shell ? 2 : 0);
    let cut = -1;
    let quote = '';
    for (let i = 0; i < rest.length && i <= room; i++) {
      const c = rest[i];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === ' ' && i > 0) cut = i;
    }
    if (cut <= 0) break; // nothing to break at: the terminal shows the rest as it can
    pieces.push(indent + rest.slice(0, cut) + (shell ? ' \\' : ''));
    rest = rest.slice(cut + 1).replace(/^ +/, '');
    indent = '    ';
  }
  pieces.push(indent + rest);
  return pieces;
}

export function lineText(l: Line): string {
  return l.map((s) => s.text).join('');
}
