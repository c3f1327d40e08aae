import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBlock } from '../../src/core/runblock.js';
import { freshWorkspace, CLOSED_PORTS } from '../prove/env.js';

const probe = { host: '127.0.0.1', ports: { ...CLOSED_PORTS, smtp: 2999 } };

test('a command block runs in the workspace with the sandbox ports in its environment', async () => {
  const ws = freshWorkspace();
  const r = await runBlock(ws, 'ls etc/postfix\necho "port=$MAILSEC_SMTP_PORT"', probe);
  assert.equal(r.status, 'ok');
  assert.equal(r.output, 'main.cf\nmaster.cf\nport=2999');
});

test('a failing command reports its exit code and its error output', async () => {
  const r = await runBlock(freshWorkspace(), 'cat no-such-file', probe);
  assert.equal(r.status, 'failed');
  assert.equal(r.exitCode, 1);
  assert.match(r.output, /No such file/);
});

test('mailsec inside a block is this installation', async () => {
  const r = await runBlock(freshWorkspace(), 'mailsec --version', probe);
  assert.equal(r.status, 'ok', r.output);
  assert.match(r.output, /^\d+\.\d+\.\d+$/);
});

test('editors and foreground servers are refused: they need a terminal of their own', async () => {
  const ws = freshWorkspace();
  assert.equal((await runBlock(ws, 'nano etc/postfix/main.cf', probe)).reason, 'interactive');
  assert.equal((await runBlock(ws, 'sudo vim /etc/postfix/main.cf', probe)).reason, 'interactive');
  assert.equal((await runBlock(ws, 'mailsec sandbox start', probe)).reason, 'foreground');
  assert.equal((await runBlock(ws, 'echo nano', probe)).status, 'ok');
});

test('input is closed and a hanging command is stopped', async () => {
  const ws = freshWorkspace();
  assert.equal((await runBlock(ws, 'cat', probe)).status, 'ok');
  const slow = await runBlock(ws, 'sleep 5', probe, 200);
  assert.equal(slow.status, 'timeout');
});

test('a flood of output is cut to its last part', async () => {
  const r = await runBlock(freshWorkspace(), 'yes mailsec | head -c 300000', probe);
  assert.equal(r.truncated, true);
  assert.ok(r.output.length <= 64 * 1024);
});
