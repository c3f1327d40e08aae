// The walk's own means, without the course: how a block of configuration lands in each
// kind of file, when an example output counts as what a command printed, and the
// terminal that answers only the prompts it is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, missingTools } from '../prove/env.js';
import { applyEdit, bumpSerial } from './edits.js';
import { resembles } from './walker.js';
import { Terminal } from './terminal.js';

function edited(old: string, block: string, mode: Parameters<typeof applyEdit>[2]): string {
  const p = join(tempDir(), 'f');
  writeFileSync(p, old);
  applyEdit(p, block, mode);
  return readFileSync(p, 'utf8');
}

test("main.cf: a parameter is changed where it is, with its continuation lines; a new one follows the block's others", () => {
  const old = 'a = 1\nsmtpd_tls_security_level = none\nlist =\n    x,\n    y\nz = 2\n';
  assert.equal(
    edited(old, 'smtpd_tls_cert_file = /c\nsmtpd_tls_security_level = may\nsmtpd_tls_loglevel = 1', 'param'),
    'a = 1\nsmtpd_tls_security_level = may\nsmtpd_tls_loglevel = 1\nlist =\n    x,\n    y\nz = 2\nsmtpd_tls_cert_file = /c\n',
  );
  assert.equal(edited(old, 'list =\n    w', 'param'), 'a = 1\nsmtpd_tls_security_level = none\nlist =\n    w\nz = 2\n');
  assert.equal(
    edited(old, '# OpenDKIM\nsmtpd_milters = inet:localhost:8891', 'param'),
    old + '# OpenDKIM\nsmtpd_milters = inet:localhost:8891\n',
  );
});

test('master.cf: a service entry replaces the one of the same name and type, a new one goes at the end', () => {
  const old =
    'smtp      inet  n       -       y       -       -       smtpd\nsmtp      unix  -       -       y       -       -       smtp\n';
  const withFilter = edited(
    old,
    'smtp      inet  n       -       y       -       -       smtpd\n  -o content_filter=spamassassin',
    'service',
  );
  assert.equal(
    withFilter,
    'smtp      inet  n       -       y       -       -       smtpd\n  -o content_filter=spamassassin\nsmtp      unix  -       -       y       -       -       smtp\n',
  );
  assert.match(
    edited(old, 'spamassassin unix -     n       n       -       -       pipe\n  user=spamd argv=/usr/bin/spamc', 'service'),
    /smtp\n(spamassassin unix .*pipe\n  user=spamd argv=\/usr\/bin\/spamc\n)$/,
  );
});

test('opendkim.conf: a commented option is uncommented, an option set twice is left once', () => {
  const old = 'Canonicalization\trelaxed/simple\n#Mode\t\t\tsv\nSocket\t\t\tlocal:/var/spool/x.sock\n#Socket\t\t\tinet:8891@localhost\n';
  assert.equal(
    edited(old, 'Mode                    sv\nSocket                  inet:8891@localhost\nDomain                  aula.test', 'keyword'),
    'Canonicalization\trelaxed/simple\nMode                    sv\nSocket                  inet:8891@localhost\n#Socket\t\t\tinet:8891@localhost\nDomain                  aula.test\n',
  );
});

test('zones: records appended, a record of the same name and type replaced, the serial raised', () => {
  const zone = '@  IN  SOA  ns1. h. (\n     2025010101  ; serial\n     300 )\n_dmarc  IN  TXT  "v=DMARC1; p=quarantine"\n';
  assert.equal(edited(zone, '_dmarc  IN  TXT  "v=DMARC1; p=reject"', 'record'), zone.replace('quarantine', 'reject'));
  assert.equal(edited(zone, '@  IN  TXT  "v=spf1 mx -all"', 'append'), zone + '@  IN  TXT  "v=spf1 mx -all"\n');
  assert.match(bumpSerial(zone), /2025010102  ; serial/);
});

test('an example output resembles what was printed: ids, numbers, base64 and "…" stand for anything', () => {
  assert.ok(resembles('<-  250 2.0.0 Ok: queued as 5C1A72125B0', 'x\n<-  250 2.0.0 Ok: queued as 38066113A1B\n'));
  assert.ok(
    resembles(
      'spamd[…]: spamd: identified spam (999.0/5.0) for spamd:1000 in 0.0 seconds, 416 bytes.',
      'Dec  7 00:00:14 mail spamd[22734]: spamd: identified spam (999.0/5.0) for spamd:1000 in 0.2 seconds, 428 bytes.',
    ),
  );
  assert.ok(!resembles('<** 554 5.7.1 <victima@example.com>: Relay access denied', '<-  250 2.1.5 Ok'));
  assert.ok(!resembles('subject=CN = mail.aula.test', 'subject=CN = mail.alexdns.local'));
});

test(
  'the terminal answers the prompts it is given, keeps what a line sets or exports, and stops at a question nobody answers',
  { skip: missingTools(['script']), timeout: 60_000 },
  async () => {
    const term = new Terminal(tempDir(), () => ({ ...process.env }), 1500);
    try {
      const asked = await term.run(`read -r -s -p 'Enter pass phrase:' p; echo; echo "got $p"`, [
        { re: /pass phrase:\s*$/, answer: 'clase-smime' },
      ]);
      assert.equal(asked.code, 0);
      assert.match(asked.output, /got clase-smime/);
      await term.run('export GNUPGHOME="$PWD/g"');
      assert.match((await term.run('echo "home=$GNUPGHOME"')).output, /home=.*\/g/);
      await term.run('R=a@example.com');
      await term.run('R=$R,b@example.com');
      assert.match((await term.run('echo "to=$R"')).output, /to=a@example\.com,b@example\.com/);
      term.reset();
      assert.match((await term.run('echo "home=$GNUPGHOME"')).output, /home=$/m);
      await assert.rejects(
        term.run(`read -r -p 'Really sign? (y/N) ' a`, [], 30_000),
        /waits for an answer nobody in the walk types: "Really sign\? \(y\/N\)"/,
      );
    } finally {
      term.close();
    }
  },
);
