// Restrictions as Postfix evaluates them, with Postfix's exact answers (reference/postfix-observed.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRecipient, evaluateList, type CheckEnv } from '../../src/sandbox/smtp/restrictions.js';
import { parseRestrictions, formatReply, relayGuardIssue, type CheckState, type ListName, type Restriction } from '../../src/postfix/restrictions.js';
import { parseNetworkList, matchNetwork, parseNetwork, matchList } from '../../src/postfix/cidr.js';
import type { Table } from '../../src/postfix/tables.js';

const where = { file: '/etc/postfix/main.cf', line: 12 };

function items(v: string): Restriction[] {
  const r = parseRestrictions(v, 'smtpd_relay_restrictions', where);
  assert.deepEqual(r.issues, []);
  return r.items;
}

function table(entries: Record<string, string>, spec = 'hash:/etc/postfix/sender_access'): Table {
  const map = new Map(Object.entries(entries).map(([k, v]) => [k.toLowerCase(), v]));
  return { spec, type: 'hash', file: spec.split(':')[1], lookup: (k) => (map.has(k.toLowerCase()) ? { value: map.get(k.toLowerCase())!, key: k, line: 1 } : undefined) };
}

function env(over: Partial<CheckEnv> = {}, tables: Table[] = []): CheckEnv {
  return {
    mynetworks: parseNetworkList(['127.0.0.0/8', '[::ffff:127.0.0.0]/104', '[::1]/128']),
    mynetworksText: '127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128',
    mydestination: ['mail.alexdns.local', 'alexdns.local', 'localhost.alexdns.local', 'localhost'],
    relayDomains: [],
    myhostname: 'mail.alexdns.local',
    table: (spec) => tables.find((t) => t.spec === spec),
    rbl: async () => ({ listed: false }),
    rhs: async () => ({ listed: false }),
    domainStatus: async () => 'found',
    policy: async () => ({ warnings: [] }),
    servers: async () => ({ hosts: [] }),
    ...over,
  };
}

const outside: CheckState = { client: { addr: '203.0.113.7', name: 'localhost' }, helo: 'vm', sender: 'spam@example.net', recipient: 'victima@example.com' };
const tutorial = { smtpd_relay_restrictions: items('permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination') } as Partial<Record<ListName, Restriction[]>>;

test('relay from outside: 554 5.7.1 <victima@example.com>: Relay access denied, with the reasons', async () => {
  const r = await checkRecipient(tutorial, outside, env());
  assert.equal(r.result, 'reject');
  assert.equal(formatReply(r.reply!), '554 5.7.1 <victima@example.com>: Relay access denied');
  assert.equal(r.restriction, 'reject_unauth_destination');
  assert.equal(r.list, 'smtpd_relay_restrictions');
  assert.deepEqual(
    r.decisions.map((d) => [d.rule, d.result]),
    [
      ['permit_mynetworks', 'dunno'],
      ['permit_sasl_authenticated', 'dunno'],
      ['reject_unauth_destination', 'reject'],
    ],
  );
  assert.match(r.decisions[0].reason, /203\.0\.113\.7 is not in mynetworks 127\.0\.0\.0\/8/);
  assert.match(r.decisions[1].reason, /did not authenticate/);
  assert.match(r.decisions[2].reason, /example\.com is not in mydestination/);
  assert.equal(r.decisions[2].key, 'sandbox.why.relayRefused');
});

test('local delivery from outside is still allowed; relay after AUTH is allowed', async () => {
  const local = await checkRecipient(tutorial, { ...outside, recipient: 'alumno@alexdns.local' }, env());
  assert.equal(local.result, 'permit');
  const auth = await checkRecipient(tutorial, { ...outside, sasl: { method: 'PLAIN', username: 'alumno' } }, env());
  assert.equal(auth.result, 'permit');
  assert.equal(auth.decisions.at(-1)!.rule, 'permit_sasl_authenticated');
  const mynet = await checkRecipient(tutorial, { ...outside, client: { addr: '127.0.0.1', name: 'localhost' } }, env());
  assert.equal(mynet.result, 'permit');
  assert.match(mynet.decisions[0].reason, /127\.0\.0\.1 is in mynetworks \(127\.0\.0\.0\/8\)/);
});

test('an open relay: mynetworks 0.0.0.0/0 lets everyone relay, and says why', async () => {
  const r = await checkRecipient(tutorial, outside, env({ mynetworks: parseNetworkList(['0.0.0.0/0']), mynetworksText: '0.0.0.0/0' }));
  assert.equal(r.result, 'permit');
  assert.match(r.decisions[0].reason, /203\.0\.113\.7 is in mynetworks \(0\.0\.0\.0\/0\)/);
});

