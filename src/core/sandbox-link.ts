/**
 * The workbook's sandbox, headless: reuse the daemon of `mailsec sandbox start` when one
 * runs for this workspace, else start one in this process (default ports, a free port for
 * any that is taken) and stand in for the daemon (state files, reload on request), so
 * `mailsec sandbox status|reload` from another shell, or from a step's command block,
 * reach it. The probe the checks use follows whichever sandbox answers.
 */
import type { Workspace } from '../workspace/workspace.js';
import type { SandboxProbe } from '../checks/types.js';
import {
  type SandboxHandle,
  type SandboxOptions,
  type SandboxPorts,
  type SandboxStatus,
  ownState,
  readState,
  readStatusFile,
  removeStateFiles,
  removeStateOf,
  runningSandbox,
  writeState,
  writeStatusFile,
  type SandboxState,
  loadStart,
} from '../sandbox/api.js';
import { PORT_NAMES, portsFromEnv } from '../util/ports.js';
import { UserError } from '../util/errors.js';
import { msg, t, type Message } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';

export type Starter = (o: SandboxOptions) => Promise<SandboxHandle>;

export interface LinkOptions {
  /** false: never start one (--no-sandbox); a running daemon is still used */
  start?: boolean;
  /** the ports to try first (default: portsFromEnv()) */
  ports?: SandboxPorts;
  starter?: Starter;
  outsideAddress?: string;
  /** how often the status file is refreshed for other processes */
  publishMs?: number;
}

export interface RunningState {
  phase: 'running';
  /** 'tui': started by this workbook; 'daemon': a `mailsec sandbox start` elsewhere */
  owner: 'tui' | 'daemon';
  pid: number;
  host: string;
  ports: SandboxPorts;
  config: SandboxStatus['config'];
  counts: Record<string, number>;
  /** default ports that were taken, with the free port used instead */
  moved: { name: keyof SandboxPorts; wanted: number; got: number }[];
  /** started by this workbook when the daemon it used (this pid) went away */
  tookOverFrom?: number;
}

export type LinkState =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'off' }
  | { phase: 'failed'; error: Message }
  /** the daemon this workbook used has stopped */
  | { phase: 'gone'; pid: number }
  | RunningState;

/** The port startSandbox found taken, from its UserError. */
function takenPort(e: unknown): number | undefined {
  if (!(e instanceof UserError) || e.userMessage.key !== 'sandbox.portInUse') return undefined;
  const p = Number(e.userMessage.params?.port);
  return Number.isInteger(p) ? p : undefined;
}

export class SandboxLink {
  private st: LinkState = { phase: 'idle' };
  private handle: SandboxHandle | undefined;
  /** the record this workbook wrote for the sandbox it hosts */
  private record: SandboxState | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastPublished = '';
  private daemonRead = 0;
  private starting: Promise<LinkState> | undefined;
  private closed = false;

  constructor(
    readonly ws: Workspace,
    /** called whenever the sandbox that answers changes (the workbook's probe follows it) */
    private readonly onProbe: (p: SandboxProbe) => void,
    private readonly o: LinkOptions = {},
  ) {}

  /** This workbook runs the sandbox itself (and must close it, and reload it when asked). */
  get hosting(): boolean {
    return !!this.handle;
  }

  /** Finds or starts the sandbox; safe to call more than once. */
  start(): Promise<LinkState> {
    this.starting ??= this.doStart();
    return this.starting;
  }

