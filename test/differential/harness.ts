// The two servers of the differential test and the raw client that plays a dialogue on
// either: a private real Postfix (scripts/real-postfix.sh, as root) and the sandbox
// through the built CLI, both configured from the same main.cf parameters.
import { spawn, spawnSync } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/paths.js';
import { hasTool } from '../prove/env.js';
import type { Dialogue, Step } from './dialogues.js';

/** The Debian packages the test needs: postfix (and postconf), Cyrus's saslpasswd2 and its plugins. */
export const PACKAGES = 'postfix sasl2-bin libsasl2-modules';

/** real-postfix.sh: $MAILSEC_REAL_POSTFIX, else the project's shared copy beside the repository, else ours. */
export function realPostfixScript(): string {
  if (process.env.MAILSEC_REAL_POSTFIX) return process.env.MAILSEC_REAL_POSTFIX;
  const shared = join(packageRoot(), '..', 'shared', 'tools', 'real-postfix.sh');
  return existsSync(shared) ? shared : join(packageRoot(), 'scripts', 'real-postfix.sh');
}

/**
 * What this machine cannot give the real instance: a private mount namespace, in which
 * real-postfix.sh binds its resolv.conf so that Postfix asks the test's DNS (a chroot, or a
 * container without the right, refuses one). Nothing to install: the test is skipped, saying so.
 */
export function machineLimit(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (spawnSync('unshare', ['-m', '--propagation', 'private', 'true'], { stdio: 'ignore' }).status !== 0)
    return "this machine does not allow a private mount namespace (unshare -m: a chroot, or a container without the right), which the real Postfix instance needs to ask the test's DNS";
  return undefined;
}

/** Why the test cannot run here (packages missing, not root), or undefined. */
export function whyNotRunnable(): string | undefined {
  const missing = ['/usr/sbin/postfix', '/usr/sbin/postconf', '/usr/sbin/saslpasswd2'].filter((f) => !existsSync(f));
  if (!hasTool('openssl')) missing.push('openssl');
  if (missing.length) return `a real Postfix is needed (${missing.join(', ')} not found): apt-get install ${PACKAGES} openssl`;
  if (process.getuid?.() !== 0) return "a real Postfix's master must start as root: run the test as root";
  return undefined;
}

/**
 * Runs a command; done when it exits (and its output has come, or 200 ms later): `postfix reload` leaves
 * a postsuper running in the background, and nothing it leaves behind may hold the test by its output.
 */
export function sh(cmd: string, args: string[], input?: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    const kill = setTimeout(() => p.kill('SIGKILL'), 60_000);
    let code = -1;
    const done = () => {
      clearTimeout(kill);
      resolve({ code, out });
    };
    p.on('error', (e) => ((out += e.message), (code = 127), done()));
    p.on('exit', (c, sig) => {
      code = c ?? (sig ? 128 : 1);
      const grace = setTimeout(done, 200);
      p.on('close', () => (clearTimeout(grace), done()));
    });
    p.stdin.end(input ?? '');
  });
}

/** A private real Postfix under `dir`, on 127.0.0.1:port, resolving through `dnsAddr`:53. */
export class RealPostfix {
  readonly script = realPostfixScript();
  initialMainCf = '';
  constructor(
    readonly dir: string,
    readonly port: number,
    readonly dnsAddr: string,
  ) {}

  private async run(...args: string[]): Promise<string> {
    const r = await sh('bash', [this.script, ...args], undefined, { REAL_POSTFIX_DNS: this.dnsAddr });
    if (r.code !== 0) throw new Error(`real-postfix.sh ${args.join(' ')}: exit ${r.code}\n${r.out}`);
    return r.out;
  }

  async init(): Promise<void> {
    await this.run('init', this.dir, String(this.port));
    this.initialMainCf = readFileSync(join(this.dir, 'etc', 'main.cf'), 'utf8');
  }
  start = () => this.run('start', this.dir, String(this.port));
  reload = () => sh('bash', [this.script, 'reload', this.dir]);
  stop = () => this.run('stop', this.dir);
  passwd = (user: string, pass: string) => this.run('passwd', this.dir, user, pass);
  get mainCf(): string {
    return join(this.dir, 'etc', 'main.cf');
  }
  get log(): string {
    return join(this.dir, 'mail.log');
  }
}

/** main.cf as "name = value" entries in order (continuation lines joined), comments dropped. */
export function parseMainCf(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    if (/^\s/.test(line) && out.length) out[out.length - 1][1] += ' ' + line.trim();
    else {
      const m = /^([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line);
      if (m) out.push([m[1], m[2].trim()]);
    }
  }
  return out;
}

/** One entry per parameter: `base` with `over` applied in order (a later value replaces, in place). */
export function mergeParams(base: [string, string][], ...over: Record<string, string>[]): string {
  const m = new Map(base);
  for (const o of over) for (const [k, v] of Object.entries(o)) m.set(k, v);
  return (
    [...m]
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n') + '\n'
  );
}

export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function readFrom(path: string, offset: number): string {
  if (!existsSync(path)) return '';
  return readFileSync(path).subarray(offset).toString('latin1');
}

