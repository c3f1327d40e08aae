// The mail client steps of lesson 13 through the built CLI, with real clients against a
// sandbox started by `mailsec sandbox start`: client.sent (swaks on the submission ports)
// and client.fetched (curl over POP3). Each wrong way a client can be set up fails with the
// message the learner reads; what happened before the step began does not count.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { checkStep, CliSandbox, type CheckResult } from '../helpers/cli.js';
import { freshWorkspace, missingTools, tempDir } from '../prove/env.js';
import { makeCert, selfSignedCert, tlsAuthConfig } from '../helpers/sandbox.js';
import { setPassword } from '../../src/sandbox/sasl/db.js';
import { assertReadable } from '../helpers/verdict.js';
import { RawPop3 } from '../helpers/pop3.js';
import type { Workspace } from '../../src/workspace/workspace.js';

const run = promisify(execFile);
const skip = missingTools(['openssl', 'swaks', 'curl']);
const LESSON = '13-submission';
let ws: Workspace;
let sb: CliSandbox;
let otherCa: string;

const SERVICES = `
submission inet n       -       y       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_sender_restrictions=reject_sender_login_mismatch
smtps     inet  n       -       y       -       -       smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_sender_restrictions=reject_sender_login_mismatch
`;

before(async () => {
  if (skip) return;
  // the workspace as lessons 02, 03 and 13 leave it: the certificate, AUTH inside TLS, the user, the two services
  ws = freshWorkspace('aula.test');
  const cert = makeCert(ws)!;
  appendFileSync(
    ws.resolve('etc/postfix/main.cf'),
    `\n${tlsAuthConfig(ws, cert)}\nsmtpd_sender_login_maps = hash:/etc/postfix/sender_login\n`,
  );
  appendFileSync(ws.resolve('etc/postfix/master.cf'), SERVICES);
  writeFileSync(ws.resolve('etc/postfix/sender_login'), 'alumno@aula.test alumno\n');
  setPassword(ws, 'alumno', 'secreto', [ws.vars.hostname, '']);
  // a certificate the learner's client does not trust: someone else's
  otherCa = `${tempDir()}/other.crt`;
  selfSignedCert({ key: `${tempDir()}/other.key`, cert: otherCa, cn: 'mail.aula.test', days: 2 });
  sb = await CliSandbox.start(ws.root);
});

after(() => sb?.close());

async function check(step: string, answer?: string): Promise<CheckResult> {
  const v = await checkStep(ws.root, `${LESSON}/${step}`, { answer });
  assert.notEqual(v.status, 'error', `${step}: ${v.message}\n${v.stderr}`);
  return v;
}

async function expect(step: string, key: string, seen?: RegExp): Promise<CheckResult> {
  const v = await check(step);
  assert.equal(v.key, key, `${step}: expected ${key}, got ${v.key}: ${v.message}\n${v.evidence.join('\n')}`);
  assert.equal(v.status, key.endsWith('Ok') ? 'pass' : 'fail');
  assertReadable(v.key, v.params);
  if (seen) assert.match(v.message, seen);
  return v;
}

/** swaks as the lesson runs it; the reply does not matter here, the events do */
async function swaks(port: number, o: { to?: string; from?: string; auth?: string | false; tls?: string[] } = {}) {
  const auth = o.auth === false ? [] : ['--auth', 'PLAIN', '--auth-user', 'alumno', '--auth-password', o.auth ?? 'secreto'];
  const args = ['--server', `127.0.0.1:${port}`, ...(o.tls ?? []), ...auth, '--helo', 'pc.aula.test'];
  await run('swaks', [...args, '--from', o.from ?? 'alumno@aula.test', '--to', o.to ?? 'alumno@aula.test'], { timeout: 30_000 }).catch(
    () => undefined,
  );
}

/** curl over POP3 as the lesson runs it (`path` "/1" retrieves, "/" lists) */
async function curl(o: { path?: string; tls?: string[]; password?: string } = {}) {
  const port = sb.ports.pop3;
  const tls = o.tls ?? ['--ssl-reqd', '--cacert', ws.resolve('etc/ssl/certs/cert.crt')];
  const args = [
    '-sS',
    '--max-time',
    '10',
    ...tls,
    '--resolve',
    `mail.aula.test:${port}:127.0.0.1`,
    '--user',
    `alumno:${o.password ?? 'secreto'}`,
  ];
  return run('curl', [...args, `pop3://mail.aula.test:${port}${o.path ?? '/1'}`], { timeout: 15_000 }).then(
    (r) => r.stdout,
    () => '',
  );
}

