// A tiny raw SMTP client for tests: send a line, read one (multi-line) reply, STARTTLS.
import net from 'node:net';
import tls from 'node:tls';

export interface Reply {
  code: number;
  lines: string[];
  /** the lines without their codes, joined with \n */
  text: string;
  /** the reply as it came, "250-a\r\n250 b" */
  raw: string;
}

export class RawSmtp {
  socket: net.Socket | tls.TLSSocket;
  private buf = '';
  private waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  private ready: Reply[] = [];
  closed = false;
  banner!: Reply;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    this.attach(socket);
  }

  private attach(s: net.Socket | tls.TLSSocket): void {
    s.setEncoding('latin1');
    s.on('data', (d: string) => this.onData(d));
    s.on('close', () => {
      this.closed = true;
      for (const w of this.waiting.splice(0)) w.reject(new Error('connection closed'));
    });
    s.on('error', () => undefined);
  }

  static connect(port: number, host = '127.0.0.1', timeoutMs = 5000): Promise<RawSmtp> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, host);
      const c = new RawSmtp(s);
      const timer = setTimeout(() => reject(new Error('no banner')), timeoutMs);
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      c.read().then(
        (r) => {
          clearTimeout(timer);
          c.banner = r;
          resolve(c);
        },
        (e) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  /** Connects with implicit TLS (the smtps listener). */
  static connectTls(port: number, opts: tls.ConnectionOptions = {}, host = '127.0.0.1'): Promise<RawSmtp> {
    return new Promise((resolve, reject) => {
      const s = tls.connect({ port, host, rejectUnauthorized: false, ...opts });
      const c = new RawSmtp(s as unknown as net.Socket);
      s.once('error', reject);
      c.read().then((r) => {
        c.banner = r;
        resolve(c);
      }, reject);
    });
  }

  private onData(d: string): void {
    this.buf += d;
    for (;;) {
      const m = /^(?:(\d{3})-[^\n]*\n)*(\d{3})(?: [^\n]*)?\r?\n/.exec(this.buf);
      if (!m) return;
      const raw = m[0];
      this.buf = this.buf.slice(raw.length);
      const lines = raw.replace(/\r?\n$/, '').split(/\r?\n/);
      const reply: Reply = {
        code: Number(m[2]),
        lines,
        text: lines.map((l) => l.slice(4)).join('\n'),
        raw: raw.replace(/\r?\n$/, ''),
      };
      const w = this.waiting.shift();
      if (w) w.resolve(reply);
      else this.ready.push(reply);
    }
  }

  read(timeoutMs = 10000): Promise<Reply> {
    const r = this.ready.shift();
    if (r) return Promise.resolve(r);
    if (this.closed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiting.findIndex((w) => w.resolve === done);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new Error('no reply'));
      }, timeoutMs);
      const done = (x: Reply) => {
        clearTimeout(timer);
        resolve(x);
      };
      this.waiting.push({
        resolve: done,
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  send(line: string): Promise<Reply> {
    this.socket.write(line + '\r\n');
    return this.read();
  }

  /** Sends STARTTLS and does the handshake; resolves with the STARTTLS reply. */
  async startTls(opts: tls.ConnectionOptions = {}): Promise<Reply> {
    const r = await this.send('STARTTLS');
    if (r.code !== 220) return r;
    const plain = this.socket as net.Socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    await new Promise<void>((resolve, reject) => {
      const s = tls.connect({ socket: plain, rejectUnauthorized: false, ...opts }, () => resolve());
      s.once('error', reject);
      this.socket = s;
      this.attach(s);
    });
    return r;
  }

  /** MAIL, RCPT..., DATA, the message, ".", returning every reply. */
  async mail(from: string, to: string[], message: string): Promise<Reply[]> {
    const out: Reply[] = [await this.send(`MAIL FROM:<${from}>`)];
    for (const t of to) out.push(await this.send(`RCPT TO:<${t}>`));
    const d = await this.send('DATA');
    out.push(d);
    if (d.code !== 354) return out;
    const body = message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    out.push(await this.send(body + (body.endsWith('\r\n') ? '' : '\r\n') + '.'));
    return out;
  }

  async quit(): Promise<void> {
    if (this.closed) return;
    try {
      await this.send('QUIT');
    } catch {
      // gone already
    }
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Resolves when the server closes the connection. */
  closedPromise(timeoutMs = 5000): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
