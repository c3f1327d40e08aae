import { es } from './catalog/es.js';
import { ca } from './catalog/ca.js';
import { en } from './catalog/en.js';
import type { Lang } from './lang.js';

export type Params = Record<string, string | number | undefined>;
export interface Message {
  key: string;
  params?: Params;
}

import { areas } from './areas.js';

function merge(lang: Lang, base: Record<string, string>): Record<string, string> {
  const out = { ...base };
  for (const area of Object.values(areas)) Object.assign(out, area[lang]);
  return out;
}

export const catalogs: Record<Lang, Record<string, string>> = { es: merge('es', es), ca: merge('ca', ca), en: merge('en', en) };

/** Turns a message key and its parameters into text; an unknown key is shown as is, so a gap is visible. */
export function t(lang: Lang, key: string, params: Params = {}): string {
  const template = catalogs[lang][key] ?? catalogs.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

export function msg(key: string, params?: Params): Message {
  return params ? { key, params } : { key };
}

export function render(lang: Lang, m: Message): string {
  return t(lang, m.key, m.params);
}
