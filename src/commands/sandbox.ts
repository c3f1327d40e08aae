// mailsec sandbox start|stop|status|reload|check|passwd
import { createInterface } from 'node:readline';
import type { GlobalOptions } from './options.js';
import { Workspace } from '../workspace/workspace.js';
import { workspaceDir } from './workspace-dir.js';
import { t, msg, type Message } from '../i18n/messages.js';
import { UserError } from '../util/errors.js';
import { portsFromEnv } from '../util/ports.js';
import { writeMailClientConfig } from '../core/mail-client.js';
import { loadSasl, loadStart } from '../sandbox/api.js';
import { loadConfig } from '../sandbox/api-config.js';
import { param } from '../postfix/main-cf.js';
import { formatIssue, type ConfigIssue } from '../postfix/main-cf.js';
import {
  type SandboxStatus,
  liveness,
  ownState,
  readState,
  readStatusFile,
  removeStateFiles,
  removeStateOf,
  smtpAnswers,
  writeState,
  writeStatusFile,
  requestReload,
  takeReloadRequest,
  type SandboxState,
  type ImapState,
} from '../sandbox/api.js';

function out(s: string): void {
  process.stdout.write(s + '\n');
}

function err(s: string): void {
  process.stderr.write(s + '\n');
}

function openWs(g: GlobalOptions): Workspace {
  return Workspace.open(workspaceDir(g));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type StaleWhy = 'dead' | 'reused' | 'reboot' | 'unanswered';
type Found =
  | { kind: 'none' }
  | { kind: 'running'; s: SandboxState }
  /** the record was stale and is removed; its pid was left alone */
  | { kind: 'stale'; s: SandboxState; why: StaleWhy }
  /** the very process that wrote the record, but its SMTP port does not answer: no signal, record kept */
  | { kind: 'silent'; s: SandboxState };

/**
 * The recorded sandbox of this workspace; a stale record is removed. With `prove` (before
 * a signal) its SMTP port must answer too; a record whose start time cannot be compared
 * is only believed when its port answers.
 */
async function findSandbox(ws: Workspace, prove: boolean): Promise<Found> {
  const s = readState(ws);
  if (!s) return { kind: 'none' };
  const l = liveness(s);
  if (l === 'running' && (!prove || (await smtpAnswers(s)))) return { kind: 'running', s };
  if (l === 'running') return { kind: 'silent', s };
  if (l === 'unproven' && (await smtpAnswers(s))) return { kind: 'running', s };
  removeStateOf(ws, s);
  return { kind: 'stale', s, why: l === 'unproven' ? 'unanswered' : l };
}

const STALE_KEY: Record<StaleWhy, string> = {
  dead: 'sandbox.cli.stale',
  reused: 'sandbox.cli.staleReused',
  reboot: 'sandbox.cli.staleReboot',
  unanswered: 'sandbox.cli.staleUnanswered',
};

function staleLine(g: GlobalOptions, f: { s: SandboxState; why: StaleWhy }): string {
  return t(g.lang, STALE_KEY[f.why], { pid: f.s.pid, port: f.s.ports.smtp });
}

/** The same process as the record's is still alive. */
const stillAlive = (s: SandboxState) => ['running', 'unproven'].includes(liveness(s));

/** Sends a signal to a proven sandbox: 'gone' if it ended meanwhile, 'refused' (the user told why) if it is another user's. */
function signal(g: GlobalOptions, s: SandboxState, sig: NodeJS.Signals): 'sent' | 'gone' | 'refused' {
  try {
    process.kill(s.pid, sig);
    return 'sent';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return 'gone';
    if (code !== 'EPERM') throw e;
    err(t(g.lang, 'sandbox.cli.notYours', { pid: s.pid }));
    return 'refused';
  }
}

export async function sandbox(g: GlobalOptions, rest: string[]): Promise<number> {
  const [sub, ...args] = rest;
  switch (sub) {
    case 'start':
      return start(g);
    case 'stop':
      return stop(g);
    case 'status':
      return status(g);
    case 'reload':
      return reload(g);
    case 'check':
      return check(g);
    case 'passwd':
      return passwd(g, args);
    default:
      err(t(g.lang, 'sandbox.cli.usage'));
      return 2;
  }
}

/** `postfix check`: what Postfix would say about main.cf, master.cf and the tables. */
export function formatCheckLine(i: ConfigIssue): string {
  // formatIssue leaves out the line (or file) where Postfix's own words name none
  return `${i.severity === 'fatal' ? 'postfix' : 'postconf'}: ${formatIssue(i)}`;
}

function check(g: GlobalOptions): number {
  const ws = openWs(g);
  const cfg = loadConfig(ws);
  if (g.json) {
    out(JSON.stringify({ ok: !cfg.fatal, issues: cfg.issues }, null, 2));
    return cfg.fatal ? 1 : 0;
  }
  for (const i of cfg.issues) (i.severity === 'fatal' ? err : out)(formatCheckLine(i));
  if (!cfg.fatal) out(t(g.lang, cfg.issues.length ? 'sandbox.cli.checkWarnings' : 'sandbox.cli.checkOk', { n: cfg.issues.length }));
  return cfg.fatal ? 1 : 0;
}

async function start(g: GlobalOptions): Promise<number> {
  const ws = openWs(g);
  const found = await findSandbox(ws, false);
  if (found.kind === 'running') {
    err(t(g.lang, 'sandbox.cli.alreadyRunning', { pid: found.s.pid, port: found.s.ports.smtp, dir: ws.root }));
    return 1;
  }
  if (found.kind === 'stale' && !g.json) out(staleLine(g, found));
  // a status file may outlive a crash without its record
  removeStateFiles(ws);
  const { startSandbox } = await loadStart();
  const outside = process.env.MAILSEC_OUTSIDE_ADDRESS;
  const handle = await startSandbox({
    ws,
    ports: portsFromEnv(),
    outsideAddress: outside && /^[0-9a-f.:]+$/i.test(outside) ? outside : undefined,
  });
  const st0 = handle.status();
  const mine = writeState(
    ws,
    ownState({ host: handle.host, ports: handle.ports, startedAt: st0.startedAt ?? new Date().toISOString(), workspace: ws.root }),
  );
  let last = '';
  const publish = () => {
    const st = handle.status();
    const key = JSON.stringify([st.counts, st.config]);
    if (key === last) return;
    last = key;
    try {
      writeStatusFile(ws, st);
    } catch {
      // the workspace may be gone; the daemon keeps serving
    }
  };
  publish();
  const timer = setInterval(publish, 1000);
  const p = handle.ports;
  // the mail client's settings with the ports bound now (lesson 13), IMAP when Dovecot serves it; without them the sandbox still serves
  const imapUp = st0.imap?.state === 'running' || st0.imap?.state === 'waiting';
  try {
    writeMailClientConfig(ws, { ...p, host: handle.host, imap: imapUp ? { imap: p.imap, imaps: p.imaps } : undefined });
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    err(t(g.lang, e.userMessage.key, e.userMessage.params));
  }
  if (g.json)
    out(JSON.stringify({ running: true, pid: process.pid, host: handle.host, ports: p, config: st0.config, imap: st0.imap?.state }));
  else {
    out(
      t(g.lang, 'sandbox.cli.started', {
        dir: ws.root,
        host: handle.host,
        smtp: p.smtp,
        submission: p.submission,
        smtps: p.smtps,
        outside: p.outside,
        dns: p.dns,
        https: p.https,
        pop3: p.pop3,
        pop3s: p.pop3s,
        imap: imapLine(st0.imap?.state, handle.host, p.imap, p.imaps),
        outsideAddr: outside || '203.0.113.7',
      }),
    );
    printConfig(g, st0.config);
  }
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stopNow = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      clearInterval(timer);
      await handle.close();
      removeStateOf(ws, mine);
      if (!g.json) out(t(g.lang, 'sandbox.cli.stopped', { signal }));
      resolve(0);
    };
    process.on('SIGINT', () => void stopNow('SIGINT'));
    process.on('SIGTERM', () => void stopNow('SIGTERM'));
    process.on('SIGHUP', () => {
      takeReloadRequest(ws); // a daemon reloads on any SIGHUP; the note is only consumed
      void handle.reload().then((c) => {
        publish();
        if (!g.json) {
          out(t(g.lang, c.state === 'ok' ? 'sandbox.cli.reloaded' : 'sandbox.cli.reloadRefused'));
          printConfig(g, c);
        }
      });
    });
  });
}

