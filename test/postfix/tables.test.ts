// Lookup tables, aliases and network patterns from their text, without files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { parseTableSpec, tableFromText, missingTableIssue } from '../../src/postfix/tables.js';
import { parseAliases } from '../../src/postfix/aliases.js';
import { isIPv4, isIPv6, parseNetwork, matchNetwork, parseNetworkList, matchList } from '../../src/postfix/cidr.js';
import type { ConfigIssue } from '../../src/postfix/main-cf.js';

test('table specs: static and inline need no file; hash names one; a bad type is fatal', () => {
  const s = parseTableSpec('static:OK', 'main.cf', 3);
  assert.equal(s.kind === 'ready' && s.table.lookup('anything')?.value, 'OK');
  const i = parseTableSpec('inline:{ a@x=REJECT, b@x=OK }', 'main.cf', 3);
  assert.equal(i.kind === 'ready' && i.table.lookup('B@X')?.value, 'OK');
  // dict_inline: "{ key = value with spaces }" is one entry; bare entries split on commas and spaces
  const braced = parseTableSpec('inline:{ { a@example.net = REJECT Go away }, c=d e=f }', 'main.cf', 3);
  assert.equal(braced.kind === 'ready' && braced.table.lookup('a@example.net')?.value, 'REJECT Go away');
  assert.equal(braced.kind === 'ready' && braced.table.lookup('e')?.value, 'f');
  assert.deepEqual(parseTableSpec('hash:/etc/postfix/access', 'main.cf'), { kind: 'file', type: 'hash', name: '/etc/postfix/access' });
  const bad = parseTableSpec('mysql:/etc/x', 'main.cf', 3);
  assert.equal(
    bad.kind === 'bad' && bad.issues[0].text,
    'unsupported dictionary type: mysql (the sandbox reads hash, texthash, regexp, pcre, cidr, inline and static tables)',
  );
  const noType = parseTableSpec('/etc/x', 'main.cf', 3);
  assert.equal(
    noType.kind === 'bad' && noType.issues[0].text,
    'unsupported dictionary type: /etc/x (expected type:name, e.g. hash:/etc/postfix/sender_access)',
  );
  assert.equal(
    missingTableIssue('hash', '/etc/postfix/access', 'main.cf', 3).text,
    'open database /etc/postfix/access.db: No such file or directory (the sandbox reads the text file /etc/postfix/access as postmap would)',
  );
  assert.equal(missingTableIssue('regexp', '/etc/postfix/hc', 'main.cf').text, 'open database /etc/postfix/hc: No such file or directory');
});

