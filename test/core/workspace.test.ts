import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { initWorkspace, Workspace, validDomain } from '../../src/workspace/workspace.js';
import { detectLang } from '../../src/i18n/lang.js';
import { UserError } from '../../src/util/errors.js';
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
