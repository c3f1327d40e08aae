// The SMTP AUTH and relay check kinds: main.cf, the event log, and live probes against
// a scripted SMTP peer (the real sandbox is exercised by the step prover and the walk test).
import { runCheck } from '../helpers/check.js';
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Verdict } from '../../src/checks/types.js';
import { PROBE_HELO } from '../../src/checks/probe.js';
import { t } from '../../src/i18n/messages.js';
import { freshWorkspace, CLOSED_PORTS } from '../prove/env.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import type { SandboxPorts } from '../../src/sandbox/types.js';
import { expectFail } from '../helpers/verdict.js';

async function check(w: Workspace, kind: string, params: Record<string, unknown>, ports: SandboxPorts = CLOSED_PORTS): Promise<Verdict> {
  return runCheck(w, kind, params, { probe: { host: '127.0.0.1', ports } });
}

const expectPass = (v: Verdict) => assert.equal(v.status, 'pass', `${v.message.key}: ${t('en', v.message.key, v.message.params)}`);

const ws = freshWorkspace('aula.test');
const cfPath = ws.resolve('etc/postfix/main.cf');
const template = readFileSync(cfPath, 'utf8');
const withCf = (...lines: string[]) => writeFileSync(cfPath, template + '\n' + lines.join('\n') + '\n');
const TLS = 'smtpd_tls_security_level = may';

describe('smtp.auth-config', () => {
  test('TLS first, then each line, then noplaintext everywhere', async () => {
    withCf();
    expectFail(await check(ws, 'smtp.auth-config', {}), 'smtp.tlsFirst');
    withCf(TLS);
    const v = await check(ws, 'smtp.auth-config', {});
    expectFail(v, 'smtp.configParam');
    assert.equal(v.message.params?.name, 'smtpd_sasl_auth_enable');
    withCf(TLS, 'smtpd_sasl_auth_enable = yes');
    expectFail(await check(ws, 'smtp.auth-config', {}), 'smtp.authOnlyOff');
    withCf(TLS, 'smtpd_sasl_auth_enable = yes', 'smtpd_tls_auth_only = yes', 'smtpd_sasl_security_options = noplaintext');
    expectFail(await check(ws, 'smtp.auth-config', {}), 'smtp.anonymousAllowed');
    withCf(TLS, 'smtpd_sasl_auth_enable = yes', 'smtpd_tls_auth_only = yes', 'smtpd_sasl_security_options = noanonymous, noplaintext');
    expectFail(await check(ws, 'smtp.auth-config', {}), 'smtp.noPlaintextEverywhere');
    // Postfix's documented way to forbid plaintext only outside TLS is accepted
    withCf(
      TLS,
      'smtpd_sasl_auth_enable = yes',
      'smtpd_tls_auth_only = yes',
      'smtpd_sasl_security_options = noanonymous, noplaintext',
      'smtpd_sasl_tls_security_options = noanonymous',
    );
    expectPass(await check(ws, 'smtp.auth-config', {}));
    withCf(TLS, 'smtpd_sasl_auth_enable = yes', 'smtpd_tls_auth_only = yes');
    expectPass(await check(ws, 'smtp.auth-config', {}));
  });

  const LESSON = [
    TLS,
    'smtpd_sasl_auth_enable = yes',
    'smtpd_tls_auth_only = yes',
    'smtpd_sasl_security_options = noanonymous, noplaintext',
    'smtpd_sasl_tls_security_options = noanonymous',
  ];
  test("noPlaintext: the three lines of the old text fail, the lesson's four pass", async () => {
    withCf(TLS, 'smtpd_sasl_auth_enable = yes', 'smtpd_tls_auth_only = yes', 'smtpd_sasl_security_options = noanonymous');
    const v = await check(ws, 'smtp.auth-config', { noPlaintext: true });
    expectFail(v, 'smtp.plaintextOutsideTls');
    assert.match(t('en', v.message.key, v.message.params), /smtpd_sasl_tls_security_options = noanonymous/);
    withCf(...LESSON.slice(0, 4));
    expectFail(await check(ws, 'smtp.auth-config', { noPlaintext: true }), 'smtp.noPlaintextEverywhere');
    withCf(...LESSON);
    expectPass(await check(ws, 'smtp.auth-config', { noPlaintext: true }));
  });

  test('the SASL back end: Cyrus by default, Dovecot with its socket, nothing else', async () => {
    withCf(...LESSON, 'smtpd_sasl_type = cyrus');
    expectPass(await check(ws, 'smtp.auth-config', { noPlaintext: true }));
    withCf(...LESSON, 'smtpd_sasl_type = dovecot', 'smtpd_sasl_path = private/auth');
    const dovecot = await check(ws, 'smtp.auth-config', { noPlaintext: true });
    expectPass(dovecot);
    assert.ok(dovecot.evidence.some((e) => /smtpd_sasl_path = private\/auth/.test(e)));
    withCf(...LESSON, 'smtpd_sasl_type = dovecot');
    const noPath = await check(ws, 'smtp.auth-config', { noPlaintext: true });
    expectFail(noPath, 'smtp.saslPathDovecot');
    assert.match(t('es', noPath.message.key, noPath.message.params), /smtpd_sasl_path = private\/auth/);
    withCf(...LESSON, 'smtpd_sasl_type = saslauthd');
    expectFail(await check(ws, 'smtp.auth-config', { noPlaintext: true }), 'smtp.saslType');
  });
});

