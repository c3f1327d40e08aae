// IMAP through the sandbox's private Dovecot, as a learner reaches it: `mailsec sandbox start`
// (the built CLI) on a workspace that did lessons 02 (the certificate) and 03 (the SASL user),
// then real clients: curl (imap:// with STARTTLS, imaps://) and python3's imaplib list and fetch
// the learner's mail; LOGIN before STARTTLS and a wrong password are refused; the mail.log lines
// and the events; a user added meanwhile; the status; and after `sandbox stop` no Dovecot left.
// Skipped without Dovecot, unless MAILSEC_REQUIRE_TOOLS=1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { CliSandbox, runCli } from '../../helpers/cli.js';
import { makeCert } from '../../helpers/sandbox.js';
import { dovecotProcesses, imapSkip, letMailUserThrough, portFree, privateDirExists } from '../../helpers/imap.js';
import { freshWorkspace } from '../../prove/env.js';
import { writeToMaildir } from '../../../src/sandbox/auth/deliver.js';
import { setPassword } from '../../../src/sandbox/sasl/db.js';
import { eventsOf, readEvents } from '../../../src/sandbox/events.js';
import type { Workspace } from '../../../src/workspace/workspace.js';

const run = promisify(execFile);
const skip = imapSkip(['curl', 'python3', 'openssl']);
const MAIL = 'From: profesor@aula.test\nTo: alumno@aula.test\nSubject: para IMAP\n\nHola desde el sandbox, por IMAP.\n';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let ws: Workspace;
let sb: CliSandbox;

before(async () => {
  if (skip) return;
  ws = freshWorkspace('aula.test');
  letMailUserThrough(ws.root);
  makeCert(ws);
  setPassword(ws, 'alumno', 'secreto', [ws.vars.hostname, '']);
  writeToMaildir(ws, 'alumno', MAIL);
  sb = await CliSandbox.start(ws.root);
});

after(() => sb?.close());

const curl = (args: string[], user = 'alumno:secreto') => run('curl', ['-s', '-S', '--max-time', '15', '-k', '--user', user, ...args], { timeout: 20_000 });
const log = () => readFileSync(ws.resolve('var/log/mail.log'), 'utf8');

/** waits for a line of mail.log (Dovecot writes a failed login's line when the client goes) */
async function logLine(re: RegExp): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const m = re.exec(log());
    if (m) return m[0];
    await sleep(50);
  }
  assert.fail(`mail.log has no line like ${re}:\n${log()}`);
}

test('curl imap:// with --ssl-reqd: STARTTLS, then the INBOX listed and the message fetched', { skip }, async () => {
  const base = `imap://127.0.0.1:${sb.ports.imap}`;
  const list = await curl(['--ssl-reqd', `${base}/INBOX`]);
  assert.match(list.stdout, /^\* LIST \([^)]*\) "\." INBOX\r?$/m);
  const msg = await curl(['--ssl-reqd', `${base}/INBOX;UID=1`]);
  assert.match(msg.stdout, /Subject: para IMAP/);
  assert.match(msg.stdout, /Hola desde el sandbox, por IMAP\./);
  await logLine(/dovecot: imap-login: Login: user=<alumno>, method=PLAIN, rip=127\.0\.0\.1, lip=127\.0\.0\.1, mpid=\d+, TLS, session=<[^>]+>/);
  await logLine(/dovecot: imap\(alumno\)<\d+><[^>]+>: Disconnected: Logged out in=\d+ out=\d+ deleted=0 expunged=0 .*body_count=1 /);
});

test('curl imaps:// (implicit TLS) lists and fetches', { skip }, async () => {
  const base = `imaps://127.0.0.1:${sb.ports.imaps}`;
  assert.match((await curl([`${base}/INBOX`])).stdout, /^\* LIST .* INBOX\r?$/m);
  assert.match((await curl([`${base}/INBOX;UID=1`])).stdout, /Hola desde el sandbox, por IMAP\./);
});

const IMAPLIB = `
import imaplib, json, ssl, sys
port, sport, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
out = {}
c = imaplib.IMAP4('127.0.0.1', port)
out['before'] = list(c.capabilities)
try:
    c.login('alumno', password); out['plainLogin'] = 'accepted'
except imaplib.IMAP4.error as e:
    out['plainLogin'] = str(e)
c.logout()
def fetch(c):
    c.login('alumno', password)
    typ, data = c.select('INBOX')
    typ, msg = c.fetch(b'1', '(RFC822)')
    c.logout()
    return msg[0][1].decode()
c = imaplib.IMAP4('127.0.0.1', port)
c.starttls(ssl_context=ctx)
out['after'] = list(c.capabilities)
out['starttls'] = fetch(c)
out['ssl'] = fetch(imaplib.IMAP4_SSL('127.0.0.1', sport, ssl_context=ctx))
print(json.dumps(out))
`;

