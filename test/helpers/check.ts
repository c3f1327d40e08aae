// One check run directly on a workspace, as a step's runs: parameters completed with their
// defaults (as the course loader does), the workspace's values put in, parsed again (src/checks/run.ts).
import '../../src/checks/index.js';
import { getCheck } from '../../src/checks/registry.js';
import { substitute } from '../../src/checks/run.js';
import type { CheckContext, Verdict } from '../../src/checks/types.js';
import { readEvents, type SandboxEvent } from '../../src/sandbox/events.js';
import type { SandboxPorts } from '../../src/sandbox/api.js';
import type { Lang } from '../../src/i18n/lang.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { CLOSED_PORTS } from './cli.js';

export interface CheckRunOptions {
  lang?: Lang;
  answer?: string;
  /** where the sandbox answers; closed ports by default (a check that needs it fails as "not running") */
  probe?: { host: string; ports: SandboxPorts };
  /** the sandbox's events; the workspace's own event log by default */
  events?: SandboxEvent[];
  /** when the step began (ISO time): events before it are an earlier step's */
  stepStart?: string;
}

export function runCheck(ws: Workspace, kind: string, params: Record<string, unknown>, o: CheckRunOptions = {}): Promise<Verdict> {
  const def = getCheck(kind);
  if (!def) throw new Error(`no check of kind ${kind}`);
  const ctx: CheckContext = {
    ws,
    vars: ws.vars,
    lang: o.lang ?? 'es',
    lesson: 'test',
    step: 'test',
    answer: o.answer,
    events: () => o.events ?? readEvents(ws),
    stepStart: () => o.stepStart,
    probe: o.probe ?? { host: '127.0.0.1', ports: CLOSED_PORTS },
  };
  return def.run(ctx, def.params.parse(substitute(def.params.parse(params), ws.vars)));
}
