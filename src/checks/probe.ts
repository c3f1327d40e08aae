import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { X509Certificate } from 'node:crypto';
import { rethrowBug } from '../util/errors.js';
import type { Message } from '../i18n/messages.js';

/** The name every check session gives in EHLO, so checks can tell their own sessions from the learner's. */
export const PROBE_HELO = 'mailsec-check.invalid';

export type ProbeErrorCode = 'refused' | 'timeout' | 'closed' | 'tls' | 'protocol';

export class ProbeError extends Error {
  constructor(
    public code: ProbeErrorCode,
    message: string,
    /** the same in the learner's language, when the text is ours (a system's or OpenSSL's error stays as it is) */
    public detail?: Message,
  ) {
    super(message);
  }
}

export interface Reply {
  code: number;
  /** text of each line, without the code and separator */
  lines: string[];
  /** the reply as the server sent it, lines joined with " / " */
  raw: string;
}

export interface TlsInfo {
  protocol: string;
  cipher: string;
  cert?: X509Certificate;
}

const MAX_LINE = 4096;

/**
 * Called before every connection a check opens: against a real server it spaces the
 * connections out and counts them (src/checks/remote.ts); against the sandbox there is none.
 */
let pacer: (() => Promise<void>) | undefined;
export function setConnectionPacer(p: (() => Promise<void>) | undefined): void {
  pacer = p;
}
const MAX_LINES = 200;

/**
 * A small SMTP client for checks: one command at a time, every read bounded by a
 * timeout, replies limited in size so a hostile or broken server cannot hang a check.
 */
export class SmtpProbe {
  private buf = '';
  private pending: string[] = [];
  private waiter?: () => void;
  private ended?: ProbeError;
  readonly transcript: string[] = [];
  tls?: TlsInfo;

  private constructor(
    private sock: Socket | TLSSocket,
    private timeoutMs: number,
  ) {
    this.attach(sock);
  }

