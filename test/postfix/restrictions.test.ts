// Each smtpd restriction as a pure decision: a case where it decides and one where it
// passes on, with Postfix's exact reply and the reason the learner reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RESTRICTIONS,
  decide,
  formatReply,
  parseRestrictions,
  relayGuardIssue,
  ruleContext,
  ruleOf,
  rejectLogLine,
  type CheckState,
  type DnsFact,
  type ListName,
  type Restriction,
  type RestrictionFacts,
  type Verdict,
} from '../../src/postfix/restrictions.js';
import { parseNetworkList } from '../../src/postfix/cidr.js';
import { parseTableSpec, tableFromText } from '../../src/postfix/tables.js';

const where = { file: '/etc/postfix/main.cf', line: 7 };

const tables = [
  tableFromText(
    'hash:/etc/postfix/access',
    'hash',
    '/etc/postfix/access',
    'spam@example.net REJECT\nexample.org OK\n203.0.113 554 5.7.1 Go away\nbad.example.net DEFER\nlisted.example DUNNO\nweird.example FROBNICATE\nchain.example reject_non_fqdn_sender\nwarned.example WARN\n',
    [],
  ),
];

const facts: RestrictionFacts = {
  mynetworks: parseNetworkList(['127.0.0.0/8', '[::1]/128']),
  mynetworksText: '127.0.0.0/8 [::1]/128',
  mydestination: ['mail.alexdns.local', 'alexdns.local', 'localhost'],
  relayDomains: ['relay.example'],
  myhostname: 'mail.alexdns.local',
  table: (spec) => tables.find((t) => t.spec === spec),
};

const outside: CheckState = {
  client: { addr: '203.0.113.7', name: 'unknown' },
  helo: 'mail.example.net',
  sender: 'someone@example.net',
  recipient: 'victima@example.com',
};

function one(text: string): Restriction {
  const r = parseRestrictions(text, 'smtpd_recipient_restrictions', where);
  assert.deepEqual(r.issues, []);
  assert.equal(r.items.length, 1);
  return r.items[0];
}

interface Case {
  restriction: string;
  state?: Partial<CheckState>;
  list?: ListName;
  dns?: DnsFact;
  verdict: Verdict;
  reply?: string;
  reason: string;
  key?: string;
}

