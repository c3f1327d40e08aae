// `mailsec check --target HOST[:PORT] [--dns HOST[:PORT]] [--ssh USER@HOST[:PORT]] [--domain D] [--i-own-this-server]`: which
// real server the checks go to, kept in the workspace; refused when it is a public address the learner
// has not said is theirs. The checks themselves run in src/checks/remote.ts.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { UserError, rethrowBug } from '../util/errors.js';
import { msg } from '../i18n/messages.js';
import type { Workspace } from '../workspace/workspace.js';
import { clearTarget, loadTarget, saveTarget, type SavedTarget } from '../workspace/target.js';
import type { RemoteTarget } from '../checks/remote.js';
import { remoteChecker, type RemoteChecker } from '../core/remote-check.js';

export interface TargetOptions {
  target?: string;
  dns?: string;
  ssh?: string;
  domain?: string;
  noTarget?: boolean;
  ownServer?: boolean;
}

/**
 * The server as one line, with `mailsec check`'s options (the workbook's E key, the plain view's E
 * command): "HOST[:PORT] [--dns HOST[:PORT]] [--ssh USER@HOST[:PORT]] [--domain D] [--i-own-this-server]".
 * An empty line, or "sandbox", is the sandbox. A word that is none of these is refused, naming it.
 */
export function parseTargetLine(line: string): TargetOptions {
  // "--ssh=alumno@vm1" as mailsec check takes it, too
  const words = line
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((w) => (/^--[a-z-]+=/.test(w) ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w]));
  if (!words.length || (words.length === 1 && words[0] === 'sandbox')) return { target: 'sandbox' };
  const o: TargetOptions = {};
  const names = { '--target': 'target', '--dns': 'dns', '--ssh': 'ssh', '--domain': 'domain' } as const;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--i-own-this-server') o.ownServer = true;
    else if (Object.hasOwn(names, w)) {
      const v = words[++i];
      if (!v || v.startsWith('-')) throw new UserError(msg('cli.target.lineValue', { option: w }));
      o[names[w as keyof typeof names]] = v;
    } else if (!w.startsWith('-') && o.target === undefined) o.target = w;
    else throw new UserError(msg('cli.target.lineWord', { word: w }));
  }
  if (o.target === undefined) throw new UserError(msg('cli.target.lineNoHost'));
  return o;
}

/** The workbook's choice of a server (E): resolved and saved as --target is, with its checker; undefined for the sandbox. */
export async function chooseServer(ws: Workspace, line: string): Promise<RemoteChecker | undefined> {
  const target = await resolveTarget(ws, parseTargetLine(line));
  return target && remoteChecker(ws, target);
}

/** HOST, HOST:PORT, [IPv6]:PORT or a bare IPv6 address; undefined when it is none of these. */
export function parseHostPort(s: string, defaultPort: number): { host: string; port: number } | undefined {
  let host: string;
  let port: string | undefined;
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(s);
  if (v6) [, host, port] = v6;
  else if (isIP(s) === 6) host = s;
  else [host, port] = s.split(/:(?=\d+$)/);
  if (
    !host ||
    !(
      isIP(host) ||
      /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$/.test(host)
    )
  )
    return undefined;
  const n = port === undefined ? defaultPort : Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535) return undefined;
  return { host, port: n };
}

const v4 = (a: string) => a.split('.').map(Number);

/** Loopback, private (RFC 1918, shared 100.64/10, link-local) or IPv6 loopback, unique-local, link-local. */
export function isPrivateAddress(addr: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  if (mapped) return isPrivateAddress(mapped[1]);
  if (isIP(addr) === 4) {
    const [a, b] = v4(addr);
    return (
      a === 127 ||
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254)
    );
  }
  if (isIP(addr) === 6) {
    const x = addr.toLowerCase();
    return x === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(x) || /^fe[89ab][0-9a-f]?:/.test(x);
  }
  return false;
}

