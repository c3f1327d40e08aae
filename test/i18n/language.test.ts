// The learner reads Spanish and Catalan that a native speaker would write: no English left
// in a message (the catalogs and what a check, the CLI or the sandbox fill into them), and
// Catalan elides "de" and "el" before a vowel or h (d'alexdns.local, l'informe), also when
// the word is a value only known at run time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LESSON_DIR_RE } from '../../src/course/loader.js';
import { lessonsDir } from '../../src/util/paths.js';
import { catalogs, t } from '../../src/i18n/messages.js';
import { fillValues } from '../../src/i18n/lang.js';
import { substituteText } from '../../src/core/workbook.js';
import { summaryLine } from '../../src/commands/check.js';
import { markdownProse, yamlStrings } from '../course/text.js';
import { englishIn } from '../helpers/english.js';
import { parseZone } from '../../src/sandbox/dns/zone.js';

/** "de"/"el" right before a vowel or h in Catalan prose ("de alexdns", "el informe"): the same loan words Catalan keeps whole are allowed. */
const KEEPS = /^(host|hash|hosts|header|hold)\b/i;
export function missedElisions(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\p{L}'’-])(de|el|De|El) [`«"*]*([aeiouhàèéíòóúAEIOUHÀÈÉÍÒÓÚ][\p{L}.\-/]*)/gu)) {
    if (!KEEPS.test(m[2])) out.push(m[0]);
  }
  return out;
}

function caLessonTexts(): [string, string][] {
  const out: [string, string][] = [];
  const root = lessonsDir();
  for (const name of readdirSync(root).sort()) {
    if (!LESSON_DIR_RE.test(name)) continue;
    const md = join(root, name, 'ca.md');
    if (existsSync(md)) out.push([`lessons/${name}/ca.md`, markdownProse(readFileSync(md, 'utf8'))]);
    // code spans count here: "d'`etc/postfix/main.cf`"
    if (existsSync(md)) out.push([`lessons/${name}/ca.md`, readFileSync(md, 'utf8').replace(/```[\s\S]*?```/g, ' ')]);
    const y = join(root, name, 'lesson.yaml');
    if (existsSync(y)) for (const s of yamlStrings(parse(readFileSync(y, 'utf8')), 'ca')) out.push([`lessons/${name}/lesson.yaml`, s]);
  }
  return out;
}

test('no Spanish or Catalan catalog message has English prose in it', () => {
  const leaks = (['es', 'ca'] as const).flatMap((lang) =>
    Object.entries(catalogs[lang]).flatMap(([key, text]) => {
      const w = englishIn(text);
      return w ? [`${lang} ${key}: "${w}" in ${text}`] : [];
    }),
  );
  assert.deepEqual(leaks, []);
});

test('Catalan elides de/el before a vowel or h, in the catalogs and in the lessons', () => {
  const found = [
    ...Object.entries(catalogs.ca).flatMap(([key, text]) => missedElisions(text).map((m) => `catalog ${key}: ${m}`)),
    ...caLessonTexts().flatMap(([file, text]) => missedElisions(text).map((m) => `${file}: ${m}`)),
  ];
  assert.deepEqual([...new Set(found)], []);
});

test('a value filled in after "de" is elided in Catalan only', () => {
  const v = (name: string) => ({ domain: 'alexdns.local', other: 'zeta.cat' })[name];
  assert.equal(fillValues('ca', 'el registre de {domain} i de {other}', /\{(\w+)\}/g, v), "el registre d'alexdns.local i de zeta.cat");
  assert.equal(fillValues('ca', 'De {domain}; ade {domain}', /\{(\w+)\}/g, v), "D'alexdns.local; ade alexdns.local");
  assert.equal(fillValues('es', 'el registro de {domain}', /\{(\w+)\}/g, v), 'el registro de alexdns.local');
  assert.equal(
    t('ca', 'auth.spf.recordOk', { domain: 'alexdns.local', record: 'v=spf1 mx -all' }),
    "El DNS serveix el registre SPF d'alexdns.local: «v=spf1 mx -all».",
  );
  assert.equal(
    substituteText('al final de `etc/bind/db.{{domain}}` de `{{domain}}`', { domain: 'alexdns.local' }, 'ca'),
    "al final de `etc/bind/db.alexdns.local` d'`alexdns.local`",
  );
});

