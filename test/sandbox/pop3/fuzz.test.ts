// Hostile input at both POP3 ports: random and crafted lines before and after login, huge
// lines, binary, thousands of pipelined commands, clients that never read, half-open TLS.
// The server never crashes, answers a normal session afterwards, and bounds what it keeps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { RawPop3 } from '../../helpers/pop3.js';
import { testSandbox, tlsAuthSandbox, sleep, type TestSandbox } from '../../helpers/sandbox.js';
import { missingTools } from '../../prove/env.js';
import { writeToMaildir } from '../../../src/sandbox/auth/deliver.js';

const skip = missingTools(['openssl']);
let t: TestSandbox;

before(async () => {
  if (skip) return;
  t = await tlsAuthSandbox();
  for (let i = 0; i < 5; i++) writeToMaildir(t.ws, 'alumno', `Subject: m${i}\n\n.\n..\n${'x'.repeat(i * 1000)}\n`);
});

after(() => t?.close());

/** a small deterministic PRNG (mulberry32), so a failure can be replayed */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['USER', 'PASS', 'AUTH', 'AUTH PLAIN', 'AUTH LOGIN', 'STLS', 'CAPA', 'LIST', 'UIDL', 'RETR', 'TOP', 'DELE', 'RSET', 'STAT', 'NOOP', 'APOP', 'QUIT', '*', '='];

function hostileLine(r: () => number): Buffer {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  switch (Math.floor(r() * 7)) {
    case 0:
      return Buffer.from(`${pick(WORDS)} ${Math.floor(r() * 1e12) - 5e11}`);
    case 1:
      return Buffer.from(Array.from({ length: Math.floor(r() * 200) }, () => Math.floor(r() * 256)));
    case 2:
      return Buffer.from(`${pick(WORDS)} ${'9'.repeat(Math.floor(r() * 40))} ${'-'.repeat(Math.floor(r() * 5))}${Math.floor(r() * 100)}`);
    case 3:
      return Buffer.from(`${pick(WORDS)}\0${pick(WORDS)}\r${pick(WORDS)}`);
    case 4:
      return Buffer.from(`AUTH ${pick(['PLAIN', 'LOGIN', 'X', ''])} ${Buffer.from(Array.from({ length: Math.floor(r() * 60) }, () => Math.floor(r() * 256))).toString(r() < 0.5 ? 'base64' : 'latin1')}`);
    case 5:
      return Buffer.from(`${pick(WORDS).toLowerCase()}${' '.repeat(Math.floor(r() * 4))}${pick(['', '0', '1', '1 0', '1 -1', '4294967296', '99999999999999999999', 'ä'])}`);
    default:
      return Buffer.from(pick(WORDS));
  }
}

async function stillServes(): Promise<void> {
  const c = await RawPop3.connect(t.h.ports.pop3s, { tls: true });
  assert.equal(c.greeting, '+OK Dovecot (Debian) ready.');
  assert.equal(await c.login(), '+OK Logged in.');
  assert.match(await c.cmd('STAT'), /^\+OK \d+ \d+$/);
  assert.equal(await c.cmd('QUIT'), '+OK Logging out.');
}

/** Sends lines without waiting for replies; the client reads and drops whatever comes back. */
async function blast(socket: net.Socket | tls.TLSSocket, lines: Buffer[]): Promise<void> {
  socket.on('data', () => undefined);
  socket.on('error', () => undefined);
  for (const l of lines) {
    if (socket.destroyed) break;
    socket.write(Buffer.concat([l, Buffer.from('\r\n')]));
  }
  await sleep(100);
  socket.destroy();
}

test('random and crafted lines, before and after login, on both ports', { skip }, async () => {
  const r = rng(15);
  for (let round = 0; round < 30; round++) {
    const lines = Array.from({ length: 40 }, () => hostileLine(r));
    if (round % 3 === 0) {
      await blast(net.connect(t.h.ports.pop3, '127.0.0.1'), lines);
    } else {
      // after a real login, so the TRANSACTION commands see the junk
      const c = await RawPop3.connect(t.h.ports.pop3s, { tls: true });
      assert.equal(await c.login(), '+OK Logged in.');
      await blast(c.socket, lines.filter((l) => !/^quit/i.test(l.toString('latin1'))));
    }
  }
  await stillServes();
});

