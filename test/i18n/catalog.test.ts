// Every message exists in Spanish, Catalan and English, fills the same {params} in each,
// and is never empty. Checked per catalog file, so a failure names the file to edit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogs } from '../../src/i18n/messages.js';
import { areas } from '../../src/i18n/areas.js';
import { es } from '../../src/i18n/catalog/es.js';
import { ca } from '../../src/i18n/catalog/ca.js';
import { en } from '../../src/i18n/catalog/en.js';
import { LANGS, type Lang } from '../../src/i18n/lang.js';

type Catalog = Record<Lang, Record<string, string>>;
type Files = Record<string, Catalog>;

const files: Files = {
  'src/i18n/catalog/{es,ca,en}.ts': { es, ca, en },
  ...Object.fromEntries(Object.entries(areas).map(([name, c]) => [`src/i18n/catalog/${name}.ts`, c as Catalog])),
};

const keysOf = (c: Catalog) => [...new Set(LANGS.flatMap((l) => Object.keys(c[l])))];
const params = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort().join(', ');

function missingKeys(fs: Files): string[] {
  return Object.entries(fs).flatMap(([file, c]) =>
    keysOf(c).flatMap((key) => {
      const missing = LANGS.filter((l) => !(key in c[l]));
      return missing.length ? [`${file}: ${key} has no ${missing.join(', ')} text`] : [];
    }),
  );
}

function paramMismatches(fs: Files): string[] {
  return Object.entries(fs).flatMap(([file, c]) =>
    Object.keys(c.es).flatMap((key) =>
      (['ca', 'en'] as const)
        .filter((lang) => typeof c[lang][key] === 'string' && params(c[lang][key]) !== params(c.es[key]))
        .map((lang) => `${file}: ${key} uses {${params(c[lang][key])}} in ${lang}, {${params(c.es[key])}} in es`),
    ),
  );
}

function emptyMessages(fs: Files): string[] {
  return Object.entries(fs).flatMap(([file, c]) =>
    LANGS.flatMap((lang) =>
      Object.entries(c[lang])
        .filter(([, text]) => typeof text !== 'string' || !text.trim())
        .map(([key]) => `${file}: ${key} (${lang}) is empty`),
    ),
  );
}

function duplicateKeys(fs: Files): string[] {
  const owner = new Map<string, string>();
  const out: string[] = [];
  for (const [file, c] of Object.entries(fs)) {
    for (const key of keysOf(c)) {
      const first = owner.get(key);
      if (first) out.push(`${key} is in ${first} and in ${file}; the later file silently wins`);
      else owner.set(key, file);
    }
  }
  return out;
}

test('every key is in es, ca and en', () => {
  assert.deepEqual(missingKeys(files), []);
});

test('the merged catalogs have the same keys in every language', () => {
  const all = new Set(LANGS.flatMap((l) => Object.keys(catalogs[l])));
  for (const lang of LANGS) {
    assert.deepEqual(
      [...all].filter((k) => !(k in catalogs[lang])),
      [],
      `keys with no ${lang} text`,
    );
  }
});

test('every language fills the same {params}', () => {
  assert.deepEqual(paramMismatches(files), []);
});

test('no message is empty', () => {
  assert.deepEqual(emptyMessages(files), []);
});

test('no key is defined in two catalog files', () => {
  assert.deepEqual(duplicateKeys(files), []);
});

test('these checks catch a broken catalog', () => {
  const broken: Files = {
    'a.ts': {
      es: { 'a.one': 'Hola {name}', 'a.two': 'Dos', 'a.empty': ' ' },
      ca: { 'a.one': 'Hola {nom}', 'a.two': 'Dos', 'a.empty': 'Buit' },
      en: { 'a.one': 'Hello {name}', 'a.empty': 'Empty', 'a.extra': 'Extra' },
    },
    'b.ts': { es: { 'a.two': 'Otra' }, ca: { 'a.two': 'Altra' }, en: { 'a.two': 'Other' } },
  };
  assert.deepEqual(missingKeys(broken), ['a.ts: a.two has no en text', 'a.ts: a.extra has no es, ca text']);
  assert.deepEqual(paramMismatches(broken), ['a.ts: a.one uses {nom} in ca, {name} in es']);
  assert.deepEqual(emptyMessages(broken), ['a.ts: a.empty (es) is empty']);
  assert.deepEqual(duplicateKeys(broken), ['a.two is in a.ts and in b.ts; the later file silently wins']);
});

test('every area catalog file is registered in areas.ts (a missing one leaves its keys without text)', async () => {
  const { readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const dir = join(process.cwd(), 'src', 'i18n', 'catalog');
  const registered = new Set(Object.values(areas));
  const missing: string[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.ts') || ['es.ts', 'ca.ts', 'en.ts'].includes(f)) continue;
    const mod = await import(join(dir, f));
    if (![...registered].some((a) => a.es === mod.es)) missing.push(f);
  }
  assert.deepEqual(missing, []);
});
