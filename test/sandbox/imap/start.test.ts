// How `mailsec sandbox start` (the built CLI) tells the learner about IMAP: without Dovecot, once,
// in their language, with the Debian package that gives it (the rest of the sandbox as before);
// before lesson 02's certificate, Dovecot waits and a client is dropped with a warning, then it
// starts with the next client once the certificate is there; a taken IMAP port is reported as
// POP3's are; as root, a workspace Dovecot's mail user cannot reach is said so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { cliEnv, CLI, portEnv, runCli } from '../../helpers/cli.js';
import { makeCert } from '../../helpers/sandbox.js';
import { dovecotProcesses, imapSkip, letMailUserThrough } from '../../helpers/imap.js';
import { copyWorkspace, freshWorkspace } from '../../prove/env.js';
import { setPassword } from '../../../src/sandbox/sasl/db.js';
import type { SandboxPorts } from '../../../src/util/ports.js';

const run = promisify(execFile);
const FREE: SandboxPorts = { smtp: 0, submission: 0, smtps: 0, outside: 0, dns: 0, https: 0, pop3: 0, pop3s: 0, imap: 0, imaps: 0 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `mailsec sandbox start` as a learner reads it: its text, until the line about Ctrl-C. */
async function startText(
  wsRoot: string,
  lang: 'es' | 'ca' | 'en',
  env: NodeJS.ProcessEnv = {},
): Promise<{ text: string; pid: number; stop(signal?: NodeJS.Signals): Promise<void> }> {
  const p = spawn(process.execPath, [CLI, '--workspace', wsRoot, '--lang', lang, 'sandbox', 'start'], {
    env: cliEnv({ ...portEnv(FREE), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  p.stdout.on('data', (d) => (text += d));
  p.stderr.on('data', (d) => (text += d));
  for (let i = 0; i < 600 && !/Ctrl-C/.test(text) && p.exitCode === null; i++) await sleep(50);
  return {
    text,
    pid: p.pid!,
    stop: async (signal = 'SIGTERM') => {
      if (p.exitCode !== null || p.signalCode !== null) return;
      const gone = new Promise((r) => p.once('exit', r));
      p.kill(signal);
      await gone;
    },
  };
}

const log = (wsRoot: string) => readFileSync(`${wsRoot}/var/log/mail.log`, 'utf8');

test('without Dovecot: sandbox start says once that there is no IMAP and which package gives it; the rest runs as before', async () => {
  const ws = freshWorkspace('aula.test');
  const gone = { MAILSEC_DOVECOT: '/nonexistent/dovecot' };
  const es = await startText(ws.root, 'es', gone);
  try {
    assert.match(
      es.text,
      /^ {2}IMAP {8}no disponible: Dovecot no está instalado\. En Debian lo instala el paquete `dovecot-imapd` \(`sudo apt install dovecot-imapd`\); después, vuelve a arrancar el sandbox\. Todo lo demás funciona sin él\.$/m,
    );
    assert.equal(es.text.match(/dovecot-imapd/g)?.length, 2, 'said once (the package and the command that installs it)');
    assert.match(es.text, /^ {2}POP3 {8}127\.0\.0\.1:\d+ \(STLS\)/m);
    assert.doesNotMatch(es.text, /not installed|available/);
    const status = await runCli(['sandbox', 'status'], { ws: ws.root, lang: 'es' });
    assert.match(status.stdout, /POP3S \d+, IMAP no disponible, IMAPS no disponible\./);
    assert.match(log(ws.root), /mailsec\/imap\[\d+\]: warning: Dovecot is not installed \(Debian package dovecot-imapd\): no IMAP or IMAPS/);
  } finally {
    await es.stop();
  }
  const en = await startText(ws.root, 'en', gone);
  await en.stop();
  assert.match(en.text, /^ {2}IMAP {8}not available: Dovecot is not installed\. On Debian the package `dovecot-imapd` installs it/m);
  const ca = await startText(ws.root, 'ca', gone);
  await ca.stop();
  assert.match(ca.text, /^ {2}IMAP {8}no disponible: Dovecot no està instal·lat\. A Debian l'instal·la el paquet `dovecot-imapd`/m);
});

test('before the certificate of lesson 02: no Dovecot, a client is dropped with a warning; once it exists the next client is served', { skip: imapSkip(['curl', 'openssl']) }, async () => {
  const ws = freshWorkspace('aula.test');
  letMailUserThrough(ws.root);
  setPassword(ws, 'alumno', 'secreto', [ws.vars.hostname, '']);
  const sb = await startText(ws.root, 'es');
  try {
    assert.match(sb.text, /^ {2}IMAP {8}127\.0\.0\.1:\d+ \(STARTTLS\) y 127\.0\.0\.1:\d+ \(TLS implícito\): Dovecot arrancará en cuanto tengas el certificado de la lección 02$/m);
    const imaps = Number(/y 127\.0\.0\.1:(\d+) \(TLS implícito\): Dovecot/.exec(sb.text)![1]);
    assert.deepEqual(dovecotProcesses(ws.root), [], 'no Dovecot without a certificate');
    const curl = () => run('curl', ['-s', '-S', '--max-time', '15', '-k', '--user', 'alumno:secreto', `imaps://127.0.0.1:${imaps}/INBOX`], { timeout: 20_000 });
    await assert.rejects(curl());
    assert.match(log(ws.root), /mailsec\/imap\[\d+\]: warning: IMAP waits: no usable certificate \(etc\/ssl\/certs\/cert\.crt: ENOENT/);
    assert.match(log(ws.root), /mailsec\/imap\[\d+\]: warning: imaps connection from 127\.0\.0\.1 dropped: no usable certificate/);
    makeCert(ws);
    assert.match((await curl()).stdout, /INBOX/);
    assert.match(log(ws.root), /dovecot: imap-login: Login: user=<alumno>, method=PLAIN, rip=127\.0\.0\.1, lip=127\.0\.0\.1, mpid=\d+, TLS/);
    // lesson 02 done again: the next client meets the new certificate (Dovecot reloaded)
    const subject = async () => (await run('sh', ['-c', `openssl s_client -connect 127.0.0.1:${imaps} </dev/null 2>/dev/null | openssl x509 -noout -subject`])).stdout;
    assert.match(await subject(), /CN ?= ?mail\.aula\.test/);
    makeCert(ws, { cn: 'otro.aula.test' });
    assert.match(await subject(), /CN ?= ?otro\.aula\.test/);
    assert.match(log(ws.root), /dovecot: master: Warning: SIGHUP received - reloading configuration/);
  } finally {
    // Ctrl-C reaches the sandbox alone (Dovecot has a process group of its own): the sandbox stops it
    await sb.stop('SIGINT');
  }
  assert.deepEqual(dovecotProcesses(ws.root), []);
});

test('a sandbox killed outright (SIGKILL) takes its Dovecot along, and the next start runs a new one', { skip: imapSkip(['openssl']) }, async () => {
  const ws = freshWorkspace('aula.test');
  letMailUserThrough(ws.root);
  makeCert(ws);
  const first = await startText(ws.root, 'en');
  assert.match(first.text, /served by a real Dovecot/);
  const before = dovecotProcesses(ws.root);
  assert.ok(before.length >= 2, before.join('\n'));
  await first.stop('SIGKILL');
  for (let i = 0; i < 100 && dovecotProcesses(ws.root).length; i++) await sleep(50);
  assert.deepEqual(dovecotProcesses(ws.root), [], 'the watchdog stopped Dovecot when the sandbox died');
  const second = await startText(ws.root, 'en');
  try {
    assert.match(second.text, /served by a real Dovecot/);
    assert.ok(dovecotProcesses(ws.root).length >= 2);
  } finally {
    await second.stop();
  }
  assert.deepEqual(dovecotProcesses(ws.root), []);
});

test("a copy of a workspace whose sandbox runs starts its own Dovecot, and leaves the original's alone", { skip: imapSkip(['openssl']) }, async () => {
  const ws = freshWorkspace('aula.test');
  letMailUserThrough(ws.root);
  makeCert(ws);
  const first = await startText(ws.root, 'en');
  const copy = copyWorkspace(ws);
  letMailUserThrough(copy.root);
  try {
    const running = dovecotProcesses(ws.root);
    assert.ok(running.length >= 2);
    const second = await startText(copy.root, 'en');
    try {
      assert.match(second.text, /served by a real Dovecot/);
      assert.deepEqual(dovecotProcesses(ws.root), running, "the original's Dovecot is untouched");
      assert.ok(dovecotProcesses(copy.root).length >= 2);
    } finally {
      await second.stop();
    }
  } finally {
    await first.stop();
  }
  assert.deepEqual([...dovecotProcesses(ws.root), ...dovecotProcesses(copy.root)], []);
});

test('a taken IMAP port is reported as the other ports are, in the learner language', { skip: imapSkip() }, async () => {
  const ws = freshWorkspace('aula.test');
  const busy: Server = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  const port = (busy.address() as { port: number }).port;
  try {
    const r = await runCli(['sandbox', 'start'], { ws: ws.root, lang: 'es', env: { ...portEnv(FREE), MAILSEC_IMAPS_PORT: String(port) }, timeoutMs: 60_000 });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`El puerto ${port} \\(IMAPS\\) ya está ocupado\\. ¿Hay otro sandbox en marcha\\? .*MAILSEC_IMAP_PORT y MAILSEC_IMAPS_PORT\\.`));
  } finally {
    busy.close();
  }
});

test('as root, a workspace behind a folder only its owner passes: IMAP is not available, and mail.log says why and what to do', { skip: (process.getuid?.() ?? 0) !== 0 ? 'not root' : imapSkip(['openssl']) }, async () => {
  // freshWorkspace's parent folder is mkdtemp's, 0700
  const ws = freshWorkspace('aula.test');
  makeCert(ws);
  const sb = await startText(ws.root, 'en');
  await sb.stop();
  assert.match(sb.text, /^ {2}IMAP {8}not available: Dovecot could not start \(var\/log\/mail\.log says why\)\.$/m);
  assert.match(
    log(ws.root),
    /mailsec\/imap\[\d+\]: warning: IMAP not started: as root, Dovecot reads mail as uid \d+, never as root, and \/\S+ lets only its owner through: run the sandbox as a normal user, or let others through that folder \(chmod o\+x\)/,
  );
});
