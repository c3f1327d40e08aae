/**
 * The POP3 listeners on 127.0.0.1: POP3 with STLS and POP3S (implicit TLS), serving the
 * SASL users' Maildirs as Dovecot does. The certificate is the mail server's of lesson 02
 * (smtpd_tls_cert_file / smtpd_tls_key_file of main.cf, else etc/ssl/certs/cert.crt), read
 * again when its files change. Without a usable one, STLS is not offered and answers
 * "-ERR TLS support isn't enabled." (Dovecot with ssl = no) and POP3S drops each client
 * (a real Dovecot with ssl = yes and no readable certificate would not start at all).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { fileStamp } from '../../util/file-stamp.js';
import { TLSSocket, createSecureContext, type SecureContext } from 'node:tls';
import { readFileSync } from 'node:fs';
import type { Runtime } from '../runtime.js';
import { mailCertFiles } from '../mail-cert.js';
import { rethrowBug } from '../../util/errors.js';
import { tlsErrorText } from '../smtp/session-tls.js';
import { MAX_LINE } from './protocol.js';
import { Pop3Session } from './session.js';

export interface Pop3Handle {
  pop3: number;
  pop3s: number;
  close(): Promise<void>;
}

/** The learner's certificate as a TLS context, cached until its files change. */
function certificate(rt: Runtime): () => { ctx?: SecureContext; error?: string } {
  let cached: { key: string; ctx?: SecureContext; error?: string } | undefined;
  return () => {
    const { certName, cert, key } = mailCertFiles(rt);
    const id = [cert, fileStamp(cert), key, fileStamp(key)].join('|');
    if (cached?.key === id) return cached;
    try {
      cached = { key: id, ctx: createSecureContext({ cert: readFileSync(cert), key: readFileSync(key), minVersion: 'TLSv1.2' }) };
    } catch (e) {
      rethrowBug(e);
      cached = { key: id, error: `${certName}: ${(e as Error).message.split('\n')[0]}` };
    }
    return cached;
  };
}

/** Lines of a socket, CRLF or LF ended, at most MAX_LINE bytes each, handled one at a time. */
class LineReader {
  private buf: Buffer = Buffer.alloc(0);
  private queue: string[] = [];
  private busy = false;
  private socket: Socket | undefined;

  constructor(
    private readonly session: Pop3Session,
    private readonly onIdle: () => void,
  ) {}

  private readonly onData = (chunk: Buffer) => {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let nl: number;
    while ((nl = this.buf.indexOf(0x0a)) >= 0) {
      const line = this.buf.subarray(0, nl > 0 && this.buf[nl - 1] === 0x0d ? nl - 1 : nl);
      this.buf = this.buf.subarray(nl + 1);
      if (line.length > MAX_LINE) return this.tooLong();
      this.queue.push(line.toString('utf8'));
    }
    if (this.buf.length > MAX_LINE) return this.tooLong();
    // many pipelined commands: stop reading until they are answered
    if (this.queue.length > 64) this.socket?.pause();
    void this.pump();
  };

  private tooLong(): void {
    this.detach();
    this.queue = [];
    this.buf = Buffer.alloc(0);
    this.session.lineTooLong();
  }

  attach(socket: Socket): void {
    this.socket = socket;
    socket.on('data', this.onData);
  }

  /** STLS: what the client pipelined after it in plaintext is dropped (RFC 2595 §4) */
  detach(): void {
    this.socket?.removeListener('data', this.onData);
    this.socket = undefined;
    this.queue = [];
    this.buf = Buffer.alloc(0);
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length && !this.session.ended) {
        const line = this.queue.shift()!;
        this.onIdle();
        await this.session.line(line);
      }
    } finally {
      this.busy = false;
    }
    if (!this.session.ended) this.socket?.resume();
  }
}

