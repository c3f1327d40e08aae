// postconf(1) and `postfix check` over a workspace's main.cf/master.cf: every expected text here is
// what the real Postfix 3.7.11 (Debian 12) printed for the same files (config dir shown as /etc/postfix).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runPostconf } from '../../src/postfix/postconf.js';
import { postfixCheck } from '../../src/postfix/postfix-check.js';
import { builtinDefault, defaultHostname, defaultDomain, isBooleanParam, POSTFIX_DEFAULTS } from '../../src/postfix/postconf-defaults.js';
import { parseMainCf, param, formatIssue, describeIssue } from '../../src/postfix/main-cf.js';
import { booleanIssues, macroLoopIssues, networkIssues, hostBitsFix } from '../../src/postfix/main-cf-values.js';

const MAIN = readFileSync(new URL('../../sandbox/etc/postfix/main.cf', import.meta.url), 'utf8');
const MASTER = readFileSync(new URL('../../sandbox/etc/postfix/master.cf', import.meta.url), 'utf8');
const facts = { hostname: 'vm', pid: 4242 };
const pc = (args: string[], mainCf: string | undefined = MAIN, masterCf: string | undefined = MASTER) =>
  runPostconf({ args, mainCf, masterCf, facts });

test('postconf NAME: main.cf value, default, unknown parameter (exit 0)', () => {
  const r = pc(['myhostname', 'mydomain', 'biff', 'nosuch', 'mynetworks_style']);
  assert.equal(
    r.stdout,
    'myhostname = vm\nmydomain = alexdns.local\nbiff = no\nmynetworks_style = ${{$compatibility_level} <level {2} ? {subnet} : {host}}\n',
  );
  assert.equal(r.stderr, 'postconf: warning: nosuch: unknown parameter\n');
  assert.equal(r.code, 0);
  assert.equal(pc(['-h', 'smtpd_banner']).stdout, '$myhostname ESMTP $mail_name (Debian/GNU)\n');
  assert.equal(pc(['relayhost']).stdout, 'relayhost =\n');
});

test('postconf -n: what main.cf sets, sorted; -nh values only', () => {
  const r = pc(['-n']);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'alias_database = hash:/etc/aliases');
  assert.deepEqual([...lines].sort(), lines);
  assert.ok(lines.includes('mynetworks = 0.0.0.0/0 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128'));
  assert.equal(lines.length, 23);
  assert.equal(pc(['-nh', 'biff', 'myorigin']).stdout, 'no\n$mydomain\n');
});

test('postconf -d: Postfix 3.7 defaults; myhostname and mydomain from the machine, not main.cf', () => {
  assert.equal(
    pc(['-d', 'myhostname', 'mydomain', 'alias_maps', 'mail_version']).stdout,
    'myhostname = vm.localdomain\nmydomain = localdomain\nalias_maps = hash:/etc/aliases, nis:mail.aliases\nmail_version = 3.7.11\n',
  );
  assert.equal(pc(['-d', 'nosuch']).stderr, 'postconf: warning: nosuch: unknown parameter\n');
  assert.equal(pc(['-dh', 'smtpd_banner']).stdout, '$myhostname ESMTP $mail_name\n');
  // 831 built-in parameters, and the per-transport ones of master.cf's delivery services: the
  // real `postconf -d` printed 941 lines for this master.cf, line for line the same but process_id and mynetworks
  assert.equal(Object.keys(POSTFIX_DEFAULTS).length, 831);
  assert.equal(pc(['-d']).stdout.split('\n').length - 1, 941);
  assert.equal(
    pc(['-d', 'relay_destination_concurrency_limit', 'smtp_time_limit']).stdout,
    'relay_destination_concurrency_limit = $default_destination_concurrency_limit\n',
  );
  assert.equal(
    pc(['-d', 'spamassassin_time_limit'], MAIN, MASTER + 'spamassassin unix - n n - - pipe user=spamd argv=/bin/true\n').stdout,
    'spamassassin_time_limit = $command_time_limit\n',
  );
  // main.cf plays no part in -d: not even a broken one
  assert.equal(pc(['-d', 'biff'], 'this line is not a parameter\n').code, 0);
});