const CASES: Case[] = [
  { restriction: 'permit', verdict: 'permit', reason: 'permit: always permits' },
  {
    restriction: 'reject',
    verdict: 'reject',
    reply: '554 5.7.1 <victima@example.com>: Recipient address rejected: Access denied',
    reason: 'reject: always rejects',
  },
  {
    restriction: 'reject',
    list: 'smtpd_client_restrictions',
    verdict: 'reject',
    reply: '554 5.7.1 <unknown[203.0.113.7]>: Client host rejected: Access denied',
    reason: 'reject: always rejects',
  },
  {
    restriction: 'defer',
    list: 'smtpd_helo_restrictions',
    verdict: 'defer',
    reply: '450 4.3.2 <mail.example.net>: Helo command rejected: Try again later',
    reason: 'defer: always asks the client to try again later',
  },
  {
    restriction: 'reject',
    list: 'smtpd_data_restrictions',
    verdict: 'reject',
    reply: '554 5.7.1 <DATA>: Data command rejected: Access denied',
    reason: 'reject: always rejects',
  },
  {
    restriction: 'permit_mynetworks',
    state: { client: { addr: '127.0.0.1', name: 'localhost' } },
    verdict: 'permit',
    reason: '127.0.0.1 is in mynetworks (127.0.0.0/8): permitted',
    key: 'sandbox.why.inMynetworks',
  },
  {
    restriction: 'permit_mynetworks',
    verdict: 'dunno',
    reason: '203.0.113.7 is not in mynetworks 127.0.0.0/8 [::1]/128',
    key: 'sandbox.why.notInMynetworks',
  },
  {
    restriction: 'permit_sasl_authenticated',
    state: { sasl: { method: 'PLAIN', username: 'alex' } },
    verdict: 'permit',
    reason: 'the client authenticated as alex (PLAIN): permitted',
  },
  { restriction: 'permit_sasl_authenticated', verdict: 'dunno', reason: 'the client did not authenticate' },
  {
    restriction: 'reject_unauth_destination',
    verdict: 'reject',
    reply: '554 5.7.1 <victima@example.com>: Relay access denied',
    reason:
      'example.com is not in mydestination (mail.alexdns.local, alexdns.local, localhost) nor relay_domains: relaying to it is refused',
    key: 'sandbox.why.relayRefused',
  },
  {
    restriction: 'reject_unauth_destination',
    state: { recipient: 'alex@alexdns.local' },
    verdict: 'dunno',
    reason: 'alexdns.local is in mydestination: mail for it is delivered here',
  },
  {
    restriction: 'reject_unauth_destination',
    state: { recipient: 'x@sub.relay.example' },
    verdict: 'dunno',
    reason: 'sub.relay.example is in relay_domains',
  },
  {
    restriction: 'reject_unauth_destination',
    state: { recipient: 'postmaster' },
    verdict: 'dunno',
    reason: 'postmaster has no domain: it is delivered here',
  },
  {
    restriction: 'defer_unauth_destination',
    verdict: 'defer',
    reply: '454 4.7.1 <victima@example.com>: Relay access denied',
    reason:
      'example.com is not in mydestination (mail.alexdns.local, alexdns.local, localhost) nor relay_domains: relaying to it is refused',
    key: 'sandbox.why.relayDeferred',
  },
  {
    restriction: 'defer_unauth_destination',
    state: { recipient: 'alex@alexdns.local' },
    verdict: 'dunno',
    reason: 'alexdns.local is in mydestination: mail for it is delivered here',
  },
  {
    restriction: 'permit_auth_destination',
    state: { recipient: 'alex@alexdns.local' },
    verdict: 'permit',
    reason: 'alexdns.local is in mydestination: mail for it is delivered here: permitted',
  },
  { restriction: 'permit_auth_destination', verdict: 'dunno', reason: 'example.com is not in mydestination nor relay_domains' },
  {
    restriction: 'reject_non_fqdn_sender',
    state: { sender: 'root@vm' },
    verdict: 'reject',
    reply: '504 5.5.2 <root@vm>: Sender address rejected: need fully-qualified address',
    reason: 'root@vm is not a fully-qualified address (user@domain.tld)',
  },
  { restriction: 'reject_non_fqdn_sender', verdict: 'dunno', reason: 'someone@example.net has a fully-qualified domain' },
  { restriction: 'reject_non_fqdn_sender', state: { sender: '' }, verdict: 'dunno', reason: 'the null sender <> is not checked' },
  {
    restriction: 'reject_non_fqdn_recipient',
    state: { recipient: 'alex@localhost' },
    verdict: 'reject',
    reply: '504 5.5.2 <alex@localhost>: Recipient address rejected: need fully-qualified address',
    reason: 'alex@localhost is not a fully-qualified address (user@domain.tld)',
  },
  {
    restriction: 'reject_non_fqdn_recipient',
    state: { recipient: 'alex@[127.0.0.1]' },
    verdict: 'dunno',
    reason: 'alex@[127.0.0.1] has a fully-qualified domain',
  },
  {
    restriction: 'reject_non_fqdn_helo_hostname',
    state: { helo: 'vm' },
    verdict: 'reject',
    reply: '504 5.5.2 <vm>: Helo command rejected: need fully-qualified hostname',
    reason: 'HELO vm: need fully-qualified hostname',
  },
  { restriction: 'reject_non_fqdn_helo_hostname', verdict: 'dunno', reason: 'HELO mail.example.net is fully qualified' },
  { restriction: 'reject_non_fqdn_helo_hostname', state: { helo: undefined }, verdict: 'dunno', reason: 'the client sent no HELO/EHLO' },
  {
    restriction: 'reject_invalid_helo_hostname',
    state: { helo: 'bad..name' },
    verdict: 'reject',
    reply: '501 5.5.2 <bad..name>: Helo command rejected: Invalid name',
    reason: 'HELO bad..name: Invalid name',
  },
  { restriction: 'reject_invalid_helo_hostname', state: { helo: 'vm' }, verdict: 'dunno', reason: 'HELO vm is a valid host name' },
  {
    restriction: 'check_sender_access hash:/etc/postfix/access',
    state: { sender: 'spam@example.net' },
    verdict: 'reject',
    reply: '554 5.7.1 <spam@example.net>: Sender address rejected: Access denied',
    reason: 'spam@example.net is listed in hash:/etc/postfix/access line 1 as REJECT: rejected',
  },
  {
    restriction: 'check_sender_access hash:/etc/postfix/access',
    list: 'smtpd_sender_restrictions',
    state: { sender: 'spam@example.net' },
    verdict: 'reject',
    reply: '554 5.7.1 <spam@example.net>: Sender address rejected: Access denied',
    reason: 'spam@example.net is listed in hash:/etc/postfix/access line 1 as REJECT: rejected',
  },
  {
    restriction: 'check_sender_access hash:/etc/postfix/access',
    state: { sender: 'x@mail.example.org' },
    verdict: 'permit',
    reason: 'example.org is listed in hash:/etc/postfix/access line 2 as OK: permitted',
  },
  {
    restriction: 'check_sender_access hash:/etc/postfix/access',
    verdict: 'dunno',
    reason: 'someone@example.net is not listed in hash:/etc/postfix/access',
  },
  {
    restriction: 'check_sender_access hash:/etc/postfix/access',
    state: { sender: '' },
    verdict: 'dunno',
    reason: '<> is not listed in hash:/etc/postfix/access',
  },
  {
    restriction: 'check_sender_access hash:/etc/postfix/access',
    state: { sender: 'x@bad.example.net' },
    verdict: 'defer',
    reply: '450 4.7.1 <x@bad.example.net>: Sender address rejected: Access denied',
    reason: 'bad.example.net is listed in hash:/etc/postfix/access line 4 as DEFER: deferred',
  },
  {
    restriction: 'check_sender_access hash:/etc/postfix/access',
    state: { sender: 'x@listed.example' },
    verdict: 'dunno',
    reason: 'listed.example is listed in hash:/etc/postfix/access line 5 as DUNNO: no decision, the next restriction decides',
  },
  {
    restriction: 'check_sender_access hash:/etc/postfix/access',
    state: { sender: 'x@weird.example' },
    verdict: 'defer',
    reply: '451 4.3.5 Server configuration error',
    reason:
      'weird.example is listed in hash:/etc/postfix/access line 6 with an action Postfix does not know (FROBNICATE): server configuration error',
  },
  {
    restriction: 'check_sender_access hash:/etc/postfix/access',
    state: { sender: 'x@warned.example' },
    verdict: 'dunno',
    reason: 'warned.example is listed in hash:/etc/postfix/access line 8 as WARN; the sandbox logs it and goes on',
  },
  {
    restriction: 'check_sender_access hash:/etc/postfix/missing',
    verdict: 'defer',
    reply: '451 4.3.5 Server configuration error',
    reason: 'table hash:/etc/postfix/missing cannot be read: server configuration error',
  },
  {
    restriction: 'check_recipient_access hash:/etc/postfix/access',
    state: { recipient: 'spam@example.net' },
    verdict: 'reject',
    reply: '554 5.7.1 <spam@example.net>: Recipient address rejected: Access denied',
    reason: 'spam@example.net is listed in hash:/etc/postfix/access line 1 as REJECT: rejected',
  },
  {
    restriction: 'check_recipient_access hash:/etc/postfix/access',
    verdict: 'dunno',
    reason: 'victima@example.com is not listed in hash:/etc/postfix/access',
  },
  {
    restriction: 'check_client_access hash:/etc/postfix/access',
    list: 'smtpd_client_restrictions',
    verdict: 'reject',
    reply: '554 5.7.1 <unknown[203.0.113.7]>: Client host rejected: Go away',
    reason: '203.0.113 is listed in hash:/etc/postfix/access line 3 as 554 5.7.1 Go away: rejected',
  },
  {
    restriction: 'check_client_access hash:/etc/postfix/access',
    state: { client: { addr: '198.51.100.1', name: 'unknown' } },
    verdict: 'dunno',
    reason: 'unknown[198.51.100.1] is not listed in hash:/etc/postfix/access',
  },
  {
    restriction: 'check_helo_access hash:/etc/postfix/access',
    state: { helo: 'bad.example.net' },
    list: 'smtpd_helo_restrictions',
    verdict: 'defer',
    reply: '450 4.7.1 <bad.example.net>: Helo command rejected: Access denied',
    reason: 'bad.example.net is listed in hash:/etc/postfix/access line 4 as DEFER: deferred',
  },
  {
    restriction: 'check_helo_access hash:/etc/postfix/access',
    verdict: 'dunno',
    reason: 'mail.example.net is not listed in hash:/etc/postfix/access',
  },
  {
    restriction: 'reject_rbl_client zen.example',
    dns: { answer: { listed: true, answer: '127.0.0.2', txt: 'Listed for spam' } },
    verdict: 'reject',
    reply: '554 5.7.1 Service unavailable; Client host [203.0.113.7] blocked using zen.example; Listed for spam',
    reason: '203.0.113.7 is listed in zen.example (127.0.0.2): Listed for spam',
    key: 'sandbox.why.rblListed',
  },
  {
    restriction: 'reject_rbl_client zen.example',
    dns: { answer: { listed: true } },
    verdict: 'reject',
    reply: '554 5.7.1 Service unavailable; Client host [203.0.113.7] blocked using zen.example',
    reason: '203.0.113.7 is listed in zen.example (A record)',
  },
  {
    restriction: 'reject_rbl_client zen.example',
    dns: { answer: { listed: false } },
    verdict: 'dunno',
    reason: '203.0.113.7 is not listed in zen.example',
    key: 'sandbox.why.rblClean',
  },
  {
    restriction: 'reject_rbl_client zen.spamhaus.org=127.0.0.[2..11]',
    dns: { answer: { listed: true, answer: '127.255.255.254' } },
    verdict: 'dunno',
    reason: '203.0.113.7 is listed in zen.spamhaus.org with 127.255.255.254, which is not 127.0.0.[2..11]',
  },
  {
    restriction: 'reject_rbl_client zen.spamhaus.org',
    dns: { answer: { listed: true, answer: '127.255.255.254' } },
    verdict: 'reject',
    reply: '554 5.7.1 Service unavailable; Client host [203.0.113.7] blocked using zen.spamhaus.org',
    reason: '203.0.113.7 is listed in zen.spamhaus.org (127.255.255.254)',
  },
  {
    restriction: 'reject_rbl_client zen.example=127.0.0.[10;11]',
    dns: { answer: { listed: true, answer: '127.0.0.2' } },
    verdict: 'dunno',
    reason: '203.0.113.7 is listed in zen.example with 127.0.0.2, which is not 127.0.0.[10;11]',
  },
  {
    restriction: 'reject_rbl_client zen.example',
    dns: { error: 'queryA ETIMEOUT' },
    verdict: 'dunno',
    reason: 'the DNSBL zen.example could not be asked (queryA ETIMEOUT): no decision',
    key: 'sandbox.why.rblError',
  },
  { restriction: 'warn_if_reject', verdict: 'dunno', reason: 'the next restriction only warns instead of rejecting' },
  {
    restriction: 'reject_unauth_pipelining',
    state: { pipelined: true },
    verdict: 'reject',
    reply: '503 5.5.0 <victima@example.com>: Recipient address rejected: Improper use of SMTP command pipelining',
    reason: 'the client sent commands before it had the reply (improper pipelining)',
  },
  {
    restriction: 'reject_unauth_pipelining',
    list: 'smtpd_data_restrictions',
    state: { pipelined: true },
    verdict: 'reject',
    reply: '503 5.5.0 <DATA>: Data command rejected: Improper use of SMTP command pipelining',
    reason: 'the client sent commands before it had the reply (improper pipelining)',
  },
  { restriction: 'reject_unauth_pipelining', state: { pipelined: false }, verdict: 'dunno', reason: 'the client waited for every reply' },
  {
    restriction: 'reject_unauth_pipelining',
    verdict: 'dunno',
    reason: 'reject_unauth_pipelining is not simulated by the sandbox: no decision',
  },
  {
    restriction: 'reject_multi_recipient_bounce',
    state: { sender: '', rcptCount: 1 },
    verdict: 'reject',
    reply: '550 5.5.3 <victima@example.com>: Recipient address rejected: Multi-recipient bounce',
    reason: 'a bounce (null sender) with more than one recipient',
  },
  {
    restriction: 'reject_multi_recipient_bounce',
    list: 'smtpd_sender_restrictions',
    state: { sender: '', rcptCount: 1 },
    verdict: 'reject',
    reply: '550 5.5.3 <>: Sender address rejected: Multi-recipient bounce',
    reason: 'a bounce (null sender) with more than one recipient',
  },
  // at DATA every recipient counts: one is not a multi-recipient bounce
  {
    restriction: 'reject_multi_recipient_bounce',
    list: 'smtpd_data_restrictions',
    state: { sender: '', rcptCount: 2 },
    verdict: 'reject',
    reply: '550 5.5.3 <DATA>: Data command rejected: Multi-recipient bounce',
    reason: 'a bounce (null sender) with more than one recipient',
  },
  {
    restriction: 'reject_multi_recipient_bounce',
    list: 'smtpd_data_restrictions',
    state: { sender: '', rcptCount: 1 },
    verdict: 'dunno',
    reason: 'not a multi-recipient bounce',
  },
  {
    restriction: 'reject_multi_recipient_bounce',
    state: { sender: '', rcptCount: 0 },
    verdict: 'dunno',
    reason: 'not a multi-recipient bounce',
  },
  // reject_unknown_*_domain, as Postfix 3.7.11 answered with a DNS giving NXDOMAIN, no record, REFUSED and a null MX
  {
    restriction: 'reject_unknown_sender_domain',
    state: { sender: 'a@nx.example' },
    dns: { domain: 'notfound' },
    verdict: 'defer',
    reply: '450 4.1.8 <a@nx.example>: Sender address rejected: Domain not found',
    reason: 'nx.example has no MX nor address record in the DNS',
    key: 'sandbox.why.domainNotFound',
  },
  {
    restriction: 'reject_unknown_sender_domain',
    state: { sender: 'a@nullmx.example' },
    dns: { domain: 'nullmx' },
    verdict: 'reject',
    reply: '550 5.7.27 <a@nullmx.example>: Sender address rejected: Domain nullmx.example does not accept mail (nullMX)',
    reason: 'nullmx.example publishes a null MX: it accepts no mail',
  },
  {
    restriction: 'reject_unknown_sender_domain',
    dns: { domain: 'found' },
    verdict: 'dunno',
    reason: 'example.net has an MX or an address record in the DNS',
    key: 'sandbox.why.domainFound',
  },
  { restriction: 'reject_unknown_sender_domain', state: { sender: '' }, verdict: 'dunno', reason: 'the null sender <> is not checked' },
  {
    restriction: 'reject_unknown_sender_domain',
    state: { sender: 'alumno@alexdns.local' },
    verdict: 'dunno',
    reason: 'alumno@alexdns.local is delivered here: its domain is not looked up',
  },
  {
    restriction: 'reject_unknown_recipient_domain',
    dns: { domain: 'notfound' },
    verdict: 'defer',
    reply: '450 4.1.2 <victima@example.com>: Recipient address rejected: Domain not found',
    reason: 'example.com has no MX nor address record in the DNS',
  },
  {
    restriction: 'reject_unknown_recipient_domain',
    dns: { domain: 'nullmx' },
    verdict: 'reject',
    reply: '556 5.1.10 <victima@example.com>: Recipient address rejected: Domain example.com does not accept mail (nullMX)',
    reason: 'example.com publishes a null MX: it accepts no mail',
  },
  {
    restriction: 'reject_unknown_recipient_domain',
    dns: { domain: 'retry' },
    verdict: 'dunno',
    reason: 'the DNS did not answer for example.com: Postfix would defer if the checks ended in a permit',
    key: 'sandbox.why.domainRetry',
  },
  {
    restriction: 'reject_unknown_recipient_domain',
    state: { recipient: 'x@[127.0.0.1]' },
    verdict: 'dunno',
    reason: 'x@[127.0.0.1] is delivered here: its domain is not looked up',
    key: 'sandbox.why.domainLocal',
  },
  // Postfix 3.7.11: plaintext_reject_code 450
  {
    restriction: 'reject_plaintext_session',
    state: { tls: false },
    verdict: 'defer',
    reply: '450 4.7.1 Session encryption is required',
    reason: 'the session is not encrypted (no STARTTLS): refused',
  },
  { restriction: 'reject_plaintext_session', state: { tls: true }, verdict: 'dunno', reason: 'the session is encrypted' },
  // as Postfix 3.7.11 answered (XCLIENT NAME=[UNAVAILABLE], a DNS with NXDOMAIN, no record, REFUSED)
  {
    restriction: 'reject_unknown_client_hostname',
    verdict: 'defer',
    reply: '450 4.7.25 Client host rejected: cannot find your hostname, [203.0.113.7]',
    reason: 'the client 203.0.113.7 has no host name',
    key: 'sandbox.why.clientUnknown',
  },
  {
    restriction: 'reject_unknown_reverse_client_hostname',
    verdict: 'defer',
    reply: '450 4.7.1 Client host rejected: cannot find your reverse hostname, [203.0.113.7]',
    reason: 'the client 203.0.113.7 has no reverse host name',
  },
  {
    restriction: 'reject_unknown_client_hostname',
    state: { client: { addr: '127.0.0.1', name: 'localhost' } },
    verdict: 'dunno',
    reason: 'the client 127.0.0.1 has the name localhost',
  },
  {
    restriction: 'reject_unknown_reverse_client_hostname',
    state: { client: { addr: '127.0.0.1', name: 'localhost' } },
    verdict: 'dunno',
    reason: 'the client 127.0.0.1 has the name localhost',
  },
  {
    restriction: 'reject_unknown_helo_hostname',
    dns: { domain: 'notfound' },
    verdict: 'defer',
    reply: '450 4.7.1 <mail.example.net>: Helo command rejected: Host not found',
    reason: 'mail.example.net has no address nor MX record in the DNS',
  },
  {
    restriction: 'reject_unknown_hostname',
    dns: { domain: 'notfound' },
    verdict: 'defer',
    reply: '450 4.7.1 <mail.example.net>: Helo command rejected: Host not found',
    reason: 'mail.example.net has no address nor MX record in the DNS',
  },
  {
    restriction: 'reject_unknown_helo_hostname',
    dns: { domain: 'nullmx' },
    verdict: 'dunno',
    reason: 'mail.example.net has an address or MX record in the DNS',
  },
  {
    restriction: 'reject_unknown_helo_hostname',
    dns: { domain: 'retry' },
    verdict: 'dunno',
    reason: 'the DNS did not answer for mail.example.net: Postfix would defer if the checks ended in a permit',
    key: 'sandbox.why.heloRetry',
  },
  {
    restriction: 'reject_unknown_hostname',
    state: { helo: '[1.2.3.4]' },
    verdict: 'dunno',
    reason: 'HELO [1.2.3.4] is an address literal: not looked up',
  },
  // the names before Postfix 2.3 act on the HELO name as the new ones do (Postfix 3.7.11)
  {
    restriction: 'reject_non_fqdn_hostname',
    state: { helo: 'vm' },
    verdict: 'reject',
    reply: '504 5.5.2 <vm>: Helo command rejected: need fully-qualified hostname',
    reason: 'HELO vm: need fully-qualified hostname',
  },
  { restriction: 'reject_non_fqdn_hostname', verdict: 'dunno', reason: 'HELO mail.example.net is fully qualified' },
  {
    restriction: 'reject_invalid_hostname',
    state: { helo: 'bad_helo!' },
    verdict: 'reject',
    reply: '501 5.5.2 <bad_helo!>: Helo command rejected: Invalid name',
    reason: 'HELO bad_helo!: Invalid name',
  },
  { restriction: 'reject_invalid_hostname', state: { helo: 'vm' }, verdict: 'dunno', reason: 'HELO vm is a valid host name' },
  // reject_unknown_address: smtpd_check.c reads it as reject_unknown_sender_domain (Postfix 3.7.11 refused the sender)
  {
    restriction: 'reject_unknown_address',
    dns: { domain: 'notfound' },
    verdict: 'defer',
    reply: '450 4.1.8 <someone@example.net>: Sender address rejected: Domain not found',
    reason: 'example.net has no MX nor address record in the DNS',
  },
  { restriction: 'reject_unknown_address', state: { sender: '' }, verdict: 'dunno', reason: 'the null sender <> is not checked' },
  // permit_dnswl_client: a listed client is permitted (Postfix 3.7.11, the test's DNS list)
  {
    restriction: 'permit_dnswl_client list.example',
    state: { recipient: 'alumno@alexdns.local' },
    dns: { answer: { listed: true, answer: '127.0.0.2' } },
    verdict: 'permit',
    reason: '203.0.113.7 is listed in the allow list list.example: permitted',
    key: 'sandbox.why.dnswlListed',
  },
  // an allow list never permits relaying (smtpd_dnswl.ref: "Whitelist does not override reject_unauth_destination")
  {
    restriction: 'permit_dnswl_client list.example',
    state: { recipient: 'victima@example.com' },
    dns: { answer: { listed: true, answer: '127.0.0.2' } },
    verdict: 'dunno',
    reason: '203.0.113.7 is listed in list.example, but an allow list does not permit relaying to example.com',
    key: 'sandbox.why.allowListNoRelay',
  },
  {
    restriction: 'permit_rhswl_client list.example',
    state: { client: { addr: '203.0.113.7', name: 'mx.good.example' }, recipient: 'alumno@alexdns.local' },
    dns: { answer: { listed: true, answer: '127.0.0.2' } },
    verdict: 'permit',
    reason: 'mx.good.example is listed in the allow list list.example: permitted',
  },
  {
    restriction: 'permit_rhswl_client list.example',
    state: { recipient: 'alumno@alexdns.local' },
    dns: { answer: { listed: true, answer: '127.0.0.2' } },
    verdict: 'dunno',
    reason: 'unknown is not listed in list.example',
  },
  {
    restriction: 'permit_dnswl_client list.example=127.0.0.3',
    dns: { answer: { listed: true, answer: '127.0.0.2' } },
    verdict: 'dunno',
    reason: '203.0.113.7 is not listed in list.example',
  },
  // permit_mx_backup: an authorized destination is permitted as permit_auth_destination would
  {
    restriction: 'permit_mx_backup',
    state: { recipient: 'alumno@alexdns.local' },
    verdict: 'permit',
    reason: 'alumno@alexdns.local is an authorized destination: permitted',
  },
  {
    restriction: 'permit_mx_backup',
    verdict: 'dunno',
    reason: 'example.com: the sandbox does not compare its MX hosts with its own addresses: no decision',
  },
  // permit_inet_interfaces: the connection's own peer decides, not the XCLIENT address (Postfix 3.7.11)
  {
    restriction: 'permit_inet_interfaces',
    state: { peer: '127.0.0.1' },
    verdict: 'permit',
    reason: 'the connection comes from 127.0.0.1, an address of this server: permitted',
    key: 'sandbox.why.ownInterface',
  },
  {
    restriction: 'permit_inet_interfaces',
    state: { peer: '127.0.0.2' },
    verdict: 'dunno',
    reason: 'the connection comes from 127.0.0.2, not an address of this server',
  },
  // check_reverse_client_hostname_access names the reverse name, as Postfix 3.7.11 did
  {
    restriction: 'check_reverse_client_hostname_access hash:/etc/postfix/access',
    state: { client: { addr: '203.0.113.9', name: 'localhost' } },
    verdict: 'reject',
    reply: '554 5.7.1 <localhost>: Unverified Client host rejected: Go away',
    reason: '203.0.113 is listed in hash:/etc/postfix/access line 3 as 554 5.7.1 Go away: rejected',
  },
  {
    restriction: 'check_reverse_client_hostname_access hash:/etc/postfix/access',
    state: { client: { addr: '198.51.100.1', name: 'mx.other.example' } },
    verdict: 'dunno',
    reason: 'mx.other.example[198.51.100.1] is not listed in hash:/etc/postfix/access',
  },
  {
    restriction: 'reject_unlisted_recipient',
    verdict: 'dunno',
    reason: 'reject_unlisted_recipient is not simulated by the sandbox: no decision',
    key: 'sandbox.why.notSimulated',
  },
  {
    restriction: 'check_policy_service unix:private/policyd-spf',
    verdict: 'dunno',
    reason: 'check_policy_service is not simulated by the sandbox: no decision',
  },
  {
    restriction: 'check_policy_service inet:127.0.0.1:9',
    dns: { policy: { warnings: [] } },
    verdict: 'defer',
    reply: '451 4.3.5 <victima@example.com>: Recipient address rejected: Server configuration problem',
    reason: 'the policy server inet:127.0.0.1:9 could not be reached: server configuration problem',
  },
];

