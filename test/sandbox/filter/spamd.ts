// Starts Debian's real spamd on loopback for a test: its own site config folder (Debian's
// .pre files, so the same plugins load, plus the local.cf under test), local tests only
// (-L: no DNS leaves the machine), one child, logs on stderr. Bounded: gives up after 90 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasTool } from '../../prove/env.js';

export interface Spamd {
  host: string;
  port: number;
  log(): string;
  stop(): Promise<void>;
}

import { freePort } from '../../helpers/ports.js';
export { freePort };

export const spamdInstalled = () => hasTool('spamd') || existsSync('/usr/sbin/spamd');

export async function startSpamd(localCf: string, opts: { cf?: string[]; children?: number } = {}): Promise<Spamd> {
  const dir = mkdtempSync(join(tmpdir(), 'mailsec-spamd-'));
  const site = join(dir, 'site');
  const home = join(dir, 'home');
  mkdirSync(site, { recursive: true });
  mkdirSync(home, { recursive: true });
  chmodSync(dir, 0o755);
  chmodSync(site, 0o755);
  if (existsSync('/etc/spamassassin')) {
    for (const f of readdirSync('/etc/spamassassin')) {
      if (f.endsWith('.pre') || f === '65_debian.cf') copyFileSync(join('/etc/spamassassin', f), join(site, f));
    }
  }
  writeFileSync(join(site, 'local.cf'), localCf);
  const port = await freePort();
  const bin = existsSync('/usr/sbin/spamd') ? '/usr/sbin/spamd' : 'spamd';
  const args = [
    `--listen=127.0.0.1:${port}`,
    '--allowed-ips=127.0.0.1',
    '-x',
    '-L',
    '-m',
    String(opts.children ?? 1),
    `--min-children=${opts.children ?? 1}`,
    `--siteconfigpath=${site}`,
    `-H`,
    home,
    '--syslog=stderr',
    `--pidfile=${join(dir, 'spamd.pid')}`,
    ...(process.getuid?.() === 0 ? ['-u', 'nobody'] : []),
    ...(opts.cf ?? []).map((c) => `--cf=${c}`),
  ];
  const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode) {
        rmSync(dir, { recursive: true, force: true });
        return resolve();
      }
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(t);
        rmSync(dir, { recursive: true, force: true });
        resolve();
      });
      child.kill('SIGTERM');
    });
  await new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(() => {
      void stop();
      reject(new Error(`spamd did not start within 90 s:\n${log.slice(-2000)}`));
    }, 90_000);
    const poll = setInterval(() => {
      if (/server successfully spawned child/.test(log)) {
        clearInterval(poll);
        clearTimeout(deadline);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(poll);
        clearTimeout(deadline);
        reject(new Error(`spamd exited (${child.exitCode}):\n${log.slice(-2000)}`));
      }
    }, 100);
  });
  return { host: '127.0.0.1', port, log: () => log, stop };
}
