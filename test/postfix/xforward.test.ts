// XFORWARD as Postfix 3.7.11 answered it (each reply seen on the real server, with and
// without smtpd_authorized_xforward_hosts), and the client= line's suffix it logged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { xforward, xforwardLogSuffix } from '../../src/postfix/xforward.js';

const ok = { inTransaction: false, allowed: true, ipv6: false };

test('XFORWARD: the transaction first, then the syntax, then the authorisation', () => {
  assert.deepEqual(xforward([], { ...ok, inTransaction: true, allowed: false }), {
    code: 503,
    text: '5.5.1 Error: MAIL transaction in progress',
  });
  assert.deepEqual(xforward([], { ...ok, allowed: false }), { code: 501, text: '5.5.4 Syntax: XFORWARD attribute=value...' });
  assert.deepEqual(xforward(['ADDR'], { ...ok, allowed: false }), { code: 550, text: '5.7.0 Error: insufficient authorization' });
});

test('XFORWARD attributes: what is refused, in the words of Postfix 3.7.11', () => {
  for (const [arg, reply] of [
    ['NAME=bad_name!', '501 5.5.4 Bad NAME syntax: bad_name!'],
    ['NAME=[TEMPUNAVAIL]', '501 5.5.4 Bad NAME syntax: [TEMPUNAVAIL]'],
    ['NAME=[UNAVAILABLE]', '250 2.0.0 Ok'],
    ['ADDR=bad', '501 5.5.4 Bad ADDR syntax: bad'],
    ['ADDR=IPV6:2001:db8::7', '501 5.5.4 Bad ADDR syntax: IPV6:2001:db8::7'],
    ['PORT=x', '501 5.5.4 Bad PORT syntax: x'],
    ['PORT=99999', '250 2.0.0 Ok'],
    ['PROTO=foo', '250 2.0.0 Ok'],
    ['HELO=a<b>', '250 2.0.0 Ok'],
    ['SOURCE=foo', '501 5.5.4 Bad SOURCE syntax: foo'],
    ['FOO=bar', '501 5.5.4 Bad XFORWARD attribute name: FOO'],
    ['ADDR', '501 5.5.4 Error: attribute=value expected'],
    ['ADDR=', '501 5.5.4 Error: attribute=value expected'],
    [`IDENT=${'x'.repeat(300)}`, '501 5.5.4 Error: attribute value too long'],
  ] as const) {
    const r = xforward([arg], ok);
    assert.equal(`${r.code} ${r.text}`, reply, arg);
  }
});

test('XFORWARD keeps what earlier commands said, the last value of an attribute, and nothing of a refused command', () => {
  const first = xforward(['ADDR=010.2.3.4', 'ADDR=1.1.1.1'], ok).attrs;
  assert.deepEqual(first, { addr: '1.1.1.1' });
  assert.deepEqual(xforward(['NAME=n.example'], { ...ok, current: first }).attrs, { addr: '1.1.1.1', name: 'n.example' });
  assert.equal(xforward(['ADDR=1.2.3.6', 'NAME=bad_name!'], { ...ok, current: first }).attrs, undefined);
});

test('the client= line: orig_queue_id, then orig_client once a client attribute was forwarded', () => {
  for (const [attrs, suffix] of [
    [undefined, ''],
    [{ source: 'REMOTE' }, ''],
    [{ ident: 'abc' }, ', orig_queue_id=abc'],
    [{ addr: '203.0.113.7' }, ', orig_client=unknown[203.0.113.7]'],
    [{ name: 'mx.example.net' }, ', orig_client=mx.example.net'],
    [{ helo: 'h.example', proto: 'SMTP', port: '25' }, ', orig_client=unknown'],
    [{ name: 'mx.example.net', addr: '203.0.113.7', ident: 'abc' }, ', orig_queue_id=abc, orig_client=mx.example.net[203.0.113.7]'],
  ] as const)
    assert.equal(xforwardLogSuffix(attrs), suffix, JSON.stringify(attrs));
});
