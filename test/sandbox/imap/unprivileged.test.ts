// Learners run the sandbox as themselves, not as root: then every process of the private
// Dovecot is theirs (login, auth, mail; no chroot). Where the tests run as root (CI), the built
// CLI is started as "nobody" (setpriv) on a workspace of its own, and curl reads the mail over
// IMAPS; run as a normal user, clients.test.ts already proves this path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { CLI, cliEnv, portEnv } from '../../helpers/cli.js';
import { makeCert } from '../../helpers/sandbox.js';
import { dovecotProcesses, imapSkip } from '../../helpers/imap.js';
import { freshWorkspace, hasTool } from '../../prove/env.js';
import { writeToMaildir } from '../../../src/sandbox/auth/deliver.js';
import { setPassword } from '../../../src/sandbox/sasl/db.js';
import type { SandboxPorts } from '../../../src/util/ports.js';

const run = promisify(execFile);
const root = (process.getuid?.() ?? 0) === 0;
const nobody = readFileSync('/etc/passwd', 'utf8')
  .split('\n')
  .map((l) => l.split(':'))
  .find((f) => f[0] === 'nobody');
/** "nobody" must reach the built CLI: a checkout under a private folder (/root/…) hides it, whatever the sandbox does */
function cliHidden(): string | undefined {
  const r = spawnSync('setpriv', [`--reuid=${nobody![2]}`, `--regid=${nobody![3]}`, '--clear-groups', 'test', '-r', CLI]);
  return r.status === 0 ? undefined : `"nobody" cannot read ${CLI} (a folder above it is private to its owner)`;
}
const skip = !root
  ? 'not root: clients.test.ts runs as this user'
  : !nobody || !hasTool('setpriv')
    ? 'no "nobody" user or no setpriv'
    : (imapSkip(['curl', 'openssl']) ?? cliHidden());

function chownTree(p: string, uid: number, gid: number): void {
  chownSync(p, uid, gid);
  if (statSync(p).isDirectory()) for (const n of readdirSync(p)) chownTree(join(p, n), uid, gid);
}

test('as a normal user ("nobody"): Dovecot runs as that user and serves the mail over IMAPS', { skip }, async () => {
  const [uid, gid] = [Number(nobody![2]), Number(nobody![3])];
  const ws = freshWorkspace('aula.test');
  makeCert(ws);
  setPassword(ws, 'alumno', 'secreto', [ws.vars.hostname, '']);
  writeToMaildir(ws, 'alumno', 'From: profesor@aula.test\nSubject: sin root\n\nLeído por un Dovecot sin privilegios.\n');
  chownTree(ws.root, uid, gid);
  chmodSync(join(ws.root, '..'), 0o711);
  const free: SandboxPorts = { smtp: 0, submission: 0, smtps: 0, outside: 0, dns: 0, https: 0, pop3: 0, pop3s: 0, imap: 0, imaps: 0 };
  const p = spawn(
    'setpriv',
    [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', process.execPath, CLI, '--workspace', ws.root, 'sandbox', 'start', '--json'],
    { env: cliEnv({ ...portEnv(free), HOME: ws.root }), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  const gone = new Promise((r) => p.once('exit', r));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: p.stdout }).once('line', resolve);
      p.once('exit', (code) => reject(new Error(`sandbox start exited ${code}: ${stderr}`)));
    });
    const j = JSON.parse(line) as { ports: SandboxPorts; imap: string };
    assert.equal(j.imap, 'running', stderr);
    const r = await run('curl', ['-s', '-S', '--max-time', '15', '-k', '--user', 'alumno:secreto', `imaps://127.0.0.1:${j.ports.imaps}/INBOX;UID=1`]);
    assert.match(r.stdout, /Leído por un Dovecot sin privilegios\./);
    const procs = dovecotProcesses(ws.root, uid);
    assert.ok(procs.length >= 3, procs.join('\n'));
    for (const proc of procs) assert.equal(statSync(`/proc/${proc.split(' ')[0]}`).uid, uid, proc);
  } finally {
    p.kill('SIGTERM');
    await gone;
  }
  assert.deepEqual(dovecotProcesses(ws.root, uid), []);
});