test('client.sent: only a mail of this step, through submission in TLS and logged in, that reaches a mailbox here', { skip }, async () => {
  const { smtp, submission } = sb.ports;
  // the lesson begins; a good mail sent before the step before this one passed is not this step's
  assert.equal((await check('client-account')).status, 'fail');
  await swaks(submission, { tls: ['--tls'] });
  assert.equal((await check('client-account', 'b')).status, 'pass');

  await expect('client-send', 'client.sentNotSeen', new RegExp(`${submission}.*alumno@aula\\.test`));
  // the client set to port 25's stand-in: lesson 03 left AUTH on there, so the mail goes through
  await swaks(smtp, { tls: ['--tls'] });
  await expect('client-send', 'client.sentWrongPort', new RegExp(`${smtp}.*${submission}`));
  await swaks(submission, { tls: ['--tls'], auth: false });
  await expect('client-send', 'client.sentNoAuth', /554 5\.7\.1 .*Client host rejected: Access denied/);
  await swaks(submission, { tls: ['--tls'], auth: 'mal' });
  await expect('client-send', 'client.sentAuthFailed', /535 5\.7\.8 Error: authentication failed/);
  // a client that does not trust the server's certificate (another one is its CA) breaks off TLS
  await swaks(submission, { tls: ['--tls', '--tls-verify', '--tls-ca-path', otherCa] });
  const cert = await expect('client-send', 'client.sentCertRefused', /SSL routines/);
  assert.doesNotMatch(cert.message, /\.\.\/ssl\//, 'the source file of OpenSSL is left out');
  await swaks(submission, { tls: ['--tls'], from: 'jefe@aula.test' });
  await expect('client-send', 'client.sentRefused', /not owned by user alumno.*alumno@aula\.test/);
  await swaks(submission, { tls: ['--tls'], to: 'amigo@example.com' });
  await expect('client-send', 'client.sentNotInbox', /amigo@example\.com/);

  // a mail fetched before client-send passes is not the next step's
  assert.match(await curl(), /Return-Path:/);
  await swaks(submission, { tls: ['--tls'] });
  const ok = await expect('client-send', 'client.sentOk', new RegExp(`${submission}.*alumno.*alumno@aula\\.test`));
  assert.equal(ok.status, 'pass');
});

test('client.fetched: only a login of this step inside TLS that retrieved a whole message', { skip }, async () => {
  await expect('client-fetch', 'client.fetchNotSeen', new RegExp(`${sb.ports.pop3}.*${sb.ports.pop3s}`));
  // curl without --ssl-reqd stays in plaintext: the server offers it no way to log in
  await curl({ tls: [] });
  await expect('client-fetch', 'client.fetchPlaintext', new RegExp(`STARTTLS.*${sb.ports.pop3}`));
  await curl({ tls: ['--ssl-reqd', '--cacert', otherCa] });
  const cert = await expect('client-fetch', 'client.fetchCertRefused', /POP3.*SSL_accept\(\) failed/);
  assert.doesNotMatch(cert.message, /\.\.\/ssl\//, 'the source file of OpenSSL is left out');
  await curl({ password: 'mal' });
  await expect('client-fetch', 'client.fetchAuthFailed', /POP3.*alumno/);
  // logged in, and still there
  const c = await RawPop3.connect(sb.ports.pop3s, { tls: true });
  assert.equal(await c.login(), '+OK Logged in.');
  await expect('client-fetch', 'client.fetchStillOpen', /POP3.*alumno/);
  assert.equal((await c.multiCmd('TOP 1 0')).status, '+OK');
  assert.equal(await c.cmd('QUIT'), '+OK Logging out.');
  await c.waitClosed();
  await expect('client-fetch', 'client.fetchedNothing', /POP3.*alumno/);
  // a list is not a retrieval either
  assert.match(await curl({ path: '/' }), /^1 \d+/m);
  await expect('client-fetch', 'client.fetchedNothing');
  assert.match(await curl(), /Return-Path:/);
  await expect('client-fetch', 'client.fetchedOk', /POP3.*alumno.*\b1\b/);
});
