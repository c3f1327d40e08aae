// What the sandbox does with the values Postfix cannot use, through the built CLI: it keeps the last
// good configuration and says, in mail.log and in its status, what a real Postfix 3.7.11 said (smtpd's
// fatal for a bad boolean or a $name loop, its warning for host bits in mynetworks); and myhostname
// comes from the machine's name when main.cf sets none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { hostname } from 'node:os';
import { CliSandbox, runCli } from '../helpers/cli.js';
import { RawSmtp } from '../helpers/smtp.js';
import { freshWorkspace } from '../prove/env.js';

async function banner(port: number): Promise<string> {
  const c = await RawSmtp.connect(port);
  const b = c.banner.raw;
  await c.quit();
  return b;
}

test('bad values: a reload is refused with smtpd words, the last good configuration keeps serving', async () => {
  const ws = freshWorkspace();
  const main = ws.resolve('/etc/postfix/main.cf');
  const log = () => readFileSync(ws.resolve('/var/log/mail.log'), 'utf8');
  const good = readFileSync(main, 'utf8');
  const line = good.split('\n').length;
  const sb = await CliSandbox.start(ws.root);
  try {
    assert.equal(await banner(sb.ports.smtp), '220 vm ESMTP Postfix (Debian/GNU)');

    writeFileSync(main, good + 'smtpd_helo_required = maybe\n');
    assert.equal((await sb.reload()).code, 1);
    assert.match(log(), /postfix\/smtpd\[\d+\]: fatal: bad boolean configuration: smtpd_helo_required = maybe\n/);
    const st = JSON.parse((await runCli(['sandbox', 'status', '--json'], { ws: ws.root })).stdout);
    assert.equal(st.config.state, 'error');
    assert.ok(
      st.config.issues.includes(`fatal: bad boolean configuration: smtpd_helo_required = maybe (/etc/postfix/main.cf, line ${line})`),
    );
    // still the old configuration: no HELO needed
    const c = await RawSmtp.connect(sb.ports.smtp);
    assert.equal((await c.send('MAIL FROM:<a@example.net>')).code, 250);
    await c.quit();

    writeFileSync(main, good + 'aaa = $bbb\nbbb = $aaa\nsmtpd_banner = $aaa ESMTP\n');
    assert.equal((await sb.reload()).code, 1);
    assert.match(
      log(),
      /postfix\/smtpd\[\d+\]: warning: unreasonable macro call nesting: "bbb"\n.*postfix\/smtpd\[\d+\]: fatal: dictionary mail_dict: macro processing error\n/,
    );
    assert.equal(await banner(sb.ports.smtp), '220 vm ESMTP Postfix (Debian/GNU)');

    writeFileSync(main, good + 'mynetworks = 127.0.0.1/8\n');
    assert.equal((await sb.reload()).code, 0);
    assert.match(
      log(),
      /postfix\/smtpd\[\d+\]: warning: mynetworks: non-null host address bits in "127\.0\.0\.1\/8", perhaps you should use "127\.0\.0\.0\/8" instead\n/,
    );

    // no myhostname in main.cf: the machine's name, with ".$mydomain" when it has no dot
    writeFileSync(main, good.replace(/^myhostname = .*\n/m, ''));
    assert.equal((await sb.reload()).code, 0);
    const host = hostname().includes('.') ? hostname() : `${hostname()}.alexdns.local`;
    assert.equal(await banner(sb.ports.smtp), `220 ${host} ESMTP Postfix (Debian/GNU)`);
  } finally {
    await sb.close();
  }
});

test('a sandbox started on a $name loop never greets with the macro text', async () => {
  const ws = freshWorkspace();
  const main = ws.resolve('/etc/postfix/main.cf');
  writeFileSync(main, readFileSync(main, 'utf8') + 'aaa = $bbb\nbbb = $aaa\nsmtpd_banner = $aaa ESMTP\n');
  const sb = await CliSandbox.start(ws.root);
  try {
    assert.equal(await banner(sb.ports.smtp), '220 vm ESMTP Postfix');
  } finally {
    await sb.close();
  }
});

/** Whether a TCP connection to the port is accepted (true) or refused (false). */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' ? false : true));
  });
}

test('master.cf decides what listens: submission and smtps only while their entries are active', async () => {
  const ws = freshWorkspace();
  const masterCf = ws.resolve('/etc/postfix/master.cf');
  const shipped = readFileSync(masterCf, 'utf8');
  const sb = await CliSandbox.start(ws.root);
  try {
    // the fresh workspace ships them commented out, as Debian does: a stopped service refuses
    assert.equal(await accepts(sb.ports.submission), false);
    assert.equal(await accepts(sb.ports.smtps), false);
    assert.equal(await accepts(sb.ports.smtp), true);
    // (without their -o lines: those ask for TLS, and this workspace has no certificate yet)
    writeFileSync(masterCf, shipped.replace(/^#(submission|smtps) /gm, '$1 '));
    const r = await sb.reload();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const c = await RawSmtp.connect(sb.ports.submission);
    assert.equal(c.banner.raw, '220 vm ESMTP Postfix (Debian/GNU)');
    assert.equal(await accepts(sb.ports.smtps), true);
    // a session open while the entry goes away finishes; new clients are refused
    writeFileSync(masterCf, shipped);
    assert.equal((await sb.reload()).code, 0);
    assert.equal(await accepts(sb.ports.submission), false);
    assert.equal(await accepts(sb.ports.smtps), false);
    assert.equal((await c.send('EHLO pc')).code, 250);
    await c.quit();
  } finally {
    await sb.close();
  }
});

test('an alias_maps file that does not exist: smtpd warns at the lookup and answers 451 for a local recipient', async () => {
  const ws = freshWorkspace();
  const main = ws.resolve('/etc/postfix/main.cf');
  writeFileSync(main, readFileSync(main, 'utf8') + 'alias_maps = hash:/etc/nosuch-aliases\n');
  const sb = await CliSandbox.start(ws.root);
  try {
    const c = await RawSmtp.connect(sb.ports.smtp);
    await c.send('EHLO pc');
    await c.send('MAIL FROM:<a@example.net>');
    const r = await c.send('RCPT TO:<nadie@alexdns.local>');
    assert.equal(r.raw, '451 4.3.0 <nadie@alexdns.local>: Temporary lookup failure');
    await c.quit();
    const log = readFileSync(ws.resolve('/var/log/mail.log'), 'utf8');
    assert.match(
      log,
      /postfix\/smtpd\[\d+\]: warning: hash:\/etc\/nosuch-aliases is unavailable\. open database \/etc\/nosuch-aliases\.db: No such file or directory\n.*postfix\/smtpd\[\d+\]: warning: hash:\/etc\/nosuch-aliases lookup error for "nadie@alexdns\.local"\n.*NOQUEUE: reject: RCPT from localhost\[127\.0\.0\.1\]: 451 4\.3\.0 <nadie@alexdns\.local>: Temporary lookup failure; from=<a@example\.net> to=<nadie@alexdns\.local> proto=ESMTP helo=<pc>\n/,
    );
  } finally {
    await sb.close();
  }
});