for (const c of CASES) {
  const label = `${c.restriction} ${JSON.stringify(c.state ?? {})}${c.dns ? ' ' + JSON.stringify(c.dns) : ''} → ${c.verdict}${c.reply ? ` "${c.reply}"` : ''}`;
  test(label, () => {
    const r = one(c.restriction);
    const state = { ...outside, ...c.state };
    const ctx = ruleContext(c.list ?? 'smtpd_recipient_restrictions', state, facts);
    const s = decide(r, ctx, c.dns);
    assert.equal(s.verdict, c.verdict);
    assert.equal(s.reply ? formatReply(s.reply) : undefined, c.reply);
    assert.equal(s.note.reason, c.reason);
    if (c.key) assert.equal(s.note.key, c.key);
  });
}

test('every restriction the sandbox simulates has a case that decides and one that passes on', () => {
  for (const [name, rule] of Object.entries(RESTRICTIONS)) {
    // these only mark the checks: their cases are in the loop's tests (test/sandbox/restrictions.test.ts)
    if (!rule.simulated || ['warn_if_reject', 'defer_if_permit', 'defer_if_reject'].includes(name)) continue;
    // check_*_{a,mx,ns}_access: their cases are in test/postfix/server-access.test.ts
    if (/^check_\w+_(a|mx|ns)_access$/.test(name)) continue;
    // the sender login checks: their cases are in test/postfix/restrictions-login.test.ts
    if (name.endsWith('sender_login_mismatch')) continue;
    const mine = CASES.filter((c) => c.restriction.split(' ')[0] === name);
    const decides = mine.some((c) => c.verdict !== 'dunno');
    const passes = mine.some((c) => c.verdict === 'dunno') || ['permit', 'reject', 'defer'].includes(name);
    assert.ok(decides && passes, `${name}: decides ${decides}, passes on ${passes}`);
  }
});

