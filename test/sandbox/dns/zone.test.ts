import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseZone, parseTtl, formatIssue, hasFatal, type Zone, type ZoneRecord } from '../../../src/sandbox/dns/zone.js';
import { tokenize } from '../../../src/sandbox/dns/tokenize.js';
import { parseNamedConf } from '../../../src/sandbox/dns/zones.js';

const FILE = 'etc/bind/db.alexdns.local';
const HEAD = `$TTL 3600
@ IN SOA ns1 hostmaster ( 1 3600 900 604800 300 )
  IN NS ns1
ns1 IN A 127.0.0.1
`;

function zone(body: string, origin = 'alexdns.local', read?: (p: string) => { text?: string; display: string; error?: string }): Zone {
  return parseZone(HEAD + body, { origin, file: FILE, read });
}

function only(z: Zone, name: string, type: string): ZoneRecord[] {
  return z.records.filter((r) => r.name === name && r.data.type === type);
}

function fatals(z: Zone): string[] {
  return z.issues.filter((i) => i.severity === 'fatal').map(formatIssue);
}

test('TTL syntax: seconds and BIND units', () => {
  assert.equal(parseTtl('3600'), 3600);
  assert.equal(parseTtl('1h30m'), 5400);
  assert.equal(parseTtl('1W'), 604800);
  assert.equal(parseTtl('1d2'), undefined);
  assert.equal(parseTtl('abc'), undefined);
});

test('the template-like zone: @, relative and absolute names, blank owner, SOA in parentheses', () => {
  const z = zone(`mail IN A 127.0.0.1
@ IN MX 10 mail
  IN MX 20 mx2.example.net.
www 300 IN CNAME @
`);
  assert.deepEqual(fatals(z), []);
  assert.equal(z.soa?.data.serial, 1);
  assert.equal(z.soa?.data.mname, 'ns1.alexdns.local');
  assert.equal(z.soa?.data.rname, 'hostmaster.alexdns.local');
  assert.deepEqual(
    only(z, 'alexdns.local', 'MX').map((r) => r.data),
    [
      { type: 'MX', preference: 10, exchange: 'mail.alexdns.local' },
      { type: 'MX', preference: 20, exchange: 'mx2.example.net' },
    ],
  );
  const www = only(z, 'www.alexdns.local', 'CNAME')[0];
  assert.equal(www.ttl, 300);
  assert.deepEqual(www.data, { type: 'CNAME', target: 'alexdns.local' });
  // the NS line has a blank owner: it belongs to @
  assert.equal(only(z, 'alexdns.local', 'NS').length, 1);
});

test('TTL and class in either order; the last explicit TTL is not the default when $TTL is set', () => {
  const z = zone(`a 60 IN A 192.0.2.1
b IN 120 A 192.0.2.2
c A 192.0.2.3
`);
  assert.deepEqual(fatals(z), []);
  assert.equal(only(z, 'a.alexdns.local', 'A')[0].ttl, 60);
  assert.equal(only(z, 'b.alexdns.local', 'A')[0].ttl, 120);
  assert.equal(only(z, 'c.alexdns.local', 'A')[0].ttl, 3600);
});

test('the default.txt that opendkim-genkey writes, multi-line with several quoted strings', () => {
  const p1 = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu5oIv1vXJhqmDWlD9oH1K0w4W0qg6HRqvRj2a8m3Jm+1gW6L7Lr5Xw3pR8bA3';
  const p2 = 'TcG8lVvqYq0e1f9Z2Y7x3QIDAQAB';
  const text = `default._domainkey\tIN\tTXT\t( "v=DKIM1; h=sha256; k=rsa; "\n\t  "p=${p1}"\n\t  "${p2}" )  ; ----- DKIM key default for alexdns.local\n`;
  const z = zone(text);
  assert.deepEqual(fatals(z), []);
  const r = only(z, 'default._domainkey.alexdns.local', 'TXT')[0];
  assert.ok(r);
  const strings = (r.data as { strings: Buffer[] }).strings.map((s) => s.toString());
  assert.deepEqual(strings, ['v=DKIM1; h=sha256; k=rsa; ', `p=${p1}`, p2]);
  assert.equal(strings.join(''), `v=DKIM1; h=sha256; k=rsa; p=${p1}${p2}`);
});