describe('smtp.relay-config', () => {
  const good = [
    'mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128',
    'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
  ];
  test('the template is an open relay', async () => {
    withCf();
    const v = await check(ws, 'smtp.relay-config', {});
    expectFail(v, 'smtp.mynetworksWide');
    assert.equal(v.message.params?.entry, '0.0.0.0/0');
  });
  test('wide networks, defer, missing, misplaced and early permits', async () => {
    withCf(good[1], 'mynetworks = 127.0.0.0/8 192.168.0.0/16');
    expectFail(await check(ws, 'smtp.relay-config', {}), 'smtp.mynetworksWide');
    withCf(good[0]);
    expectFail(await check(ws, 'smtp.relay-config', {}), 'smtp.relayDefer');
    withCf(good[0], 'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination');
    expectFail(await check(ws, 'smtp.relay-config', {}), 'smtp.relayRestrictions');
    withCf(good[0], 'smtpd_relay_restrictions = permit_sasl_authenticated, permit_mynetworks, reject_unauth_destination');
    expectFail(await check(ws, 'smtp.relay-config', {}), 'smtp.relayOrder');
    withCf(
      good[0],
      'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, permit_auth_destination, permit, reject_unauth_destination',
    );
    expectFail(await check(ws, 'smtp.relay-config', {}), 'smtp.relayPermitEarly');
  });
  test("the lesson's lines, also with $name expansion and a continuation line", async () => {
    withCf(...good);
    expectPass(await check(ws, 'smtp.relay-config', {}));
    withCf(
      'local_nets = 127.0.0.0/8 [::1]/128',
      'mynetworks = $local_nets',
      'smtpd_relay_restrictions = permit_mynetworks,',
      '    permit_sasl_authenticated, reject_unauth_destination',
    );
    expectPass(await check(ws, 'smtp.relay-config', {}));
  });
});

