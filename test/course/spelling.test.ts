// Lessons and message catalogs pass hunspell with Debian's dictionaries (es_ES, ca_ES,
// en_US) and the project's short list of technical terms (test/course/words.txt), so a
// typo fails like any other defect. Code, paths, hosts, options and {params} are left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { LESSON_DIR_RE } from '../../src/course/loader.js';
import { lessonsDir, packageRoot } from '../../src/util/paths.js';
import { areas } from '../../src/i18n/areas.js';
import { es } from '../../src/i18n/catalog/es.js';
import { ca } from '../../src/i18n/catalog/ca.js';
import { en } from '../../src/i18n/catalog/en.js';
import { LANGS, type Lang } from '../../src/i18n/lang.js';
import { markdownProse, spanishVerbBases, withoutQuotes, words, yamlStrings } from './text.js';

const DICT: Record<Lang, string> = { es: 'es_ES', ca: 'ca_ES', en: 'en_US' };
const LIST = join(packageRoot(), 'test', 'course', 'words.txt');

interface Source {
  name: string;
  lang: Lang;
  words: string[];
}

function sources(): Source[] {
  const out: Source[] = [];
  const root = lessonsDir();
  const shown = (p: string) => relative(packageRoot(), p) || p;
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!LESSON_DIR_RE.test(name) || !statSync(dir).isDirectory()) continue;
    for (const lang of LANGS) {
      const f = join(dir, `${lang}.md`);
      if (existsSync(f)) out.push({ name: shown(f), lang, words: words(markdownProse(readFileSync(f, 'utf8'))) });
    }
    const y = join(dir, 'lesson.yaml');
    if (!existsSync(y)) continue;
    let doc: unknown;
    try {
      doc = parse(readFileSync(y, 'utf8'));
    } catch {
      continue; // the loader's tests report a broken lesson.yaml
    }
    // «quoted» words are the server's own (Postfix's replies and log lines), as in the catalogs
    for (const lang of LANGS)
      out.push({ name: `${shown(y)} (${lang})`, lang, words: yamlStrings(doc, lang).map(withoutQuotes).flatMap(words) });
  }
  const catalogs: [string, Record<Lang, Record<string, string>>][] = [
    ['src/i18n/catalog/{es,ca,en}.ts', { es, ca, en }],
    ...Object.entries(areas).map(([n, c]) => [`src/i18n/catalog/${n}.ts`, c] as [string, Record<Lang, Record<string, string>>]),
  ];
  for (const [file, c] of catalogs) {
    for (const lang of LANGS)
      out.push({ name: `${file} (${lang})`, lang, words: Object.values(c[lang]).flatMap((m) => words(withoutQuotes(m))) });
  }
  return out;
}

