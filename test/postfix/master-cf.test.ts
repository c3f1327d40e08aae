// master.cf as Postfix reads it: services, -o overrides, pipe arguments, warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMasterCf, findService, findSmtpdService } from '../../src/postfix/master-cf.js';
import { formatIssue } from '../../src/postfix/main-cf.js';

const m = parseMasterCf(
  [
    '# service type  private unpriv  chroot  wakeup  maxproc command + args',
    'smtp      inet  n       -       y       -       -       smtpd',
    'submission inet n       -       y       -       -       smtpd',
    '  -o syslog_name=postfix/submission',
    '  -o smtpd_tls_security_level=encrypt',
    '  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }',
    '127.0.0.1:10025 inet n  -       n       -       -       smtpd -o content_filter=',
    'spamassassin unix -     n       n       -       -       pipe',
    '  user=debian-spamd argv=/usr/bin/spamc -f -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}',
  ].join('\n'),
);

const SERVICES: {
  name: string;
  type?: 'inet' | 'unix';
  command: string;
  options: Record<string, string>;
  args?: string[];
  line: number;
}[] = [
  { name: 'smtp', command: 'smtpd', options: {}, args: [], line: 2 },
  {
    name: 'submission',
    command: 'smtpd',
    options: {
      syslog_name: 'postfix/submission',
      smtpd_tls_security_level: 'encrypt',
      smtpd_client_restrictions: 'permit_sasl_authenticated, reject',
    },
    line: 3,
  },
  { name: '127.0.0.1:10025', command: 'smtpd', options: { content_filter: '' }, line: 7 },
  {
    name: 'spamassassin',
    type: 'unix',
    command: 'pipe',
    options: {},
    args: ['user=debian-spamd', 'argv=/usr/bin/spamc', '-f', '-e', '/usr/sbin/sendmail', '-oi', '-f', '${sender}', '${recipient}'],
    line: 8,
  },
];

for (const s of SERVICES) {
  test(`service ${s.name}/${s.type ?? 'inet'}: ${s.command} with ${JSON.stringify(s.options)}`, () => {
    const got = findService(m, s.name, s.type ?? 'inet');
    assert.ok(got);
    assert.equal(got.command, s.command);
    assert.deepEqual(got.options, s.options);
    if (s.args) assert.deepEqual(got.args, s.args);
    assert.equal(got.line, s.line);
  });
}

test('the smtpd service of a listener, by name or port', () => {
  assert.equal(findSmtpdService(m, ['submission', '587'])?.name, 'submission');
  assert.equal(findSmtpdService(m, ['10025'])?.name, '127.0.0.1:10025');
  assert.equal(findSmtpdService(m, ['smtps', '465']), undefined);
  assert.deepEqual(m.issues, []);
  assert.equal(m.file, '/etc/postfix/master.cf');
});

const ISSUES: { text: string; want: string[]; services: number }[] = [
  {
    text: 'smtp inet n - y - - smtpd\nsmtp inet n - y - - smtpd -v\n',
    want: ['warning: /etc/postfix/master.cf, line 2: duplicate service name/type entry "smtp/inet" (the one at line 1 is ignored)'],
    services: 1,
  },
  {
    text: 'smtp inet n - y - smtpd\n',
    want: ['fatal: file /etc/postfix/master.cf: line 1: bad field count'],
    services: 0,
  },
  { text: 'smtp tcp n - y - - smtpd\n', want: ['fatal: invalid type field "tcp" in "smtp tcp n - y - - smtpd"'], services: 0 },
  { text: 'smtp inet x - y - - smtpd\n', want: ['fatal: invalid private field "x" in "smtp inet x - y - - smtpd"'], services: 0 },
  { text: 'smtp inet n q y - - smtpd\n', want: ['fatal: invalid unprivileged field "q" in "smtp inet n q y - - smtpd"'], services: 0 },
  { text: 'smtp inet n - q - - smtpd\n', want: ['fatal: invalid chroot field "q" in "smtp inet n - q - - smtpd"'], services: 0 },
  { text: 'smtp inet n - y 10x - smtpd\n', want: ['fatal: invalid wakeup field "10x" in "smtp inet n - y 10x - smtpd"'], services: 0 },
  { text: 'smtp inet n - y - z smtpd\n', want: ['fatal: invalid process_limit field "z" in "smtp inet n - y - z smtpd"'], services: 0 },
  { text: 'pickup unix n - y 60? 1 pickup\n', want: [], services: 1 },
  {
    text: 'smtp inet n - y - - smtpd -o\n',
    want: ['fatal: /etc/postfix/master.cf, line 1: option requires an argument -- o'],
    services: 0,
  },
  {
    text: 'smtp inet n - y - - smtpd -o novalue\n',
    want: ['fatal: /etc/postfix/master.cf, line 1: missing \'=\' after attribute name: "novalue"'],
    services: 0,
  },
  {
    text: 'smtp inet n - y - - smtpd -o { a = b\n',
    want: ['fatal: /etc/postfix/master.cf, line 1: missing \'}\' in "{ a = b"'],
    services: 0,
  },
  {
    text: '  -o a=b\n',
    want: ['warning: /etc/postfix/master.cf: logical line must not start with whitespace: "  -o a=b"'],
    services: 0,
  },
];

for (const c of ISSUES) {
  test(`master.cf issues for ${JSON.stringify(c.text)}`, () => {
    const r = parseMasterCf(c.text);
    assert.deepEqual(r.issues.map(formatIssue), c.want);
    assert.equal(r.services.length, c.services);
  });
}
