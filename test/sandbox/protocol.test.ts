// The SMTP engine as Postfix 3.7.11's smtpd reads its client: line ends (bare LF and
// smtpd_forbid_bare_newline), long lines, improper pipelining. Every reply and log line
// here is what a real Postfix 3.7.11 gave for the same bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { RawSmtp } from '../helpers/smtp.js';
import { testSandbox, sleep, waitEvent, waitLog, makeCert, type TestSandbox } from '../helpers/sandbox.js';
import { eventsOf } from '../../src/sandbox/events.js';

let t: TestSandbox;
const BASE = 'myhostname = mail.aula.test\nmynetworks = 127.0.0.0/8\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination';

before(async () => {
  t = await testSandbox({ mainCf: BASE });
});

after(() => t.close());

/** main.cf is BASE plus these lines, reloaded */
async function config(lines: string): Promise<void> {
  t.write('etc/postfix/main.cf', readFileSync(t.ws.resolve('etc/postfix/main.cf'), 'utf8').split('\n# --\n')[0] + '\n# --\n' + lines + '\n');
  assert.equal((await t.h.reload()).state, 'ok');
}

/** Reads n replies. */
async function replies(c: RawSmtp, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await c.read()).raw);
  return out;
}

const SMUGGLE = 'Subject: t\r\n\r\nbody\n.\nMAIL FROM:<evil@example.net>\r\nRCPT TO:<alumno@aula.test>\r\nDATA\r\nSubject: smuggled\r\n\r\nx\r\n.\r\n';

async function openData(): Promise<RawSmtp> {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  assert.equal((await c.send('MAIL FROM:<a@example.net>')).code, 250);
  assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).code, 250);
  assert.equal((await c.send('DATA')).code, 354);
  return c;
}

test('bare LF (smtpd_forbid_bare_newline = no, the 3.7 default): <LF>.<LF> ends DATA, and smuggled commands run', async () => {
  await config('');
  const c = await openData();
  c.write(SMUGGLE);
  const r = await replies(c, 5);
  assert.match(r[0], /^250 2\.0\.0 Ok: queued as [0-9A-F]+$/);
  assert.deepEqual(r.slice(1, 4), ['250 2.1.0 Ok', '250 2.1.5 Ok', '354 End data with <CR><LF>.<CR><LF>']);
  assert.match(r[4], /^250 2\.0\.0 Ok: queued as [0-9A-F]+$/);
  await c.quit();
  assert.ok(await waitEvent(t, (e) => e.type === 'delivered' && e.subject === 'smuggled'));
  assert.ok(t.log().includes('improper command pipelining after DATA from localhost[127.0.0.1]: Subject: smuggled\\r\\n\\r\\nx\\r\\n.\\r\\n\n'));
});

test('smtpd_forbid_bare_newline = yes (normalize in 3.7.11): only <CR><LF>.<CR><LF> ends DATA, the bare "." line is dropped', async () => {
  await config('smtpd_forbid_bare_newline = yes\nsmtpd_forbid_bare_newline_exclusions =');
  const c = await RawSmtp.connect(t.h.ports.smtp);
  // a command ending in a bare LF is still read
  c.write('EHLO vm\n');
  assert.equal((await c.read()).code, 250);
  await c.send('MAIL FROM:<a@example.net>');
  await c.send('RCPT TO:<alumno@aula.test>');
  await c.send('DATA');
  c.write(SMUGGLE.replace('Subject: t', 'Subject: normalized'));
  assert.match((await c.read()).raw, /^250 2\.0\.0 Ok: queued as [0-9A-F]+$/);
  await c.quit();
  const d = await waitEvent(t, (e) => e.type === 'delivered' && e.subject === 'normalized');
  assert.ok(d);
  const body = readFileSync(t.ws.resolve(String(d.path)), 'utf8').split(/\r?\n\r?\n/).slice(1).join('\n\n');
  assert.match(body, /^body\r?\nMAIL FROM:<evil@example\.net>\r?\nRCPT TO:<alumno@aula\.test>\r?\nDATA\r?\nSubject: smuggled/);
  assert.ok(!eventsOf(t.events(), 'delivered').some((e) => e.subject === 'smuggled' && e.session === d.session));
});

