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
