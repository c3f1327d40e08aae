// Every command of the built CLI with missing, wrong and hostile arguments: a user's mistake
// gets a plain message in the language asked for and exit 1 or 2; never a stack trace, never
// "internal error" (exit 70), never a raw message key. Then the bugs found while trying it.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../prove/env.js';
import { runCli, type CliOptions, type CliResult } from '../helpers/cli.js';
import { catalogs } from '../../src/i18n/messages.js';
import { LANGS, type Lang } from '../../src/i18n/lang.js';

const T = tempDir('mailsec-hostile-');
const HOME = join(T, 'home');
const W = join(T, 'ws'); // a workspace
const F = join(T, 'file.txt'); // a file where a folder is expected
const D = join(T, 'empty-dir'); // a folder where a file (or a workspace) is expected
const LONG = join(T, 'x'.repeat(5000)); // ENAMETOOLONG
const NL = join(T, 'new\nline'); // a path with a newline
const NOPE = join(T, 'no-such-thing');
const BAD_BUNDLE = join(T, 'bad.mailsec');
// what really refuses root too: no folder can be made under /proc (ENOENT) or /sys (EPERM),
// no file written in /sys/kernel (EACCES; EROFS where /sys is mounted read-only)
const PROC = '/proc/mailsec-x';
const SYS = '/sys/mailsec-x';
const SYS_FILE_DIR = '/sys/kernel';

mkdirSync(HOME, { recursive: true });
mkdirSync(D, { recursive: true });
writeFileSync(F, 'not a workspace\n');
writeFileSync(BAD_BUNDLE, 'not a submission\n');

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { HOME, MAILSEC_CACHE_DIR: join(T, 'cache'), MAILSEC_WORKSPACE: '', LANG: 'C', LC_ALL: '', LC_MESSAGES: '', ...extra };
}

function mailsec(args: string[], o: CliOptions = {}): Promise<CliResult> {
  return runCli(args, { cwd: T, timeoutMs: 30_000, ...o, env: env(o.env) });
}

