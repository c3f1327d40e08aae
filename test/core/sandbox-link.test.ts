import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxLink, issuePlace, sandboxSummary, stateChange, type LinkState } from '../../src/core/sandbox-link.js';
import { bootId, processStart, readState, readStatusFile, runningSandbox } from '../../src/sandbox/state.js';
import type { SandboxProbe } from '../../src/checks/types.js';
import { t } from '../../src/i18n/messages.js';
import { UserError } from '../../src/util/errors.js';
import { msg } from '../../src/i18n/messages.js';
import { freshWorkspace } from '../prove/env.js';
import { packageRoot } from '../../src/util/paths.js';
import { freePorts } from '../helpers/ports.js';
import { portEnv } from '../../src/util/ports.js';

const FREE = { smtp: 0, submission: 0, smtps: 0, outside: 0, dns: 0, https: 0, pop3: 0, pop3s: 0, imap: 0, imaps: 0 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(f: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}
const portOf = (s: Server) => (s.address() as { port: number }).port;

/** Five ports free right now (listened on, then released). */

test('no sandbox running: one is started in this process, the probe follows it, and it stands in for the daemon', async () => {
  const ws = freshWorkspace('aula.test');
  let probe: SandboxProbe | undefined;
  const link = new SandboxLink(ws, (p) => (probe = p), { ports: FREE, publishMs: 50 });
  try {
    const s = await link.start();
    assert.equal(s.phase, 'running');
    assert.ok(s.phase === 'running' && s.owner === 'tui');
    assert.ok(link.hosting);
    assert.ok(probe && probe.ports.smtp > 0 && probe.ports.smtp === (s as { ports: { smtp: number } }).ports.smtp);
    // `mailsec sandbox status` and `reload` find this process
    assert.equal(runningSandbox(ws)?.pid, process.pid);
    assert.deepEqual(readState(ws)?.ports, probe.ports);
    assert.equal(readStatusFile(ws)?.running, true);
    assert.equal(sandboxSummary(link.state(), 'es'), `sandbox :${probe.ports.smtp} ✔`);
    assert.deepEqual(await link.start(), link.state(), 'a second start finds the same sandbox');

    // a broken main.cf: the reload is refused, the last good configuration keeps serving, and the status says where
    appendFileSync(ws.resolve('etc/postfix/main.cf'), '\nthis line is not a parameter\n');
    const before = link.state();
    const c = await link.reload();
    assert.equal(c?.state, 'error');
    const after = link.state();
    assert.match(sandboxSummary(after, 'es'), /^sandbox :\d+ ✘ main\.cf:\d+$/);
    const m = stateChange(before, after);
    assert.equal(m?.key, 'ui.sb.reloadRefused');
    assert.match(
      t('es', m!.key, m!.params),
      /Recarga rechazada: fatal: \/etc\/postfix\/main\.cf, line \d+: .*sigue con la configuración anterior/,
    );
    await until(() => readStatusFile(ws)?.config.state === 'error' || undefined, 'the status file to say so');
  } finally {
    await link.close();
  }
  assert.equal(link.hosting, false);
  assert.equal(readState(ws), undefined, 'its state files are removed on close');
});

test('a taken default port: the sandbox takes a free one instead and says which', async () => {
  const ws = freshWorkspace('aula.test');
  const busy = await listen();
  const link = new SandboxLink(ws, () => undefined, { ports: { ...FREE, smtp: portOf(busy) } });
  try {
    const s = await link.start();
    assert.equal(s.phase, 'running');
    if (s.phase !== 'running') return;
    assert.notEqual(s.ports.smtp, portOf(busy));
    assert.deepEqual(s.moved, [{ name: 'smtp', wanted: portOf(busy), got: s.ports.smtp }]);
    const m = stateChange({ phase: 'starting' }, s);
    assert.equal(m?.key, 'ui.sb.portsMoved');
    assert.match(t('en', m!.key, m!.params), new RegExp(`${portOf(busy)} → ${s.ports.smtp}`));
  } finally {
    await link.close();
    busy.close();
  }
});

test('a sandbox that cannot start says why; --no-sandbox starts none', async () => {
  const ws = freshWorkspace('aula.test');
  const failing = new SandboxLink(ws, () => undefined, {
    starter: async () => {
      throw new Error('EACCES: permission denied');
    },
  });
  const s = await failing.start();
  assert.equal(s.phase, 'failed');
  assert.equal(sandboxSummary(s, 'es'), 'sandbox ✘');
  const m = stateChange({ phase: 'starting' }, s);
  assert.match(t('es', m!.key, m!.params), /EACCES/);
  const user = new SandboxLink(ws, () => undefined, {
    starter: async () => Promise.reject(new UserError(msg('sandbox.loopbackOnly', { host: 'x' }))),
  });
  assert.deepEqual(await user.start(), { phase: 'failed', error: msg('sandbox.loopbackOnly', { host: 'x' }) });
  const off = new SandboxLink(ws, () => undefined, { start: false });
  assert.equal((await off.start()).phase, 'off');
  assert.equal(sandboxSummary(off.state(), 'ca'), 'sense sandbox');
});

test('a running `mailsec sandbox start` is used as it is; when it stops, the workbook starts its own', async () => {
  const ws = freshWorkspace('aula.test');
  const ports = await freePorts();
  const env = { ...process.env, MAILSEC_WORKSPACE: ws.root, ...portEnv(ports) };
  const daemon = spawn(process.execPath, [join(packageRoot(), 'dist', 'cli.js'), 'sandbox', 'start'], { env, stdio: 'ignore' });
  let probe: SandboxProbe | undefined;
  const link = new SandboxLink(ws, (p) => (probe = p), { ports: FREE });
  try {
    await until(() => runningSandbox(ws), 'the daemon to write its state');
    const s = await link.start();
    assert.ok(s.phase === 'running' && s.owner === 'daemon', JSON.stringify(s));
    assert.equal(s.pid, daemon.pid);
    assert.equal(link.hosting, false, 'no second sandbox');
    assert.deepEqual(probe?.ports, ports);

    daemon.kill('SIGTERM');
    const taken = await until(() => {
      const x = link.state(0);
      return x.phase === 'running' && x.owner === 'tui' ? x : undefined;
    }, 'the workbook to start its own');
    assert.equal(taken.tookOverFrom, daemon.pid);
    assert.equal(stateChange({ phase: 'starting' }, taken)?.key, 'ui.sb.tookOver');
    assert.equal(probe?.ports.smtp, taken.ports.smtp);
  } finally {
    if (daemon.exitCode === null) daemon.kill('SIGTERM');
    await link.close();
  }
  assert.ok(!existsSync(ws.metaPath('sandbox.json')));
});

test('a record whose pid is now another process is not taken for a daemon; the workbook records itself and removes only its own record', async () => {
  const ws = freshWorkspace('aula.test');
  const other = spawn('sleep', ['60'], { stdio: 'ignore' });
  const boot = bootId();
  // another program has the pid the record names, with the start time of the sandbox that once had it
  writeFileSync(
    ws.metaPath('sandbox.json'),
    JSON.stringify({
      pid: other.pid,
      procStart: 'stat:1',
      ...(boot ? { bootId: boot } : {}),
      host: '127.0.0.1',
      ports: { smtp: 1, submission: 1, smtps: 1, outside: 1, dns: 1, https: 1, pop3: 1, pop3s: 1, imap: 1, imaps: 1 },
      startedAt: new Date().toISOString(),
      token: 'old',
    }),
  );
  assert.equal(runningSandbox(ws), undefined, 'a reused pid is not a running sandbox');
  const link = new SandboxLink(ws, () => undefined, { ports: FREE });
  try {
    const s = await link.start();
    assert.ok(s.phase === 'running' && s.owner === 'tui', JSON.stringify(s));
    const rec = readState(ws)!;
    assert.equal(rec.pid, process.pid);
    assert.match(rec.token ?? '', /^[0-9a-f]{24}$/);
    if (boot) {
      assert.equal(rec.bootId, boot);
      assert.equal(rec.procStart, processStart(process.pid));
    }
    assert.equal(runningSandbox(ws)?.token, rec.token);
    // a record written since by someone else is not this workbook's to remove
    writeFileSync(ws.metaPath('sandbox.json'), JSON.stringify({ ...rec, token: 'someone-else' }));
    await link.close();
    assert.equal(readState(ws)?.token, 'someone-else');
    assert.equal(other.exitCode, null, 'the other process was left alone');
  } finally {
    await link.close();
    other.kill('SIGKILL');
  }
});

test('the status bar has room for little: a config error is named by file and line', () => {
  assert.equal(issuePlace("fatal: /etc/postfix/main.cf, line 12: missing '='"), 'main.cf:12');
  assert.equal(issuePlace('warning: /etc/postfix/master.cf: unused parameter: x'), 'master.cf');
  const running: LinkState = {
    phase: 'running',
    owner: 'daemon',
    pid: 1,
    host: '127.0.0.1',
    ports: {
      smtp: 2525,
      submission: 2587,
      smtps: 2465,
      outside: 2526,
      dns: 2053,
      https: 2053,
      pop3: 2110,
      pop3s: 2995,
      imap: 2143,
      imaps: 2993,
    },
    config: { state: 'ok', issues: [] },
    counts: { reloads: 0 },
    moved: [],
  };
  assert.equal(sandboxSummary(running, 'en'), 'sandbox :2525 ✔');
  assert.equal(sandboxSummary({ phase: 'starting' }, 'en'), 'sandbox …');
  assert.equal(stateChange(running, { ...running, counts: { reloads: 1 } })?.key, 'ui.sb.reloadOk');
  assert.equal(stateChange(running, running), undefined);
  assert.equal(stateChange(running, { phase: 'gone', pid: 1 })?.key, 'ui.sb.gone');
});
