// anvil's counters and smtpd's refusals, with the replies and warnings a real Postfix 3.7.11
// gave on loopback for the same limits (smtpd_client_*_limit, event limit exceptions emptied).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Anvil, anvilLimits, type AnvilClient, type AnvilLimits } from '../../src/postfix/anvil.js';
import { parseMainCf } from '../../src/postfix/main-cf.js';
import { formatReply } from '../../src/postfix/smtpd-check.js';
import { timeValueMs } from '../../src/postfix/time.js';

const outsider: AnvilClient = { addr: '203.0.113.7', name: 'unknown', service: 'smtp', hostname: 'mail.aula.test' };
const limits = (text: string): AnvilLimits => anvilLimits(parseMainCf(`mynetworks = 127.0.0.0/8\n${text}`));

test('time values: a number with an optional s/m/h/d/w unit; anything else is bad', () => {
  assert.equal(timeValueMs('60s'), 60_000);
  assert.equal(timeValueMs('2m'), 120_000);
  assert.equal(timeValueMs('1h'), 3_600_000);
  assert.equal(timeValueMs('30'), 30_000);
  assert.equal(timeValueMs('1', 'd'), 86_400_000);
  assert.equal(timeValueMs('2x'), undefined);
  assert.equal(timeValueMs('-1s'), undefined);
  assert.equal(timeValueMs(''), undefined);
});

test('the defaults: 50 connections at once, every rate off, a minute, $mynetworks exempt', () => {
  const l = limits('');
  assert.deepEqual(
    [l.connectionCount, l.connectionRate, l.messageRate, l.recipientRate, l.authRate, l.newTlsSessionRate, l.timeUnitMs],
    [50, 0, 0, 0, 0, 0, 60_000],
  );
  assert.deepEqual(l.exceptions, ['127.0.0.0/8']);
  const a = new Anvil();
  for (let i = 0; i < 1000; i++) {
    assert.equal(a.event('connect', outsider, l, i), undefined, `connection ${i + 1}`);
    a.disconnect(outsider);
  }
  for (let i = 0; i < 50; i++) assert.equal(a.event('connect', outsider, l, 2000), undefined);
  assert.match(a.event('connect', outsider, l, 2000)!.warning, /Connection concurrency limit exceeded: 51 from/);
});

test('connection rate: the 4th connection in the minute gets 421 and the warning, with its count; a new minute starts over', () => {
  const l = limits('smtpd_client_connection_rate_limit = 3\nsmtpd_client_event_limit_exceptions =');
  const a = new Anvil();
  for (let i = 0; i < 3; i++) {
    assert.equal(a.event('connect', outsider, l, i * 1000), undefined);
    a.disconnect(outsider);
  }
  const r = a.event('connect', outsider, l, 5000);
  assert.ok(r);
  assert.equal(formatReply(r.reply), '421 4.7.0 mail.aula.test Error: too many connections from 203.0.113.7');
  assert.equal(r.warning, 'warning: Connection rate limit exceeded: 4 from unknown[203.0.113.7] for service smtp');
  assert.equal(r.hangUp, true);
  a.disconnect(outsider);
  assert.match(a.event('connect', outsider, l, 6000)!.warning, /exceeded: 5 from/);
  a.disconnect(outsider);
  assert.equal(a.event('connect', outsider, l, 60_000), undefined, 'the window began at 0 and lasts 60 s');
});

test('connection count: the 3rd open connection is refused; once one closes, the next is served', () => {
  const l = limits('smtpd_client_connection_count_limit = 2\nsmtpd_client_event_limit_exceptions =');
  const a = new Anvil();
  assert.equal(a.event('connect', outsider, l, 0), undefined);
  assert.equal(a.event('connect', outsider, l, 1), undefined);
  const r = a.event('connect', outsider, l, 2);
  assert.equal(r?.warning, 'warning: Connection concurrency limit exceeded: 3 from unknown[203.0.113.7] for service smtp');
  assert.equal(formatReply(r!.reply), '421 4.7.0 mail.aula.test Error: too many connections from 203.0.113.7');
  a.disconnect(outsider);
  a.disconnect(outsider);
  assert.equal(a.event('connect', outsider, l, 3), undefined);
});

