import { mkdirSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Workspace } from '../workspace/workspace.js';
import type { SandboxProbe } from '../checks/types.js';
import { portEnv } from '../util/ports.js';

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

/**
 * A `mailsec` on PATH inside the blocks, pointing at this very installation. It answers in
 * MAILSEC_BLOCK_LANG (the workbook's language) unless the command line says --lang itself.
 */
function shimDir(ws: Workspace): string {
  const dir = ws.metaPath('bin');
  const shim = join(dir, 'mailsec');
  const cli =
    process.argv[1] && /cli\.(js|ts)$/.test(process.argv[1])
      ? process.argv[1]
      : fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
  const text = [
    '#!/bin/sh',
    'case " $* " in',
    '  *" --lang "* | *" --lang="*) ;;',
    '  *) if [ -n "$MAILSEC_BLOCK_LANG" ]; then set -- --lang "$MAILSEC_BLOCK_LANG" "$@"; fi ;;',
    'esac',
    `exec "${process.execPath}" "${cli}" "$@"`,
    '',
  ].join('\n');
  let old: string | undefined;
  try {
    old = readFileSync(shim, 'utf8');
  } catch {
    // not made yet
  }
  if (old !== text) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(shim, text);
    chmodSync(shim, 0o755);
  }
  return dir;
}

let installed: Set<string> | undefined;

/** es_ES.UTF-8 and es_ES.utf8 are one locale. */
const localeKey = (l: string) => l.toLowerCase().replace(/utf-?8/, 'utf8');

/** Whether the C library can load `locale` (`locale -a`, asked once); C and POSIX always. */
export function localeInstalled(locale: string): boolean {
  if (/^(C|POSIX)(\.|$)/i.test(locale)) return true;
  if (!installed) {
    let list = '';
    try {
      list = execFileSync('locale', ['-a'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    } catch {
      // no locale(1): only C is known to be there
    }
    installed = new Set(list.split('\n').filter(Boolean).map(localeKey));
  }
  return installed.has(localeKey(locale));
}

const LOCALE_VARS = ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const;

/**
 * The caller's locale variables, kept only where the locale exists: perl (swaks, spamassassin)
 * warns on every run about one that does not. The language still reaches `mailsec` in the
 * block through its shim.
 */
function localeEnv(extraEnv: Record<string, string>): Record<string, string> {
  const env = { ...extraEnv };
  for (const k of LOCALE_VARS) {
    const v = env[k];
    if (v === undefined) continue;
    const lang = v.slice(0, 2).toLowerCase();
    if (['es', 'ca', 'en'].includes(lang)) env.MAILSEC_BLOCK_LANG ??= lang;
    if (!localeInstalled(v)) delete env[k];
  }
  return env;
}

/**
 * Runs one of a step's command blocks in the workspace, as the learner would in a
 * shell there, with the sandbox's ports in the environment. Input is closed, so a
 * command waiting for the keyboard ends (openssl s_client sees EOF and quits).
 */
export async function runBlock(
  ws: Workspace,
  content: string,
  probe: SandboxProbe,
  timeoutMs = 30_000,
  extraEnv: Record<string, string> = {},
): Promise<BlockRun> {
  if (INTERACTIVE.test(content)) return { status: 'refused', reason: 'interactive', output: '', truncated: false };
  if (FOREGROUND.test(content)) return { status: 'refused', reason: 'foreground', output: '', truncated: false };
  const { execa } = await import('execa');
  const env = {
    MAILSEC_WORKSPACE: ws.root,
    ...portEnv(probe.ports),
    PATH: `${shimDir(ws)}:${process.env.PATH ?? ''}`,
    ...localeEnv(extraEnv),
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