test('the table says what each restriction needs, and which ask the DNS', () => {
  const dns = Object.entries(RESTRICTIONS)
    .filter(([, r]) => r.needs.includes('dns') || r.dns)
    .map(([n]) => n)
    .filter((n) => !/^check_\w+_(a|mx|ns)_access$/.test(n))
    .sort();
  const servers = Object.keys(RESTRICTIONS).filter((n) => /^check_\w+_(a|mx|ns)_access$/.test(n));
  assert.equal(servers.length, 15);
  for (const n of servers) assert.ok(RESTRICTIONS[n].dns && RESTRICTIONS[n].needs.includes('dns'), n);
  assert.deepEqual(dns, [
    'check_policy_service',
    'permit_dnswl_client',
    'permit_rhswl_client',
    'reject_rbl_client',
    'reject_unknown_address',
    'reject_unknown_helo_hostname',
    'reject_unknown_hostname',
    'reject_unknown_recipient_domain',
    'reject_unknown_sender_domain',
  ]);
  assert.deepEqual(RESTRICTIONS.reject_rbl_client.dns!(one('reject_rbl_client zen.example=127.0.0.2'), outside, facts), {
    list: 'zen.example',
    addr: '203.0.113.7',
  });
  assert.deepEqual(RESTRICTIONS.reject_unknown_sender_domain.dns!(one('reject_unknown_sender_domain'), outside, facts), {
    kind: 'domain',
    domain: 'example.net',
  });
  // a local domain, the null sender: nothing to ask
  assert.equal(
    RESTRICTIONS.reject_unknown_recipient_domain.dns!(
      one('reject_unknown_recipient_domain'),
      { ...outside, recipient: 'alumno@alexdns.local' },
      facts,
    ),
    undefined,
  );
  assert.equal(
    RESTRICTIONS.reject_unknown_sender_domain.dns!(one('reject_unknown_sender_domain'), { ...outside, sender: '' }, facts),
    undefined,
  );
  assert.deepEqual(RESTRICTIONS.check_helo_access.needs, ['helo', 'table']);
  assert.equal(ruleOf('no_such_restriction').simulated, false);
});

