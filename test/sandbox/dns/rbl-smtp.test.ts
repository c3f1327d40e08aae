// reject_rbl_client end to end: the sandbox asks the embedded DNS for a client that
// connects from 127.0.0.2 (Linux routes all of 127.0.0.0/8 to loopback) and answers as Postfix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { startSandbox } from '../../../src/sandbox/start.js';
import { freshWorkspace } from '../../prove/env.js';
import { DOMAIN } from './helpers.js';

/** A plain SMTP dialogue from a chosen local address; returns the reply to each command. */
function session(port: number, localAddress: string, commands: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const replies: string[] = [];
    const c = connect({ host: '127.0.0.1', port, localAddress });
    let buf = '';
    let i = -1;
    const timer = setTimeout(() => {
      c.destroy();
      reject(new Error(`timeout; got ${JSON.stringify(replies)}`));
    }, 15_000);
    c.on('error', reject);
    c.on('data', (d) => {
      buf += d.toString();
      for (;;) {
        const m = /^(\d{3}) .*\r?\n/m.exec(buf);
        if (!m) return;
        const end = m.index + m[0].length;
        const reply = buf.slice(0, end).trimEnd();
        buf = buf.slice(end);
        if (i >= 0) replies.push(reply.split(/\r?\n/).pop()!);
        i++;
        if (i < commands.length) c.write(commands[i] + '\r\n');
        else {
          clearTimeout(timer);
          c.end();
          resolve(replies);
          return;
        }
      }
    });
  });
}

test('a client listed in zen.spamhaus.org gets Postfix 554 and the reject line in mail.log', async () => {
  const ws = freshWorkspace(DOMAIN);
  const cf = ws.resolve('etc/postfix/main.cf');
  writeFileSync(
    cf,
    readFileSync(cf, 'utf8').replace(/^mynetworks = .*$/m, 'mynetworks = 127.0.0.1/32 [::1]/128') +
      'smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, reject_rbl_client zen.spamhaus.org, reject_rbl_client bl.spamcop.net\n',
  );
  writeFileSync(ws.resolve('etc/bind/dnsbl-local.zone'), '9.0.0.127 IN A 127.0.0.2\n');
  const sb = await startSandbox({ ws, ports: { smtp: 0, submission: 0, smtps: 0, outside: 0, dns: 0, https: 0, pop3: 0, pop3s: 0, imap: 0, imaps: 0 } });
  try {
    const dialogue = ['EHLO client.example', 'MAIL FROM:<a@example.net>', `RCPT TO:<postmaster@${DOMAIN}>`, 'QUIT'];
    const listed = await session(sb.ports.smtp, '127.0.0.2', dialogue);
    assert.equal(
      listed[2],
      '554 5.7.1 Service unavailable; Client host [127.0.0.2] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.2',
    );
    // listed only by hand, with no TXT record: the reply has no reason part
    const own = await session(sb.ports.smtp, '127.0.0.9', dialogue);
    assert.equal(own[2], '554 5.7.1 Service unavailable; Client host [127.0.0.9] blocked using zen.spamhaus.org');
    const clean = await session(sb.ports.smtp, '127.0.0.3', dialogue);
    assert.match(clean[2], /^250 2\.1\.5 /);
    // 127.0.0.1 is in mynetworks: accepted before any list is asked
    const self = await session(sb.ports.smtp, '127.0.0.1', dialogue);
    assert.match(self[2], /^250 /);
    const log = readFileSync(ws.resolve('var/log/mail.log'), 'utf8');
    assert.match(
      log,
      /NOQUEUE: reject: RCPT from [^\s[]+\[127\.0\.0\.2\]: 554 5\.7\.1 Service unavailable; Client host \[127\.0\.0\.2\] blocked using zen\.spamhaus\.org; https:\/\/www\.spamhaus\.org\/query\/ip\/127\.0\.0\.2; from=<a@example\.net> to=<postmaster@aula\.test> proto=ESMTP helo=<client\.example>/,
    );
    // Postfix stops at the first list that matches: spamcop is never asked about 127.0.0.2
    const queries = readFileSync(ws.resolve('var/log/named.log'), 'utf8');
    assert.match(queries, /query: 2\.0\.0\.127\.zen\.spamhaus\.org IN A /);
    assert.doesNotMatch(queries, /query: 2\.0\.0\.127\.bl\.spamcop\.net IN A /);
    assert.match(queries, /query: 3\.0\.0\.127\.bl\.spamcop\.net IN A /);
  } finally {
    await sb.close();
  }
});

test('through a public resolver (etc/resolv.conf off this machine) zen answers 127.255.255.254: the bare rule rejects a clean client, the =filter does not', async () => {
  const ws = freshWorkspace(DOMAIN);
  const cf = ws.resolve('etc/postfix/main.cf');
  const base = readFileSync(cf, 'utf8').replace(/^mynetworks = .*$/m, 'mynetworks = 127.0.0.1/32 [::1]/128');
  const rules = (zen: string) =>
    `smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, reject_rbl_client ${zen}\n`;
  writeFileSync(cf, base + rules('zen.spamhaus.org'));
  writeFileSync(ws.resolve('etc/resolv.conf'), 'nameserver 8.8.8.8\n');
  const sb = await startSandbox({ ws, ports: { smtp: 0, submission: 0, smtps: 0, outside: 0, dns: 0, https: 0, pop3: 0, pop3s: 0, imap: 0, imaps: 0 } });
  try {
    const dialogue = ['EHLO client.example', 'MAIL FROM:<a@example.net>', `RCPT TO:<postmaster@${DOMAIN}>`, 'QUIT'];
    const bare = await session(sb.ports.smtp, '127.0.0.3', dialogue);
    assert.equal(bare[2], '554 5.7.1 Service unavailable; Client host [127.0.0.3] blocked using zen.spamhaus.org');
    writeFileSync(cf, base + rules('zen.spamhaus.org=127.0.0.[2..11]'));
    await sb.reload();
    const filtered = await session(sb.ports.smtp, '127.0.0.3', dialogue);
    assert.match(filtered[2], /^250 2\.1\.5 /);
    const log = readFileSync(ws.resolve('var/log/mail.log'), 'utf8');
    assert.match(log, /mailsec\/dns\[\d+\]: warning: etc\/resolv\.conf names 8\.8\.8\.8/);
    assert.match(readFileSync(ws.resolve('var/log/named.log'), 'utf8'), /client @0x0 127\.8\.8\.8#\d+ \(3\.0\.0\.127\.zen\.spamhaus\.org\)/);
    // back to a resolver of its own: the real listing again, and a clean client is accepted
    writeFileSync(ws.resolve('etc/resolv.conf'), 'nameserver 127.0.0.1\n');
    writeFileSync(cf, base + rules('zen.spamhaus.org'));
    await sb.reload();
    assert.match((await session(sb.ports.smtp, '127.0.0.3', dialogue))[2], /^250 2\.1\.5 /);
    assert.match((await session(sb.ports.smtp, '127.0.0.2', dialogue))[2], /^554 5\.7\.1 /);
  } finally {
    await sb.close();
  }
});
