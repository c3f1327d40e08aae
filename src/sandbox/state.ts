/**
 * The running sandbox of a workspace, as other processes see it:
 *   .mailsec/sandbox.json         {pid, host, ports, startedAt}   while `mailsec sandbox start` runs
 *   .mailsec/sandbox-status.json  SandboxStatus, refreshed by the daemon (counts, config state)
 * A file whose pid is gone is stale and is ignored (and removed by start/stop).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Workspace } from '../workspace/workspace.js';
import { writeFileAtomic } from '../util/atomic.js';
import type { SandboxPorts, SandboxStatus } from './types.js';

export interface SandboxState {
  pid: number;
  host: string;
  ports: SandboxPorts;
  startedAt: string;
  workspace?: string;
}

export const STATE_FILE = 'sandbox.json';
export const STATUS_FILE = 'sandbox-status.json';

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The recorded daemon, alive or stale. */
export function readState(ws: Workspace): SandboxState | undefined {
  const s = readJson<SandboxState>(ws.metaPath(STATE_FILE));
  return s && typeof s.pid === 'number' && s.ports ? s : undefined;
}

/** The daemon of this workspace if it is running. */
export function runningSandbox(ws: Workspace): SandboxState | undefined {
  const s = readState(ws);
  return s && pidAlive(s.pid) ? s : undefined;
}

export function writeState(ws: Workspace, s: SandboxState): void {
  writeFileAtomic(ws.metaPath(STATE_FILE), JSON.stringify(s, null, 2) + '\n');
}

export function readStatusFile(ws: Workspace): (SandboxStatus & { updatedAt?: string }) | undefined {
  return readJson(ws.metaPath(STATUS_FILE));
}

/**
 * Refreshed every second while the sandbox runs: written whole and renamed into place (a
 * reader never sees half of it) but not fsynced, which would stall the SMTP sessions; a
 * status lost in a crash describes a process that is gone anyway.
 */
export function writeStatusFile(ws: Workspace, s: SandboxStatus): void {
  const file = ws.metaPath(STATUS_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(tmp, JSON.stringify({ ...s, updatedAt: new Date().toISOString() }, null, 2) + '\n', { mode: 0o644 });
  renameSync(tmp, file);
}

export function removeStateFiles(ws: Workspace): void {
  for (const f of [STATE_FILE, STATUS_FILE]) rmSync(ws.metaPath(f), { force: true });
}

/**
 * SIGHUP means "reload" to a sandbox, but to a workbook hosting one it also means
 * "your terminal hung up". `mailsec sandbox reload` leaves this note first, so the
 * workbook can tell a reload request from a closed terminal.
 */
export const RELOAD_REQUEST = 'reload-request';

export function requestReload(ws: Workspace): void {
  writeFileAtomic(ws.metaPath(RELOAD_REQUEST), `${Date.now()}\n`);
}

/** True (and the note is taken) when a reload was asked for in the last few seconds. */
export function takeReloadRequest(ws: Workspace, maxAgeMs = 10_000): boolean {
  const file = ws.metaPath(RELOAD_REQUEST);
  let at = 0;
  try {
    at = Number(readFileSync(file, 'utf8').trim());
  } catch {
    return false;
  }
  rmSync(file, { force: true });
  return Date.now() - at < maxAgeMs;
}
