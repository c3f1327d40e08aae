import { es } from './catalog/es.js';
import { ca } from './catalog/ca.js';
import { en } from './catalog/en.js';
import { fillValues, type Lang } from './lang.js';

/** A parameter may be a message of its own ("(vacío)"), shown in the same language. */
export type Params = Record<string, string | number | undefined | Message>;
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
  return fillValues(lang, template, /\{(\w+)\}/g, (name) => {
    const v = params[name];
    if (v === undefined) return undefined;
    return typeof v === 'object' ? t(lang, v.key, v.params) : String(v);
  });
}

/** An empty value, as a message shows it: "(vacío)", "(buit)", "(empty)". */
export const EMPTY: Message = { key: 'value.empty' };

/** Nothing at all where something was expected (no socket, no mechanism offered): "(ninguno)", "(cap)", "(none)". */
export const NONE: Message = { key: 'value.none' };

/** A value for a message, or "(vacío)" in the learner's language when it is empty. */
export function shownValue(value: string): string | Message {
  return value || EMPTY;
}

export function msg(key: string, params?: Params): Message {
  return params ? { key, params } : { key };
}

export function render(lang: Lang, m: Message): string {
  return t(lang, m.key, m.params);
}
