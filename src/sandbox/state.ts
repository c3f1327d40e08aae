/**
 * The running sandbox of a workspace, as other processes see it:
 *   .mailsec/sandbox.json         {pid, bootId, procStart, token, host, ports, startedAt, workspace}
 *                                 while `mailsec sandbox start` (or a workbook hosting one) runs
 *   .mailsec/sandbox-status.json  SandboxStatus, refreshed by the daemon (counts, config state)
 * A pid alone proves nothing after a crash or a reboot: the number may belong to another
 * program by now. The record is believed only while the pid is alive with the start time
 * the OS gave it when the record was written (and, before any signal, while its SMTP port
 * answers); otherwise it is stale and start/stop/status remove it.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import type { Workspace } from '../workspace/workspace.js';
import { pidAlive, writeFileAtomic } from '../util/atomic.js';
import type { SandboxPorts, SandboxStatus } from './types.js';

export interface SandboxState {
  pid: number;
  host: string;
  ports: SandboxPorts;
  startedAt: string;
  workspace?: string;
  /** /proc/sys/kernel/random/boot_id when the record was written (Linux) */
  bootId?: string;
  /** the process's start as the OS knows it: "stat:<ticks since boot>" (Linux) or "ps:<lstart>" */
  procStart?: string;
  /** random, per record: a process removes a record only when it is still its own */
  token?: string;
}

export const STATE_FILE = 'sandbox.json';
export const STATUS_FILE = 'sandbox-status.json';

export { pidAlive };

let bootIdCache: string | null | undefined;

/** This boot of the machine (Linux); undefined where the OS does not say. */
export function bootId(): string | undefined {
  if (bootIdCache === undefined) {
    try {
      bootIdCache = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      bootIdCache = null;
    }
  }
  return bootIdCache ?? undefined;
}

/**
 * When process `pid` started, as the OS knows it: null when there is no such process (or
 * only its zombie), undefined when the OS cannot tell. On Linux it costs one small file
 * read (field 22 of /proc/PID/stat, in clock ticks since boot); elsewhere one `ps`.
 */
export function processStart(pid: number): string | null | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (existsSync('/proc/self/stat')) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return null;
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")"
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    const ticks = fields[22 - 3];
    return ticks && /^\d+$/.test(ticks) ? `stat:${ticks}` : undefined;
  }
  try {
    const lstart = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim();
    return lstart ? `ps:${lstart.replace(/\s+/g, ' ')}` : null;
  } catch (e) {
    // ps exits 1 for a pid it does not know; no ps at all: the OS cannot tell
    return (e as { status?: number }).status === 1 ? null : undefined;
  }
}

/**
 * What a record says, without touching the network:
 *   running   the pid is alive and is the process that wrote the record
 *   unproven  the pid is alive but the start time cannot be compared (an older record, or an OS that does not say)
 *   dead      no such process
 *   reused    the pid now belongs to another process
 *   reboot    the record was written before the machine restarted
 */
export type Liveness = 'running' | 'unproven' | 'dead' | 'reused' | 'reboot';

export function liveness(s: SandboxState): Liveness {
  const boot = bootId();
  if (s.bootId && boot && s.bootId !== boot) return 'reboot';
  if (!pidAlive(s.pid)) return 'dead';
  const now = processStart(s.pid);
  if (now === null) return 'dead';
  if (!s.procStart || now === undefined) return 'unproven';
  return now === s.procStart ? 'running' : 'reused';
}

/**
 * Whether something speaks SMTP on the recorded port: the proof asked for before a signal
 * is sent. Any greeting counts (a learner's configuration may change the banner text).
 */
export function smtpAnswers(s: SandboxState, timeoutMs = 2000): Promise<boolean> {
  const host = s.host === '::1' ? '::1' : '127.0.0.1';
  const port = s.ports?.smtp;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return Promise.resolve(false);
  return new Promise((resolve) => {
    let buf = '';
    let done = false;
    const sock = connect({ host, port });
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (ok) sock.end('QUIT\r\n');
      else sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) finish(/^[245]\d\d[ -]/.test(buf.slice(0, nl)));
      else if (buf.length > 1024) finish(false);
    });
    sock.on('error', () => finish(false));
    sock.on('close', () => finish(false));
  });
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

/**
 * The daemon of this workspace if it is running. Cheap enough for every `mailsec check`:
 * no network, one /proc read on Linux. A record the OS cannot confirm nor deny (an older
 * record, a system without /proc or ps) is believed while its pid lives.
 */
export function runningSandbox(ws: Workspace): SandboxState | undefined {
  const s = readState(ws);
  if (!s) return undefined;
  const l = liveness(s);
  return l === 'running' || l === 'unproven' ? s : undefined;
}

/** The record of this process's own sandbox: its pid, start time, boot and a fresh token. */
export function ownState(s: Pick<SandboxState, 'host' | 'ports' | 'startedAt' | 'workspace'>): SandboxState {
  const procStart = processStart(process.pid) ?? undefined;
  const boot = bootId();
  return { pid: process.pid, ...(boot ? { bootId: boot } : {}), ...(procStart ? { procStart } : {}), token: randomBytes(12).toString('hex'), ...s };
}

/** Writes the record; one for this very process that lacks its identity gets it. */
export function writeState(ws: Workspace, s: SandboxState): SandboxState {
  const full = s.pid === process.pid && !s.procStart && !s.token ? { ...s, ...ownState(s) } : s;
  writeFileAtomic(ws.metaPath(STATE_FILE), JSON.stringify(full, null, 2) + '\n');
  return full;
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

/** Removes the state files only while the record is still `s` (a sandbox started since keeps its own). */
export function removeStateOf(ws: Workspace, s: SandboxState): void {
  const now = readState(ws);
  if (!now) return;
  if (now.pid === s.pid && now.token === s.token) removeStateFiles(ws);
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
