// What Postfix 3.7.11 does with a restriction it cannot apply as configured: an unknown
// name, the SASL-only restrictions without SASL, check_ccert_access without client
// certificates, and the words after permit, reject or defer. Texts seen on the real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, formatReply, ruleContext, type Restriction, type RestrictionFacts, type Verdict } from '../../src/postfix/restrictions.js';
import { ignoredAfter, startupWarnings } from '../../src/postfix/restrictions-ignored.js';
import { parseNetworkList } from '../../src/postfix/cidr.js';

const facts: RestrictionFacts = {
  mynetworks: parseNetworkList(['127.0.0.0/8']),
  mynetworksText: '127.0.0.0/8',
  mydestination: ['alexdns.local'],
  relayDomains: [],
  myhostname: 'mail.alexdns.local',
  table: () => undefined,
};
const state = { client: { addr: '127.0.0.1', name: 'localhost' }, helo: 'vm', sender: 'a@example.net', recipient: 'alumno@alexdns.local' };
const r = (text: string): Restriction => ({ name: text.split(' ')[0].toLowerCase(), arg: text.split(' ')[1], text });

const CASES: {
  restriction: string;
  facts?: Partial<RestrictionFacts>;
  sender?: string;
  verdict: Verdict;
  reply?: string;
  warnings: string[];
  software?: boolean;
  key: string;
}[] = [
  // "dunno" is an access table's word, not a restriction: smtpd_check.c's "unknown smtpd restriction"
  {
    restriction: 'dunno',
    verdict: 'defer',
    reply: '451 4.3.5 Server configuration error',
    warnings: ['warning: unknown smtpd restriction: "dunno"'],
    software: true,
    key: 'sandbox.why.unknownRestriction',
  },
  {
    restriction: 'reject_bogus_thing',
    verdict: 'defer',
    reply: '451 4.3.5 Server configuration error',
    warnings: ['warning: unknown smtpd restriction: "reject_bogus_thing"'],
    software: true,
    key: 'sandbox.why.unknownRestriction',
  },
  {
    restriction: 'reject_sender_login_mismatch',
    verdict: 'dunno',
    warnings: [
      "warning: restriction `reject_authenticated_sender_login_mismatch' ignored: no SASL support",
      "warning: restriction `reject_unauthenticated_sender_login_mismatch' ignored: no SASL support",
    ],
    key: 'sandbox.why.noSasl',
  },
  // a bounce too: the warning comes before the sender is looked at
  {
    restriction: 'reject_known_sender_login_mismatch',
    sender: '',
    verdict: 'dunno',
    warnings: ["warning: restriction `reject_known_sender_login_mismatch' ignored: no SASL support"],
    key: 'sandbox.why.noSasl',
  },
  {
    restriction: 'check_sasl_access inline:{alumno=REJECT}',
    verdict: 'dunno',
    warnings: ["warning: restriction `check_sasl_access' ignored: no SASL support"],
    key: 'sandbox.why.noSasl',
  },
  {
    restriction: 'reject_authenticated_sender_login_mismatch',
    facts: { saslEnabled: true },
    verdict: 'dunno',
    warnings: [],
    key: 'sandbox.why.noLoginMaps',
  },
  {
    restriction: 'check_ccert_access inline:{x=REJECT}',
    verdict: 'dunno',
    warnings: ['warning: check_ccert_access is requested, but "smtpd_tls_ask_ccert = no"'],
    key: 'sandbox.why.noCcert',
  },
  {
    restriction: 'check_ccert_access inline:{x=REJECT}',
    facts: { askCcert: true },
    verdict: 'dunno',
    warnings: [],
    key: 'sandbox.why.notSimulated',
  },
];

for (const c of CASES) {
  test(`${c.restriction} ${JSON.stringify(c.facts ?? {})} → ${c.verdict}, ${c.warnings.length} warning(s)`, () => {
    const s = decide(
      r(c.restriction),
      ruleContext('smtpd_recipient_restrictions', { ...state, sender: c.sender ?? state.sender }, { ...facts, ...c.facts }),
    );
    assert.equal(s.verdict, c.verdict);
    assert.equal(s.reply ? formatReply(s.reply) : undefined, c.reply);
    assert.deepEqual(s.warnings ?? [], c.warnings);
    assert.equal(s.software, c.software);
    assert.equal(s.note.key, c.key);
  });
}

