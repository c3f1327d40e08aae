// anvil's limits in the sandbox: a flood from the outside listener (every client there is
// 203.0.113.7, not in mynetworks) meets smtpd_client_*_limit with Postfix's replies and
// warnings; a client in mynetworks is exempt, as smtpd_client_event_limit_exceptions says.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { RawSmtp } from '../helpers/smtp.js';
import { testSandbox, waitLog, type TestSandbox } from '../helpers/sandbox.js';

const open: TestSandbox[] = [];
after(() => Promise.all(open.map((t) => t.close())));

async function sandbox(limits: string): Promise<TestSandbox> {
  const t = await testSandbox({
    mainCf: `myhostname = mail.aula.test\nmynetworks = 127.0.0.0/8\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n${limits}`,
  });
  open.push(t);
  return t;
}

test('connection rate: the 4th connection in a minute from outside gets 421 and the warning; mynetworks is exempt', async () => {
  const t = await sandbox('smtpd_client_connection_rate_limit = 3');
  for (let i = 0; i < 3; i++) {
    const c = await RawSmtp.connect(t.h.ports.outside);
    assert.equal(c.banner.code, 220);
    await c.quit();
  }
  const fourth = await RawSmtp.connect(t.h.ports.outside);
  assert.equal(fourth.banner.raw, '421 4.7.0 mail.aula.test Error: too many connections from 203.0.113.7');
  assert.ok(await fourth.closedPromise());
  for (let i = 0; i < 5; i++) {
    const local = await RawSmtp.connect(t.h.ports.smtp);
    assert.equal(local.banner.code, 220, 'a client in mynetworks is never limited');
    await local.quit();
  }
  const log = await waitLog(t, /disconnect from unknown\[203\.0\.113\.7\] commands=0\/0$/m);
  assert.match(log, /warning: Connection rate limit exceeded: 4 from unknown\[203\.0\.113\.7\] for service smtp$/m);
  assert.match(log, /disconnect from unknown\[203\.0\.113\.7\] commands=0\/0$/m);
});

test('with the exceptions emptied, the local client is limited too; message and recipient rates answer 450 and the session goes on', async () => {
  const t = await sandbox(
    'smtpd_client_event_limit_exceptions =\nsmtpd_client_message_rate_limit = 2\nsmtpd_client_recipient_rate_limit = 3',
  );
  const c = await RawSmtp.connect(t.h.ports.smtp);
  await c.send('EHLO vm');
  assert.equal((await c.send('MAIL FROM:<a@example.net>')).raw, '250 2.1.0 Ok');
  for (const u of ['alumno', 'postmaster', 'root']) assert.equal((await c.send(`RCPT TO:<${u}@aula.test>`)).raw, '250 2.1.5 Ok');
  assert.equal((await c.send('RCPT TO:<alumno@aula.test>')).raw, '450 4.7.1 Error: too many recipients from 127.0.0.1');
  assert.equal((await c.send('RSET')).code, 250);
  assert.equal((await c.send('MAIL FROM:<a@example.net>')).raw, '250 2.1.0 Ok');
  assert.equal((await c.send('RSET')).code, 250);
  assert.equal((await c.send('MAIL FROM:<a@example.net>')).raw, '450 4.7.1 Error: too much mail from 127.0.0.1');
  await c.quit();
  const log = await waitLog(t, /disconnect from localhost\[127\.0\.0\.1\] ehlo=1/);
  assert.match(log, /warning: Recipient address rate limit exceeded: 4 from localhost\[127\.0\.0\.1\] for service smtp$/m);
  assert.match(log, /warning: Message delivery request rate limit exceeded: 3 from localhost\[127\.0\.0\.1\] for service smtp$/m);
  assert.match(log, /disconnect from localhost\[127\.0\.0\.1\] ehlo=1 mail=2\/3 rcpt=3\/4 rset=2 quit=1 commands=9\/11$/m);
});

test('connection count: a third connection held open at once is refused, and served again once one closes', async () => {
  const t = await sandbox('smtpd_client_connection_count_limit = 2');
  const a = await RawSmtp.connect(t.h.ports.outside);
  const b = await RawSmtp.connect(t.h.ports.outside);
  const c = await RawSmtp.connect(t.h.ports.outside);
  assert.equal(c.banner.raw, '421 4.7.0 mail.aula.test Error: too many connections from 203.0.113.7');
  await a.quit();
  // anvil counts the connection closed once smtpd has logged its end
  await waitLog(t, /disconnect from unknown\[203\.0\.113\.7\] quit=1/);
  const d = await RawSmtp.connect(t.h.ports.outside);
  assert.equal(d.banner.code, 220);
  await d.quit();
  await b.quit();
  assert.match(await waitLog(t, /Connection concurrency limit exceeded/), /warning: Connection concurrency limit exceeded: 3 from unknown\[203\.0\.113\.7\] for service smtp$/m);
});
