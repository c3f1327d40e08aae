// SPF results against RFC 7208 cases (mailauth through our wrapper), and the record syntax checker.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkSpf, receivedSpfHeader } from '../../../src/sandbox/auth/spf.js';
import { parseSpf } from '../../../src/sandbox/auth/spf-record.js';
import { memoryResolver, txt, type Records } from './zone-resolver.js';

const many = (n: number) => Array.from({ length: n }, (_, i) => `include:i${i}.lim.test`).join(' ');

const zone: Records = {
  'none.test': { A: ['192.0.2.1'] },
  'two.test': txt('v=spf1 -all', 'v=spf1 +all'),
  'fail.test': txt('v=spf1 -all'),
  'soft.test': txt('v=spf1 ~all'),
  'neutral.test': txt('v=spf1 ?all'),
  'pass.test': txt('v=spf1 +all'),
  'bare.test': txt('v=spf1'),
  'split.test': txt(['v=spf1 ip4:192.0.2.0/24', ' -all']),
  'other-txt.test': txt('google-site-verification=abc', 'v=spf1 ip4:192.0.2.9 -all'),
  'ip4.test': txt('v=spf1 ip4:192.0.2.0/24 -all'),
  'ip6.test': txt('v=spf1 ip6:2001:db8::/32 -all'),
  'a.test': { ...txt('v=spf1 a -all'), A: ['198.51.100.5'] },
  'acidr.test': txt('v=spf1 a:host.a.test/24 -all'),
  'host.a.test': { A: ['198.51.100.5'] },
  'mx.test': { ...txt('v=spf1 mx -all'), MX: [{ exchange: 'mail.mx.test', priority: 10 }] },
  'mail.mx.test': { A: ['203.0.113.25'] },
  'inc.test': txt('v=spf1 include:_spf.provider.test -all'),
  '_spf.provider.test': txt('v=spf1 ip4:192.0.2.77 -all'),
  'incnone.test': txt('v=spf1 include:nothing.test -all'),
  'nothing.test': { A: ['192.0.2.1'] },
  'red.test': txt('v=spf1 redirect=_spf.provider.test'),
  'rednone.test': txt('v=spf1 redirect=nothing.test'),
  'redall.test': txt('v=spf1 -all redirect=pass.test'),
  'exists.test': txt('v=spf1 exists:%{i}.allow.exists.test -all'),
  '192.0.2.200.allow.exists.test': { A: ['127.0.0.2'] },
  'local.test': txt('v=spf1 exists:%{l}.users.local.test -all'),
  'ana.users.local.test': { A: ['127.0.0.2'] },
  'unknown.test': txt('v=spf1 ipv4:192.0.2.1 -all'),
  'badcidr.test': txt('v=spf1 ip4:192.0.2.0/33 -all'),
  'qual.test': txt('v=spf1 -ip4:192.0.2.1 +all'),
  'upper.test': txt('V=SPF1 IP4:192.0.2.1 -ALL'),
  'mod.test': txt('v=spf1 foo=bar exp=explain.mod.test -all'),
  'ptr.test': txt('v=spf1 ptr -all'),
  '10.2.0.192.in-addr.arpa': { PTR: ['host.ptr.test'] },
  'host.ptr.test': { A: ['192.0.2.10'] },
  'emptyinc.test': txt('v=spf1 include: -all'),
  'lim.test': txt(`v=spf1 ${many(11)} -all`),
  'void.test': txt('v=spf1 a:v1.void.test a:v2.void.test a:v3.void.test +all'),
  'slow.test': txt('v=spf1 a:dns.slow.test -all'),
  'helo.test': txt('v=spf1 ip4:192.0.2.50 -all'),
};
for (let i = 0; i < 11; i++) zone[`i${i}.lim.test`] = txt('v=spf1 -all');