test('myhostname when main.cf sets none: gethostname, plus .mydomain without a dot', () => {
  const noHost = MAIN.replace(/^myhostname = .*\n/m, '');
  assert.equal(pc(['myhostname', 'mydomain'], noHost).stdout, 'myhostname = vm.alexdns.local\nmydomain = alexdns.local\n');
  assert.equal(
    runPostconf({ args: ['-x', 'smtpd_banner'], mainCf: noHost, masterCf: MASTER, facts }).stdout,
    'smtpd_banner = vm.alexdns.local ESMTP Postfix (Debian/GNU)\n',
  );
  const noDomain = noHost.replace(/^mydomain = .*\n/m, '');
  assert.equal(pc(['myhostname', 'mydomain'], noDomain).stdout, 'myhostname = vm.localdomain\nmydomain = localdomain\n');
  assert.equal(pc(['mydomain'], noDomain + 'myhostname = mail.example.org\n').stdout, 'mydomain = example.org\n');
  assert.equal(defaultHostname({ hostname: 'mail.example.org' }), 'mail.example.org');
  assert.equal(defaultDomain('example.com'), 'localdomain');
  assert.equal(builtinDefault('process_id', facts), '4242');
  const cf = parseMainCf(noHost, undefined, { hostname: 'vm' });
  assert.equal(param(cf, 'smtpd_banner'), 'vm.alexdns.local ESMTP Postfix (Debian/GNU)');
});

test('postconf -M: master.cf at postconf columns; service and service/type; unmatched request', () => {
  const r = pc(['-M', 'smtp', 'submission/inet', 'nosuch']);
  assert.equal(
    r.stdout,
    'smtp       inet  n       -       y       -       -       smtpd\nsmtp       unix  -       -       y       -       -       smtp\n',
  );
  assert.equal(r.stderr, 'postconf: warning: unmatched request: "submission/inet"\npostconf: warning: unmatched request: "nosuch"\n');
  assert.equal(r.code, 0);
  const all = pc(['-M']).stdout.split('\n');
  assert.ok(all.includes('relay      unix  -       -       y       -       -       smtp -o syslog_name=postfix/$service_name'));
  assert.ok(all.includes('postlog    unix-dgram n  -       n       -       1       postlogd'));
  const master =
    'smtp inet n - y - - smtpd -o { smtpd_banner = a b }\n  -o smtpd_helo_required=yes\n  -v\nspamassassin unix - n n - - pipe\n' +
    '  user=spamd argv=/usr/bin/spamc -f -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}\n';
  assert.equal(
    pc(['-M'], MAIN, master).stdout,
    'smtp       inet  n       -       y       -       -       smtpd -o {smtpd_banner=a b} -o smtpd_helo_required=yes -v\n' +
      'spamassassin unix -      n       n       -       -       pipe user=spamd argv=/usr/bin/spamc -f -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}\n',
  );
  assert.equal(
    pc(['-Mf'], MAIN, master).stdout,
    'smtp       inet  n       -       y       -       -       smtpd\n    -o {smtpd_banner=a b}\n    -o smtpd_helo_required=yes\n    -v\n' +
      'spamassassin unix -      n       n       -       -       pipe user=spamd\n    argv=/usr/bin/spamc -f -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}\n',
  );
  const bad = pc(['-M'], MAIN, 'smtp inet n - y - - smtpd\nbroken inet n -\n');
  assert.deepEqual([bad.stdout, bad.stderr, bad.code], ['', 'postconf: fatal: file /etc/postfix/master.cf: line 2: bad field count\n', 1]);
});

