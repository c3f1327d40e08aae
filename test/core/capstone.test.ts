// `mailsec capstone break` and `restore` on a workspace with lessons 02-10 done: the break
// keeps a backup first, refuses to run twice without --again, is the same for the same domain,
// differs between two domains, and restore gives back every byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { initWorkspace, type Workspace } from '../../src/workspace/workspace.js';
import { breakServer, restoreServer } from '../../src/core/capstone.js';
import { planFor, setParam } from '../../src/checks/capstone-plan.js';
import { CAPSTONE_RECORD } from '../../src/checks/capstone-record.js';
import { generateDkimKey, formatDkimTxt } from '../../src/sandbox/auth/dkim-key.js';
import { UserError } from '../../src/util/errors.js';
import { tempDir } from '../prove/env.js';

const FILES = (d: string) => ['etc/postfix/main.cf', 'etc/opendkim.conf', `etc/bind/db.${d}`];

/** A workspace as lessons 02 (TLS), 08 (SPF), 09 (DKIM) and 10 (DMARC) leave it. */
function doneWorkspace(domain: string): Workspace {
  const ws = initWorkspace(join(tempDir(), 'ws'), { domain }).workspace;
  const put = (rel: string, text: string) => {
    mkdirSync(dirname(ws.resolve(rel)), { recursive: true });
    writeFileSync(ws.resolve(rel), text);
  };
  const tls = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  put('etc/ssl/private/cert.key', tls);
  let main = setParam(ws.readText('etc/postfix/main.cf')!, 'mynetworks', '127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128');
  main = setParam(main, 'smtpd_relay_restrictions', 'permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination');
  put('etc/postfix/main.cf', main + 'smtpd_tls_key_file = /etc/ssl/private/cert.key\n');
  const dkim = generateDkimKey(1024);
  put(`etc/opendkim/keys/${domain}/default.private`, dkim.privatePem);
  put(
    'etc/opendkim.conf',
    ws.readText('etc/opendkim.conf') +
      `Domain\t\t${domain}\nSelector\t\tdefault\nKeyFile\t\t/etc/opendkim/keys/${domain}/default.private\n`,
  );
  const zone = `etc/bind/db.${domain}`;
  put(
    zone,
    ws.readText(zone) +
      '@       IN  TXT  "v=spf1 mx -all"\n' +
      formatDkimTxt('default', domain, dkim.publicB64) +
      `_dmarc  IN  TXT  "v=DMARC1; p=reject; rua=mailto:postmaster@${domain}; pct=100"\n`,
  );
  return ws;
}

const snapshot = (ws: Workspace) => FILES(ws.domain).map((f) => readFileSync(ws.resolve(f), 'utf8'));

test('break changes the files and records it; restore gives back every byte', () => {
  const ws = doneWorkspace('aula.test');
  const before = snapshot(ws);
  const r = breakServer(ws);
  assert.deepEqual(r.areas, ['relay', 'tls', 'dkim', 'spf', 'dmarc']);
  assert.ok(existsSync(ws.resolve(CAPSTONE_RECORD)));
  assert.notDeepEqual(snapshot(ws), before);
  // the backup holds what was there
  for (const f of r.files)
    assert.equal(readFileSync(join(ws.root, '.mailsec/backups/capstone/files', f), 'utf8'), before[FILES(ws.domain).indexOf(f)]);
  const broken = readFileSync(ws.resolve('etc/postfix/main.cf'), 'utf8');
  const r2 = restoreServer(ws);
  assert.deepEqual(snapshot(ws), before);
  assert.ok(!existsSync(ws.resolve(CAPSTONE_RECORD)));
  // what the files held since the break (the learner's repairs, say) is kept beside
  assert.equal(readFileSync(join(ws.root, r2.kept, 'etc/postfix/main.cf'), 'utf8'), broken);
});

test('break refuses to run twice; --again gives the same faults again, never breaking the broken copy', () => {
  const ws = doneWorkspace('aula.test');
  const before = snapshot(ws);
  breakServer(ws);
  const broken = snapshot(ws);
  assert.throws(
    () => breakServer(ws),
    (e: unknown) => e instanceof UserError && e.userMessage.key === 'capstone.alreadyBroken',
  );
  assert.deepEqual(snapshot(ws), broken);
  breakServer(ws, { again: true });
  assert.deepEqual(snapshot(ws), broken);
  restoreServer(ws);
  assert.deepEqual(snapshot(ws), before);
});

test('two domains are broken differently', () => {
  const a = doneWorkspace('aula.test');
  const b = doneWorkspace('alexdns.local');
  breakServer(a);
  breakServer(b);
  const mainOf = (ws: Workspace) => readFileSync(ws.resolve('etc/postfix/main.cf'), 'utf8');
  // aula.test gets a permit before reject_unauth_destination, alexdns.local a wide mynetworks
  assert.match(mainOf(a), /smtpd_relay_restrictions = .*permit, reject_unauth_destination/);
  assert.match(mainOf(b), /^mynetworks = 127\.0\.0\.0\/8 .* 0\.0\.0\.0\/0$/m);
});

test('dmarc/strict makes the record strict and signs the subdomains; restore undoes both', () => {
  const ws = doneWorkspace('walk.test');
  assert.ok(planFor('walk.test').some((f) => f.area === 'dmarc' && f.variant === 'strict'));
  const before = snapshot(ws);
  const r = breakServer(ws);
  assert.ok(r.files.includes('etc/opendkim.conf'));
  assert.match(
    readFileSync(ws.resolve('etc/bind/db.walk.test'), 'utf8'),
    /_dmarc +IN +TXT +"v=DMARC1; p=reject; rua=mailto:postmaster@walk\.test; pct=100; adkim=s; aspf=s"/,
  );
  assert.match(readFileSync(ws.resolve('etc/opendkim.conf'), 'utf8'), /^SubDomains\s+yes$/m);
  restoreServer(ws);
  assert.deepEqual(snapshot(ws), before);
});

test('break before lessons 02-10 names the lesson to finish, and touches nothing', () => {
  const ws = initWorkspace(join(tempDir(), 'ws'), { domain: 'aula.test' }).workspace;
  const before = snapshot(ws);
  assert.throws(
    () => breakServer(ws),
    (e: unknown) => e instanceof UserError && e.userMessage.key === 'capstone.needsLesson',
  );
  assert.deepEqual(snapshot(ws), before);
  assert.throws(
    () => restoreServer(ws),
    (e: unknown) => e instanceof UserError && e.userMessage.key === 'capstone.noBackup',
  );
  // TLS done, the relay not closed yet: lesson 04 is the one named
  const done = doneWorkspace('aula.test');
  const main = done.resolve('etc/postfix/main.cf');
  writeFileSync(main, setParam(readFileSync(main, 'utf8'), 'smtpd_relay_restrictions', 'permit_mynetworks defer_unauth_destination'));
  assert.throws(
    () => breakServer(done),
    (e: unknown) =>
      e instanceof UserError && e.userMessage.key === 'capstone.needsLesson' && e.userMessage.params?.lesson === '04-open-relay',
  );
});
