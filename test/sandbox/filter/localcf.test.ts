// local.cf read as SpamAssassin 4.0.1 reads it; the lint lines are the ones
// `spamassassin --lint` prints for the same file (checked live where SpamAssassin is installed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLocalCf, settingOf, addrMatches } from '../../../src/sandbox/filter/localcf.js';
import { missingTools } from '../../prove/env.js';

const BAD = 'report_safe 3\nrequired_score = 5\nfoo bar\nrewrite_header Body x\nuse_bayes maybe\nscore GTUBE\nendif\n';
const BAD_LINT = [
  "config: invalid 'report_safe' value in F (line 1): report_safe 3",
  "config: invalid 'required_score' value in F (line 2): required_score = 5",
  'config: failed to parse line in F (line 3): foo bar',
  "config: invalid 'rewrite_header' value in F (line 4): rewrite_header Body x",
  "config: invalid 'use_bayes' value in F (line 5): use_bayes maybe",
  "config: missing 'score' value in F (line 6): score GTUBE",
  "config: missing starting 'if' for 'endif' in F (line 7): endif",
];

test('lines SpamAssassin refuses get its own lint message, with the file and line', () => {
  const cf = parseLocalCf(BAD, 'F');
  assert.deepEqual(
    cf.issues.map((i) => i.text),
    BAD_LINT,
  );
  // refused lines leave the defaults in place
  assert.equal(cf.conf.reportSafe, 1);
  assert.equal(cf.conf.requiredScore, 5);
  assert.equal(cf.conf.useBayes, true);
});

test('the same file through the real spamassassin --lint', { skip: missingTools(['spamassassin']) ?? false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailsec-lint-'));
  try {
    for (const f of readdirSync('/etc/spamassassin')) if (f.endsWith('.pre')) copyFileSync(join('/etc/spamassassin', f), join(dir, f));
    const file = join(dir, 'local.cf');
    writeFileSync(file, BAD);
    const r = spawnSync('spamassassin', [`--siteconfigpath=${dir}`, '-L', '--lint'], { encoding: 'utf8', timeout: 120_000 });
    const real = r.stderr
      .split('\n')
      .map((l) => /warn: (config: .*)$/.exec(l)?.[1])
      .filter((l): l is string => !!l)
      .map((l) => l.replace(file, 'F'));
    assert.deepEqual(real, BAD_LINT);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the tutorial's settings, comments and escaped hashes", () => {
  const cf = parseLocalCf(
    '# a comment\nrequired_score 5.0   # trailing\nrewrite_header Subject ***SPAM*** \\#1\nuse_bayes 1\nbayes_auto_learn yes\nreport_safe 0\n',
  );
  assert.deepEqual(cf.issues, []);
  assert.equal(cf.conf.requiredScore, 5);
  assert.equal(cf.conf.rewrite.Subject, '***SPAM*** #1');
  assert.equal(cf.conf.bayesAutoLearn, true);
  assert.equal(cf.conf.reportSafe, 0);
  // report_safe 0 adds the X-Spam-Report header to spam, as SpamAssassin does
  assert.deepEqual(
    cf.conf.headersSpam.map(([n]) => n),
    ['Checker-Version', 'Flag', 'Level', 'Status', 'Report'],
  );
  assert.equal(settingOf(cf, 'required_score')?.line, 2);
});

test('if/ifplugin/else/endif: a plugin Debian does not load skips its block', () => {
  const cf = parseLocalCf(
    'ifplugin Mail::SpamAssassin::Plugin::Nonexistent\nrequired_score 1\nelse\nrequired_score 2\nendif\nifplugin Mail::SpamAssassin::Plugin::Shortcircuit\nreport_safe 2\nendif\n',
  );
  assert.deepEqual(cf.issues, []);
  assert.equal(cf.conf.requiredScore, 2);
  assert.equal(cf.conf.reportSafe, 2);
  assert.match(parseLocalCf('if version >= 3.4\nrequired_score 3\n').issues[0]?.text ?? '', /unclosed 'if'/);
});

test('rewrite_header From/To turn brackets into square brackets; an empty tag removes the rewrite', () => {
  const cf = parseLocalCf('rewrite_header From (SPAM)\nrewrite_header to SPAM\nrewrite_header Subject [SPAM]\nrewrite_header Subject\n');
  assert.deepEqual(cf.conf.rewrite, { From: '[SPAM]', To: 'SPAM' });
});

test('add_header, remove_header and clear_headers change the X-Spam-* set; Checker-Version stays', () => {
  const cf = parseLocalCf(
    'add_header all Score "_SCORE_"\nadd_header spam Why a\\tb\\\\c\nremove_header ham Level\nremove_header all Checker-Version\n',
  );
  assert.deepEqual(
    cf.conf.headersHam.map(([n]) => n),
    ['Checker-Version', 'Status', 'Score'],
  );
  assert.deepEqual(
    cf.conf.headersSpam.find(([n]) => n === 'Why'),
    ['Why', 'a\tb\\c'],
  );
  assert.deepEqual(
    parseLocalCf('clear_headers\n').conf.headersSpam.map(([n]) => n),
    ['Checker-Version'],
  );
});

test('score overrides: one or four values, relative in brackets', () => {
  const cf = parseLocalCf('score GTUBE 10\nscore GTUBE (5)\nscore MISSING_DATE 1 2 3 4\n');
  assert.equal(cf.conf.scores.get('GTUBE'), 15);
  assert.equal(cf.conf.scores.get('MISSING_DATE'), 1);
  assert.match(parseLocalCf('score GTUBE 1 2\n').issues[0].text, /missing 'score' value/);
});

test('welcomelist_from / blocklist_from (and their old names) match as SpamAssassin globs', () => {
  const cf = parseLocalCf('whitelist_from *@alexdns.local jefe?@example.com\nblocklist_from spam*@example.net\n');
  assert.ok(addrMatches(cf.conf.welcomelistFrom, 'ALUMNO@alexdns.local'));
  assert.ok(addrMatches(cf.conf.welcomelistFrom, 'jefe1@example.com'));
  assert.ok(!addrMatches(cf.conf.welcomelistFrom, 'jefe12@example.com'));
  assert.ok(addrMatches(cf.conf.blocklistFrom, 'spammer@example.net'));
  assert.ok(!addrMatches(cf.conf.blocklistFrom, 'amigo@example.net'));
});
