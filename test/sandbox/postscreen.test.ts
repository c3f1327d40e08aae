// postscreen in front of smtpd when master.cf runs it on port 25: a clean client is greeted
// with "220-", waits, passes (PASS NEW, then PASS OLD), a bot that talks first is refused by
// postscreen's own engine, a listed client is dropped, mynetworks is allowlisted — with the
// replies and log lines a real postscreen (Postfix 3.7.11) gave.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { postscreenSandbox, waitLog, type TestSandbox } from '../helpers/sandbox.js';
import { RawSmtp } from '../helpers/smtp.js';
import { eventsOf } from '../../src/sandbox/events.js';

let t: TestSandbox;


before(async () => {
  t = await postscreenSandbox(['postscreen_greet_wait = 1s', 'postscreen_greet_action = enforce']);
});

after(() => t.close());

/** A raw client that writes at set times and reads, in order, until the server hangs up (or `ms` pass). */
function talk(port: number, script: { at: number; send: string }[], ms: number): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let text = '';
    let closed = false;
    s.setEncoding('latin1');
    s.on('data', (d: string) => (text += d));
    s.on('error', () => undefined);
    let gaveUp = false;
    const timers = script.map((step) => setTimeout(() => !closed && s.write(step.send), step.at));
    const give = setTimeout(() => {
      gaveUp = true;
      s.destroy();
    }, ms);
    s.on('close', () => {
      closed = true;
      for (const x of [...timers, give]) clearTimeout(x);
      resolve({ text, closed: !gaveUp });
    });
  });
}


test('a bot that talks before its turn (pregreet, enforce): postscreen answers it, refuses every RCPT and hangs up at DATA', async () => {
  const before = t.log().length;
  const r = await talk(
    t.h.ports.outside,
    [
      { at: 0, send: 'EHLO bot.example\r\n' },
      { at: 1300, send: 'MAIL FROM:<spam@example.net>\r\n' },
      { at: 1400, send: 'RCPT TO:<alumno@aula.test>\r\n' },
      { at: 1500, send: 'DATA\r\n' },
    ],
    10_000,
  );
  assert.equal(
    r.text,
    [
      '220-mail.aula.test ESMTP Postfix (Debian/GNU)',
      '250-mail.aula.test',
      '250-SIZE 10240000',
      '250-VRFY',
      '250-ETRN',
      '250-ENHANCEDSTATUSCODES',
      '250-8BITMIME',
      '250-DSN',
      '250-SMTPUTF8',
      '250 CHUNKING',
      '250 2.1.0 Ok',
      '550 5.5.1 Protocol error',
      '554 5.5.1 Error: no valid recipients',
      '',
    ].join('\r\n'),
  );
  assert.ok(r.closed);
  const log = await waitLog(t, /DISCONNECT \[203\.0\.113\.7\]/, before);
  assert.match(log, /PREGREET 18 after 0(?:\.\d+)? from \[203\.0\.113\.7\]:\d+: EHLO bot\.example\\r\\n$/m);
  assert.match(
    log,
    /NOQUEUE: reject: RCPT from \[203\.0\.113\.7\]:\d+: 550 5\.5\.1 Protocol error; from=<spam@example\.net>, to=<alumno@aula\.test>, proto=ESMTP, helo=<bot\.example>$/m,
  );
  assert.match(log, /DATA without valid RCPT from \[203\.0\.113\.7\]:\d+\n.*DISCONNECT \[203\.0\.113\.7\]:\d+$/m);
  assert.doesNotMatch(log, /postfix\/smtpd\[\d+\]: connect from/, 'the bot never reaches smtpd');
});

test('a client on the DNS lists past the threshold (drop): 521 and the hang-up, with dnsblog\'s and the rank\'s lines', async () => {
  t.write('etc/bind/dnsbl-local.zone', '7.113.0.203 IN A 127.0.0.2\n');
  t.mainCf('postscreen_dnsbl_sites = zen.spamhaus.org*2 bl.spamcop.net*1\npostscreen_dnsbl_threshold = 2\npostscreen_dnsbl_action = drop');
  await t.h.reload();
  const before = t.log().length;
  const r = await talk(t.h.ports.outside, [], 10_000);
  assert.equal(r.text, '220-mail.aula.test ESMTP Postfix (Debian/GNU)\r\n521 5.7.1 Service unavailable; client [203.0.113.7] blocked using zen.spamhaus.org\r\n');
  assert.ok(r.closed);
  const log = await waitLog(t, /DISCONNECT \[203\.0\.113\.7\]/, before);
  assert.match(log, /postfix\/dnsblog\[\d+\]: addr 203\.0\.113\.7 listed by domain zen\.spamhaus\.org as 127\.0\.0\.2$/m);
  assert.match(log, /postfix\/dnsblog\[\d+\]: addr 203\.0\.113\.7 listed by domain bl\.spamcop\.net as 127\.0\.0\.2$/m);
  assert.match(log, /postfix\/postscreen\[\d+\]: DNSBL rank 3 for \[203\.0\.113\.7\]:\d+\n.*DISCONNECT/);
  assert.equal(eventsOf(t.events(), 'postscreen').at(-1)?.result, 'drop');
});

test('a client that waits: "220-", then smtpd\'s banner after the greet wait (PASS NEW); the next time at once (PASS OLD)', async () => {
  // off the lists again, so that this client passes every test
  t.write('etc/bind/dnsbl-local.zone', '');
  await t.h.reload();
  // the client speaks only once the whole greeting has come, however long the machine takes
  const first = await RawSmtp.connect(t.h.ports.outside, '127.0.0.1', 10_000);
  assert.deepEqual(first.banner.lines, ['220-mail.aula.test ESMTP Postfix (Debian/GNU)', '220 mail.aula.test ESMTP Postfix (Debian/GNU)']);
  assert.equal((await first.send('QUIT')).raw, '221 2.0.0 Bye');
  const second = await RawSmtp.connect(t.h.ports.outside, '127.0.0.1', 10_000);
  assert.deepEqual(second.banner.lines, ['220 mail.aula.test ESMTP Postfix (Debian/GNU)']);
  assert.equal((await second.send('QUIT')).raw, '221 2.0.0 Bye');
  const log = await waitLog(t, /PASS OLD/);
  assert.match(log, /postfix\/postscreen\[\d+\]: CONNECT from \[203\.0\.113\.7\]:\d+ to \[127\.0\.0\.1\]:25\n.*postfix\/postscreen\[\d+\]: PASS NEW \[203\.0\.113\.7\]:\d+\n.*postfix\/smtpd\[\d+\]: connect from unknown\[203\.0\.113\.7\]/);
  assert.match(log, /postfix\/postscreen\[\d+\]: PASS OLD \[203\.0\.113\.7\]:\d+$/m);
  assert.deepEqual(
    eventsOf(t.events(), 'postscreen').map((e) => e.result),
    ['enforce', 'drop', 'pass-new', 'pass-old'],
  );
});

test('a client in mynetworks is allowlisted and goes straight to smtpd', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  assert.deepEqual(c.banner.lines, ['220 mail.aula.test ESMTP Postfix (Debian/GNU)']);
  assert.equal((await c.send('QUIT')).raw, '221 2.0.0 Bye');
  assert.match(await waitLog(t, /ALLOWLISTED/), /postfix\/postscreen\[\d+\]: ALLOWLISTED \[127\.0\.0\.1\]:\d+$/m);
});

