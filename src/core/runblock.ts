import { mkdirSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Workspace } from '../workspace/workspace.js';
import type { SandboxProbe } from '../checks/types.js';

export interface BlockRun {
  /** 'refused' when the block needs a terminal of its own (an editor, a foreground server) */
  status: 'ok' | 'failed' | 'timeout' | 'refused';
  exitCode?: number;
  output: string;
  truncated: boolean;
  reason?: 'interactive' | 'foreground';
}

const INTERACTIVE = /(^|[;&|(]\s*|\bsudo\s+)(nano|vi|vim|nvim|emacs|pico|less|more|top|htop|mutt|thunderbird)\b/m;
const FOREGROUND = /\bmailsec\s+sandbox\s+start\b/;
const MAX_OUTPUT = 64 * 1024;

/** A `mailsec` on PATH inside the blocks, pointing at this very installation. */
function shimDir(ws: Workspace): string {
  const dir = ws.metaPath('bin');
  const shim = join(dir, 'mailsec');
  const cli = process.argv[1] && /cli\.(js|ts)$/.test(process.argv[1]) ? process.argv[1] : fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
  const text = `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`;
  if (!existsSync(shim)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(shim, text);
    chmodSync(shim, 0o755);
  }
  return dir;
}

/**
 * Runs one of a step's command blocks in the workspace, as the learner would in a
 * shell there, with the sandbox's ports in the environment. Input is closed, so a
 * command waiting for the keyboard ends (openssl s_client sees EOF and quits).
 */
export async function runBlock(ws: Workspace, content: string, probe: SandboxProbe, timeoutMs = 30_000, extraEnv: Record<string, string> = {}): Promise<BlockRun> {
  if (INTERACTIVE.test(content)) return { status: 'refused', reason: 'interactive', output: '', truncated: false };
  if (FOREGROUND.test(content)) return { status: 'refused', reason: 'foreground', output: '', truncated: false };
  const { execa } = await import('execa');
  const env = {
    MAILSEC_WORKSPACE: ws.root,
    MAILSEC_SMTP_PORT: String(probe.ports.smtp),
    MAILSEC_SUBMISSION_PORT: String(probe.ports.submission),
    MAILSEC_SMTPS_PORT: String(probe.ports.smtps),
    MAILSEC_OUTSIDE_PORT: String(probe.ports.outside),
    MAILSEC_DNS_PORT: String(probe.ports.dns),
    PATH: `${shimDir(ws)}:${process.env.PATH ?? ''}`,
    ...extraEnv,
  };
  const r = await execa('bash', ['-c', content], {
    cwd: ws.root,
    env,
    stdin: 'ignore',
    all: true,
    reject: false,
    timeout: timeoutMs,
    maxBuffer: MAX_OUTPUT * 4,
    stripFinalNewline: true,
  });
  let output = String(r.all ?? '');
  const truncated = output.length > MAX_OUTPUT;
  if (truncated) output = output.slice(-MAX_OUTPUT);
  if (r.timedOut) return { status: 'timeout', output, truncated };
  return { status: r.exitCode === 0 ? 'ok' : 'failed', exitCode: r.exitCode, output, truncated };
}
