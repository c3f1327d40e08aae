// postscreen_greet_action = ignore (the default): a bot that talks before its turn is only
// logged (PREGREET) and handed to smtpd at once, with what it sent still to be read, so smtpd
// answers its EHLO; under enforce postscreen answers it at once too. As a real postscreen
// (Postfix 3.7.11) did on loopback: it peeks at the early bytes, and ends the greet wait as
// soon as the pregreet test is over and no DNS list is still to answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { postscreenSandbox, waitLog, type TestSandbox } from '../helpers/sandbox.js';

let t: TestSandbox;


before(async () => {
  t = await postscreenSandbox();
});

after(() => t.close());

/** The lesson's robot: each command a second apart, the first one before the greeting. */
function robot(port: number): Promise<{ text: string; ms: number[]; when: (s: string) => number }> {
  const cmds = ['EHLO robot.example', 'MAIL FROM:<spam@example.net>', 'RCPT TO:<alumno@aula.test>', 'QUIT'];
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    const began = Date.now();
    const ms: number[] = [];
    const sofar: string[] = [];
    let text = '';
    s.setEncoding('latin1');
    s.on('data', (d: string) => {
      text += d;
      ms.push(Date.now() - began);
      sofar.push(text);
    });
    s.on('error', () => undefined);
    const timers = cmds.map((c, i) => setTimeout(() => !s.destroyed && s.write(`${c}\r\n`), i * 1000));
    const give = setTimeout(() => s.destroy(), 15_000);
    s.on('close', () => {
      for (const x of [...timers, give]) clearTimeout(x);
      resolve({ text, ms, when: (x) => ms[sofar.findIndex((t) => t.includes(x))] ?? Infinity });
    });
  });
}

const EHLO_SMTPD = ['250-mail.aula.test', '250-PIPELINING', '250-SIZE 10240000', '250-VRFY', '250-ETRN', '250-ENHANCEDSTATUSCODES', '250-8BITMIME', '250-DSN', '250-SMTPUTF8', '250 CHUNKING'];

test('ignore: the bot is logged (PREGREET) and handed to smtpd at once, which answers the EHLO it sent early', async () => {
  const before = t.log().length;
  const r = await robot(t.h.ports.outside);
  assert.equal(
    r.text,
    [
      '220-mail.aula.test ESMTP Postfix (Debian/GNU)',
      '220 mail.aula.test ESMTP Postfix (Debian/GNU)',
      ...EHLO_SMTPD,
      '250 2.1.0 Ok',
      '250 2.1.5 Ok',
      '221 2.0.0 Bye',
      '',
    ].join('\r\n'),
  );
  // smtpd's EHLO reply came before the second command, long before the six seconds of greet wait
  assert.ok(r.when('250 CHUNKING') < 1000, `replies at ${r.ms.join(', ')} ms`);
  const log = await waitLog(t, /disconnect from unknown\[203\.0\.113\.7\]/, before);
  assert.match(log, /postfix\/postscreen\[\d+\]: PREGREET 20 after 0(?:\.\d+)? from \[203\.0\.113\.7\]:\d+: EHLO robot\.example\\r\\n$/m);
  assert.match(log, /postfix\/smtpd\[\d+\]: connect from unknown\[203\.0\.113\.7\]/);
  assert.match(log, /disconnect from unknown\[203\.0\.113\.7\] ehlo=1 mail=1 rcpt=1 quit=1 commands=4$/m);
  assert.doesNotMatch(log, /PASS NEW/, 'a bot that failed a test under ignore is not remembered as passed');
});

test('enforce: postscreen answers the EHLO at once, refuses the RCPT with 550 5.5.1 and logs it', async () => {
  t.mainCf('postscreen_greet_action = enforce');
  await t.h.reload();
  const before = t.log().length;
  const r = await robot(t.h.ports.outside);
  assert.equal(
    r.text,
    [
      '220-mail.aula.test ESMTP Postfix (Debian/GNU)',
      ...EHLO_SMTPD.filter((l) => l !== '250-PIPELINING'),
      '250 2.1.0 Ok',
      '550 5.5.1 Protocol error',
      '221 2.0.0 Bye',
      '',
    ].join('\r\n'),
  );
  assert.ok(r.when('250 CHUNKING') < 1000, `replies at ${r.ms.join(', ')} ms`);
  const log = await waitLog(t, /DISCONNECT \[203\.0\.113\.7\]/, before);
  assert.match(
    log,
    /postfix\/postscreen\[\d+\]: NOQUEUE: reject: RCPT from \[203\.0\.113\.7\]:\d+: 550 5\.5\.1 Protocol error; from=<spam@example\.net>, to=<alumno@aula\.test>, proto=ESMTP, helo=<robot\.example>$/m,
  );
});
