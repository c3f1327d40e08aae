// What `mailsec check --ssh` reads besides main.cf and master.cf: the tables those name, found in
// their text, and the answer of the one read command, split file by file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReads, tablesNamed } from '../../src/checks/remote-ssh.js';
import { builtFileOf, tableFilesIn } from '../../src/postfix/tables.js';

test('the file-backed tables a main.cf or master.cf names, each once; inline, static and policy services are no files', () => {
  const main = [
    'smtpd_recipient_restrictions = permit_mynetworks, check_sender_access hash:/etc/postfix/sender_access,',
    '    reject_unauth_destination, check_policy_service unix:private/policyd-spf',
    'body_checks = regexp:/etc/postfix/body_checks',
    'header_checks = pcre:/etc/postfix/header_checks',
    'mynetworks = cidr:/etc/postfix/networks, 127.0.0.0/8',
    'virtual_alias_maps = proxy:hash:/etc/postfix/virtual, inline:{ a@x.test=b@x.test }, static:x',
    'smtpd_sender_login_maps = hash:/etc/postfix/sender_access',
    'tls_server_sni_maps = lmdb:/etc/postfix/sni',
  ].join('\n');
  const master = 'submission inet n - y - - smtpd\n  -o smtpd_sender_login_maps=texthash:/etc/postfix/login\n';
  assert.deepEqual(tableFilesIn(`${main}\n${master}`), [
    { type: 'hash', path: '/etc/postfix/sender_access' },
    { type: 'regexp', path: '/etc/postfix/body_checks' },
    { type: 'pcre', path: '/etc/postfix/header_checks' },
    { type: 'cidr', path: '/etc/postfix/networks' },
    { type: 'hash', path: '/etc/postfix/virtual' },
    { type: 'lmdb', path: '/etc/postfix/sni' },
    { type: 'texthash', path: '/etc/postfix/login' },
  ]);
  // what postmap builds, which a real Postfix reads instead of the text
  assert.equal(builtFileOf('hash', '/etc/postfix/sender_access'), '/etc/postfix/sender_access.db');
  assert.equal(builtFileOf('lmdb', '/etc/postfix/sni'), '/etc/postfix/sni.lmdb');
  assert.equal(builtFileOf('regexp', '/etc/postfix/body_checks'), undefined);
  assert.equal(builtFileOf('texthash', '/etc/postfix/login'), undefined);
  assert.deepEqual(tableFilesIn('myorigin = /etc/mailname\nx = mypcre:/etc/not-a-table\nrelay = hash:relative/path'), []);
});

test('the read command’s answer, file by file, by byte count: text with any bytes, a directory, a refusal, a missing file', () => {
  const body = 'ñandú\nfile 3 /etc/fake\nabc\n';
  const raw = Buffer.concat([
    Buffer.from(`file ${Buffer.byteLength(body)} /etc/opendkim.conf\n`),
    Buffer.from(body),
    Buffer.from('stale 0 /etc/opendkim.conf\ndirectory 0 /etc/spamassassin/local.cf\nunreadable 0 /etc/postfix/sasl_passwd\n'),
    Buffer.from('toobig 300000 /etc/postfix/blocklist.cidr\nmissing 0 /etc/postfix/body_checks\n'),
  ]);
  assert.deepEqual(parseReads(raw), [
    { path: '/etc/opendkim.conf', text: body },
    { path: '/etc/opendkim.conf', stale: true },
    { path: '/etc/spamassassin/local.cf', unreadable: 'Is a directory' },
    { path: '/etc/postfix/sasl_passwd', unreadable: 'Permission denied' },
    { path: '/etc/postfix/blocklist.cidr', unreadable: 'File too large' },
    { path: '/etc/postfix/body_checks', missing: true },
  ]);
  assert.deepEqual(parseReads(Buffer.alloc(0)), []);
  // cut short, or not the command's answer at all: nothing is believed
  assert.equal(parseReads(raw.subarray(0, 40)), undefined);
  assert.equal(parseReads(Buffer.from('bash: line 1: printf: command not found\n')), undefined);
  assert.equal(parseReads(Buffer.from('file 10 /etc/x')), undefined);
});

test('the tables read over ssh are the ones main.cf and master.cf use, never a table of passwords', () => {
  const main = [
    '# body_checks = regexp:/etc/postfix/old_checks',
    'smtpd_recipient_restrictions = permit_mynetworks,',
    '    check_sender_access hash:/etc/postfix/sender_access, reject_unauth_destination',
    'relayhost = [smtp.example.com]:587',
    'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd',
    'lmtp_sasl_password_maps = texthash:/etc/postfix/lmtp_passwd',
  ].join('\n');
  const master = [
    'submission inet n - y - - smtpd',
    '  -o smtpd_sender_login_maps=hash:/etc/postfix/sender_login',
    'relay unix - - y - - smtp',
    '  -o smtp_sasl_password_maps=hash:/etc/postfix/relay_passwd',
  ].join('\n');
  assert.deepEqual(tablesNamed(main, master), [
    { type: 'hash', path: '/etc/postfix/sender_access' },
    { type: 'hash', path: '/etc/postfix/sender_login' },
  ]);
});
