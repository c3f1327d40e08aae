// The differential test's masks and main.cf merging, without any server: what is masked, and what is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskLog, maskReply } from './masks.js';
import { mergeParams, parseMainCf } from './harness.js';

const roots = { real: '/tmp/mailsec-realpf-x/rp', ws: '/tmp/mailsec-test-y/ws' };

test('log lines: the syslog prefix, queue ids (hex or all digits), delays, sizes and pids are masked', () => {
  assert.equal(
    maskLog('Dec 07 02:17:48 mail postfix/smtpd[13741]: 9A0A82BE4B8: client=localhost[127.0.0.1]', roots),
    'postfix/smtpd: QID: client=localhost[127.0.0.1]',
  );
  assert.equal(
    maskLog('Dec  7 02:17:48 vm postfix/smtpd[99]: 26816364705: client=localhost[127.0.0.1]', roots),
    'postfix/smtpd: QID: client=localhost[127.0.0.1]',
  );
  // an all-digit id after "warning: " too (a BDAT without its size)
  assert.equal(
    maskLog(
      'Dec  7 02:17:48 vm postfix/smtpd[99]: warning: 85565158924: malformed BDAT command syntax from localhost[127.0.0.1]: BDAT',
      roots,
    ),
    'postfix/smtpd: warning: QID: malformed BDAT command syntax from localhost[127.0.0.1]: BDAT',
  );
  assert.equal(
    maskLog(
      'Dec 07 05:50:09 mail postfix/smtpd[7]: warning: 36386290604: malformed BDAT command syntax from localhost[127.0.0.1]: BDAT',
      roots,
    ),
    'postfix/smtpd: warning: QID: malformed BDAT command syntax from localhost[127.0.0.1]: BDAT',
  );
  assert.equal(
    maskLog('Dec 07 05:21:09 vm postfix/cleanup[9]: 59263175458: message-id=<20261207052109.59263175458@mail.alexdns.local>', roots),
    'postfix/cleanup: QID: message-id=<DATE.QID@mail.alexdns.local>',
  );
  assert.equal(
    maskLog('Dec 07 02:17:48 mail postfix/smtpd[99]: warning: 36242286773: queue file size limit exceeded', roots),
    'postfix/smtpd: warning: QID: queue file size limit exceeded',
  );
  assert.equal(
    maskLog('Dec 07 02:17:48 mail postfix/qmgr[1]: 8C5423BC1E1: from=<a@example.net>, size=341, nrcpt=1 (queue active)', roots),
    'postfix/qmgr: QID: from=<a@example.net>, size=N, nrcpt=1 (queue active)',
  );
  assert.equal(
    maskLog(
      'Dec 07 02:17:48 mail postfix/local[2]: 8C5423BC1E1: to=<alumno@alexdns.local>, relay=local, delay=0.02, delays=0.01/0/0/0.01, dsn=2.0.0, status=sent (delivered to maildir)',
      roots,
    ),
    'postfix/local: QID: to=<alumno@alexdns.local>, relay=local, delay=N, delays=N, dsn=2.0.0, status=sent (delivered to maildir)',
  );
  assert.equal(
    maskLog('Dec 07 02:17:48 mail postfix/master[3]: warning: process /usr/lib/postfix/sbin/smtpd pid 10738 exit status 1', roots),
    'postfix/master: warning: process /usr/lib/postfix/sbin/smtpd pid N exit status 1',
  );
  // the reply text itself is never masked: SIZE 10240000 and other numbers stay
  assert.equal(
    maskLog(
      'Dec 07 02:17:48 mail postfix/smtpd[1]: NOQUEUE: reject: RCPT from localhost[203.0.113.7]: 554 5.7.1 <v@example.com>: Relay access denied',
      roots,
    ),
    'postfix/smtpd: NOQUEUE: reject: RCPT from localhost[203.0.113.7]: 554 5.7.1 <v@example.com>: Relay access denied',
  );
});

test('log lines: each side names its own main.cf and off-machine transport, read as one', () => {
  assert.equal(
    maskLog(
      `Dec 07 02:17:48 mail postfix/smtpd[1]: warning: ${roots.real}/etc/main.cf, line 33: overriding earlier entry: mynetworks=127.0.0.0/8`,
      roots,
    ),
    'postfix/smtpd: warning: /etc/postfix/main.cf, line N: overriding earlier entry: mynetworks=127.0.0.0/8',
  );
  assert.equal(
    maskLog(
      'Dec 07 02:17:48 mail postfix/smtpd[1]: warning: /etc/postfix/main.cf, line 12: overriding earlier entry: mynetworks=127.0.0.0/8',
      roots,
    ),
    'postfix/smtpd: warning: /etc/postfix/main.cf, line N: overriding earlier entry: mynetworks=127.0.0.0/8',
  );
  const real = maskLog(
    'Dec 07 02:17:48 mail postfix/discard[5]: 8C5423BC1E1: to=<v@example.com>, relay=none, delay=0.1, delays=0/0/0/0, dsn=2.0.0, status=sent (not delivered off the machine by this private test instance)',
    roots,
  );
  const sandbox = maskLog(
    'Dec 07 02:17:48 mail postfix/smtp[5]: 4376313171: to=<v@example.com>, relay=none, delay=0.1, delays=0/0/0/0, dsn=2.0.0, status=sent (captured in var/spool/outbox/4376313171.1.eml: the sandbox never relays mail off this machine)',
    roots,
  );
  assert.equal(real, sandbox);
  assert.equal(maskLog('Dec 07 02:17:48 mail postfix/master[3]: reload -- version 3.7.11, configuration /x', roots), undefined);
});

test('replies: queue ids and SASL challenge nonces are masked, the rest compared as it came', () => {
  assert.equal(maskReply('250 2.0.0 Ok: queued as D6EAE2125AE'), '250 2.0.0 Ok: queued as QID');
  assert.equal(
    maskReply('334 ' + Buffer.from('<2906052467.676490@mail.alexdns.local>').toString('base64')),
    '334 base64:<N.N@mail.alexdns.local>',
  );
  assert.equal(
    maskReply(
      '334 ' + Buffer.from('nonce="abc123",realm="mail.alexdns.local",qop="auth",charset=utf-8,algorithm=md5-sess').toString('base64'),
    ),
    '334 base64:nonce="N",realm="mail.alexdns.local",qop="auth",charset=utf-8,algorithm=md5-sess',
  );
  assert.equal(maskReply('334 VXNlcm5hbWU6'), '334 base64:Username:');
  assert.equal(maskReply('554 5.7.1 <v@example.com>: Relay access denied'), '554 5.7.1 <v@example.com>: Relay access denied');
});

test('main.cf: one entry per parameter, a later value replacing an earlier one in place, continuation lines joined', () => {
  const base = parseMainCf(
    '# comment\nmyhostname = vm\nsmtpd_relay_restrictions = permit_mynetworks\n    reject_unauth_destination\nmynetworks = 0.0.0.0/0\n',
  );
  assert.deepEqual(base, [
    ['myhostname', 'vm'],
    ['smtpd_relay_restrictions', 'permit_mynetworks reject_unauth_destination'],
    ['mynetworks', '0.0.0.0/0'],
  ]);
  assert.equal(
    mergeParams(base, { myhostname: 'mail.alexdns.local' }, { smtpd_helo_required: 'yes' }),
    'myhostname = mail.alexdns.local\nsmtpd_relay_restrictions = permit_mynetworks reject_unauth_destination\nmynetworks = 0.0.0.0/0\nsmtpd_helo_required = yes\n',
  );
});
