// The protocol lists of smtpd_tls_protocols, as Postfix 3.7 reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { protocolRange, refusesBelow, sandboxTlsVersions } from '../../src/postfix/tls-protocols.js';

const cases: [string, string[] | string][] = [
  ['>=TLSv1', ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']], // the 3.7 default
  ['>=TLSv1.2', ['TLSv1.2', 'TLSv1.3']],
  ['!SSLv2, !SSLv3', ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']], // the pre-3.6 way
  ['!SSLv2, !SSLv3, !TLSv1, !TLSv1.1', ['TLSv1.2', 'TLSv1.3']],
  ['!SSLv2:!SSLv3:!TLSv1:!TLSv1.1', ['TLSv1.2', 'TLSv1.3']],
  ['TLSv1.2 TLSv1.3', ['TLSv1.2', 'TLSv1.3']],
  ['>=TLSv1.1, <=TLSv1.2', ['TLSv1.1', 'TLSv1.2']],
  ['>=tlsv1.3', ['TLSv1.3']],
  ['', ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']],
  ['>=TLS1.2', '>=TLS1.2'],
  ['high', 'high'],
];

test('protocol lists: what each enables, or the word Postfix would not accept', () => {
  for (const [value, want] of cases) {
    const r = protocolRange(value);
    if (typeof want === 'string') assert.deepEqual(r, { invalid: want }, value);
    else assert.deepEqual('enabled' in r && r.enabled, want, value);
  }
});

test('refusesBelow: only lists whose lowest protocol is TLSv1.2 or newer', () => {
  assert.equal(refusesBelow('>=TLSv1.2', 'TLSv1.2'), true);
  assert.equal(refusesBelow('!SSLv2, !SSLv3, !TLSv1, !TLSv1.1', 'TLSv1.2'), true);
  assert.equal(refusesBelow('>=TLSv1.3', 'TLSv1.2'), true);
  assert.equal(refusesBelow('>=TLSv1', 'TLSv1.2'), false);
  assert.equal(refusesBelow('!SSLv2, !SSLv3', 'TLSv1.2'), false);
  assert.equal(refusesBelow('>=TLSv1.3, <=TLSv1.2', 'TLSv1.2'), false); // nothing left
  assert.equal(refusesBelow('>=TLS1.2', 'TLSv1.2'), false);
});

test('sandboxTlsVersions: the range within TLS 1.2 and 1.3, both when the list leaves none of them', () => {
  assert.deepEqual(sandboxTlsVersions('>=TLSv1'), { min: 'TLSv1.2', max: 'TLSv1.3' });
  assert.deepEqual(sandboxTlsVersions('>=TLSv1.2'), { min: 'TLSv1.2', max: 'TLSv1.3' });
  assert.deepEqual(sandboxTlsVersions('>=TLSv1.3'), { min: 'TLSv1.3', max: 'TLSv1.3' });
  assert.deepEqual(sandboxTlsVersions('!TLSv1.3'), { min: 'TLSv1.2', max: 'TLSv1.2' });
  assert.deepEqual(sandboxTlsVersions('<=TLSv1.1'), { min: 'TLSv1.2', max: 'TLSv1.3' });
  assert.deepEqual(sandboxTlsVersions('bogus'), { min: 'TLSv1.2', max: 'TLSv1.3' });
});