test('message, recipient and AUTH rates: 450 4.7.1 at the command, the session goes on; new TLS sessions: 421 at STARTTLS', () => {
  const l = limits(
    'smtpd_client_message_rate_limit = 2\nsmtpd_client_recipient_rate_limit = 3\nsmtpd_client_auth_rate_limit = 2\nsmtpd_client_event_limit_exceptions =',
  );
  const a = new Anvil();
  assert.equal(a.event('message', outsider, l, 0), undefined);
  assert.equal(a.event('message', outsider, l, 1), undefined);
  const m = a.event('message', outsider, l, 2)!;
  assert.equal(formatReply(m.reply), '450 4.7.1 Error: too much mail from 203.0.113.7');
  assert.equal(m.warning, 'warning: Message delivery request rate limit exceeded: 3 from unknown[203.0.113.7] for service smtp');
  assert.equal(m.hangUp, false);
  for (let i = 0; i < 3; i++) assert.equal(a.event('recipient', outsider, l, 3 + i), undefined);
  const r = a.event('recipient', outsider, l, 7)!;
  assert.equal(formatReply(r.reply), '450 4.7.1 Error: too many recipients from 203.0.113.7');
  assert.equal(r.warning, 'warning: Recipient address rate limit exceeded: 4 from unknown[203.0.113.7] for service smtp');
  a.event('auth', outsider, l, 8);
  a.event('auth', outsider, l, 9);
  const au = a.event('auth', outsider, l, 10)!;
  const tlsLimits = limits('smtpd_client_new_tls_session_rate_limit = 1\nsmtpd_client_event_limit_exceptions =');
  assert.equal(a.event('tls', outsider, tlsLimits, 11), undefined);
  const t = a.event('tls', outsider, tlsLimits, 12)!;
  assert.equal(formatReply(t.reply), '421 4.7.0 mail.aula.test Error: too many new TLS sessions from unknown[203.0.113.7]');
  assert.equal(t.warning, 'warning: New TLS session rate limit exceeded: 2 from unknown[203.0.113.7] for service smtp');
  assert.equal(t.hangUp, true);
  assert.equal(formatReply(au.reply), '450 4.7.1 Error: too many AUTH commands from 203.0.113.7');
  assert.equal(au.warning, 'warning: AUTH command rate limit exceeded: 3 from unknown[203.0.113.7] for service smtp');
});

test('a client in the exceptions ($mynetworks by default) is never limited; each client and each service counts apart', () => {
  const l = limits('smtpd_client_connection_rate_limit = 1');
  const a = new Anvil();
  const local: AnvilClient = { ...outsider, addr: '127.0.0.1', name: 'localhost' };
  for (let i = 0; i < 5; i++) assert.equal(a.event('connect', local, l, i), undefined);
  assert.equal(a.event('connect', outsider, l, 0), undefined);
  assert.equal(a.event('connect', { ...outsider, addr: '198.51.100.9' }, l, 0), undefined);
  assert.equal(a.event('connect', { ...outsider, service: 'submission' }, l, 0), undefined);
  assert.ok(a.event('connect', outsider, l, 1));
});

test('sweep forgets the windows that have passed', () => {
  const l = limits('smtpd_client_connection_rate_limit = 1\nsmtpd_client_event_limit_exceptions =');
  const a = new Anvil();
  a.event('connect', outsider, l, 0);
  a.disconnect(outsider);
  a.sweep(l, 59_999);
  assert.ok(a.event('connect', outsider, l, 59_999), 'still in the window');
  a.disconnect(outsider);
  a.sweep(l, 60_000);
  assert.equal(a.event('connect', outsider, l, 60_000), undefined);
});