test('a huge line, thousands of commands, a client that never reads, half-open TLS', { skip }, async () => {
  // a line past the limit ends the session with Dovecot's reply
  const a = await RawPop3.connect(t.h.ports.pop3);
  a.write('CAPA ' + 'A'.repeat(100_000) + '\r\n');
  assert.equal(await a.line(), '-ERR Input buffer full, aborting');
  await a.waitClosed();
  assert.ok(a.closed);
  // after login, the pop3 process's own reply and log line
  const a2 = await RawPop3.connect(t.h.ports.pop3s, { tls: true });
  assert.equal(await a2.login(), '+OK Logged in.');
  a2.write('NOOP ' + 'A'.repeat(100_000) + '\r\n');
  assert.equal(await a2.line(), '-ERR Input line too long.');
  await a2.waitClosed();
  // 1 MB without a line end, then a reset
  const b = net.connect(t.h.ports.pop3, '127.0.0.1');
  b.on('error', () => undefined);
  b.write(Buffer.alloc(1 << 20, 0x41));
  await sleep(50);
  b.resetAndDestroy();
  // thousands of pipelined NOOPs and LISTs after login, from a client that never reads
  const c = await RawPop3.connect(t.h.ports.pop3s, { tls: true });
  assert.equal(await c.login(), '+OK Logged in.');
  (c.socket as net.Socket).pause();
  c.write(Buffer.from('NOOP\r\nLIST\r\nRETR 5\r\n'.repeat(3000)));
  await sleep(300);
  c.destroy();
  // TLS started and abandoned: a bare ClientHello fragment, garbage after STLS, a client that stops mid-handshake
  const d = net.connect(t.h.ports.pop3s, '127.0.0.1');
  d.on('error', () => undefined);
  d.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc]));
  const e = await RawPop3.connect(t.h.ports.pop3);
  e.write('STLS\r\n');
  assert.equal(await e.line(), '+OK Begin TLS negotiation now.');
  e.write(Buffer.from('this is not a TLS record\r\nUSER alumno\r\n'));
  const f = net.connect(t.h.ports.pop3s, '127.0.0.1');
  f.on('error', () => undefined);
  f.write('GET / HTTP/1.0\r\n\r\n');
  await sleep(200);
  d.destroy();
  e.destroy();
  f.destroy();
  // plaintext pipelined after STLS is dropped, never read as a command (RFC 2595 §4)
  const g = await RawPop3.connect(t.h.ports.pop3);
  g.write('STLS\r\nUSER alumno\r\n');
  assert.equal(await g.line(), '+OK Begin TLS negotiation now.');
  g.destroy();
  await sleep(100);
  await stillServes();
  assert.match(t.log(), /pop3-login: Disconnected: Input buffer full \(no auth attempts in \d+ secs\): user=<>, rip=127\.0\.0\.1/);
  assert.match(t.log(), /: Disconnected: Input line too long top=0\/0, retr=0\/0, del=0\/\d+, size=\d+$/m);
  // as a real Dovecot 2.3 logs a handshake that failed
  assert.match(
    t.log(),
    /pop3-login: Disconnected: Connection closed: SSL_accept\(\) failed: error:0A00009C:SSL routines::http request \(no auth attempts in \d+ secs\): user=<>, rip=127\.0\.0\.1, lip=127\.0\.0\.1, TLS handshaking: SSL_accept\(\) failed: error:0A00009C:SSL routines::http request, session=<[^>]+>$/m,
  );
});

test('the idle timeout ends a silent session with Dovecot\'s reply', { skip }, async () => {
  const u = await testSandbox({ start: { limits: { timeoutMs: 300 } } });
  try {
    const c = await RawPop3.connect(u.h.ports.pop3);
    assert.equal(await c.line(3000), '-ERR Disconnected for inactivity.');
    await c.waitClosed();
    await sleep(50);
    assert.match(u.log(), /pop3-login: Disconnected: Inactivity \(no auth attempts in \d+ secs\): user=<>/);
  } finally {
    await u.close();
  }
});
