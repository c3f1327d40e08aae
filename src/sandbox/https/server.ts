/**
 * The web server of mta-sts.<domain> (RFC 8461 §3.3): HTTPS on 127.0.0.1, serving the
 * workspace's policy file at /.well-known/mta-sts.txt for any Host. The certificate is
 * read from the workspace on each connection, so a new one counts without a reload:
 * etc/ssl/certs/mta-sts.crt with its key, or else the mail server's of lesson 2.
 * Each request of the policy is an `https` event, with the `_mta-sts` id the DNS gave
 * at that moment (what a sender would cache together with the policy).
 */
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { fileStamp } from '../../util/file-stamp.js';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { TLSSocket, createSecureContext, type SecureContext } from 'node:tls';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Runtime } from '../runtime.js';
import { MAIL_CERT, POLICY_FILE, POLICY_PATH, WEB_CERT, parsePolicy, stsRecord } from '../../postfix/mta-sts.js';
import { rethrowBug } from '../../util/errors.js';


const MAX_HEADER_BYTES = 8192;
const MAX_POLICY_BYTES = 64 * 1024;

export interface HttpsHandle {
  port: number;
  close(): Promise<void>;
}

export async function startHttps(rt: Runtime, host: string, port: number): Promise<HttpsHandle> {
  let cached: { key: string; ctx: SecureContext | undefined; error?: string } | undefined;
  /** The context of the certificate in use now, or why there is none. */
  const context = (): { ctx?: SecureContext; error?: string } => {
    const pair = fileStamp(rt.ws.resolve(WEB_CERT.cert)) && fileStamp(rt.ws.resolve(WEB_CERT.key)) ? WEB_CERT : MAIL_CERT;
    const key = [pair.cert, fileStamp(rt.ws.resolve(pair.cert)), fileStamp(rt.ws.resolve(pair.key))].join('|');
    if (cached?.key === key) return cached;
    try {
      const ctx = createSecureContext({ cert: readFileSync(rt.ws.resolve(pair.cert)), key: readFileSync(rt.ws.resolve(pair.key)) });
      cached = { key, ctx };
    } catch (e) {
      rethrowBug(e);
      cached = { key, ctx: undefined, error: `${pair.cert}: ${(e as Error).message}` };
    }
    return cached;
  };

  const http = createHttpServer({ maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 10_000, headersTimeout: 5_000 }, (req, res) => {
    void answer(rt, req, res).catch((e: unknown) => {
      rt.emit('error', { stage: 'https', error: (e as Error)?.stack ?? String(e) });
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  http.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  const server: Server = createNetServer((socket) => {
    socket.on('error', () => undefined);
    const { ctx, error } = context();
    if (!ctx) {
      rt.emit('https', { host: '', path: '', status: 0, error: error ?? 'no certificate' });
      rt.flush();
      socket.destroy();
      return;
    }
    const tls = new TLSSocket(socket, { isServer: true, secureContext: ctx });
    tls.on('error', () => socket.destroy());
    http.emit('connection', tls);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The `_mta-sts` id the sandbox's DNS gives for the domain of a Host, if any. */
async function currentId(rt: Runtime, hostName: string): Promise<string | undefined> {
  const domain = hostName.toLowerCase().replace(/^mta-sts\./, '');
  if (domain === hostName.toLowerCase()) return undefined;
  try {
    const txt = ((await rt.resolver(`_mta-sts.${domain}`, 'TXT')) as string[][]).map((parts) => parts.join(''));
    const r = stsRecord(txt);
    return r.ok ? r.value.id : undefined;
  } catch (e) {
    rethrowBug(e);
    return undefined;
  }
}

async function answer(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '').split('?')[0];
  const hostName = (req.headers.host ?? '').replace(/:\d+$/, '').slice(0, 253);
  const agent = (req.headers['user-agent'] ?? '').slice(0, 100);
  const finish = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (path !== POLICY_PATH) return finish(404, 'Not Found\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return finish(405, 'Method Not Allowed\n');
  let body: Buffer;
  try {
    body = readFileSync(rt.ws.resolve(POLICY_FILE));
  } catch (e) {
    rethrowBug(e);
    rt.emit('https', { host: hostName, path, status: 404, agent });
    rt.flush();
    return finish(404, 'Not Found\n');
  }
  if (body.length > MAX_POLICY_BYTES) body = body.subarray(0, MAX_POLICY_BYTES);
  const policy = parsePolicy(body.toString('utf8'));
  const id = await currentId(rt, hostName);
  rt.emit('https', {
    host: hostName,
    path,
    status: 200,
    agent,
    sha256: createHash('sha256').update(body).digest('hex'),
    ...(policy.mode ? { mode: policy.mode } : {}),
    ...(id ? { stsId: id } : {}),
  });
  rt.flush();
  finish(200, body);
}
