// Dovecot's stderr lines as syslog has them in mail.log, and the mailbox events they stand for:
// lines a Dovecot 2.3.19.1 wrote for real (the private one, behind the sandbox's proxy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROXY_LOCAL_IP, mailboxEvent, parseDovecotLine, syslogText } from '../../../src/sandbox/imap/dovecot-log.js';

const shown = (raw: string) => syslogText(parseDovecotLine(raw)!, '127.0.0.1');
const event = (raw: string) => mailboxEvent(parseDovecotLine(raw)!);

test('an Info line loses its level, the others keep it, as Dovecot writes them to syslog', () => {
  assert.equal(
    shown('master: Info: Dovecot v2.3.19.1 (9b53102964) starting up for imap (core dumps disabled)'),
    'master: Dovecot v2.3.19.1 (9b53102964) starting up for imap (core dumps disabled)',
  );
  assert.equal(shown('master: Warning: Killed with signal 15 (by pid=22336 uid=0 code=kill)'), 'master: Warning: Killed with signal 15 (by pid=22336 uid=0 code=kill)');
  assert.equal(
    shown('imap(alumno)<25784>: Error: Couldn\'t drop privileges: Mail access not allowed for root'),
    "imap(alumno)<25784>: Error: Couldn't drop privileges: Mail access not allowed for root",
  );
  assert.equal(shown('auth: Error: checkpassword(alumno,127.0.0.1,<MnhY>): Child 24882 died with signal 5'), 'auth: Error: checkpassword(alumno,127.0.0.1,<MnhY>): Child 24882 died with signal 5');
  assert.equal(parseDovecotLine('   '), undefined);
});

test("the master's own lines before its log process (no prefix) are its, and marked so the second copy can go", () => {
  const bare = parseDovecotLine('Error: service(imap-login): listen(127.0.0.1, 12143) failed: Address already in use')!;
  assert.deepEqual(bare, { prefix: 'master', level: 'Error', message: 'service(imap-login): listen(127.0.0.1, 12143) failed: Address already in use', bare: true });
  const again = parseDovecotLine('master: Error: service(imap-login): listen(127.0.0.1, 12143) failed: Address already in use')!;
  assert.equal(again.bare, false);
  assert.equal(`${again.level}: ${again.message}`, `${bare.level}: ${bare.message}`);
  assert.equal(shown('Fatal: Failed to start listeners'), 'master: Fatal: Failed to start listeners');
  assert.equal(parseDovecotLine('doveconf: Fatal: Error in configuration file /x/dovecot.conf line 3: Unknown setting: foo')!.prefix, 'doveconf');
});

test('a login line says the address the client reached, not the one the proxy named to Dovecot', () => {
  const raw = `imap-login: Info: Login: user=<alumno>, method=PLAIN, rip=127.0.0.1, lip=${PROXY_LOCAL_IP}, mpid=28419, TLS, session=<IoGXEhFiaIZ/AAAB>`;
  assert.equal(shown(raw), 'imap-login: Login: user=<alumno>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, mpid=28419, TLS, session=<IoGXEhFiaIZ/AAAB>');
  // only the login processes' element; a mail process's text is left alone
  assert.equal(shown(`imap(a)<1><s>: Info: lip=${PROXY_LOCAL_IP}, x`), `imap(a)<1><s>: lip=${PROXY_LOCAL_IP}, x`);
});

test('a login, a failed login and a logout are mailbox events; a client that never tried is none', () => {
  assert.deepEqual(event('imap-login: Info: Login: user=<alumno>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.2, mpid=5911, TLS, session=<l2dd>'), {
    type: 'mailbox-login',
    fields: { service: 'imap', user: 'alumno', method: 'PLAIN', tls: true, ok: true },
  });
  assert.deepEqual(
    event(
      'imap-login: Info: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<alumno>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.2, TLS, session=<MGaa>',
    ),
    {
      type: 'mailbox-login',
      fields: { service: 'imap', user: 'alumno', method: 'PLAIN', tls: true, ok: false, reason: 'auth failed, 1 attempts in 2 secs' },
    },
  );
  // LOGIN before STARTTLS: refused without a method, on a connection in the clear
  assert.deepEqual(
    event(
      'imap-login: Info: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 0 secs): user=<alumno>, rip=127.0.0.1, lip=127.0.0.2, session=<utBc>',
    ),
    { type: 'mailbox-login', fields: { service: 'imap', user: 'alumno', method: '', tls: false, ok: false, reason: 'auth failed, 1 attempts in 0 secs' } },
  );
  assert.deepEqual(
    event('imap-login: Info: Disconnected: Aborted login (tried to use disallowed plaintext auth): user=<>, rip=127.0.0.1, lip=127.0.0.2, session=<x>'),
    { type: 'mailbox-login', fields: { service: 'imap', user: '', method: '', tls: false, ok: false, reason: 'tried to use disallowed plaintext auth' } },
  );
  assert.equal(event('imap-login: Info: Disconnected: Connection closed (no auth attempts in 0 secs): user=<>, rip=127.0.0.1, lip=127.0.0.2, session=<OLW5>'), undefined);
  assert.equal(event('imap-login: Info: Disconnected: Connection closed (disconnected before auth was ready, waited 0 secs): user=<>, rip=127.0.0.1, session=<a>'), undefined);
  assert.deepEqual(
    event(
      'imap(alumno)<5911><l2ddGxFisIR/AAAB>: Info: Disconnected: Logged out in=104 out=1044 deleted=1 expunged=1 trashed=0 hdr_count=0 hdr_bytes=0 body_count=1 body_bytes=34',
    ),
    { type: 'mailbox-logout', fields: { service: 'imap', user: 'alumno', retrieved: 1, deleted: 1 } },
  );
  assert.equal(event("imap(alumno)<25784><s>: Error: Couldn't drop privileges: Mail access not allowed for root"), undefined);
  assert.equal(event('master: Info: Dovecot v2.3.19.1 (9b53102964) starting up for imap (core dumps disabled)'), undefined);
});

test('what a client types as its user name cannot forge the level or the elements', () => {
  const l = parseDovecotLine(
    'imap-login: Info: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<x: Error: y>, method=LOGIN, rip=127.0.0.1, lip=127.0.0.2, TLS, session=<s>',
  )!;
  assert.deepEqual([l.prefix, l.level], ['imap-login', 'Info']);
  const e = mailboxEvent(l)!;
  assert.equal(e.type, 'mailbox-login');
  assert.deepEqual(e.fields, { service: 'imap', user: 'x: Error: y', method: 'LOGIN', tls: true, ok: false, reason: 'auth failed, 1 attempts in 2 secs' });
});