/**
 * The real Postfix reads /etc/resolv.conf, which real-postfix.sh points at ADDR:53 in its
 * namespace; this forwards each UDP query there to the sandbox's DNS, so both servers see
 * the same zones (the workspace's DNSBL zones among them).
 */
export function dnsForwarder(addr: string, target: number): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.on('message', (msg, rinfo) => {
      const up = createSocket('udp4');
      const t = setTimeout(() => up.close(), 3000);
      up.on('message', (answer) => {
        clearTimeout(t);
        s.send(answer, rinfo.port, rinfo.address);
        up.close();
      });
      up.on('error', () => undefined);
      up.send(msg, target, '127.0.0.1');
    });
    s.once('error', reject);
    s.bind(53, addr, () => resolve(s));
  });
}

export interface Played {
  /** every reply line as it came (CR LF removed), and <timeout>/<closed> markers */
  lines: string[];
  /** queue ids the server named ("queued as X") */
  queued: string[];
}

const REPLY = /^(?:(\d{3})-[^\n]*\n)*(\d{3})(?: [^\n]*)?\r?\n/;

/** Plays one dialogue over a raw socket: each step's bytes, then wait for its number of replies. */
export function play(port: number, d: Dialogue, timeoutMs = 1500): Promise<Played> {
  return new Promise((resolve) => {
    const out: Played = { lines: [], queued: [] };
    let buf = '';
    let replies: string[] = [];
    let closed = false;
    let wake: (() => void) | undefined;
    let sock: net.Socket | tls.TLSSocket = net.connect(port, '127.0.0.1');
    const onData = (chunk: string) => {
      buf += chunk;
      for (let m = REPLY.exec(buf); m; m = REPLY.exec(buf)) {
        buf = buf.slice(m[0].length);
        const lines = m[0].replace(/\r?\n$/, '').split(/\r?\n/);
        out.lines.push(...lines);
        replies.push(lines.join('\n'));
        const q = / queued as ([0-9A-Za-z]+)/.exec(m[0]);
        if (q) out.queued.push(q[1]);
      }
      wake?.();
    };
    const attach = (s: net.Socket | tls.TLSSocket) => {
      s.setEncoding('latin1');
      s.on('data', onData);
      s.on('error', () => undefined);
    };
    attach(sock);
    sock.on('close', () => {
      closed = true;
      wake?.();
    });
    const waitFor = (n: number) =>
      new Promise<boolean>((res) => {
        const check = () => {
          if (replies.length >= n) {
            clearTimeout(t);
            wake = undefined;
            res(true);
          } else if (closed) {
            clearTimeout(t);
            wake = undefined;
            res(false);
          }
        };
        const t = setTimeout(() => {
          wake = undefined;
          out.lines.push('<timeout>');
          res(false);
        }, timeoutMs);
        wake = check;
        check();
      });
    const run = async () => {
      await waitFor(1); // the banner (or nothing)
      replies = [];
      for (const step of d.steps) {
        if (closed) break;
        const send = typeof step.send === 'function' ? step.send(replies.at(-1) ?? '') : step.send;
        replies = [];
        sock.write(Buffer.from(send, 'latin1'));
        if (!(await waitFor(step.replies ?? 1))) break;
        if (step.tls && replies.at(-1)?.startsWith('220')) {
          const plain = sock as net.Socket;
          plain.removeListener('data', onData);
          sock = await new Promise<tls.TLSSocket>((res) => {
            const v = step.tlsVersion ? { minVersion: step.tlsVersion, maxVersion: step.tlsVersion } : {};
            const t = tls.connect({ socket: plain, rejectUnauthorized: false, servername: undefined, ...v }, () => res(t));
            t.on('error', () => res(t));
          });
          attach(sock);
          replies = [];
        }
      }
      // whatever else the server says before it hangs up (QUIT) or within a moment
      if (!closed) {
        await new Promise<void>((res) => {
          const t = setTimeout(res, d.steps.at(-1)?.send === 'QUIT\r\n' ? timeoutMs : 150);
          wake = () => closed && (clearTimeout(t), res());
        });
      }
      if (closed) out.lines.push('<closed>');
      sock.destroy();
      resolve(out);
    };
    sock.once('connect', () => void run());
    sock.once('error', () => {
      if (!out.lines.length) {
        out.lines.push('<refused>');
        resolve(out);
      }
    });
  });
}

export type { Step };

/** Waits until `path` grew past `offset` with the session's end and each queued message's removal logged, then for a quiet moment (on a loaded machine a delivery can take seconds: its lines must not spill into the next dialogue). */
export async function settleLog(path: string, offset: number, queued: string[], maxMs = 10_000): Promise<string> {
  const start = Date.now();
  let last = '';
  let quietSince = Date.now();
  for (;;) {
    const text = readFrom(path, offset);
    if (text !== last) {
      last = text;
      quietSince = Date.now();
    }
    const ended = /(disconnect from|fatal:|lost connection)/.test(text) && queued.every((q) => text.includes(`${q}: removed`));
    if ((ended && Date.now() - quietSince >= 60) || Date.now() - start > maxMs) return text;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function writeText(path: string, text: string): void {
  writeFileSync(path, text);
}
