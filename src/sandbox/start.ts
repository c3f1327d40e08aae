/**
 * Starts every server of the sandbox for one workspace, on 127.0.0.1 only: SMTP,
 * submission, SMTPS (implicit TLS), the "outside" listener (every client appears as
 * an address on the internet), the DNS, the HTTPS server of mta-sts.<domain>, POP3/POP3S
 * (the mailboxes as Dovecot serves them) and IMAP/IMAPS (a real, private Dovecot, when one
 * is installed). Nothing is global: tests run many
 * sandboxes, for different workspaces, in one process.
 */
import type { SandboxHandle, SandboxOptions, SandboxPorts, SandboxStatus } from './types.js';
import type { Listener } from './pipeline.js';
import { loadConfig, type SandboxConfig } from './config/load.js';
import { applyMasterListeners } from './config/listeners.js';
import { formatIssue, describeIssue, type ConfigIssue } from '../postfix/main-cf.js';
import { Runtime, DEFAULT_LIMITS, type Limits } from './runtime.js';
import { SandboxSmtpServer } from './smtp/server.js';
import { startDns, type DnsServerHandle } from './dns/server.js';
import { makeResolver } from './dns/resolver.js';
import { PUBLIC_RESOLVER_SOURCE, RESOLV_CONF, publicNameserver } from './dns/public-resolver.js';
import { startHttps, type HttpsHandle } from './https/server.js';
import { startPop3, type Pop3Handle } from './pop3/server.js';
import { noImap, startImap, type ImapHandle } from './imap/server.js';
import { UserError } from '../util/errors.js';
import { msg } from '../i18n/messages.js';
import { DEFAULT_PORTS } from '../util/ports.js';

/** TEST-NET-3 (RFC 5737): an address on "the internet" that can never be anyone's */
export const DEFAULT_OUTSIDE_ADDRESS = '203.0.113.7';
export const POSTFIX_VERSION = '3.7.11';

export interface StartOptions extends SandboxOptions {
  /** smtpd_timeout and the other limits; tests shorten them */
  limits?: Partial<Limits>;
  /** false: no IMAP Dovecot (grading, tests of the other servers) */
  imap?: boolean;
}

const LISTENERS: Listener[] = ['smtp', 'submission', 'smtps', 'outside'];

function describe(issues: ConfigIssue[]): string[] {
  return issues.map(describeIssue);
}