test("postconf's warnings: overriding entries first, unused parameters last, each once; fatal errors exit 1", () => {
  const r = pc(['biff', 'foo'], MAIN + 'foo = bar\nbiff = yes\naaa = $bbb\nbbb = $aaa\n');
  assert.equal(r.stdout, 'biff = yes\n');
  assert.equal(
    r.stderr,
    'postconf: warning: /etc/postfix/main.cf, line 50: overriding earlier entry: biff=no\n' +
      'postconf: warning: foo: unknown parameter\n' +
      'postconf: warning: /etc/postfix/main.cf: unused parameter: foo=bar\n',
  );
  // a name another value uses ($bbb) is shown by -n; the one using it, known to no one, is unused
  const used = pc(['-n'], MAIN + 'aaa = $bbb\nbbb = x\n');
  assert.match(used.stdout, /^bbb = x$/m);
  assert.doesNotMatch(used.stdout, /^aaa/m);
  assert.equal(used.stderr, 'postconf: warning: /etc/postfix/main.cf: unused parameter: aaa=$bbb\n');
  const ws = pc(['foo'], '  foo = bar\n' + MAIN);
  assert.equal(
    ws.stderr,
    'postconf: warning: /etc/postfix/main.cf: logical line must not start with whitespace: "  foo = bar"\npostconf: warning: foo: unknown parameter\n',
  );
  const broken = pc(['myhostname'], MAIN + 'this line is not a parameter\n');
  assert.deepEqual(
    [broken.stdout, broken.stderr, broken.code],
    ['', 'postconf: fatal: /etc/postfix/main.cf, line 49: missing \'=\' after attribute name: "this line is not a parameter"\n', 1],
  );
  assert.equal(pc(['-q']).stderr.split('\n')[0], "postconf: invalid option -- 'q'");
});

test('a $name loop: postconf names the macro where nesting became unreasonable, then dies', () => {
  const cases: [string, string][] = [
    ['aaa = $bbb\nbbb = $aaa\nsmtpd_banner = $aaa ESMTP\n', 'bbb'],
    ['aaa = $bbb\nbbb = $aaa\nsmtpd_banner = $bbb ESMTP\n', 'aaa'],
    ['aaa = $bbb\nbbb = $ccc\nccc = $aaa\nsmtpd_banner = $aaa ESMTP\n', 'ccc'],
    ['aaa = $aaa\nsmtpd_banner = $aaa ESMTP\n', 'aaa'],
  ];
  for (const [extra, name] of cases) {
    const r = pc(['mydomain'], MAIN + extra);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      new RegExp(`postconf: warning: unreasonable macro call nesting: "${name}"\npostconf: fatal: macro processing error\n$`),
    );
  }
  // a loop nothing Postfix knows refers to is harmless
  assert.equal(pc(['mydomain'], MAIN + 'aaa = $bbb\nbbb = $aaa\n').code, 0);
  // smtpd's words, and the banner the sandbox then serves: never "$aaa"
  const cf = parseMainCf(MAIN + 'aaa = $bbb\nbbb = $aaa\nsmtpd_banner = $aaa ESMTP\n');
  assert.deepEqual(macroLoopIssues(cf, 'smtpd').map(formatIssue), [
    'warning: unreasonable macro call nesting: "bbb"',
    'fatal: dictionary mail_dict: macro processing error',
  ]);
  assert.equal(param(cf, 'smtpd_banner'), 'vm ESMTP Postfix');
});

test('bad booleans: only yes or no (any case); smtpd dies on any, the postfix command on global ones', () => {
  const cf = parseMainCf(MAIN + 'smtpd_helo_required = maybe\n');
  const [i] = booleanIssues(cf);
  assert.equal(formatIssue(i), 'fatal: bad boolean configuration: smtpd_helo_required = maybe');
  assert.equal(describeIssue(i), 'fatal: bad boolean configuration: smtpd_helo_required = maybe (/etc/postfix/main.cf, line 49)');
  assert.equal(i.program, 'smtpd');
  assert.deepEqual(booleanIssues(cf, true), []);
  assert.deepEqual(booleanIssues(parseMainCf('smtpd_helo_required = YES\nbiff = No\n')), []);
  assert.equal(
    formatIssue(booleanIssues(parseMainCf('smtpd_use_tls = true\n'))[0]),
    'fatal: bad boolean configuration: smtpd_use_tls = true',
  );
  assert.equal(
    formatIssue(booleanIssues(parseMainCf('x = maybe\nsmtputf8_enable = $x\n'), true)[0]),
    'fatal: bad boolean configuration: smtputf8_enable = maybe',
  );
  assert.equal(isBooleanParam('smtpd_helo_required'), true);
  assert.equal(isBooleanParam('readme_directory'), false);
});