// ---- what a plain message is -------------------------------------------------------------

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A catalog text as what must be found: its fixed words, in order, anything between them for its {params}. */
function pieces(text: string): string[] | undefined {
  // a {param} at either end may be empty, and the output is trimmed
  const parts = text
    .replace(/^(\s*\{\w+\})+\s*|\s*(\{\w+\}\s*)+$/g, '')
    // Catalan writes "de {domain}" as d'alexdns.local when the value starts with a vowel
    .replace(/(^|[^\p{L}'’-])[Dd]e (?=\{\w+\})/gu, '$1')
    .split(/\{\w+\}/)
    .filter(Boolean);
  // texts that are mostly parameters say nothing about the language
  return parts.length && Math.max(...parts.map((p) => p.trim().length)) >= 15 ? parts : undefined;
}
/** Each piece in order, each found as early as it can be (a regular expression with lazy gaps backtracks for minutes on a 5000-character path). */
function found(out: string, parts: string[]): boolean {
  let at = 0;
  for (const p of parts) {
    const i = out.indexOf(p, at);
    if (i < 0) return false;
    at = i + p.length;
  }
  return true;
}
const texts = Object.fromEntries(
  LANGS.map((l) => [l, Object.entries(catalogs[l]).flatMap(([k, v]) => (pieces(v) ? [[k, pieces(v)!] as const] : []))]),
) as Record<Lang, (readonly [string, string[]])[]>;

/** The catalog keys whose text (in `lang`) is in `out`. */
const said = (out: string, lang: Lang) => texts[lang].filter(([, parts]) => found(out, parts)).map(([k]) => k);

const KEYS = [...new Set(LANGS.flatMap((l) => Object.keys(catalogs[l])))].filter((k) => k.includes('.'));
/** A message key printed as it is, instead of its text. */
function rawKeys(out: string): string[] {
  return KEYS.filter((k) => {
    let i = out.indexOf(k);
    while (i >= 0) {
      const before = out[i - 1] ?? ' ';
      const after = out[i + k.length] ?? ' ';
      if (!/[\w.]/.test(before) && !/[\w.]/.test(after)) return true;
      i = out.indexOf(k, i + 1);
    }
    return false;
  });
}

const TRACE = /\n\s+at .*:\d+:\d+/;

/** The assertions every run shares; `lang` is the language the message must be in. */
function assertPlain(r: CliResult, expect: 'ok' | 'user' | 'usage' | 'ok-or-fail', lang: Lang, what: string) {
  const all = `${r.stdout}\n${r.stderr}`;
  const shown = `${what}\nexit ${r.code}\nstdout: ${r.stdout.slice(0, 600)}\nstderr: ${r.stderr.slice(0, 1500)}`;
  assert.doesNotMatch(all, TRACE, `a stack trace: ${shown}`);
  assert.ok(!LANGS.some((l) => said(all, l).includes('cli.bug')), `"internal error": ${shown}`);
  assert.notEqual(r.code, 70, shown);
  assert.deepEqual(rawKeys(all), [], `a raw message key: ${shown}`);
  if (expect === 'ok') assert.equal(r.code, 0, shown);
  else if (expect === 'ok-or-fail') assert.ok(r.code === 0 || r.code === 1, shown);
  else if (expect === 'usage') assert.equal(r.code, 2, shown);
  else assert.ok(r.code === 1 || r.code === 2, shown);
  if (expect === 'user' || expect === 'usage') {
    // the refusal is a catalog message, in the language asked for and no other
    const out = r.stderr.trim() || r.stdout.trim();
    assert.ok(said(out, lang).length, `not a ${lang} message: ${shown}`);
    const mine = new Set(said(out, lang));
    const foreign = LANGS.filter((l) => l !== lang).flatMap((l) =>
      said(out, l)
        .filter((k) => !mine.has(k) && catalogs[l][k] !== catalogs[lang][k])
        .map((k) => `${l}:${k}`),
    );
    assert.deepEqual(foreign, [], `text of another language: ${shown}`);
  }
}

// ---- the matrix ---------------------------------------------------------------------------

interface Case {
  args: string[];
  expect: 'ok' | 'user' | 'usage' | 'ok-or-fail';
  /** run inside the workspace W (--workspace W) */
  inWs?: boolean;
  /** no --lang: the message is in the environment's language (Spanish with LANG=C) */
  noLang?: boolean;
  input?: string;
}

const C = (expect: Case['expect'], args: string[], o: Omit<Case, 'args' | 'expect'> = {}): Case => ({ expect, args, ...o });
const HOSTILE_DIRS = [NOPE, F, LONG, PROC, '/dev/null', NL];

const CASES: Case[] = [
  // the command line itself
  C('usage', ['frobnicate']),
  C('usage', ['--bogus']),
  C('usage', ['--json=3']),
  C('usage', ['--lang', 'fr'], { noLang: true }),
  C('usage', ['--lang'], { noLang: true }),
  C('usage', ['-w']),
  C('usage', ['lessons', '--bogus']),
  C('ok', ['help']),
  C('ok', ['--help']),
  C('ok', ['--version']),
  C('ok', ['lessons']),
  C('ok', ['lessons', '--json']),
  // the workbook itself (plain view, input on stdin), in a folder that is not a workspace
  C('ok', ['--plain'], { inWs: true, input: 'q\n' }),
  ...[F, LONG, PROC, '/dev/null', D, NOPE].map((p) => C('user', ['--plain', '--workspace', p], { input: 'q\n' })),
  // init
  C('user', ['init', PROC]),
  C('user', ['init', SYS]),
  C('user', ['init', F]),
  C('user', ['init', join(F, 'sub')]),
  C('user', ['init', LONG]),
  C('user', ['init', '/dev/null']),
  C('user', ['init', W, '--domain', 'other.test']),
  C('user', ['init', join(T, 'w-bad'), '--domain', 'no domain']),
  C('usage', ['init', join(T, 'w-x'), '--domain']),
  C('ok', ['init', join(T, 'made\nby init')]),
  // check
  C('user', ['check', '99'], { inWs: true }),
  C('user', ['check', '01/zz'], { inWs: true }),
  C('user', ['check', '05', 'zz'], { inWs: true }),
  C('user', ['check', '05/02', '03'], { inWs: true }),
  C('user', ['check', '05', '02', '03'], { inWs: true }),
  C('usage', ['check', '01', '--answer'], { inWs: true }),
  C('user', ['check', '01', '--answer', 'x'], { inWs: true }),
  C('user', ['check', '01', '--answer', 'zz/zz=1'], { inWs: true }),
  C('ok-or-fail', ['check', '05', '02'], { inWs: true }),
  ...HOSTILE_DIRS.map((p) => C('user', ['check', '01', '--workspace', p])),
  // reset
  C('user', ['reset'], { inWs: true }),
  C('user', ['reset', '99'], { inWs: true }),
  C('user', ['reset', '01', '02'], { inWs: true }),
  C('user', ['reset', '01', '--workspace', '/dev/null']),
  C('user', ['reset', '01', '--workspace', LONG]),
  // sandbox
  C('usage', ['sandbox'], { inWs: true }),
  C('usage', ['sandbox', 'bogus'], { inWs: true }),
  C('user', ['sandbox', 'passwd'], { inWs: true }),
  ...['start', 'stop', 'status', 'reload', 'check', 'passwd'].flatMap((sub) =>
    [F, LONG, PROC, D].map((p) => C('user', ['sandbox', sub, '--workspace', p])),
  ),
  // dkim genkey
  C('usage', ['dkim']),
  C('usage', ['dkim', 'bogus']),
  C('usage', ['dkim', 'genkey', '--bogus']),
  C('usage', ['dkim', 'genkey', '-s']),
  C('usage', ['dkim', 'genkey']),
  C('usage', ['dkim', 'genkey', '-d', 'aula.test', '-b', 'abc', '-D', join(T, 'k0')]),
  C('usage', ['dkim', 'genkey', '-d', 'aula.test', '-b', '99999', '-D', join(T, 'k0')]),
  C('usage', ['dkim', 'genkey', '-d', 'aula.test', '-s', '../x', '-D', join(T, 'k0')]),
  C('usage', ['dkim', 'genkey', '-d', 'not a domain', '-D', join(T, 'k0')]),
  C('user', ['dkim', 'genkey', '-d', 'aula.test', '--workspace', F]),
  C('user', ['dkim', 'genkey', '-d', 'aula.test', '--workspace', NOPE]),
  ...[PROC, SYS, F, LONG, '/dev/null', SYS_FILE_DIR].map((p) => C('user', ['dkim', 'genkey', '-d', 'aula.test', '-D', p])),
  C('user', ['dkim', 'genkey', '-D', '/../../outside'], { inWs: true }),
  // dmarc report
  C('usage', ['dmarc']),
  C('usage', ['dmarc', 'bogus']),
  C('usage', ['dmarc', 'report', '--bogus']),
  C('user', ['dmarc', 'report']),
  ...[F, LONG, PROC, NOPE].map((p) => C('user', ['dmarc', 'report', '--workspace', p])),
  C('user', ['dmarc', 'report'], { inWs: true }),
  C('user', ['dmarc', 'report', '--all', '--print'], { inWs: true }),
  // submit
  ...[PROC, SYS, F, D, LONG, '/dev/null', join(F, 'x.mailsec'), join(SYS_FILE_DIR, 'x.mailsec')].map((p) =>
    C('user', ['submit', '--out', p], { inWs: true }),
  ),
  C('usage', ['submit', '--out'], { inWs: true }),
  C('user', ['submit', '--workspace', D]),
  // grade
  C('user', ['grade', D]),
  ...[NOPE, F, '/dev/null', PROC, LONG, BAD_BUNDLE].map((p) => C('user', ['grade', p])),
  ...[PROC, SYS, F, LONG].map((p) => C('user', ['grade', join(T, 'sub.mailsec'), '--keep', p])),
  C('usage', ['grade', '--keep']),
];

describe('every command with missing, wrong and hostile arguments', { concurrency: 3 }, () => {
  before(async () => {
    const r = await mailsec(['init', W, '--lang', 'en']);
    assert.equal(r.code, 0, r.stderr);
    const s = await mailsec(['submit', '--out', join(T, 'sub.mailsec')], { ws: W });
    assert.equal(s.code, 0, s.stderr);
    // the course cached once, not parsed again by every run at once
    assert.equal((await mailsec(['lessons'])).code, 0);
  });
  CASES.forEach((c, i) => {
    const lang = LANGS[i % 3];
    const what = `mailsec ${c.args.map((a) => (a.length > 60 ? `${a.slice(0, 30)}…(${a.length})` : JSON.stringify(a))).join(' ')}`;
    test(`${what} [${c.noLang ? 'env' : lang}]`, async () => {
      const args = [...(c.noLang ? [] : ['--lang', lang]), ...(c.inWs ? ['--workspace', W] : []), ...c.args];
      const r = await mailsec(args, { input: c.input });
      assertPlain(r, c.expect, c.noLang ? 'es' : lang, what);
    });
  });
});

// ---- the bugs found while trying it -------------------------------------------------------

describe('found while trying it', () => {
  before(async () => {
    if (!existsSync(join(W, '.mailsec'))) assert.equal((await mailsec(['init', W])).code, 0);
  });

  test('submit --out into a folder that does not exist yet makes the folder', async () => {
    const r = await mailsec(['submit', '--out', 'sub/dir/x.mailsec', '--lang', 'en'], { ws: W, cwd: T });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Submission ready: .*sub\/dir\/x\.mailsec/);
    assert.ok(existsSync(join(T, 'sub/dir/x.mailsec')));
    // and where no folder can be made, the learner is told where and why
    const bad = await mailsec(['submit', '--out', join(F, 'x.mailsec'), '--lang', 'en'], { ws: W });
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim(), `A folder is needed at ${F}, but it (or a folder above it) is a file. Give another path.`);
  });

  test('an earlier submission inside the workspace is not part of the next one', async () => {
    const first = await mailsec(['submit', '--out', join(W, 'first.mailsec'), '--json'], { ws: W });
    assert.equal(first.code, 0, first.stderr);
    const second = await mailsec(['submit', '--out', join(W, 'second.mailsec'), '--json'], { ws: W });
    assert.equal(JSON.parse(second.stdout).files, JSON.parse(first.stdout).files);
  });

  test('init /proc/x fails at once with a plain message (it spun at 100 % CPU)', async () => {
    const started = Date.now();
    const r = await mailsec(['init', PROC, '--lang', 'en'], { timeoutMs: 15_000 });
    assert.ok(Date.now() - started < 10_000, 'init /proc/x took more than 10 s');
    assert.equal(r.code, 2, r.stderr);
    assert.equal(
      r.stderr.trim(),
      `${PROC} cannot be created: /proc takes no new files or folders. Choose a folder of your own, such as one in your home folder.`,
    );
    const ca = await mailsec(['dkim', 'genkey', '-d', 'aula.test', '-D', `${PROC}/keys`, '--lang', 'ca'], { timeoutMs: 15_000 });
    assert.equal(ca.code, 2);
    assert.match(ca.stderr, /^No es pot crear \/proc\/mailsec-x: a \/proc no s'hi poden crear fitxers ni carpetes\./);
  });

  test('a path outside the workspace is refused with its message, never the key workspace.outside', async () => {
    const r = await mailsec(['dkim', 'genkey', '-D', '/../../outside', '--lang', 'en'], { ws: W });
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), 'The path /../../outside points outside the workspace; the sandbox only reads files inside it.');
    // the sandbox reading a certificate outside the workspace names the reason in words
    const ws = join(T, 'ws-outside');
    assert.equal((await mailsec(['init', ws])).code, 0);
    appendFileSync(
      join(ws, 'etc/postfix/main.cf'),
      'smtpd_tls_cert_file = /../../../etc/passwd\nsmtpd_tls_key_file = /etc/ssl/private/cert.key\nsmtpd_tls_security_level = may\n',
    );
    const c = await mailsec(['sandbox', 'check', '--lang', 'en'], { ws, env: { LANG: 'en_US.UTF-8' } });
    assert.match(
      c.stderr,
      /cannot get RSA certificate from file "\/\.\.\/\.\.\/\.\.\/etc\/passwd": The path \/\.\.\/\.\.\/\.\.\/etc\/passwd points outside the workspace/,
    );
    assert.deepEqual(rawKeys(c.stdout + c.stderr), []);
  });

  test('check 05 02 checks lesson 05 step 02, as check 05/02 does', async () => {
    const spaced = await mailsec(['check', '05', '02', '--json'], { ws: W });
    const slashed = await mailsec(['check', '05/02', '--json'], { ws: W });
    const steps = (r: CliResult) =>
      (JSON.parse(r.stdout) as { results: { lesson: string; step: string }[] }).results.map((x) => `${x.lesson}/${x.step}`);
    assert.deepEqual(steps(spaced), ['05-rbl/nxdomain-meaning']);
    assert.deepEqual(steps(spaced), steps(slashed));
    assert.equal(spaced.code, slashed.code);
    const named = await mailsec(['check', 'rbl', 'nxdomain-meaning', '--json'], { ws: W });
    assert.deepEqual(steps(named), ['05-rbl/nxdomain-meaning']);
    const extra = await mailsec(['check', '05', '02', '03', '--lang', 'es'], { ws: W });
    assert.equal(extra.code, 2);
    assert.equal(extra.stderr.trim(), 'Sobran argumentos: 03. Consulta cómo se usa cada orden con: mailsec --help');
  });

  test('the plain view goes to g 08/3 (and g 08 3) as check 08/3 does', async () => {
    const j = JSON.parse((await mailsec(['lessons', '--json', '--lang', 'en'])).stdout) as {
      lessons: { id: string; steps: { title: string }[] }[];
    };
    const spf = j.lessons.find((l) => l.id === '08-spf')!;
    for (const go of ['g 08/3', 'g 08 3', 'g spf/spf-fail-others']) {
      const r = await mailsec(['--plain', '--lang', 'en'], { ws: W, input: `${go}\nq\n` });
      assert.equal(r.code, 0, r.stderr);
      const after = r.stdout.split('(08-spf) ==').slice(1).join('');
      assert.ok(after, `${go}: lesson 08 not shown\n${r.stdout.slice(-2000)}`);
      assert.match(after, new RegExp(`Step 3 of ${spf.steps.length}: ${escape(spf.steps[2].title)}`), go);
    }
    const bad = await mailsec(['--plain', '--lang', 'en'], { ws: W, input: 'g 08/99\ng 99\nq\n' });
    assert.equal(bad.code, 0);
    assert.match(
      bad.stdout,
      /Lesson 08-spf has no step "99"\. Its steps: spf-record, spf-pass, spf-fail-others, policyd-spf, spoof-rejected/,
    );
    assert.match(bad.stdout, /There is no lesson "99"\. See the list with: mailsec lessons/);
  });

  test('dmarc report --all --print shows the report and mails nothing', async () => {
    const ws = join(T, 'ws-dmarc');
    assert.equal((await mailsec(['init', ws, '--domain', 'aula.test'])).code, 0);
    // what the sandbox records for a spoofed mail, with the rua= of the learner's record
    const event = {
      ts: new Date(Date.now() - 60_000).toISOString(),
      type: 'authres',
      listener: 'outside',
      client: { addr: '203.0.113.7', name: 'unknown' },
      mailFrom: 'aviso@example.net',
      rcptTo: ['alumno@aula.test'],
      headerFrom: 'aula.test',
      spf: { result: 'fail', domain: 'example.net', identity: 'mailfrom', via: 'opendmarc' },
      dkim: [{ result: 'none' }],
      dmarc: {
        result: 'fail',
        disposition: 'quarantine',
        policyDomain: 'aula.test',
        p: 'quarantine',
        adkim: 'r',
        aspf: 'r',
        spfAligned: false,
        dkimAligned: false,
        sampledOut: false,
        rua: ['mailto:postmaster@aula.test'],
        ruf: [],
        reason: '',
      },
      action: 'quarantine',
    };
    mkdirSync(join(ws, 'var/log'), { recursive: true });
    writeFileSync(join(ws, 'var/log/events.jsonl'), JSON.stringify(event) + '\n');
    const mails = () => {
      const dir = join(ws, 'var/mail/alumno/Maildir/new');
      return existsSync(dir) ? readdirSync(dir).length : 0;
    };
    const made = await mailsec(['dmarc', 'report', '--lang', 'en'], { ws });
    assert.equal(made.code, 0, made.stdout + made.stderr);
    assert.match(made.stdout, /Delivered to postmaster@aula\.test/);
    assert.equal(mails(), 1);
    const printed = await mailsec(['dmarc', 'report', '--all', '--print', '--lang', 'en'], { ws });
    assert.equal(printed.code, 0, printed.stdout + printed.stderr);
    assert.match(printed.stdout, /only shown: neither mailed nor saved/);
    assert.match(printed.stdout, /<source_ip>203\.0\.113\.7<\/source_ip>/);
    assert.doesNotMatch(printed.stdout, /Delivered to/);
    assert.equal(mails(), 1, 'the report was mailed a second time');
    // the mark of the last report did not move: a plain report still has nothing new
    const again = await mailsec(['dmarc', 'report', '--lang', 'en'], { ws });
    assert.equal(again.code, 1);
    assert.match(again.stdout, /No mail from aula\.test has arrived since the last report/);
    assert.equal(readFileSync(join(ws, 'var/lib/opendmarc/last-report.json'), 'utf8').includes('"end"'), true);
  });

  test("a command block gets the workbook's locale only where it exists, and mailsec in it still speaks the workbook's language", async () => {
    const { runStepBlock } = await import('../../src/core/blocks.js');
    const { localeInstalled } = await import('../../src/core/runblock.js');
    const { Workspace } = await import('../../src/workspace/workspace.js');
    const ws = Workspace.open(W);
    const probe = {
      host: '127.0.0.1',
      ports: { smtp: 9, submission: 9, smtps: 9, outside: 9, dns: 9, https: 9, pop3: 9, pop3s: 9, imap: 9, imaps: 9 },
    };
    const saved = process.env.LC_ALL;
    delete process.env.LC_ALL; // a learner's own LC_ALL would win, and nothing would be passed
    try {
      const run = (content: string, lang: Lang) => runStepBlock(ws, content, probe, { hosting: false, lang });
      // what blocks ask for (es_ES.UTF-8...) is passed only when installed: perl (swaks) warns on every run otherwise
      const shown = await run('echo "[$LC_MESSAGES]"', 'es');
      assert.equal(shown.output, localeInstalled('es_ES.UTF-8') ? '[es_ES.UTF-8]' : '[]');
      if (existsSync('/usr/bin/perl')) {
        const perl = await run('perl -e 1', 'es');
        assert.doesNotMatch(perl.output, /locale/i, perl.output);
      }
      const help = await run('mailsec --help', 'en');
      assert.match(help.output, /a workbook for mail-server security/);
      const ca = await run('mailsec --help', 'ca');
      assert.match(ca.output, /quadern de pràctiques/);
      // the learner's own --lang in the block wins
      const own = await run('mailsec --lang en --help', 'ca');
      assert.match(own.output, /a workbook for mail-server security/);
    } finally {
      if (saved !== undefined) process.env.LC_ALL = saved;
    }
    assert.equal(localeInstalled('C'), true);
    assert.equal(localeInstalled('xx_XX.UTF-8'), false);
  });

  test('only errors about the path the user gave become their mistake; the same error elsewhere stays a bug', async () => {
    const { userFsError, shownPath } = await import('../../src/util/fs-errors.js');
    const enoent = (path: string) =>
      Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT', syscall: 'open', path });
    // inside it, on the way to it, or it
    assert.ok(userFsError(enoent(join(W, 'etc/x')), [W]));
    assert.ok(userFsError(Object.assign(enoent(T), { code: 'EACCES' }), [join(T, 'new/ws')]));
    assert.equal(userFsError(enoent(join(W, 'x')), [W], 'write')?.userMessage.key, 'fs.cannotCreate');
    // one of mailsec's own files, a programming error, an errno no user causes
    assert.equal(userFsError(enoent('/usr/lib/node_modules/mailsec/sandbox/etc/aliases'), [W]), undefined);
    assert.equal(userFsError(new TypeError('x is not a function'), [W]), undefined);
    assert.equal(userFsError(Object.assign(enoent(W), { code: 'EBADF' }), [W]), undefined);
    assert.equal(shownPath('a\nb'), 'a\\nb');
    assert.equal(shownPath(LONG).length, 141);
  });

  test("an option mistake is told in the language asked for, not in Node's English", async () => {
    const r = await mailsec(['lessons', '--bogus', '--lang', 'ca']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), 'Opció desconeguda: --bogus. Executa mailsec --help.');
    const d = await mailsec(['--lang', 'es', 'dmarc', 'report', '--all=3']);
    assert.equal(d.code, 2);
    assert.match(d.stderr, /La opción --all no lleva ningún valor$/m);
    const w = await mailsec(['lessons', '--lang', 'en', '--workspace']);
    assert.equal(w.stderr.trim(), 'The option --workspace needs a value (for example --workspace VALUE). Run mailsec --help.');
  });
});
