import type { z } from 'zod';
import type { Lang } from '../i18n/lang.js';
import type { Message } from '../i18n/messages.js';
import type { Workspace, Vars } from '../workspace/workspace.js';
import type { Answer, Status } from '../workspace/progress.js';
import type { SandboxEvent } from '../sandbox/api.js';
import type { SandboxProbe } from '../util/ports.js';

export type { Status };

export interface Verdict {
  status: Status;
  message: Message;
  /** What the check saw, quoted to the learner (a log line, a value in a file). */
  evidence: string[];
  /** the evidence lines explain (a question's other options) rather than quote what was seen */
  explains?: boolean;
}

/** The label shown before each evidence line: what was seen, or why. */
export const evidenceLabel = (v: Verdict) => (v.explains ? 'ui.why' : 'ui.evidence');

/** How a check reaches the live sandbox; filled in by the sandbox module. */
export type { SandboxProbe };

export interface CheckContext {
  ws: Workspace;
  vars: Vars;
  lang: Lang;
  lesson: string;
  step: string;
  answer?: Answer;
  /** The sandbox's structured event log, read on demand. */
  events(): SandboxEvent[];
  probe: SandboxProbe;
  /** set when the check runs against a real server (`mailsec check --target`), not the sandbox */
  remote?: RemoteInfo;
}

/** What a check needs to know when it talks to a real server instead of the sandbox. */
export interface RemoteInfo {
  /** the server as the learner named it (host or host:port) */
  target: string;
  /** the address a check plays through XCLIENT when the step wants an outside client */
  outsideAddress: string;
}

export interface CheckKind<S extends z.ZodTypeAny = z.ZodTypeAny> {
  kind: string;
  /** parameters as written in lesson.yaml (besides `kind`) */
  params: S;
  /** the step is answered by the learner (quiz) rather than by doing something */
  answered?: 'choice' | 'text';
  run(ctx: CheckContext, params: z.infer<S>): Promise<Verdict>;
}

export const pass = (key: string, params?: Message['params'], evidence: string[] = []): Verdict => ({
  status: 'pass',
  message: { key, params },
  evidence,
});
export const fail = (key: string, params?: Message['params'], evidence: string[] = []): Verdict => ({
  status: 'fail',
  message: { key, params },
  evidence,
});
export const error = (key: string, params?: Message['params'], evidence: string[] = []): Verdict => ({
  status: 'error',
  message: { key, params },
  evidence,
});
