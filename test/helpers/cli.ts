// The built CLI as learners run it: dist/cli.js (or, with MAILSEC_CLI, the bin of an
// `npm pack`-installed copy), spawned as a child process. Tests of what a learner or a
// teacher does go through here, so they prove the bundle and not the sources.
import { keyFor } from './quiz.js';
import './teacher.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { packageRoot } from '../../src/util/paths.js';
import { portEnv, type SandboxPorts } from '../../src/util/ports.js';

export { portEnv };

export const CLI = process.env.MAILSEC_CLI || join(packageRoot(), 'dist', 'cli.js');

/** Ports nobody listens on: a check run without a sandbox meets a refused connection. */
export const CLOSED_PORTS: SandboxPorts = {
  smtp: 9,
  submission: 9,
  smtps: 9,
  outside: 9,
  dns: 9,
  https: 9,
  pop3: 9,
  pop3s: 9,
  imap: 9,
  imaps: 9,
};

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** the workspace (--workspace) */
  ws?: string;
  lang?: 'es' | 'ca' | 'en';
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
  cwd?: string;
}

/** The environment every test run of the CLI gets: its own cache, ports nobody answers on. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...portEnv(CLOSED_PORTS), MAILSEC_CACHE_DIR: '', NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

function cliArgs(args: string[], o: CliOptions): string[] {
  const pre: string[] = [];
  if (o.ws) pre.push('--workspace', o.ws);
  if (o.lang) pre.push('--lang', o.lang);
  return [CLI, ...pre, ...args];
}

export function runCli(args: string[], o: CliOptions = {}): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is not built: run npm test (it builds first) or npm run build`);
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, cliArgs(args, o), { cwd: o.cwd, env: cliEnv(o.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), o.timeoutMs ?? 120_000);
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr });
    });
    p.stdin.on('error', () => undefined);
    p.stdin.end(o.input ?? '');
  });
}

export interface CheckResult {
  lesson: string;
  step: string;
  status: 'pass' | 'fail' | 'error';
  message: string;
  key: string;
  params?: Record<string, unknown>;
  evidence: string[];
}

/** `mailsec check LESSON/STEP --json`: the one result, and the exit code. */
export async function checkStep(
  ws: string,
  ref: string,
  o: { answer?: string | string[]; lang?: 'es' | 'ca' | 'en'; env?: NodeJS.ProcessEnv } = {},
): Promise<CheckResult & { code: number; stderr: string }> {
  const args = ['check', ref, '--json'];
  // the answer as option ids of the course; the learner types the letters their screen shows
  if (o.answer !== undefined) args.push('--answer', keyFor(ws, ref, o.answer));
  const r = await runCli(args, { ws, lang: o.lang ?? 'es', env: o.env });
  let parsed: { results: CheckResult[] };
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    throw new Error(`mailsec check ${ref} printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  if (parsed.results.length !== 1) throw new Error(`mailsec check ${ref} gave ${parsed.results.length} results`);
  return { ...parsed.results[0], code: r.code, stderr: r.stderr };
}

/** `mailsec sandbox start` in the background, on free ports, as a learner starts it in a second terminal. */
export class CliSandbox {
  private constructor(
    private readonly proc: ChildProcess,
    readonly ws: string,
    readonly host: string,
    readonly ports: SandboxPorts,
    /** IMAP's state as start reported it: 'running' or 'waiting' while Dovecot serves its ports */
    readonly imap?: string,
  ) {}

  static start(ws: string, env: NodeJS.ProcessEnv = {}): Promise<CliSandbox> {
    const free: SandboxPorts = { smtp: 0, submission: 0, smtps: 0, outside: 0, dns: 0, https: 0, pop3: 0, pop3s: 0, imap: 0, imaps: 0 };
    const proc = spawn(process.execPath, [CLI, '--workspace', ws, 'sandbox', 'start', '--json'], {
      env: cliEnv({ ...portEnv(free), ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr!.on('data', (d) => (stderr += d));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`mailsec sandbox start did not answer in 60 s: ${stderr}`));
      }, 60_000);
      const lines = createInterface({ input: proc.stdout! });
      lines.once('line', (line) => {
        clearTimeout(timer);
        try {
          const j = JSON.parse(line) as { host: string; ports: SandboxPorts; imap?: string };
          resolve(new CliSandbox(proc, ws, j.host, j.ports, j.imap));
        } catch {
          proc.kill('SIGKILL');
          reject(new Error(`mailsec sandbox start printed ${line} ${stderr}`));
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`mailsec sandbox start exited ${code}: ${stderr}`));
      });
    });
  }

  /** `mailsec sandbox reload`, as the lessons say after an edit. */
  async reload(): Promise<CliResult> {
    return runCli(['sandbox', 'reload'], { ws: this.ws });
  }

  async close(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const gone = new Promise<void>((r) => this.proc.once('exit', () => r()));
    this.proc.kill('SIGTERM');
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(t);
  }
}
