// The private Dovecot's files from their inputs: dovecot.conf as and when root and not, read by
// Dovecot's own doveconf where it is installed; the passwd-file of the SASL users; the
// checkpassword helper run as Dovecot runs it (fd 3 in, fd 4 out); the private folder's name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHECKPASS_HELPER,
  FILES,
  checkpassWrapper,
  dovecotConf,
  instanceName,
  passwdFile,
  privateDirName,
  scryptField,
  shQuote,
} from '../../../src/sandbox/imap/dovecot-conf.js';
import { readSaslDb, setPassword } from '../../../src/sandbox/sasl/db.js';
import { freshWorkspace, tempDir } from '../../prove/env.js';

const base = { dir: '/tmp/mailsec-imap-0123456789ab', instance: 'mailsec-0123456789ab', ports: { imap: 40143, imaps: 40993 }, mailUid: 1000, mailGid: 1000 };

test('dovecot.conf: IMAP only, TLS required, plaintext login refused, on 127.0.0.1 behind the proxy, the SASL users', () => {
  const c = dovecotConf({ ...base, root: false, user: 'ana', group: 'ana' });
  for (const line of [
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = required',
    'disable_plaintext_auth = yes',
    'ssl_cert = </tmp/mailsec-imap-0123456789ab/ssl/cert.pem',
    'ssl_key = </tmp/mailsec-imap-0123456789ab/ssl/key.pem',
    'base_dir = /tmp/mailsec-imap-0123456789ab/run',
    'log_path = /dev/stderr',
    'mail_location = maildir:~/Maildir',
    'haproxy_trusted_networks = 127.0.0.1',
    '    port = 40143',
    '    port = 40993',
    '    haproxy = yes',
    '  driver = checkpassword',
    '  args = /tmp/mailsec-imap-0123456789ab/checkpass',
    '  driver = prefetch',
    'default_login_user = ana',
    'default_internal_user = ana',
    'first_valid_uid = 1000',
    'imap_logout_format = in=%i out=%o deleted=%{deleted} expunged=%{expunged} trashed=%{trashed} hdr_count=%{fetch_hdr_count} hdr_bytes=%{fetch_hdr_bytes} body_count=%{fetch_body_count} body_bytes=%{fetch_body_bytes}',
  ])
    assert.ok(c.split('\n').includes(line), line);
  assert.equal((c.match(/^ {2}chroot =$/gm) ?? []).length, 2, 'no chroot without root: imap-login and anvil');
  assert.doesNotMatch(c, /pop3|lmtp/);
  const root = dovecotConf({ ...base, root: true, mailUid: 8, mailGid: 8 });
  assert.doesNotMatch(root, /default_login_user|default_internal_user|chroot/, "root: Dovecot's own users, its chroots");
  assert.match(root, /^service auth \{\n(?: {2}#.*\n)? {2}vsz_limit = 0\n {2}user = root\n\}$/m);
  assert.match(root, /^mail_uid = 8$/m);
});

test("doveconf reads the file without complaint, as root and not (where Dovecot is installed)", (t) => {
  const which = spawnSync('sh', ['-c', 'command -v doveconf || ls /usr/bin/doveconf'], { encoding: 'utf8' });
  const doveconf = which.stdout.trim().split('\n')[0];
  if (!doveconf) {
    if (process.env.MAILSEC_REQUIRE_TOOLS === '1') assert.fail('doveconf (dovecot-core) is not installed, and MAILSEC_REQUIRE_TOOLS=1 needs it');
    t.skip('doveconf is not installed');
    return;
  }
  const dir = tempDir('mailsec-imap-');
  mkdirSync(join(dir, 'ssl'));
  writeFileSync(join(dir, FILES.cert), 'x');
  writeFileSync(join(dir, FILES.key), 'x');
  for (const conf of [
    dovecotConf({ ...base, dir, root: false, user: 'nobody', group: 'nogroup' }),
    dovecotConf({ ...base, dir, root: true, mailUid: 8, mailGid: 8 }),
  ]) {
    writeFileSync(join(dir, FILES.conf), conf);
    const r = spawnSync(doveconf, ['-c', join(dir, FILES.conf), '-n'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^protocols = imap$/m);
  }
});

test('the passwd-file: one line per SASL user with its home folder and its scrypt hash; what would break a line is left out', () => {
  const s = { salt: 'c2FsdA==', N: 16384, r: 8, p: 1, hash: 'aGFzaA==' };
  assert.equal(scryptField(s), '{SCRYPT}N=16384,r=8,p=1$c2FsdA==$aGFzaA==');
  assert.equal(scryptField(undefined), '*');
  assert.equal(scryptField({ ...s, N: 0 }), '*');
  assert.equal(scryptField({ ...s, hash: 'a:b' }), '*');
  const text = passwdFile([
    { name: 'alumno', home: '/w/var/mail/alumno', scrypt: s },
    { name: 'ana@aula.test', home: '/w/var/mail/ana' },
    { name: 'mal', home: '/w:x/var/mail/mal', scrypt: s },
    { name: 'tab', home: '/w\tx/var/mail/tab', scrypt: s },
  ]);
  assert.deepEqual(text.split('\n').slice(1), ['alumno:{SCRYPT}N=16384,r=8,p=1$c2FsdA==$aGFzaA==::::/w/var/mail/alumno::', 'ana@aula.test:*::::/w/var/mail/ana::', '']);
});

/** The helper as Dovecot's auth process runs it: user\0password\0 on fd 3, the reply on fd 4. */
function checkpass(passwd: string, user: string, password: string): Promise<{ code: number | null; reply: string }> {
  const dir = tempDir('mailsec-imap-');
  writeFileSync(join(dir, FILES.helper), CHECKPASS_HELPER);
  writeFileSync(join(dir, FILES.passwd), passwd, { mode: 0o600 });
  const p = spawn(process.execPath, [join(dir, FILES.helper), join(dir, FILES.passwd), '/usr/lib/dovecot/checkpassword-reply'], {
    stdio: ['ignore', 'inherit', 'inherit', 'pipe', 'pipe'],
  });
  const fd3 = p.stdio[3] as NodeJS.WritableStream;
  fd3.end(Buffer.from(`${user}\0${password}\0\0`));
  let reply = '';
  (p.stdio[4] as NodeJS.ReadableStream).on('data', (d) => (reply += d));
  return new Promise((resolve) => p.on('close', (code) => resolve({ code, reply })));
}

test('the checkpassword helper: the right password passes (exit 0, the user and their home on fd 4), a wrong one or an unknown user does not (exit 1)', async () => {
  const ws = freshWorkspace('aula.test');
  setPassword(ws, 'alumno', 'secreto', ['mail.aula.test', '']);
  const passwd = passwdFile(Object.entries(readSaslDb(ws).users).map(([name, u]) => ({ name, home: '/h', scrypt: u.scrypt })));
  assert.deepEqual(await checkpass(passwd, 'alumno', 'secreto'), { code: 0, reply: 'user=alumno\tuserdb_home=/h' });
  assert.deepEqual(await checkpass(passwd, 'alumno', 'Secreto'), { code: 1, reply: '' });
  assert.deepEqual(await checkpass(passwd, 'nadie', 'secreto'), { code: 1, reply: '' });
  assert.deepEqual(await checkpass(passwd.replace(/\{SCRYPT\}[^:]*/, '*'), 'alumno', 'secreto'), { code: 1, reply: '' });
});

test("the wrapper quotes the paths for sh; Dovecot splits the passdb's args at spaces, so they go in it", () => {
  assert.equal(shQuote("it's"), `'it'\\''s'`);
  assert.equal(checkpassWrapper('/opt/my node/bin/node', '/t/x.mjs', '/t/passwd'), "#!/bin/sh\nexec '/opt/my node/bin/node' '/t/x.mjs' '/t/passwd'\n");
});

test('the private folder: one per workspace and user, short enough for unix sockets however deep the workspace is', () => {
  const deep = '/home/ana/' + 'una-carpeta-muy-larga/'.repeat(20) + 'ws';
  const a = privateDirName('/tmp', deep, 1000);
  assert.match(a, /^\/tmp\/mailsec-imap-[0-9a-f]{12}$/);
  assert.notEqual(a, privateDirName('/tmp', deep, 1001));
  assert.notEqual(a, privateDirName('/tmp', deep + '2', 1000));
  assert.equal(privateDirName('/tmp', deep, 1000), a);
  // a long or odd TMPDIR is passed over for /tmp
  assert.match(privateDirName('/var/folders/' + 'x'.repeat(80), deep, 1000), /^\/tmp\/mailsec-imap-/);
  assert.match(privateDirName('/tmp/with space', deep, 1000), /^\/tmp\/mailsec-imap-/);
  // Dovecot's sockets under base_dir (the longest names about 35 bytes), within sockaddr_un's 108
  for (const tmp of ['/tmp/' + 'x'.repeat(35), '/tmp/' + 'x'.repeat(200)])
    assert.ok(join(privateDirName(tmp, deep, 0), 'run', 'token-login', 'x'.repeat(24)).length < 108, tmp);
  assert.equal(instanceName(a), a.replace(/^\/tmp\/mailsec-imap-/, 'mailsec-'));
});