test('smtpd_forbid_bare_newline = reject: 550 and hang-up at a command, 550 at the end of DATA', async () => {
  await config('smtpd_forbid_bare_newline = reject\nsmtpd_forbid_bare_newline_exclusions =');
  const a = await RawSmtp.connect(t.h.ports.smtp);
  a.write('EHLO vm\n');
  assert.equal((await a.read()).raw, '550 5.5.2 mail.aula.test Error: bare <LF> received');
  assert.ok(await a.closedPromise());
  const c = await openData();
  c.write(SMUGGLE);
  assert.equal((await c.read()).raw, '550 5.5.2 mail.aula.test Error: bare <LF> received');
  assert.equal((await c.send('QUIT')).raw, '221 2.0.0 Bye');
  await sleep(100);
  const log = t.log();
  assert.ok(log.includes('postfix/smtpd[') && log.includes(': NOQUEUE: reject: CONNECT from localhost[127.0.0.1]: bare <LF> received; proto=SMTP\n'));
  assert.match(log, /: [0-9A-F]+: reject: END-OF-MESSAGE from localhost\[127\.0\.0\.1\]: bare <LF> received; from=<a@example\.net> to=<alumno@aula\.test> proto=ESMTP helo=<vm>\n/);
  assert.match(log, /disconnect from localhost\[127\.0\.0\.1\] ehlo=1 mail=1 rcpt=1 data=0\/1 quit=1 commands=4\/5\n/);
});

test('smtpd_forbid_bare_newline_exclusions defaults to $mynetworks: a client there is not refused', async () => {
  await config('smtpd_forbid_bare_newline = reject');
  const c = await RawSmtp.connect(t.h.ports.smtp);
  c.write('EHLO vm\n');
  assert.equal((await c.read()).code, 250);
  await c.quit();
});

test('improper command pipelining after EHLO: logged once, with what was waiting', async () => {
  await config('');
  const c = await RawSmtp.connect(t.h.ports.smtp);
  c.write('EHLO vm\r\nNOOP\r\n');
  assert.equal((await c.read()).code, 250);
  assert.equal((await c.read()).raw, '250 2.0.0 Ok');
  c.write('NOOP\r\nNOOP\r\n');
  await replies(c, 2);
  await c.quit();
  await sleep(50);
  const lines = t.log().split('\n');
  const i = lines.findIndex((l) => l.endsWith('improper command pipelining after EHLO from localhost[127.0.0.1]: NOOP\\r\\n'));
  assert.ok(i >= 0);
  assert.ok(!lines.slice(i + 1).some((l) => l.includes('improper command pipelining')));
});

test('a line of 2047 bytes and its CRLF is not too long; 2048 and its CRLF is', async () => {
  await config('');
  const warnings = () => t.log().split('\n').filter((l) => l.includes('request longer than'));
  const before = warnings().length;
  const c = await RawSmtp.connect(t.h.ports.smtp);
  assert.equal((await c.send('NOOP ' + 'x'.repeat(2042))).raw, '250 2.0.0 Ok');
  assert.equal((await c.send('NOOP ' + 'x'.repeat(2043))).raw, '250 2.0.0 Ok');
  await c.quit();
  await sleep(50);
  assert.deepEqual(
    warnings()
      .slice(before)
      .map((l) => l.replace(/^.*warning: /, '')),
    ['localhost[127.0.0.1]: request longer than 2048: NOOP xxxxxxxxxxxxxxxxxxxxxxxxx...'],
  );
});

