// The resolver mailauth and the sandbox use: node's dns.promises.resolve semantics.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { dnsFor, appendZone, DOMAIN } from './helpers.js';
import { makeResolver, resolveAt } from '../../../src/sandbox/dns/resolver.js';
import type { DnsServerHandle } from '../../../src/sandbox/dns/server.js';
import type { Resolver } from '../../../src/sandbox/pipeline.js';

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code;
  }
}

describe('resolver', () => {
  let dns: DnsServerHandle;
  let r: Resolver;
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pub = keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const long = 'p=' + 'A'.repeat(1500);
  before(async () => {
    const s = await dnsFor();
    dns = s.dns;
    appendZone(
      s.ws,
      `@ IN TXT "v=spf1 " "mx -all"
@ IN AAAA 2001:db8::25
long IN TXT "${long.slice(0, 255)}" "${long.slice(255, 510)}" "${long.slice(510, 765)}" "${long.slice(765, 1020)}" "${long.slice(1020, 1275)}" "${long.slice(1275)}"
alias IN CNAME mail
*.wild IN A 192.0.2.50
default._domainkey IN TXT ( "v=DKIM1; h=sha256; k=rsa; "
    "p=${pub.slice(0, 250)}"
    "${pub.slice(250)}" )
`,
    );
    await dns.reload();
    r = makeResolver('127.0.0.1', dns.port);
  });
  after(() => dns.close());

  test('shapes of each type, as node returns them', async () => {
    assert.deepEqual(await r(`mail.${DOMAIN}`, 'A'), ['127.0.0.1']);
    assert.deepEqual(await r(DOMAIN, 'AAAA'), ['2001:db8::25']);
    assert.deepEqual(await r(DOMAIN, 'TXT'), [['v=spf1 ', 'mx -all']]);
    assert.deepEqual(await r(DOMAIN, 'MX'), [{ exchange: `mail.${DOMAIN}`, priority: 10 }]);
    assert.deepEqual(await r(DOMAIN, 'NS'), [`ns1.${DOMAIN}`]);
    assert.deepEqual(await r(`alias.${DOMAIN}`, 'CNAME'), [`mail.${DOMAIN}`]);
    assert.deepEqual(await r('1.0.0.127.in-addr.arpa', 'PTR'), ['localhost']);
    assert.deepEqual(await r(DOMAIN, 'SOA'), {
      nsname: `ns1.${DOMAIN}`,
      hostmaster: `hostmaster.${DOMAIN}`,
      serial: 2025010101,
      refresh: 3600,
      retry: 900,
      expire: 604800,
      minttl: 300,
    });
    assert.deepEqual(await resolveAt('127.0.0.1', dns.port, `mail.${DOMAIN}`, 'A', { ttl: true }), [{ address: '127.0.0.1', ttl: 3600 }]);
  });

  test('a CNAME is followed for other types, as a stub resolver does', async () => {
    assert.deepEqual(await r(`alias.${DOMAIN}`, 'A'), ['127.0.0.1']);
  });

  test('a wildcard answers for names that do not exist, not for existing ones', async () => {
    assert.deepEqual(await r(`anything.wild.${DOMAIN}`, 'A'), ['192.0.2.50']);
    assert.deepEqual(await r(`a.b.wild.${DOMAIN}`, 'A'), ['192.0.2.50']);
    assert.equal(await code(r(`anything.wild.${DOMAIN}`, 'TXT')), 'ENODATA');
    // wild itself exists (it has a child): no data, and the wildcard does not cover it
    assert.equal(await code(r(`wild.${DOMAIN}`, 'A')), 'ENODATA');
    assert.equal(await code(r(`other.${DOMAIN}`, 'A')), 'ENOTFOUND');
  });

  test('an answer bigger than the UDP size comes over TCP', async () => {
    const rows: string[][] = await r(`long.${DOMAIN}`, 'TXT');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].join(''), long);
    assert.ok(dns.stats().tcp >= 1);
  });

  test('errors carry node codes: ENOTFOUND, ENODATA, EREFUSED', async () => {
    assert.equal(await code(r(`nope.${DOMAIN}`, 'A')), 'ENOTFOUND');
    assert.equal(await code(r(`mail.${DOMAIN}`, 'TXT')), 'ENODATA');
    assert.equal(await code(r('example.com', 'A')), 'EREFUSED');
    const e = await r(`nope.${DOMAIN}`, 'TXT').catch((x) => x);
    assert.equal(e.message, `queryTxt ENOTFOUND nope.${DOMAIN}`);
    assert.equal(e.hostname, `nope.${DOMAIN}`);
    assert.equal(e.syscall, 'queryTxt');
    await assert.rejects(r(DOMAIN, 'BOGUS'), { code: 'ERR_INVALID_ARG_VALUE' });
  });

  test('ECONNREFUSED when nothing listens, ETIMEOUT when nothing answers', async () => {
    const probe = createServer();
    await new Promise<void>((res) => probe.listen(0, '127.0.0.1', res));
    const freePort = (probe.address() as { port: number }).port;
    await new Promise<void>((res) => probe.close(() => res()));
    assert.equal(await code(makeResolver('127.0.0.1', freePort)(DOMAIN, 'A')), 'ECONNREFUSED');

    const mute = createSocket('udp4');
    await new Promise<void>((res) => mute.bind(0, '127.0.0.1', res));
    try {
      assert.equal(await code(makeResolver('127.0.0.1', mute.address().port, { timeoutMs: 200 })(DOMAIN, 'A')), 'ETIMEOUT');
    } finally {
      mute.close();
    }
  });

  test('mailauth works unchanged with it: SPF pass, fail and none', async () => {
    const { spf } = await import('mailauth/lib/spf/index.js' as string);
    const pass = await spf({ sender: `alumno@${DOMAIN}`, ip: '127.0.0.1', helo: 'mail', mta: 'mx.test', resolver: r });
    assert.equal(pass.status.result, 'pass');
    const fail = await spf({ sender: `alumno@${DOMAIN}`, ip: '203.0.113.7', helo: 'x', mta: 'mx.test', resolver: r });
    assert.equal(fail.status.result, 'fail');
    const none = await spf({ sender: 'a@unknown.zen.spamhaus.org', ip: '203.0.113.7', helo: 'x', mta: 'mx.test', resolver: r });
    assert.equal(none.status.result, 'none');
  });

  test('mailauth verifies a DKIM signature with the key published in the zone', async () => {
    const { dkimSign } = await import('mailauth/lib/dkim/sign.js' as string);
    const { dkimVerify } = await import('mailauth/lib/dkim/verify.js' as string);
    const msg = `From: alumno@${DOMAIN}\r\nTo: b@example.net\r\nSubject: hola\r\n\r\nHola.\r\n`;
    const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const signed = await dkimSign(msg, { signatureData: [{ signingDomain: DOMAIN, selector: 'default', privateKey }] });
    const ok = await dkimVerify(Buffer.from(signed.signatures + msg), { resolver: r });
    assert.equal(ok.results[0].status.result, 'pass', JSON.stringify(ok.results[0].status));
    const other = await dkimSign(msg, { signatureData: [{ signingDomain: DOMAIN, selector: 'missing', privateKey }] });
    const nokey = await dkimVerify(Buffer.from(other.signatures + msg), { resolver: r });
    assert.equal(nokey.results[0].status.result, 'neutral');
    assert.match(nokey.results[0].status.comment, /no key/);
  });
});
