// main.cf, master.cf and lookup tables as Postfix reads them; the atomic reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { parseMasterCf, findSmtpdService, findService } from '../../src/postfix/master-cf.js';
import { openTable } from '../../src/sandbox/config/tables.js';
import { loadConfig } from '../../src/sandbox/config/load.js';
import { freshWorkspace } from '../prove/env.js';
import { RawSmtp } from '../helpers/smtp.js';
import { testSandbox, makeCert } from '../helpers/sandbox.js';
import { eventsOf } from '../../src/sandbox/events.js';
import { missingTools } from '../prove/env.js';

test('master.cf: services, continuation lines, -o overrides (both syntaxes), pipe arguments', () => {
  const m = parseMasterCf(
    [
      '# comment',
      'smtp      inet  n       -       y       -       -       smtpd',
      '  -o content_filter=spamassassin',
      'submission inet n       -       y       -       -       smtpd',
      '  -o syslog_name=postfix/submission',
      '  -o { smtpd_tls_security_level = encrypt }',
      '  -osmtpd_sasl_auth_enable=yes',
      'spamassassin unix -     n       n       -       -       pipe',
      '  user=spamd argv=/usr/bin/spamc -f -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}',
    ].join('\n'),
  );
  assert.deepEqual(m.issues, []);
  assert.deepEqual(findService(m, 'smtp')!.options, { content_filter: 'spamassassin' });
  assert.deepEqual(findSmtpdService(m, ['submission', '587'])!.options, {
    syslog_name: 'postfix/submission',
    smtpd_tls_security_level: 'encrypt',
    smtpd_sasl_auth_enable: 'yes',
  });
  const sa = findService(m, 'spamassassin', 'unix')!;
  assert.equal(sa.command, 'pipe');
  assert.deepEqual(sa.args.slice(0, 3), ['user=spamd', 'argv=/usr/bin/spamc', '-f']);
  assert.equal(sa.line, 8);
});

test('master.cf errors carry the line', () => {
  const m = parseMasterCf('smtp inet n - y - - smtpd\nbroken inet n -\nx bogus n - y - - smtpd\n  -o nothing\n');
  assert.deepEqual(
    m.issues.map((i) => [i.line, i.text]),
    [
      [2, 'file /etc/postfix/master.cf: line 2: bad field count'],
      [3, 'invalid type field "bogus" in "x bogus n - y - - smtpd -o nothing"'],
    ],
  );
});

test('tables: hash source text, regexp with flags and $1, cidr, inline; missing files are fatal with Postfix words', () => {
  const ws = freshWorkspace();
  writeFileSync(ws.resolve('/etc/postfix/access'), '# x\nExample.NET   REJECT go away\nfriend@example.net OK\n');
  writeFileSync(ws.resolve('/etc/postfix/checks'), '/^Subject: (.*viagra.*)/ REJECT no: $1\n/CaseSensitive/i WARN x\nif /^From:/\n/spam/ DISCARD\nendif\n/[unclosed/ REJECT\n');
  writeFileSync(ws.resolve('/etc/postfix/nets'), '192.0.2.0/24 REJECT\n2001:db8::/32 OK\n');
  const h = openTable('hash:/etc/postfix/access', ws, '/etc/postfix/main.cf', 3);
  assert.equal(h.table!.lookup('example.net')!.value, 'REJECT go away');
  assert.equal(h.table!.lookup('EXAMPLE.net')!.line, 2);
  const r = openTable('regexp:/etc/postfix/checks', ws, '/etc/postfix/main.cf', 4);
  assert.equal(r.table!.lookup('subject: buy VIAGRA now')!.value, 'REJECT no: buy VIAGRA now');
  assert.equal(r.table!.lookup('casesensitive'), undefined, 'the i flag turns case-insensitivity off');
  assert.equal(r.table!.lookup('From: spam king')!.value, 'DISCARD');
  assert.equal(r.table!.lookup('To: spam king'), undefined);
  assert.equal(r.issues.length, 1);
  assert.match(r.issues[0].text, /regexp map \/etc\/postfix\/checks, line 6/);
  const c = openTable('cidr:/etc/postfix/nets', ws, 'main.cf');
  assert.equal(c.table!.lookup('192.0.2.77')!.value, 'REJECT');
  assert.equal(c.table!.lookup('2001:db8::1')!.value, 'OK');
  assert.equal(openTable('inline:{ a=1, b=2 }', ws, 'main.cf').table!.lookup('B')!.value, '2');
  const missing = openTable('hash:/etc/postfix/nothere', ws, '/etc/postfix/main.cf', 7);
  assert.deepEqual(
    missing.issues.map((i) => [i.severity, i.line, i.text]),
    [['fatal', 7, 'open database /etc/postfix/nothere.db: No such file or directory (the sandbox reads the text file /etc/postfix/nothere as postmap would)']],
  );
  assert.match(openTable('mysql:/etc/x', ws, 'main.cf').issues[0].text, /unsupported dictionary type: mysql/);
  assert.match(openTable('hash:/../../etc/passwd', ws, 'main.cf').issues[0].text, /leaves the sandbox/);
});

