// A step checked against a real server (`mailsec check --target`): the check kind's remote mode
// (remote-modes.ts) decides whether it runs there, on the workspace, or is "not checked remotely";
// the checks that run get a probe pointed at the server, no sandbox events, paced connections,
// and no relay probe outside the reserved example.* domains.
import { getCheck } from './registry.js';
import { NOT_CHECKED_PREFIX, remoteMode, type RemoteMode } from './remote-modes.js';
import { crashed, substitute } from './run.js';
import { setConnectionPacer } from './probe.js';
import { fail, type CheckContext, type CheckKind, type Verdict } from './types.js';
import type { Lesson, Step } from '../course/loader.js';
import type { Workspace, Vars } from '../workspace/workspace.js';
import type { Lang } from '../i18n/lang.js';
import type { Answer } from '../workspace/progress.js';
import { catalogs, t, type Message } from '../i18n/messages.js';
import { DEFAULT_PORTS, type SandboxProbe } from '../util/ports.js';
import { LOG_LINES, readServerConfig, type ServerConfig, type SshTarget } from './remote-ssh.js';
import { MAIL_LOG, MAIN_CF, MASTER_CF } from '../postfix/defaults.js';

/** The outside client a relay check plays through XCLIENT: TEST-NET-3, as the sandbox's outside port. */
export const OUTSIDE_ADDRESS = '203.0.113.7';
/** Connections to the server are this far apart… */
export const CONNECTION_GAP_MS = 250;
/** …and a run opens at most this many. */
export const MAX_CONNECTIONS = 40;

export interface RemoteTarget {
  /** as the learner wrote it: host or host:port */
  label: string;
  host: string;
  smtp: number;
  submission: number;
  smtps: number;
  dns?: { host: string; port: number };
  /** the server's domain (--domain), else the workspace's */
  domain?: string;
  /** how to read its configuration (--ssh), read-only */
  ssh?: SshTarget;
}

export type RemoteOutcome =
  | { mode: RemoteMode; verdict: Verdict }
  /** runs on the workspace as in the sandbox: the caller checks it the usual way */
  | { mode: 'local' }
  | { mode: RemoteMode; unchecked: Message };

/** The domains a relay probe may name: the reserved ones (RFC 2606), never a real third party. */
export function reservedDomain(domain: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '');
  return /(^|\.)example\.(com|net|org)$/.test(d) || /(^|\.)(example|invalid|test|localhost)$/.test(d);
}

const domainOfAddr = (a: string) => a.slice(a.lastIndexOf('@') + 1).toLowerCase();

/** The recipients a check would send RCPT TO for: each one the server's own domain or a reserved one. */
function unsafeRecipient(kind: string, params: Record<string, unknown>, vars: Vars): string | undefined {
  if (kind !== 'smtp.relay') return undefined;
  const own = (d: string) => d === vars.domain.toLowerCase() || d.endsWith(`.${vars.domain.toLowerCase()}`);
  for (const name of ['rcpt', 'closed']) {
    const v = params[name];
    if (typeof v !== 'string') continue;
    const d = domainOfAddr(v);
    if (!own(d) && !reservedDomain(d)) return v;
  }
  return undefined;
}

/** One run of `mailsec check --target`: its connection budget and pacing. */
export class RemoteSession {
  connections = 0;
  private last = 0;
  /** the server's main.cf and master.cf, read once per run over ssh */
  private config?: Promise<ServerConfig | { error: Message }>;

  constructor(
    readonly target: RemoteTarget,
    private gapMs = CONNECTION_GAP_MS,
    private max = MAX_CONNECTIONS,
  ) {}

  /** The vars the steps see: the server's domain when one was given. */
  vars(ws: Workspace): Vars {
    const d = this.target.domain;
    return d ? { ...ws.vars, domain: d, hostname: `mail.${d}` } : ws.vars;
  }

  private async pace(): Promise<void> {
    this.connections++;
    const wait = this.last + this.gapMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.last = Date.now();
  }

  /** The server's DNS as the messages name it (HOST:PORT), when --dns gave one. */
  private get dnsLabel(): string | undefined {
    const d = this.target.dns;
    return d && `${d.host}:${d.port}`;
  }