test('quoted strings keep spaces, semicolons and escapes', () => {
  const z = zone(`@ IN TXT "v=spf1 ip4:192.0.2.1 -all"
t1 IN TXT "a \\"quoted\\" word; not a comment" "\\065\\066"
t2 IN TXT unquoted words
`);
  assert.deepEqual(fatals(z), []);
  assert.deepEqual(
    only(z, 'alexdns.local', 'TXT').map((r) => (r.data as { strings: Buffer[] }).strings.map(String)),
    [['v=spf1 ip4:192.0.2.1 -all']],
  );
  assert.deepEqual((only(z, 't1.alexdns.local', 'TXT')[0].data as { strings: Buffer[] }).strings.map(String), [
    'a "quoted" word; not a comment',
    'AB',
  ]);
  assert.deepEqual((only(z, 't2.alexdns.local', 'TXT')[0].data as { strings: Buffer[] }).strings.map(String), ['unquoted', 'words']);
});

test('DNSBL owner names such as 2.0.0.127 are names, not TTLs', () => {
  const z = zone(
    `2.0.0.127 IN A 127.0.0.2
          IN TXT "https://www.spamhaus.org/query/ip/127.0.0.2"
5.0.0.127 A 127.0.0.2
`,
    'zen.spamhaus.org',
  );
  assert.deepEqual(fatals(z), []);
  assert.equal(only(z, '2.0.0.127.zen.spamhaus.org', 'A')[0].data.type, 'A');
  assert.equal(only(z, '2.0.0.127.zen.spamhaus.org', 'TXT').length, 1);
  assert.equal(only(z, '5.0.0.127.zen.spamhaus.org', 'A').length, 1);
});

test('AAAA, PTR, NS and $ORIGIN', () => {
  const z = zone(`$ORIGIN sub.alexdns.local.
host IN AAAA 2001:DB8::1
$ORIGIN alexdns.local.
ptr IN PTR host.sub
`);
  assert.deepEqual(fatals(z), []);
  assert.deepEqual(only(z, 'host.sub.alexdns.local', 'AAAA')[0].data, { type: 'AAAA', address: '2001:db8::1' });
  assert.deepEqual(only(z, 'ptr.alexdns.local', 'PTR')[0].data, { type: 'PTR', target: 'host.sub.alexdns.local' });
});

test('errors name the file and the line', () => {
  const z = zone(`mail IN A 127.0.0.1
www IN A 192.0.2.300
`);
  assert.ok(hasFatal(z));
  assert.deepEqual(fatals(z), [`${FILE}, line 6: bad IPv4 address "192.0.2.300"`]);
});

test('errors inside a multi-line record point at the line of the bad token', () => {
  const z = parseZone(
    `$TTL 1h
@ IN SOA ns1 hostmaster (
   1
   3600
   bogus
   604800 300 )
  IN NS ns1
`,
    { origin: 'alexdns.local', file: FILE },
  );
  assert.deepEqual(fatals(z), [`${FILE}, line 5: bad SOA retry "bogus"`]);
});

test('named-checkzone-like zone errors', () => {
  const cases: [string, RegExp][] = [
    ['www IN CNAME @\nwww IN A 192.0.2.1\n', /CNAME and other data/],
    ['x IN MX ten mail\n', /line 5: bad MX preference "ten"/],
    ['x IN SRV 0 0 25 mail\n', /line 5: unknown record type "SRV"/],
    ['x IN TXT "never closed\n', /line 5: unterminated quoted string/],
    ['x IN TXT ( "a"\n', /line 5: unbalanced parentheses/],
    ['x IN AAAA 2001:db8::g\n', /bad IPv6 address/],
    ['x CH A 192.0.2.1\n', /class CH is not served here/],
    ['$GENERATE 1-5 h$ A 192.0.2.$\n', /\$GENERATE is not supported/],
    ['a..b IN A 192.0.2.1\n', /empty label/],
    [`${'x'.repeat(64)} IN A 192.0.2.1\n`, /longer than 63/],
    ['x IN A 192.0.2.1 extra\n', /extra text after the A record/],
  ];
  for (const [body, re] of cases) {
    const f = fatals(zone(body));
    assert.ok(
      f.some((t) => re.test(t)),
      `${JSON.stringify(body)} → ${JSON.stringify(f)}`,
    );
  }
  assert.match(fatals(parseZone('@ IN NS ns1\n', { origin: 'a.test', file: 'x' })).join('\n'), /has no SOA record/);
  assert.match(fatals(parseZone('@ 60 IN SOA ns1 h 1 1 1 1 1\n', { origin: 'a.test', file: 'x' })).join('\n'), /has no NS records/);
});

