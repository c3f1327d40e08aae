// SPF, DKIM and DMARC through the running sandbox, as a learner meets them: real SMTP in,
// real DNS answers from the zone file, Maildir out. Mails the sandbox signs verify with
// dkimpy; mails dkimpy signs verify in the sandbox; the CLI's genkey and dmarc report.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { listMailbox } from '../../../src/core/mailbox.js';
import { join } from 'node:path';
import { Env, freshWorkspace, hasTool, missingTools, run } from '../../prove/env.js';
import { readEvents } from '../../../src/sandbox/events.js';
import { rawSession, sendRaw } from '../../fixtures/learner.js';
import { pySign, pyVerify } from './python-dkim.js';
import { writeState, removeStateFiles } from '../../../src/sandbox/state.js';
import { validateReport } from './report-schema.js';

const D = 'aula.test';
const CLI = join(process.cwd(), 'dist', 'cli.js');
const skip = missingTools(['dkimverify']);

describe('sender authentication through the sandbox', { skip }, () => {
  const env = new Env(freshWorkspace(D));
  const ws = env.ws;
  let publicRecord = '';
  const cli = (args: string[]) =>
    run(process.execPath, [CLI, ...args], { cwd: ws.root, env: { ...process.env, LANG: 'C', MAILSEC_SMTP_PORT: '9' } });

  before(async () => {
    const g = await cli(['dkim', 'genkey', '-s', 'default', '-d', D, '-D', `etc/opendkim/keys/${D}`]);
    assert.equal(g.code, 0, g.stderr);
    const txt = readFileSync(ws.resolve(`etc/opendkim/keys/${D}/default.txt`), 'utf8');
    publicRecord =
      'v=DKIM1; h=sha256; k=rsa; ' +
      /"(p=[^"]+)"/.exec(txt)![1] +
      [...txt.matchAll(/\n\t {2}"([^"]+)"/g)]
        .slice(1)
        .map((m) => m[1])
        .join('');
    appendFileSync(
      ws.resolve(`etc/bind/db.${D}`),
      '@ IN TXT "v=spf1 mx -all"\n_dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:postmaster@' + D + '"\n' + txt,
    );
    const conf = ws.resolve('etc/opendkim.conf');
    writeFileSync(
      conf,
      readFileSync(conf, 'utf8')
        .replace(/^Socket\s+local:.*$/m, '#$&')
        .concat(`Domain ${D}\nSelector default\nKeyFile /etc/opendkim/keys/${D}/default.private\nSocket inet:8891@localhost\n`),
    );
    const main = ws.resolve('etc/postfix/main.cf');
    writeFileSync(
      main,
      readFileSync(main, 'utf8')
        .replace(/^mynetworks = .*$/m, 'mynetworks = 127.0.0.0/8 [::1]/128')
        .replace(/^myhostname = .*$/m, `myhostname = mail.${D}`) +
        'smtpd_milters = inet:localhost:8891\nnon_smtpd_milters = $smtpd_milters\nmilter_default_action = accept\n',
    );
    await env.sandbox();
  });
  after(() => env.close());

  const newest = (folder: string) => {
    const dir = ws.resolve(`var/mail/alumno/Maildir/${folder}new`);
    const files = readdirSync(dir)
      .map((f) => join(dir, f))
      .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
    return readFileSync(files[files.length - 1]);
  };

  test('mailsec dkim genkey: a private key only its owner reads', () => {
    assert.equal(statSync(ws.resolve(`etc/opendkim/keys/${D}/default.private`)).mode & 0o777, 0o600);
  });

  test('a mail from the server is signed, and dkimpy verifies it with the published key', async () => {
    const sb = await env.sandbox();
    const replies = await sendRaw(sb.ports.smtp, `alumno@${D}`, `alumno@${D}`);
    assert.equal(replies.at(-1)!.code, 250, replies.at(-1)!.raw);
    const mail = newest('');
    assert.match(mail.toString(), /\nDKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/simple; d=aula\.test;/);
    assert.equal(await pyVerify(mail, { [`default._domainkey.${D}`]: publicRecord }), 'pass');
    assert.match(
      readFileSync(ws.resolve('var/log/mail.log'), 'utf8'),
      /opendkim\[\d+\]: \w+: DKIM-Signature field added \(s=default, d=aula\.test\)/,
    );
  });

  test('a mail signed by dkimpy, from outside, passes DKIM and DMARC in the sandbox', async () => {
    const sb = await env.sandbox();
    const raw = `From: Director <director@${D}>\r\nTo: <alumno@${D}>\r\nSubject: firmado fuera\r\nDate: Mon, 06 Jan 2025 10:00:00 +0100\r\nMessage-ID: <e2e-py@x>\r\n\r\nHola.\r\n`;
    const signed = (await pySign(raw, 'default', D, ws.resolve(`etc/opendkim/keys/${D}/default.private`))).toString('latin1');
    const data = signed.replace(/\r?\n/g, '\r\n').replace(/\r\n$/, '').replace(/^\./gm, '..');
    const replies = await rawSession(sb.ports.outside, [
      'EHLO pc.example.net',
      'MAIL FROM:<bounce@example.net>',
      `RCPT TO:<alumno@${D}>`,
      'DATA',
      `${data}\r\n.`,
    ]);
    assert.equal(replies.at(-1)!.code, 250, replies.at(-1)!.raw);
    const ev = readEvents(ws)
      .filter((e) => e.type === 'authres')
      .at(-1)!;
    assert.deepEqual(
      (ev.dkim as { result: string }[]).map((d) => d.result),
      ['pass'],
    );
    assert.equal((ev.dmarc as { result: string }).result, 'pass');
    assert.match(
      newest('').toString(),
      /^Authentication-Results: mail\.aula\.test;\r?\n\tspf=none[^\n]*\n\tdkim=pass header\.i=@aula\.test header\.s=default[^\n]*\n\tdmarc=pass/m,
    );
  });

  test('the same mail changed on the way fails DKIM, and DMARC quarantines it: Postfix holds it, as OpenDMARC asks', async () => {
    const sb = await env.sandbox();
    const raw = `From: Director <director@${D}>\r\nTo: <alumno@${D}>\r\nSubject: firmado fuera\r\nDate: Mon, 06 Jan 2025 10:00:00 +0100\r\nMessage-ID: <e2e-py2@x>\r\n\r\nHola.\r\n`;
    const signed = (await pySign(raw, 'default', D, ws.resolve(`etc/opendkim/keys/${D}/default.private`)))
      .toString('latin1')
      .replace('Hola.', 'Paga ya.');
    const before = readdirSync(ws.resolve('var/mail/alumno/Maildir/new')).length;
    const replies = await rawSession(sb.ports.outside, [
      'EHLO pc.example.net',
      'MAIL FROM:<bounce@example.net>',
      `RCPT TO:<alumno@${D}>`,
      'DATA',
      `${signed.replace(/\r?\n/g, '\r\n').replace(/\r\n$/, '')}\r\n.`,
    ]);
    // smfi_quarantine(): the client gets its 250, Postfix keeps the message in the hold queue
    assert.equal(replies.at(-1)!.code, 250, replies.at(-1)!.raw);
    const ev = readEvents(ws)
      .filter((e) => e.type === 'authres')
      .at(-1)!;
    assert.equal((ev.dkim as { result: string }[])[0].result, 'fail');
    assert.equal(ev.action, 'quarantine');
    assert.equal(ev.held, true);
    const log = readFileSync(ws.resolve('var/log/mail.log'), 'utf8');
    assert.match(log, new RegExp(`${ev.queueId}: milter-hold: END-OF-MESSAGE from [^:]+: milter triggers HOLD action; from=<bounce@example\\.net> to=<alumno@aula\\.test> proto=ESMTP helo=<pc\\.example\\.net>`));
    assert.doesNotMatch(log, new RegExp(`${ev.queueId}: to=<alumno`));
    assert.equal(readdirSync(ws.resolve('var/mail/alumno/Maildir/new')).length, before);
    // the held copy, as OpenDMARC's quarantine leaves it: in the hold queue, where the mailbox view shows it
    assert.match(readFileSync(ws.resolve(`var/spool/hold/${ev.queueId}.eml`), 'latin1'), /Paga ya\./);
    assert.ok(listMailbox(ws).some((m) => m.folder === 'hold' && m.path === `var/spool/hold/${ev.queueId}.eml`));
  });

  test('mailsec dmarc report writes the RFC 9990 XML and delivers it to the rua mailbox', async () => {
    const sb = await env.sandbox();
    const r = await run(process.execPath, [CLI, 'dmarc', 'report', '--json'], {
      cwd: ws.root,
      env: { ...process.env, LANG: 'C', MAILSEC_SMTP_PORT: String(sb.ports.smtp) },
    });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.report.domain, D);
    assert.deepEqual(
      out.deliveries.map((d: { to: string; result: { ok: boolean } }) => [d.to, d.result.ok]),
      [[`postmaster@${D}`, true]],
    );
    const xml = readFileSync(ws.resolve(out.file), 'utf8');
    assert.match(xml, /<source_ip>203\.0\.113\.7<\/source_ip>/);
    if (hasTool('xmllint')) {
      const v = validateReport(xml);
      assert.ok(v.ok, v.errors);
    }
    const report = newest('').toString();
    assert.match(report, /^Subject: Report Domain: aula\.test Submitter: mail\.aula\.test Report-ID: /m);
    assert.match(report, /Content-Type: text\/xml; name="mail\.aula\.test!aula\.test!\d+!\d+\.xml"/);
    // nothing new since: a second run says so and writes nothing
    const again = await run(process.execPath, [CLI, 'dmarc', 'report'], {
      cwd: ws.root,
      env: { ...process.env, LANG: 'C', MAILSEC_SMTP_PORT: String(sb.ports.smtp) },
    });
    assert.equal(again.code, 1);
  });

  test('mailsec dmarc report mails through the running sandbox on the ports it really uses', async () => {
    const sb = await env.sandbox();
    writeState(ws, { pid: process.pid, host: sb.host, ports: sb.ports, startedAt: new Date().toISOString() });
    try {
      // no port in the environment: only the state file says where the sandbox is
      const r = await run(process.execPath, [CLI, 'dmarc', 'report', '--all', '--json'], {
        cwd: ws.root,
        env: { ...process.env, LANG: 'C', MAILSEC_SMTP_PORT: '' },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(
        JSON.parse(r.stdout).deliveries.map((d: { result: { via: string; ok: boolean } }) => [d.result.via, d.result.ok]),
        [['smtp', true]],
      );
    } finally {
      removeStateFiles(ws);
    }
  });

  test("mailsec dkim genkey refuses bad input with the learner's message", async () => {
    const r = await cli(['dkim', 'genkey', '-s', 'default', '-d', D, '-D', `etc/opendkim/keys/${D}`, '--lang', 'en']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /already exists and is not overwritten/);
    const bits = await cli(['dkim', 'genkey', '-s', 'x', '-b', '100', '--lang', 'en']);
    assert.equal(bits.code, 2);
    assert.match(bits.stderr, /not a valid key size/);
    const bad = await cli(['dkim', 'nonsense', '--lang', 'en']);
    assert.equal(bad.code, 2);
  });
});