test('defer_unauth_destination (Postfix default) answers 454 4.7.1, as Postfix 3.7.11 does', async () => {
  const r = await checkRecipient({ smtpd_relay_restrictions: items('permit_mynetworks permit_sasl_authenticated defer_unauth_destination') }, outside, env());
  assert.equal(formatReply(r.reply!), '454 4.7.1 <victima@example.com>: Relay access denied');
  assert.equal(r.result, 'defer');
});

test('defer_if_permit and defer_if_reject wait for the end of the checks, then answer in their own words (Postfix 3.7.11)', async () => {
  const local = { ...outside, recipient: 'alumno@alexdns.local' };
  const lists = (v: string) => ({ ...tutorial, smtpd_recipient_restrictions: items(v) });
  const dip = await checkRecipient(lists('defer_if_permit, permit'), local, env());
  assert.deepEqual([dip.result, formatReply(dip.reply!)], ['defer', '450 4.7.0 <alumno@alexdns.local>: Recipient address rejected: defer_if_permit requested']);
  // a reject wins over defer_if_permit
  assert.equal((await checkRecipient(lists('defer_if_permit, reject'), local, env())).reply!.code, 554);
  const dir = await checkRecipient(lists('defer_if_reject, reject'), local, env());
  assert.deepEqual([dir.result, formatReply(dir.reply!)], ['defer', '450 4.7.0 <alumno@alexdns.local>: Recipient address rejected: defer_if_reject requested']);
  assert.equal((await checkRecipient(lists('defer_if_reject, permit'), local, env())).result, 'permit');
  // defer_if_reject lasts for its own stage: a reject in a later list is not turned into its 450
  const senderDir = { smtpd_sender_restrictions: items('defer_if_reject'), smtpd_recipient_restrictions: items('reject') };
  assert.equal((await checkRecipient(senderDir, local, env())).reply!.code, 554);
  // a DNS that does not answer (REFUSED, SERVFAIL) defers only if the checks end in a permit
  // (unknown_address_tempfail_action = defer_if_permit); a later reject wins, as on Postfix 3.7.11
  const retry = env({ domainStatus: async () => 'retry' });
  const unknown = (v: string) => ({ ...tutorial, smtpd_sender_restrictions: items(v) });
  const alone = await checkRecipient(unknown('reject_unknown_sender_domain'), local, retry);
  assert.deepEqual([alone.result, formatReply(alone.reply!)], ['defer', '450 4.1.8 <spam@example.net>: Sender address rejected: Domain not found']);
  const relay = await checkRecipient(unknown('reject_unknown_sender_domain'), outside, retry);
  assert.equal(formatReply(relay.reply!), '554 5.7.1 <victima@example.com>: Relay access denied');
});

test('a bare postmaster is accepted before any restriction (RFC 5321), as Postfix 3.7.11 does', async () => {
  const lists = { ...tutorial, smtpd_helo_restrictions: items('reject_non_fqdn_helo_hostname'), smtpd_recipient_restrictions: items('reject') };
  const r = await checkRecipient(lists, { ...outside, recipient: 'PostMaster' }, env());
  assert.deepEqual([r.result, r.exempt, r.decisions[0].key], ['permit', true, 'sandbox.why.postmasterExempt']);
  assert.equal((await checkRecipient(lists, { ...outside, recipient: 'postmaster@alexdns.local' }, env())).result, 'reject');
});

test('an access table\'s HOLD is reported whatever the lists decide after it', async () => {
  const hold = table({ '203.0.113.7': 'HOLD' }, 'hash:/etc/postfix/client_access');
  const lists = { ...tutorial, smtpd_client_restrictions: parseRestrictions('check_client_access hash:/etc/postfix/client_access', 'x', where).items };
  const r = await checkRecipient(lists, outside, env({}, [hold]));
  assert.deepEqual([r.result, r.hold], ['reject', '<localhost[203.0.113.7]>: Client host triggers HOLD action']);
});

test('relay_domains and subdomains', async () => {
  const r = await checkRecipient(tutorial, { ...outside, recipient: 'x@sub.partner.example' }, env({ relayDomains: ['partner.example'] }));
  assert.equal(r.result, 'permit');
});