describe('checks on the event log', () => {
  const w = freshWorkspace('aula.test');
  const log = (events: object[]) => {
    mkdirSync(w.resolve('var/log'), { recursive: true });
    writeFileSync(
      w.resolve('var/log/events.jsonl'),
      events.map((e) => JSON.stringify({ ts: '2025-01-01T00:00:00Z', ...e })).join('\n') + '\n',
    );
  };
  const session = (id: string, listener: string, helo: string, addr = '127.0.0.1', ...rest: object[]) => [
    { type: 'connect', session: id, listener, client: { addr, name: addr === '127.0.0.1' ? 'localhost' : 'unknown' }, port: 1 },
    { type: 'helo', session: id, helo, command: 'EHLO' },
    ...rest.map((e) => ({ session: id, ...e })),
  ];
  const auth = (mechanism: string, ok: boolean, tls = true) => ({ type: 'auth', mechanism, username: 'alumno', ok, tls });

  test("smtp.auth-seen: none, a check's own, failed, without TLS, another mechanism, then the right one", async () => {
    const p = { mechanism: 'CRAM-MD5' };
    log([]);
    expectFail(await check(w, 'smtp.auth-seen', p), 'smtp.authNotSeen');
    log(session('c', 'smtp', PROBE_HELO, '127.0.0.1', auth('CRAM-MD5', true)));
    expectFail(await check(w, 'smtp.auth-seen', p), 'smtp.authNotSeen');
    log(session('a', 'smtp', 'pc', '127.0.0.1', auth('CRAM-MD5', false)));
    expectFail(await check(w, 'smtp.auth-seen', p), 'smtp.authFailed');
    log(session('a', 'smtp', 'pc', '127.0.0.1', auth('CRAM-MD5', true, false)));
    expectFail(await check(w, 'smtp.auth-seen', p), 'smtp.authNoTls');
    log(session('a', 'smtp', 'pc', '127.0.0.1', auth('PLAIN', true)));
    expectFail(await check(w, 'smtp.auth-seen', p), 'smtp.authOtherMechanism');
    log([
      ...session('a', 'smtp', 'pc', '127.0.0.1', auth('CRAM-MD5', false)),
      ...session('b', 'smtp', 'pc', '127.0.0.1', auth('CRAM-MD5', true)),
    ]);
    expectPass(await check(w, 'smtp.auth-seen', p));
  });

  const queued = (to: string, authUser?: string) => ({
    type: 'queued',
    queueId: 'Q1',
    from: 'a@example.net',
    to: [to],
    size: 1,
    tls: null,
    auth: authUser ? { method: 'PLAIN', username: authUser } : null,
  });
  const reject = (to: string) => ({
    type: 'reject',
    stage: 'rcpt',
    code: 554,
    enhanced: '5.7.1',
    text: `<${to}>: Relay access denied`,
    from: 'a@example.net',
    to,
    decisions: [],
  });

  test('smtp.relay-seen without auth: the open relay proven from outside', async () => {
    const p = { listener: 'outside', auth: false };
    log([]);
    expectFail(await check(w, 'smtp.relay-seen', p), 'smtp.relayNotSeen');
    log(session('a', 'smtp', 'pc', '127.0.0.1', queued('victima@example.com')));
    expectFail(await check(w, 'smtp.relay-seen', p), 'smtp.relayNotOutside');
    log(session('a', 'outside', 'pc', '203.0.113.7', queued('postmaster@aula.test')));
    expectFail(await check(w, 'smtp.relay-seen', p), 'smtp.relayOnlyLocal');
    log(session('a', 'outside', 'pc', '203.0.113.7', reject('victima@example.com')));
    expectFail(await check(w, 'smtp.relay-seen', p), 'smtp.relayRefusedAlready');
    log(session('a', 'outside', 'pc', '203.0.113.7', queued('victima@example.com')));
    expectPass(await check(w, 'smtp.relay-seen', p));
  });

  test('smtp.relay-seen with auth: refused without it, then accepted after it', async () => {
    const p = { listener: 'outside', auth: true };
    const open = session('o', 'outside', 'pc', '203.0.113.7', queued('victima@example.com'));
    log(open);
    expectFail(await check(w, 'smtp.relay-seen', p), 'smtp.relayNoAuth');
    log([...open, ...session('a', 'outside', 'pc', '203.0.113.7', reject('amigo@example.com'))]);
    expectFail(await check(w, 'smtp.relay-seen', p), 'smtp.relayNoAuth');
    log([...open, ...session('a', 'submission', 'pc', '127.0.0.1', queued('amigo@example.com', 'alumno'))]);
    expectFail(await check(w, 'smtp.relay-seen', p), 'smtp.relayNotOutside');
    log([...open, ...session('a', 'outside', 'pc', '203.0.113.7', queued('postmaster@aula.test', 'alumno'))]);
    expectFail(await check(w, 'smtp.relay-seen', p), 'smtp.relayOnlyLocal');
    log([...open, ...session('a', 'outside', 'pc', '203.0.113.7', queued('amigo@example.com', 'alumno'))]);
    expectPass(await check(w, 'smtp.relay-seen', p));
  });

  test('smtp.user reads etc/sasldb2.json', async () => {
    expectFail(await check(w, 'smtp.user', { user: 'alumno' }), 'smtp.userMissing');
    writeFileSync(w.resolve('etc/sasldb2.json'), '{"version":1,"users":{"profesor":{}}}');
    expectFail(await check(w, 'smtp.user', { user: 'alumno' }), 'smtp.userOther');
    writeFileSync(w.resolve('etc/sasldb2.json'), 'garbage');
    expectFail(await check(w, 'smtp.user', { user: 'alumno' }), 'smtp.userMissing');
    writeFileSync(w.resolve('etc/sasldb2.json'), '{"version":1,"users":{"profesor":{},"alumno":{}}}');
    expectPass(await check(w, 'smtp.user', { user: 'alumno' }));
  });
});