const AFTER: { list: string; at: number; warnIfReject?: boolean; want?: string }[] = [
  { list: 'permit reject', at: 0, want: "warning: restriction `reject' after `permit' is ignored" },
  { list: 'reject permit_mynetworks', at: 0, want: "warning: restriction `permit_mynetworks' after `reject' is ignored" },
  {
    list: 'defer check_sender_access hash:/etc/postfix/x',
    at: 0,
    want: "warning: restriction `check_sender_access' after `defer' is ignored",
  },
  { list: 'permit', at: 0 },
  { list: 'permit_mynetworks reject', at: 0 },
  // warn_if_reject before it: the reject only warns, and the list goes on
  { list: 'reject permit', at: 0, warnIfReject: true },
];

for (const a of AFTER) {
  test(`ignoredAfter("${a.list}"${a.warnIfReject ? ', after warn_if_reject' : ''})`, () => {
    const items = a.list.split(/ (?=[a-z])/).map(r);
    assert.equal(ignoredAfter(items[a.at], items[a.at + 1], !!a.warnIfReject), a.want);
  });
}

// seen on 3.7.11: "permit, reject" in smtpd_recipient_restrictions warns once as smtpd starts (and again at each RCPT);
// "permit_mynetworks, reject, defer" in another list, or after a guard, does not
const STARTUP: { recipient: string; relay: string; want: string[] }[] = [
  {
    recipient: 'permit reject',
    relay: 'permit_mynetworks reject_unauth_destination',
    want: ["warning: restriction `reject' after `permit' is ignored"],
  },
  { recipient: 'reject_unauth_destination permit reject', relay: '', want: [] },
  { recipient: 'permit_mynetworks reject defer', relay: '', want: [] },
  {
    recipient: 'permit',
    relay: 'permit check_client_access',
    want: ["warning: restriction `check_client_access' after `permit' is ignored"],
  },
  { recipient: 'warn_if_reject permit reject', relay: '', want: [] },
];

for (const c of STARTUP) {
  test(`startupWarnings(recipient "${c.recipient}", relay "${c.relay}")`, () => {
    const list = (v: string) => v.split(' ').filter(Boolean).map(r);
    assert.deepEqual(startupWarnings(list(c.recipient), list(c.relay)), c.want);
  });
}

// seen on 3.7.11 with mynetworks = 127.0.0.1/8: a warning and 451 4.3.0 at every RCPT, from inside or outside
test('permit_mynetworks with a host-bits entry: the warning and 451 4.3.0 Temporary lookup failure; an earlier entry still matches', () => {
  const bad = { ...facts, mynetworks: parseNetworkList(['127.0.0.1/8']), mynetworksText: '127.0.0.1/8' };
  assert.deepEqual(bad.mynetworks.hostBits, { item: '127.0.0.1/8', fix: '127.0.0.0/8' });
  for (const addr of ['127.0.0.1', '203.0.113.7']) {
    const s = decide(
      r('permit_mynetworks'),
      ruleContext('smtpd_relay_restrictions', { ...state, client: { addr, name: 'localhost' } }, bad),
    );
    assert.equal(s.verdict, 'defer');
    assert.equal(formatReply(s.reply!), '451 4.3.0 <alumno@alexdns.local>: Temporary lookup failure');
    assert.deepEqual(s.warnings, [
      'warning: mynetworks: non-null host address bits in "127.0.0.1/8", perhaps you should use "127.0.0.0/8" instead',
    ]);
    assert.equal(s.note.key, 'sandbox.why.mynetworksHostBits');
  }
  // the match stops at the bad entry: what comes before it still matches, what comes after never does
  const mixed = { ...facts, mynetworks: parseNetworkList(['192.0.2.0/24', '127.0.0.1/8', '203.0.113.0/24']) };
  assert.equal(
    decide(r('permit_mynetworks'), ruleContext('smtpd_relay_restrictions', { ...state, client: { addr: '192.0.2.9', name: 'x' } }, mixed))
      .verdict,
    'permit',
  );
  assert.equal(
    decide(r('permit_mynetworks'), ruleContext('smtpd_relay_restrictions', { ...state, client: { addr: '203.0.113.7', name: 'x' } }, mixed))
      .verdict,
    'defer',
  );
});