export async function startPop3(rt: Runtime, host: string, ports: { pop3: number; pop3s: number }): Promise<Pop3Handle> {
  const context = certificate(rt);
  const sockets = new Set<Socket>();
  const sessions = new Set<Pop3Session>();

  const serve = (raw: Socket, implicit: boolean) => {
    sockets.add(raw);
    raw.on('error', () => undefined);
    // a reply goes out in several writes (the +OK line, the message, the dot): without this,
    // Nagle holds the last one until the client's delayed ACK, 40 ms per RETR
    raw.setNoDelay(true);
    rt.idleGc.connected();
    raw.once('close', () => {
      sockets.delete(raw);
      rt.idleGc.disconnected();
    });
    const peer = { rip: raw.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1', rport: raw.remotePort ?? 0, lip: raw.localAddress?.replace(/^::ffff:/, '') ?? host };
    let socket: Socket = raw;
    let closeTimer: NodeJS.Timeout | undefined;
    const conn = {
      write: (data: string | Buffer) => (socket.destroyed || !socket.writable ? true : socket.write(data)),
      drained: () =>
        new Promise<void>((resolve) => {
          if (socket.destroyed || !socket.writableNeedDrain) return resolve();
          const done = () => {
            socket.off('drain', done);
            socket.off('close', done);
            resolve();
          };
          socket.once('drain', done);
          socket.once('close', done);
        }),
      startTls: () => upgrade(false),
      end: () => {
        reader.detach();
        if (!socket.destroyed) socket.end();
        // a client that keeps its side open is dropped
        closeTimer = setTimeout(() => socket.destroy(), 2000);
        closeTimer.unref();
      },
    };
    const session = new Pop3Session(rt, conn, peer, () => !!context().ctx, implicit);
    sessions.add(session);
    const reader = new LineReader(session, () => socket.setTimeout(rt.limits.timeoutMs));
    // the reply is flushed before the socket closes; one already ended that lingers is dropped
    const onTimeout = () => {
      if (session.ended) socket.destroy();
      else session.timeout();
    };
    const onClose = () => {
      clearTimeout(closeTimer);
      sessions.delete(session);
      session.closed();
      rt.flushSoon();
    };

    const upgrade = (greet: boolean) => {
      const { ctx } = context();
      reader.detach();
      raw.removeListener('timeout', onTimeout);
      raw.setTimeout(0);
      const tls = new TLSSocket(raw, { isServer: true, secureContext: ctx });
      socket = tls;
      tls.setTimeout(rt.limits.timeoutMs, onTimeout);
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        // OpenSSL's reason as Dovecot prints it: without the source file and line Postfix shows
        session.tlsFailed(`SSL_accept() failed: ${tlsErrorText(err).replace(/:\.\.\/[^:]*:\d+:?$/, '')}`);
        tls.destroy();
        raw.destroy();
      };
      tls.on('error', fail);
      tls.once('_tlsError', fail);
      tls.once('secure', () => {
        // from here an error (a reset) is a client going away, not a failed handshake
        tls.removeListener('error', fail);
        tls.removeListener('_tlsError', fail);
        tls.on('error', () => undefined);
        if (greet) session.greet();
        else session.tlsUp();
        reader.attach(tls);
      });
    };

    raw.once('close', onClose);
    if (!implicit) {
      raw.setTimeout(rt.limits.timeoutMs, onTimeout);
      session.greet();
      reader.attach(raw);
      return;
    }
    const { ctx, error } = context();
    if (!ctx) {
      rt.log.line('mailsec/pop3', `warning: pop3s connection from ${peer.rip} dropped: no usable certificate (${error ?? 'none'})`);
      rt.flushSoon();
      sessions.delete(session);
      raw.removeListener('close', onClose);
      raw.destroy();
      return;
    }
    upgrade(true);
  };

  const listen = (implicit: boolean, port: number): Promise<Server> =>
    new Promise((resolve, reject) => {
      const server = createServer({ pauseOnConnect: false }, (s) => serve(s, implicit));
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  const portOf = (s: Server, fallback: number) => {
    const a = s.address();
    return typeof a === 'object' && a ? a.port : fallback;
  };

  const plain = await listen(false, ports.pop3);
  let secure: Server;
  try {
    secure = await listen(true, ports.pop3s);
  } catch (e) {
    await new Promise<void>((r) => plain.close(() => r()));
    throw e;
  }
  return {
    pop3: portOf(plain, ports.pop3),
    pop3s: portOf(secure, ports.pop3s),
    close: async () => {
      for (const s of sessions) s.shuttingDown();
      // clients that keep their side open are not waited for
      setTimeout(() => {
        for (const s of sockets) s.destroy();
      }, 200).unref();
      await Promise.all([plain, secure].map((srv) => new Promise<void>((r) => srv.close(() => r()))));
    },
  };
}
