import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, rmSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { initWorkspace, Workspace, validDomain } from '../../src/workspace/workspace.js';
import { detectLang } from '../../src/i18n/lang.js';
import { UserError } from '../../src/util/errors.js';
import { t, type Message } from '../../src/i18n/messages.js';
import { tempDir, freshWorkspace } from '../prove/env.js';

test('absolute paths resolve inside the workspace, as in a chroot; escapes are refused', () => {
  const ws = freshWorkspace();
  assert.equal(ws.resolve('/etc/postfix/main.cf'), join(ws.root, 'etc/postfix/main.cf'));
  assert.equal(ws.resolve('etc/ssl/../postfix/main.cf'), join(ws.root, 'etc/postfix/main.cf'));
  assert.throws(() => ws.resolve('../../etc/passwd'), UserError);
  assert.throws(() => ws.resolve('/../../etc/passwd'), UserError);
  assert.equal(ws.display('/etc/ssl/private/cert.key'), 'etc/ssl/private/cert.key');
});

test('init creates the folders the lessons write to and a workspace that opens', () => {
  const dir = join(tempDir(), 'ws');
  const r = initWorkspace(dir, { domain: 'aula.test' });
  assert.ok(r.created.includes('etc/postfix/main.cf'));
  for (const d of ['var/log', 'var/mail', 'etc/ssl/private', 'etc/ssl/certs']) assert.ok(statSync(join(dir, d)).isDirectory(), d);
  const ws = Workspace.open(dir);
  assert.equal(ws.domain, 'aula.test');
  assert.deepEqual(ws.vars, { domain: 'aula.test', hostname: 'mail.aula.test', workspace: dir });
});

test('domain names are validated', () => {
  for (const ok of ['alexdns.local', 'aula-3.test', 'a.b.c.example']) assert.ok(validDomain(ok), ok);
  for (const bad of ['localhost', 'has space.test', '-x.test', 'x..test', 'UPPER.test', 'a.b/c']) assert.ok(!validDomain(bad), bad);
});

test('the language comes from LC_ALL, LC_MESSAGES, LANG, and is Spanish otherwise', () => {
  assert.equal(detectLang({ LANG: 'ca_ES.UTF-8' }), 'ca');
  assert.equal(detectLang({ LC_ALL: 'en_GB.UTF-8', LANG: 'ca_ES.UTF-8' }), 'en');
  assert.equal(detectLang({ LC_MESSAGES: 'es_ES.UTF-8', LANG: 'en_US.UTF-8' }), 'es');
  assert.equal(detectLang({ LANG: 'fr_FR.UTF-8' }), 'es');
  assert.equal(detectLang({ LANG: 'C.UTF-8' }), 'es');
  assert.equal(detectLang({}), 'es');
});

const notice = (m: Message | undefined) => (m ? t('en', m.key, m.params) : '');
const userMessage = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return t('en', e.userMessage.key, e.userMessage.params);
    throw e;
  }
  assert.fail('expected a UserError');
};

test('a workspace that lost workspace.json keeps its own domain, read from its zone file, and the learner is told', () => {
  const ws = freshWorkspace('marta.test');
  rmSync(ws.metaPath('workspace.json'));
  const again = Workspace.open(ws.root);
  assert.equal(again.domain, 'marta.test');
  assert.match(
    notice(again.notice),
    /workspace\.json was missing\. It was written again with your domain marta\.test, read from etc\/bind\/db\.marta\.test/,
  );
  assert.equal(JSON.parse(readFileSync(ws.metaPath('workspace.json'), 'utf8')).domain, 'marta.test');
  assert.equal(Workspace.open(ws.root).notice, undefined, 'told once');
});

test('without its zone file the domain comes from mydomain in main.cf; when nothing says, it is asked for, never the default', () => {
  const ws = freshWorkspace('marta.test');
  rmSync(ws.metaPath('workspace.json'));
  rmSync(ws.resolve('etc/bind/db.marta.test'));
  assert.equal(Workspace.open(ws.root).domain, 'marta.test');
  rmSync(ws.metaPath('workspace.json'));
  writeFileSync(ws.resolve('etc/postfix/main.cf'), 'myhostname = vm\n');
  const m = userMessage(() => Workspace.open(ws.root));
  assert.match(m, /workspace\.json is missing, and its files do not say which domain.*mailsec init .* --domain YOUR_DOMAIN/);
  assert.ok(!existsSync(ws.metaPath('workspace.json')));
  // init refuses too, unless the learner names the domain
  assert.match(
    userMessage(() => initWorkspace(ws.root)),
    /--domain YOUR_DOMAIN/,
  );
  assert.equal(initWorkspace(ws.root, { domain: 'marta.test' }).workspace.domain, 'marta.test');
});

test('init over a workspace that lost workspace.json keeps its domain, and refuses another one', () => {
  const ws = freshWorkspace('marta.test');
  rmSync(ws.metaPath('workspace.json'));
  assert.match(
    userMessage(() => initWorkspace(ws.root, { domain: 'other.test' })),
    /already uses the domain marta\.test, not other\.test/,
  );
  const r = initWorkspace(ws.root);
  assert.equal(r.workspace.domain, 'marta.test');
  assert.ok(r.workspace.notice);
  assert.ok(!existsSync(join(ws.root, 'etc/bind/db.alexdns.local')), "no template files of the default domain beside the learner's");
});

test('.mailsec as a file, or a folder that is not a workspace: plain messages, nothing created', () => {
  const dir = join(tempDir(), 'ws');
  mkdirSync(dir);
  writeFileSync(join(dir, '.mailsec'), 'oops');
  for (const f of [() => Workspace.open(dir), () => initWorkspace(dir)]) {
    assert.match(
      userMessage(f),
      /\.mailsec should be mailsec's own folder, but it is a file\. Move it out of the way \(mv .*\.mailsec .*\.mailsec\.old\) and run: mailsec init /,
    );
  }
  const typo = join(tempDir(), 'wokspace');
  assert.match(
    userMessage(() => Workspace.open(typo)),
    /There is no mailsec workspace in .*wokspace\. Create one with: mailsec init /,
  );
  assert.ok(!existsSync(typo));
  // a folder without mailsec's own (.mailsec) is not taken for one, even with a main.cf (a real server's root)
  const real = tempDir();
  mkdirSync(join(real, 'etc/postfix'), { recursive: true });
  writeFileSync(join(real, 'etc/postfix/main.cf'), 'mydomain = example.org\n');
  assert.match(
    userMessage(() => Workspace.open(real)),
    /There is no mailsec workspace/,
  );
  assert.ok(!existsSync(join(real, '.mailsec')));
});