test('an access table may name restrictions: they decide in place', () => {
  const r = one('check_sender_access hash:/etc/postfix/access');
  const s = decide(r, ruleContext('smtpd_sender_restrictions', { ...outside, sender: 'x@chain.example' }, facts));
  assert.equal(s.verdict, 'dunno');
  assert.deepEqual(
    s.inner?.map((i) => i.text),
    ['reject_non_fqdn_sender'],
  );
  assert.equal(
    s.note.reason,
    'chain.example is listed in hash:/etc/postfix/access line 7 as reject_non_fqdn_sender: those restrictions decide',
  );
  assert.equal(decide(one('warn_if_reject'), ruleContext('smtpd_sender_restrictions', outside, facts)).warnNext, true);
});

test("an access table's HOLD decides nothing: the message is held, and smtpd logs what triggered it (Postfix 3.7.11)", () => {
  const spec = 'inline:{ 203.0.113.7=HOLD, { odd.example = HOLD Looks odd } }';
  const t = parseTableSpec(spec, 'main.cf');
  assert.equal(t.kind, 'ready');
  const withTable: RestrictionFacts = { ...facts, table: (x) => (x === spec && t.kind === 'ready' ? t.table : undefined) };
  const s = decide(one(`check_client_access ${spec}`), ruleContext('smtpd_recipient_restrictions', outside, withTable));
  assert.equal(s.verdict, 'dunno');
  assert.equal(s.hold, '<unknown[203.0.113.7]>: Client host triggers HOLD action');
  assert.equal(s.note.key, 'sandbox.why.tableHold');
  // a text after HOLD replaces Postfix's own words; the name is the client's
  const named = { ...outside, client: { addr: '198.51.100.1', name: 'odd.example' } };
  assert.equal(
    decide(one(`check_client_access ${spec}`), ruleContext('smtpd_recipient_restrictions', named, withTable)).hold,
    '<odd.example[198.51.100.1]>: Client host Looks odd',
  );
  const line = rejectLogLine({
    action: 'hold',
    text: s.hold,
    stage: 'RCPT',
    namaddr: 'localhost[203.0.113.7]',
    sender: 'a@example.net',
    to: 'alumno@alexdns.local',
    proto: 'ESMTP',
    helo: 'mx.example.net',
  });
  assert.equal(
    line,
    'NOQUEUE: hold: RCPT from localhost[203.0.113.7]: <unknown[203.0.113.7]>: Client host triggers HOLD action; from=<a@example.net> to=<alumno@alexdns.local> proto=ESMTP helo=<mx.example.net>',
  );
});

