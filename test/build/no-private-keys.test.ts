// No private key is committed: a key in the repository is a key everyone has. The only
// allowed place is a throw-away fixture folder named for it, which no workspace uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { templateFiles } from '../../src/workspace/workspace.js';
import { templateDir } from '../../src/util/paths.js';

/** The armor or PEM header of a real key block: the BEGIN line, then base64 (or armor headers) on the next. */
const KEY_BLOCK =
  /-----BEGIN (PGP PRIVATE KEY BLOCK|PRIVATE KEY|ENCRYPTED PRIVATE KEY|RSA PRIVATE KEY|EC PRIVATE KEY|DSA PRIVATE KEY|OPENSSH PRIVATE KEY)-----\r?\n(?:[A-Za-z-]+: .*\r?\n)*\r?\n?[A-Za-z0-9+/=]{16,}/;
/** A folder whose name says its keys are thrown away; nothing in it may be a workspace's. */
const THROWAWAY = /^test\/fixtures\/throwaway-keys\//;

/** What .gitignore keeps out of the repository (and git's own folder): never committed. */
const NOT_COMMITTED = /^(\.git|node_modules|dist|tmp|\.bench|\.dist-.*)$|\.log$/;

/**
 * Every file of the checkout that could be committed, read from the tree rather than from git,
 * which a clean CI machine may not have.
 */
function tracked(dir = '.'): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_COMMITTED.test(e.name)) continue;
    const p = dir === '.' ? e.name : `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...tracked(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

test('the pattern finds real key blocks and not the marker strings code tests for', () => {
  assert.ok(KEY_BLOCK.test('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n'));
  assert.ok(KEY_BLOCK.test('-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nxVgEZ3SFgBYJKwYBBAHaRw8BAQdA\n'));
  assert.ok(
    KEY_BLOCK.test('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIEvQIBADANBgkqhkiG9w0BAQEF\n'),
  );
  assert.ok(!KEY_BLOCK.test("if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(text)) return fail('x');"));
  assert.ok(!KEY_BLOCK.test('assert.match(pem, /^-----BEGIN PRIVATE KEY-----\\n/);'));
});

test('no private key is committed outside the throw-away fixtures, and no workspace file is one', () => {
  const found: string[] = [];
  for (const f of tracked()) {
    let text: string;
    try {
      text = readFileSync(f, 'latin1');
    } catch {
      continue; // deleted in the working tree
    }
    if (KEY_BLOCK.test(text) && !THROWAWAY.test(f)) found.push(f);
  }
  assert.deepEqual(found, [], 'private keys in the repository: generate them in the test instead');
  for (const f of templateFiles())
    assert.ok(!KEY_BLOCK.test(readFileSync(join(templateDir(), f), 'latin1')), `the workspace template holds a private key: ${f}`);
});
