/**
 * One listener of the sandbox (smtp, submission, smtps or outside) on smtp-server.
 * It hands every socket to a PostfixSession, skipping smtp-server's 100 ms wait before
 * the banner, and does the implicit TLS of the smtps listener with the learner's
 * certificate of the moment.
 */
import { SMTPServer } from 'smtp-server';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Runtime } from '../runtime.js';
import type { Listener } from '../pipeline.js';
import { PostfixSession, clientName, tlsErrorText } from './session.js';

let sessionSeq = 0;
const boot = Date.now().toString(36);

/** Session ids: unique in the event log of a workspace (start time of this process, then a counter). */
function nextSessionId(): string {
  return `${boot}${(++sessionSeq).toString(36).padStart(5, '0')}`;
}

export class SandboxSmtpServer extends SMTPServer {
  readonly sessions = new Map<string, PostfixSession>();

  constructor(
    readonly rt: Runtime,
    readonly listener: Listener,
  ) {
    super({
      secure: listener === 'smtps',
      // the greeting comes from smtpd_banner; this only spares smtp-server an os.hostname() per connection
      name: 'localhost',
      logger: false,
      disableReverseLookup: true,
      // the session class writes Postfix's replies; these keep smtp-server's own out of the way
      hideENHANCEDSTATUSCODES: true,
      authOptional: true,
      maxAllowedUnauthenticatedCommands: false,
      socketTimeout: rt.limits.timeoutMs,
      closeTimeout: 1000,
      maxClients: 0,
      maxCommandLength: rt.limits.lineLength,
      size: 0,
    });
    this.on('error', () => undefined);
  }

  override connect(socket: Socket | TLSSocket, socketOptions?: { id?: string; remoteAddress?: string; remotePort?: number } | null): void {
    const opts = { ...(socketOptions ?? {}) };
    // the outside listener presents every client as a host on the internet
    if (this.listener === 'outside') opts.remoteAddress = this.rt.outsideAddress;
    const session = new PostfixSession(this, socket, opts);
    this.connections.add(session);
    this.sessions.set(session.id, session);
    session.on('error', () => undefined);
    socket.once('close', () => this.sessions.delete(session.id));
    const addr = String(opts.remoteAddress ?? session.remoteAddress ?? '').replace(/^::ffff:/, '');
    session.begin(this.rt, this.listener, addr, session.remotePort);
  }

  /** No PROXY protocol here: skip its parser, its random id and its extra tick. */
  override _handleProxy(_socket: Socket, callback: (err: Error | null, socketOptions?: { id: string }) => void): void {
    callback(null, { id: nextSessionId() });
  }

  override onConnect(_session: unknown, callback: (err?: Error | null) => void): void {
    callback();
  }

  override onSecure(socket: TLSSocket, session: { id: string }, callback: (err?: Error | null) => void): void {
    this.sessions.get(session.id)?.onTls(socket);
    callback();
  }

  /** The smtps handshake, with the current certificate; without one the client is dropped, as Postfix does. */
  override _upgrade(socket: Socket, callback: (err: Error | null, tlsSocket?: TLSSocket) => void): void {
    const svc = this.rt.config.services[this.listener];
    const addr = this.listener === 'outside' ? this.rt.outsideAddress : String(socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    if (!svc.tls) {
      this.rt.log.line(svc.program, `connect from ${clientName(addr)}[${addr}]`);
      this.rt.log.line(
        svc.program,
        `warning: Wrapper-mode request dropped from ${clientName(addr)}[${addr}] for service ${svc.service?.name ?? 'smtps'}. TLS context initialization failed. For details see earlier warnings in your logs.`,
      );
      this.rt.log.line(svc.program, `disconnect from ${clientName(addr)}[${addr}] commands=0/0`);
      this.rt.emit('tlsError', { listener: this.listener, client: { addr, name: clientName(addr) }, error: 'no certificate configured (smtpd_tls_cert_file / smtpd_tls_key_file)' });
      socket.destroy();
      return;
    }
    this.secureContext.set('*', svc.tls.context);
    super._upgrade(socket, (err, tlsSocket) => {
      if (err) {
        this.rt.log.line(svc.program, `connect from ${clientName(addr)}[${addr}]`);
        this.rt.log.line(svc.program, `SSL_accept error from ${clientName(addr)}[${addr}]: -1`);
        this.rt.log.line(svc.program, `warning: TLS library problem: ${tlsErrorText(err)}`);
        this.rt.log.line(svc.program, `lost connection after CONNECT from ${clientName(addr)}[${addr}]`);
        this.rt.log.line(svc.program, `disconnect from ${clientName(addr)}[${addr}] commands=0/0`);
        this.rt.emit('tlsError', { listener: this.listener, client: { addr, name: clientName(addr) }, error: tlsErrorText(err) });
      }
      callback(err, tlsSocket);
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

  shutdown(): Promise<void> {
    return new Promise((resolve) => {
      for (const s of this.sessions.values()) {
        try {
          s.send(421, `4.3.2 ${s.svc?.hostname ?? 'localhost'} Service shutting down`);
        } catch {
          // already gone
        }
      }
      this.close(() => resolve());
      // sockets that linger are destroyed
      setTimeout(() => {
        for (const s of this.sessions.values()) s._socket.destroy();
      }, 200).unref();
    });
  }
}
