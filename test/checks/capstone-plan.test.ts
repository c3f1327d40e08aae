// The capstone's faults as a pure table: chosen by the domain, the same for the same domain,
// different for two students, and each edit hides exactly its fault.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AREAS,
  breakMainCf,
  breakOpenDkim,
  breakZone,
  DKIM_TAG,
  DMARC_TAG,
  filesOf,
  findTxt,
  paramOf,
  planFor,
  seedOf,
  setKeyword,
  SPF_TAG,
  zoneTxts,
} from '../../src/checks/capstone-plan.js';
import { aligned } from '../../src/checks/capstone-dmarc.js';

const DOMAIN = 'aula.test';
const ZONE = `$TTL 3600
$ORIGIN aula.test.
@       IN  SOA  ns1.aula.test. hostmaster.aula.test. ( 2025010101 3600 900 604800 300 )
        IN  NS   ns1.aula.test.
        IN  MX   10 mail.aula.test.
mail    IN  A    127.0.0.1
@       IN  TXT  "v=spf1 mx -all"
default._domainkey	IN	TXT	( "v=DKIM1; h=sha256; k=rsa; "
	  "p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAabc"
	  "defIDAQAB" )  ; ----- DKIM key default for aula.test
_dmarc  IN  TXT  "v=DMARC1; p=reject; rua=mailto:postmaster@aula.test; pct=100"
`;
const MAIN = `mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128
smtpd_relay_restrictions = permit_mynetworks,
    permit_sasl_authenticated, reject_unauth_destination
smtpd_tls_key_file = /etc/ssl/private/cert.key
`;

test('the same domain always gets the same faults, one in each area', () => {
  assert.deepEqual(planFor(DOMAIN), planFor(DOMAIN));
  assert.deepEqual(planFor('Aula.Test'), planFor(DOMAIN));
  assert.deepEqual(
    planFor(DOMAIN).map((f) => f.area),
    [...AREAS],
  );
});

test('two students with different domains get different faults', () => {
  assert.notDeepEqual(planFor('aula.test'), planFor('alexdns.local'));
  // and over a class, every variant of every area comes up
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) for (const f of planFor(`alumno${i}.test`)) seen.add(`${f.area}/${f.variant}`);
  assert.deepEqual([...seen].sort(), [
    'dkim/selector',
    'dkim/tls-key',
    'dkim/truncated',
    'dmarc/none',
    'dmarc/owner',
    'dmarc/strict',
    'relay/mynetworks',
    'relay/permit',
    'spf/other-ip',
    'tls/dkim-key',
    'tls/missing-key',
  ]);
});

test('the seed is FNV-1a of the lower-case domain', () => {
  assert.equal(seedOf(''), 0x811c9dc5);
  assert.equal(seedOf('a'), 0xe40c292c);
});

test('the zone reader finds the records in one line and in parentheses', () => {
  const txts = zoneTxts(ZONE, DOMAIN);
  assert.deepEqual(
    txts.map((r) => [r.owner, r.start, r.end]),
    [
      ['aula.test', 6, 6],
      ['default._domainkey.aula.test', 7, 9],
      ['_dmarc.aula.test', 10, 10],
    ],
  );
  assert.match(findTxt(ZONE, DOMAIN, 'default._domainkey.aula.test', DKIM_TAG)!.text, /p=MIIB.*abcdefIDAQAB$/);
});