test('loadConfig: an unknown restriction warns and a missing relay guard is fatal, with file and line; master.cf -o applies per listener', () => {
  const ws = freshWorkspace();
  writeFileSync(ws.resolve('/etc/postfix/main.cf'), 'myhostname = mail.aula.test\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destinaton\n');
  const c = loadConfig(ws);
  assert.ok(c.fatal);
  const texts = c.issues.filter((i) => i.severity === 'fatal').map((i) => `${i.line}: ${i.text}`);
  // the typo itself is a warning (smtpd answers 451 when it gets there); the missing relay guard is fatal
  const warned = c.issues.filter((i) => i.severity === 'warning').map((i) => `${i.line}: ${i.text}`);
  assert.ok(warned.includes('2: smtpd_relay_restrictions: unknown smtpd restriction: "reject_unauth_destinaton"'), warned.join('\n'));
  assert.ok(texts.some((x) => x.startsWith('2: in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, specify at least one working instance')));
  writeFileSync(ws.resolve('/etc/postfix/main.cf'), 'myhostname = mail.aula.test\nsmtpd_sasl_auth_enable = no\n');
  writeFileSync(ws.resolve('/etc/postfix/master.cf'), 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n  -o syslog_name=postfix/submission\n');
  const d = loadConfig(ws);
  assert.equal(d.fatal, false);
  assert.equal(d.services.smtp.saslEnable, false);
  assert.equal(d.services.submission.saslEnable, true);
  assert.equal(d.services.submission.program, 'postfix/submission/smtpd');
  assert.equal(d.services.outside.saslEnable, false);
});

test('TLS material errors: missing key, mismatched key; the key type and size are read from the certificate', { skip: missingTools(['openssl']) }, () => {
  const ws = freshWorkspace();
  const a = makeCert(ws, { cert: '/etc/ssl/certs/a.crt', key: '/etc/ssl/private/a.key' })!;
  const b = makeCert(ws, { cert: '/etc/ssl/certs/b.crt', key: '/etc/ssl/private/b.key' })!;
  const cf = (cert: string, key: string) =>
    writeFileSync(ws.resolve('/etc/postfix/main.cf'), `myhostname = mail.aula.test\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = ${cert}\nsmtpd_tls_key_file = ${key}\n`);
  // Postfix 3.7.11 reloads: smtpd warns when it starts and answers STARTTLS 454 (test/sandbox/tls-auth.test.ts)
  cf(a.cert, '/etc/ssl/private/none.key');
  const missing = loadConfig(ws);
  assert.equal(missing.fatal, false);
  assert.equal(missing.services.smtp.tlsBroken![0], 'cannot get RSA private key from file "/etc/ssl/private/none.key": disabling TLS support');
  cf(a.cert, b.key);
  const other = loadConfig(ws);
  assert.equal(other.fatal, false);
  assert.match(other.services.smtp.tlsBroken![1], /key values mismatch/);
  cf(a.cert, a.key);
  const ok = loadConfig(ws);
  assert.equal(ok.fatal, false, ok.issues.map((i) => i.text).join('\n'));
  assert.equal(ok.services.smtp.tls!.keyBits, 2048);
  assert.equal(ok.services.smtp.tls!.keyType, 'RSA');
});

test('reload with a broken main.cf keeps serving the last good configuration, and says why', async () => {
  const t = await testSandbox({ mainCf: 'myhostname = mail.aula.test' });
  try {
    t.mainCf('this line is not a parameter');
    const st = await t.h.reload();
    assert.equal(st.state, 'error');
    assert.match(st.issues.join('\n'), /fatal: \/etc\/postfix\/main\.cf, line \d+: missing '=' after attribute name: "this line is not a parameter"/);
    assert.equal(t.h.status().config.state, 'error');
    const c = await RawSmtp.connect(t.h.ports.smtp);
    assert.equal(c.banner.raw, '220 mail.aula.test ESMTP Postfix (Debian/GNU)', 'still serving');
    await c.quit();
    assert.match(t.log(), /postfix\/postfix-script\[\d+\]: fatal: \/etc\/postfix\/main\.cf, line \d+: missing '=' after attribute name: "this line is not a parameter"/);
    assert.match(t.log(), /warning: reload refused: the sandbox keeps serving the configuration loaded at/);
    const cfg = eventsOf(t.events(), 'config').at(-1)!;
    assert.deepEqual([cfg.state, cfg.reload], ['error', true]);
    // fixed: the new configuration is taken
    t.write('etc/postfix/main.cf', 'myhostname = mx.aula.test\nmydestination = $myhostname, aula.test\n');
    assert.equal((await t.h.reload()).state, 'ok');
    const d = await RawSmtp.connect(t.h.ports.smtp);
    assert.equal(d.banner.raw, '220 mx.aula.test ESMTP Postfix');
    await d.quit();
    assert.match(t.log(), /postfix\/postfix-script\[\d+\]: refreshing the Postfix mail system/);
  } finally {
    await t.close();
  }
});

test('a new certificate and key are picked up on reload', { skip: missingTools(['openssl']) }, async () => {
  const t = await testSandbox();
  try {
    const c = makeCert(t.ws)!;
    t.mainCf(`myhostname = mail.aula.test\nsmtpd_tls_cert_file = ${c.cert}\nsmtpd_tls_key_file = ${c.key}\nsmtpd_tls_security_level = may`);
    assert.equal((await t.h.reload()).state, 'ok');
    const cn = async () => {
      const s = await RawSmtp.connect(t.h.ports.smtp);
      await s.send('EHLO vm');
      await s.startTls();
      const name = String((s.socket as import('node:tls').TLSSocket).getPeerCertificate().subject.CN);
      await s.quit();
      return name;
    };
    assert.equal(await cn(), 'mail.aula.test');
    makeCert(t.ws, { cn: 'renewed.aula.test' });
    assert.equal(await cn(), 'mail.aula.test', 'nothing changes before the reload');
    assert.equal((await t.h.reload()).state, 'ok');
    assert.equal(await cn(), 'renewed.aula.test');
  } finally {
    await t.close();
  }
});

test('a port already in use is a clear user error, and nothing is left listening', async () => {
  const t = await testSandbox();
  try {
    const { startSandbox } = await import('../../src/sandbox/start.js');
    const { UserError } = await import('../../src/util/errors.js');
    await assert.rejects(
      // (the outside listener: always open, while submission listens only when master.cf names it)
      startSandbox({ ws: t.ws, ports: { smtp: 0, submission: 0, smtps: 0, outside: t.h.ports.outside, dns: 0, https: 0, pop3: 0, pop3s: 0, imap: 0, imaps: 0 } }),
      (e: unknown) => e instanceof UserError && e.userMessage.key === 'sandbox.portInUse' && e.userMessage.params?.what === 'outside',
    );
    await assert.rejects(startSandbox({ ws: t.ws, host: '0.0.0.0' }), (e: unknown) => e instanceof UserError && e.userMessage.key === 'sandbox.loopbackOnly');
    const c = await RawSmtp.connect(t.h.ports.smtp);
    assert.equal(c.banner.code, 220, 'the first sandbox is unharmed');
    await c.quit();
  } finally {
    await t.close();
  }
});

test('loadConfig: the machine name when main.cf sets no myhostname; values Postfix cannot use; missing alias_maps', () => {
  const ws = freshWorkspace();
  const main = ws.resolve('/etc/postfix/main.cf');
  const good = ws.readText('/etc/postfix/main.cf')!;
  writeFileSync(main, good.replace(/^myhostname = .*\n/m, ''));
  assert.equal(loadConfig(ws, { hostname: 'box' }).hostname, 'box.alexdns.local');
  assert.equal(loadConfig(ws, { hostname: 'mx.example.org' }).services.smtp.banner, 'mx.example.org ESMTP Postfix (Debian/GNU)');
  writeFileSync(main, good + 'smtpd_helo_required = maybe\nmynetworks = 127.0.0.1/8\nalias_maps = hash:/etc/nosuch-aliases\n');
  const c = loadConfig(ws, { hostname: 'vm' });
  assert.equal(c.fatal, true);
  const texts = c.issues.map((i) => `${i.severity}: ${i.text}`);
  assert.ok(texts.includes('fatal: bad boolean configuration: smtpd_helo_required = maybe'), texts.join('\n'));
  assert.ok(texts.includes('warning: mynetworks: non-null host address bits in "127.0.0.1/8", perhaps you should use "127.0.0.0/8" instead'));
  assert.deepEqual([...c.unavailableAliasMaps], [
    ['hash:/etc/nosuch-aliases', 'hash:/etc/nosuch-aliases is unavailable. open database /etc/nosuch-aliases.db: No such file or directory'],
  ]);
});
