// Hostile input: the sandbox answers as the RFCs and Postfix do, and keeps serving.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { RawSmtp } from '../helpers/smtp.js';
import { testSandbox, sleep, waitEvent, type TestSandbox } from '../helpers/sandbox.js';
import { eventsOf } from '../../src/sandbox/events.js';

let t: TestSandbox;

before(async () => {
  t = await testSandbox({
    mainCf: 'myhostname = mail.aula.test\nmynetworks = 127.0.0.0/8\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\nmessage_size_limit = 50000\n# the sleep of the error limits has its own test (protocol.test.ts)\nsmtpd_error_sleep_time = 0',
    start: { limits: { timeoutMs: 800, perClient: 4 } },
  });
});

after(() => t.close());

async function deliversNormally(): Promise<void> {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  const r = await c.mail('a@example.net', ['alumno@aula.test'], 'Subject: still alive\r\n\r\nhello\r\n');
  assert.match(r[3].raw, /^250 2\.0\.0 Ok: queued as [0-9A-F]+$/);
  await c.quit();
}

test('a command line longer than line_length_limit: its head is the command, the rest is skipped, with Postfix\'s warning', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  // as Postfix 3.7.11: the EHLO is answered, the session goes on
  c.write('EHLO ' + 'a'.repeat(5000) + '\r\n');
  const r = await c.read();
  assert.equal(r.lines[0], '250-mail.aula.test');
  assert.equal((await c.send('NOOP')).raw, '250 2.0.0 Ok');
  await c.quit();
  await sleep(50);
  assert.match(t.log(), /warning: localhost\[127\.0\.0\.1\]: request longer than 2048: EHLO a{25}\.\.\.$/m);
  await deliversNormally();
});

test('hostile bytes (NUL, 1 MB lines, a client that never reads, resets) never stop the sandbox', async () => {
  // NUL bytes and control characters in commands
  const a = await RawSmtp.connect(t.h.ports.smtp);
  a.write(Buffer.from('EHLO a\x00b\r\nNO\x00OP\r\n'));
  assert.equal((await a.read()).code, 250);
  assert.ok((await a.read()).code >= 500);
  a.destroy();
  // a 1 MB line without an end, then a reset
  const b = net.connect(t.h.ports.smtp, '127.0.0.1');
  b.on('error', () => undefined);
  b.write(Buffer.alloc(1 << 20, 0x41));
  await sleep(50);
  b.resetAndDestroy();
  // pipelined commands from a client that never reads its replies
  const c = net.connect(t.h.ports.smtp, '127.0.0.1');
  c.on('error', () => undefined);
  c.pause();
  for (let i = 0; i < 200; i++) c.write('EHLO ' + 'x'.repeat(2000) + '\r\n');
  // a reset in the middle of DATA and in the middle of a BDAT chunk
  for (const cmd of ['DATA', 'BDAT 100000 LAST']) {
    const d = await RawSmtp.connect(t.h.ports.smtp);
    await d.send('EHLO vm');
    await d.send('MAIL FROM:<a@example.net>');
    await d.send('RCPT TO:<alumno@aula.test>');
    d.write(cmd + '\r\n' + 'x'.repeat(3000) + '\r\n');
    await sleep(30);
    (d.socket as net.Socket).resetAndDestroy();
  }
  await sleep(100);
  await deliversNormally();
  c.destroy();
  assert.ok(!t.events().some((e) => e.type === 'error'), 'no internal error in the sandbox');
});

test('binary garbage and HTTP are not SMTP: 221 2.7.0 Error: I can break rules, too. Goodbye.', async () => {
  for (const junk of [Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x0a, 0x0d]), Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')]) {
    const c = await RawSmtp.connect(t.h.ports.smtp);
    c.write(junk);
    assert.equal((await c.read()).raw, '221 2.7.0 Error: I can break rules, too. Goodbye.');
    assert.ok(await c.closedPromise());
  }
  assert.match(t.log(), /warning: non-SMTP command from localhost\[127\.0\.0\.1\]: GET \/ HTTP\/1\.1/);
  await deliversNormally();
});

