import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reverseAddress, rblLookup, rblReplyText, parseRblList, rhsLookup } from '../../../src/sandbox/dns/rbl.js';
import { listedAnswer } from '../../../src/postfix/dnsbl.js';
import { makeResolver, dnsError } from '../../../src/sandbox/dns/resolver.js';
import { dnsFor, appendZone } from './helpers.js';
import type { Resolver } from '../../../src/sandbox/pipeline.js';

test('addresses are reversed as DNSBLs index them', () => {
  assert.equal(reverseAddress('127.0.0.2'), '2.0.0.127');
  assert.equal(reverseAddress('::ffff:203.0.113.7'), '7.113.0.203');
  assert.equal(reverseAddress('2001:db8::1'), '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2');
  assert.equal(reverseAddress('not an address'), undefined);
});

test('reply filters as reject_rbl_client takes them', () => {
  assert.deepEqual(parseRblList('zen.spamhaus.org'), { domain: 'zen.spamhaus.org' });
  assert.deepEqual(parseRblList('zen.spamhaus.org=127.0.0.[2..11]'), { domain: 'zen.spamhaus.org', filter: '127.0.0.[2..11]' });
  assert.ok(listedAnswer(undefined, '127.0.0.2'));
  assert.ok(!listedAnswer(undefined, '192.0.2.1'), 'only 127.0.0.0/8 answers mean listed');
  assert.ok(listedAnswer('127.0.0.[2..11]', '127.0.0.4'));
  assert.ok(!listedAnswer('127.0.0.[2..11]', '127.0.0.12'));
  assert.ok(listedAnswer('127.0.0.[2;4]', '127.0.0.4'));
  assert.ok(!listedAnswer('127.0.0.2', '127.0.0.3'));
});

test('the reply text is Postfix default_rbl_reply', () => {
  assert.equal(
    rblReplyText('127.0.0.2', 'zen.spamhaus.org', 'https://www.spamhaus.org/query/ip/127.0.0.2'),
    'Service unavailable; Client host [127.0.0.2] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.2',
  );
  assert.equal(
    rblReplyText('127.0.0.5', 'bl.spamcop.net=127.0.0.2'),
    'Service unavailable; Client host [127.0.0.5] blocked using bl.spamcop.net',
  );
});

test('lookups against a resolver: A then TXT; failures are "not listed" with the reason', async () => {
  const asked: string[] = [];
  const fake: Resolver = async (name, type) => {
    asked.push(`${type} ${name}`);
    if (name === '2.0.0.127.list.test' && type === 'A') return ['127.0.0.2'];
    if (name === '2.0.0.127.list.test' && type === 'TXT') return [['spam ', 'source']];
    if (name === '3.0.0.127.list.test') throw dnsError('ETIMEOUT', type, name);
    if (name === '4.0.0.127.list.test') return ['192.0.2.1'];
    throw dnsError('ENOTFOUND', type, name);
  };
  assert.deepEqual(await rblLookup(fake, '127.0.0.2', 'list.test'), {
    listed: true,
    query: '2.0.0.127.list.test',
    answer: '127.0.0.2',
    txt: 'spam source',
  });
  assert.deepEqual(asked, ['A 2.0.0.127.list.test', 'TXT 2.0.0.127.list.test']);
  assert.deepEqual(await rblLookup(fake, '127.0.0.9', 'list.test'), { listed: false, query: '9.0.0.127.list.test' });
  assert.deepEqual(await rblLookup(fake, '127.0.0.3', 'list.test'), { listed: false, query: '3.0.0.127.list.test', error: 'ETIMEOUT' });
  assert.equal((await rblLookup(fake, '127.0.0.4', 'list.test')).listed, false);
  assert.deepEqual(await rblLookup(fake, 'garbage', 'list.test'), { listed: false });
});

test('the three simulated lists answer the test entry, never 127.0.0.1, and the learner listing', async () => {
  const { ws, dns } = await dnsFor();
  try {
    const r = makeResolver('127.0.0.1', dns.port);
    const lists = {
      'zen.spamhaus.org': 'https://www.spamhaus.org/query/ip/127.0.0.2',
      'bl.spamcop.net': 'Blocked - see https://www.spamcop.net/bl.shtml?127.0.0.2',
      'b.barracudacentral.org': 'http://www.barracudanetworks.com/reputation/?pr=1&ip=127.0.0.2',
    };
    for (const [list, txt] of Object.entries(lists)) {
      assert.deepEqual(await rblLookup(r, '127.0.0.2', list), { listed: true, query: `2.0.0.127.${list}`, answer: '127.0.0.2', txt });
      assert.equal((await rblLookup(r, '127.0.0.1', list)).listed, false);
      assert.equal((await rblLookup(r, '127.0.0.7', list)).listed, false);
    }
    appendZone(ws, '7.0.0.127 IN A 127.0.0.2\n          IN TXT "Listed by hand"\n', 'etc/bind/dnsbl-local.zone');
    await dns.reload();
    for (const list of Object.keys(lists)) {
      assert.deepEqual(await rblLookup(r, '127.0.0.7', list), {
        listed: true,
        query: `7.0.0.127.${list}`,
        answer: '127.0.0.2',
        txt: 'Listed by hand',
      });
    }
  } finally {
    await dns.close();
  }
});

test('a domain-based list (permit_rhswl_client) asks NAME.list; NXDOMAIN is "not listed", another failure says why', async () => {
  const fake: Resolver = async (name) => {
    if (name === 'good.example.wl.example') return ['127.0.0.2'];
    if (name === 'far.example.wl.example') throw Object.assign(new Error('x'), { code: 'EREFUSED' });
    throw Object.assign(new Error('x'), { code: 'ENOTFOUND' });
  };
  assert.deepEqual(await rhsLookup(fake, 'Good.Example', 'wl.example'), { listed: true, query: 'good.example.wl.example', answer: '127.0.0.2' });
  assert.deepEqual(await rhsLookup(fake, 'good.example', 'wl.example=127.0.0.3'), { listed: false, query: 'good.example.wl.example', answer: '127.0.0.2' });
  assert.deepEqual(await rhsLookup(fake, 'bad.example', 'wl.example'), { listed: false, query: 'bad.example.wl.example' });
  assert.deepEqual(await rhsLookup(fake, 'far.example', 'wl.example'), { listed: false, query: 'far.example.wl.example', error: 'EREFUSED' });
});