test('unknown commands, HELP, ETRN, DATA and BDAT without a valid recipient answer as Postfix 3.7.11', async () => {
  await config('');
  const c = await RawSmtp.connect(t.h.ports.smtp);
  assert.equal((await c.send('HELP')).raw, '500 5.5.2 Error: command not recognized');
  assert.equal((await c.send('BOGUS')).raw, '500 5.5.2 Error: command not recognized');
  assert.equal((await c.send('EHLO vm')).code, 250);
  assert.equal((await c.send('ETRN')).raw, '500 Syntax: ETRN domain');
  assert.equal((await c.send('ETRN @aula.test')).raw, '459 <aula.test>: service unavailable');
  assert.equal((await c.send('VRFY')).raw, '501 5.5.4 Syntax: VRFY address [SMTPUTF8]');
  assert.equal((await c.send('MAIL FROM:<a@example.net> BODY=9BIT')).raw, '555 5.5.4 Unsupported option: BODY=9BIT');
  c.write('BDAT 3 LAST\r\nabc');
  assert.equal((await c.read()).raw, '503 5.5.1 Error: need RCPT command');
  assert.equal((await c.send('MAIL FROM:<a@example.net>')).code, 250);
  // in a transaction, even before any RCPT: no valid recipients
  assert.equal((await c.send('DATA')).raw, '554 5.5.1 Error: no valid recipients');
  c.write('BDAT 3 LAST\r\nabc');
  assert.equal((await c.read()).raw, '554 5.5.1 Error: no valid recipients');
  await c.quit();
  await sleep(50);
  assert.match(t.log(), /postfix\/smtpd\[\d+\]: warning: reject: ETRN aula\.test\.\.\. from localhost\[127\.0\.0\.1\]\n/);
  assert.match(t.log(), /disconnect from localhost\[127\.0\.0\.1\] ehlo=1 mail=1\/2 data=0\/1 bdat=0\/2 vrfy=0\/1 etrn=0\/2 quit=1 unknown=0\/2 commands=3\/12\n/);
});

test('error limits: past smtpd_soft_error_limit each reply waits smtpd_error_sleep_time; at the hard limit 421 at once', async () => {
  await config('smtpd_soft_error_limit = 2\nsmtpd_hard_error_limit = 4\nsmtpd_error_sleep_time = 1s');
  const c = await RawSmtp.connect(t.h.ports.smtp);
  assert.equal((await c.send('EHLO vm')).code, 250);
  const timed = async (line: string) => {
    const t0 = Date.now();
    const r = await c.send(line);
    return { raw: r.raw, ms: Date.now() - t0 };
  };
  const before = [await timed('BOGUS1'), await timed('BOGUS2')];
  // two errors: from now on every reply waits a second, even a good one (compared, not timed
  // against a clock: the replies before the soft limit come a good part of that second sooner)
  const noop = await timed('NOOP');
  assert.equal(noop.raw, '250 2.0.0 Ok');
  assert.ok(noop.ms >= 950, `${noop.ms} ms`);
  for (const b of before) assert.ok(b.ms + 500 < noop.ms, `${b.ms} ms before the soft limit, ${noop.ms} ms after`);
  await c.send('BOGUS3');
  const t0 = Date.now();
  assert.equal((await c.send('BOGUS4')).raw, '500 5.5.2 Error: command not recognized');
  // the fourth error: 421 without waiting for another command (after its own second)
  assert.equal((await c.read()).raw, '421 4.7.0 mail.aula.test Error: too many errors');
  assert.ok(Date.now() - t0 >= 1900);
  assert.ok(await c.closedPromise());
  await sleep(50);
  assert.match(t.log(), /: too many errors after UNKNOWN from localhost\[127\.0\.0\.1\]\n.*disconnect from localhost\[127\.0\.0\.1\] ehlo=1 noop=1 unknown=0\/4 commands=2\/6\n/);
});

test('a command line that is not UTF-8: 500 5.5.2 Error: bad UTF-8 syntax, before the command is looked up, and not counted', async () => {
  await config('');
  const c = await RawSmtp.connect(t.h.ports.smtp);
  assert.equal((await c.send('EHLO vm')).code, 250);
  for (const bad of ['NOOP \xff', 'XYZ \xff', '\xff\xfe']) {
    c.write(Buffer.from(bad + '\r\n', 'latin1'));
    assert.equal((await c.read()).raw, '500 5.5.2 Error: bad UTF-8 syntax');
  }
  assert.equal((await c.send('NOOP café')).raw, '250 2.0.0 Ok');
  await c.quit();
  assert.ok(await waitEvent(t, (e) => e.type === 'disconnect' && e.commands === 'ehlo=1 noop=1 quit=1 commands=3'));
});