test('too many errors: 421 4.7.0 Error: too many errors', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  let last;
  for (let i = 0; i < 25 && !c.closed; i++) {
    try {
      last = await c.send('BOGUS');
    } catch {
      break;
    }
  }
  assert.equal(last!.raw, '421 4.7.0 mail.aula.test Error: too many errors');
  assert.ok(await c.closedPromise());
});

test('pipelining abuse: thousands of commands without reading; junk limit, then too many errors', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  c.write('NOOP\r\n'.repeat(20000));
  const seen: number[] = [];
  for (;;) {
    try {
      seen.push((await c.read(5000)).code);
    } catch {
      break;
    }
  }
  assert.equal(seen.at(-1), 421);
  assert.ok(seen.length > 100 && seen.length < 200, `replies: ${seen.length}`);
  await deliversNormally();
});

test('idle client: 421 4.4.2 Error: timeout exceeded, logged as Postfix does', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  const r = await c.read(5000);
  assert.equal(r.raw, '421 4.4.2 mail.aula.test Error: timeout exceeded');
  assert.ok(await c.closedPromise());
  await sleep(50);
  assert.match(t.log(), /timeout after EHLO from localhost\[127\.0\.0\.1\]/);
});

test('unterminated DATA: the client goes away, the log says how far it got', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  await c.send('MAIL FROM:<a@example.net>');
  await c.send('RCPT TO:<alumno@aula.test>');
  assert.equal((await c.send('DATA')).code, 354);
  c.write('Subject: half\r\n\r\nnever finished');
  await sleep(50);
  c.destroy();
  const d = await waitEvent(t, (e) => e.type === 'disconnect' && /data=0\/1|mail=1 rcpt=1 commands/.test(String(e.commands)) && e.reason === 'lost connection');
  assert.ok(d);
  assert.match(t.log(), /lost connection after DATA \(\d+ bytes\) from localhost\[127\.0\.0\.1\]/);
  assert.ok(!eventsOf(t.events(), 'delivered').some((e) => e.subject === 'half'));
  await deliversNormally();
});

test('DATA that never ends times out with 421', async () => {
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  await c.send('MAIL FROM:<a@example.net>');
  await c.send('RCPT TO:<alumno@aula.test>');
  await c.send('DATA');
  c.write('Subject: slow\r\n\r\n');
  assert.equal((await c.read(5000)).raw, '421 4.4.2 mail.aula.test Error: timeout exceeded');
});

test('connection limit per client on the outside listener (mynetworks is exempt)', async () => {
  const open: RawSmtp[] = [];
  for (let i = 0; i < 4; i++) open.push(await RawSmtp.connect(t.h.ports.outside));
  const fifth = await RawSmtp.connect(t.h.ports.outside);
  assert.equal(fifth.banner.raw, '421 4.7.0 mail.aula.test Error: too many connections from 203.0.113.7');
  assert.ok(await fifth.closedPromise());
  const local = await RawSmtp.connect(t.h.ports.smtp);
  assert.equal(local.banner.code, 220);
  await local.quit();
  for (const c of open) c.destroy();
  assert.match(t.log(), /warning: Connection concurrency limit exceeded: 5 from unknown\[203\.0\.113\.7\] for service smtp/);
});

