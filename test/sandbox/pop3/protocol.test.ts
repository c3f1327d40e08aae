// The pure part of the POP3 server: Dovecot's replies to message numbers and sizes, the
// bytes of RETR and TOP, the sizes, the session ids and the log lines, as tables of cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  capaBeforeLogin,
  extraDisconnectReason,
  lineCount,
  loginLine,
  messageNumber,
  pop3Line,
  sessionId,
  splitCommand,
  virtualSize,
  wireMessage,
} from '../../../src/sandbox/pop3/protocol.js';
import { mailboxName, uidlOf } from '../../../src/sandbox/pop3/maildrop.js';

test('message numbers answer as pop3-commands.c get_msgnum does', () => {
  const none = () => false;
  const cases: [string, boolean, string | number][] = [
    ['1', false, 0],
    ['3', false, 2],
    ['', false, '-ERR Invalid message number: '],
    ['x', false, '-ERR Invalid message number: x'],
    ['-1', false, '-ERR Invalid message number: -1'],
    ['0', false, "-ERR There's no message 0."],
    ['4', false, "-ERR There's no message 4."],
    ['1x', false, '-ERR Noise after message number: x'],
    ['1 0', false, '-ERR Noise after message number:  0'],
    ['1', true, '-ERR Noise after message number: '],
    ['99999999999', false, '-ERR Message number too large: '],
  ];
  for (const [args, thenSpace, want] of cases) {
    const r = messageNumber(args, 3, none, thenSpace);
    assert.deepEqual(r.ok ? r.index : r.reply, want, args);
  }
  const r = messageNumber('2', 3, (i) => i === 1, false);
  assert.deepEqual(r, { ok: false, reply: '-ERR Message is deleted.' });
  assert.deepEqual(lineCount('0'), { ok: true, n: 0 });
  assert.deepEqual(lineCount('a'), { ok: false, reply: '-ERR Invalid size: a' });
  assert.deepEqual(lineCount('1 2'), { ok: false, reply: '-ERR Noise after size:  2' });
  assert.deepEqual(splitCommand('uidl 1'), { name: 'UIDL', args: '1' });
});

test('RETR and TOP bytes: CRLF, dots doubled, the header and n body lines; the size counts CRLF', () => {
  const raw = Buffer.from('A: 1\nB: 2\n\n.one\ntwo\r\nthree');
  assert.equal(wireMessage(raw).toString(), 'A: 1\r\nB: 2\r\n\r\n..one\r\ntwo\r\nthree\r\n');
  assert.equal(wireMessage(raw, 0).toString(), 'A: 1\r\nB: 2\r\n\r\n');
  assert.equal(wireMessage(raw, 1).toString(), 'A: 1\r\nB: 2\r\n\r\n..one\r\n');
  assert.equal(wireMessage(Buffer.from('A: 1\n'), 5).toString(), 'A: 1\r\n');
  assert.equal(virtualSize(Buffer.from('a\nb\r\n')), 6);
});

test('CAPA before login follows disable_plaintext_auth: USER and the mechanisms only once TLS is up', () => {
  assert.deepEqual(capaBeforeLogin({ tls: false, tlsAvailable: true }).slice(-3), ['STLS', 'SASL', '.']);
  assert.deepEqual(capaBeforeLogin({ tls: false, tlsAvailable: false }).slice(-2), ['SASL', '.']);
  assert.deepEqual(capaBeforeLogin({ tls: true, tlsAvailable: true }).slice(-3), ['USER', 'SASL PLAIN LOGIN', '.']);
});

test('log lines in Dovecot 2.3\'s default formats', () => {
  const f = { user: 'alumno', mech: 'PLAIN', rip: '127.0.0.1', lip: '127.0.0.1', mpid: 4242, tls: 'TLS', session: 'QMSoa41Yjox/AAAB' };
  assert.equal(loginLine('Login', f), 'pop3-login: Login: user=<alumno>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, mpid=4242, TLS, session=<QMSoa41Yjox/AAAB>');
  assert.equal(
    loginLine('Disconnected: Connection closed (no auth attempts in 0 secs)', { rip: '127.0.0.1', lip: '127.0.0.1', session: 's' }),
    'pop3-login: Disconnected: Connection closed (no auth attempts in 0 secs): user=<>, rip=127.0.0.1, lip=127.0.0.1, session=<s>',
  );
  assert.equal(extraDisconnectReason({ attempts: 1, triedPlaintext: false, secs: 3, authSecs: 2 }), '(auth failed, 1 attempts in 2 secs)');
  assert.equal(extraDisconnectReason({ attempts: 1, triedPlaintext: true, secs: 3, authSecs: 2 }), '(tried to use disallowed plaintext auth)');
  assert.equal(
    pop3Line('alumno', 12345, 's', 'Disconnected: Logged out', { topCount: 0, topBytes: 0, retrCount: 1, retrBytes: 532, deleted: 0, messages: 1, size: 532 }),
    'pop3(alumno)<12345><s>: Disconnected: Logged out top=0/0, retr=1/532, del=0/1, size=532',
  );
  // 12 bytes in base64, the address last: 127.0.0.1 ends it in "fwAAAQ"-style bytes
  const id = sessionId(1_700_000_000_000_000n, 40000, '127.0.0.1');
  assert.match(id, /^[A-Za-z0-9+/]{16}$/);
  assert.deepEqual([...Buffer.from(id, 'base64').subarray(8)], [127, 0, 0, 1]);
});

test('UIDLs and mailbox names: the Maildir base name, flags left out; a name POP3 cannot carry is hashed', () => {
  assert.equal(uidlOf('1733600000.V1I2M3.mail:2,S'), '1733600000.V1I2M3.mail');
  assert.equal(uidlOf('1733600000.V1I2M3.mail'), '1733600000.V1I2M3.mail');
  assert.match(uidlOf('x'.repeat(100)), /^[0-9a-f]{40}$/);
  assert.match(uidlOf('a b'), /^[0-9a-f]{40}$/);
  assert.equal(mailboxName('Alumno@aula.test'), 'alumno');
  assert.equal(mailboxName('a/b'), 'a_b');
});