test("past the service's maxproc a client waits unanswered, and gets its banner when a session ends", async () => {
  await config('');
  const masterCf = readFileSync(t.ws.resolve('etc/postfix/master.cf'), 'utf8');
  t.write('etc/postfix/master.cf', masterCf.replace(/^smtp(\s+)inet(\s+)n(\s+)-(\s+)y(\s+)-(\s+)-(\s+)smtpd/m, 'smtp$1inet$2n$3-$4y$5-$62$7smtpd'));
  try {
    assert.equal((await t.h.reload()).state, 'ok');
    const tlsCert = makeCert(t.ws);
    if (tlsCert) {
      // a session that went through STARTTLS frees its slot too
      await config(`smtpd_tls_cert_file = ${tlsCert.cert}\nsmtpd_tls_key_file = ${tlsCert.key}\nsmtpd_tls_security_level = may`);
      for (let i = 0; i < 3; i++) {
        const s = await RawSmtp.connect(t.h.ports.smtp);
        await s.send('EHLO vm');
        assert.equal((await s.startTls()).code, 220);
        assert.equal((await s.send('EHLO vm')).code, 250);
        await s.quit();
      }
      await config('');
    }
    const a = await RawSmtp.connect(t.h.ports.smtp);
    const b = await RawSmtp.connect(t.h.ports.smtp);
    // a third client: connected, but no banner while two sessions run
    const gone = net.connect(t.h.ports.smtp, '127.0.0.1');
    gone.on('error', () => undefined);
    await new Promise((r) => gone.once('connect', r));
    const third = RawSmtp.connect(t.h.ports.smtp);
    let greeted = false;
    void third.then(() => (greeted = true));
    await sleep(300);
    assert.equal(greeted, false);
    // the first waiting client gives up; when a slot frees, smtpd finds it gone
    gone.destroy();
    await a.quit();
    const c = await third;
    assert.equal(c.banner.code, 220);
    await c.quit();
    await b.quit();
    const gaveUp = /connect from localhost\[127\.0\.0\.1\]\n.*lost connection after CONNECT from localhost\[127\.0\.0\.1\]\n.*disconnect from localhost\[127\.0\.0\.1\] commands=0\/0\n/;
    assert.match(await waitLog(t, gaveUp), gaveUp);
  } finally {
    t.write('etc/postfix/master.cf', masterCf);
    await t.h.reload();
  }
});

/** the log written from `from` on, once the session's disconnect line (these counters) is there */
async function sessionLog(from: number, counters: string): Promise<string> {
  const log = await waitLog(t, new RegExp(`disconnect from localhost\\[127\\.0\\.0\\.1\\] ${counters}\n`), from);
  assert.ok(log.includes(`] ${counters}\n`), log);
  return log;
}

test('improper pipelining without ESMTP: after any command (MAIL, BDAT with its chunk waiting), as Postfix 3.7.11 logs it', async () => {
  await config('');
  let from = t.log().length;
  let c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('HELO vm');
  c.write('MAIL FROM:<a@example.net>\r\nRCPT TO:<alumno@aula.test>\r\n');
  assert.deepEqual(await replies(c, 2), ['250 2.1.0 Ok', '250 2.1.5 Ok']);
  c.write('BDAT 5 LAST\r\nabcde');
  assert.match((await c.read()).raw, /^250 2\.0\.0 Ok: 7 bytes queued as /);
  await c.quit();
  let log = await sessionLog(from, 'helo=1 mail=1 rcpt=1 bdat=1 quit=1 commands=5');
  assert.match(log, /improper command pipelining after MAIL from localhost\[127\.0\.0\.1\]: RCPT TO:<alumno@aula\.test>\\r\\n\n/);
  // once a session
  assert.doesNotMatch(log, /improper command pipelining after BDAT/);
  // the same in an ESMTP session: MAIL may be followed, BDAT's chunk is not a command
  from = t.log().length;
  c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  await c.send('MAIL FROM:<a@example.net>');
  await c.send('RCPT TO:<alumno@aula.test>');
  c.write('BDAT 5 LAST\r\nabcde');
  assert.match((await c.read()).raw, /^250 2\.0\.0 Ok: 7 bytes queued as /);
  await c.quit();
  log = await sessionLog(from, 'ehlo=1 mail=1 rcpt=1 bdat=1 quit=1 commands=5');
  assert.doesNotMatch(log, /improper command pipelining/);
  from = t.log().length;
  c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('HELO vm');
  await c.send('MAIL FROM:<a@example.net>');
  await c.send('RCPT TO:<alumno@aula.test>');
  c.write('BDAT 5 LAST\r\nabcde');
  await c.read();
  await c.quit();
  assert.match(await sessionLog(from, 'helo=1 mail=1 rcpt=1 bdat=1 quit=1 commands=5'), /improper command pipelining after BDAT from localhost\[127\.0\.0\.1\]: abcde\n/);
});

