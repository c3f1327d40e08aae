// The web server of mta-sts.<domain>: it serves the workspace's policy over TLS with the
// certificate in the workspace, records each request, and hostile input never stops it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { connect, type PeerCertificate } from 'node:tls';
import { testSandbox, makeCert, sleep, type TestSandbox } from '../../helpers/sandbox.js';
import { hasTool } from '../../prove/env.js';
import { eventsOf } from '../../../src/sandbox/events.js';
import { POLICY_FILE } from '../../../src/postfix/mta-sts.js';

const POLICY = 'version: STSv1\nmode: testing\nmx: mail.aula.test\nmax_age: 86400\n';
let t: TestSandbox;

before(async () => {
  t = await testSandbox({ files: { [POLICY_FILE]: POLICY } });
});
after(() => t.close());

/** One HTTPS request by hand: the certificate seen and the raw answer. */
function request(raw: string | Buffer, servername = 'mta-sts.aula.test'): Promise<{ cert?: PeerCertificate; answer: string; error?: string }> {
  return new Promise((resolve) => {
    let answer = '';
    let cert: PeerCertificate | undefined;
    const s = connect({ host: '127.0.0.1', port: t.h.ports.https, servername, rejectUnauthorized: false }, () => {
      cert = s.getPeerCertificate();
      s.write(raw);
    });
    s.setEncoding('utf8');
    s.on('data', (d: string) => (answer += d));
    s.on('close', () => resolve({ cert, answer }));
    s.on('error', (e) => resolve({ cert, answer, error: e.message }));
  });
}

const get = (host = 'mta-sts.aula.test', path = '/.well-known/mta-sts.txt') =>
  request(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: test\r\nConnection: close\r\n\r\n`);

test('without any certificate the TLS handshake fails, and the server keeps listening', { skip: !hasTool('openssl') }, async () => {
  const r = await get();
  assert.equal(r.cert, undefined);
  assert.equal(r.answer, '');
  assert.ok(eventsOf(t.events(), 'https').some((e) => e.status === 0));
});

test("lesson 2's certificate serves until mta-sts.crt exists; then the new one, without a reload", { skip: !hasTool('openssl') }, async () => {
  makeCert(t.ws, { cn: 'mail.aula.test' });
  let r = await get();
  assert.equal(r.cert?.subject.CN, 'mail.aula.test');
  assert.match(r.answer, /^HTTP\/1\.1 200 /);
  assert.ok(r.answer.endsWith(POLICY));
  assert.match(r.answer, /Content-Type: text\/plain/i);
  makeCert(t.ws, { cn: 'mta-sts.aula.test', cert: '/etc/ssl/certs/mta-sts.crt', key: '/etc/ssl/private/mta-sts.key' });
  r = await get('anything.example');
  assert.equal(r.cert?.subject.CN, 'mta-sts.aula.test');
  assert.match(r.answer, /^HTTP\/1\.1 200 /);
  const e = eventsOf(t.events(), 'https').filter((x) => x.status === 200);
  assert.equal(e.at(-1)?.host, 'anything.example');
  assert.equal(e.at(-1)?.mode, 'testing');
  assert.equal(e.at(-1)?.agent, 'test');
});

test('other paths are 404, other methods 405', { skip: !hasTool('openssl') }, async () => {
  assert.match((await get('mta-sts.aula.test', '/')).answer, /^HTTP\/1\.1 404 /);
  assert.match((await get('mta-sts.aula.test', '/../../etc/passwd')).answer, /^HTTP\/1\.1 404 /);
  const r = await request('POST /.well-known/mta-sts.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  assert.match(r.answer, /^HTTP\/1\.1 405 /);
});

test('garbage, huge headers, plain HTTP and resets never stop it', { skip: !hasTool('openssl') }, async () => {
  assert.match((await request('\x00\x01garbage\r\n\r\n')).answer, /^HTTP\/1\.1 400 /);
  assert.match((await request(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`)).answer, /^HTTP\/1\.1 431 /);
  // plain HTTP on the TLS port, random bytes, a reset in the middle of a handshake
  for (const bytes of [Buffer.from('GET / HTTP/1.1\r\n\r\n'), Buffer.alloc(70_000, 0x16)]) {
    const s = net.connect(t.h.ports.https, '127.0.0.1');
    s.on('error', () => undefined);
    s.write(bytes);
    await sleep(50);
    s.resetAndDestroy();
  }
  const r = await get();
  assert.match(r.answer, /^HTTP\/1\.1 200 /);
});