/** A small deterministic PRNG, so a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('many random and mutated sessions, then a normal mail is still delivered', async () => {
  const rnd = prng(20241128);
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const commands = [
    'EHLO vm', 'HELO x', 'MAIL FROM:<a@example.net>', 'MAIL FROM:<>', 'RCPT TO:<alumno@aula.test>', 'RCPT TO:<x@example.com>', 'DATA', 'RSET', 'NOOP', 'VRFY root',
    'QUIT', 'STARTTLS', 'AUTH PLAIN AGEAYg==', 'AUTH LOGIN', 'AUTH DIGEST-MD5', 'AUTH CRAM-MD5', 'XCLIENT ADDR=203.0.113.9', 'XCLIENT NAME=[UNAVAILABLE]', 'ETRN aula.test',
    'MAIL FROM:<a@example.net> SIZE=99999999999', 'RCPT TO:<"quoted local"@aula.test>', 'MAIL FROM:<@route,@x:a@b.c>', '.', 'Subject: x', '', 'BDAT 10', 'BDAT 3 LAST', 'BDAT 0 LAST', 'BDAT 99999999',
  ];
  const mutate = (s: string): Buffer => {
    const b = Buffer.from(s);
    const r = rnd();
    if (r < 0.15) return Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 300) }, () => Math.floor(rnd() * 256)));
    if (r < 0.3 && b.length) {
      b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      return b;
    }
    if (r < 0.4) return Buffer.concat([b, Buffer.from('x'.repeat(Math.floor(rnd() * 3000)))]);
    if (r < 0.45) return Buffer.from(s.toLowerCase());
    return b;
  };
  // submission listens only where master.cf enables it
  const ports = [t.h.ports.smtp, t.h.ports.outside];
  const session = (i: number) =>
    new Promise<void>((resolve) => {
      const s = net.connect(pick(ports), '127.0.0.1');
      s.on('error', () => undefined);
      s.setTimeout(3000, () => s.destroy());
      s.on('close', () => resolve());
      const n = 1 + Math.floor(rnd() * 12);
      const parts: Buffer[] = [];
      for (let k = 0; k < n; k++) parts.push(mutate(pick(commands)), Buffer.from(rnd() < 0.9 ? '\r\n' : rnd() < 0.5 ? '\n' : '\r'));
      s.once('data', () => {
        // all at once (pipelining), in pieces, or cut off in the middle
        const all = Buffer.concat(parts);
        const mode = i % 3;
        if (mode === 0) s.end(all);
        else if (mode === 1) {
          let off = 0;
          const tick = () => {
            if (off >= all.length || s.destroyed) return s.end();
            const len = 1 + Math.floor(rnd() * 40);
            s.write(all.subarray(off, off + len));
            off += len;
            setTimeout(tick, 1);
          };
          tick();
        } else {
          s.write(all.subarray(0, Math.floor(all.length * rnd())));
          setTimeout(() => s.destroy(), 20);
        }
      });
    });
  const N = 240;
  for (let batch = 0; batch < N; batch += 3) await Promise.all([session(batch), session(batch + 1), session(batch + 2)]);
  await deliversNormally();
  const st = t.h.status();
  assert.ok(st.counts.connections >= N, JSON.stringify(st.counts));
  const internal = t.events().find((e) => e.type === 'error');
  assert.ok(!internal, 'no internal error in the sandbox: ' + JSON.stringify(internal));
});

test('the logs are written again after the learner removes var/log', async () => {
  const { rmSync, existsSync } = await import('node:fs');
  rmSync(t.ws.resolve('var/log'), { recursive: true, force: true });
  await sleep(1100);
  await deliversNormally();
  assert.ok(existsSync(t.ws.resolve('var/log/mail.log')) && existsSync(t.ws.resolve('var/log/events.jsonl')));
  assert.ok(eventsOf(t.events(), 'queued').length >= 1);
});

test('line_length_limit is read from main.cf: a 1500-byte line passes 1024 and is cut there', async () => {
  t.mainCf('line_length_limit = 1024');
  await t.h.reload();
  const c = await RawSmtp.connect(t.h.ports.smtp);
  c.write('NOOP ' + 'x'.repeat(1500) + '\r\n');
  assert.equal((await c.read()).raw, '250 2.0.0 Ok');
  await c.quit();
  await sleep(50);
  assert.match(t.log(), /warning: localhost\[127\.0\.0\.1\]: request longer than 1024: NOOP x{25}\.\.\.$/m);
  t.mainCf('line_length_limit = 2048');
  await t.h.reload();
});