test('a NUL byte ends a command line: NOOP\\0x is NOOP', async () => {
  await config('');
  const from = t.log().length;
  const c = await RawSmtp.connect(t.h.ports.smtp);
  c.write('NOOP\x00x\r\n');
  assert.equal((await c.read()).raw, '250 2.0.0 Ok');
  await c.quit();
  await sessionLog(from, 'noop=1 quit=1 commands=2');
});

test('XFORWARD is a command Postfix knows: refused to a client not authorised, and counted as xforward', async () => {
  await config('');
  const from = t.log().length;
  const c = await RawSmtp.connect(t.h.ports.smtp);
  assert.equal((await c.send('XFORWARD')).raw, '501 5.5.4 Syntax: XFORWARD attribute=value...');
  assert.equal((await c.send('XFORWARD ADDR=1.2.3.4')).raw, '550 5.7.0 Error: insufficient authorization');
  await c.send('EHLO vm');
  await c.send('MAIL FROM:<a@example.net>');
  assert.equal((await c.send('XFORWARD ADDR=1.2.3.4')).raw, '503 5.5.1 Error: MAIL transaction in progress');
  await c.quit();
  await sessionLog(from, 'ehlo=1 xforward=0/3 mail=1 quit=1 commands=3/6');
});

test('a client that hangs up inside DATA or BDAT: that command failed (data=0/1, bdat=0/1), and the bytes it sent', async () => {
  await config('');
  let from = t.log().length;
  const c = await openData();
  c.write('Subject: x\r\n');
  await sleep(50);
  c.destroy();
  let log = await sessionLog(from, 'ehlo=1 mail=1 rcpt=1 data=0/1 commands=3/4');
  assert.match(log, /lost connection after DATA \(12 bytes\) from localhost\[127\.0\.0\.1\]\n/);
  // the headers had not ended: cleanup logged nothing of the message
  assert.doesNotMatch(log, /message-id=/);
  // they had ("QUIT" is no header): cleanup's message-id line, as for a whole message
  from = t.log().length;
  const q = await openData();
  q.write('QUIT\r\n');
  await sleep(50);
  q.destroy();
  log = await sessionLog(from, 'ehlo=1 mail=1 rcpt=1 data=0/1 commands=3/4');
  assert.match(log, /postfix\/cleanup\[\d+\]: [0-9A-F]+: message-id=<\d{14}\.[0-9A-F]+@mail\.aula\.test>\n/);
  from = t.log().length;
  const b = await RawSmtp.connect(t.h.ports.smtp);
  await b.send('EHLO vm');
  await b.send('MAIL FROM:<a@example.net>');
  await b.send('RCPT TO:<alumno@aula.test>');
  b.write('BDAT 100\r\nabc');
  await sleep(50);
  b.destroy();
  log = await sessionLog(from, 'ehlo=1 mail=1 rcpt=1 bdat=0/1 commands=3/4');
  assert.match(log, /lost connection after BDAT \(3 bytes\) from localhost\[127\.0\.0\.1\]\n/);
});

