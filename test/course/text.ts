// What the language tests read from lessons and catalogs: code blocks for parity,
// and the prose a spell checker should see (no code, no names of files, hosts or options).
import MarkdownIt from 'markdown-it';
import { LANGS, type Lang } from '../../src/i18n/lang.js';

const md = new MarkdownIt({ html: true });

/** The fenced (and indented) code blocks of a markdown text, in order. */
export function codeBlocks(markdown: string): string[] {
  return md
    .parse(markdown, {})
    .filter((t) => t.type === 'fence' || t.type === 'code_block')
    .map((t) => t.content);
}

/** The prose of a markdown text: code spans, code blocks and HTML left out. */
export function markdownProse(markdown: string): string {
  const out: string[] = [];
  for (const tok of md.parse(markdown, {})) {
    if (tok.type !== 'inline') continue;
    let line = '';
    for (const c of tok.children ?? []) {
      if (c.type === 'text') line += c.content;
      else if (c.type === 'softbreak' || c.type === 'hardbreak') line += '\n';
      else if (c.type === 'code_inline' || c.type === 'html_inline') line += ' ';
    }
    out.push(line);
  }
  return out.join('\n');
}

/** Every localized object ({es, ca, en}) in a parsed lesson.yaml, with where it is. */
export function localizedFields(node: unknown, path = ''): { path: string; value: Record<string, unknown> }[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => localizedFields(v, `${path}[${i}]`));
  if (!node || typeof node !== 'object') return [];
  const obj = node as Record<string, unknown>;
  const here = LANGS.some((l) => l in obj) ? [{ path: path || '(top)', value: obj }] : [];
  return [...here, ...Object.entries(obj).flatMap(([k, v]) => localizedFields(v, path ? `${path}.${k}` : k))];
}

/** The text of one language in every localized field of a lesson.yaml. */
export function yamlStrings(doc: unknown, lang: Lang): string[] {
  return localizedFields(doc).flatMap((f) => (typeof f.value[lang] === 'string' ? [f.value[lang] as string] : []));
}

const PLACEHOLDER = /\{\{\s*\w+\s*\}\}|\{\w+\}/g;
const URL = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
// names of things, not words: paths, options, hosts and files (main.cf), identifiers,
// addresses, key=value, {params}, names with digits (CRAM-MD5, RSA-4096)
const NOT_A_WORD = /[_/=|<>[\]{}@\\$#~*+]|\w\.\w|^-{1,2}\w|\p{L}\d|\d\p{L}/u;
const OPTION = /^-{1,2}\w/;
const CHOICES = /\w\|\w/;
const COMMAND = /^[a-z]+$/;
/** programs whose command lines appear in plain text (messages, hints) */
export const PROGRAMS = new Set([
  'openssl',
  'swaks',
  'gpg',
  'dig',
  'nano',
  'sudo',
  'ls',
  'chmod',
  'mv',
  'cp',
  'rm',
  'mkdir',
  'echo',
  'printf',
  'base64',
  'postfix',
  'postconf',
  'spamc',
  'dkimverify',
  'opendkim-genkey',
  'telnet',
]);
/** mailsec is also named in prose ("un error de mailsec"): a command only before a subcommand or option */
const MAILSEC_ARG = /^(init|lessons|check|reset|sandbox|submit|grade|dkim|dmarc|help|teacher|class|-{1,2}\w.*)$/;
// a command line runs to the end of its column, or to a token that closes the clause
const CLAUSE_END = /[.;,:)»"”]$/;

/** Quoted text in a message is a literal (a value, a server reply, a command), not prose. */
export function withoutQuotes(text: string): string {
  return text.replace(/«[^«»\n]*»|"[^"\n]*"|“[^“”\n]*”/g, ' ');
}

/**
 * The words of a text as a spell checker should see them. Code spans are not prose, nor
 * is command syntax:
 * a command line after a program's name (openssl genrsa -out cert.key 4096), a command
 * before its choices (lang es|ca|en), an option's value (--auth-user alumno) and the
 * two sides of name = value. Columns (two or more spaces) and lines end a command.
 */
export function words(text: string): string[] {
  const out: string[] = [];
  const clean = text
    .replace(/`[^`\n]*`/g, ' ')
    .replace(PLACEHOLDER, '{}')
    .replace(URL, ' ');
  for (const column of clean.split(/\n|\s{2,}/)) {
    const tokens = column.split(/\s+/).filter(Boolean);
    let inCommand = false;
    tokens.forEach((token, i) => {
      const prev = tokens[i - 1] ?? '';
      const next = tokens[i + 1] ?? '';
      const bare = token.replace(/^[«"“(]+/, '').replace(/[.;,:)»"”]+$/, '');
      if (inCommand && token.startsWith('(')) inCommand = false;
      const starts = bare === token.replace(/^[«"“(]+/, '') && next !== '';
      if (!inCommand && starts && (PROGRAMS.has(bare) || (bare === 'mailsec' && MAILSEC_ARG.test(next)))) inCommand = true;
      if (inCommand) {
        if (CLAUSE_END.test(token)) inCommand = false;
        return;
      }
      if (NOT_A_WORD.test(token)) return;
      if (OPTION.test(prev) || prev === '=' || next === '=') return;
      if (CHOICES.test(next) && COMMAND.test(token)) return;
      for (const part of token.split(/[^\p{L}\p{M}'’·-]+/u)) {
        const w = part.replace(/’/g, "'").replace(/^['·-]+|['·-]+$/g, '');
        if ([...w].length > 1) out.push(w);
      }
    });
  }
  return out;
}

const OBJECT = ['lo', 'la', 'los', 'las', 'le', 'les'];
const REFLEXIVE = ['me', 'te', 'se', 'nos', 'os'];
const CLITICS: [string, number][] = [
  ...REFLEXIVE.flatMap((r) => OBJECT.map((o) => [r + o, 2] as [string, number])),
  ...[...OBJECT, ...REFLEXIVE].map((c) => [c, 1] as [string, number]),
];
const UNSTRESS: Record<string, string> = { á: 'a', é: 'e', í: 'i', ó: 'o', ú: 'u', Á: 'A', É: 'E', Í: 'I', Ó: 'O', Ú: 'U' };

/**
 * The verb under a Spanish word with enclitic pronouns (Muévelos → Mueve, Calcúlalo →
 * Calcula, autenticarte → autenticar, dámelo → da), which dictionaries list only in
 * part: the word is right when its verb is and the written accent follows the rule (an
 * infinitive takes one only with two pronouns; another form, when it has two or more
 * syllables or two pronouns). Empty when no reading fits.
 */
export function spanishVerbBases(word: string): string[] {
  const out: string[] = [];
  for (const [clitic, n] of CLITICS) {
    if (!word.toLowerCase().endsWith(clitic) || word.length - clitic.length < 2) continue;
    const base = word.slice(0, -clitic.length);
    const plain = base.replace(/[áéíóúÁÉÍÓÚ]/g, (c) => UNSTRESS[c]);
    const accented = plain !== base;
    const infinitive = /(ar|er|ir)$/i.test(plain);
    const syllables = plain.match(/[aeiouü]+/gi)?.length ?? 0;
    const wantsAccent = infinitive ? n === 2 : syllables >= 2 || n === 2;
    if (wantsAccent === accented) out.push(...(accented ? [plain, base] : [base]));
  }
  return [...new Set(out)];
}
