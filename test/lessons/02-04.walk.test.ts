// A learner walks lessons 02 (TLS), 03 (SMTP AUTH) and 04 (open relay) with nothing but
// the built CLI and real tools: `mailsec init`, `mailsec sandbox start` in the background,
// openssl, swaks, hand-typed SMTP sessions, `mailsec sandbox reload`, and `mailsec check`
// must say every step passes (and a step fails before it is done).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, missingTools, run } from '../prove/env.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { packageRoot } from '../../src/util/paths.js';
import type { ProveEnv } from '../prove/types.js';
import { interactive, rawSession, sendRaw, sClient } from '../fixtures/learner.js';
import { freePort } from '../helpers/ports.js';

const skip = missingTools(['openssl', 'swaks']);
const cli = join(packageRoot(), 'dist', 'cli.js');
const dir = join(tempDir('mailsec-walk-'), 'ws');
const env: NodeJS.ProcessEnv = { ...process.env, MAILSEC_WORKSPACE: dir, LANG: 'C', LC_ALL: '' };
let ports: Record<'smtp' | 'submission' | 'smtps' | 'outside' | 'dns', number>;
let server: ChildProcess | undefined;
let learner: ProveEnv;



async function sh(cmd: string, args: string[], input?: string) {
  const r = await run(cmd, args, { cwd: dir, env, input });
  return r;
}
async function mailsec(...args: string[]) {
  return sh(process.execPath, [cli, ...args]);
}
async function must(cmd: string, args: string[], input?: string) {
  const r = await sh(cmd, args, input);
  assert.equal(r.code, 0, `${cmd} ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}
async function checkLesson(lesson: string, answers: string[] = []) {
  const r = await mailsec('check', lesson, '--json', '--lang', 'es', ...answers.flatMap((a) => ['--answer', a]));
  return JSON.parse(r.stdout) as { results: { step: string; status: string; message: string }[]; passed: number; failed: number };
}
function assertAllPass(r: Awaited<ReturnType<typeof checkLesson>>) {
  const bad = r.results.filter((x) => x.status !== 'pass');
  assert.deepEqual(bad, [], bad.map((b) => `${b.step}: ${b.message}`).join('\n'));
}
const editMainCf = (f: (cf: string) => string) => {
  const p = join(dir, 'etc/postfix/main.cf');
  writeFileSync(p, f(readFileSync(p, 'utf8')));
};

before(async () => {
  if (skip) return;
  ports = { smtp: await freePort(), submission: await freePort(), smtps: await freePort(), outside: await freePort(), dns: await freePort() };
  for (const [k, v] of Object.entries(ports)) env[`MAILSEC_${k.toUpperCase()}_PORT`] = String(v);
  const init = await run(process.execPath, [cli, 'init', dir, '--domain', 'aula.test'], { env });
  assert.equal(init.code, 0, init.stderr);
  const ws = Workspace.open(dir);
  learner = { ws, vars: ws.vars, sandbox: () => Promise.reject(new Error('the walk uses mailsec sandbox start')), exec: (c, a, o) => run(c, a, { cwd: dir, env, input: o?.input }) };
  // the learner's second terminal
  server = spawn(process.execPath, [cli, 'sandbox', 'start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes(String(ports.smtp))) {
        clearTimeout(timer);
        resolve();
      }
    };
    server!.stdout!.on('data', onData);
    server!.stderr!.on('data', onData);
    server!.once('exit', (code) => reject(new Error(`sandbox exited ${code}: ${out}`)));
  });
});

after(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
  }
});

test('lesson 02: key, certificate, main.cf, STARTTLS, s_client, a mail read in source', { skip }, async () => {
  const before02 = await checkLesson('02-tls');
  assert.equal(before02.passed, 0, 'nothing passes before the learner starts');
  await must('openssl', ['genrsa', '-out', 'cert.key', '4096']);
  await must('openssl', ['req', '-new', '-x509', '-key', 'cert.key', '-out', 'cert.crt', '-days', '365', '-subj', '/CN=mail.aula.test']);
  await must('mv', ['cert.key', 'etc/ssl/private/cert.key']);
  await must('mv', ['cert.crt', 'etc/ssl/certs/cert.crt']);
  await must('chmod', ['600', 'etc/ssl/private/cert.key']);
  editMainCf((cf) =>
    cf.replace(
      /^smtpd_tls_security_level\s*=.*$/m,
      'smtpd_tls_cert_file = /etc/ssl/certs/cert.crt\nsmtpd_tls_key_file = /etc/ssl/private/cert.key\nsmtpd_tls_security_level = may\nsmtpd_tls_loglevel = 1\nsmtpd_tls_received_header = yes',
    ),
  );
  // not reloaded yet: the server still has no STARTTLS
  const stale = await checkLesson('02-tls/starttls');
  assert.equal(stale.results[0].status, 'fail');
  assert.match(stale.results[0].message, /mailsec sandbox reload/);
  await must(process.execPath, [cli, 'sandbox', 'reload']);

  const s = interactive(learner, 'openssl', ['s_client', '-starttls', 'smtp', '-connect', `127.0.0.1:${ports.smtp}`, '-crlf']);
  await s.expect(/Verify return code: 18/);
  s.send('EHLO pc.aula.test');
  await s.expect(/^250 /m);
  s.send('QUIT');
  await s.end();
  assert.match(readFileSync(join(dir, 'var/log/mail.log'), 'utf8'), /Anonymous TLS connection established from localhost\[127\.0\.0\.1\]: TLSv1\.[23]/);

  await must('swaks', ['--server', `127.0.0.1:${ports.smtp}`, '--tls', '--helo', 'pc.aula.test', '--from', 'alumno@aula.test', '--to', 'postmaster@aula.test', '--header', 'Subject: Prueba TLS']);
  const maildir = join(dir, 'var/mail/alumno/Maildir/new');
  const source = readdirSync(maildir).map((f) => readFileSync(join(maildir, f), 'utf8')).find((m) => m.includes('Prueba TLS'))!;
  assert.match(source, /\(using TLSv1\.[23] with cipher \S+/);
  const id = /with ESMTPS id ([0-9A-F]+)/.exec(source)![1];

  const wrong = await checkLesson('02-tls/mail-source', ['ABCDEF0123']);
  assert.equal(wrong.results[0].status, 'fail');
  assertAllPass(await checkLesson('02-tls', [`mail-source=${id}`]));
});

test('lesson 03: AUTH only inside TLS, a user, PLAIN and CRAM-MD5 by hand', { skip }, async () => {
  appendFileSync(join(dir, 'etc/postfix/main.cf'), '\nsmtpd_sasl_auth_enable = yes\nsmtpd_tls_auth_only = yes\nsmtpd_sasl_security_options = noanonymous\n');
  await must(process.execPath, [cli, 'sandbox', 'reload']);
  await must(process.execPath, [cli, 'sandbox', 'passwd', 'alumno'], 'secreto\n');
  // no AUTH in the clear
  const clear = await rawSession(ports.smtp, ['EHLO pc.aula.test']);
  assert.doesNotMatch(clear[1].lines.join('\n'), /^AUTH/m);

  const token = (await must('sh', ['-c', "printf '\\0alumno\\0secreto' | base64"])).trim();
  assert.equal(token, 'AGFsdW1ubwBzZWNyZXRv');
  const plain = await sClient(learner, ports.smtp);
  plain.send(`AUTH PLAIN ${token}`);
  await plain.expect(/^235 2\.7\.0 Authentication successful/m);
  plain.send('QUIT');
  await plain.end();

  const cram = await sClient(learner, ports.smtp);
  cram.send('AUTH CRAM-MD5');
  const [, challenge64] = await cram.expect(/^334 (\S+)/m);
  const challenge = (await must('sh', ['-c', `echo '${challenge64}' | base64 -d`])).trim();
  assert.match(challenge, /^<\d+\.\d+@mail\.aula\.test>$|^<[^>]+>$/);
  const hex = /= ([0-9a-f]{32})/.exec(await must('openssl', ['dgst', '-md5', '-hmac', 'secreto'], challenge))![1];
  cram.send((await must('sh', ['-c', `printf 'alumno %s' '${hex}' | base64 -w0`])).trim());
  await cram.expect(/^235 /m);
  cram.send('QUIT');
  await cram.end();

  assertAllPass(await checkLesson('03-smtp-auth', ['mechanisms=c,d', 'digest-md5=b']));
});

test('lesson 04: an open relay proven from outside, closed, still open to users and to the domain', { skip }, async () => {
  const relayed = await sendRaw(ports.outside, 'spam@example.net', 'victima@example.com');
  assert.equal(relayed[3].code, 250, 'the template accepts the relay');
  const open = await checkLesson('04-open-relay/relay-denied');
  assert.equal(open.results[0].status, 'fail');
  assert.match(open.results[0].message, /relay abierto/);

  editMainCf((cf) =>
    cf
      .replace(/^mynetworks\s*=.*$/m, 'mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128')
      .replace(/^smtpd_relay_restrictions\s*=.*$/m, 'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination'),
  );
  await must(process.execPath, [cli, 'sandbox', 'reload']);
  const denied = await sh('swaks', ['--server', `127.0.0.1:${ports.outside}`, '--helo', 'pc.example.net', '--from', 'spam@example.net', '--to', 'victima@example.com']);
  assert.match(denied.stdout, /<\*\* {1,2}554 5\.7\.1 <victima@example\.com>: Relay access denied/);
  assert.match(readFileSync(join(dir, 'var/log/mail.log'), 'utf8'), /NOQUEUE: reject: RCPT from unknown\[203\.0\.113\.7\]: 554 5\.7\.1 <victima@example\.com>: Relay access denied; from=<spam@example\.net> to=<victima@example\.com> proto=ESMTP helo=<pc\.example\.net>/);

  await must('swaks', ['--server', `127.0.0.1:${ports.outside}`, '--tls', '--auth', 'PLAIN', '--auth-user', 'alumno', '--auth-password', 'secreto', '--from', 'alumno@aula.test', '--to', 'amigo@example.com']);
  await must('swaks', ['--server', `127.0.0.1:${ports.outside}`, '--helo', 'pc.example.net', '--from', 'amigo@example.net', '--to', 'postmaster@aula.test']);

  assertAllPass(await checkLesson('04-open-relay'));
});
