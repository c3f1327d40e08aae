import { readFileSync, writeFileSync } from 'node:fs';
import { startDns, type DnsServerHandle } from '../../../src/sandbox/dns/server.js';
import { freshWorkspace, run } from '../../prove/env.js';
import type { Workspace } from '../../../src/workspace/workspace.js';

export const DOMAIN = 'aula.test';
export const ZONE_FILE = `etc/bind/db.${DOMAIN}`;

export async function dnsFor(
  ws = freshWorkspace(DOMAIN),
  o: { watch?: boolean } = {},
): Promise<{ ws: Workspace; dns: DnsServerHandle; lines: string[] }> {
  const lines: string[] = [];
  const dns = await startDns({ ws, host: '127.0.0.1', port: 0, log: (l) => lines.push(l), watch: o.watch ?? false });
  if (!dns) throw new Error('no DNS');
  return { ws, dns, lines };
}

export function appendZone(ws: Workspace, text: string, file = ZONE_FILE) {
  const p = ws.resolve(file);
  writeFileSync(p, readFileSync(p, 'utf8') + text);
}

export function editZone(ws: Workspace, f: (old: string) => string, file = ZONE_FILE) {
  const p = ws.resolve(file);
  writeFileSync(p, f(readFileSync(p, 'utf8')));
}

export async function dig(port: number, ...args: string[]): Promise<string> {
  const r = await run('dig', ['@127.0.0.1', '-p', String(port), '+time=2', '+tries=1', ...args], { timeoutMs: 20_000 });
  return r.stdout + r.stderr;
}

/** Waits until f() is true (the zone watcher works asynchronously); never asserts a duration. */
export async function eventually(f: () => Promise<boolean> | boolean, what: string, limitMs = 10_000): Promise<void> {
  const end = Date.now() + limitMs;
  for (;;) {
    if (await f()) return;
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
