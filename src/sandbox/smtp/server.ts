/**
 * One listener of the sandbox (smtp, submission, smtps or outside) on node:net. It hands
 * every socket to a PostfixSession, and does the implicit TLS of the smtps listener with
 * the learner's certificate of the moment before the session starts.
 */
import net, { type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { Runtime } from '../runtime.js';
import type { Listener } from '../pipeline.js';
import { param } from '../../postfix/main-cf.js';
import { SmtpSession, clientName, tlsErrorText, type PostfixSession } from './session.js';
import { screen } from './postscreen.js';

let sessionSeq = 0;
const boot = Date.now().toString(36);

/** Session ids: unique in the event log of a workspace (start time of this process, then a counter). */
function nextSessionId(): string {
  return `${boot}${(++sessionSeq).toString(36).padStart(5, '0')}`;
}

export class SandboxSmtpServer {
  readonly sessions = new Map<string, PostfixSession>();
  closing = false;
  private readonly server: net.Server;
  private readonly sockets = new Set<Socket>();
  /** sessions running, and the clients waiting for one to end (the service's process limit) */
  private running = 0;
  private readonly waiting: { raw: Socket; socket: Socket }[] = [];
  /** each client's address and port, known at accept (a client gone while it waited has none) */
  private readonly peers = new WeakMap<Socket, { addr: string; port: number }>();

  constructor(
    readonly rt: Runtime,
    readonly listener: Listener,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.on('error', () => undefined);
  }

  /** the address a client is known by: the outside listener presents every client as a host on the internet */
  private addressOf(socket: Socket): string {
    return this.listener === 'outside' ? this.rt.outsideAddress : String(socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  }

  private accept(socket: Socket): void {
    this.peers.set(socket, { addr: this.addressOf(socket), port: socket.remotePort ?? 0 });
    this.sockets.add(socket);
    this.rt.idleGc.connected();
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.rt.idleGc.disconnected();
    });
    // errors before a session listens (a reset during the smtps handshake) are not thrown
    socket.on('error', () => undefined);
    if (this.closing) {
      socket.destroy();
      return;
    }
    if (this.listener === 'smtps') this.handshake(socket);
    else this.start(socket, socket);
  }

  private start(raw: Socket, socket: Socket): void {
    const svc = this.rt.config.services[this.listener];
    if (svc.postscreen && raw === socket) {
      screen({
        rt: this.rt,
        svc,
        listener: this.listener,
        socket,
        // the port a real server would listen on for this service (25 for smtp)
        client: { addr: this.addressOf(raw), port: raw.remotePort ?? 0, localAddr: raw.localAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1', localPort: 25 },
        handoff: () => this.startSession(raw, socket),
      });
      return;
    }
    this.startSession(raw, socket);
  }

  /**
   * The service's maxproc (master.cf; "-" is default_process_limit, 100): as under Postfix's
   * master, the clients past it wait, unanswered, until a session ends. 0 is no limit.
   */
  private processLimit(): number {
    const svc = this.rt.config.services[this.listener];
    const m = svc.service?.maxproc ?? '-';
    const n = Number(m === '-' ? param(svc.cf, 'default_process_limit') || '100' : m);
    return Number.isInteger(n) && n >= 0 ? n : 100;
  }

  private startSession(raw: Socket, socket: Socket): void {
    const limit = this.processLimit();
    if (limit > 0 && this.running >= limit) {
      // not read, not answered: the client may well give up and go while it waits
      this.waiting.push({ raw, socket });
      return;
    }
    this.running++;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.running--;
      const max = this.processLimit();
      while (this.waiting.length && !this.closing && (max === 0 || this.running < max)) {
        const w = this.waiting.shift()!;
        this.startSession(w.raw, w.socket);
      }
    };
    raw.once('close', end);
    const peer = this.peers.get(raw) ?? { addr: this.addressOf(raw), port: raw.remotePort ?? 0 };
    // line_length_limit as this service reads it (master.cf -o, main.cf, Postfix's 2048)
    const lineLimit = Number(param(this.rt.config.services[this.listener].cf, 'line_length_limit')) || this.rt.limits.lineLength;
    const session = new SmtpSession(this, socket, nextSessionId(), peer.port, lineLimit);
    this.sessions.set(session.id, session);
    raw.once('close', () => this.sessions.delete(session.id));
    session.begin(this.rt, this.listener, peer.addr, peer.port);
    if (raw.destroyed) end();
  }

  /** The smtps handshake, with the current certificate; without one the client is dropped, as Postfix does. */
  private handshake(socket: Socket): void {
    const svc = this.rt.config.services[this.listener];
    const addr = this.addressOf(socket);
    const who = `${clientName(addr)}[${addr}]`;
    if (!svc.tls) {
      this.rt.log.line(svc.program, `connect from ${who}`);
      this.rt.log.line(svc.program, `warning: Wrapper-mode request dropped from ${who} for service ${svc.service?.name ?? 'smtps'}. TLS context initialization failed. For details see earlier warnings in your logs.`);
      this.rt.log.line(svc.program, `disconnect from ${who} commands=0/0`);
      this.rt.emit('tlsError', { listener: this.listener, client: { addr, name: clientName(addr) }, error: 'no certificate configured (smtpd_tls_cert_file / smtpd_tls_key_file)' });
      socket.destroy();
      return;
    }
    const tls = new TLSSocket(socket, { isServer: true, secureContext: svc.tls.context });
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      this.rt.log.line(svc.program, `connect from ${who}`);
      this.rt.log.line(svc.program, `SSL_accept error from ${who}: -1`);
      this.rt.log.line(svc.program, `warning: TLS library problem: ${tlsErrorText(err)}`);
      this.rt.log.line(svc.program, `lost connection after CONNECT from ${who}`);
      this.rt.log.line(svc.program, `disconnect from ${who} commands=0/0`);
      this.rt.emit('tlsError', { listener: this.listener, client: { addr, name: clientName(addr) }, error: tlsErrorText(err) });
      tls.destroy();
      socket.destroy();
    };
    tls.on('error', fail);
    tls.once('_tlsError', fail);
    // a client that connects and never says hello is dropped after the idle timeout
    tls.setTimeout(this.rt.limits.timeoutMs, () => tls.destroy());
    tls.once('secure', () => {
      tls.removeListener('error', fail);
      tls.removeAllListeners('timeout');
      if (this.closing) {
        tls.destroy();
        return;
      }
      this.start(socket, tls);
    });
  }

  listenOn(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.removeListener('error', onError);
        const a = this.server.address();
        resolve(typeof a === 'object' && a ? a.port : port);
      });
    });
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /** master.cf no longer names this service: refuse new clients (sessions already open finish). */
  pause(): void {
    if (this.server.listening) this.server.close();
  }

  shutdown(): Promise<void> {
    return new Promise((resolve) => {
      this.closing = true;
      for (const s of this.sessions.values()) {
        try {
          s.send(421, `4.3.2 ${s.svc?.hostname ?? 'localhost'} Service shutting down`);
        } catch {
          // already gone
        }
      }
      this.server.close(() => resolve());
      // sockets that linger are destroyed
      setTimeout(() => {
        for (const s of this.sockets) s.destroy();
      }, 200).unref();
    });
  }
}
