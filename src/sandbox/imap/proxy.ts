/**
 * The IMAP and IMAPS ports on 127.0.0.1: each client is handed, bytes untouched, to the private
 * Dovecot behind them, after a PROXY header (haproxy's protocol, version 1) that names the
 * client's address and PROXY_LOCAL_IP as the one it reached, so Dovecot does not count a client
 * on its own address as secured (see dovecot-log.ts). The TLS is Dovecot's own, end to end.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Runtime } from '../runtime.js';
import { PROXY_LOCAL_IP } from './dovecot-log.js';

export type ImapListener = 'imap' | 'imaps';

/** Where Dovecot listens for this listener's clients now, or why nobody does. */
export type Target = (listener: ImapListener) => Promise<{ port: number } | { error: string }>;

export interface ImapProxy {
  ports: Record<ImapListener, number>;
  close(): Promise<void>;
}

export function proxyHeader(rip: string, rport: number, lport: number): string {
  return `PROXY TCP4 ${rip} ${PROXY_LOCAL_IP} ${rport} ${lport}\r\n`;
}

const ipv4 = (a: string | undefined) => (a ?? '').replace(/^::ffff:/, '');

export async function startProxy(rt: Runtime, host: string, want: Record<ImapListener, number>, target: Target): Promise<ImapProxy> {
  const sockets = new Set<Socket>();

  const serve = (client: Socket, listener: ImapListener, lport: number) => {
    sockets.add(client);
    rt.idleGc.connected();
    client.on('error', () => undefined);
    client.once('close', () => {
      sockets.delete(client);
      rt.idleGc.disconnected();
    });
    client.pause();
    const rip = ipv4(client.remoteAddress) || '127.0.0.1';
    const rport = client.remotePort ?? 0;
    void target(listener).then((t) => {
      if (client.destroyed) return;
      if ('error' in t) {
        rt.log.line('mailsec/imap', `warning: ${listener} connection from ${rip} dropped: ${t.error}`);
        rt.flushSoon();
        client.destroy();
        return;
      }
      const up = connect({ host: '127.0.0.1', port: t.port });
      sockets.add(up);
      up.once('close', () => {
        sockets.delete(up);
        client.destroy();
      });
      client.once('close', () => up.destroy());
      up.on('error', () => client.destroy());
      up.once('connect', () => {
        up.write(proxyHeader(rip, rport, lport));
        client.pipe(up);
        up.pipe(client);
        client.resume();
      });
    });
  };

  const servers: Server[] = [];
  const ports = { ...want };
  try {
    for (const listener of ['imap', 'imaps'] as const) {
      const server = createServer((s) => serve(s, listener, ports[listener]));
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e: NodeJS.ErrnoException & { port?: number }) => {
          e.port = want[listener];
          reject(e);
        });
        server.listen(want[listener], host, () => resolve());
      });
      servers.push(server);
      const a = server.address();
      ports[listener] = typeof a === 'object' && a ? a.port : want[listener];
    }
  } catch (e) {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    throw e;
  }
  return {
    ports,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