  /** What a check sees when it runs for this server. */
  private context(
    lesson: Lesson,
    step: Step,
    o: { ws: Workspace; lang: Lang; answer?: Answer },
    vars: Vars,
    probe: SandboxProbe,
  ): CheckContext {
    return {
      ws: o.ws,
      vars,
      lang: o.lang,
      lesson: lesson.id,
      step: step.id,
      answer: o.answer,
      // nothing of the sandbox's: its event log says nothing about this server
      events: () => [],
      probe,
      remote: { target: this.target.label, outsideAddress: OUTSIDE_ADDRESS },
    };
  }

  /** Removes the copy of the server's configuration. */
  async close(): Promise<void> {
    const c = await this.config;
    if (c && 'dispose' in c) c.dispose();
  }

  /** A step that judges the server's main.cf or master.cf: run on the copy read over ssh. */
  private async runOnConfig(
    mode: 'config' | 'log',
    def: CheckKind,
    lesson: Lesson,
    step: Step,
    o: { ws: Workspace; lang: Lang; answer?: Answer },
  ): Promise<RemoteOutcome> {
    const ssh = this.target.ssh;
    if (!ssh) return { mode, unchecked: { key: 'remote.notChecked.noSsh' } };
    const vars = this.vars(o.ws);
    this.config ??= readServerConfig(ssh, { ...o.ws.meta, domain: vars.domain });
    const c = await this.config;
    if ('error' in c) return { mode, unchecked: c.error };
    const kind = step.check.kind;
    const log = mode === 'log' ? await c.readLog() : undefined;
    if (log && 'error' in log) return { mode, unchecked: log.error };
    // a step that also asks the DNS (09's published key) asks the server's, when --dns names it
    const dns = this.target.dns;
    const probe: SandboxProbe = dns
      ? { host: this.target.host, ports: { ...DEFAULT_PORTS, dns: dns.port }, dnsHost: dns.host }
      : { host: this.target.host, ports: DEFAULT_PORTS };
    const ctx = this.context(lesson, step, { ...o, ws: c.ws }, vars, probe);
    c.ws.opened.clear();
    let v: Verdict;
    try {
      v = await def.run(ctx, def.params.parse(substitute(step.check.params, vars)));
    } catch (e) {
      return { mode, verdict: crashed(kind, `${lesson.id}/${step.id}`, e) };
    }
    // the server's own paths, where the learner will open them
    const paths: [string, string][] = [
      [MAIN_CF, `${c.dir}/main.cf`],
      [MASTER_CF, `${c.dir}/master.cf`],
      ...(log ? ([[MAIL_LOG, log.file]] as [string, string][]) : []),
      ...c.requested.map((p): [string, string] => [p.slice(1), p]),
    ];
    const pattern = (from: string) => new RegExp(`(?<![\\w/.-])/?${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w/-])`, 'g');
    const onServer = (s: string) => paths.reduce((x, [from, to]) => x.replace(pattern(from), to), s);
    const params = Object.fromEntries(Object.entries(v.message.params ?? {}).map(([k, x]) => [k, typeof x === 'string' ? onServer(x) : x]));
    // a file the check could not read looks missing to it (or left at its defaults): no verdict on the server
    const blocked = [...c.unreadable].find(([p]) => c.ws.opened.has(p));
    if (blocked)
      return { mode, unchecked: { key: 'remote.ssh.unreadable', params: { ssh: ssh.label, file: blocked[0], error: blocked[1] } } };
    const read = log
      ? t(o.lang, 'remote.ssh.readLog', { ssh: ssh.label, dir: c.dir, log: log.file, n: LOG_LINES })
      : t(o.lang, 'remote.ssh.read', { ssh: ssh.label, dir: c.dir });
    // a table right as text that Postfix does not read yet: its .db is missing or older (no postmap since)
    const evidence = v.evidence.map(onServer);
    const said = [...Object.values(params).filter((x) => typeof x === 'string'), ...evidence].join('\n');
    const stale = v.status === 'pass' ? [...c.stale].find((p) => c.ws.opened.has(p) && pattern(p.slice(1)).test(said)) : undefined;
    if (stale)
      return {
        mode,
        verdict: fail('remote.ssh.notPostmapped', { ssh: ssh.label, file: stale }, [read, ...evidence]),
      };
    // what else the check could not observe there (no --dns, no public half of a key): neither passed nor failed
    if (v.message.key.startsWith(NOT_CHECKED_PREFIX)) return { mode, unchecked: { ...v.message, params } };
    const also = c.files.filter((p) => c.ws.opened.has(p));
    return {
      mode,
      verdict: {
        ...v,
        message: { ...v.message, params: { host: this.target.host, ...(dns ? { dns: this.dnsLabel } : {}), ...params } },
        evidence: [read, ...(also.length ? [t(o.lang, 'remote.ssh.alsoRead', { files: also.join(', ') })] : []), ...evidence],
      },
    };
  }

