// For the IMAP tests: whether Dovecot is here (a skip reason, or a failure with
// MAILSEC_REQUIRE_TOOLS=1), the processes of a workspace's private Dovecot, a port's state.
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { instanceName, privateDirName } from '../../src/sandbox/imap/dovecot-conf.js';
import { findDovecot } from '../../src/sandbox/imap/dovecot-run.js';
import { missingTools } from '../prove/env.js';

/** undefined when Dovecot and these tools are installed, else why the test is skipped */
export function imapSkip(tools: string[] = []): string | undefined {
  const others = missingTools(tools);
  if (findDovecot({ PATH: process.env.PATH })) return others;
  if (process.env.MAILSEC_REQUIRE_TOOLS === '1')
    throw new Error('required tool not installed: dovecot (Debian packages dovecot-imapd, dovecot-pop3d)');
  return [others, 'not installed: dovecot (dovecot-imapd)'].filter(Boolean).join('; ');
}

/** pid and command line of every process of this workspace's private Dovecot (run by `uid`'s sandbox) */
export function dovecotProcesses(wsRoot: string, uid = process.getuid?.() ?? 0): string[] {
  const dir = privateDirName(tmpdir(), wsRoot, uid);
  const name = instanceName(dir);
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      continue;
    }
    if (cmd.includes(dir) || cmd.includes(`dovecot-${name}/`)) out.push(`${pid} ${cmd}`);
  }
  return out;
}

export function privateDirOf(wsRoot: string): string {
  return privateDirName(tmpdir(), wsRoot, process.getuid?.() ?? 0);
}

export const privateDirExists = (wsRoot: string) => existsSync(privateDirOf(wsRoot));

/** true when nothing listens on 127.0.0.1:port */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * As root (CI), Dovecot reads mail as the "mail" user, which must get through the folders above
 * the workspace: mkdtemp makes them 0700. A learner's own folders are theirs; this is root's case.
 */
export function letMailUserThrough(wsRoot: string): void {
  if ((process.getuid?.() ?? 0) === 0) chmodSync(dirname(wsRoot), 0o711);
}