test('the detectors catch what they are for', () => {
  assert.equal(englishIn('mynetworks = (empty)'), 'empty');
  assert.equal(englishIn("cert.pem is identical to ana's"), 'is');
  assert.equal(englishIn('El valor es «is not secure» con {error}'), undefined);
  assert.deepEqual(missedElisions('les zones de etc/bind i el informe, bits de host, de `alexdns`'), [
    'de etc/bind',
    'el informe',
    'de `alexdns',
  ]);
});

test("mailsec check's summary agrees in number: 1 superado, 2 superados", () => {
  assert.equal(summaryLine('es', 1, 0, 0), '1 superado, 0 todavía no');
  assert.equal(summaryLine('es', 2, 1, 0), '2 superados, 1 todavía no');
  assert.equal(summaryLine('ca', 1, 2, 0), '1 superat, 2 encara no');
  assert.equal(summaryLine('en', 1, 2, 0), '1 passed, 2 not yet');
  assert.match(summaryLine('es', 1, 0, 1), /^1 superado, 0 todavía no, 1 con un error interno/);
});

test('every problem the DNS finds in a zone file reaches the learner in es and ca, without English', () => {
  const broken = [
    'oops IN A 1.2.3',
    'oops IN AAAA 1.2.3',
    'oops IN A',
    'oops IN MX ten mail',
    'oops IN MX 10 "mail"',
    'oops IN TXT',
    'oops IN A 1.2.3.4 extra',
    'oops IN BOGUS x',
    'oops CH A 1.2.3.4',
    'oops IN',
    'oops IN TXT "never closed',
    'oops IN TXT "bad \\999 escape"',
    'a..b IN A 1.2.3.4',
    '$ORIGIN',
    '$TTL soon',
    '$INCLUDE',
    '$GENERATE 1-2 x A 1.2.3.4',
    '$FOO',
    'oops 99zz A 1.2.3.4',
    'www IN CNAME a.example.',
    'www IN CNAME b.example.',
    'other.example. IN A 1.2.3.4',
    'oops IN TXT ( "x"',
  ];
  const zone = parseZone(['@ IN SOA ns hostmaster 1 3600 600 86400 300', '@ IN NS ns', 'ns IN A 127.0.0.1', ...broken].join('\n') + '\n', {
    origin: 'aula.test',
    file: 'etc/bind/db.aula.test',
  });
  assert.ok(zone.issues.length >= broken.length - 3, zone.issues.map((i) => i.text).join('\n'));
  for (const i of zone.issues) {
    assert.ok(i.message, `no message key for "${i.text}"`);
    assert.equal(t('en', i.message.key, i.message.params), i.text);
    for (const lang of ['es', 'ca'] as const) {
      const text = t(lang, i.message.key, i.message.params);
      assert.equal(englishIn(text, i.message.params), undefined, `${lang}: ${text}`);
      assert.doesNotMatch(text, /\{\w+\}/, text);
    }
  }
});

test('every reason grading gives for a bundle, and every copy it reports, reaches the teacher in es and ca without English', () => {
  const params = {
    path: 'etc/bind/db.ana.test',
    max: 5000,
    lines: 100002,
    seconds: 120,
    tool: 'mailsec 9.9.9',
    version: '2',
    field: 'files',
    error: 'TypeError: x',
  };
  const keys = Object.keys(catalogs.en).filter((k) => /^grade\.(r|copy)\./.test(k));
  assert.ok(keys.length > 20, keys.join(' '));
  const leaks: string[] = [];
  for (const lang of ['es', 'ca'] as const)
    for (const key of keys) {
      const text = key.startsWith('grade.r.')
        ? t(lang, 'grade.badBundle', { file: 'entregas/ana.mailsec', reason: { key, params } })
        : t(lang, 'grade.copy.pair', { student: 'Ana', file: 'ana.mailsec', shared: t(lang, key, { ...params, n: 3 }) });
      const w = englishIn(text, params);
      if (w) leaks.push(`${lang} ${key}: "${w}" in ${text}`);
    }
  assert.deepEqual(leaks, []);
});
