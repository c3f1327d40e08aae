// The WKD name computed without gpg, against gpg's own; the revocation certificate the
// learner copies, judged by the check and by gpg itself in a throwaway home (never in the
// learner's), and the learner's key still unrevoked afterwards.
import { runCheck } from '../helpers/check.js';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Verdict } from '../../src/checks/types.js';
import { wkdHash, zbase32 } from '../../src/checks/gpg-publish.js';
import { Env, freshWorkspace, missingTools } from '../prove/env.js';
import { fingerprint, gpgShell, makeKey, GNUPG_HOME, PASSPHRASE } from '../fixtures/gpg-learner.js';
import { expectFail, expectPass } from '../helpers/verdict.js';

const WKS = '/usr/lib/gnupg/gpg-wks-client';

test('z-base-32 as RFC 6189 writes it', () => {
  assert.equal(zbase32(new Uint8Array([])), '');
  assert.equal(zbase32(new Uint8Array([0])), 'yy');
  assert.equal(zbase32(new Uint8Array([0xf0, 0xbf, 0xc7])), '6n9hq');
  assert.equal(zbase32(new Uint8Array([0xd4, 0x7a, 0x04])), '4t7ye');
});

test('the WKD name of an address is the one gpg prints (table from gpg 2.2.40)', () => {
  const table: [string, string][] = [
    ['alumno@aula.test', 'pbftbkhpwopag4em5fz3ibdmuykptewe'],
    ['Alumno@aula.test', 'pbftbkhpwopag4em5fz3ibdmuykptewe'],
    ['alumno@alexdns.local', 'pbftbkhpwopag4em5fz3ibdmuykptewe'],
    ['joe.doe@example.org', 'iy9q119eutrkn8s1mk4r39qejnbu3n5q'],
    ['Bernhard.Reiter@intevation.de', 'it5sewh54rxz33fwmr8u6dy4bbz8itz4'],
    ['x@y.z', 'n85k5dsffewajk7k9i6dswmfyphfaed1'],
  ];
  for (const [addr, hash] of table) assert.equal(wkdHash(addr), hash, addr);
});

test(
  'the WKD name of random addresses is the one gpg-wks-client prints',
  { skip: existsSync(WKS) ? false : `${WKS} not installed` },
  () => {
    const addrs = Array.from({ length: 12 }, (_, i) => `${randomBytes(3 + i).toString('hex')}${i % 2 ? '.X' : ''}@aula.test`);
    const out = execFileSync(WKS, ['--print-wkd-hash', ...addrs], { encoding: 'utf8' });
    const got = new Map(
      out
        .trim()
        .split('\n')
        .map((l) => [l.split(' ')[1], l.split(' ')[0]] as const),
    );
    for (const a of addrs) assert.equal(wkdHash(a), got.get(a.toLowerCase()), a);
  },
);

const skip = missingTools(['gpg', 'gpgconf']);

describe('the revocation certificate, judged by the check and by gpg', { skip }, () => {
  const env = new Env(freshWorkspace('aula.test'));
  const ws = env.ws;
  const throwaway = mkdtempSync(join(tmpdir(), 'mailsec-revcheck-'));

  async function check(kind: string, params: Record<string, unknown>): Promise<Verdict> {
    return runCheck(ws, kind, params);
  }

  before(async () => {
    await makeKey(env, 'Alumno <alumno@aula.test>', 0, { algo: 'ed25519' });
  });
  after(async () => {
    await env.exec('gpgconf', ['--homedir', ws.resolve(GNUPG_HOME), '--kill', 'all']);
    await env.exec('gpgconf', ['--homedir', throwaway, '--kill', 'all']);
    rmSync(throwaway, { recursive: true, force: true });
  });

  test('an Ed25519 key with a Cv25519 subkey, expiring, passes', async () => {
    const v = await check('gpg.key', { uid: 'alumno@aula.test' });
    expectPass(v);
    assert.match(v.evidence.join('\n'), /pub ed25519 .*\[expires: \d{4}-\d\d-\d\d\]/);
    assert.match(v.evidence.join('\n'), /sub cv25519/);
  });

  test('the copied certificate passes, gpg revokes a copy of the key with it, and the learner key stays valid', async () => {
    const fpr = await fingerprint(env, 'alumno@aula.test');
    await gpgShell(env, [`cp "$GNUPGHOME/openpgp-revocs.d/${fpr}.rev" revocacio.rev`]);
    expectPass(await check('gpg.revocation', { uid: 'alumno@aula.test', path: 'revocacio.rev' }));
    // gpg's own word, in a home of its own: the public key plus the certificate without its colon
    writeFileSync(join(throwaway, 'cert.asc'), readFileSync(ws.resolve('revocacio.rev'), 'utf8').replace(/^:-----BEGIN/m, '-----BEGIN'));
    await gpgShell(env, [`gpg --export alumno@aula.test > '${join(throwaway, 'pub.gpg')}'`]);
    const gpg = (...args: string[]) =>
      execFileSync('gpg', ['--homedir', throwaway, '--batch', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    gpg('--import', join(throwaway, 'pub.gpg'));
    gpg('--import', join(throwaway, 'cert.asc'));
    const pub = gpg('--with-colons', '--list-keys', fpr)
      .split('\n')
      .find((l) => l.startsWith('pub:'))!;
    assert.equal(pub.split(':')[1], 'r', `gpg does not see the key revoked: ${pub}`);
    // the learner's own keyring was never touched
    expectPass(await check('gpg.key', { uid: 'alumno@aula.test' }));
    expectPass(await check('gpg.revocation', { uid: 'alumno@aula.test', path: 'revocacio.rev' }));
  });

  test('a certificate made later with --gen-revoke, with a reason, passes too', async () => {
    const fpr = await fingerprint(env, 'alumno@aula.test');
    const home = ws.resolve(GNUPG_HOME);
    try {
      const r = await env.exec(
        'gpg',
        [
          '--homedir',
          home,
          '--no-tty',
          '--pinentry-mode',
          'loopback',
          '--passphrase',
          PASSPHRASE,
          '--command-fd',
          '0',
          '--armor',
          '--output',
          'otra.rev',
          '--gen-revoke',
          fpr,
        ],
        { input: 'y\n1\nPerdida\n\ny\n' },
      );
      assert.equal(r.code, 0, r.stderr);
    } finally {
      await env.exec('gpgconf', ['--homedir', home, '--kill', 'all']);
    }
    expectPass(await check('gpg.revocation', { uid: 'alumno@aula.test', path: 'otra.rev' }));
    expectFail(await check('gpg.revocation', { uid: 'alumno@aula.test', path: 'nada.rev' }), 'gpg.revMissing');
  });
});
