// TLSA (type 52) in the learner's zone: read as BIND reads it, served as BIND serves it,
// and asked for by dig and by the resolver the checks use.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { missingTools } from '../../prove/env.js';
import { dnsFor, appendZone, dig, DOMAIN } from './helpers.js';
import { resolveAt } from '../../../src/sandbox/dns/resolver.js';
import { parseZone } from '../../../src/sandbox/dns/zone.js';
import type { DnsServerHandle } from '../../../src/sandbox/dns/server.js';

const HASH = '1b98d635cf0df1a4bf4702e373b8c3835f1f650904b65c838521588adf07b58f';
const NEXT = 'ab'.repeat(32);

describe('TLSA records', () => {
  let dns: DnsServerHandle;
  before(async () => {
    const s = await dnsFor();
    dns = s.dns;
    appendZone(
      s.ws,
      `_25._tcp.mail IN TLSA 3 1 1 ${HASH.toUpperCase()}
_25._tcp.mail IN TLSA ( 3 1 1 ${NEXT.slice(0, 40)}
                              ${NEXT.slice(40)} )
`,
    );
    assert.deepEqual(
      (await dns.reload()).filter((i) => i.severity === 'fatal'),
      [],
    );
  });
  after(() => dns.close());

  test('the resolver gets both records at _25._tcp.mail, as node 22 shapes them', async () => {
    const got = (await resolveAt('127.0.0.1', dns.port, `_25._tcp.mail.${DOMAIN}`, 'TLSA')) as { certUsage: number; selector: number; match: number; data: Buffer }[];
    assert.deepEqual(
      got.map((r) => `${r.certUsage} ${r.selector} ${r.match} ${r.data.toString('hex')}`),
      [`3 1 1 ${HASH}`, `3 1 1 ${NEXT}`],
    );
  });

  test('no TLSA at the port the server listens on in the sandbox: the name does not exist', async () => {
    await assert.rejects(resolveAt('127.0.0.1', dns.port, `_2525._tcp.mail.${DOMAIN}`, 'TLSA'), { code: 'ENOTFOUND' });
  });

  test('dig prints the record as type TLSA, the hash in upper case', { skip: missingTools(['dig']) }, async () => {
    const out = await dig(dns.port, 'TLSA', `_25._tcp.mail.${DOMAIN}`, '+short');
    assert.match(out, new RegExp(`^3 1 1 ${HASH.toUpperCase().slice(0, 56)} ${HASH.toUpperCase().slice(56)}$`, 'm'));
    const full = await dig(dns.port, 'TLSA', `_25._tcp.mail.${DOMAIN}`, '+dnssec');
    // an unsigned zone: authoritative, never "ad"
    assert.match(full, /flags: qr aa rd;/);
    assert.match(full, new RegExp(`^_25\\._tcp\\.mail\\.${DOMAIN.replace('.', '\\.')}\\.\\s+\\d+\\s+IN\\s+TLSA\\s+3 1 1 `, 'm'));
  });
});

test('a TLSA record the zone cannot load names its line and what is wrong', () => {
  const zone = (rr: string) =>
    parseZone(`$TTL 3600\n@ IN SOA ns.${DOMAIN}. root.${DOMAIN}. 1 3600 900 604800 300\n@ IN NS ns\nns IN A 127.0.0.1\n${rr}\n`, {
      origin: DOMAIN,
      file: `etc/bind/db.${DOMAIN}`,
    });
  const keyOf = (rr: string) => zone(rr).issues.find((i) => i.severity === 'fatal')?.message?.key;
  assert.equal(keyOf(`_25._tcp.mail IN TLSA 3 1 1 ${HASH}`), undefined);
  assert.equal(keyOf('_25._tcp.mail IN TLSA 3 1 1'), 'dns.zone.tlsa.missing');
  assert.equal(keyOf('_25._tcp.mail IN TLSA 3 1 1 abc'), 'dns.zone.tlsa.badHex');
  assert.equal(keyOf('_25._tcp.mail IN TLSA DANE-EE SPKI SHA2-256 ab'), 'dns.zone.tlsa.badNumber');
  const ok = zone(`_25._tcp.mail IN TLSA 3 1 1 ${HASH}`).records.find((r) => r.data.type === 'TLSA');
  assert.deepEqual(ok?.data, { type: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: HASH });
  assert.equal(ok?.name, `_25._tcp.mail.${DOMAIN}`);
});