test('out-of-zone data is dropped with a warning; duplicates are merged', () => {
  const z = zone('other.example. IN A 192.0.2.1\nx IN A 192.0.2.1\nx IN A 192.0.2.1\n');
  assert.deepEqual(fatals(z), []);
  assert.ok(z.issues.some((i) => i.severity === 'warning' && /out-of-zone/.test(i.text)));
  assert.equal(only(z, 'other.example', 'A').length, 0);
  assert.equal(only(z, 'x.alexdns.local', 'A').length, 1);
});

test('a TXT string over 255 bytes is accepted with a warning', () => {
  const z = zone(`long IN TXT "${'a'.repeat(300)}"\n`);
  assert.deepEqual(fatals(z), []);
  assert.ok(z.issues.some((i) => i.severity === 'warning' && /255/.test(i.text)));
});

test('$INCLUDE reads through the given reader, with the current origin, and reports the included file', () => {
  const files: Record<string, string> = { '/etc/bind/dnsbl-local.zone': '5.0.0.127 IN A 127.0.0.2\n9.0.0.127 IN A 300.1.1.1\n' };
  const read = (p: string) => (files[p] !== undefined ? { text: files[p], display: p.slice(1) } : { display: p, error: 'file not found' });
  const z = zone('$INCLUDE /etc/bind/dnsbl-local.zone\nafter IN A 127.0.0.3\n', 'zen.spamhaus.org', read);
  assert.equal(only(z, '5.0.0.127.zen.spamhaus.org', 'A').length, 1);
  assert.equal(only(z, 'after.zen.spamhaus.org', 'A').length, 1);
  assert.deepEqual(fatals(z), ['etc/bind/dnsbl-local.zone, line 2: bad IPv4 address "300.1.1.1"']);
  assert.deepEqual(z.files, [FILE, 'etc/bind/dnsbl-local.zone']);
  assert.match(fatals(zone('$INCLUDE /etc/none\n', 'x.test', read)).join(), /line 5: \$INCLUDE \/etc\/none: file not found/);
  assert.match(fatals(zone('$INCLUDE /etc/none\n')).join(), /not allowed/);
});

test('an $INCLUDE loop stops at a fixed depth', () => {
  const read = () => ({ text: '$INCLUDE /etc/bind/self\n', display: 'etc/bind/self' });
  const z = zone('$INCLUDE /etc/bind/self\n', 'alexdns.local', read);
  assert.match(fatals(z).join(), /nested more than/);
});

test('the tokenizer survives hostile text', () => {
  for (const s of ['"', '(', ')', '\\', '"\\', '\\0', '((((', '"\\999"', '\u0000\u0001', 'a\r\nb']) {
    tokenize(s);
    parseZone(s, { origin: 'x.test', file: 'f' });
  }
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const alphabet = ' \t\n();"\\@$.0123456789aINTXTSOAMX';
  for (let n = 0; n < 500; n++) {
    let s = '';
    for (let k = 0; k < 200; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    const z = parseZone(s, { origin: 'x.test', file: 'f' });
    assert.ok(Array.isArray(z.issues));
  }
});

test('named.conf.local: zones, comments, errors with lines', () => {
  const ok = parseNamedConf(`// comment
/* block
   comment */
options { directory "/var/cache/bind"; };
zone "alexdns.local" {
  type master;
  file "/etc/bind/db.alexdns.local";
  allow-transfer { none; };
};
zone "zen.spamhaus.org" IN { type master; file "db.zen.spamhaus.org"; };
`);
  assert.deepEqual(ok.issues, []);
  assert.deepEqual(ok.zones, [
    { name: 'alexdns.local', file: '/etc/bind/db.alexdns.local', line: 5 },
    { name: 'zen.spamhaus.org', file: 'db.zen.spamhaus.org', line: 10 },
  ]);
  const bad = parseNamedConf('zone "a.test" {\n  type master;\n};\nzone "b.test" { file "x" }\n');
  assert.deepEqual(
    bad.issues.map((i) => `${i.line}: ${i.text}`),
    ['1: zone "a.test": no file "…"; line', '4: missing ";" after the zone "b.test" block'],
  );
});
