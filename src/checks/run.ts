import { getCheck } from './registry.js';
import type { CheckContext, Verdict, SandboxProbe } from './types.js';
import { error } from './types.js';
import type { Lesson, Step } from '../course/loader.js';
import type { Workspace, Vars } from '../workspace/workspace.js';
import type { Lang } from '../i18n/lang.js';
import type { Answer } from '../workspace/progress.js';
import { eventsOf, readEvents, type SandboxEvent, runningSandbox } from '../sandbox/api.js';
import { portsFromEnv } from '../util/ports.js';
import pkg from '../../package.json' with { type: 'json' };

const MAILSEC_VERSION = pkg.version;

export function defaultProbe(env: NodeJS.ProcessEnv = process.env): SandboxProbe {
  return { host: '127.0.0.1', ports: portsFromEnv(env) };
}

/** Where a workspace's sandbox really listens: its running daemon's ports, else the configured defaults. */
export function probeFor(ws: Workspace): SandboxProbe {
  const running = runningSandbox(ws);
  return running ? { host: running.host, ports: running.ports } : defaultProbe();
}

/** Replaces {{domain}}, {{hostname}} in every string of a check's parameters. */
export function substitute<T>(value: T, vars: Vars): T {
  if (typeof value === 'string')
    return value.replace(/\{\{(\w+)\}\}/g, (w, k: string) => (k in vars ? String(vars[k as keyof Vars]) : w)) as T;
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)])) as T;
  }
  return value;
}

/**
 * A failing verdict cannot be trusted while the running sandbox has hit an internal error
 * (a stage that crashed, a session that broke): the learner reads that, not a fail.
 */
function sandboxBug(events: SandboxEvent[]): Verdict | undefined {
  let start = -1;
  events.forEach((e, i) => {
    if (e.type === 'sandbox' && e.action === 'start') start = i;
  });
  const bug = eventsOf(events.slice(start + 1), 'error').at(-1);
  if (!bug) return undefined;
  const first = bug.error.split('\n')[0];
  return error(
    'check.sandboxBug',
    { error: first, stage: bug.stage ?? bug.session ?? '-', version: MAILSEC_VERSION },
    bug.error
      .split('\n')
      .slice(1, 4)
      .map((l) => l.trim()),
  );
}

export interface RunOptions {
  ws: Workspace;
  lang: Lang;
  answer?: Answer;
  probe?: SandboxProbe;
}

export async function runCheck(lesson: Lesson, step: Step, o: RunOptions): Promise<Verdict> {
  const def = getCheck(step.check.kind);
  if (!def) return error('check.unknownKind', { kind: step.check.kind });
  const ctx: CheckContext = {
    ws: o.ws,
    vars: o.ws.vars,
    lang: o.lang,
    lesson: lesson.id,
    step: step.id,
    answer: o.answer,
    events: () => readEvents(o.ws),
    probe: o.probe ?? defaultProbe(),
  };
  try {
    const params = def.params.parse(substitute(step.check.params, ctx.vars));
    const v = await def.run(ctx, params);
    return v.status === 'fail' ? (sandboxBug(ctx.events()) ?? v) : v;
  } catch (e) {
    return crashed(step.check.kind, `${lesson.id}/${step.id}`, e);
  }
}

/** An exception no check expected is mailsec's fault: said so, with what to report. */
export function crashed(kind: string, step: string, e: unknown): Verdict {
  const err = e instanceof Error ? e : new Error(String(e));
  const where = (err.stack ?? '')
    .split('\n')
    .slice(1, 4)
    .map((l) => l.trim());
  return error('check.crashed', { kind, step, error: `${err.name}: ${err.message}`, version: MAILSEC_VERSION }, where);
}
