// The built workbook on a real terminal (a pty from util-linux `script`): it starts the
// sandbox itself, `mailsec sandbox reload` from another shell reaches it (SIGHUP), a
// closed terminal (also SIGHUP, but with no terminal left) ends it cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/paths.js';
import { readState } from '../../src/sandbox/api.js';
import { freshWorkspace, hasTool, run } from '../prove/env.js';
import { freePorts } from '../helpers/ports.js';
import { portEnv as portEnvOf } from '../../src/util/ports.js';

const CLI = join(packageRoot(), 'dist', 'cli.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// generous: under a loaded CI machine the first frame and the sandbox can take a while; this bounds a hang, it times nothing

async function portEnv() {
  const p = await freePorts();
  return portEnvOf(p);
}

async function until(f: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${process.env.MAILSEC_DEBUG_TTY ? `: ${screenForDebug()}` : ''}`);
    await sleep(25);
  }
}

let screenForDebug = () => '';
const exited = (p: ChildProcess) =>
  new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r())));

test(
  'on a terminal: the sandbox runs in the workbook, `mailsec sandbox reload` reloads it, q and a hang-up both clean up',
  { skip: !hasTool('script') && 'util-linux script is not installed' },
  async () => {
    const ws = freshWorkspace('aula.test');
    const env = {
      ...process.env,
      ...(await portEnv()),
      MAILSEC_WORKSPACE: ws.root,
      TERM: 'xterm',
      LANG: 'es_ES.UTF-8',
      NO_COLOR: '1',
      COLUMNS: '80',
      LINES: '24',
    };
    const open = () =>
      spawn('script', ['-qfec', `stty cols 80 rows 24; exec "${process.execPath}" "${CLI}"`, '/dev/null'], {
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    let tui = open();
    let screen = '';
    screenForDebug = () => screen.slice(-1500);
    tui.stdout!.on('data', (d) => (screen += d.toString()));
    try {
      await until(
        () => readState(ws) !== undefined && screen.includes(`sandbox :${env.MAILSEC_SMTP_PORT} ✔`),
        'the workbook to start its sandbox',
      );
      const pid = readState(ws)!.pid;
      assert.notEqual(pid, tui.pid, 'the workbook itself, not script, runs it');

      let r = await run(process.execPath, [CLI, 'sandbox', 'reload'], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Configuración recargada/);
      appendFileSync(ws.resolve('etc/postfix/main.cf'), '\nthis line is not a parameter\n');
      r = await run(process.execPath, [CLI, 'sandbox', 'reload'], { env });
      assert.equal(r.code, 1, 'the broken file is refused');
      assert.match(r.stdout + r.stderr, /main\.cf, line \d+/);
      await until(() => screen.includes('Recarga rechazada'), 'the workbook to say the reload was refused');
      assert.ok(tui.exitCode === null, 'a reload does not end the workbook');
      r = await run(process.execPath, [CLI, 'sandbox', 'status', '--json'], { env });
      assert.equal(JSON.parse(r.stdout).config.state, 'error');

      tui.stdin!.write('q');
      await exited(tui);
      assert.equal(readState(ws), undefined, 'q stops the sandbox and removes its state');

      // a terminal closed under the workbook: it goes, and takes its sandbox with it
      tui = open();
      screen = '';
      tui.stdout!.on('data', (d) => (screen += d.toString()));
      await until(() => readState(ws) !== undefined, 'the second workbook to start its sandbox');
      const second = readState(ws)!.pid;
      tui.kill('SIGKILL');
      await until(() => readState(ws) === undefined, 'the hung-up workbook to clean up');
      await until(() => {
        try {
          process.kill(second, 0);
          return false;
        } catch {
          return true;
        }
      }, 'the hung-up workbook to exit');
      assert.ok(!existsSync(ws.metaPath('sandbox-status.json')));
      assert.match(readFileSync(ws.resolve('var/log/mail.log'), 'utf8'), /terminating on signal 15/);
    } finally {
      if (tui.exitCode === null) tui.kill('SIGKILL');
    }
  },
);
