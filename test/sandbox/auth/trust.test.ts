// Who the milters treat as ours (SASL or mynetworks), kept per configuration and client address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trustedClient } from '../../../src/sandbox/auth/trust.js';
import { parseMainCf } from '../../../src/postfix/main-cf.js';

const session = (addr: string, sasl?: { method: string; username: string }) => ({
  id: 's1',
  listener: 'smtp' as const,
  client: { addr, name: 'unknown' },
  sasl,
});

test('mynetworks decides per configuration: the same client is ours under one and not under another', () => {
  const a = parseMainCf('mynetworks = 127.0.0.0/8, [::1]/128\n');
  const b = parseMainCf('mynetworks = 192.0.2.0/24\n');
  for (let i = 0; i < 2; i++) {
    assert.equal(trustedClient(session('127.0.0.1'), a), true);
    assert.equal(trustedClient(session('::ffff:127.0.0.1'), a), true);
    assert.equal(trustedClient(session('203.0.113.7'), a), false);
    assert.equal(trustedClient(session('127.0.0.1'), b), false);
    assert.equal(trustedClient(session('192.0.2.9'), b), true);
  }
  assert.equal(trustedClient(session('203.0.113.7', { method: 'PLAIN', username: 'ana' }), a), true);
});
