// `mailsec sandbox start|stop|status` believe .mailsec/sandbox.json only while its process is
// the sandbox that wrote it: after a SIGKILL, a reused pid or a reboot the record is stale,
// is removed with a plain message, and no other process is ever signalled. Through the built CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/paths.js';
import { pidAlive, processStart, bootId } from '../../src/sandbox/state.js';
import { run, tempDir } from '../prove/env.js';
import { sleep } from '../helpers/sandbox.js';
import { freePorts } from '../helpers/ports.js';
import { portEnv } from '../helpers/cli.js';

const CLI = join(packageRoot(), 'dist', 'cli.js');

async function setup() {
  const dir = join(tempDir(), 'ws');
  const ports = await freePorts();
  const env = {
    ...process.env,
    MAILSEC_WORKSPACE: dir,
    ...portEnv(ports),
    LANG: 'C',
  };
  const cli = (args: string[], lang = 'en') => run(process.execPath, [CLI, '--lang', lang, ...args], { env });
  assert.equal((await cli(['init', dir, '--domain', 'aula.test'])).code, 0);
  const stateFile = join(dir, '.mailsec', 'sandbox.json');
  const children: ChildProcess[] = [];
  /** `mailsec sandbox start` in the background, once it says it runs */
  const daemon = async () => {
    const p = spawn(process.execPath, [CLI, '--lang', 'en', 'sandbox', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(p);
    let out = '';
    p.stdout!.on('data', (d) => (out += d));
    p.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => p.on('exit', (c) => resolve(c)));
    for (let i = 0; i < 200 && !out.includes('Sandbox running') && p.exitCode === null; i++) await sleep(50);
    assert.match(out, /Sandbox running/, out);
    return { p, exited, out: () => out };
  };
  /** an unrelated live process */
  const bystander = () => {
    const p = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(p);
    return p;
  };
  const record = (fields: Record<string, unknown>) =>
    writeFileSync(
      stateFile,
      JSON.stringify({ host: '127.0.0.1', ports, startedAt: new Date().toISOString(), workspace: dir, token: 'feedc0de', ...fields }),
    );
  const cleanup = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  return { dir, ports, env, cli, stateFile, daemon, bystander, record, cleanup };
}

test('the normal path: start records who it is, status finds it, a second start refuses, stop stops it', async () => {
  const w = await setup();
  try {
    const d = await w.daemon();
    const rec = JSON.parse(readFileSync(w.stateFile, 'utf8'));
    assert.equal(rec.pid, d.p.pid);
    assert.match(rec.token, /^[0-9a-f]{24}$/);
    if (existsSync('/proc/self/stat')) {
      assert.equal(rec.procStart, processStart(d.p.pid!), 'the start time the OS gives the daemon');
      assert.equal(rec.bootId, bootId());
    }
    const st = await w.cli(['sandbox', 'status']);
    assert.equal(st.code, 0);
    assert.match(
      st.stdout,
      new RegExp(`^Sandbox running \\(process ${d.p.pid}, for \\d+ s\\): SMTP 127\\.0\\.0\\.1:${w.ports.smtp},`, 'm'),
    );
    const again = await w.cli(['sandbox', 'start']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`A sandbox is already running for .* \\(process ${d.p.pid}, SMTP on port ${w.ports.smtp}\\)`));
    const stop = await w.cli(['sandbox', 'stop']);
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(stop.stdout.trim(), `Sandbox stopped (process ${d.p.pid}).`);
    assert.equal(await d.exited, 0);
    assert.ok(!existsSync(w.stateFile));
    assert.match((await w.cli(['sandbox', 'status'])).stdout, /^No sandbox is running for /);
  } finally {
    w.cleanup();
  }
});

test('a sandbox killed with SIGKILL leaves its record: status says it is not running, start starts a new one', async () => {
  const w = await setup();
  try {
    const d = await w.daemon();
    d.p.kill('SIGKILL');
    await d.exited;
    assert.ok(existsSync(w.stateFile), 'a SIGKILL leaves the record behind');

    const json = JSON.parse((await w.cli(['sandbox', 'status', '--json'])).stdout);
    assert.equal(json.running, false);
    assert.deepEqual(json.stale, { pid: d.p.pid, reason: 'dead' });
    assert.ok(!existsSync(w.stateFile), 'status removes the stale record');

    const d2 = await w.daemon();
    const st = await w.cli(['sandbox', 'status']);
    assert.match(st.stdout, new RegExp(`^Sandbox running \\(process ${d2.p.pid},`, 'm'));
    d2.p.kill('SIGKILL');
    await d2.exited;

    const text = await w.cli(['sandbox', 'status']);
    assert.equal(text.code, 0);
    assert.match(
      text.stdout,
      new RegExp(
        `^The recorded sandbox \\(process ${d2.p.pid}\\) was no longer running; its record is removed\\.\\nNo sandbox is running for `,
      ),
    );
    const d3 = await w.daemon();
    d3.p.kill('SIGKILL');
    await d3.exited;
    // start itself cleans the record and starts
    const d4 = await w.daemon();
    assert.match(d4.out(), new RegExp(`The recorded sandbox \\(process ${d3.p.pid}\\) was no longer running`));
    assert.equal((await w.cli(['sandbox', 'stop'])).code, 0);
    assert.equal(await d4.exited, 0);
  } finally {
    w.cleanup();
  }
});