test('check_sender_access: REJECT, custom text, OK, DUNNO, numeric codes, domain and user@ keys, <>', async () => {
  const t = table({
    'spam@example.net': 'REJECT',
    'example.org': 'REJECT No aceptamos correo de example.org',
    'friend@example.org': 'OK',
    'bulk.example': '550 5.7.0 Go away',
    'postmaster@': 'DUNNO',
    '<>': 'REJECT',
    'slow.example': 'DEFER',
  });
  const lists = (v: string) => ({ smtpd_sender_restrictions: parseRestrictions(v, 'smtpd_sender_restrictions', where).items, ...tutorial });
  const check = (sender: string) => checkRecipient(lists('check_sender_access hash:/etc/postfix/sender_access'), { ...outside, sender, recipient: 'alumno@alexdns.local' }, env({}, [t]));
  assert.equal(formatReply((await check('spam@example.net')).reply!), '554 5.7.1 <spam@example.net>: Sender address rejected: Access denied');
  assert.equal(formatReply((await check('x@example.org')).reply!), '554 5.7.1 <x@example.org>: Sender address rejected: No aceptamos correo de example.org');
  assert.equal(formatReply((await check('x@mail.example.org')).reply!), '554 5.7.1 <x@mail.example.org>: Sender address rejected: No aceptamos correo de example.org');
  assert.equal((await check('friend@example.org')).result, 'permit');
  assert.equal(formatReply((await check('a@bulk.example')).reply!), '550 5.7.0 <a@bulk.example>: Sender address rejected: Go away');
  assert.equal(formatReply((await check('')).reply!), '554 5.7.1 <>: Sender address rejected: Access denied');
  assert.equal(formatReply((await check('a@slow.example')).reply!), '450 4.7.1 <a@slow.example>: Sender address rejected: Access denied');
  const ok = await check('ana@elsewhere.example');
  assert.equal(ok.result, 'permit');
  assert.match(ok.decisions[0].reason, /not listed in hash:\/etc\/postfix\/sender_access/);
  const missing = await checkRecipient(lists('check_sender_access hash:/etc/postfix/missing'), { ...outside, recipient: 'alumno@alexdns.local' }, env({}, [t]));
  assert.equal(formatReply(missing.reply!), '451 4.3.5 Server configuration error');
});

test('reject_non_fqdn_sender / recipient: 504 5.5.2', async () => {
  const lists = {
    smtpd_sender_restrictions: parseRestrictions('reject_non_fqdn_sender', 'smtpd_sender_restrictions', where).items,
    smtpd_recipient_restrictions: parseRestrictions('reject_non_fqdn_recipient', 'smtpd_recipient_restrictions', where).items,
    ...tutorial,
  };
  const a = await checkRecipient(lists, { ...outside, sender: 'root@localhost', recipient: 'alumno@alexdns.local' }, env());
  assert.equal(formatReply(a.reply!), '504 5.5.2 <root@localhost>: Sender address rejected: need fully-qualified address');
  const b = await checkRecipient(lists, { ...outside, client: { addr: '127.0.0.1', name: 'localhost' }, sender: 'a@b.example', recipient: 'alumno' }, env());
  assert.equal(formatReply(b.reply!), '504 5.5.2 <alumno>: Recipient address rejected: need fully-qualified address');
  const c = await checkRecipient(lists, { ...outside, sender: '', recipient: 'alumno@alexdns.local' }, env());
  assert.equal(c.result, 'permit');
});

test('permit, reject and the order of the lists (client before sender before relay)', async () => {
  const r = await checkRecipient(
    {
      smtpd_client_restrictions: parseRestrictions('reject', 'smtpd_client_restrictions', where).items,
      smtpd_sender_restrictions: parseRestrictions('permit', 'smtpd_sender_restrictions', where).items,
      ...tutorial,
    },
    outside,
    env(),
  );
  assert.equal(formatReply(r.reply!), '554 5.7.1 <localhost[203.0.113.7]>: Client host rejected: Access denied');
  assert.equal(r.list, 'smtpd_client_restrictions');
  // a permit only ends its own list: the relay check still runs
  const p = await checkRecipient({ smtpd_sender_restrictions: parseRestrictions('permit', 'smtpd_sender_restrictions', where).items, ...tutorial }, outside, env());
  assert.equal(p.result, 'reject');
  assert.equal(p.lists.length, 2);
});

test('reject_rbl_client: the reference answer, with and without the TXT record', async () => {
  const rbl = async (list: string, addr: string) =>
    addr === '127.0.0.2' && list === 'zen.spamhaus.org' ? { listed: true, answer: '127.0.0.2', txt: 'https://www.spamhaus.org/query/ip/127.0.0.2' } : addr === '127.0.0.2' ? { listed: true, answer: '127.0.0.2' } : { listed: false };
  const lists = {
    smtpd_recipient_restrictions: parseRestrictions('permit_sasl_authenticated, reject_unauth_destination, reject_rbl_client zen.spamhaus.org, reject_rbl_client bl.spamcop.net', 'smtpd_recipient_restrictions', where).items,
  };
  const st: CheckState = { client: { addr: '127.0.0.2', name: 'localhost' }, helo: 'vm', sender: 'a@example.net', recipient: 'postmaster@alexdns.local' };
  const r = await checkRecipient(lists, st, env({ rbl }));
  assert.equal(formatReply(r.reply!), '554 5.7.1 Service unavailable; Client host [127.0.0.2] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.2');
  const second = await checkRecipient({ smtpd_recipient_restrictions: parseRestrictions('reject_rbl_client bl.spamcop.net', 'x', where).items }, st, env({ rbl }));
  assert.equal(formatReply(second.reply!), '554 5.7.1 Service unavailable; Client host [127.0.0.2] blocked using bl.spamcop.net');
  const clean = await checkRecipient(lists, { ...st, client: { addr: '127.0.0.9', name: 'localhost' } }, env({ rbl }));
  assert.equal(clean.result, 'permit');
  assert.match(clean.decisions.at(-1)!.reason, /127\.0\.0\.9 is not listed in bl\.spamcop\.net/);
  // a reply filter that does not match leaves the client alone
  const filtered = await checkRecipient({ smtpd_recipient_restrictions: parseRestrictions('reject_rbl_client zen.spamhaus.org=127.0.0.[10..11]', 'x', where).items }, st, env({ rbl }));
  assert.equal(filtered.result, 'permit');
});