const LOOKUPS: { type: string; text: string; key: string; value?: string; line?: number }[] = [
  {
    type: 'hash',
    text: '# c\nSpam@Example.net  REJECT go away\nspam@example.net OK\n',
    key: 'SPAM@example.NET',
    value: 'REJECT go away',
    line: 2,
  },
  { type: 'hash', text: 'a REJECT\n', key: 'b' },
  { type: 'regexp', text: '/^Subject:.*viagra/ REJECT no thanks\n', key: 'subject: Cheap VIAGRA', value: 'REJECT no thanks', line: 1 },
  { type: 'regexp', text: '/^Subject: (.*)/ WARN got $1\n', key: 'Subject: hello', value: 'WARN got hello', line: 1 },
  {
    type: 'regexp',
    text: 'if /^From:/\n!/example\\.org/ REJECT outsider\nendif\n',
    key: 'From: a@example.net',
    value: 'REJECT outsider',
    line: 2,
  },
  { type: 'regexp', text: 'if /^From:/\n!/example\\.org/ REJECT outsider\nendif\n', key: 'From: a@example.org' },
  { type: 'pcre', text: '/gtube/ DISCARD\n', key: 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE', value: 'DISCARD', line: 1 },
  { type: 'cidr', text: '192.0.2.0/24 REJECT\n[::1]/128 OK\n', key: '192.0.2.77', value: 'REJECT', line: 1 },
  { type: 'cidr', text: '192.0.2.0/24 REJECT\n[::1]/128 OK\n', key: '::1', value: 'OK', line: 2 },
];

for (const l of LOOKUPS) {
  test(`${l.type} table: ${l.key} → ${l.value ?? 'not found'}`, () => {
    const issues: ConfigIssue[] = [];
    const t = tableFromText(`${l.type}:/t`, l.type, '/t', l.text, issues);
    assert.deepEqual(issues, []);
    const hit = t.lookup(l.key);
    assert.equal(hit?.value, l.value);
    if (l.line) assert.equal(hit?.line, l.line);
  });
}

test('bad table lines are warnings; the rest of the table works', () => {
  const issues: ConfigIssue[] = [];
  const t = tableFromText('regexp:/hc', 'regexp', '/hc', 'no-delimiter REJECT\n/ok/ REJECT\n/noaction/\nendif\n', issues);
  assert.deepEqual(
    issues.map((i) => i.text),
    [
      'regexp map /hc, line 1: regular expression must start with a delimiter such as "/": no-delimiter REJECT',
      'regexp map /hc, line 3: no replacement text: "/noaction/"',
      'regexp map /hc, line 4: ignoring ENDIF without matching IF',
    ],
  );
  assert.equal(t.lookup('this is ok')?.value, 'REJECT');
  const c: ConfigIssue[] = [];
  tableFromText('cidr:/c', 'cidr', '/c', '300.1.1.1/8 OK\n', c);
  assert.deepEqual(
    c.map((i) => i.text),
    ['cidr map /c, line 1: bad net/mask pattern: "300.1.1.1/8 OK"'],
  );
});

test('aliases: names are case-insensitive, continuation lines join, the first entry wins', () => {
  const a = parseAliases('# aliases\npostmaster: root\nRoot: alex,\n  admin@example.net\n"quoted": x\npostmaster: other\n');
  assert.deepEqual(
    [...a],
    [
      ['postmaster', ['root']],
      ['root', ['alex', 'admin@example.net']],
      ['quoted', ['x']],
    ],
  );
});

test('isIPv4/isIPv6 accept what node:net accepts', () => {
  const cases = [
    '127.0.0.1',
    '1.2.3.4',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '2001:db8::1',
    'fe80::1%eth0',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    'gggg::1',
    '[::1]',
    '',
    'localhost',
    '1:2:3:4:5:6:1.2.3.4',
    '1::1.2.3.4',
    '::ffff:1.2.3.256',
    '2001:DB8::A',
  ];
  for (const c of cases) {
    assert.equal(isIPv4(c), net.isIPv4(c), `v4 ${c}`);
    assert.equal(isIPv6(c), net.isIPv6(c), `v6 ${c}`);
  }
});

const NETS: [string, string, boolean][] = [
  ['127.0.0.0/8', '127.1.2.3', true],
  ['127.0.0.0/8', '128.0.0.1', false],
  ['192.0.2.7', '192.0.2.7', true],
  ['127.0.0.0/8', '::ffff:127.0.0.1', true],
  ['[::ffff:127.0.0.0]/104', '::ffff:127.0.0.1', true],
  ['[::1]/128', '::1', true],
  ['2001:db8::/32', '2001:db8:1::5', true],
  ['2001:db8::/32', '2001:db9::5', false],
  ['0.0.0.0/0', '203.0.113.9', true],
];

for (const [pattern, addr, want] of NETS) {
  test(`${pattern} ${want ? 'matches' : 'does not match'} ${addr}`, () => assert.equal(matchNetwork(parseNetwork(pattern)!, addr), want));
}

test('network lists: addresses, names and what the sandbox cannot read', () => {
  const l = parseNetworkList(['127.0.0.0/8', '.example.net', 'trusted.example', 'hash:/etc/postfix/network_table', '1.2.3.4/33']);
  assert.deepEqual(l.names, ['.example.net', 'trusted.example']);
  assert.deepEqual(l.unsupported, ['hash:/etc/postfix/network_table', '1.2.3.4/33']);
  assert.equal(matchList(l, '127.0.0.1'), '127.0.0.0/8');
  assert.equal(matchList(l, '198.51.100.1', 'mx.example.net'), '.example.net');
  assert.equal(matchList(l, '198.51.100.1', 'a.trusted.example'), 'trusted.example');
  assert.equal(matchList(l, '198.51.100.1', 'unknown'), undefined);
});
