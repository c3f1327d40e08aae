// main.cf as Postfix reads it: values, $name expansion, booleans, lists, sizes, warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMainCf, param, rawValue, list, splitList, isYes, expand, withOverrides, formatIssue } from '../../src/postfix/main-cf.js';
import { DEFAULTS, MAIN_CF, MASTER_CF, MAIL_LOG, ALIASES, shownPath } from '../../src/postfix/defaults.js';

const cf = parseMainCf(
  [
    '# comment',
    'myhostname = mail.alexdns.local',
    'mydomain = alexdns.local',
    'mydestination = $myhostname, ${mydomain}, localhost.$(mydomain), localhost',
    'smtpd_relay_restrictions = permit_mynetworks,',
    '    permit_sasl_authenticated,',
    '    reject_unauth_destination',
    'smtpd_tls_auth_only = yes',
    'message_size_limit = 20480000',
    'smtpd_banner = $myhostname ESMTP${mail_name?  (}${relayhost:x}',
  ].join('\n'),
);

const VALUES: [string, string][] = [
  ['myhostname', 'mail.alexdns.local'],
  ['mydestination', 'mail.alexdns.local, alexdns.local, localhost.alexdns.local, localhost'],
  ['myorigin', 'mail.alexdns.local'],
  ['smtpd_relay_restrictions', 'permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination'],
  ['smtpd_banner', 'mail.alexdns.local ESMTP  (x'],
  ['message_size_limit', '20480000'],
  ['mailbox_size_limit', '51200000'],
  ['smtpd_sasl_tls_security_options', 'noanonymous'],
  ['relayhost', ''],
  ['not_a_parameter', ''],
];

for (const [name, want] of VALUES) {
  test(`param ${name} = "${want}"`, () => assert.equal(param(cf, name), want));
}

test("raw values: the learner's entry, else the default; unknown names are undefined", () => {
  assert.equal(rawValue(cf, 'myorigin'), '$myhostname');
  assert.equal(rawValue(cf, 'mydomain'), 'alexdns.local');
  assert.equal(rawValue(cf, 'nonexistent'), undefined);
  assert.equal(DEFAULTS.mynetworks, '127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128');
});

test('lists, booleans and expansion loops', () => {
  assert.deepEqual(list(cf, 'mydestination'), ['mail.alexdns.local', 'alexdns.local', 'localhost.alexdns.local', 'localhost']);
  assert.deepEqual(splitList(' a,b  c ,, d'), ['a', 'b', 'c', 'd']);
  for (const [v, want] of [
    ['yes', true],
    ['YES', true],
    ['true', true],
    ['1', true],
    [' yes ', true],
    ['no', false],
    ['', false],
    ['y', false],
  ] as const)
    assert.equal(isYes(v), want, v);
  assert.equal(isYes(param(cf, 'smtpd_tls_auth_only')), true);
  const loop = parseMainCf('a = $b\nb = $a\n');
  assert.equal(typeof expand(loop, '$a'), 'string');
});

// what `postconf -xh smtpd_banner` printed on Postfix 3.7.11 for this main.cf: A20B 1 mail.x y legacy .
test("Postfix 3's ${name?{text1}:{text2}} and the braced ${name?{text}} / ${name:{text}} expand as postconf -x does", () => {
  const c = parseMainCf('busy = yes\nstress =\nmyhostname = mail.x\n');
  assert.equal(
    expand(c, 'A${stress?{1}:{20}}B ${busy?{1}:{20}} ${busy?{$myhostname}} ${stress:{y}} ${busy?legacy} ${busy:{y}}.'),
    'A20B 1 mail.x y legacy .',
  );
  // the default the error limits run with
  assert.equal(param(parseMainCf(''), 'smtpd_hard_error_limit'), '20');
  assert.equal(expand(c, '$(myhostname) ${nosuch} a $ b'), 'mail.x  a $ b');
});

const ISSUES: { text: string; want: string[] }[] = [
  { text: 'myhostname = a\nmyhostname = b\n', want: ['warning: /etc/postfix/main.cf, line 2: overriding earlier entry: myhostname=a'] },
  // postconf names no line for these two (seen on a real Postfix 3.7.11)
  { text: 'frobnicate = 1\n', want: ['warning: /etc/postfix/main.cf: unused parameter: frobnicate=1'] },
  { text: 'aaa = $bbb\nbbb = x\nfrobnicate = $aaa\n', want: ['warning: /etc/postfix/main.cf: unused parameter: frobnicate=$aaa'] },
  { text: 'myhostname\n', want: ['fatal: /etc/postfix/main.cf, line 1: missing \'=\' after attribute name: "myhostname"'] },
  {
    text: ' myhostname = a\n',
    want: ['warning: /etc/postfix/main.cf: logical line must not start with whitespace: " myhostname = a"'],
  },
  { text: 'my$host = a\n', want: ['fatal: /etc/postfix/main.cf, line 1: bad parameter name: "my$host"'] },
  { text: 'smtp_destination_concurrency_limit = 2\nsmtpd_tls_CAfile = /x\n', want: [] },
];

for (const c of ISSUES) {
  test(`issues for ${JSON.stringify(c.text)}`, () => assert.deepEqual(parseMainCf(c.text).issues.map(formatIssue), c.want));
}

test('master.cf -o overrides apply to one service only', () => {
  const sub = withOverrides(cf, { smtpd_tls_security_level: 'encrypt', myhostname: 'sub.example' });
  assert.equal(param(sub, 'smtpd_tls_security_level'), 'encrypt');
  assert.equal(param(sub, 'myorigin'), 'sub.example');
  assert.equal(param(cf, 'smtpd_tls_security_level'), '');
  assert.equal(withOverrides(cf, {}), cf);
});

test('values are kept per snapshot: an override asked after the base values still sees its own', () => {
  const base = parseMainCf('myhostname = mail.example\nmyorigin = $myhostname\n');
  assert.equal(param(base, 'myorigin'), 'mail.example');
  assert.equal(param(base, 'myorigin'), 'mail.example');
  const sub = withOverrides(base, { myhostname: 'sub.example' });
  assert.equal(param(sub, 'myorigin'), 'sub.example');
  assert.equal(param(base, 'myorigin'), 'mail.example');
  assert.equal(param(parseMainCf('myhostname = other.example\nmyorigin = $myhostname\n'), 'myorigin'), 'other.example');
});

test('the Postfix paths are workspace-relative, shown absolute in messages', () => {
  assert.deepEqual(
    [MAIN_CF, MASTER_CF, MAIL_LOG, ALIASES],
    ['etc/postfix/main.cf', 'etc/postfix/master.cf', 'var/log/mail.log', 'etc/aliases'],
  );
  assert.equal(shownPath(MAIN_CF), '/etc/postfix/main.cf');
  assert.equal(shownPath('/etc/aliases'), '/etc/aliases');
  assert.equal(parseMainCf('').file, '/etc/postfix/main.cf');
});
