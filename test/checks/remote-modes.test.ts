// Every check kind says how it runs against a real server (`mailsec check --target`), and the pure
// parts of that command: which recipients a relay probe may name, which addresses are private.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../src/checks/index.js';
import { checkKinds, getCheck } from '../../src/checks/registry.js';
import { REMOTE_MODES, remoteMode } from '../../src/checks/remote-modes.js';
import { RemoteSession, renderRemote, reservedDomain } from '../../src/checks/remote.js';
import type { Lesson, Step } from '../../src/course/loader.js';
import { freshWorkspace } from '../prove/env.js';
import { isPrivateAddress, parseHostPort, parseTargetLine } from '../../src/commands/check-target.js';
import { targetLine } from '../../src/workspace/target.js';
import { UserError } from '../../src/util/errors.js';

test('every registered check kind has a remote mode, and the table names no other kind', () => {
  const missing = checkKinds().filter((k) => remoteMode(k) === undefined);
  assert.deepEqual(missing, [], `kinds without a remote mode in src/checks/remote-modes.ts: ${missing.join(', ')}`);
  const stale = Object.keys(REMOTE_MODES).filter((k) => !getCheck(k));
  assert.deepEqual(stale, [], `remote-modes.ts names kinds that do not exist: ${stale.join(', ')}`);
});

test('quizzes stay local: they are answered, not observed on a server', () => {
  for (const k of checkKinds().filter((k) => getCheck(k)?.answered === 'choice')) assert.equal(remoteMode(k), 'local', k);
  assert.equal(remoteMode('quiz.text'), 'local');
  assert.equal(remoteMode('constructor'), undefined);
});

test('a relay probe may name only reserved domains', () => {
  for (const d of ['example.com', 'EXAMPLE.org', 'mx.example.net', 'victima.example', 'x.invalid', 'a.test', 'localhost'])
    assert.ok(reservedDomain(d), d);
  for (const d of ['gmail.com', 'example.com.evil.org', 'notexample.com', 'example.co', 'test.com']) assert.ok(!reservedDomain(d), d);
});

test('private and loopback addresses are told from public ones', () => {
  for (const a of [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.56.10',
    '100.64.0.1',
    '169.254.1.1',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:192.168.1.1',
  ])
    assert.ok(isPrivateAddress(a), a);
  for (const a of ['8.8.8.8', '172.32.0.1', '172.15.0.1', '203.0.113.7', '2001:db8::1', '::ffff:8.8.8.8', '100.128.0.1'])
    assert.ok(!isPrivateAddress(a), a);
});

test('HOST[:PORT] as --target and --dns read it', () => {
  assert.deepEqual(parseHostPort('192.168.56.10', 25), { host: '192.168.56.10', port: 25 });
  assert.deepEqual(parseHostPort('mail.alexdns.local:2525', 25), { host: 'mail.alexdns.local', port: 2525 });
  assert.deepEqual(parseHostPort('[::1]:2626', 25), { host: '::1', port: 2626 });
  assert.deepEqual(parseHostPort('::1', 53), { host: '::1', port: 53 });
  for (const bad of ['', 'a b', 'host:0', 'host:70000', 'host:', '-x', 'a..b', 'http://x'])
    assert.equal(parseHostPort(bad, 25), undefined, bad);
});

// RemoteSession on steps made here, against a port nobody listens on (127.0.0.1:9): nothing is sent anywhere
const lesson = { id: '04-open-relay' } as unknown as Lesson;
const stepOf = (kind: string, params: Record<string, unknown>) => ({ id: 'x', check: { kind, params } }) as unknown as Step;
const closed = { label: '127.0.0.1:9', host: '127.0.0.1', smtp: 9, submission: 9, smtps: 9, domain: 'alexdns.local' };