const cases: { name: string; domain: string; ip: string; want: string; local?: string }[] = [
  { name: 'no record: none (§4.5)', domain: 'none.test', ip: '192.0.2.1', want: 'none' },
  { name: 'no such domain: none', domain: 'missing.test', ip: '192.0.2.1', want: 'none' },
  { name: 'two v=spf1 records: permerror (§4.5)', domain: 'two.test', ip: '192.0.2.1', want: 'permerror' },
  { name: '-all: fail', domain: 'fail.test', ip: '192.0.2.1', want: 'fail' },
  { name: '~all: softfail', domain: 'soft.test', ip: '192.0.2.1', want: 'softfail' },
  { name: '?all: neutral', domain: 'neutral.test', ip: '192.0.2.1', want: 'neutral' },
  { name: '+all: pass', domain: 'pass.test', ip: '192.0.2.1', want: 'pass' },
  { name: 'no mechanism matches and no all: neutral (§4.7)', domain: 'bare.test', ip: '192.0.2.1', want: 'neutral' },
  { name: 'a record split in several strings is joined (§3.3)', domain: 'split.test', ip: '192.0.2.3', want: 'pass' },
  { name: 'other TXT records are ignored (§4.5)', domain: 'other-txt.test', ip: '192.0.2.9', want: 'pass' },
  { name: 'ip4 inside the network', domain: 'ip4.test', ip: '192.0.2.55', want: 'pass' },
  { name: 'ip4 outside the network', domain: 'ip4.test', ip: '192.0.3.1', want: 'fail' },
  { name: 'ip6 network', domain: 'ip6.test', ip: '2001:db8::1', want: 'pass' },
  { name: 'ip6 does not match an IPv4 client', domain: 'ip6.test', ip: '192.0.2.1', want: 'fail' },
  { name: "a: the domain's own address", domain: 'a.test', ip: '198.51.100.5', want: 'pass' },
  { name: 'a: another address', domain: 'a.test', ip: '198.51.100.6', want: 'fail' },
  { name: 'a:host/24 covers the network', domain: 'acidr.test', ip: '198.51.100.200', want: 'pass' },
  { name: "mx: the MX host's address", domain: 'mx.test', ip: '203.0.113.25', want: 'pass' },
  { name: 'mx: an outside address', domain: 'mx.test', ip: '203.0.113.7', want: 'fail' },
  { name: 'include that passes', domain: 'inc.test', ip: '192.0.2.77', want: 'pass' },
  { name: 'include that does not match goes on to -all', domain: 'inc.test', ip: '192.0.2.78', want: 'fail' },
  { name: 'include of a domain with no record: permerror (§5.2)', domain: 'incnone.test', ip: '192.0.2.1', want: 'permerror' },
  { name: "redirect takes the target's result (§6.1)", domain: 'red.test', ip: '192.0.2.77', want: 'pass' },
  { name: 'redirect to a domain with no record: permerror', domain: 'rednone.test', ip: '192.0.2.1', want: 'permerror' },
  { name: 'redirect is ignored when there is an all', domain: 'redall.test', ip: '192.0.2.1', want: 'fail' },
  { name: 'exists with the %{i} macro', domain: 'exists.test', ip: '192.0.2.200', want: 'pass' },
  { name: 'exists with %{i}, not listed', domain: 'exists.test', ip: '192.0.2.201', want: 'fail' },
  { name: 'the %{l} macro is the local part', domain: 'local.test', ip: '192.0.2.1', want: 'pass', local: 'ana' },
  { name: 'unknown mechanism: permerror', domain: 'unknown.test', ip: '192.0.2.1', want: 'permerror' },
  { name: 'CIDR over 32: permerror', domain: 'badcidr.test', ip: '192.0.2.1', want: 'permerror' },
  { name: 'qualifier on a mechanism', domain: 'qual.test', ip: '192.0.2.1', want: 'fail' },
  { name: 'qualifier on a mechanism, other address', domain: 'qual.test', ip: '192.0.2.2', want: 'pass' },
  { name: 'names are case-insensitive (§4.6.1)', domain: 'upper.test', ip: '192.0.2.1', want: 'pass' },
  { name: 'unknown modifiers and exp= do not change the result (§6)', domain: 'mod.test', ip: '192.0.2.1', want: 'fail' },
  { name: 'ptr: validated name under the domain', domain: 'ptr.test', ip: '192.0.2.10', want: 'pass' },
  { name: 'include with no domain: permerror', domain: 'emptyinc.test', ip: '192.0.2.1', want: 'permerror' },
  { name: 'more than ten DNS lookups: permerror (§4.6.4)', domain: 'lim.test', ip: '192.0.2.1', want: 'permerror' },
  { name: 'more than two void lookups: permerror (§4.6.4)', domain: 'void.test', ip: '192.0.2.1', want: 'permerror' },
  { name: 'DNS timeout: temperror (§2.6.6)', domain: 'slow.test', ip: '192.0.2.1', want: 'temperror' },
];

