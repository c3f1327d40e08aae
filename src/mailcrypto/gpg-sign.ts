// A detached signature made by the learner's own gpg, with the key of their workspace's
// GnuPG home (lesson 11). The secret key never leaves gpg-agent: its passphrase is asked
// by gpg's pinentry in the learner's terminal, or taken from the agent's cache.
import { spawn, spawnSync } from 'node:child_process';

export type GpgSignature = { armored: string } | { problem: 'noGpg' | 'failed'; error: string };

/** `gpg --detach-sign --armor` of `data` by `signer` (an address or fingerprint) from `home`. */
export function gpgDetachSign(home: string, signer: string, data: Buffer, interactive: boolean): Promise<GpgSignature> {
  return new Promise((resolve) => {
    const args = ['--homedir', home, '--local-user', signer, '--armor', '--detach-sign', '--output', '-', '--'];
    // without a terminal, a passphrase can only come from the agent's cache: never wait for a pinentry
    const p = spawn('gpg', [...(interactive ? [] : ['--batch', '--pinentry-mode', 'error']), ...args, '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: ttyEnv(interactive),
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', (e) => resolve({ problem: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'noGpg' : 'failed', error: e.message }));
    p.on('close', (code) => {
      if (code === 0 && out.includes('-----BEGIN PGP SIGNATURE-----')) resolve({ armored: out });
      else resolve({ problem: 'failed', error: lastLine(err) || `gpg exit ${code}` });
    });
    p.stdin.on('error', () => undefined);
    p.stdin.end(data);
  });
}

function lastLine(s: string): string {
  return (
    s
      .trim()
      .split('\n')
      .filter(Boolean)
      .at(-1)
      ?.replace(/^gpg: /, '') ?? ''
  );
}

function ttyEnv(interactive: boolean): NodeJS.ProcessEnv {
  const tty = interactive ? (process.env.GPG_TTY ?? terminalName()) : undefined;
  return tty ? { ...process.env, GPG_TTY: tty } : process.env;
}

/** The terminal on the learner's standard input (gpg's data comes through a pipe, so pinentry needs it named). */
function terminalName(): string | undefined {
  const r = spawnSync('tty', { stdio: ['inherit', 'pipe', 'ignore'], encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