test("python3's imaplib: LOGIN before STARTTLS refused (LOGINDISABLED); after starttls(), and with IMAP4_SSL, it logs in and fetches", { skip }, async () => {
  const r = await run('python3', ['-c', IMAPLIB, String(sb.ports.imap), String(sb.ports.imaps), 'secreto'], { timeout: 30_000 });
  const out = JSON.parse(r.stdout) as { before: string[]; plainLogin: string; after: string[]; starttls: string; ssl: string };
  assert.ok(out.before.includes('STARTTLS') && out.before.includes('LOGINDISABLED'), out.before.join(' '));
  assert.ok(!out.before.some((c) => c.startsWith('AUTH=')), 'no mechanism offered before TLS');
  assert.match(out.plainLogin, /PRIVACYREQUIRED.*Plaintext authentication disallowed on non-secure \(SSL\/TLS\) connections/);
  assert.ok(out.after.includes('AUTH=PLAIN') && !out.after.includes('LOGINDISABLED'), out.after.join(' '));
  assert.match(out.starttls, /Subject: para IMAP/);
  assert.match(out.ssl, /Hola desde el sandbox, por IMAP\./);
  await logLine(/dovecot: imap-login: Disconnected: Aborted login by logging out \(auth failed, 1 attempts in \d+ secs\): user=<alumno>, rip=127\.0\.0\.1, lip=127\.0\.0\.1, session=</);
});

test('a wrong password is refused: curl fails, mail.log and events.jsonl say so', { skip }, async () => {
  const r = await curl(['--ssl-reqd', `imap://127.0.0.1:${sb.ports.imap}/INBOX`], 'alumno:otra').then(
    () => undefined,
    (e: { code?: number; stderr?: string }) => e,
  );
  assert.ok(r, 'curl logged in with a wrong password');
  assert.equal(r.code, 67, r.stderr);
  await logLine(
    /dovecot: imap-login: Disconnected: Connection closed \(auth failed, 1 attempts in \d+ secs\): user=<alumno>, method=PLAIN, rip=127\.0\.0\.1, lip=127\.0\.0\.1, TLS, session=</,
  );
  const failed = eventsOf(readEvents(ws), 'mailbox-login').filter((e) => !e.ok && e.tls);
  assert.ok(failed.length >= 1);
  assert.deepEqual((({ service, user, method, ok }) => ({ service, user, method, ok }))(failed.at(-1)!), {
    service: 'imap',
    user: 'alumno',
    method: 'PLAIN',
    ok: false,
  });
  assert.match(failed.at(-1)!.reason ?? '', /^auth failed, 1 attempts in \d+ secs$/);
});

test('events.jsonl: each login (service imap, TLS) and each logout with what it fetched', { skip }, async () => {
  const ev = readEvents(ws);
  const logins = eventsOf(ev, 'mailbox-login').filter((e) => e.ok);
  assert.ok(logins.length >= 4, `${logins.length} logins`);
  for (const e of logins) assert.deepEqual([e.service, e.user, e.method, e.tls], ['imap', 'alumno', 'PLAIN', true]);
  const plain = eventsOf(ev, 'mailbox-login').find((e) => !e.ok && !e.tls);
  assert.ok(plain, 'the LOGIN before STARTTLS is a failed login in the clear');
  const outs = eventsOf(ev, 'mailbox-logout');
  assert.ok(outs.some((e) => e.retrieved === 1 && e.deleted === 0 && e.user === 'alumno' && e.service === 'imap'));
});

test('a user added while the sandbox runs (mailsec sandbox passwd) logs in at once', { skip }, async () => {
  const r = await runCli(['sandbox', 'passwd', 'profe'], { ws: ws.root, input: 'clave\n' });
  assert.equal(r.code, 0, r.stderr);
  const list = await curl(['--ssl-reqd', `imap://127.0.0.1:${sb.ports.imap}/`], 'profe:clave');
  assert.match(list.stdout, /INBOX/);
  await logLine(/imap-login: Login: user=<profe>, method=PLAIN/);
  // in the very second of another login (Dovecot's passwd-file userdb would not have looked again)
  await curl([`imaps://127.0.0.1:${sb.ports.imaps}/`]);
  setPassword(ws, 'ana', 'clave2', [ws.vars.hostname, '']);
  assert.match((await curl([`imaps://127.0.0.1:${sb.ports.imaps}/`], 'ana:clave2')).stdout, /INBOX/);
  await logLine(/imap-login: Login: user=<ana>, method=PLAIN/);
});

test('mailsec sandbox status shows the IMAP ports', { skip }, async () => {
  const r = await runCli(['sandbox', 'status'], { ws: ws.root, lang: 'en' });
  assert.match(r.stdout, new RegExp(`POP3S \\d+, IMAP ${sb.ports.imap}, IMAPS ${sb.ports.imaps}\\.`));
});

test('after mailsec sandbox stop no Dovecot of this workspace is left, its folder is gone and the ports are free', { skip }, async () => {
  assert.ok(dovecotProcesses(ws.root).length >= 2, 'the running Dovecot is found');
  const r = await runCli(['sandbox', 'stop'], { ws: ws.root });
  assert.equal(r.code, 0, r.stderr);
  await sb.close();
  assert.deepEqual(dovecotProcesses(ws.root), []);
  assert.equal(privateDirExists(ws.root), false);
  assert.equal(await portFree(sb.ports.imap), true);
  assert.equal(await portFree(sb.ports.imaps), true);
  assert.match(log(), /dovecot: master: Warning: Killed with signal 15/);
});