test('postfix check: the three programs that speak, in their words', () => {
  assert.deepEqual(postfixCheck(MAIN, MASTER, facts), { lines: [], code: 0 });
  assert.deepEqual(postfixCheck(MAIN + 'this line is not a parameter\n', MASTER, facts), {
    lines: ['postfix: fatal: /etc/postfix/main.cf, line 49: missing \'=\' after attribute name: "this line is not a parameter"'],
    code: 1,
  });
  assert.deepEqual(postfixCheck(MAIN + 'smtputf8_enable = maybe\n', MASTER, facts), {
    lines: ['postfix: fatal: bad boolean configuration: smtputf8_enable = maybe'],
    code: 1,
  });
  // smtpd's own booleans pass postfix check: smtpd dies on them when a client connects
  assert.deepEqual(postfixCheck(MAIN + 'smtpd_helo_required = maybe\n', MASTER, facts), { lines: [], code: 0 });
  assert.deepEqual(postfixCheck(MAIN + 'message_size_limit = 10MB\n', MASTER, facts), {
    lines: ['postfix: fatal: bad numerical configuration: message_size_limit = 10MB'],
    code: 1,
  });
  assert.deepEqual(postfixCheck(MAIN, MASTER + 'foo bogus n - y - - smtpd\n', facts), {
    lines: [
      '/usr/sbin/postconf: fatal: invalid type field "bogus" in "foo bogus n - y - - smtpd"',
      'postfix/postfix-script: fatal: cannot execute /usr/sbin/postconf!',
    ],
    code: 1,
  });
  assert.deepEqual(
    postfixCheck(MAIN, MASTER + 'foo bar baz\n', facts).lines[0],
    `/usr/sbin/postconf: fatal: file /etc/postfix/master.cf: line ${MASTER.split('\n').length}: bad field count`,
  );
  const over = postfixCheck(MAIN + 'foo = bar\nbiff = yes\n', MASTER, facts);
  assert.deepEqual(over, {
    lines: [
      'postfix: warning: /etc/postfix/main.cf, line 50: overriding earlier entry: biff=no',
      '/usr/sbin/postconf: warning: /etc/postfix/main.cf, line 50: overriding earlier entry: biff=no',
      '/usr/sbin/postconf: warning: /etc/postfix/main.cf: unused parameter: foo=bar',
      'postsuper: warning: /etc/postfix/main.cf, line 50: overriding earlier entry: biff=no',
    ],
    code: 0,
  });
  const loop = postfixCheck(MAIN + 'aaa = $bbb\nbbb = $aaa\nsmtpd_banner = $aaa ESMTP\n', MASTER, facts);
  assert.equal(loop.code, 1);
  assert.deepEqual(loop.lines.slice(-3), [
    '/usr/sbin/postconf: warning: unreasonable macro call nesting: "bbb"',
    '/usr/sbin/postconf: fatal: macro processing error',
    'postfix/postfix-script: fatal: cannot execute /usr/sbin/postconf!',
  ]);
});