describe('SPF evaluation (RFC 7208)', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const resolver = memoryResolver(zone, { timeout: ['dns.slow.test'] });
      const o = await checkSpf({
        ip: c.ip,
        sender: `${c.local ?? 'someone'}@${c.domain}`,
        helo: 'client.example',
        resolver,
        mta: 'mail.aula.test',
      });
      assert.equal(o.result, c.want, `${c.domain} for ${c.ip}: ${o.comment}`);
      assert.equal(o.domain, c.domain);
    });
  }

  test('a null sender is checked as postmaster@HELO (§2.4)', async () => {
    const resolver = memoryResolver(zone);
    const o = await checkSpf({ ip: '192.0.2.50', sender: '', helo: 'helo.test', resolver, mta: 'mx' });
    assert.equal(o.result, 'pass');
    assert.equal(o.sender, 'postmaster@helo.test');
  });

  test('the HELO identity', async () => {
    const resolver = memoryResolver(zone);
    const o = await checkSpf({ ip: '192.0.2.51', sender: 'a@pass.test', helo: 'helo.test', resolver, mta: 'mx' }, 'helo');
    assert.equal(o.result, 'fail');
    assert.equal(o.identity, 'helo');
  });

  test('Received-SPF as policyd-spf writes it', async () => {
    const resolver = memoryResolver(zone);
    const o = await checkSpf({ ip: '203.0.113.25', sender: 'ana@mx.test', helo: 'mail.mx.test', resolver, mta: 'mx' });
    assert.equal(
      receivedSpfHeader(o),
      'Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip=203.0.113.25; helo=mail.mx.test; envelope-from=ana@mx.test; receiver=<UNKNOWN>',
    );
    assert.match(o.info, /^spf=pass /);
  });

  test('a resolver that throws something odd is a temperror, not a crash', async () => {
    const o = await checkSpf({
      ip: '192.0.2.1',
      sender: 'a@x.test',
      resolver: async () => {
        throw new Error('boom');
      },
      mta: 'mx',
    });
    assert.equal(o.result, 'temperror');
  });
});

describe('SPF record syntax', () => {
  const codes = (r: string) =>
    parseSpf(r)
      .issues.filter((i) => i.severity === 'error')
      .map((i) => i.code);
  test('valid records', () => {
    for (const r of [
      'v=spf1 mx -all',
      'v=spf1 a mx ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.com ~all',
      'v=spf1 redirect=_spf.example.com',
      'v=spf1 a:mail.example.com/24//64 -all',
      'v=spf1 exists:%{i}._spf.%{d} -all',
    ]) {
      assert.deepEqual(codes(r), [], r);
    }
  });
  test('errors a learner makes', () => {
    assert.deepEqual(codes('spf1 mx -all'), ['noVersion']);
    assert.deepEqual(codes('v=spf1 ipv4:192.0.2.1 -all'), ['unknownMechanism']);
    assert.deepEqual(codes('v=spf1 ip4:192.0.2.300 -all'), ['badIp4']);
    assert.deepEqual(codes('v=spf1 ip4:192.0.2.0/40 -all'), ['badCidr']);
    assert.deepEqual(codes('v=spf1 ip6:192.0.2.1 -all'), ['badIp6']);
    assert.deepEqual(codes('v=spf1 include: -all'), ['missingValue']);
    assert.deepEqual(codes('v=spf1 include:nodots -all'), ['badDomain']);
    assert.deepEqual(codes('v=spf1 -all:x'), ['unexpectedValue']);
    assert.deepEqual(codes('v=spf1 redirect=a.example redirect=b.example'), ['duplicateModifier']);
    assert.deepEqual(codes(`v=spf1 ${many(11)} -all`), ['tooManyLookups']);
  });
  test('warnings', () => {
    const w = (r: string) =>
      parseSpf(r)
        .issues.filter((i) => i.severity === 'warning')
        .map((i) => i.code);
    assert.deepEqual(w('v=spf1 mx'), ['noAll']);
    assert.deepEqual(w('v=spf1 -all mx'), ['afterAll']);
    assert.deepEqual(w('v=spf1 ptr -all'), ['ptrDeprecated']);
  });
  test('the all qualifier is reported', () => {
    assert.equal(parseSpf('v=spf1 mx ~all').all, '~');
    assert.equal(parseSpf('v=spf1 mx -all').all, '-');
    assert.equal(parseSpf('v=spf1 mx -all').lookups, 1);
  });
});