/** The IMAP line of `sandbox start`: its ports, or why there is no IMAP (once, with the package that gives it). */
function imapLine(state: ImapState | undefined, host: string, imap: number, imaps: number): Message {
  if (state === 'missing') return msg('sandbox.cli.imapMissing');
  if (state === 'failed' || state === 'off') return msg('sandbox.cli.imapFailed');
  return msg(state === 'waiting' ? 'sandbox.cli.imapWaiting' : 'sandbox.cli.imapPorts', { host, imap, imaps });
}

function printConfig(g: GlobalOptions, c: SandboxStatus['config']): void {
  for (const i of c.issues) out('  ' + i);
  if (c.state === 'error') out(t(g.lang, 'sandbox.cli.configError'));
}

async function stop(g: GlobalOptions): Promise<number> {
  const ws = openWs(g);
  const found = await findSandbox(ws, true);
  switch (found.kind) {
    case 'none':
      out(t(g.lang, 'sandbox.cli.notRunning', { dir: ws.root }));
      return 0;
    case 'stale':
      out(staleLine(g, found));
      return 0;
    case 'silent':
      err(t(g.lang, 'sandbox.cli.silent', { pid: found.s.pid, port: found.s.ports.smtp }));
      return 1;
  }
  const s = found.s;
  const sent = signal(g, s, 'SIGTERM');
  if (sent === 'refused') return 1;
  for (let i = 0; i < 100 && sent === 'sent' && stillAlive(s); i++) await sleep(50);
  if (stillAlive(s)) {
    err(t(g.lang, 'sandbox.cli.stopTimeout', { pid: s.pid }));
    return 1;
  }
  removeStateOf(ws, s);
  out(t(g.lang, 'sandbox.cli.stoppedPid', { pid: s.pid }));
  return 0;
}

