// `mailsec postconf` and `mailsec postfix check` through the built CLI, on a fresh workspace and
// on broken copies of its main.cf/master.cf: the words and exit codes of the real postconf and
// `postfix check` (Postfix 3.7.11; the same cases, checked against it, are in test/postfix/postconf.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { runCli } from '../helpers/cli.js';
import { freshWorkspace } from '../prove/env.js';

test('mailsec postconf: NAME, -n, -d, -h, -M, unknown names, options before and after', async () => {
  const ws = freshWorkspace();
  const r = await runCli(['postconf', 'myhostname', 'nosuch'], { ws: ws.root });
  assert.deepEqual(r, { code: 0, stdout: 'myhostname = vm\n', stderr: 'postconf: warning: nosuch: unknown parameter\n' });
  // -h is postconf's "values only", not --help; the workspace is found from the current folder too
  const h = await runCli(['postconf', '-h', 'smtpd_banner'], { cwd: ws.root, env: { MAILSEC_WORKSPACE: '' } });
  assert.equal(h.stdout, '$myhostname ESMTP $mail_name (Debian/GNU)\n');
  const n = await runCli(['postconf', '-n'], { ws: ws.root });
  assert.equal(n.code, 0);
  assert.match(n.stdout, /^smtpd_relay_restrictions = permit_mynetworks permit_sasl_authenticated defer_unauth_destination$/m);
  const d = await runCli(['postconf', '-d', 'myhostname', 'alias_maps'], { ws: ws.root });
  const host = hostname();
  assert.equal(
    d.stdout,
    `myhostname = ${host.includes('.') ? host : `${host}.localdomain`}\nalias_maps = hash:/etc/aliases, nis:mail.aliases\n`,
  );
  const m = await runCli(['postconf', '-M', 'smtp/inet', 'submission'], { ws: ws.root });
  assert.equal(m.stdout, 'smtp       inet  n       -       y       -       -       smtpd\n');
  assert.equal(m.stderr, 'postconf: warning: unmatched request: "submission"\n');
  const help = await runCli(['postconf', '--help'], { ws: ws.root, lang: 'en' });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: mailsec postconf/);
});

test('mailsec postconf on a broken main.cf and master.cf: Postfix words, exit 1', async () => {
  const ws = freshWorkspace();
  const main = ws.resolve('/etc/postfix/main.cf');
  const good = readFileSync(main, 'utf8');
  appendFileSync(main, 'this line is not a parameter\n');
  const lines = good.split('\n').length;
  const r = await runCli(['postconf', 'myhostname'], { ws: ws.root });
  assert.deepEqual(r, {
    code: 1,
    stdout: '',
    stderr: `postconf: fatal: /etc/postfix/main.cf, line ${lines}: missing '=' after attribute name: "this line is not a parameter"\n`,
  });
  writeFileSync(main, good + 'aaa = $bbb\nbbb = $aaa\nsmtpd_banner = $aaa ESMTP\n');
  const loop = await runCli(['postconf', 'smtpd_banner'], { ws: ws.root });
  assert.equal(loop.code, 1);
  assert.match(loop.stderr, /postconf: warning: unreasonable macro call nesting: "bbb"\npostconf: fatal: macro processing error\n$/);
  writeFileSync(main, good);
  appendFileSync(ws.resolve('/etc/postfix/master.cf'), 'foo bogus n - y - - smtpd\n');
  const m = await runCli(['postconf', '-M'], { ws: ws.root });
  assert.deepEqual([m.code, m.stdout, m.stderr], [1, '', 'postconf: fatal: invalid type field "bogus" in "foo bogus n - y - - smtpd"\n']);
});

test('mailsec postfix check: silent on a good configuration, Postfix words on a bad one', async () => {
  const ws = freshWorkspace();
  assert.deepEqual(await runCli(['postfix', 'check'], { ws: ws.root }), { code: 0, stdout: '', stderr: '' });
  const main = ws.resolve('/etc/postfix/main.cf');
  const good = readFileSync(main, 'utf8');
  writeFileSync(main, good + 'smtputf8_enable = maybe\n');
  assert.deepEqual(await runCli(['postfix', 'check'], { ws: ws.root }), {
    code: 1,
    stdout: '',
    stderr: 'postfix: fatal: bad boolean configuration: smtputf8_enable = maybe\n',
  });
  // smtpd's own booleans: postfix check says nothing (smtpd dies when a client connects)
  writeFileSync(main, good + 'smtpd_helo_required = maybe\n');
  assert.equal((await runCli(['postfix', 'check'], { ws: ws.root })).code, 0);
  writeFileSync(main, good);
  appendFileSync(ws.resolve('/etc/postfix/master.cf'), 'foo bar baz\n');
  const mlines = readFileSync(ws.resolve('/etc/postfix/master.cf'), 'utf8').trimEnd().split('\n').length;
  assert.deepEqual(await runCli(['postfix', 'check'], { ws: ws.root }), {
    code: 1,
    stdout: '',
    stderr: `/usr/sbin/postconf: fatal: file /etc/postfix/master.cf: line ${mlines}: bad field count\npostfix/postfix-script: fatal: cannot execute /usr/sbin/postconf!\n`,
  });
  const other = await runCli(['postfix', 'reload'], { ws: ws.root, lang: 'en' });
  assert.equal(other.code, 2);
  assert.match(other.stderr, /The sandbox has no “postfix reload”: .*mailsec sandbox start\|stop\|reload/);
});

test('mailsec postconf -e edits the workspace main.cf as postconf -e does', async () => {
  const ws = freshWorkspace();
  const main = ws.resolve('/etc/postfix/main.cf');
  const before = readFileSync(main, 'utf8');
  const r = await runCli(['postconf', '-e', 'myhostname = mail.alexdns.local', 'smtpd_helo_required = yes'], { ws: ws.root });
  assert.deepEqual(r, { code: 0, stdout: '', stderr: '' });
  assert.equal(
    readFileSync(main, 'utf8'),
    before.replace(/^myhostname = vm$/m, 'myhostname = mail.alexdns.local') + 'smtpd_helo_required = yes\n',
  );
  assert.equal((await runCli(['postconf', '-h', 'myhostname'], { ws: ws.root })).stdout, 'mail.alexdns.local\n');
  const bad = await runCli(['postconf', '-e', 'novalue'], { ws: ws.root });
  assert.equal(bad.code, 1);
  assert.match(readFileSync(main, 'utf8'), /^myhostname = mail\.alexdns\.local$/m);
});
