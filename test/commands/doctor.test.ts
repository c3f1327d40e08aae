// `mailsec doctor` through the built CLI: every tool found on this machine, then a PATH
// that lacks some (a folder of links to only a few programs) and perl modules hidden from
// swaks; the table of tools kept true against the lesson texts and the step fixtures;
// the workbook's first screen pointing to doctor when a tool is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot, lessonsDir } from '../../src/util/paths.js';
import { loadCourse } from '../../src/checks/course.js';
import { TOOLS, findProgram, toolUses, unknownCommands, type ToolId } from '../../src/core/tools.js';
import type { LessonFixtures } from '../prove/types.js';
import { freshWorkspace, missingTools, run, tempDir } from '../prove/env.js';

const CLI = join(packageRoot(), 'dist', 'cli.js');
const CACHE = tempDir('mailsec-cache-');
const REQUIRED = ['openssl', 'swaks', 'dig', 'gpg', 'gpg-agent', 'perl'];

function doctor(args: string[], env: NodeJS.ProcessEnv = {}) {
  const e: NodeJS.ProcessEnv = { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', MAILSEC_CACHE_DIR: CACHE, ...env };
  return run(process.execPath, [CLI, 'doctor', ...args], { env: e });
}

/** A folder with links to only these programs (and node), for a PATH that lacks the rest. */
function binWith(programs: string[]): string {
  const dir = join(tempDir('mailsec-bin-'), 'bin');
  mkdirSync(dir);
  symlinkSync(process.execPath, join(dir, 'node'));
  for (const p of programs) {
    const found = findProgram(p);
    if (found) symlinkSync(found, join(dir, p));
  }
  return dir;
}

interface JsonTool {
  id: string;
  name: string;
  found: boolean;
  status: string;
  version: string | null;
  path: string | null;
  optional: boolean;
  lessons: string[];
  steps: string[];
  debian: string;
  brew: string;
  missingModules?: string[];
  needs?: string;
}

const skipAll = missingTools(REQUIRED);

test('every tool the lessons use is found here: a line each with its version, exit 0, in es, ca and en', { skip: skipAll }, async () => {
  const es = await doctor(['--lang', 'es']);
  assert.equal(es.code, 0, es.stdout + es.stderr);
  assert.match(es.stdout, /^Herramientas externas que usan las lecciones$/m);
  assert.match(es.stdout, /^✔ openssl {2}instalada {2}OpenSSL 3\.\S+ {2}\/\S+\/openssl$/m);
  assert.match(es.stdout, /^✔ swaks --auth DIGEST-MD5 {2}instalada {2}Authen::SASL \S+, Digest::HMAC_MD5 \S+$/m);
  assert.match(es.stdout, /^✔ gpg-agent {2}instalada {2}2\.\d+\.\d+ /m);
  assert.match(es.stdout, /^ {4}la usan: 05-rbl \(dnsbl-query, nxdomain-meaning, public-resolver, own-listing\), 08-spf/m);
  assert.match(es.stdout, /^Está todo lo que usan las lecciones\.$/m);
  assert.doesNotMatch(es.stdout, /installed|used in|Without it/, 'no English');
  const ca = await doctor(['--lang', 'ca']);
  assert.equal(ca.code, 0);
  assert.match(ca.stdout, /^✔ dig {2}instal·lada {2}\S+ /m);
  assert.match(ca.stdout, /^Hi ha tot el que fan servir les lliçons\.$/m);
  const en = await doctor([], { LANG: 'en_US.UTF-8' });
  assert.equal(en.code, 0);
  assert.match(en.stdout, /^✔ swaks {2}installed {2}\d{8}\.\d+ {2}\/\S+\/swaks$/m);
  assert.match(en.stdout, /^ {4}used in: 11-gpg \(key, export, wkd, sign, encrypt, answer\)$/m);
  assert.match(en.stdout, /^Everything the lessons use is installed\.$/m);
});

test('--json: every tool found, its version, path, lessons and install lines', { skip: skipAll }, async () => {
  const r = await doctor(['--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { tools: JsonTool[]; missing: number };
  assert.equal(j.missing, 0);
  assert.deepEqual(
    j.tools.map((t) => t.id),
    TOOLS.map((t) => t.id),
  );
  for (const t of j.tools.filter((x) => !x.optional)) {
    assert.equal(t.found, true, t.name);
    assert.equal(t.status, 'ok', t.name);
    assert.ok(t.version, `${t.name} has a version`);
    assert.ok(t.path?.startsWith('/'), `${t.name} has a path`);
    assert.ok(t.lessons.length && t.steps.length, `${t.name} is used by some step`);
    assert.match(t.debian, /^sudo apt install \S/);
    assert.match(t.brew, /^(brew|cpan) install |^cpan \S/);
  }
  const openssl = j.tools.find((t) => t.id === 'openssl')!;
  assert.deepEqual(openssl.lessons, [
    '02-tls',
    '03-smtp-auth',
    '12-smime',
    '13-submission',
    '16-mta-sts',
    '17-dane',
    '18-dkim-ed25519',
    '19-broken-server',
  ]);
  assert.equal(openssl.brew, 'brew install openssl@3');
  assert.deepEqual(j.tools.find((t) => t.id === 'swaks-auth')!.steps, ['03-smtp-auth/digest-md5']);
});

test(
  'a PATH without swaks, dig and gpg: each shown missing with what it costs and how to install it, exit 1, in es, ca and en',
  { skip: missingTools(['openssl', 'perl']) },
  async () => {
    const env = { PATH: binWith(['openssl', 'perl']) };
    const es = await doctor(['--lang', 'es'], env);
    assert.equal(es.code, 1, es.stdout + es.stderr);
    assert.equal(es.stderr, '');
    assert.match(es.stdout, /^✔ openssl {2}instalada {2}OpenSSL /m);
    assert.match(es.stdout, /^✘ swaks {2}no instalada$/m);
    assert.match(es.stdout, /^✘ swaks --tls {2}no instalada · hace falta swaks$/m);
    assert.match(
      es.stdout,
      /^✘ dig {2}no instalada\n {4}la usan: 05-rbl [^\n]*\n {4}Sin ella: no podrás preguntar al DNS del sandbox[^\n]*\n {4}Debian\/Ubuntu: sudo apt install bind9-dnsutils\n {4}macOS: brew install bind$/m,
    );
    assert.match(
      es.stdout,
      /^✘ gpg {2}no instalada\n {4}la usan: 11-gpg \(key, export, wkd, sign, encrypt, answer\)\n {4}Sin ella: no podrás crear tu clave OpenPGP/m,
    );
    assert.match(
      es.stdout,
      /^7 herramientas que usan las lecciones no están instaladas o no sirven\. Para instalarlas todas de una vez:\n {2}Debian\/Ubuntu: sudo apt install swaks bind9-dnsutils gnupg gpg-agent curl\n {2}macOS: brew install swaks bind gnupg curl$/m,
    );
    assert.doesNotMatch(es.stdout, /not installed|Without it|used in/);
    const ca = await doctor(['--lang', 'ca'], env);
    assert.equal(ca.code, 1);
    assert.match(
      ca.stdout,
      /^✘ swaks {2}no instal·lada\n {4}la fan servir: 02-tls \(mail-source\), 03-smtp-auth \(digest-md5\), 04-open-relay/m,
    );
    assert.match(ca.stdout, /^ {4}Sense ella: no podràs enviar els correus de prova/m);
    assert.match(ca.stdout, /^ {4}Debian\/Ubuntu: sudo apt install swaks\n {4}macOS: brew install swaks$/m);
    assert.match(ca.stdout, /^7 eines que fan servir les lliçons no estan instal·lades/m);
    const en = await doctor(['--lang', 'en'], env);
    assert.equal(en.code, 1);
    assert.match(
      en.stdout,
      /^✘ gpg-agent {2}not installed\n {4}used in: 11-gpg \(key, sign, encrypt, answer\)\n {4}Without it: gpg keeps secret keys through gpg-agent/m,
    );
    assert.match(en.stdout, /^7 tools the lessons use are not installed or will not do\. To install them all at once:$/m);
  },
);

test(
  '--json on a PATH without them: the same tools missing, each with its install lines',
  { skip: missingTools(['openssl', 'perl']) },
  async () => {
    const r = await doctor(['--json'], { PATH: binWith(['openssl', 'perl']) });
    assert.equal(r.code, 1);
    const j = JSON.parse(r.stdout) as { tools: JsonTool[]; missing: number };
    assert.equal(j.missing, 7);
    const by = new Map(j.tools.map((t) => [t.id, t]));
    assert.equal(by.get('openssl')!.found, true);
    for (const id of ['swaks', 'dig', 'gpg', 'gpg-agent']) {
      const t = by.get(id)!;
      assert.deepEqual([t.found, t.status, t.version, t.path], [false, 'missing', null, null], id);
    }
    assert.equal(by.get('swaks-tls')!.needs, 'swaks');
    assert.equal(by.get('dig')!.debian, 'sudo apt install bind9-dnsutils');
    assert.equal(by.get('gpg')!.brew, 'brew install gnupg');
  },
);

test(
  'swaks without its SASL or TLS Perl modules: what swaks itself says it cannot do is shown missing, with the modules and packages',
  { skip: missingTools(REQUIRED) },
  async () => {
    // a folder first on perl's @INC where Authen::SASL fails to load, as if it were not installed
    const hide = tempDir('mailsec-perl-');
    mkdirSync(join(hide, 'Authen'));
    writeFileSync(join(hide, 'Authen', 'SASL.pm'), 'die "hidden by a test\\n";\n');
    const support = await run('swaks', ['--support'], { env: { ...process.env, PERL5LIB: hide } });
    assert.match(support.stdout + support.stderr, /AUTH DIGEST-MD5 not available: requires Authen::SASL/, 'swaks agrees');
    const en = await doctor(['--lang', 'en'], { PERL5LIB: hide });
    assert.equal(en.code, 1, en.stdout);
    assert.match(
      en.stdout,
      /^✘ swaks --auth DIGEST-MD5 {2}not installed · missing Perl modules Authen::SASL\n {4}used in: 03-smtp-auth \(digest-md5\)\n {4}Without it: swaks cannot authenticate with DIGEST-MD5 [^\n]*PLAIN and LOGIN work without them\.\n {4}Debian\/Ubuntu: sudo apt install libauthen-sasl-perl libdigest-hmac-perl\n {4}macOS: cpan Authen::SASL Digest::HMAC$/m,
    );
    assert.match(en.stdout, /^✔ swaks --tls {2}installed/m);
    assert.match(
      en.stdout,
      /^One tool the lessons use is not installed or will not do\. To install it:\n {2}Debian\/Ubuntu: sudo apt install libauthen-sasl-perl libdigest-hmac-perl$/m,
    );
    const es = await doctor(['--lang', 'es', '--json'], { PERL5LIB: hide });
    const auth = (JSON.parse(es.stdout) as { tools: JsonTool[] }).tools.find((t) => t.id === 'swaks-auth')!;
    assert.deepEqual([auth.found, auth.missingModules], [false, ['Authen::SASL']]);

    const noTls = tempDir('mailsec-perl-');
    mkdirSync(join(noTls, 'Net'));
    writeFileSync(join(noTls, 'Net', 'SSLeay.pm'), 'die "hidden by a test\\n";\n');
    const swaksTls = await run('swaks', ['--support'], { env: { ...process.env, PERL5LIB: noTls } });
    assert.match(swaksTls.stdout + swaksTls.stderr, /TLS not available: requires Net::SSLeay/, 'swaks agrees');
    const ca = await doctor(['--lang', 'ca'], { PERL5LIB: noTls });
    assert.equal(ca.code, 1);
    assert.match(
      ca.stdout,
      /^✘ swaks --tls {2}no instal·lada · falten els mòduls de Perl Net::SSLeay\n {4}la fan servir: 02-tls \(mail-source\), 03-smtp-auth \(digest-md5\), 04-open-relay \(relay-auth\), 13-submission \(send-587, client-send\), 19-broken-server \(tls\)\n {4}Sense ella: swaks no pot iniciar TLS \(`--tls`\)[^\n]*\n {4}Debian\/Ubuntu: sudo apt install libnet-ssleay-perl\n {4}macOS: cpan Net::SSLeay$/m,
    );
  },
);

test('an openssl older than 3 (LibreSSL, as macOS has it) is found but will not do: exit 1 with what to install', async () => {
  const bin = binWith([]);
  writeFileSync(join(bin, 'openssl'), '#!/bin/sh\necho "LibreSSL 3.3.6"\n', { mode: 0o755 });
  const r = await doctor(['--lang', 'en'], { PATH: bin });
  assert.equal(r.code, 1);
  assert.match(
    r.stdout,
    /^✘ openssl {2}too old {2}LibreSSL 3\.3\.6 {2}\/\S+\/openssl\n {4}used in: 02-tls [^\n]*\n {4}LibreSSL 3\.3\.6 will not do: the lessons need OpenSSL 3 or later [^\n]*\n {4}Debian\/Ubuntu: sudo apt install openssl\n {4}macOS: brew install openssl@3$/m,
  );
  const j = JSON.parse((await doctor(['--json'], { PATH: bin })).stdout) as { tools: JsonTool[] };
  assert.deepEqual((({ found, status, version }) => ({ found, status, version }))(j.tools.find((t) => t.id === 'openssl')!), {
    found: true,
    status: 'old',
    version: 'LibreSSL 3.3.6',
  });
});

test(
  'dovecot (IMAP) is optional: its version when it is there, the package dovecot-imapd when not, and doctor passes either way',
  { skip: skipAll },
  async () => {
    const gone = { MAILSEC_DOVECOT: '/nonexistent/dovecot' };
    const es = await doctor(['--lang', 'es'], gone);
    assert.equal(es.code, 0, es.stdout);
    assert.match(
      es.stdout,
      /^· dovecot \(opcional\) {2}no instalada\n {4}Sin ella: el sandbox no ofrece IMAP ni IMAPS [^\n]*\n {4}Debian\/Ubuntu: sudo apt install dovecot-imapd\n/m,
    );
    assert.match(es.stdout, /^Está todo lo que usan las lecciones\.$/m);
    const j = JSON.parse((await doctor(['--json'], gone)).stdout) as { tools: JsonTool[]; missing: number };
    const d = j.tools.find((t) => t.id === 'dovecot')!;
    assert.deepEqual([d.found, d.optional, d.debian, j.missing], [false, true, 'sudo apt install dovecot-imapd', 0]);
    const installed = findProgram('dovecot', process.env.PATH, ['/usr/sbin', '/usr/local/sbin']);
    if (!installed) {
      if (process.env.MAILSEC_REQUIRE_TOOLS === '1')
        assert.fail('dovecot is not installed (dovecot-imapd), and MAILSEC_REQUIRE_TOOLS=1 needs it');
      return;
    }
    const en = await doctor(['--lang', 'en'], { MAILSEC_DOVECOT: installed });
    assert.match(en.stdout, /^✔ dovecot \(optional\) {2}installed {2}2\.\d+\.\d+\S* {2}\/\S+\/dovecot$/m);
  },
);

test('doctor takes no arguments: a plain message, exit 2', async () => {
  const r = await doctor(['swaks']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim(), 'mailsec doctor no admite argumentos (recibió «swaks»). Uso: mailsec doctor [--json]');
  const en = await doctor(['swaks', '--lang', 'en']);
  assert.match(en.stderr, /^mailsec doctor takes no arguments \(it got "swaks"\)/);
});

test('the table knows every program the lessons run, and each tool is used where the lessons say', () => {
  const course = loadCourse(lessonsDir());
  assert.deepEqual(
    unknownCommands(course),
    [],
    'a lesson runs a program src/core/tools.ts does not list (add it to TOOLS, or to BASE_COMMANDS if every system has it)',
  );
  const uses = toolUses(course);
  // the sandbox's own programs (IMAP's Dovecot) are used by no step
  for (const t of TOOLS.filter((x) => !x.sandbox))
    assert.ok(uses.get(t.id)!.length, `${t.name}: no step uses it any more; remove it from TOOLS`);
  const steps = (id: ToolId) => uses.get(id)!.map((u) => `${u.lesson}/${u.step}`);
  assert.deepEqual(steps('swaks-auth'), ['03-smtp-auth/digest-md5'], 'only DIGEST-MD5 needs Authen::SASL; PLAIN does not');
  assert.deepEqual(steps('swaks-tls'), [
    '02-tls/mail-source',
    '03-smtp-auth/digest-md5',
    '04-open-relay/relay-auth',
    '13-submission/send-587',
    '13-submission/client-send',
    '19-broken-server/tls',
  ]);
  assert.deepEqual(steps('spamd'), ['06-spamassassin/spamc-spamd']);
  assert.ok(!steps('openssl').some((s) => s.startsWith('06-')), 'a sudo block (a real server only) is not a lesson use');
});

// lesson by lesson: a step may say "repeat the mail of the step before" without the command
test('each lesson whose proven solutions run a tool is listed as using it', async () => {
  const uses = toolUses(loadCourse(lessonsDir()));
  const dir = join(packageRoot(), 'test', 'fixtures', 'steps');
  const gaps: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const lesson = f.replace(/\.ts$/, '');
    const fixtures = ((await import(pathToFileURL(join(dir, f)).href)) as { default: LessonFixtures }).default;
    for (const [step, fx] of Object.entries(fixtures)) {
      for (const tool of fx.solution.requires ?? []) {
        const t = TOOLS.find((x) => x.command === tool && !x.perlModules);
        if (t && !uses.get(t.id)!.some((u) => u.lesson === lesson)) gaps.push(`${lesson}/${step} runs ${tool}`);
      }
    }
  }
  assert.deepEqual(gaps, [], 'no command block of these lessons runs the tool their solutions run');
});

/** The built workbook's screen on a pty (util-linux script) with this PATH, once `until` is on it (or after 20 s). */
async function firstScreen(path: string, until: RegExp): Promise<string> {
  const ws = freshWorkspace('aula.test');
  const script = findProgram('script')!;
  const stty = findProgram('stty')!;
  const env = {
    ...process.env,
    PATH: path,
    SHELL: '/bin/sh',
    MAILSEC_WORKSPACE: ws.root,
    MAILSEC_CACHE_DIR: CACHE,
    TERM: 'xterm',
    LANG: 'en_US.UTF-8',
    NO_COLOR: '1',
  };
  const p = spawn(script, ['-qfec', `${stty} cols 220 rows 30; exec "${process.execPath}" "${CLI}" --no-sandbox --no-watch`, '/dev/null'], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  p.stdout.on('data', (d) => (screen += d.toString()));
  const plain = () => screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  const end = Date.now() + 20_000;
  // Ink draws a whole frame at once: once `until` is on screen, so is the rest of that frame
  while (Date.now() < end && !until.test(plain())) await new Promise((r) => setTimeout(r, 50));
  p.stdin.write('q');
  await new Promise<void>((r) => (p.exitCode !== null ? r() : p.once('exit', () => r())));
  return plain();
}

test(
  "the workbook's first screen points to mailsec doctor when a lesson's tool is missing, and not when all are there",
  { skip: (!findProgram('script') && 'util-linux script is not installed') || skipAll },
  async () => {
    const without = await firstScreen(binWith(['openssl']), /Step 1 of \d+/);
    assert.match(
      without,
      /Notice: Some lessons use tools that are not installed: swaks, dig, gpg, gpg-agent, curl\. The command `mailsec doctor` tells you what they are for and how to install them\./,
    );
    const all = await firstScreen(`${dirname(process.execPath)}:${process.env.PATH}`, /Step 1 of \d+/);
    assert.match(all, /Threats and layers of defense/, 'the first frame was drawn');
    assert.doesNotMatch(all, /mailsec doctor|Notice:/);
  },
);