/** Why hunspell cannot check this language here, or undefined when it can. */
function unavailable(dict: string): string | undefined {
  const r = spawnSync('hunspell', ['-d', dict, '-l'], { input: '', encoding: 'utf8' });
  if (r.error) return 'hunspell is not installed (Debian: apt-get install hunspell hunspell-es hunspell-ca hunspell-en-us)';
  if (r.status !== 0 || /can't open/i.test(r.stderr)) return `no hunspell dictionary ${dict} (${r.stderr.trim() || `exit ${r.status}`})`;
  return undefined;
}

/** The project word list without its comments, as a hunspell personal dictionary. */
function projectWords(): string[] {
  return readFileSync(LIST, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

/**
 * A project term takes the language's grammar the dictionary cannot give it: Catalan
 * elision (l'spam, d'SMTP) and the English possessive (Postfix's) are checked as the term.
 */
function asTerm(word: string, lang: Lang, terms: Set<string>): string {
  const m = lang === 'ca' ? /^[dlmnst]'(.+)$/i.exec(word) : lang === 'en' ? /^(.+)'s$/.exec(word) : null;
  return m && terms.has(m[1]) ? m[1] : word;
}

/** Words hunspell does not know; in Spanish, a verb with enclitic pronouns passes when its verb does. */
function unknownWords(lang: Lang, list: string[], candidates: string[]): Set<string> {
  const bad = misspelled(DICT[lang], list, candidates);
  if (lang !== 'es') return bad;
  const bases = new Map([...bad].map((w) => [w, spanishVerbBases(w)]));
  const badBases = misspelled(DICT[lang], list, [...new Set([...bases.values()].flat())]);
  return new Set([...bad].filter((w) => !bases.get(w)!.some((b) => !badBases.has(b))));
}

function misspelled(dict: string, list: string[], candidates: string[]): Set<string> {
  const tmp = mkdtempSync(join(tmpdir(), 'mailsec-spell-'));
  try {
    const personal = join(tmp, 'words.dic');
    writeFileSync(personal, list.join('\n') + '\n');
    const r = spawnSync('hunspell', ['-i', 'UTF-8', '-d', dict, '-p', personal, '-l'], {
      input: candidates.join('\n') + '\n',
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error || r.status !== 0) throw new Error(`hunspell -d ${dict} failed: ${r.error?.message ?? r.stderr}`);
    return new Set(
      r.stdout
        .split('\n')
        .map((w) => w.trim())
        .filter(Boolean),
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const all = sources();

for (const lang of LANGS) {
  const dict = DICT[lang];
  test(`the ${lang} texts pass hunspell -d ${dict}`, (t) => {
    const why = unavailable(dict);
    if (why) {
      if (process.env.MAILSEC_REQUIRE_TOOLS === '1') assert.fail(`${why}; MAILSEC_REQUIRE_TOOLS=1 needs it`);
      t.diagnostic(why);
      t.skip(why);
      return;
    }
    const list = projectWords();
    const terms = new Set(list);
    const mine = all.filter((s) => s.lang === lang);
    const bad = unknownWords(lang, list, [...new Set(mine.flatMap((s) => s.words.map((w) => asTerm(w, lang, terms))))]);
    const problems = mine
      .map((s) => [s.name, [...new Set(s.words.filter((w) => bad.has(asTerm(w, lang, terms))))]] as const)
      .filter(([, ws]) => ws.length)
      .map(([name, ws]) => `${name}: ${ws.join(', ')}`);
    assert.equal(
      problems.length,
      0,
      `words hunspell -d ${dict} does not know:\n${problems.join('\n')}\n` +
        'Fix the typo; only a true technical term goes into test/course/words.txt.',
    );
  });
}

test('the checker sees a typo, and not code, paths or placeholders', (t) => {
  const why = unavailable('es_ES');
  if (why) {
    if (process.env.MAILSEC_REQUIRE_TOOLS === '1') assert.fail(why);
    t.skip(why);
    return;
  }
  const text = markdownProse(
    'Edita `smtpd_tls_cert_file` en etc/postfix/main.cf para {{domain}} y mira el log.\n\n```\nxyzzy qwrtp\n```\n\nEsto es un herror.',
  );
  const ws = words(text);
  assert.ok(!ws.some((w) => /smtpd|xyzzy|qwrtp|postfix|domain/.test(w)), ws.join(' '));
  assert.deepEqual([...misspelled('es_ES', projectWords(), ws)], ['herror']);
  // enclitic pronouns: right when the verb is right, and a misspelled verb still fails
  assert.deepEqual(
    [
      ...unknownWords('es', projectWords(), [
        'Muévelos',
        'Calcúlalo',
        'autenticarte',
        'envíalo',
        'dámelo',
        'ponlo',
        'Muébelos',
        'Calcúlarlo',
        'Calculalo',
        'damelo',
      ]),
    ],
    ['Muébelos', 'Calcúlarlo', 'Calculalo', 'damelo'],
  );
  assert.deepEqual(words('Usa --workspace DIR o {dir}, como en alexdns.local o a@b.c: mailsec'), ['Usa', 'como', 'en', 'mailsec']);
  assert.deepEqual(words('Prueba: openssl genrsa -out cert.key 4096 (y vuelve). Un error de mailsec, no tuyo.'), [
    'Prueba',
    'vuelve',
    'Un',
    'error',
    'de',
    'mailsec',
    'no',
    'tuyo',
  ]);
  assert.deepEqual(words('Pon smtpd_tls_auth_only = yes y usa --auth-user alumno\n  mailsec check LECCIÓN   ejecuta'), [
    'Pon',
    'usa',
    'ejecuta',
  ]);
  assert.deepEqual(words(withoutQuotes('Busca «with ESMTPS id» en la cabecera')), ['Busca', 'en', 'la', 'cabecera']);
});