  static async connect(host: string, port: number, timeoutMs = 5000): Promise<SmtpProbe> {
    await pacer?.();
    return new Promise((resolve, reject) => {
      const sock = netConnect({ host, port });
      const timer = setTimeout(() => {
        sock.destroy();
        reject(
          new ProbeError('timeout', `no connection to ${host}:${port} within ${timeoutMs} ms`, {
            key: 'tls.probe.noConnection',
            params: { host, port, ms: timeoutMs },
          }),
        );
      }, timeoutMs);
      sock.once('connect', () => {
        clearTimeout(timer);
        resolve(new SmtpProbe(sock, timeoutMs));
      });
      sock.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new ProbeError(e.code === 'ECONNREFUSED' ? 'refused' : 'closed', e.message));
      });
    });
  }

  private attach(sock: Socket | TLSSocket): void {
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      this.buf += d;
      let i: number;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        this.pending.push(this.buf.slice(0, i).replace(/\r$/, ''));
        this.buf = this.buf.slice(i + 1);
      }
      if (this.buf.length > MAX_LINE || this.pending.length > MAX_LINES) {
        this.ended = new ProbeError('protocol', 'the server sent an overlong reply', { key: 'tls.probe.overlong' });
        sock.destroy();
      }
      this.wake();
    });
    sock.on('error', (e) => {
      this.ended ??= new ProbeError('closed', e.message);
      this.wake();
    });
    sock.on('close', () => {
      this.ended ??= new ProbeError('closed', 'the server closed the connection', { key: 'tls.probe.closed' });
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  private async nextLine(): Promise<string> {
    const deadline = Date.now() + this.timeoutMs;
    while (!this.pending.length) {
      if (this.ended) throw this.ended;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new ProbeError('timeout', `no reply within ${this.timeoutMs} ms`, {
          key: 'tls.probe.noReply',
          params: { ms: this.timeoutMs },
        });
      await new Promise<void>((res) => {
        const timer = setTimeout(res, left);
        this.waiter = () => {
          clearTimeout(timer);
          res();
        };
      });
    }
    return this.pending.shift()!;
  }

  /** Reads one (possibly multi-line) reply. */
  async read(): Promise<Reply> {
    const lines: string[] = [];
    const raw: string[] = [];
    for (;;) {
      const line = await this.nextLine();
      const m = /^(\d{3})([ -]?)(.*)$/.exec(line);
      if (!m)
        throw new ProbeError('protocol', `not an SMTP reply: ${line.slice(0, 80)}`, {
          key: 'tls.probe.notSmtp',
          params: { line: line.slice(0, 80) },
        });
      raw.push(line);
      lines.push(m[3]);
      if (m[2] !== '-') {
        // a multi-line reply (EHLO) takes one line of the transcript, so evidence fits a screen
        this.transcript.push(`S: ${raw[0]}${lines.length > 1 ? ' ' + lines.slice(1).join(' ') : ''}`);
        return { code: Number(m[1]), lines, raw: raw.join(' / ') };
      }
    }
  }

  async command(line: string, shown = line): Promise<Reply> {
    if (this.ended) throw this.ended;
    this.transcript.push(`C: ${shown}`);
    this.sock.write(line + '\r\n');
    return this.read();
  }

  /** Lines sent with no reply awaited: a message's content after DATA (none may begin with a dot). */
  send(lines: string[]): void {
    if (this.ended) throw this.ended;
    for (const l of lines) this.transcript.push(`C: ${l}`);
    this.sock.write(lines.map((l) => `${l}\r\n`).join(''));
  }

  /** EHLO as a check; returns the reply and the extensions it lists (upper-case keyword → rest). */
  async ehlo(): Promise<{ reply: Reply; ext: Map<string, string> }> {
    const reply = await this.command(`EHLO ${PROBE_HELO}`);
    const ext = new Map<string, string>();
    if (reply.code === 250) {
      for (const l of reply.lines.slice(1)) {
        const [kw, ...rest] = l.trim().split(/\s+/);
        if (kw) ext.set(kw.toUpperCase(), rest.join(' '));
      }
    }
    return { reply, ext };
  }

  /** Sends STARTTLS (the caller has checked the reply code) and performs the handshake, accepting any certificate. */
  async upgrade(servername?: string): Promise<TlsInfo> {
    const raw = this.sock as Socket;
    raw.removeAllListeners('data');
    raw.removeAllListeners('close');
    raw.removeAllListeners('error');
    const sock = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tlsConnect({ socket: raw, rejectUnauthorized: false, servername });
      const timer = setTimeout(() => {
        s.destroy();
        reject(
          new ProbeError('timeout', `no TLS handshake within ${this.timeoutMs} ms`, {
            key: 'tls.probe.noTls',
            params: { ms: this.timeoutMs },
          }),
        );
      }, this.timeoutMs);
      s.once('secureConnect', () => {
        clearTimeout(timer);
        resolve(s);
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(new ProbeError('tls', e.message));
      });
    });
    this.sock = sock;
    this.pending = [];
    this.buf = '';
    this.attach(sock);
    const cipher = sock.getCipher();
    this.tls = {
      protocol: sock.getProtocol() ?? '',
      cipher: cipher?.standardName ?? cipher?.name ?? '',
      cert: sock.getPeerX509Certificate(),
    };
    this.transcript.push(`   (TLS ${this.tls.protocol} ${this.tls.cipher})`);
    return this.tls;
  }

  /** The address this end of the connection has, as the server sees it (without NAT). */
  get localAddress(): string {
    return this.sock.localAddress ?? '?';
  }

  /** QUIT politely, then close whatever happens. */
  async close(): Promise<void> {
    try {
      if (!this.ended) await this.command('QUIT');
    } catch (e) {
      rethrowBug(e);
      // the server may already be gone
    }
    this.sock.destroy();
  }
}

/** Opens a probe session, runs `fn` and always closes it. */
export async function withProbe<T>(host: string, port: number, fn: (p: SmtpProbe) => Promise<T>, timeoutMs = 5000): Promise<T> {
  const p = await SmtpProbe.connect(host, port, timeoutMs);
  try {
    return await fn(p);
  } finally {
    await p.close();
  }
}