const cases: { name: string; run: () => void }[] = [
  {
    name: 'relay/mynetworks adds the network to the trusted ones',
    run: () =>
      assert.match(
        paramOf(breakMainCf(MAIN, { area: 'relay', variant: 'mynetworks', network: '203.0.0.0/8' }, { dkimKeyFile: '' }), 'mynetworks')!,
        / 203\.0\.0\.0\/8$/,
      ),
  },
  {
    name: 'relay/permit goes just before reject_unauth_destination',
    run: () =>
      assert.equal(
        paramOf(breakMainCf(MAIN, { area: 'relay', variant: 'permit', item: 'permit' }, { dkimKeyFile: '' }), 'smtpd_relay_restrictions'),
        'permit_mynetworks, permit_sasl_authenticated, permit, reject_unauth_destination',
      ),
  },
  {
    name: 'relay/permit opens smtpd_recipient_restrictions too, where it also ends in reject_unauth_destination',
    run: () => {
      const both =
        MAIN + 'smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination, reject_rbl_client zen.spamhaus.org\n';
      const out = breakMainCf(both, { area: 'relay', variant: 'permit', item: 'permit' }, { dkimKeyFile: '' });
      assert.equal(
        paramOf(out, 'smtpd_recipient_restrictions'),
        'permit_mynetworks, permit, reject_unauth_destination, reject_rbl_client zen.spamhaus.org',
      );
    },
  },
  {
    name: "the prover's domain gets the faults its fixtures expect",
    run: () =>
      assert.deepEqual(
        planFor('aula.test').map((f) => `${f.area}/${f.variant}`),
        ['relay/permit', 'tls/dkim-key', 'dkim/tls-key', 'spf/other-ip', 'dmarc/owner'],
      ),
  },
  {
    name: 'tls/missing-key and tls/dkim-key point smtpd_tls_key_file elsewhere',
    run: () => {
      assert.equal(
        paramOf(
          breakMainCf(MAIN, { area: 'tls', variant: 'missing-key', path: '/etc/ssl/private/mail.key' }, { dkimKeyFile: '' }),
          'smtpd_tls_key_file',
        ),
        '/etc/ssl/private/mail.key',
      );
      assert.equal(
        paramOf(breakMainCf(MAIN, { area: 'tls', variant: 'dkim-key' }, { dkimKeyFile: '/etc/opendkim/k' }), 'smtpd_tls_key_file'),
        '/etc/opendkim/k',
      );
    },
  },
  {
    name: 'dkim/tls-key publishes another key, dkim/truncated cuts it short',
    run: () => {
      const other = breakZone(ZONE, DOMAIN, { area: 'dkim', variant: 'tls-key' }, { selector: 'default', tlsPublicB64: 'OTHERKEY' });
      assert.match(findTxt(other, DOMAIN, 'default._domainkey.aula.test', DKIM_TAG)!.text, /p=OTHERKEY$/);
      const cut = breakZone(ZONE, DOMAIN, { area: 'dkim', variant: 'truncated', cut: 8 }, { selector: 'default', tlsPublicB64: '' });
      assert.match(findTxt(cut, DOMAIN, 'default._domainkey.aula.test', DKIM_TAG)!.text, /p=MIIB\w+abcd$/);
    },
  },
  {
    name: 'dkim/selector changes opendkim.conf only',
    run: () =>
      assert.equal(setKeyword('Domain\taula.test\nSelector\tdefault\n', 'Selector', 's2026'), 'Domain\taula.test\nSelector\ts2026\n'),
  },
  {
    name: 'spf/other-ip leaves the server out',
    run: () =>
      assert.equal(
        findTxt(
          breakZone(
            ZONE,
            DOMAIN,
            { area: 'spf', variant: 'other-ip', ip: '198.51.100.7', all: '-all' },
            { selector: 'default', tlsPublicB64: '' },
          ),
          DOMAIN,
          DOMAIN,
          SPF_TAG,
        )!.text,
        'v=spf1 ip4:198.51.100.7 -all',
      ),
  },
  {
    name: 'dmarc/none weakens the policy; dmarc/owner moves the record away from _dmarc',
    run: () => {
      const none = breakZone(ZONE, DOMAIN, { area: 'dmarc', variant: 'none' }, { selector: 'default', tlsPublicB64: '' });
      assert.match(findTxt(none, DOMAIN, '_dmarc.aula.test', DMARC_TAG)!.text, /; p=none;/);
      const moved = breakZone(
        ZONE,
        DOMAIN,
        { area: 'dmarc', variant: 'owner', owner: '_dmarc.mail' },
        { selector: 'default', tlsPublicB64: '' },
      );
      assert.equal(findTxt(moved, DOMAIN, '_dmarc.aula.test', DMARC_TAG), undefined);
      assert.ok(findTxt(moved, DOMAIN, '_dmarc.mail.aula.test', DMARC_TAG));
    },
  },
  {
    name: 'dmarc/strict keeps the record as it was and asks for strict alignment; opendkim.conf signs subdomains',
    run: () => {
      const strict = breakZone(ZONE, DOMAIN, { area: 'dmarc', variant: 'strict' }, { selector: 'default', tlsPublicB64: '' });
      assert.equal(
        findTxt(strict, DOMAIN, '_dmarc.aula.test', DMARC_TAG)!.text,
        'v=DMARC1; p=reject; rua=mailto:postmaster@aula.test; pct=100; adkim=s; aspf=s',
      );
      // a record that already had relaxed tags gets them replaced, not repeated
      const relaxed = ZONE.replace('pct=100"', 'adkim=r; pct=100"');
      const again = breakZone(relaxed, DOMAIN, { area: 'dmarc', variant: 'strict' }, { selector: 'default', tlsPublicB64: '' });
      assert.equal(findTxt(again, DOMAIN, '_dmarc.aula.test', DMARC_TAG)!.text.match(/adkim/g)!.length, 1);
      assert.equal(
        breakOpenDkim('Domain\taula.test\nSelector\tdefault\n', { area: 'dmarc', variant: 'strict' }),
        'Domain\taula.test\nSelector\tdefault\nSubDomains\t\tyes\n',
      );
      assert.deepEqual(filesOf({ area: 'dmarc', variant: 'strict' }, DOMAIN), ['etc/opendkim.conf', 'etc/bind/db.aula.test']);
    },
  },
  {
    name: 'strict alignment wants the same name; relaxed, any two names of the domain',
    run: () => {
      assert.equal(aligned('aula.test', 'mail.aula.test', 's', DOMAIN), false);
      assert.equal(aligned('mail.aula.test', 'mail.aula.test', 's', DOMAIN), true);
      assert.equal(aligned('aula.test', 'mail.aula.test', 'r', DOMAIN), true);
      assert.equal(aligned('example.net', 'mail.aula.test', 'r', DOMAIN), false);
    },
  },
];
for (const c of cases) test(c.name, c.run);