const PARSE: { value: string; items?: string[]; issue?: string; issues?: string[]; severity?: 'warning' }[] = [
  {
    value: 'permit_mynetworks, permit_sasl_authenticated,reject_unauth_destination',
    items: ['permit_mynetworks', 'permit_sasl_authenticated', 'reject_unauth_destination'],
  },
  {
    value: 'check_sender_access hash:/etc/postfix/sender_access reject',
    items: ['check_sender_access hash:/etc/postfix/sender_access', 'reject'],
  },
  { value: 'Permit_MyNetworks', items: ['permit_mynetworks'] },
  // an inline: table is one word: smtpd does not split inside {...}
  {
    value: 'check_client_access inline:{ 203.0.113.7=OK, 198.51.100.1=REJECT }, reject',
    items: ['check_client_access inline:{ 203.0.113.7=OK, 198.51.100.1=REJECT }', 'reject'],
  },
  // smtpd keeps an unknown name (as written) and answers 451 when it gets there; the learner reads the file and line
  {
    value: 'permit_my_networks, Dunno',
    items: ['permit_my_networks', 'Dunno'],
    issues: [
      'smtpd_relay_restrictions: unknown smtpd restriction: "permit_my_networks"',
      'smtpd_relay_restrictions: unknown smtpd restriction: "Dunno"',
    ],
    severity: 'warning',
  },
  {
    value: 'reject_rbl_client',
    items: [],
    issue: 'smtpd_relay_restrictions: restriction reject_rbl_client needs an argument (a DNSBL domain)',
  },
  // braces keep an inline table whole, commas and spaces inside it included (mystrtokq)
  {
    value: 'check_client_access inline:{ 203.0.113.7=OK }, reject',
    items: ['check_client_access inline:{ 203.0.113.7=OK }', 'reject'],
  },
  {
    value: 'check_sender_access inline:{ { a@example.net = REJECT Go away }, b@x=OK },permit',
    items: ['check_sender_access inline:{ { a@example.net = REJECT Go away }, b@x=OK }', 'permit'],
  },
  {
    value: 'check_client_access reject',
    items: ['reject'],
    issue: 'smtpd_relay_restrictions: restriction check_client_access needs an argument (a lookup table)',
  },
];

