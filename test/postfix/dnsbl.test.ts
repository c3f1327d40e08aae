// DNS list filters and postscreen's weighted sites, as Postfix reads them; the rank of
// "zen.spamhaus.org=127.0.0.[2..11]*3 bl.spamcop.net=127.0.0.2*1" is what a real postscreen
// logged ("DNSBL rank 3") when zen answered 127.0.0.2 and spamcop 127.0.0.4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsblRank, listedAnswer, parseDnsblSite, rblFilterMatch, type DnsblSite } from '../../src/postfix/dnsbl.js';

test('filters: an address, a [list], a [range], ranges in several octets; a filter Postfix cannot read matches only itself', () => {
  const rows: [string, string, boolean][] = [
    ['127.0.0.2', '127.0.0.2', true],
    ['127.0.0.2', '127.0.0.3', false],
    ['127.0.0.[2;4]', '127.0.0.4', true],
    ['127.0.0.[2;4]', '127.0.0.3', false],
    ['127.0.0.[2..11]', '127.0.0.2', true],
    ['127.0.0.[2..11]', '127.0.0.11', true],
    ['127.0.0.[2..11]', '127.0.0.12', false],
    ['127.0.0.[2..11]', '127.0.0.1', false],
    // Spamhaus's error codes (public resolver, too many queries, a misspelled list): not listings
    ['127.0.0.[2..11]', '127.255.255.254', false],
    ['127.0.0.[2..11]', '127.255.255.255', false],
    ['127.0.0.[2..11]', '127.255.255.252', false],
    ['127.0.0.[2;10..11]', '127.0.0.10', true],
    ['127.0.0.[2;10..11]', '127.0.0.3', false],
    ['127.0.[0..255].[1..3]', '127.0.15.3', true],
    ['127.0.[0..255].[1..3]', '127.0.15.4', false],
    ['127.0.0.[2..', '127.0.0.2', false],
    ['127.0.0', '127.0.0', true],
  ];
  for (const [filter, answer, want] of rows) assert.equal(rblFilterMatch(filter, answer), want, `${filter} ${answer}`);
});

test('sites: domain, filter and weight; the weight is 1 when none is written, and may be negative', () => {
  assert.deepEqual(parseDnsblSite('zen.spamhaus.org=127.0.0.[2..11]*3'), {
    domain: 'zen.spamhaus.org',
    filter: '127.0.0.[2..11]',
    weight: 3,
    text: 'zen.spamhaus.org=127.0.0.[2..11]*3',
  });
  assert.equal(parseDnsblSite('bl.spamcop.net')?.weight, 1);
  assert.equal(parseDnsblSite('list.dnswl.org=127.0.[0..255].[1..3]*-5')?.weight, -5);
  assert.equal(parseDnsblSite('bad*site*2'), undefined);
});

test('rank: the weights of the sites whose answers pass their filter', () => {
  const sites = ['zen.spamhaus.org=127.0.0.[2..11]*3', 'bl.spamcop.net=127.0.0.2*1', 'list.dnswl.org=127.0.[0..255].[1..3]*-5'].map(
    (t) => parseDnsblSite(t) as DnsblSite,
  );
  const answers = (table: Record<string, string[]>) => (d: string) => table[d] ?? [];
  assert.equal(dnsblRank(sites, answers({ 'zen.spamhaus.org': ['127.0.0.2'], 'bl.spamcop.net': ['127.0.0.4'] })), 3);
  assert.equal(dnsblRank(sites, answers({ 'zen.spamhaus.org': ['127.0.0.2'], 'bl.spamcop.net': ['127.0.0.2'] })), 4);
  assert.equal(dnsblRank(sites, answers({ 'zen.spamhaus.org': ['127.0.0.2', '127.0.0.4'] })), 3, 'a site counts once');
  assert.equal(dnsblRank(sites, answers({ 'zen.spamhaus.org': ['127.0.0.2'], 'list.dnswl.org': ['127.0.10.2'] })), -2);
  assert.equal(dnsblRank(sites, answers({})), 0);
  assert.equal(dnsblRank([parseDnsblSite('bl.spamcop.net')!], answers({ 'bl.spamcop.net': ['127.0.0.4'] })), 1, 'no filter: any answer');
});

test('listed: an answer in 127.0.0.0/8 that passes the filter, if any', () => {
  assert.equal(listedAnswer(undefined, '127.0.0.2'), true);
  assert.equal(listedAnswer(undefined, '192.0.2.1'), false);
  assert.equal(listedAnswer('127.0.0.[2..11]', '127.0.0.4'), true);
  assert.equal(listedAnswer('127.0.0.[2..11]', '127.0.0.12'), false);
  assert.equal(listedAnswer('192.0.2.[1..3]', '192.0.2.1'), false, 'never outside 127.0.0.0/8');
});