/** The addresses a host name stands for (the system's resolver); an IP address stands for itself. */
async function addressesOf(host: string): Promise<string[]> {
  if (isIP(host)) return [host];
  try {
    return (await lookup(host, { all: true })).map((a) => a.address);
  } catch (e) {
    rethrowBug(e);
    throw new UserError(msg('cli.target.unresolved', { host }));
  }
}

/** The address to connect to, after refusing a public one the learner has not claimed. */
async function safeAddress(host: string, ownServer: boolean, option: '--target' | '--dns' | '--ssh'): Promise<string> {
  const addrs = await addressesOf(host);
  const pub = addrs.find((a) => !isPrivateAddress(a));
  if (pub && !ownServer) throw new UserError(msg('cli.target.public', { shown: host === pub ? pub : `${host} = ${pub}`, option }));
  return addrs[0];
}

/**
 * The real server this run checks, from the options or the workspace (undefined: the sandbox).
 * --target saves it, --target sandbox or --no-target forgets it.
 */
export async function resolveTarget(ws: Workspace, o: TargetOptions): Promise<RemoteTarget | undefined> {
  if (o.noTarget || o.target === 'sandbox') {
    if (o.target !== undefined && o.target !== 'sandbox') throw new UserError(msg('cli.target.both'));
    // a server's DNS or login with no server: said, not silently dropped
    if (o.dns || o.ssh) throw new UserError(msg('cli.target.sandboxWith', { option: o.dns ? '--dns' : '--ssh' }));
    clearTarget(ws);
    return undefined;
  }
  const saved = loadTarget(ws);
  let t: SavedTarget | undefined;
  if (o.target !== undefined) t = { target: o.target, dns: o.dns, ssh: o.ssh, domain: o.domain, ownServer: o.ownServer || undefined };
  else if (saved)
    t = {
      ...saved,
      ...(o.dns ? { dns: o.dns } : {}),
      ...(o.ssh ? { ssh: o.ssh } : {}),
      ...(o.domain ? { domain: o.domain } : {}),
      ...(o.ownServer ? { ownServer: true } : {}),
    };
  else if (o.dns || o.ssh || o.ownServer) throw new UserError(msg('cli.target.noTarget'));
  if (!t) return undefined;
  const smtp = parseHostPort(t.target, 25);
  if (!smtp) throw new UserError(msg('cli.target.bad', { target: t.target, option: '--target' }));
  const dns = t.dns === undefined ? undefined : parseHostPort(t.dns, 53);
  if (t.dns !== undefined && !dns) throw new UserError(msg('cli.target.bad', { target: t.dns, option: '--dns' }));
  const login = t.ssh === undefined ? undefined : /^([a-z_][a-z0-9_.-]{0,31})@(.+)$/i.exec(t.ssh);
  const sshAt = login ? parseHostPort(login[2], 22) : undefined;
  if (t.ssh !== undefined && !sshAt) throw new UserError(msg('cli.target.badSsh', { ssh: t.ssh }));
  if (t.domain !== undefined && !/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i.test(t.domain))
    throw new UserError(msg('cli.target.badDomain', { domain: t.domain }));
  const own = !!t.ownServer;
  const host = await safeAddress(smtp.host, own, '--target');
  const dnsHost = dns ? await safeAddress(dns.host, own, '--dns') : undefined;
  const sshHost = sshAt ? await safeAddress(sshAt.host, own, '--ssh') : undefined;
  // saved only once it is known to be usable
  saveTarget(ws, t);
  return {
    label: t.target,
    host,
    smtp: smtp.port,
    // the submission ports of the same machine, as a stock Postfix has them
    submission: 587,
    smtps: 465,
    dns: dns && dnsHost ? { host: dnsHost, port: dns.port } : undefined,
    domain: t.domain,
    ssh:
      login && sshAt && sshHost
        ? // ssh is given the name, not the address: the learner's ~/.ssh/config and known_hosts apply to it
          { label: t.ssh!, user: login[1], host: sshAt.host, port: sshAt.port === 22 ? undefined : sshAt.port }
        : undefined,
  };
}
