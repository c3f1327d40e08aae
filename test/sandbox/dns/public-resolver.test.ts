// Spamhaus's error code for queries through a public resolver: which names get it, and from where.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OPEN_RESOLVER_CODE, publicNameserver, publicResolverAnswer } from '../../../src/sandbox/dns/public-resolver.js';
import { dnsFor, dig } from './helpers.js';

test('only an address query in a Spamhaus zone gets the error code', () => {
  const rows: [string, string, string, string | undefined][] = [
    ['zen.spamhaus.org', '2.0.0.127.zen.spamhaus.org', 'A', OPEN_RESOLVER_CODE],
    ['zen.spamhaus.org', '7.113.0.203.zen.spamhaus.org.', 'A', OPEN_RESOLVER_CODE],
    ['zen.spamhaus.org', '2.0.0.127.zen.spamhaus.org', 'TXT', undefined],
    ['zen.spamhaus.org', 'ns1.zen.spamhaus.org', 'A', undefined],
    ['zen.spamhaus.org', 'zen.spamhaus.org', 'A', undefined],
    ['bl.spamcop.net', '2.0.0.127.bl.spamcop.net', 'A', undefined],
  ];
  for (const [origin, name, type, want] of rows) assert.equal(publicResolverAnswer(origin, name, type), want, `${name} ${type}`);
});

test('a resolv.conf whose first nameserver is off this machine is a public resolver', () => {
  assert.equal(publicNameserver('nameserver 8.8.8.8\n'), '8.8.8.8');
  assert.equal(publicNameserver('# mine\nsearch x\nnameserver 127.0.0.1\nnameserver 1.1.1.1\n'), undefined);
  assert.equal(publicNameserver('nameserver ::1\n'), undefined);
  assert.equal(publicNameserver(undefined), undefined);
  assert.equal(publicNameserver(''), undefined);
});

test('dig from 127.8.8.8 gets 127.255.255.254 from zen; from 127.0.0.1 the listing', async () => {
  const { dns } = await dnsFor();
  try {
    assert.match(await dig(dns.port, '-b', '127.8.8.8', '2.0.0.127.zen.spamhaus.org', 'A', '+short'), /^127\.255\.255\.254$/m);
    assert.match(await dig(dns.port, '-b', '127.8.8.8', '7.113.0.203.zen.spamhaus.org', 'A', '+short'), /^127\.255\.255\.254$/m);
    assert.match(await dig(dns.port, '2.0.0.127.zen.spamhaus.org', 'A', '+short'), /^127\.0\.0\.2$/m);
    assert.match(await dig(dns.port, '-b', '127.8.8.8', '2.0.0.127.bl.spamcop.net', 'A', '+short'), /^127\.0\.0\.2$/m);
  } finally {
    await dns.close();
  }
});