export async function startSandbox(o: StartOptions): Promise<SandboxHandle> {
  const host = o.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new UserError(msg('sandbox.loopbackOnly', { host }));
  const want: SandboxPorts = { ...DEFAULT_PORTS, ...(o.ports ?? {}) };
  const ws = o.ws;
  const outsideAddress = o.outsideAddress ?? DEFAULT_OUTSIDE_ADDRESS;
  let config: SandboxConfig = loadConfig(ws);
  let configState: SandboxStatus['config'] = {
    state: config.fatal ? 'error' : 'ok',
    issues: describe(config.issues),
    loadedAt: config.loadedAt,
  };

  // DNS first, so the resolver the SMTP side uses knows its port
  const early: string[] = [];
  let sink = (line: string): void => {
    early.push(line);
  };
  let dns: DnsServerHandle | undefined;
  try {
    dns = await startDns({ ws, host, port: want.dns, log: (line) => sink(line) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UserError(msg('sandbox.portInUse', { port: want.dns, what: 'DNS' }));
    throw e;
  }
  const dnsPort = dns?.port ?? want.dns;
  // etc/resolv.conf naming a resolver off this machine: the lookups reach the lists as from a public resolver
  const readNameserver = (): string | undefined => {
    try {
      return publicNameserver(ws.readText(RESOLV_CONF));
    } catch {
      return undefined;
    }
  };
  let publicNs = readNameserver();
  const source = () => (publicNs ? PUBLIC_RESOLVER_SOURCE : undefined);
  const rt = new Runtime(ws, config, makeResolver(host, dnsPort, { source }), { ...DEFAULT_LIMITS, ...(o.limits ?? {}) }, outsideAddress);
  const noteResolver = () => {
    if (publicNs)
      rt.log.line(
        'mailsec/dns',
        `warning: ${RESOLV_CONF} names ${publicNs}, a resolver outside this machine: the DNS lists see the sandbox's lookups as coming through a public resolver (from ${PUBLIC_RESOLVER_SOURCE})`,
      );
  };
  // the DNS server's lines go to mail.log too, as named would log to syslog
  sink = (line) => {
    rt.log.stageLine(line);
  };
  for (const line of early) sink(line);

  const servers = new Map<Listener, SandboxSmtpServer>();
  const ports = { ...want, dns: dnsPort };
  try {
    for (const l of LISTENERS) {
      const srv = new SandboxSmtpServer(rt, l);
      servers.set(l, srv);
      try {
        ports[l] = await srv.listenOn(host, want[l]);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UserError(msg('sandbox.portInUse', { port: want[l], what: l }));
        throw e;
      }
    }
  } catch (e) {
    await Promise.all([...servers.values()].map((s) => s.shutdown().catch(() => undefined)));
    await dns?.close().catch(() => undefined);
    rt.close();
    throw e;
  }

  // the web server of mta-sts.<domain> (lesson 16)
  let https: HttpsHandle;
  try {
    https = await startHttps(rt, host, want.https);
  } catch (e) {
    await Promise.all([...servers.values()].map((s) => s.shutdown().catch(() => undefined)));
    await dns?.close().catch(() => undefined);
    rt.close();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UserError(msg('sandbox.portInUse', { port: want.https, what: 'HTTPS' }));
    throw e;
  }
  ports.https = https.port;

  // POP3 and POP3S, as Dovecot serves the mailboxes
  let pop3: Pop3Handle;
  try {
    pop3 = await startPop3(rt, host, { pop3: want.pop3, pop3s: want.pop3s });
  } catch (e) {
    await Promise.all([...servers.values()].map((s) => s.shutdown().catch(() => undefined)));
    await https.close().catch(() => undefined);
    await dns?.close().catch(() => undefined);
    rt.close();
    const err = e as NodeJS.ErrnoException & { port?: number };
    if (err.code === 'EADDRINUSE') {
      const port = err.port ?? want.pop3;
      throw new UserError(msg('sandbox.portInUse', { port, what: port === want.pop3s ? 'POP3S' : 'POP3' }));
    }
    throw e;
  }
  ports.pop3 = pop3.pop3;
  ports.pop3s = pop3.pop3s;

  // IMAP and IMAPS: a real Dovecot behind the sandbox's ports
  let imap: ImapHandle;
  try {
    imap = o.imap === false ? noImap({ imap: want.imap, imaps: want.imaps }) : await startImap(rt, host, { imap: want.imap, imaps: want.imaps });
  } catch (e) {
    await Promise.all([...servers.values()].map((s) => s.shutdown().catch(() => undefined)));
    await https.close().catch(() => undefined);
    await pop3.close().catch(() => undefined);
    await dns?.close().catch(() => undefined);
    rt.close();
    const err = e as NodeJS.ErrnoException & { port?: number };
    if (err.code === 'EADDRINUSE') {
      const port = err.port ?? want.imap;
      throw new UserError(msg('sandbox.portInUse', { port, what: port === want.imaps ? 'IMAPS' : 'IMAP' }));
    }
    throw e;
  }
  ports.imap = imap.imap;
  ports.imaps = imap.imaps;

  // master.cf decides what listens: submission and smtps only while their entries are active
  await applyMasterListeners(servers, config, host, ports);

  const startedAt = new Date().toISOString();
  const logIssues = (issues: ConfigIssue[], reload: boolean) => {
    // in Postfix's words (formatIssue); smtpd's own complaints under its name
    for (const i of issues) {
      const who = i.program ? `postfix/${i.program}` : i.severity === 'fatal' && reload ? 'postfix/postfix-script' : 'postfix/master';
      rt.log.line(who, formatIssue(i));
    }
  };
  rt.log.line('postfix/master', `daemon started -- version ${POSTFIX_VERSION}, configuration /etc/postfix`);
  logIssues(config.issues, false);
  noteResolver();
  if (config.fatal) {
    rt.log.line('postfix/master', 'warning: the configuration has errors (see above): the sandbox runs with what it could read; fix the file and reload');
  }
  rt.emit('config', { state: configState.state, issues: configState.issues, reload: false });
  rt.emit('sandbox', { action: 'start', pid: process.pid, ports: { ...ports } });
  rt.flush();
  rt.idleGc.started();

  let closed = false;
  const status = (): SandboxStatus => {
    const dnsIssues = dns ? describe(dns.issues()) : [];
    const counts: Record<string, number> = { ...rt.counts };
    if (dns) {
      const st = dns.stats();
      counts.dnsQueries = st.queries;
      counts.dnsZones = st.zones;
    }
    return {
      running: !closed,
      pid: process.pid,
      host,
      ports: { ...ports },
      startedAt,
      config: {
        state: configState.state === 'error' || dns?.issues().some((i) => i.severity === 'fatal') ? 'error' : 'ok',
        issues: [...configState.issues, ...dnsIssues],
        loadedAt: configState.loadedAt,
      },
      counts,
      imap: { state: imap.state(), ...(imap.pid() ? { pid: imap.pid() } : {}) },
    };
  };

  const reload = async (): Promise<SandboxStatus['config']> => {
    const next = loadConfig(ws);
    rt.counts.reloads++;
    if (next.fatal) {
      // the fatal errors, and smtpd's warnings that lead to them ("unreasonable macro call nesting")
      logIssues(next.issues.filter((i) => i.severity === 'fatal' || i.program), true);
      rt.log.line(
        'postfix/master',
        `warning: reload refused: the sandbox keeps serving the configuration loaded at ${config.loadedAt} (a real Postfix would stop accepting connections)`,
      );
      configState = { state: 'error', issues: describe(next.issues), loadedAt: config.loadedAt };
      rt.emit('config', { state: 'error', issues: configState.issues, reload: true });
    } else {
      config = next;
      rt.config = next;
      rt.log.host = next.hostname.split('.')[0] || 'localhost';
      rt.log.line('postfix/postfix-script', 'refreshing the Postfix mail system');
      rt.log.line('postfix/master', `reload -- version ${POSTFIX_VERSION}, configuration /etc/postfix`);
      for (const f of await applyMasterListeners(servers, next, host, ports)) {
        rt.log.line('postfix/master', `fatal: bind ${host} port ${ports[f.listener]}: ${f.error}`);
      }
      logIssues(next.issues, true);
      configState = { state: 'ok', issues: describe(next.issues), loadedAt: next.loadedAt };
      rt.emit('config', { state: 'ok', issues: configState.issues, reload: true });
    }
    publicNs = readNameserver();
    noteResolver();
    if (dns) {
      try {
        await dns.reload();
      } catch (e) {
        rt.log.line('postfix/master', `warning: DNS reload failed: ${(e as Error).message}`);
      }
    }
    await imap.refresh();
    rt.flush();
    return status().config;
  };

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await Promise.all([...servers.values()].map((s) => s.shutdown().catch(() => undefined)));
    await https.close().catch(() => undefined);
    await pop3.close().catch(() => undefined);
    await imap.close().catch(() => undefined);
    await dns?.close().catch(() => undefined);
    rt.log.line('postfix/master', 'terminating on signal 15');
    rt.emit('sandbox', { action: 'stop', pid: process.pid, ports: { ...ports } });
    rt.close();
  };

  return {
    ports,
    host,
    status,
    reload,
    close,
  };
}