test('non-SMTP commands: CONNECT/GET/POST and a first character that is not a letter end the session; PUT or a base64 line are unknown commands', async () => {
  await config('');
  const c = await RawSmtp.connect(t.h.ports.smtp);
  for (const line of ['PUT /', 'HEAD /', 'c2VjcmV0bw=='])
    assert.equal((await c.send(line)).raw, '500 5.5.2 Error: command not recognized', line);
  await c.quit();
  for (const line of ['get /', '1abc']) {
    const d = await RawSmtp.connect(t.h.ports.smtp);
    assert.equal((await d.send(line)).raw, '221 2.7.0 Error: I can break rules, too. Goodbye.', line);
    assert.ok(await d.closedPromise());
  }
});

test('XCLIENT ADDR=IPv6:...: 501 5.5.4 Bad ADDR syntax with inet_protocols = ipv4, taken with all', async () => {
  await config('smtpd_authorized_xclient_hosts = 127.0.0.0/8\ninet_protocols = ipv4');
  let c = await RawSmtp.connect(t.h.ports.smtp);
  assert.equal((await c.send('XCLIENT ADDR=IPV6:2001:db8::7')).raw, '501 5.5.4 Bad ADDR syntax: IPV6:2001:db8::7');
  assert.equal((await c.send('XCLIENT ADDR=bad')).raw, '501 5.5.4 Bad ADDR syntax: bad');
  assert.equal((await c.send('XCLIENT ADDR=010.2.3.4')).code, 220);
  await c.quit();
  assert.equal(eventsOf(t.events(), 'xclient').at(-1)!.addr, '8.2.3.4');
  await config('smtpd_authorized_xclient_hosts = 127.0.0.0/8\ninet_protocols = all');
  c = await RawSmtp.connect(t.h.ports.smtp);
  assert.equal((await c.send('XCLIENT ADDR=IPV6:2001:DB8::0007')).code, 220);
  await c.quit();
  assert.equal(eventsOf(t.events(), 'xclient').at(-1)!.addr, '2001:db8::7');
});

test('XFORWARD from smtpd_authorized_xforward_hosts: announced, kept until the transaction ends, logged on the client= line; SOURCE=REMOTE adds no header', async () => {
  await config('smtpd_authorized_xforward_hosts = 127.0.0.0/8');
  const from = t.log().length;
  const c = await RawSmtp.connect(t.h.ports.smtp);
  assert.ok((await c.send('EHLO vm')).lines.includes('250-XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT'));
  assert.equal((await c.send('XFORWARD NAME=mx.example.net ADDR=203.0.113.7')).raw, '250 2.0.0 Ok');
  assert.equal((await c.send('XFORWARD IDENT=abc SOURCE=REMOTE')).raw, '250 2.0.0 Ok');
  const first = await c.mail('a@example.net', ['alumno@aula.test'], 'Subject: forwarded\r\n\r\nhi\r\n');
  assert.equal(first[3].code, 250);
  // the transaction is over: the next one is the loopback's own again
  const second = await c.mail('a@example.net', ['alumno@aula.test'], 'Subject: own\r\n\r\nhi\r\n');
  assert.equal(second[3].code, 250);
  await c.quit();
  const log = await sessionLog(from, 'ehlo=1 xforward=2 mail=2 rcpt=2 data=2 quit=1 commands=10');
  const [id1, id2] = [first[3], second[3]].map((r) => /queued as ([0-9A-F]+)/.exec(r.raw)![1]);
  assert.match(log, new RegExp(`${id1}: client=localhost\\[127\\.0\\.0\\.1\\], orig_queue_id=abc, orig_client=mx\\.example\\.net\\[203\\.0\\.113\\.7\\]\\n`));
  assert.match(log, new RegExp(`${id2}: client=localhost\\[127\\.0\\.0\\.1\\]\\n`));
  const logged = await waitLog(t, new RegExp(`${id2}: message-id=`), from);
  assert.match(logged, new RegExp(`${id1}: message-id=<>\\n`));
  assert.ok(await waitEvent(t, (e) => e.type === 'delivered' && e.subject === 'forwarded'));
  const forwarded = eventsOf(t.events(), 'delivered').find((e) => e.subject === 'forwarded')!;
  const text = readFileSync(t.ws.resolve(forwarded.path), 'utf8');
  assert.doesNotMatch(text, /^(Message-Id|Date|From):/im);
});