test('a record whose pid now belongs to another process: stop leaves that process alone, status says not running, start starts', async () => {
  const w = await setup();
  const other = w.bystander();
  try {
    await sleep(100);
    assert.ok(pidAlive(other.pid!));
    const boot = bootId();
    // the pid of an unrelated process, with the start time of the sandbox that once had it
    const reused = { pid: other.pid, procStart: 'stat:1', ...(boot ? { bootId: boot } : {}) };

    w.record(reused);
    const stop = await w.cli(['sandbox', 'stop']);
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(
      stop.stdout.trim(),
      `The recorded sandbox (process ${other.pid}) is no longer running: that process number now belongs to another program, which was left alone. Its record is removed.`,
    );
    assert.ok(!existsSync(w.stateFile));
    await sleep(200);
    assert.equal(other.exitCode, null, 'the unrelated process was not signalled');
    assert.equal(other.signalCode, null);

    w.record(reused);
    const st = await w.cli(['sandbox', 'status', '--json']);
    assert.equal(JSON.parse(st.stdout).running, false);
    assert.deepEqual(JSON.parse(st.stdout).stale, { pid: other.pid, reason: 'reused' });
    w.record(reused);
    const es = await w.cli(['sandbox', 'status'], 'es');
    assert.match(
      es.stdout,
      new RegExp(
        `^El sandbox registrado \\(proceso ${other.pid}\\) ya no está en marcha: ese número de proceso es ahora otro programa, que no he tocado\\. He borrado el registro\\.\\nNo hay ningún sandbox en marcha`,
      ),
    );
    w.record(reused);
    const ca = await w.cli(['sandbox', 'status'], 'ca');
    assert.match(ca.stdout, /aquest número de procés ara és un altre programa, que no he tocat/);

    // an older record with no start time: its SMTP port does not answer, so it is not the sandbox
    w.record({ pid: other.pid });
    const legacy = await w.cli(['sandbox', 'stop']);
    assert.equal(legacy.code, 0);
    assert.equal(
      legacy.stdout.trim(),
      `Process ${other.pid} in the record does not answer as the sandbox on SMTP port ${w.ports.smtp}, so it was left alone; the record is removed.`,
    );

    // the right start time but no SMTP answer: proven by neither, so still no signal, and the record is kept
    const real = processStart(other.pid!);
    if (real) {
      w.record({ pid: other.pid, procStart: real, ...(boot ? { bootId: boot } : {}) });
      const silent = await w.cli(['sandbox', 'stop']);
      assert.equal(silent.code, 1);
      assert.match(
        silent.stderr,
        new RegExp(`^The sandbox \\(process ${other.pid}\\) does not answer on SMTP port ${w.ports.smtp}, so no signal was sent\\.`),
      );
      assert.ok(existsSync(w.stateFile));
      const reload = await w.cli(['sandbox', 'reload']);
      assert.equal(reload.code, 1);
      assert.match(reload.stderr, /so no signal was sent/);
    }
    await sleep(200);
    assert.equal(other.exitCode, null, 'still alive after stop and reload');
    assert.ok(pidAlive(other.pid!));

    w.record(reused);
    const d = await w.daemon();
    assert.match(d.out(), /that process number now belongs to another program/);
    assert.equal(JSON.parse(readFileSync(w.stateFile, 'utf8')).pid, d.p.pid);
    assert.equal((await w.cli(['sandbox', 'stop'])).code, 0);
    assert.equal(await d.exited, 0);
    assert.equal(other.exitCode, null);
  } finally {
    w.cleanup();
  }
});

test(
  'a record from before a reboot is stale, even when its pid is alive now',
  { skip: bootId() ? false : 'no boot id on this system' },
  async () => {
    const w = await setup();
    const other = w.bystander();
    try {
      await sleep(100);
      // everything matches but the boot: the pid and start time of that other boot mean nothing now
      const old = { pid: other.pid, procStart: processStart(other.pid!), bootId: '00000000-0000-4000-8000-000000000000' };
      w.record(old);
      const st = await w.cli(['sandbox', 'status']);
      assert.equal(st.code, 0);
      assert.match(
        st.stdout,
        new RegExp(
          `^The recorded sandbox \\(process ${other.pid}\\) ran before the computer restarted; its record is removed and no process was touched\\.\\nNo sandbox is running for `,
        ),
      );
      w.record(old);
      const stop = await w.cli(['sandbox', 'stop']);
      assert.equal(stop.code, 0);
      assert.match(stop.stdout, /ran before the computer restarted/);
      await sleep(200);
      assert.equal(other.exitCode, null, 'not signalled');
      w.record(old);
      const d = await w.daemon();
      assert.match(d.out(), /ran before the computer restarted/);
      assert.equal((await w.cli(['sandbox', 'stop'])).code, 0);
      await d.exited;
    } finally {
      w.cleanup();
    }
  },
);
