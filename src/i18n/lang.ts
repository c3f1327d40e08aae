export const LANGS = ['es', 'ca', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type Localized = Record<Lang, string>;

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGS as readonly string[]).includes(x);
}

/** Language from LC_ALL / LC_MESSAGES / LANG (POSIX precedence); Spanish otherwise. */
export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const v = env[name];
    if (!v) continue;
    const code = v.slice(0, 2).toLowerCase();
    if (isLang(code)) return code;
    // the first variable that is set decides, as setlocale does
    if (v !== 'C' && v !== 'POSIX' && !v.startsWith('C.')) return 'es';
  }
  return 'es';
}

/** A value put in a text starts with a vowel or h: Catalan writes d'alexdns.local, not de alexdns.local. */
const CA_ELIDES = /^[`«"*]*[aeiouhàèéíòóúAEIOUHÀÈÉÍÒÓÚ]/;

/**
 * Fills `{name}` (or `{{name}}`) in a text. In Catalan, a "de" right before a value that
 * starts with a vowel or h becomes "d'" ("el registre d'alexdns.local"), as the written
 * text does before a word: the value is only known once the learner has chosen a domain.
 */
export function fillValues(lang: Lang, text: string, pattern: RegExp, value: (name: string) => string | undefined): string {
  const fill = (s: string) => s.replace(pattern, (whole, name: string) => value(name) ?? whole);
  if (lang !== 'ca') return fill(text);
  const elided = new RegExp(`(^|[^\\p{L}'’-])([Dd])e ([\`«"*]*)${pattern.source}`, 'gu');
  const out = text.replace(elided, (whole, before: string, d: string, marks: string, name: string) => {
    const v = value(name);
    if (v === undefined) return whole;
    return CA_ELIDES.test(marks + v) ? `${before}${d}'${marks}${v}` : `${before}${d}e ${marks}${v}`;
  });
  return fill(out);
}

const LOCALE: Record<Lang, string> = { es: 'es-ES', ca: 'ca-ES', en: 'en-GB' };

/** A number as a reader of `lang` writes it (2,5 in Spanish and Catalan): for text, never for a CSV. */
export function formatNumber(lang: Lang, n: number): string {
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 2, useGrouping: false }).format(n);
}
