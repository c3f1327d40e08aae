// The p= of an Ed25519 key record (RFC 8463): the raw 32 bytes, and each way it goes wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { ed25519PProblem, ED25519_SPKI_PREFIX } from '../../../src/sandbox/auth/ed25519-record.js';

const { publicKey } = generateKeyPairSync('ed25519');
const spki = publicKey.export({ type: 'spki', format: 'der' });
const raw = spki.subarray(-32);
const other = createPublicKey(generateKeyPairSync('ed25519').privateKey).export({ type: 'spki', format: 'der' }).subarray(-32);

test('openssl writes the 12-byte SPKI header this module knows', () => {
  assert.equal(spki.length, 44);
  assert.deepEqual(spki.subarray(0, 12), ED25519_SPKI_PREFIX);
});

const cases: [string, string, Buffer | undefined, { problem?: string; bytes: number }][] = [
  ['the raw key', raw.toString('base64'), raw, { bytes: 32 }],
  ['the raw key, folded by the zone into two strings and joined with a space', `${raw.toString('base64').slice(0, 20)} ${raw.toString('base64').slice(20)}`, raw, { bytes: 32 }],
  ['the raw key, no key to compare with', raw.toString('base64'), undefined, { bytes: 32 }],
  ['empty: revoked', '', raw, { problem: 'revoked', bytes: 0 }],
  ['the SubjectPublicKeyInfo (BEGIN PUBLIC KEY)', spki.toString('base64'), raw, { problem: 'spki', bytes: 44 }],
  ['cut when copied', raw.toString('base64').slice(0, 30), raw, { problem: 'length', bytes: 22 }],
  ['a stray character', raw.toString('base64').slice(0, 20) + '!' + raw.toString('base64').slice(21), raw, { problem: 'notBase64', bytes: 0 }],
  ['hex instead of base64', raw.toString('hex'), raw, { problem: 'length', bytes: 48 }],
  ['another key pair', other.toString('base64'), raw, { problem: 'mismatch', bytes: 32 }],
  ['an RSA key', generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), raw, { problem: 'length', bytes: 162 }],
];

for (const [name, p, key, want] of cases) {
  test(`p=: ${name}`, () => assert.deepEqual(ed25519PProblem(p, key), want));
}