  private async doStart(tookOverFrom?: number): Promise<LinkState> {
    if (this.attachDaemon()) return this.st;
    if (this.o.start === false) return (this.st = { phase: 'off' });
    this.st = { phase: 'starting' };
    const starter = this.o.starter ?? (await loadStart()).startSandbox;
    let want: SandboxPorts = { ...(this.o.ports ?? portsFromEnv()) };
    const moved: RunningState['moved'] = [];
    for (let attempt = 0; ; attempt++) {
      try {
        this.handle = await starter({ ws: this.ws, ports: want, outsideAddress: this.o.outsideAddress });
        break;
      } catch (e) {
        const port = takenPort(e);
        const name = port === undefined ? undefined : PORT_NAMES.find((n) => want[n] === port);
        if (!name || attempt >= PORT_NAMES.length) {
          this.st = {
            phase: 'failed',
            error: e instanceof UserError ? e.userMessage : msg('ui.sb.startFailed', { error: (e as Error)?.message ?? String(e) }),
          };
          return this.st;
        }
        moved.push({ name, wanted: port!, got: 0 });
        want = { ...want, [name]: 0 };
      }
    }
    const h = this.handle;
    if (this.closed) {
      await h.close();
      this.handle = undefined;
      return this.st;
    }
    for (const m of moved) m.got = h.ports[m.name];
    const s = h.status();
    // stand in for the daemon: `mailsec sandbox status|reload|stop` find this process, proven
    // by the same start time and token a daemon records (no running one was found above)
    if (readState(this.ws)) removeStateFiles(this.ws);
    this.record = writeState(
      this.ws,
      ownState({ host: h.host, ports: h.ports, startedAt: s.startedAt ?? new Date().toISOString(), workspace: this.ws.root }),
    );
    this.publish();
    this.timer = setInterval(() => this.publish(), this.o.publishMs ?? 1000);
    this.timer.unref();
    this.st = {
      phase: 'running',
      owner: 'tui',
      pid: process.pid,
      host: h.host,
      ports: { ...h.ports },
      config: s.config,
      counts: s.counts,
      moved,
      ...(tookOverFrom ? { tookOverFrom } : {}),
    };
    this.onProbe({ host: h.host, ports: { ...h.ports } });
    return this.st;
  }

  private attachDaemon(): boolean {
    const d = runningSandbox(this.ws);
    if (!d || d.pid === process.pid) return false;
    const st = readStatusFile(this.ws);
    const prev = this.st.phase === 'running' ? this.st : undefined;
    this.st = {
      phase: 'running',
      owner: 'daemon',
      pid: d.pid,
      host: d.host,
      ports: { ...d.ports },
      config: st?.config ?? { state: 'ok', issues: [] },
      counts: st?.counts ?? {},
      moved: [],
    };
    if (!prev || prev.pid !== d.pid || JSON.stringify(prev.ports) !== JSON.stringify(d.ports))
      this.onProbe({ host: d.host, ports: { ...d.ports } });
    return true;
  }

  private publish(): void {
    if (!this.handle) return;
    const s = this.handle.status();
    if (this.st.phase === 'running') this.st = { ...this.st, config: s.config, counts: s.counts };
    const key = JSON.stringify([s.counts, s.config]);
    if (key === this.lastPublished) return;
    this.lastPublished = key;
    try {
      writeStatusFile(this.ws, s);
    } catch {
      // the workspace may be gone; the sandbox keeps serving
    }
  }

  /** The state now; a daemon's status file is read at most every `everyMs`. */
  state(everyMs = 500): LinkState {
    if (this.handle) {
      const s = this.handle.status();
      if (this.st.phase === 'running') this.st = { ...this.st, config: s.config, counts: s.counts };
      return this.st;
    }
    if (this.st.phase === 'running' || this.st.phase === 'gone') {
      const now = Date.now();
      if (now - this.daemonRead < everyMs) return this.st;
      this.daemonRead = now;
      // a daemon restarted with other ports is followed; when it stops, this workbook starts its own
      if (!this.attachDaemon() && this.st.phase === 'running') {
        const pid = this.st.pid;
        this.st = { phase: 'gone', pid };
        // doStart says 'starting' at once, so 'gone' is only seen when it may not start one
        if (this.o.start !== false && !this.closed) this.starting = this.doStart(pid);
      }
    }
    return this.st;
  }

  /** Re-reads the configuration of the sandbox this workbook runs (SIGHUP from `mailsec sandbox reload`). */
  async reload(): Promise<SandboxStatus['config'] | undefined> {
    if (!this.handle) return undefined;
    const c = await this.handle.reload();
    this.publish();
    return c;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const h = this.handle;
    this.handle = undefined;
    if (!h) return;
    // first, so a workbook killed while the servers close leaves no state behind; only our own files
    if (this.record) removeStateOf(this.ws, this.record);
    this.record = undefined;
    this.st = { phase: 'idle' };
    await h.close();
  }
}

