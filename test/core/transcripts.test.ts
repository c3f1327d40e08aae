import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotatedTranscript, decisionText, recentSessions, sessionForVerdict, sessionOfMail } from '../../src/core/transcripts.js';
import { sendTestMail } from '../../src/core/sendmail.js';
import { withProbe } from '../../src/checks/probe.js';
import { fail } from '../../src/checks/types.js';
import { testSandbox, waitEvent } from '../helpers/sandbox.js';

const CLOSED_RELAY =
  'mynetworks = 127.0.0.0/8\nsmtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination';

test('a relay refused from outside: the dialogue with every restriction and its reason, in the learner language', async () => {
  const sb = await testSandbox({ mainCf: CLOSED_RELAY });
  try {
    const probe = { host: '127.0.0.1', ports: { ...sb.h.ports, smtp: sb.h.ports.outside } };
    const r = await sendTestMail(probe, sb.ws.vars, { to: 'x@example.com' });
    assert.equal(r.ok, false);
    await waitEvent(sb, (e) => e.type === 'disconnect');
    const [s] = recentSessions(sb.ws);
    assert.equal(s.listener, 'outside');
    assert.equal(s.rejects, 1);
    assert.equal(s.check, false);
    const { lines, found } = annotatedTranscript(sb.ws, s.session, 'es');
    assert.ok(found);
    const text = lines.map((l) => `${l.kind} ${l.text}`);
    const rcpt = text.indexOf('C RCPT TO:<x@example.com>');
    assert.ok(rcpt > 0, text.join('\n'));
    assert.equal(text[rcpt + 1], 'note Restricciones en RCPT: reject');
    assert.equal(text[rcpt + 2], 'why permit_mynetworks: 203.0.113.7 no está en mynetworks (127.0.0.0/8).');
    assert.equal(text[rcpt + 3], 'why permit_sasl_authenticated: El cliente no se ha autenticado.');
    assert.match(text[rcpt + 4], /^why reject_unauth_destination: example\.com no está en mydestination \(.*\) ni en relay_domains/);
    assert.equal(lines[rcpt + 4].tone, 'fail');
    // the reject event repeats the same decisions: said once
    assert.match(text[rcpt + 5], /^note Rechazado por reject_unauth_destination: 554 5\.7\.1 <x@example\.com>: Relay access denied$/);
    assert.equal(text[rcpt + 6], 'S 554 5.7.1 <x@example.com>: Relay access denied');
    assert.equal(lines[rcpt + 6].tone, 'fail');
    assert.match(annotatedTranscript(sb.ws, s.session, 'en').lines[rcpt + 2].text, /203\.0\.113\.7 is not in mynetworks/);
    // a verdict quoting that refusal leads to the session
    const v = fail('smtp.relayRefusedAlready', {}, [
      'NOQUEUE: reject: RCPT from unknown[203.0.113.7]: 554 5.7.1 <x@example.com>: Relay access denied; from=<alumno@aula.test>',
    ]);
    assert.equal(sessionForVerdict(sb.ws, v), s.session);
    assert.equal(sessionForVerdict(sb.ws, fail('x', {}, ['main.cf: mynetworks = 127.0.0.0/8'])), undefined);
    assert.equal(annotatedTranscript(sb.ws, 'no-such-session', 'es').found, false);
  } finally {
    await sb.close();
  }
});

test('the session a check opened is the one its verdict is about; a delivered mail leads to its session', async () => {
  const sb = await testSandbox();
  try {
    const ok = await sendTestMail({ host: '127.0.0.1', ports: sb.h.ports }, sb.ws.vars, {});
    assert.ok(ok.ok);
    const delivered = await waitEvent(sb, (e) => e.type === 'delivered');
    const since = new Date().toISOString();
    await withProbe('127.0.0.1', sb.h.ports.smtp, async (p) => {
      await p.ehlo();
    });
    await waitEvent(sb, (e) => e.type === 'disconnect' && e.session !== delivered?.session);
    const rows = recentSessions(sb.ws);
    assert.equal(rows.length, 2);
    assert.equal(rows[0].check, true, 'newest first, and marked as a check');
    assert.equal(sessionForVerdict(sb.ws, fail('x'), since), rows[0].session);
    assert.equal(sessionOfMail(sb.events(), String(delivered?.path)), delivered?.session);
    assert.equal(
      decisionText({ stage: 's', rule: 'r', result: 'dunno', reason: 'English reason', key: 'sandbox.why.nope' }, 'ca'),
      'English reason',
      'an unknown key falls back to the English reason',
    );
  } finally {
    await sb.close();
  }
});
