// check_policy_service as a pure decision: which servers the sandbox asks, the request and
// reply of the policy protocol, and the decision (texts as Postfix 3.7.11 gave them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, formatReply, parseRestrictions, ruleContext, RESTRICTIONS } from '../../src/postfix/restrictions.js';
import { policyAction, policyEndpoint, policyRequest, policyTryWarnings } from '../../src/postfix/policy.js';
import { parseNetworkList } from '../../src/postfix/cidr.js';

const facts = {
  mynetworks: parseNetworkList(['127.0.0.0/8']),
  mynetworksText: '127.0.0.0/8',
  mydestination: ['alexdns.local'],
  relayDomains: [],
  myhostname: 'mail.alexdns.local',
  table: () => undefined,
};
const state = {
  client: { addr: '127.0.0.1', name: 'localhost' },
  helo: 'vm',
  sender: 'a@example.net',
  recipient: 'alumno@alexdns.local',
  rcptCount: 0,
};
const ctx = ruleContext('smtpd_recipient_restrictions', state, facts);
const r = parseRestrictions('check_policy_service inet:127.0.0.1:9', 'smtpd_recipient_restrictions', { file: 'main.cf' }).items[0];

test('policyEndpoint: loopback inet: servers only, named as Postfix names them', () => {
  assert.deepEqual(policyEndpoint('inet:127.0.0.1:9'), { host: '127.0.0.1', port: 9, name: '127.0.0.1:9' });
  assert.deepEqual(policyEndpoint('inet:localhost:10023'), { host: '127.0.0.1', port: 10023, name: 'localhost:10023' });
  assert.equal(policyEndpoint('inet:192.0.2.1:10023'), undefined);
  assert.equal(policyEndpoint('unix:private/policyd-spf'), undefined);
  assert.deepEqual(RESTRICTIONS.check_policy_service.dns!(r, state, facts), { kind: 'policy', server: 'inet:127.0.0.1:9' });
});

test('the request: attributes in smtpd 3.7.11 order, ending with an empty line; the reply: its action=', () => {
  const req = policyRequest(state, {
    protocolState: 'RCPT',
    protocolName: 'ESMTP',
    clientPort: 4242,
    serverAddress: '127.0.0.1',
    serverPort: 25,
    instance: 'i.1',
    size: 0,
  });
  assert.equal(req.split('\n').length, 31);
  assert.ok(
    req.startsWith(
      'request=smtpd_access_policy\nprotocol_state=RCPT\nprotocol_name=ESMTP\nclient_address=127.0.0.1\nclient_name=localhost\nclient_port=4242\n',
    ),
  );
  assert.ok(req.endsWith('encryption_keysize=0\npolicy_context=\n\n'));
  assert.equal(policyAction('action=REJECT go away\n\n'), 'REJECT go away');
  assert.equal(policyAction('foo=bar\n\naction=OK\n\n'), undefined);
  assert.deepEqual(policyTryWarnings('127.0.0.1:9', 'Connection refused', false), [
    'warning: connect to 127.0.0.1:9: Connection refused',
    'warning: problem talking to server 127.0.0.1:9: Connection refused',
  ]);
});

test('the decision: no server to ask, no action (451), an action read as an access table would read it', () => {
  assert.equal(decide(r, ctx).note.key, 'sandbox.why.notSimulated');
  const down = decide(r, ctx, { policy: { warnings: ['warning: x'] } });
  assert.equal(formatReply(down.reply!), '451 4.3.5 <alumno@alexdns.local>: Recipient address rejected: Server configuration problem');
  assert.deepEqual(down.warnings, ['warning: x']);
  assert.equal(down.note.key, 'sandbox.why.policyUnreachable');
  const no = decide(r, ctx, { policy: { action: 'REJECT go away', warnings: [] } });
  assert.equal(formatReply(no.reply!), '554 5.7.1 <alumno@alexdns.local>: Recipient address rejected: go away');
  assert.equal(decide(r, ctx, { policy: { action: 'DUNNO', warnings: [] } }).verdict, 'dunno');
});
