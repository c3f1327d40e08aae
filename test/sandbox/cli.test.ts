// mailsec sandbox start/status --json/reload/stop/check/passwd end to end, through the built CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/paths.js';
import { run, tempDir } from '../prove/env.js';
import { RawSmtp } from '../helpers/smtp.js';
import { sleep } from '../helpers/sandbox.js';
import { freePorts } from '../helpers/ports.js';
import { portEnv } from '../helpers/cli.js';

const CLI = join(packageRoot(), 'dist', 'cli.js');



test('mailsec sandbox: start, status --json, reload (broken and fixed), check, passwd, stop', async () => {
  const dir = join(tempDir(), 'ws');
  const ports = await freePorts();
  const env = {
    ...process.env,
    MAILSEC_WORKSPACE: dir,
    ...portEnv(ports),
    LANG: 'C',
  };
  const cli = (args: string[], input?: string) => run(process.execPath, [CLI, '--lang', 'en', ...args], { env, input });
  assert.equal((await cli(['init', dir, '--domain', 'aula.test'])).code, 0);

  const before = JSON.parse((await cli(['sandbox', 'status', '--json'])).stdout);
  assert.equal(before.running, false);
  assert.deepEqual(before.ports, ports);

  const daemon = spawn(process.execPath, [CLI, '--lang', 'en', 'sandbox', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  daemon.stdout.on('data', (d) => (out += d));
  daemon.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number>((resolve) => daemon.on('close', (c) => resolve(c ?? -1)));
  try {
    for (let i = 0; i < 100 && !out.includes('Sandbox running'); i++) await sleep(50);
    assert.match(out, /SMTP {8}127\.0\.0\.1:\d+/, out);

    const again = await cli(['sandbox', 'start']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /A sandbox is already running for .* \(process \d+, SMTP on port \d+\)/);

    const c = await RawSmtp.connect(ports.smtp);
    assert.match(c.banner.raw, /^220 vm ESMTP Postfix \(Debian\/GNU\)$/);
    await c.send('EHLO vm');
    const r = await c.mail('a@example.net', ['alumno@aula.test'], 'Subject: cli\r\n\r\nx\r\n');
    assert.equal(r[3].code, 250);
    await c.quit();
    await sleep(1200);

    const st = JSON.parse((await cli(['sandbox', 'status', '--json'])).stdout);
    assert.equal(st.running, true);
    assert.equal(st.pid, daemon.pid);
    assert.deepEqual(st.ports, ports);
    assert.equal(st.config.state, 'ok');
    assert.ok(st.counts.messages >= 1 && st.counts.delivered >= 1, JSON.stringify(st.counts));
    assert.equal(typeof st.uptimeSeconds, 'number');

    const mainCf = join(dir, 'etc/postfix/main.cf');
    const good = readFileSync(mainCf, 'utf8');
    appendFileSync(mainCf, 'this line is not a parameter\n');
    const chk = await cli(['sandbox', 'check']);
    assert.equal(chk.code, 1);
    assert.match(chk.stderr, /^postfix: fatal: \/etc\/postfix\/main\.cf, line \d+: missing '=' after attribute name: "this line is not a parameter"$/m);
    const bad = await cli(['sandbox', 'reload']);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /Reload refused/);
    const st2 = JSON.parse((await cli(['sandbox', 'status', '--json'])).stdout);
    assert.equal(st2.config.state, 'error');
    assert.match(st2.config.issues.join('\n'), /line \d+: missing '=' after attribute name/);
    const still = await RawSmtp.connect(ports.smtp);
    assert.equal(still.banner.code, 220, 'the last good configuration keeps serving');
    await still.quit();

    writeFileSync(mainCf, good + 'myhostname = mail.aula.test\nunknown_thing = 1\n');
    const chk2 = await cli(['sandbox', 'check']);
    assert.equal(chk2.code, 0);
    assert.match(chk2.stdout, /^postconf: warning: \/etc\/postfix\/main\.cf: unused parameter: unknown_thing=1$/m);
    const fixed = await cli(['sandbox', 'reload']);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    const after = await RawSmtp.connect(ports.smtp);
    assert.equal(after.banner.raw, '220 mail.aula.test ESMTP Postfix (Debian/GNU)');
    await after.quit();

    const pw = await cli(['sandbox', 'passwd', 'alumno'], 'secreto\n');
    assert.equal(pw.code, 0, pw.stderr);
    const db = join(dir, 'etc/sasldb2.json');
    assert.equal(statSync(db).mode & 0o777, 0o600);
    const saved = readFileSync(db, 'utf8');
    assert.doesNotMatch(saved, /secreto/, 'the password itself is never stored');
    assert.equal((await cli(['sandbox', 'passwd', 'bad user'], 'x\n')).code, 2);
    assert.equal((await cli(['sandbox', 'passwd', 'alumno'], '')).code, 2);

    const stop = await cli(['sandbox', 'stop']);
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(await exited, 0);
    assert.ok(!existsSync(join(dir, '.mailsec/sandbox.json')), 'state file removed');
    assert.match(readFileSync(join(dir, 'var/log/mail.log'), 'utf8'), /postfix\/master\[\d+\]: terminating on signal 15/);
    const gone = JSON.parse((await cli(['sandbox', 'status', '--json'])).stdout);
    assert.equal(gone.running, false);
  } finally {
    if (daemon.exitCode === null) daemon.kill('SIGKILL');
  }
});

test('a stale state file (dead pid) does not block start, and stop cleans it', async () => {
  const dir = join(tempDir(), 'ws');
  const env = { ...process.env, MAILSEC_WORKSPACE: dir, LANG: 'C' };
  const cli = (args: string[]) => run(process.execPath, [CLI, '--lang', 'en', ...args], { env });
  await cli(['init', dir]);
  const stale = JSON.stringify({ pid: 999999, host: '127.0.0.1', ports: { smtp: 1, submission: 1, smtps: 1, outside: 1, dns: 1, https: 1 }, startedAt: new Date().toISOString() });
  writeFileSync(join(dir, '.mailsec/sandbox.json'), stale);
  const st = JSON.parse((await cli(['sandbox', 'status', '--json'])).stdout);
  assert.equal(st.running, false);
  assert.deepEqual(st.stale, { pid: 999999, reason: 'dead' }, 'status cleans it too');
  writeFileSync(join(dir, '.mailsec/sandbox.json'), stale);
  const stop = await cli(['sandbox', 'stop']);
  assert.equal(stop.code, 0);
  assert.match(stop.stdout, /was no longer running/);
  assert.ok(!existsSync(join(dir, '.mailsec/sandbox.json')));
});