test('a relay probe to a third party is not sent: the step is not checked remotely', async () => {
  const ws = freshWorkspace('alexdns.local');
  const s = new RemoteSession(closed);
  const out = await s.run(lesson, stepOf('smtp.relay', { rcpt: 'someone@gmail.com', expect: 'denied' }), { ws, lang: 'en' });
  assert.ok('unchecked' in out);
  assert.deepEqual(out.unchecked, { key: 'remote.notChecked.unsafe', params: { rcpt: 'someone@gmail.com' } });
  assert.equal(s.connections, 0);
  // the server's own domain and reserved names are fine (and here meet a closed port)
  const own = await s.run(lesson, stepOf('smtp.relay', { rcpt: 'postmaster@alexdns.local', expect: 'accepted', closed: 'v@example.com' }), {
    ws,
    lang: 'en',
  });
  assert.ok('verdict' in own);
  assert.equal(own.verdict.message.key, 'tls.sandboxDown');
  assert.match(renderRemote('en', own.verdict.message), /^Nothing answers at 127\.0\.0\.1, port 9\./);
});

test('connections to the server are spaced out and capped per run', async () => {
  const ws = freshWorkspace('alexdns.local');
  const s = new RemoteSession(closed, 300, 2);
  const step = stepOf('smtp.auth-after-tls', {});
  const t0 = Date.now();
  for (let i = 0; i < 2; i++) assert.ok('verdict' in (await s.run(lesson, step, { ws, lang: 'en' })));
  assert.ok(Date.now() - t0 >= 290, `two connections ${Date.now() - t0} ms apart`);
  const third = await s.run(lesson, step, { ws, lang: 'en' });
  assert.ok('unchecked' in third);
  assert.equal(third.unchecked.key, 'remote.notChecked.limit');
  assert.equal(s.connections, 2);
});

test('the server as one line (the workbook’s E): the options of mailsec check, and back', () => {
  assert.deepEqual(
    parseTargetLine('  192.168.56.10:2525   --dns 192.168.56.10 --ssh alumno@vm1:2222 --domain a.test --i-own-this-server '),
    {
      target: '192.168.56.10:2525',
      dns: '192.168.56.10',
      ssh: 'alumno@vm1:2222',
      domain: 'a.test',
      ownServer: true,
    },
  );
  assert.deepEqual(parseTargetLine(''), { target: 'sandbox' });
  assert.deepEqual(parseTargetLine(' sandbox '), { target: 'sandbox' });
  const saved = { target: 'vm1', dns: '10.0.0.2:5353', ssh: 'root@vm1', domain: 'a.test', ownServer: true };
  assert.equal(targetLine(saved), 'vm1 --dns 10.0.0.2:5353 --ssh root@vm1 --domain a.test --i-own-this-server');
  assert.deepEqual(parseTargetLine(targetLine(saved)), {
    target: 'vm1',
    dns: '10.0.0.2:5353',
    ssh: 'root@vm1',
    domain: 'a.test',
    ownServer: true,
  });
  assert.equal(targetLine(undefined), '');
  const refused = (line: string) => {
    try {
      parseTargetLine(line);
    } catch (e) {
      assert.ok(e instanceof UserError, String(e));
      return e.userMessage;
    }
    assert.fail(`accepted: ${line}`);
  };
  assert.deepEqual(refused('vm1 --ssh'), { key: 'cli.target.lineValue', params: { option: '--ssh' } });
  assert.deepEqual(refused('vm1 --dns --ssh root@vm1'), { key: 'cli.target.lineValue', params: { option: '--dns' } });
  assert.deepEqual(refused('vm1 vm2'), { key: 'cli.target.lineWord', params: { word: 'vm2' } });
  assert.deepEqual(refused('vm1 --port 25'), { key: 'cli.target.lineWord', params: { word: '--port' } });
  assert.deepEqual(refused('vm1 --dns='), { key: 'cli.target.lineValue', params: { option: '--dns' } });
  // the forms mailsec check takes, pasted as they are
  assert.deepEqual(parseTargetLine('--target vm1 --ssh=root@vm1 --domain=a.test'), { target: 'vm1', ssh: 'root@vm1', domain: 'a.test' });
  assert.deepEqual(refused('--domain a.test'), { key: 'cli.target.lineNoHost' });
});
