// A private, real OpenSSH server on 127.0.0.1 that lets in one key, as the login a teacher or a
// student has on a class's VM; and the ssh command that uses it (for MAILSEC_SSH).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { freePort } from './ports.js';
import { stopChild } from './remote-check.js';

const SSHD = '/usr/sbin/sshd';

/** Why a real sshd cannot run here, or undefined. */
export function whyNoSshd(): string | undefined {
  const missing = [SSHD, '/usr/bin/ssh', '/usr/bin/ssh-keygen'].filter((f) => !existsSync(f));
  if (missing.length) return `a real OpenSSH is needed (${missing.join(', ')} not found): apt-get install openssh-server openssh-client`;
  if (process.getuid?.() !== 0) return 'a real sshd must start as root (its privilege separation): run the test as root';
  return undefined;
}

export class RealSshd {
  port = 0;
  readonly user = userInfo().username;
  private proc?: ChildProcess;
  private log = '';

  constructor(readonly dir: string) {}

  get key(): string {
    return join(this.dir, 'client_key');
  }

  /** The ssh command that logs in with the key, trusting this server's host key on first use. */
  sshCommand(extra: string[] = []): string {
    return [
      'ssh',
      '-i',
      this.key,
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      `UserKnownHostsFile=${join(this.dir, 'known_hosts')}`,
      '-o',
      'StrictHostKeyChecking=accept-new',
      ...extra,
    ].join(' ');
  }

  /** sshd_config extras: e.g. ["AcceptEnv MAIL_CONFIG"] */
  async start(extra: string[] = []): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // sshd's privilege separation directory, which a bare container may lack
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    this.port = await freePort();
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(this.dir, 'host_key')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', this.key]);
    execFileSync('cp', [`${this.key}.pub`, join(this.dir, 'authorized_keys')]);
    const conf = join(this.dir, 'sshd_config');
    writeFileSync(
      conf,
      [
        `Port ${this.port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(this.dir, 'host_key')}`,
        `PidFile ${join(this.dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(this.dir, 'authorized_keys')}`,
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        ...extra,
        '',
      ].join('\n'),
    );
    this.proc = spawn(SSHD, ['-D', '-e', '-f', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.log = (this.log + d).slice(-20_000)));
    const until = Date.now() + 10_000;
    while (!(await listening(this.port))) {
      if (this.proc.exitCode !== null || Date.now() > until) throw new Error(`sshd did not start on 127.0.0.1:${this.port}:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  stop(): Promise<void> {
    return stopChild(this.proc);
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });
}
