// The embedded DNS as a real client sees it: dig against the server on loopback.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { missingTools } from '../../prove/env.js';
import { dnsFor, appendZone, dig, DOMAIN } from './helpers.js';
import type { DnsServerHandle } from '../../../src/sandbox/dns/server.js';

const skip = missingTools(['dig']);

describe('dig against the embedded DNS', { skip }, () => {
  let dns: DnsServerHandle;
  let port: number;
  const key = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' + 'x'.repeat(800) + 'IDAQAB';
  before(async () => {
    const s = await dnsFor();
    dns = s.dns;
    port = dns.port;
    appendZone(
      s.ws,
      `@ IN TXT "v=spf1 mx -all"
multi IN TXT ( "first part; "
               "second part" )
default._domainkey IN TXT ( "v=DKIM1; k=rsa; "
    "p=${key.slice(0, 250)}"
    "${key.slice(250, 500)}"
    "${key.slice(500)}" )
alias IN CNAME mail
chain IN CNAME alias
onestring IN TXT "${'b'.repeat(300)}"
`,
    );
    assert.deepEqual(
      (await dns.reload()).filter((i) => i.severity === 'fatal'),
      [],
    );
  });
  after(() => dns.close());

  test('A, authoritative', async () => {
    const out = await dig(port, `mail.${DOMAIN}`, 'A', '+norec');
    assert.match(out, /status: NOERROR/);
    assert.match(out, /flags: qr aa;/);
    assert.match(out, new RegExp(`^mail\\.${DOMAIN}\\.\\s+3600\\s+IN\\s+A\\s+127\\.0\\.0\\.1$`, 'm'));
  });

  test('MX with the address of the exchanger as additional data', async () => {
    const out = await dig(port, DOMAIN, 'MX');
    assert.match(out, new RegExp(`^${DOMAIN}\\.\\s+\\d+\\s+IN\\s+MX\\s+10 mail\\.${DOMAIN}\\.$`, 'm'));
    assert.match(out, /ADDITIONAL SECTION:\nmail\.aula\.test\.\s+\d+\s+IN\s+A\s+127\.0\.0\.1/);
  });

  test('TXT as several strings, and the SPF record at the apex', async () => {
    assert.match(await dig(port, `multi.${DOMAIN}`, 'TXT', '+short'), /^"first part; " "second part"$/m);
    assert.match(await dig(port, DOMAIN, 'TXT', '+short'), /^"v=spf1 mx -all"$/m);
  });

  test('one quoted string longer than 255 bytes is served split in two (a DNS string holds 255)', async () => {
    assert.match(await dig(port, `onestring.${DOMAIN}`, 'TXT', '+short'), new RegExp(`^"${'b'.repeat(255)}" "${'b'.repeat(45)}"$`, 'm'));
  });

  test('NXDOMAIN with the SOA in the authority section', async () => {
    const out = await dig(port, `nope.${DOMAIN}`, 'A');
    assert.match(out, /status: NXDOMAIN/);
    assert.match(out, /AUTHORITY SECTION:\naula\.test\.\s+300\s+IN\s+SOA\s+ns1\.aula\.test\. hostmaster\.aula\.test\. 2025010101/);
  });

  test('NODATA: the name exists, not that type', async () => {
    const out = await dig(port, `mail.${DOMAIN}`, 'TXT');
    assert.match(out, /status: NOERROR/);
    assert.match(out, /ANSWER: 0,/);
    assert.match(out, /AUTHORITY SECTION:\naula\.test\.\s+\d+\s+IN\s+SOA/);
  });

  test('a CNAME chain is followed inside the zone', async () => {
    const out = await dig(port, `chain.${DOMAIN}`, 'A');
    assert.match(out, /^chain\.aula\.test\.\s+\d+\s+IN\s+CNAME\s+alias\.aula\.test\.$/m);
    assert.match(out, /^alias\.aula\.test\.\s+\d+\s+IN\s+CNAME\s+mail\.aula\.test\.$/m);
    assert.match(out, /^mail\.aula\.test\.\s+\d+\s+IN\s+A\s+127\.0\.0\.1$/m);
  });

  test('REFUSED for a name outside every zone (no recursion here)', async () => {
    assert.match(await dig(port, 'example.com', 'A'), /status: REFUSED/);
  });

  test('a TXT too long for 512 bytes sets TC over UDP and dig retries over TCP', async () => {
    const out = await dig(port, `default._domainkey.${DOMAIN}`, 'TXT', '+noedns');
    assert.match(out, /Truncated, retrying in TCP mode/);
    assert.match(out, /\(TCP\)/);
    const answer = /^[^;].*\sIN\s+TXT\s+(.*)$/m.exec(out)?.[1] ?? '';
    const strings = [...answer.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    assert.equal(strings.join(''), `v=DKIM1; k=rsa; p=${key}`);
  });

  test('the DNSBL test entry answers A and TXT', async () => {
    assert.match(await dig(port, '2.0.0.127.zen.spamhaus.org', 'A', '+short'), /^127\.0\.0\.2$/m);
    assert.match(
      await dig(port, '2.0.0.127.zen.spamhaus.org', 'TXT', '+short'),
      /^"https:\/\/www\.spamhaus\.org\/query\/ip\/127\.0\.0\.2"$/m,
    );
    assert.match(await dig(port, '1.0.0.127.zen.spamhaus.org', 'A'), /status: NXDOMAIN/);
    assert.match(await dig(port, '2.0.0.127.bl.spamcop.net', 'A', '+short'), /^127\.0\.0\.2$/m);
    assert.match(await dig(port, '2.0.0.127.b.barracudacentral.org', 'A', '+short'), /^127\.0\.0\.2$/m);
  });

  test('PTR from the loopback reverse zone, and TCP on request', async () => {
    assert.match(await dig(port, '-x', '127.0.0.1', '+short'), /^localhost\.$/m);
    assert.match(await dig(port, DOMAIN, 'SOA', '+tcp'), /\(TCP\)/);
  });

  test('the answers are counted', () => {
    const s = dns.stats();
    assert.ok(s.queries > 10);
    assert.ok(s.tcp >= 2);
    assert.ok(s.truncated >= 1);
    assert.equal(s.zones, 5);
  });
});
