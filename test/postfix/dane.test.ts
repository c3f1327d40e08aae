// TLSA records as a zone file writes them, and how Postfix's DANE client weighs them
// against a server's key: one table of cases per question.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatTlsa,
  judgeTlsa,
  judgeTlsaSet,
  parseTlsaWords,
  tlsaMatches,
  tlsaName,
  tlsaNameDiff,
  type KeyDigests,
  type Tlsa,
} from '../../src/postfix/dane.js';

const h = (c: string, n: number) => c.repeat(n);
/** a key with a certificate: fake digests, each recognisable */
const KEY: KeyDigests = { cert: [h('c0', 300), h('c1', 32), h('c2', 64)], spki: [h('a0', 290), h('a1', 32), h('a2', 64)] };
const NEXT: KeyDigests = { spki: [h('b0', 290), h('b1', 32), h('b2', 64)] };
const rec = (usage: number, selector: number, matchingType: number, data: string): Tlsa => ({ usage, selector, matchingType, data });

test('TLSA text as BIND reads it', () => {
  const cases: [string[], ReturnType<typeof parseTlsaWords>][] = [
    [['3', '1', '1', 'ABCDEF01'], { tlsa: rec(3, 1, 1, 'abcdef01') }],
    // the hex may be split by spaces, as dig prints it
    [['3', '1', '1', 'abcd', 'ef01'], { tlsa: rec(3, 1, 1, 'abcdef01') }],
    [['3', '1'], { error: 'missing', field: 'matchingType' }],
    [['3', '1', '1'], { error: 'missing', field: 'data' }],
    [[], { error: 'missing', field: 'usage' }],
    [['DANE-EE', '1', '1', 'ab'], { error: 'badNumber', field: 'usage', value: 'DANE-EE' }],
    [['3', '256', '1', 'ab'], { error: 'badNumber', field: 'selector', value: '256' }],
    [['3', '1', '1', 'abc'], { error: 'badHex', value: 'abc' }],
    [['3', '1', '1', 'SHA2-256(stdin)=', 'ab'], { error: 'badHex', value: 'SHA2-256(stdin)=ab' }],
  ];
  for (const [words, want] of cases) assert.deepEqual(parseTlsaWords(words), want, words.join(' '));
  assert.equal(formatTlsa(rec(3, 1, 1, 'ab')), '3 1 1 ab');
});

test('one record against a key: the first difference from 3 1 1 <SHA-256 of the public key>', () => {
  const cases: [Tlsa, ReturnType<typeof judgeTlsa>][] = [
    [rec(3, 1, 1, KEY.spki[1]), 'match'],
    [rec(1, 1, 1, KEY.spki[1]), 'pkixUsage'],
    [rec(0, 1, 1, KEY.spki[1]), 'pkixUsage'],
    [rec(2, 1, 1, KEY.spki[1]), 'taUsage'],
    [rec(4, 1, 1, KEY.spki[1]), 'badUsage'],
    [rec(3, 0, 1, KEY.cert![1]), 'certSelector'],
    [rec(3, 2, 1, KEY.spki[1]), 'badSelector'],
    [rec(3, 1, 2, KEY.spki[2]), 'otherMatchingType'],
    [rec(3, 1, 0, KEY.spki[0]), 'otherMatchingType'],
    [rec(3, 1, 3, KEY.spki[1]), 'badMatchingType'],
    [rec(3, 1, 1, h('a1', 31)), 'length'],
    [rec(3, 1, 1, KEY.cert![1]), 'certHash'],
    [rec(3, 1, 1, NEXT.spki[1]), 'mismatch'],
  ];
  for (const [r, want] of cases) assert.equal(judgeTlsa(r, KEY), want, formatTlsa(r).slice(0, 20));
});

test('a record matches by its own selector and matching type, whatever the usage', () => {
  assert.equal(tlsaMatches(rec(3, 0, 2, KEY.cert![2]), KEY), true);
  assert.equal(tlsaMatches(rec(2, 1, 0, KEY.spki[0]), KEY), true);
  assert.equal(tlsaMatches(rec(3, 0, 1, KEY.spki[1]), KEY), false);
  assert.equal(tlsaMatches(rec(3, 0, 1, NEXT.spki[1]), NEXT), false);
  assert.equal(tlsaMatches(rec(3, 1, 9, KEY.spki[1]), KEY), false);
});

test('the set at a name: the key in use, and in a rollover the next key too', () => {
  const cur = rec(3, 1, 1, KEY.spki[1]);
  const nxt = rec(3, 1, 1, NEXT.spki[1]);
  const wrong = rec(3, 1, 1, h('ff', 32));
  const cases: [Tlsa[], KeyDigests | undefined, ReturnType<typeof judgeTlsaSet>][] = [
    [[cur], undefined, { ok: true, current: cur }],
    [[wrong, cur], undefined, { ok: true, current: cur }],
    [[], undefined, { ok: false, reason: 'none' }],
    [[wrong], undefined, { ok: false, reason: 'record', record: wrong, verdict: 'mismatch' }],
    [[cur, nxt], NEXT, { ok: true, current: cur, next: nxt }],
    [[nxt, cur], NEXT, { ok: true, current: cur, next: nxt }],
    [[nxt], NEXT, { ok: false, reason: 'currentMissing', next: nxt }],
    [[cur], NEXT, { ok: false, reason: 'nextMissing', current: cur, others: [] }],
    [[cur, wrong], NEXT, { ok: false, reason: 'record', record: wrong, verdict: 'mismatch' }],
    [[cur, rec(3, 0, 1, h('b1', 32))], NEXT, { ok: false, reason: 'record', record: rec(3, 0, 1, h('b1', 32)), verdict: 'certSelector' }],
    [[wrong], NEXT, { ok: false, reason: 'record', record: wrong, verdict: 'mismatch' }],
  ];
  for (const [set, next, want] of cases) assert.deepEqual(judgeTlsaSet(set, KEY, next), want);
});

test("the name of an SMTP server's TLSA record, and what differs in a wrong one", () => {
  const want = tlsaName('mail.aula.test');
  assert.equal(want, '_25._tcp.mail.aula.test');
  const cases: [string, ReturnType<typeof tlsaNameDiff>][] = [
    ['_25._tcp.mail.aula.test', undefined],
    ['_25._tcp.mail.aula.test.', undefined],
    ['_2525._tcp.mail.aula.test', 'port'],
    ['_587._tcp.mail.aula.test', 'port'],
    ['_25._udp.mail.aula.test', 'proto'],
    ['_25._tcp.aula.test', 'host'],
    ['mail.aula.test', 'host'],
  ];
  for (const [found, diff] of cases) assert.equal(tlsaNameDiff(found, want), diff, found);
});
