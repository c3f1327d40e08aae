import { createServer } from 'node:net';

// Ports handed out by this test process, so two calls never return the same one.
const handed = new Set<number>();

function tryListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * A free loopback port for a server a test starts in another process. It is taken
 * below the kernel's ephemeral range (32768+ on Linux), so a test running beside this
 * one and binding port 0 cannot be given it between this check and the real bind.
 */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (handed.has(port)) continue;
    if (await tryListen(port)) {
      handed.add(port);
      return port;
    }
  }
  throw new Error('no free loopback port between 20000 and 32000');
}

export async function freePorts() {
  return {
    smtp: await freePort(),
    submission: await freePort(),
    smtps: await freePort(),
    outside: await freePort(),
    dns: await freePort(),
    https: await freePort(),
    pop3: await freePort(),
    pop3s: await freePort(),
    imap: await freePort(),
    imaps: await freePort(),
  };
}