/** A scripted SMTP peer: answers each command with what `answer` returns. */
function peer(answer: (line: string) => string | undefined): Promise<{ port: number; server: Server }> {
  return new Promise((resolve) => {
    const server = createServer((sock) => {
      sock.write('220 peer ESMTP\r\n');
      let buf = '';
      sock.on('data', (d) => {
        buf += d.toString('latin1');
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i).replace(/\r$/, '');
          buf = buf.slice(i + 1);
          if (/^QUIT/i.test(line)) {
            sock.end('221 2.0.0 Bye\r\n');
            return;
          }
          const a = answer(line);
          if (a === undefined) sock.destroy();
          else sock.write(a + '\r\n');
        }
      });
      sock.on('error', () => undefined);
    });
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, server }));
  });
}

describe('live probes against a scripted peer', () => {
  const servers: Server[] = [];
  after(() => servers.forEach((s) => s.close()));
  const at = async (answer: (line: string) => string | undefined) => {
    const p = await peer(answer);
    servers.push(p.server);
    return { ...CLOSED_PORTS, smtp: p.port, outside: p.port };
  };
  const ehlo = (extra: string[]) =>
    ['250-peer', ...extra.slice(0, -1).map((e) => `250-${e}`), `250 ${extra[extra.length - 1]}`].join('\r\n');
  const relayPeer = (rcptReply: (to: string) => string) =>
    at((l) => {
      if (/^EHLO/i.test(l)) return ehlo(['PIPELINING', '8BITMIME']);
      if (/^MAIL/i.test(l) || /^RSET/i.test(l)) return '250 2.1.0 Ok';
      const m = /^RCPT TO:<(.*)>/i.exec(l);
      return m ? rcptReply(m[1]) : '502 5.5.2 Error: command not recognized';
    });
  const relay = { listener: 'outside', rcpt: 'victima@example.com', expect: 'denied' };
  const local = { listener: 'outside', rcpt: 'postmaster@{{domain}}', expect: 'accepted', closed: 'victima@example.com' };

  test('no sandbox: a fail that says how to start it', async () => {
    expectFail(await check(ws, 'smtp.relay', relay), 'tls.sandboxDown');
    expectFail(await check(ws, 'smtp.auth-after-tls', {}), 'tls.sandboxDown');
  });

  test('smtp.relay: open, deferred, another refusal, then Relay access denied', async () => {
    expectFail(await check(ws, 'smtp.relay', relay, await relayPeer(() => '250 2.1.5 Ok')), 'smtp.relayOpen');
    expectFail(
      await check(ws, 'smtp.relay', relay, await relayPeer((to) => `450 4.7.1 <${to}>: Relay access denied`)),
      'smtp.relayDeferred',
    );
    expectFail(
      await check(ws, 'smtp.relay', relay, await relayPeer((to) => `554 5.7.1 <${to}>: Recipient address rejected: Access denied`)),
      'smtp.relayWrongReject',
    );
    const ok = await check(ws, 'smtp.relay', relay, await relayPeer((to) => `554 5.7.1 <${to}>: Relay access denied`));
    expectPass(ok);
    assert.ok(
      ok.evidence.some((l) => l === `C: EHLO ${PROBE_HELO}`),
      'the probe introduces itself as a check',
    );
  });

  test('smtp.relay accepted: the relay must be closed and the own domain open', async () => {
    const denied = (to: string) => (to.endsWith('@aula.test') ? '250 2.1.5 Ok' : `554 5.7.1 <${to}>: Relay access denied`);
    expectFail(await check(ws, 'smtp.relay', local, await relayPeer(() => '250 2.1.5 Ok')), 'smtp.relayOpen');
    expectFail(
      await check(ws, 'smtp.relay', local, await relayPeer((to) => `554 5.7.1 <${to}>: Relay access denied`)),
      'smtp.localRefused',
    );
    expectPass(await check(ws, 'smtp.relay', local, await relayPeer(denied)));
  });

  test('smtp.auth-after-tls: AUTH in the clear, no STARTTLS, a peer that hangs up', async () => {
    expectFail(
      await check(ws, 'smtp.auth-after-tls', {}, await at((l) => (/^EHLO/i.test(l) ? ehlo(['STARTTLS', 'AUTH PLAIN LOGIN']) : '502 no'))),
      'smtp.authBeforeTls',
    );
    expectFail(
      await check(ws, 'smtp.auth-after-tls', {}, await at((l) => (/^EHLO/i.test(l) ? ehlo(['PIPELINING']) : '502 no'))),
      'smtp.noStarttls',
    );
    expectFail(await check(ws, 'smtp.auth-after-tls', {}, await at(() => undefined)), 'tls.sessionBroken');
  });

  test('a peer that floods one endless line does not hang the check', async () => {
    const p = await at((l) => (/^EHLO/i.test(l) ? '250-' + 'x'.repeat(100_000) : '502 no'));
    expectFail(await check(ws, 'smtp.relay', relay, p), 'tls.sessionBroken');
  });
});