test('mynetworks with host bits: smtpd warns and suggests the network', () => {
  assert.equal(hostBitsFix('127.0.0.1/8'), '127.0.0.0/8');
  assert.equal(hostBitsFix('192.0.2.0/24'), undefined);
  assert.equal(hostBitsFix('10.1.2.3/32'), undefined);
  assert.equal(hostBitsFix('172.16.5.4/12'), '172.16.0.0/12');
  const [w] = networkIssues(parseMainCf('mynetworks = 127.0.0.1/8\n'));
  assert.equal(
    formatIssue(w),
    'warning: mynetworks: non-null host address bits in "127.0.0.1/8", perhaps you should use "127.0.0.0/8" instead',
  );
  assert.deepEqual(networkIssues(parseMainCf(MAIN)), []);
});

test('postconf -e: each entry becomes one line, new names go at the end, all or nothing', () => {
  const text = 'biff = no\nmyhostname = vm\nfoo = a\n  b\n# end\n';
  const r = pc(['-e', 'myhostname = mail.example.org', 'smtpd_helo_required=yes', 'foo=c', 'biff ='], text);
  assert.deepEqual(r, {
    stdout: '',
    stderr: '',
    code: 0,
    mainCf: 'biff = \nmyhostname = mail.example.org\nfoo = c\n# end\nsmtpd_helo_required = yes\n',
  });
  const twice = pc(['-e', 'biff = maybe'], 'biff = no\nx = 1\nbiff = yes\n');
  assert.equal(twice.mainCf, 'biff = maybe\nx = 1\nbiff = maybe\n');
  assert.equal(twice.stderr, 'postconf: warning: /etc/postfix/main.cf: multiple entries for "biff"\n');
  // no newline at the end: appended right after it, as the real one does
  assert.equal(pc(['-e', 'x1 = 2'], '# trailing comment').mainCf, '# trailing commentx1 = 2\n');
  assert.deepEqual(pc(['-e', 'myhostname=x', 'smtpd_banner'], text), {
    stdout: '',
    stderr: 'postconf: fatal: missing \'=\' after attribute name: "smtpd_banner"\n',
    code: 1,
  });
});

test('postconf reads master.cf in every mode: its -o names count, its errors are fatal', () => {
  const master = MASTER + 'x inet n - y - - smtpd -o foo_bar=1 -o smtpd_helo_required=$mine\n';
  const r = pc(['myhostname'], MAIN + 'mine = yes\nfoo = 1\n', master);
  assert.equal(r.stdout, 'myhostname = vm\n');
  assert.equal(
    r.stderr,
    'postconf: warning: /etc/postfix/main.cf: unused parameter: foo=1\npostconf: warning: /etc/postfix/master.cf: unused parameter: foo_bar=1\n',
  );
  const broken = pc(['myhostname'], MAIN, 'smtp inet n - y - - smtpd\nbroken inet n -\n');
  assert.deepEqual(
    [broken.stdout, broken.stderr, broken.code],
    ['', 'postconf: fatal: file /etc/postfix/master.cf: line 2: bad field count\n', 1],
  );
});

test('postfix check warns of master.cf -o names no one knows, through postconf', () => {
  const master = MASTER + 'x inet n - y - - smtpd -o foo_bar=1\n';
  assert.deepEqual(postfixCheck(MAIN, master, facts), {
    lines: ['/usr/sbin/postconf: warning: /etc/postfix/master.cf: unused parameter: foo_bar=1'],
    code: 0,
  });
});

test('per-transport parameters: known for a delivery service of master.cf, unused otherwise', () => {
  const master = MASTER + 'spamassassin unix - n n - - pipe user=spamd argv=/bin/true\n';
  const r = pc(['spamassassin_destination_recipient_limit'], MAIN + 'spamassassin_destination_recipient_limit = 1\n', master);
  assert.deepEqual([r.stdout, r.stderr], ['spamassassin_destination_recipient_limit = 1\n', '']);
  const gone = pc(['-n'], MAIN + 'spamassassin_destination_recipient_limit = 1\n');
  assert.equal(gone.stderr, 'postconf: warning: /etc/postfix/main.cf: unused parameter: spamassassin_destination_recipient_limit=1\n');
  assert.equal(pc(['smtp_time_limit']).stderr, 'postconf: warning: smtp_time_limit: unknown parameter\n');
});