for (const p of PARSE) {
  test(`parseRestrictions("${p.value}")`, () => {
    const r = parseRestrictions(p.value, 'smtpd_relay_restrictions', where);
    assert.deepEqual(
      r.items.map((i) => i.text),
      p.items,
    );
    assert.deepEqual(
      r.issues.map((i) => i.text),
      p.issues ?? (p.issue ? [p.issue] : []),
    );
    for (const i of r.issues) assert.deepEqual([i.file, i.line, i.severity], [where.file, where.line, p.severity ?? 'fatal']);
  });
}

test('relayGuardIssue: Postfix refuses to run without a relay guard', () => {
  const list = (v: string) => parseRestrictions(v, 'x', where).items;
  assert.equal(relayGuardIssue(list('permit_mynetworks, reject_unauth_destination'), [], where), undefined);
  assert.equal(relayGuardIssue([], list('defer'), where), undefined);
  assert.match(
    relayGuardIssue(list('permit_mynetworks'), list('permit'), where)!.text,
    /^in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, specify at least one working instance of: reject_unauth_destination, /,
  );
});

const LOG_LINES: { input: Parameters<typeof rejectLogLine>[0]; want: string }[] = [
  {
    input: {
      stage: 'RCPT',
      namaddr: 'unknown[203.0.113.7]',
      reply: { code: 554, enhanced: '5.7.1', text: '<victima@example.com>: Relay access denied' },
      sender: 'spam@example.net',
      to: 'victima@example.com',
      proto: 'ESMTP',
      helo: 'vm',
    },
    want: 'NOQUEUE: reject: RCPT from unknown[203.0.113.7]: 554 5.7.1 <victima@example.com>: Relay access denied; from=<spam@example.net> to=<victima@example.com> proto=ESMTP helo=<vm>',
  },
  {
    input: {
      queueId: '4F2A31C0E2',
      stage: 'data',
      namaddr: 'localhost[127.0.0.1]',
      reply: { code: 554, enhanced: '5.7.1', text: '<DATA>: Data command rejected: Access denied' },
      sender: '',
      proto: 'SMTP',
    },
    want: '4F2A31C0E2: reject: DATA from localhost[127.0.0.1]: 554 5.7.1 <DATA>: Data command rejected: Access denied; from=<> proto=SMTP',
  },
];

for (const l of LOG_LINES) {
  test(`reject log line: ${l.want}`, () => assert.equal(rejectLogLine(l.input), l.want));
}
