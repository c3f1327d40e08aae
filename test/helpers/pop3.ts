// A tiny raw POP3 client for tests: a line in, a single-line or multi-line reply out, STLS.
import net from 'node:net';
import tls from 'node:tls';

export class RawPop3 {
  socket: net.Socket | tls.TLSSocket;
  private buf = '';
  private lines: string[] = [];
  private waiters: (() => void)[] = [];
  closed = false;
  greeting = '';

  private constructor(socket: net.Socket | tls.TLSSocket) {
    this.socket = socket;
    this.attach(socket);
  }

  private attach(s: net.Socket | tls.TLSSocket): void {
    s.setEncoding('latin1');
    s.on('data', (d: string) => {
      this.buf += d;
      let i: number;
      while ((i = this.buf.indexOf('\r\n')) >= 0) {
        this.lines.push(this.buf.slice(0, i));
        this.buf = this.buf.slice(i + 2);
      }
      for (const w of this.waiters.splice(0)) w();
    });
    s.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
    s.on('error', () => undefined);
  }

  /** `before`: bytes sent first (a PROXY header, for a Dovecot behind haproxy's protocol) */
  static async connect(port: number, o: { tls?: boolean; before?: string } = {}): Promise<RawPop3> {
    let s: net.Socket | tls.TLSSocket;
    if (o.before !== undefined) {
      const raw = net.connect(port, '127.0.0.1');
      await new Promise<void>((resolve, reject) => {
        raw.once('connect', () => resolve());
        raw.once('error', reject);
      });
      raw.write(o.before);
      s = o.tls ? tls.connect({ socket: raw, rejectUnauthorized: false }) : raw;
    } else s = o.tls ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }) : net.connect(port, '127.0.0.1');
    const c = new RawPop3(s);
    c.greeting = await c.line();
    return c;
  }

  /** the next line from the server ('' once the connection is closed and nothing is left) */
  async line(timeoutMs = 5000): Promise<string> {
    const end = Date.now() + timeoutMs;
    while (!this.lines.length) {
      if (this.closed) return '';
      if (Date.now() > end) throw new Error(`no reply in ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return this.lines.shift()!;
  }

  /** A multi-line reply: the status line, then the lines up to "." (dot-unstuffed). */
  async multi(): Promise<{ status: string; lines: string[] }> {
    const status = await this.line();
    const lines: string[] = [];
    if (!status.startsWith('+OK')) return { status, lines };
    for (;;) {
      const l = await this.line();
      if (l === '.' || (l === '' && this.closed)) break;
      lines.push(l.startsWith('..') ? l.slice(1) : l);
    }
    return { status, lines };
  }

  write(s: string | Buffer): void {
    this.socket.write(s);
  }

  async cmd(line: string): Promise<string> {
    this.write(line + '\r\n');
    return this.line();
  }

  async multiCmd(line: string): Promise<{ status: string; lines: string[] }> {
    this.write(line + '\r\n');
    return this.multi();
  }

  /** STLS, then the handshake on the same connection */
  async stls(): Promise<string> {
    const r = await this.cmd('STLS');
    if (!r.startsWith('+OK')) return r;
    const raw = this.socket as net.Socket;
    raw.removeAllListeners('data');
    raw.removeAllListeners('close');
    const s = tls.connect({ socket: raw, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      s.once('secureConnect', () => resolve());
      s.once('error', reject);
    });
    this.socket = s;
    this.attach(s);
    return r;
  }

  /** AUTH PLAIN with an initial response */
  async login(user = 'alumno', pass = 'secreto'): Promise<string> {
    return this.cmd(`AUTH PLAIN ${Buffer.from(`\0${user}\0${pass}`).toString('base64')}`);
  }

  async waitClosed(timeoutMs = 3000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  }

  destroy(): void {
    this.socket.destroy();
  }
}
