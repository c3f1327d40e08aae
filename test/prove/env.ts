import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync, chmodSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { initWorkspace, Workspace } from '../../src/workspace/workspace.js';
import type { SandboxProbe } from '../../src/checks/types.js';
import type { ExecResult, Fixture, ProveEnv } from './types.js';
import type { Answer } from '../../src/workspace/progress.js';
import { CLOSED_PORTS, CliSandbox, portEnv } from '../helpers/cli.js';
import { teacherPublicKey } from '../helpers/teacher.js';

export { CLOSED_PORTS };

export function tempDir(prefix = 'mailsec-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A new workspace, as `mailsec init` makes it: the test teacher's public key is its teacher's. */
export function freshWorkspace(domain?: string): Workspace {
  return initWorkspace(join(tempDir(), 'ws'), { domain, files: { 'home/alumno/profesor.asc': teacherPublicKey() } }).workspace;
}

/** A copy of a learner's work, without the record of the sandbox that serves the original. */
export function copyWorkspace(ws: Workspace): Workspace {
  const dest = join(tempDir(), 'ws');
  cpSync(ws.root, dest, { recursive: true, preserveTimestamps: true });
  for (const f of ['sandbox.json', 'sandbox-status.json', 'reload-request']) rmSync(join(dest, '.mailsec', f), { force: true });
  return Workspace.open(dest);
}

export function hasTool(name: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, name)));
}

/** A missing tool skips, unless CI says every tool must be there. */
export function missingTools(tools: string[] = []): string | undefined {
  const missing = tools.filter((t) => !hasTool(t));
  if (!missing.length) return undefined;
  if (process.env.MAILSEC_REQUIRE_TOOLS === '1') throw new Error(`required tool(s) not installed: ${missing.join(', ')}`);
  return `not installed: ${missing.join(', ')}`;
}

export function run(
  cmd: string,
  args: string[],
  o: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: o.cwd, env: o.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), o.timeoutMs ?? 60_000);
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? -1 });
    });
    // a command that exits without reading its input must not fail the test with EPIPE
    p.stdin.on('error', () => undefined);
    p.stdin.end(o.input ?? '');
  });
}

/**
 * A workspace with the means to act on it as a learner would. Its sandbox is the built
 * CLI's (`mailsec sandbox start` in the background), so what runs is what ships.
 */
export class Env implements ProveEnv {
  private handle?: Promise<CliSandbox>;
  constructor(public ws: Workspace) {}

  get vars() {
    return this.ws.vars;
  }

  sandbox(): Promise<CliSandbox> {
    this.handle ??= CliSandbox.start(this.ws.root);
    return this.handle;
  }

  get running(): boolean {
    return !!this.handle;
  }

  async probe(): Promise<SandboxProbe> {
    if (!this.handle) return { host: '127.0.0.1', ports: CLOSED_PORTS };
    const h = await this.handle;
    return { host: h.host, ports: h.ports };
  }

  async exec(cmd: string, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
    const env: NodeJS.ProcessEnv = { ...process.env, MAILSEC_WORKSPACE: this.ws.root, LANG: 'C' };
    Object.assign(env, portEnv(this.handle ? (await this.handle).ports : CLOSED_PORTS));
    return run(cmd, args, { cwd: this.ws.root, env, input: opts.input, timeoutMs: opts.timeoutMs });
  }

  async close(): Promise<void> {
    if (this.handle) await (await this.handle).close();
    this.handle = undefined;
  }
}

/** Does what a fixture says, as the learner would; returns the answer it gives, if any. */
export async function apply(env: Env, f: Fixture): Promise<Answer | undefined> {
  for (const [rel, edit] of Object.entries(f.files ?? {})) {
    const p = env.ws.resolve(rel);
    const old = existsSync(p) ? readFileSync(p, 'utf8') : undefined;
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, typeof edit === 'function' ? edit(old, env.vars) : edit);
  }
  for (const rel of f.remove ?? []) rmSync(env.ws.resolve(rel), { force: true, recursive: true });
  for (const [rel, mode] of Object.entries(f.modes ?? {})) chmodSync(env.ws.resolve(rel), mode);
  if (f.run) await f.run(env);
  return typeof f.answer === 'function' ? await f.answer(env) : f.answer;
}
