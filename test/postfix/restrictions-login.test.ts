// The sender login restrictions with SASL on, as Postfix 3.7.11 decided each case on the
// real server (submission with smtpd_sender_login_maps = hash:sender_login holding the
// lines below, recipient_delimiter = +): the reply, or none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, formatReply, ruleContext, type RestrictionFacts } from '../../src/postfix/restrictions.js';
import { tableFromText } from '../../src/postfix/tables.js';
import { parseNetworkList } from '../../src/postfix/cidr.js';

const MAP = 'hash:/etc/postfix/sender_login';
const table = tableFromText(
  MAP,
  'hash',
  '/etc/postfix/sender_login',
  'alumno@alexdns.local alumno\namigo alumno, otro\n@example.org alumno\nPepe@Example.NET  otro Alumno\n',
  [],
);
const facts: RestrictionFacts = {
  mynetworks: parseNetworkList(['127.0.0.0/8']),
  mynetworksText: '127.0.0.0/8',
  mydestination: ['alexdns.local', 'mail.alexdns.local', 'localhost'],
  relayDomains: [],
  myhostname: 'mail.alexdns.local',
  table: (spec) => (spec === MAP ? table : undefined),
  saslEnabled: true,
  senderLoginMaps: [MAP],
  recipientDelimiter: '+',
};
const ALUMNO = { method: 'PLAIN', username: 'alumno' };
const notOwned = (a: string) => `553 5.7.1 <${a}>: Sender address rejected: not owned by user alumno`;
const notLogged = (a: string) => `553 5.7.1 <${a}>: Sender address rejected: not logged in`;

const CASES: { r: string; sender: string; sasl?: typeof ALUMNO; facts?: Partial<RestrictionFacts>; reply?: string; key: string }[] = [
  { r: 'reject_sender_login_mismatch', sender: 'alumno@alexdns.local', sasl: ALUMNO, key: 'sandbox.why.senderOwned' },
  {
    r: 'reject_sender_login_mismatch',
    sender: 'jefe@alexdns.local',
    sasl: ALUMNO,
    reply: notOwned('jefe@alexdns.local'),
    key: 'sandbox.why.senderNoOwner',
  },
  // the bare local part matches only in a local domain
  { r: 'reject_sender_login_mismatch', sender: 'amigo@alexdns.local', sasl: ALUMNO, key: 'sandbox.why.senderOwned' },
  {
    r: 'reject_sender_login_mismatch',
    sender: 'amigo@example.com',
    sasl: ALUMNO,
    reply: notOwned('amigo@example.com'),
    key: 'sandbox.why.senderNoOwner',
  },
  // @domain, but not its subdomains
  { r: 'reject_sender_login_mismatch', sender: 'x@example.org', sasl: ALUMNO, key: 'sandbox.why.senderOwned' },
  {
    r: 'reject_sender_login_mismatch',
    sender: 'x@sub.example.org',
    sasl: ALUMNO,
    reply: notOwned('x@sub.example.org'),
    key: 'sandbox.why.senderNoOwner',
  },
  // keys and logins compare without case; an extension is stripped
  { r: 'reject_sender_login_mismatch', sender: 'pepe@example.net', sasl: ALUMNO, key: 'sandbox.why.senderOwned' },
  { r: 'reject_sender_login_mismatch', sender: 'alumno+tag@alexdns.local', sasl: ALUMNO, key: 'sandbox.why.senderOwned' },
  {
    r: 'reject_sender_login_mismatch',
    sender: 'otro@alexdns.local',
    sasl: { method: 'PLAIN', username: 'otro' },
    reply: '553 5.7.1 <otro@alexdns.local>: Sender address rejected: not owned by user otro',
    key: 'sandbox.why.senderNoOwner',
  },
  {
    r: 'reject_sender_login_mismatch',
    sender: 'alumno@alexdns.local',
    sasl: { method: 'PLAIN', username: 'otro' },
    reply: '553 5.7.1 <alumno@alexdns.local>: Sender address rejected: not owned by user otro',
    key: 'sandbox.why.senderNotOwned',
  },
  { r: 'reject_sender_login_mismatch', sender: '', sasl: ALUMNO, key: 'sandbox.why.nullSender' },
  // without a login: an address that has an owner is refused, one that has none passes
  {
    r: 'reject_sender_login_mismatch',
    sender: 'alumno@alexdns.local',
    reply: notLogged('alumno@alexdns.local'),
    key: 'sandbox.why.senderNotLoggedIn',
  },
  { r: 'reject_sender_login_mismatch', sender: 'nadie@alexdns.local', key: 'sandbox.why.senderLoginOk' },
  { r: 'reject_authenticated_sender_login_mismatch', sender: 'alumno@alexdns.local', key: 'sandbox.why.senderLoginOk' },
  { r: 'reject_unauthenticated_sender_login_mismatch', sender: 'jefe@alexdns.local', sasl: ALUMNO, key: 'sandbox.why.senderLoginOk' },
  {
    r: 'reject_unauthenticated_sender_login_mismatch',
    sender: 'alumno@alexdns.local',
    reply: notLogged('alumno@alexdns.local'),
    key: 'sandbox.why.senderNotLoggedIn',
  },
  // known: only the addresses the table lists
  { r: 'reject_known_sender_login_mismatch', sender: 'jefe@alexdns.local', sasl: ALUMNO, key: 'sandbox.why.senderLoginOk' },
  {
    r: 'reject_known_sender_login_mismatch',
    sender: 'pepe@example.net',
    sasl: { method: 'PLAIN', username: 'amigo' },
    reply: '553 5.7.1 <pepe@example.net>: Sender address rejected: not owned by user amigo',
    key: 'sandbox.why.senderNotOwned',
  },
  {
    r: 'reject_sender_login_mismatch',
    sender: 'jefe@alexdns.local',
    sasl: ALUMNO,
    facts: { senderLoginMaps: [] },
    key: 'sandbox.why.noLoginMaps',
  },
];

for (const c of CASES) {
  test(`${c.r} <${c.sender}> ${c.sasl ? `as ${c.sasl.username}` : 'without login'}${c.facts ? ' ' + JSON.stringify(c.facts) : ''}`, () => {
    const s = decide(
      { name: c.r, text: c.r },
      ruleContext(
        'smtpd_sender_restrictions',
        { client: { addr: '127.0.0.1', name: 'localhost' }, helo: 'pc', sender: c.sender, recipient: 'amigo@alexdns.local', sasl: c.sasl },
        { ...facts, ...c.facts },
      ),
    );
    assert.equal(s.reply ? formatReply(s.reply) : undefined, c.reply);
    assert.equal(s.verdict, c.reply ? 'reject' : 'dunno');
    assert.equal(s.note.key, c.key);
  });
}
