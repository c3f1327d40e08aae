// What the SMTP benchmarks share: free ports, a process's memory and CPU from /proc, and a
// sandbox started from the built CLI on a fresh workspace.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portEnv, type SandboxPorts } from '../src/util/ports.js';

const ROOT = new URL('..', import.meta.url).pathname;
export const CLI = join(ROOT, 'dist', 'cli.js');
export const has = (cmd: string) => (process.env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, cmd)));
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

export function procStatus(pid: number): { rss: number; hwm: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** CPU time (user + system) of a process, in ms. */
export function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

export interface BenchSandbox {
  dir: string;
  ports: SandboxPorts;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** A fresh workspace with `mainCf` lines appended, and its sandbox started in the background. */
export async function startSandbox(mainCf: string[], prepare?: (dir: string) => void): Promise<BenchSandbox> {
  if (!existsSync(CLI)) {
    console.log('dist/cli.js is missing: run npm run build (npm run bench does).');
    process.exit(1);
  }
  const dir = join(mkdtempSync(join(tmpdir(), 'mailsec-bench-')), 'ws');
  execFileSync(process.execPath, [CLI, 'init', dir, '--domain', 'aula.test'], { stdio: 'ignore' });
  prepare?.(dir);
  appendFileSync(join(dir, 'etc/postfix/main.cf'), ['', ...mainCf, ''].join('\n'));
  const ports: SandboxPorts = {
    smtp: await freePort(),
    submission: await freePort(),
    smtps: await freePort(),
    outside: await freePort(),
    dns: await freePort(),
    https: await freePort(),
    pop3: await freePort(),
    pop3s: await freePort(),
    imap: await freePort(),
    imaps: await freePort(),
  };
  const env = { ...process.env, MAILSEC_WORKSPACE: dir, ...portEnv(ports) };
  // BENCH_SANDBOX_NODE_ARGS: node flags for the sandbox process only (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof)
  const nodeArgs = (process.env.BENCH_SANDBOX_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, CLI, 'sandbox', 'start', '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => proc.stdout!.once('data', () => resolve()));
  await sleep(300);
  return {
    dir,
    ports,
    proc,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('close', r));
    },
  };
}

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

export function stats(xs: number[]): { median: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
}

/** Median wall time of `node -e 0`, the peer every TypeScript benchmark is set against. */
export function nodeE0(): number {
  const xs: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t0 = process.hrtime.bigint();
    execFileSync(process.execPath, ['-e', '0']);
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return stats(xs).median;
}

/** A self-signed certificate for mail.aula.test in the workspace, and the main.cf lines that serve it. */
export function benchCert(dir: string, name = 'cert'): string[] {
  mkdirSync(join(dir, 'etc/ssl/private'), { recursive: true });
  mkdirSync(join(dir, 'etc/ssl/certs'), { recursive: true });
  const key = `/etc/ssl/private/${name}.key`;
  const cert = `/etc/ssl/certs/${name}.crt`;
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=mail.aula.test'];
  execFileSync('openssl', [...args, '-keyout', join(dir, key), '-out', join(dir, cert)], { stdio: 'ignore' });
  return [`smtpd_tls_cert_file = ${cert}`, `smtpd_tls_key_file = ${key}`];
}