async function reload(g: GlobalOptions): Promise<number> {
  const ws = openWs(g);
  const found = await findSandbox(ws, true);
  if (found.kind === 'silent') {
    err(t(g.lang, 'sandbox.cli.silent', { pid: found.s.pid, port: found.s.ports.smtp }));
    return 1;
  }
  if (found.kind !== 'running') {
    if (found.kind === 'stale') err(staleLine(g, found));
    err(t(g.lang, 'sandbox.cli.notRunning', { dir: ws.root }));
    return 1;
  }
  const s = found.s;
  const before = readStatusFile(ws)?.counts?.reloads ?? 0;
  requestReload(ws);
  if (signal(g, s, 'SIGHUP') !== 'sent') {
    if (!stillAlive(s)) err(t(g.lang, 'sandbox.cli.notRunning', { dir: ws.root }));
    return 1;
  }
  let st = readStatusFile(ws);
  for (let i = 0; i < 100 && (st?.counts?.reloads ?? 0) <= before; i++) {
    await sleep(50);
    st = readStatusFile(ws);
  }
  if (!st || (st.counts?.reloads ?? 0) <= before) {
    err(t(g.lang, 'sandbox.cli.reloadNoAnswer', { pid: s.pid }));
    return 1;
  }
  if (g.json) out(JSON.stringify(st.config, null, 2));
  else {
    out(t(g.lang, st.config.state === 'ok' ? 'sandbox.cli.reloaded' : 'sandbox.cli.reloadRefused'));
    printConfig(g, st.config);
  }
  return st.config.state === 'ok' ? 0 : 1;
}

