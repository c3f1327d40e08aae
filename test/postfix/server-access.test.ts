// check_*_{a,mx,ns}_access as pure decisions on the servers the sandbox's loop resolved,
// with the replies and warnings Postfix 3.7.11 gave in the differential sweep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RESTRICTIONS,
  decide,
  formatReply,
  parseRestrictions,
  ruleContext,
  type CheckState,
  type RestrictionFacts,
  type ServerAnswer,
} from '../../src/postfix/restrictions.js';
import { parseNetworkList } from '../../src/postfix/cidr.js';
import { parseTableSpec } from '../../src/postfix/tables.js';

const spec = 'inline:{ 127.0.0.1=REJECT, bad.example=REJECT, 192.0.2=DUNNO }';
const t = parseTableSpec(spec, 'main.cf');
const facts: RestrictionFacts = {
  mynetworks: parseNetworkList(['127.0.0.0/8']),
  mynetworksText: '127.0.0.0/8',
  mydestination: ['mail.alexdns.local', 'alexdns.local', 'localhost'],
  relayDomains: [],
  myhostname: 'mail.alexdns.local',
  table: (x) => (x === spec && t.kind === 'ready' ? t.table : undefined),
};
const state: CheckState = {
  client: { addr: '203.0.113.7', name: 'mail.alexdns.local' },
  helo: 'vm',
  sender: 'a@example.net',
  recipient: 'alumno@alexdns.local',
};

function run(name: string, servers: ServerAnswer, st: Partial<CheckState> = {}) {
  const r = parseRestrictions(`${name} ${spec}`, 'smtpd_recipient_restrictions', { file: 'main.cf' }).items[0];
  const s = { ...state, ...st };
  return { q: RESTRICTIONS[name].dns!(r, s, facts), step: decide(r, ruleContext('smtpd_recipient_restrictions', s, facts), { servers }) };
}

const local: ServerAnswer = { hosts: [{ name: 'mail.alexdns.local', addrs: ['127.0.0.1'] }] };
const foreign: ServerAnswer = { hosts: [{ name: 'mx.example.net', addrs: ['198.51.100.1'] }] };

test('each of the fifteen rejects a server the table lists, and passes on one it does not, naming what it checked', () => {
  const replies: Record<string, string> = {
    client: '554 5.7.1 <mail.alexdns.local[203.0.113.7]>: Client host rejected: Access denied',
    reverse_client: '554 5.7.1 <mail.alexdns.local>: Unverified Client host rejected: Access denied',
    helo: '554 5.7.1 <vm>: Helo command rejected: Access denied',
    sender: '554 5.7.1 <a@example.net>: Sender address rejected: Access denied',
    recipient: '554 5.7.1 <alumno@alexdns.local>: Recipient address rejected: Access denied',
  };
  for (const [who, reply] of Object.entries(replies))
    for (const type of ['a', 'mx', 'ns']) {
      const name = `check_${who}_${type}_access`;
      const hit = run(name, local);
      assert.equal(hit.step.verdict, 'reject', name);
      assert.equal(formatReply(hit.step.reply!), reply, name);
      assert.equal(run(name, foreign).step.verdict, 'dunno', name);
    }
});

test('what is asked: the domain of an address, the HELO name, the client name; nothing for <>, an unknown client or a literal', () => {
  assert.deepEqual(run('check_sender_ns_access', local).q, { kind: 'servers', type: 'NS', domain: 'example.net' });
  assert.deepEqual(run('check_helo_a_access', local).q, { kind: 'servers', type: 'A', domain: 'vm' });
  assert.deepEqual(run('check_client_mx_access', local).q, { kind: 'servers', type: 'MX', domain: 'mail.alexdns.local' });
  assert.equal(run('check_sender_mx_access', local, { sender: '' }).q, undefined);
  assert.equal(run('check_client_a_access', local, { client: { addr: '203.0.113.7', name: 'unknown' } }).q, undefined);
  // an address literal is its own A or MX server
  const lit = run('check_recipient_mx_access', { hosts: [] }, { recipient: 'x@[127.0.0.1]' });
  assert.equal(lit.q, undefined);
  assert.equal(lit.step.verdict, 'reject');
  assert.equal(run('check_recipient_ns_access', { hosts: [] }, { recipient: 'x@[127.0.0.1]' }).step.verdict, 'dunno');
});

test('MX and NS host names are looked up before their addresses; an A check looks at addresses only', () => {
  const named: ServerAnswer = { hosts: [{ name: 'mx1.bad.example', addrs: ['198.51.100.1'] }] };
  assert.equal(run('check_helo_mx_access', named).step.verdict, 'reject');
  assert.equal(run('check_helo_a_access', named).step.verdict, 'dunno');
  // DUNNO in the table ends the search (found), the next server is not looked at
  const dunno: ServerAnswer = {
    hosts: [
      { name: 'mx.example.net', addrs: ['192.0.2.1'] },
      { name: 'mail.alexdns.local', addrs: ['127.0.0.1'] },
    ],
  };
  assert.equal(run('check_helo_mx_access', dunno).step.verdict, 'dunno');
});

test('a failed lookup only warns, in Postfix 3.7.11 words; an A check does not warn about a host without an address', () => {
  const failed = run('check_helo_mx_access', { failed: { domain: 'vm', error: 'Host not found, try again' }, hosts: [] }).step;
  assert.equal(failed.verdict, 'dunno');
  assert.deepEqual(failed.warnings, ['warning: Unable to look up MX host for vm: Host not found, try again']);
  const noAddr: ServerAnswer = { hosts: [{ name: 'mx.example.net', error: 'Name or service not known' }] };
  assert.deepEqual(run('check_sender_mx_access', noAddr).step.warnings, [
    'warning: Unable to look up MX host mx.example.net for Sender address a@example.net: Name or service not known',
  ]);
  assert.equal(run('check_helo_a_access', noAddr).step.warnings, undefined);
  assert.equal(run('check_recipient_mx_access', { nullmx: true, hosts: [] }).step.verdict, 'dunno');
});