/** "/etc/postfix/main.cf, line 12: ..." → "main.cf:12" (the status bar has little room). */
export function issuePlace(issue: string): string | undefined {
  const m = /([^\s:,]+?)(?:, line (\d+))?:\s/.exec(issue.replace(/^(fatal|warning):\s*/, ''));
  if (!m) return undefined;
  const base = m[1].slice(m[1].lastIndexOf('/') + 1);
  return m[2] ? `${base}:${m[2]}` : base;
}

const fatalIssues = (c: SandboxStatus['config']) => c.issues.filter((i) => /^fatal:/.test(i));

/** The sandbox in a few characters, for the status bar. */
export function sandboxSummary(s: LinkState, lang: Lang): string {
  switch (s.phase) {
    case 'idle':
    case 'starting':
      return t(lang, 'ui.sb.short.starting');
    case 'off':
      return t(lang, 'ui.sb.short.off');
    case 'failed':
    case 'gone':
      return t(lang, 'ui.sb.short.down');
    case 'running': {
      if (s.config.state === 'ok') return t(lang, 'ui.sb.short.ok', { port: s.ports.smtp });
      const first = fatalIssues(s.config)[0] ?? s.config.issues[0] ?? '';
      return t(lang, 'ui.sb.short.configError', { port: s.ports.smtp, where: issuePlace(first) ?? '?' });
    }
  }
}

/** The sandbox in full, for the log view's header: who runs it, its ports, its configuration. */
export function sandboxDetails(s: LinkState, lang: Lang): { text: string; tone: 'pass' | 'warn' | 'fail' }[] {
  switch (s.phase) {
    case 'idle':
    case 'starting':
      return [{ text: t(lang, 'ui.sb.starting'), tone: 'warn' }];
    case 'off':
      return [{ text: t(lang, 'ui.sb.off'), tone: 'warn' }];
    case 'failed':
      return [{ text: t(lang, 'ui.sb.failed', { error: t(lang, s.error.key, s.error.params) }), tone: 'fail' }];
    case 'gone':
      return [{ text: t(lang, 'ui.sb.gone', { pid: s.pid }), tone: 'fail' }];
    case 'running': {
      const p = s.ports;
      const out: { text: string; tone: 'pass' | 'warn' | 'fail' }[] = [
        {
          text: t(lang, s.owner === 'tui' ? 'ui.sb.runningHere' : 'ui.sb.runningDaemon', {
            pid: s.pid,
            smtp: p.smtp,
            submission: p.submission,
            smtps: p.smtps,
            outside: p.outside,
            dns: p.dns,
            https: p.https,
          }),
          tone: 'pass',
        },
      ];
      if (s.config.state === 'ok') out.push({ text: t(lang, 'ui.sb.configOk'), tone: 'pass' });
      else {
        out.push({ text: t(lang, 'ui.sb.configRefused'), tone: 'fail' });
        for (const i of fatalIssues(s.config).length ? fatalIssues(s.config) : s.config.issues) out.push({ text: '  ' + i, tone: 'fail' });
      }
      return out;
    }
  }
}

/** What the learner must be told when the state changes (a refused reload, ports moved, a daemon gone). */
export function stateChange(prev: LinkState, next: LinkState): Message | undefined {
  if (next.phase === 'running') {
    if (prev.phase !== 'running') {
      if (next.tookOverFrom) return msg('ui.sb.tookOver', { pid: next.tookOverFrom });
      if (next.moved.length) return msg('ui.sb.portsMoved', { ports: next.moved.map((m) => `${m.wanted} → ${m.got}`).join(', ') });
      if (next.config.state === 'error')
        return msg('ui.sb.configBroken', { issue: fatalIssues(next.config)[0] ?? next.config.issues[0] ?? '' });
      return undefined;
    }
    const was = prev.config;
    const now = next.config;
    if (now.state === 'error' && (was.state !== 'error' || JSON.stringify(was.issues) !== JSON.stringify(now.issues))) {
      return msg('ui.sb.reloadRefused', { issue: fatalIssues(now)[0] ?? now.issues[0] ?? '' });
    }
    if (now.state === 'ok' && (was.state === 'error' || (next.counts.reloads ?? 0) > (prev.counts.reloads ?? 0)))
      return msg('ui.sb.reloadOk');
    return undefined;
  }
  if (next.phase === 'failed' && prev.phase !== 'failed') return next.error;
  if (next.phase === 'gone' && prev.phase === 'running') return msg('ui.sb.gone', { pid: next.pid });
  return undefined;
}
