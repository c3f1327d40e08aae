// local_recipient_maps, VRFY's argument and the address forms smtpd and cleanup write, as
// Postfix 3.7.11 answered them on loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  baseUser,
  externalForm,
  qualify,
  unknownLocalRecipient,
  vrfyAddress,
  type LocalRecipientFacts,
} from '../../src/postfix/recipients.js';

const users = new Set(['root', 'alumno', 'www-data']);
const aliases = new Set(['postmaster', 'root']);
const facts: LocalRecipientFacts = {
  maps: 'proxy:unix:passwd.byname hash:/etc/aliases',
  mydestination: ['mail.alexdns.local', 'alexdns.local', 'localhost'],
  relayDomains: ['relay.example'],
  recipientDelimiter: '+',
  has: (spec, key) => (spec === 'hash:/etc/aliases' ? aliases.has(key) : !key.includes('@') && users.has(key)),
};
const UNKNOWN = (a: string) => `550 5.1.1 <${a}>: Recipient address rejected: User unknown in local recipient table`;

const CASES: [string, Partial<LocalRecipientFacts>, string | undefined][] = [
  ['nadie@alexdns.local', {}, UNKNOWN('nadie@alexdns.local')],
  ['nadie', {}, UNKNOWN('nadie')],
  ['nadie@[127.0.0.1]', {}, UNKNOWN('nadie@[127.0.0.1]')],
  ['Alumno+tag@Localhost', {}, undefined],
  ['postmaster@mail.alexdns.local', {}, undefined],
  ['MAILER-DAEMON@alexdns.local', {}, undefined],
  ['double-bounce', {}, undefined],
  ['nadie@example.com', {}, undefined],
  ['nadie@relay.example', {}, undefined],
  ['nadie@alexdns.local', { maps: '' }, undefined],
  [
    'nadie@alexdns.local',
    { code: 450 },
    `450 4.1.1 <nadie@alexdns.local>: Recipient address rejected: User unknown in local recipient table`,
  ],
  ['alumno@alexdns.local', { maps: 'hash:/etc/aliases' }, UNKNOWN('alumno@alexdns.local')],
];

for (const [rcpt, over, want] of CASES) {
  test(`local_recipient_maps: ${rcpt} ${JSON.stringify(over)} → ${want ?? 'accepted'}`, () => {
    const r = unknownLocalRecipient(rcpt, { ...facts, ...over });
    assert.equal(r ? `${r.code} ${r.enhanced} ${r.text}` : undefined, want);
  });
}

test('VRFY takes one address, with or without <>', () => {
  assert.equal(vrfyAddress('alumno'), 'alumno');
  assert.equal(vrfyAddress('<root@alexdns.local>'), 'root@alexdns.local');
  assert.equal(vrfyAddress('"nadie"'), 'nadie');
  for (const bad of ['', '<>', 'a b', '<a> b']) assert.equal(vrfyAddress(bad), undefined, bad);
});

test('address forms: quotes only where needed, the extension cut, unqualified addresses get @$myorigin', () => {
  assert.equal(externalForm('"nadie"@alexdns.local'), 'nadie@alexdns.local');
  assert.equal(externalForm('"a b"@b.example'), '"a b"@b.example');
  assert.equal(externalForm('"al\\umno"@alexdns.local'), 'alumno@alexdns.local');
  assert.equal(baseUser('Alumno+x-y', '+-'), 'alumno');
  assert.equal(baseUser('+alumno', '+'), '+alumno');
  assert.equal(qualify('alumno', 'alexdns.local'), 'alumno@alexdns.local');
  assert.equal(qualify('alumno@vm', 'alexdns.local'), 'alumno@vm');
});

test('a table that cannot be opened ends the lookup with 451 4.3.0 Temporary lookup failure (the users before it still pass)', () => {
  const unavailable = (spec: string) => spec === 'hash:/etc/aliases';
  const r = unknownLocalRecipient('nadie@alexdns.local', { ...facts, unavailable });
  assert.deepEqual(r, {
    code: 451,
    enhanced: '4.3.0',
    text: '<nadie@alexdns.local>: Temporary lookup failure',
    lookupError: { spec: 'hash:/etc/aliases', key: 'nadie@alexdns.local' },
  });
  assert.equal(unknownLocalRecipient('alumno@alexdns.local', { ...facts, unavailable }), undefined);
});