test('parse errors: unknown restriction and missing argument, with file and line', () => {
  const r = parseRestrictions('permit_mynetworks, reject_unauth_destinaton, check_sender_access', 'smtpd_relay_restrictions', where);
  assert.deepEqual(
    r.issues.map((i) => [i.line, i.severity, i.text]),
    [
      [12, 'warning', 'smtpd_relay_restrictions: unknown smtpd restriction: "reject_unauth_destinaton"'],
      [12, 'fatal', 'smtpd_relay_restrictions: restriction check_sender_access needs an argument (a lookup table)'],
    ],
  );
  // the unknown name stays: smtpd answers 451 when it gets there
  assert.deepEqual(
    r.items.map((i) => i.text),
    ['permit_mynetworks', 'reject_unauth_destinaton'],
  );
});

test('Postfix refuses relay and recipient lists without a relay guard', () => {
  assert.ok(relayGuardIssue(items('permit_mynetworks, permit_sasl_authenticated'), [], where));
  assert.equal(relayGuardIssue(items('permit_mynetworks'), items('reject_unauth_destination'), where), undefined);
});

test('warn_if_reject turns the next reject into a logged warning', async () => {
  const r = await evaluateList('smtpd_relay_restrictions', items('warn_if_reject reject_unauth_destination'), outside, env());
  assert.equal(r.result, 'dunno');
  assert.equal(r.decisions.at(-1)!.result, 'warn');
});

test('networks: CIDR, IPv6, [::1]/128 syntax, mapped addresses, host names', () => {
  assert.ok(matchNetwork(parseNetwork('127.0.0.0/8')!, '127.9.9.9'));
  assert.ok(!matchNetwork(parseNetwork('127.0.0.0/8')!, '128.0.0.1'));
  assert.ok(matchNetwork(parseNetwork('[::1]/128')!, '::1'));
  assert.ok(matchNetwork(parseNetwork('[::ffff:127.0.0.0]/104')!, '::ffff:127.0.0.1'));
  assert.ok(matchNetwork(parseNetwork('127.0.0.0/8')!, '::ffff:127.0.0.1'));
  assert.ok(matchNetwork(parseNetwork('2001:db8::/32')!, '2001:db8:1::7'));
  assert.ok(!matchNetwork(parseNetwork('2001:db8::/32')!, '2001:db9::1'));
  assert.ok(matchNetwork(parseNetwork('0.0.0.0/0')!, '203.0.113.7'));
  assert.equal(parseNetwork('10.0.0.0/33'), undefined);
  assert.equal(parseNetwork('not-an-address/8'), undefined);
  const l = parseNetworkList(['192.0.2.0/24', 'example.com']);
  assert.equal(matchList(l, '192.0.2.9'), '192.0.2.0/24');
  assert.equal(matchList(l, '198.51.100.1', 'mx.example.com'), 'example.com');
  assert.equal(matchList(l, '198.51.100.1', 'unknown'), undefined);
});

test('smtpd_data_restrictions name the DATA command', async () => {
  const r = await evaluateList('smtpd_data_restrictions', parseRestrictions('reject', 'smtpd_data_restrictions', where).items, outside, env());
  assert.equal(formatReply(r.reply!), '554 5.7.1 <DATA>: Data command rejected: Access denied');
  const pipe = parseRestrictions('reject_unauth_pipelining', 'smtpd_data_restrictions', where).items;
  const p = await evaluateList('smtpd_data_restrictions', pipe, outside, env());
  assert.equal(p.result, 'dunno');
  assert.equal(p.decisions[0].key, 'sandbox.why.notSimulated');
  const q = await evaluateList('smtpd_data_restrictions', pipe, { ...outside, pipelined: true }, env());
  assert.equal(formatReply(q.reply!), '503 5.5.0 <DATA>: Data command rejected: Improper use of SMTP command pipelining');
});