async function status(g: GlobalOptions): Promise<number> {
  const ws = openWs(g);
  const found = await findSandbox(ws, false);
  const s = found.kind === 'running' ? found.s : undefined;
  const stale = found.kind === 'stale' ? { pid: found.s.pid, reason: found.why } : undefined;
  let result: SandboxStatus & { uptimeSeconds?: number; workspace: string; stale?: typeof stale };
  if (s) {
    const st = readStatusFile(ws);
    result = {
      running: true,
      pid: s.pid,
      host: s.host,
      ports: s.ports,
      startedAt: s.startedAt,
      config: st?.config ?? { state: 'ok', issues: [] },
      counts: st?.counts ?? {},
      ...(st?.imap ? { imap: st.imap } : {}),
      uptimeSeconds: Math.max(0, Math.round((Date.now() - Date.parse(s.startedAt)) / 1000)),
      workspace: ws.root,
    };
  } else {
    const cfg = loadConfig(ws);
    result = {
      running: false,
      host: '127.0.0.1',
      ports: portsFromEnv(),
      config: { state: cfg.fatal ? 'error' : 'ok', issues: cfg.issues.map((i) => formatCheckLine(i)), loadedAt: cfg.loadedAt },
      counts: {},
      workspace: ws.root,
      ...(stale ? { stale } : {}),
    };
  }
  if (g.json) {
    out(JSON.stringify(result, null, 2));
    return 0;
  }
  if (found.kind === 'stale') out(staleLine(g, found));
  if (!result.running) out(t(g.lang, 'sandbox.cli.notRunning', { dir: ws.root }));
  else {
    const p = result.ports;
    const imapUp = !result.imap || result.imap.state === 'running' || result.imap.state === 'waiting';
    const none = msg('sandbox.cli.imapNone');
    out(
      t(g.lang, 'sandbox.cli.statusRunning', {
        pid: result.pid,
        uptime: result.uptimeSeconds,
        host: result.host,
        smtp: p.smtp,
        submission: p.submission,
        smtps: p.smtps,
        outside: p.outside,
        dns: p.dns,
        https: p.https,
        pop3: p.pop3,
        pop3s: p.pop3s,
        imap: imapUp ? p.imap : none,
        imaps: imapUp ? p.imaps : none,
      }),
    );
    const c = result.counts;
    out(
      t(g.lang, 'sandbox.cli.statusCounts', {
        connections: c.connections ?? 0,
        messages: c.messages ?? 0,
        delivered: c.delivered ?? 0,
        rejected: c.rejected ?? 0,
        authOk: c.authOk ?? 0,
        authFailed: c.authFailed ?? 0,
      }),
    );
  }
  out(t(g.lang, result.config.state === 'ok' ? 'sandbox.cli.configOk' : 'sandbox.cli.configError'));
  for (const i of result.config.issues) out('  ' + i);
  return 0;
}

/** One line from stdin; on a terminal the typing is not echoed. */
async function readSecret(prompt: string): Promise<string | undefined> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const rl = createInterface({ input: stdin, terminal: false });
    for await (const line of rl) {
      rl.close();
      return line.replace(/\r$/, '');
    }
    return undefined;
  }
  process.stderr.write(prompt);
  const rl = createInterface({ input: stdin, output: process.stderr, terminal: true });
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  const line = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return line;
}

async function passwd(g: GlobalOptions, args: string[]): Promise<number> {
  const user = args[0];
  const { setPassword, validUsername, SASLDB_FILE } = await loadSasl();
  if (!user || !validUsername(user)) throw new UserError(msg('sandbox.cli.badUser', { user: user ?? '' }));
  const ws = openWs(g);
  const password = await readSecret(t(g.lang, 'sandbox.cli.passwordPrompt', { user }));
  if (!password) throw new UserError(msg('sandbox.cli.emptyPassword'));
  const cfg = loadConfig(ws);
  const realms = [param(cfg.main, 'smtpd_sasl_local_domain').trim() || cfg.hostname, ws.vars.hostname, ''];
  setPassword(ws, user, password, realms);
  out(t(g.lang, 'sandbox.cli.passwordSet', { user, file: SASLDB_FILE }));
  return 0;
}