  async run(lesson: Lesson, step: Step, o: { ws: Workspace; lang: Lang; answer?: Answer }): Promise<RemoteOutcome> {
    const kind = step.check.kind;
    const mode = remoteMode(kind);
    const def = getCheck(kind);
    if (!mode || !def)
      return { mode: mode ?? 'later', verdict: crashed(kind, `${lesson.id}/${step.id}`, new Error(`no remote mode for ${kind}`)) };
    if (mode === 'local') return { mode };
    if (mode === 'config' || mode === 'log') return this.runOnConfig(mode, def, lesson, step, o);
    if (mode === 'ssh' || mode === 'later') return { mode, unchecked: { key: `remote.notChecked.${mode}` } };
    if (mode === 'dns' && !this.target.dns) return { mode, unchecked: { key: 'remote.notChecked.noDns' } };
    if (this.connections >= this.max)
      return { mode, unchecked: { key: 'remote.notChecked.limit', params: { host: this.target.host, n: this.max } } };
    const vars = this.vars(o.ws);
    const host = this.target.host;
    const dns = this.dnsLabel;
    const ports = { ...DEFAULT_PORTS, smtp: this.target.smtp, submission: this.target.submission, smtps: this.target.smtps };
    // a real server has no "outside" port: the relay checks play an outside client on port 25 through XCLIENT
    ports.outside = this.target.smtp;
    // the web server of mta-sts.<domain>, on the same machine
    ports.https = 443;
    if (this.target.dns) ports.dns = this.target.dns.port;
    const ctx = this.context(lesson, step, o, vars, { host, ports, dnsHost: this.target.dns?.host });
    setConnectionPacer(() => this.pace());
    try {
      const params = def.params.parse(substitute(step.check.params, vars)) as Record<string, unknown>;
      const unsafe = unsafeRecipient(kind, params, vars);
      if (unsafe) return { mode, unchecked: { key: 'remote.notChecked.unsafe', params: { rcpt: unsafe } } };
      const v = await def.run(ctx, params);
      // what the check could not observe from here: neither passed nor failed (the server's files: ssh)
      if (v.message.key.startsWith(NOT_CHECKED_PREFIX))
        return { mode: v.message.key === `${NOT_CHECKED_PREFIX}ssh` ? 'ssh' : mode, unchecked: v.message };
      const extra = dns ? { host, dns } : { host };
      // the server (and its DNS) for the remote words; a name the check was about (its own host) wins
      return { mode, verdict: { ...v, message: { ...v.message, params: { ...extra, ...v.message.params } } } };
    } catch (e) {
      return { mode, verdict: crashed(kind, `${lesson.id}/${step.id}`, e) };
    } finally {
      setConnectionPacer(undefined);
    }
  }
}

/**
 * A verdict's message as the learner reads it after a remote check: the same key, in the words for a
 * real server where the sandbox's would mislead ("the sandbox", "mailsec sandbox reload"): remote.KEY.
 */
export function renderRemote(lang: Lang, m: Message): string {
  const variant = `remote.${m.key}`;
  // a real Postfix reloads with its own command
  return t(lang, catalogs.en[variant] !== undefined ? variant : m.key, m.params).replaceAll('mailsec sandbox reload', 'postfix reload');
}