describe("postfix.param: the message keeps a restriction with its argument, and names an empty value in the learner's language", () => {
  const RBL = [
    'permit_mynetworks',
    'reject_unauth_destination',
    'reject_rbl_client',
    'zen.spamhaus.org',
    'reject_rbl_client',
    'bl.spamcop.net',
  ];
  test('the lists in the wrong place', async () => {
    withCf(
      'smtpd_recipient_restrictions = reject_rbl_client zen.spamhaus.org, permit_mynetworks, reject_unauth_destination, reject_rbl_client bl.spamcop.net',
    );
    const v = await check(ws, 'postfix.param', { name: 'smtpd_recipient_restrictions', includes: RBL });
    expectFail(v, 'postfix.listOrder');
    const es = t('es', v.message.key, v.message.params);
    assert.match(
      es,
      /se esperaba: permit_mynetworks, reject_unauth_destination, reject_rbl_client zen\.spamhaus\.org, reject_rbl_client bl\.spamcop\.net$/,
      es,
    );
    assert.doesNotMatch(es, /reject_rbl_client, /);
  });
  test('an empty value', async () => {
    withCf('smtpd_recipient_restrictions =');
    const v = await check(ws, 'postfix.param', { name: 'smtpd_recipient_restrictions', equals: 'permit_mynetworks' });
    expectFail(v, 'postfix.paramValue');
    assert.match(t('es', v.message.key, v.message.params), /\(vacío\)/);
    assert.match(t('ca', v.message.key, v.message.params), /\(buit\)/);
    assert.match(t('en', v.message.key, v.message.params), /\(empty\)/);
  });
});
