/**
 * A small SPAMC/1.5 client (the protocol spamc speaks to spamd, spamd/PROTOCOL):
 *
 *   PROCESS SPAMC/1.5\r\n  Content-length: N\r\n  User: spamd\r\n  \r\n  <message>
 *   → SPAMD/1.1 0 EX_OK\r\n  Content-length: M\r\n  Spam: True ; 999.0 / 5.0\r\n  \r\n  <message>
 *
 * Loopback only: the sandbox never talks to anything off the machine.
 */
import { connect } from 'node:net';

export type SpamcCommand = 'PROCESS' | 'HEADERS' | 'CHECK' | 'SYMBOLS' | 'REPORT' | 'PING';

export interface SpamdAddress {
  host: string;
  port: number;
}

export interface SpamdReply {
  /** 0 = EX_OK; the others are sysexits codes (64 EX_USAGE, 76 EX_PROTOCOL, ...) */
  code: number;
  text: string;
  headers: Record<string, string>;
  body: Buffer;
  spam?: { isSpam: boolean; score: number; threshold: number };
}

export class SpamdError extends Error {
  constructor(
    message: string,
    readonly reason: 'refused' | 'timeout' | 'protocol' | 'not-loopback' | 'io',
  ) {
    super(message);
  }
}

const MAX_REPLY = 64 * 1024 * 1024;

export function isLoopback(host: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || host === 'localhost';
}

/** "host:port", "port" or "[::1]:port" → address; undefined when it is not one. */
export function parseSpamdAddress(v: string, defaultHost = '127.0.0.1'): SpamdAddress | undefined {
  const s = v.trim();
  const ok = (port: number) => port > 0 && port < 65536;
  let m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(s) ?? /^([^:\s]+):(\d{1,5})$/.exec(s);
  if (m) return ok(Number(m[2])) ? { host: m[1], port: Number(m[2]) } : undefined;
  m = /^(\d{1,5})$/.exec(s);
  if (m) return ok(Number(m[1])) ? { host: defaultHost, port: Number(m[1]) } : undefined;
  return undefined;
}

export function spamc(addr: SpamdAddress, command: SpamcCommand, message: Buffer, o: { user?: string; timeoutMs?: number } = {}): Promise<SpamdReply> {
  if (!isLoopback(addr.host)) return Promise.reject(new SpamdError(`spamd at ${addr.host} is not on loopback`, 'not-loopback'));
  const host = addr.host === 'localhost' ? '127.0.0.1' : addr.host;
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port: addr.port });
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err?: SpamdError, reply?: SpamdReply) => {
      if (done) return;
      done = true;
      sock.destroy();
      if (err) reject(err);
      else resolve(reply!);
    };
    sock.setTimeout(o.timeoutMs ?? 30_000, () => finish(new SpamdError(`no answer from spamd at ${host}:${addr.port}`, 'timeout')));
    sock.on('error', (e: NodeJS.ErrnoException) =>
      finish(new SpamdError(`connect to spamd at ${host}:${addr.port} failed: ${e.code ?? e.message}`, e.code === 'ECONNREFUSED' ? 'refused' : 'io')),
    );
    sock.on('connect', () => {
      let head = `${command} SPAMC/1.5\r\n`;
      if (command !== 'PING') head += `Content-length: ${message.length}\r\n`;
      if (o.user) head += `User: ${o.user}\r\n`;
      sock.write(head + '\r\n');
      if (command !== 'PING') sock.write(message);
      // spamd reads Content-length bytes; half-closing tells older ones we are done
      sock.end();
    });
    sock.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_REPLY) return finish(new SpamdError('spamd answer too large', 'protocol'));
      chunks.push(d);
    });
    sock.on('end', () => {
      try {
        finish(undefined, parseReply(Buffer.concat(chunks)));
      } catch (e) {
        finish(e as SpamdError);
      }
    });
  });
}

export function parseReply(buf: Buffer): SpamdReply {
  const sep = buf.indexOf('\r\n\r\n');
  const headEnd = sep < 0 ? buf.length : sep;
  const lines = buf.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = /^SPAMD\/\d+\.\d+\s+(\d+)\s*(.*)$/.exec(lines[0] ?? '');
  if (!status) throw new SpamdError(`not a spamd answer: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`, 'protocol');
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  let body = sep < 0 ? Buffer.alloc(0) : buf.subarray(sep + 4);
  const len = headers['content-length'];
  if (len !== undefined && /^\d+$/.test(len) && Number(len) <= body.length) body = body.subarray(0, Number(len));
  const reply: SpamdReply = { code: Number(status[1]), text: status[2], headers, body };
  const s = /^(True|False|Yes|No)\s*;\s*(-?[\d.]+)\s*\/\s*(-?[\d.]+)/i.exec(headers['spam'] ?? '');
  if (s) reply.spam = { isSpam: /^(true|yes)$/i.test(s[1]), score: Number(s[2]), threshold: Number(s[3]) };
  return reply;
}
