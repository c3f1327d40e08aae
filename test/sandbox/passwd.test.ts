// passwd.byname in the sandbox (local_recipient_maps): home/ is read again only when it changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { passwdUsers } from '../../src/sandbox/smtp/passwd.js';

test('home/ unchanged is not read again; a user folder added or removed is seen at once', () => {
  const home = join(mkdtempSync(join(tmpdir(), 'mailsec-passwd-')), 'home');
  mkdirSync(join(home, 'alumno'), { recursive: true });
  const past = new Date(Date.now() - 60_000);
  utimesSync(home, past, past);
  const first = passwdUsers(home);
  assert.ok(first.has('alumno') && first.has('root') && !first.has('ana'));
  assert.equal(passwdUsers(home), first, 'the same answer, kept');
  mkdirSync(join(home, 'Ana'));
  assert.ok(passwdUsers(home).has('ana'));
  rmSync(join(home, 'alumno'), { recursive: true });
  assert.ok(!passwdUsers(home).has('alumno'));
  rmSync(home, { recursive: true });
  assert.ok(!passwdUsers(home).has('ana') && passwdUsers(home).has('root'));
});

test('a home/ changed within the last second is read every time (a change in the same clock tick would go unseen)', () => {
  const home = join(mkdtempSync(join(tmpdir(), 'mailsec-passwd-')), 'home');
  mkdirSync(join(home, 'alumno'), { recursive: true });
  const a = passwdUsers(home);
  assert.notEqual(passwdUsers(home), a);
  rmSync(home, { recursive: true });
});
