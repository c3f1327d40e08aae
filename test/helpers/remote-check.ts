// `mailsec check … --json` against a real server, through the built CLI, as the remote-check tests
// read it: each step's result by its ref; and stopping a peer server a test started.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { runCli } from './cli.js';

export interface RemoteResult {
  lesson: string;
  step: string;
  status: string;
  key: string;
  message: string;
  evidence: string[];
  remote?: string;
  params?: Record<string, unknown>;
}

export interface RemoteOutput {
  results: RemoteResult[];
  passed: number;
  failed: number;
  errors: number;
  target?: string;
  connections?: number;
  unchecked?: number;
}

export async function checkJson(ws: string, args: string[], o: { lang?: 'es' | 'ca' | 'en'; env?: NodeJS.ProcessEnv } = {}) {
  const r = await runCli(['check', ...args, '--json'], { ws, lang: o.lang ?? 'en', env: o.env });
  assert.ok(r.stdout.trim().startsWith('{'), `no JSON from check ${args.join(' ')}: ${r.stderr}`);
  const json = JSON.parse(r.stdout) as RemoteOutput;
  const by = (ref: string): RemoteResult => {
    const found = json.results.find((x) => `${x.lesson}/${x.step}` === ref);
    assert.ok(found, `${ref} not in the results`);
    return found;
  };
  return { code: r.code, json, by };
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
export async function stopChild(p: ChildProcess | undefined): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode !== null) return;
  await new Promise<void>((res) => {
    p.once('exit', () => res());
    p.kill('SIGTERM');
    setTimeout(() => p.kill('SIGKILL'), 5000).unref();
  });
}
