import type { Workspace, Vars } from '../../src/workspace/workspace.js';
import type { Answer } from '../../src/workspace/progress.js';
import type { SandboxPorts } from '../../src/sandbox/types.js';

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** What a fixture can use: the workspace, a sandbox started on demand for it, and real commands run in it. */
export interface ProveEnv {
  ws: Workspace;
  vars: Vars;
  /** starts (once) the built CLI's sandbox for this workspace on free loopback ports */
  sandbox(): Promise<{ host: string; ports: SandboxPorts; reload(): Promise<unknown> }>;
  /** runs a real command in the workspace (cwd = workspace root) with the sandbox's ports in MAILSEC_* variables */
  exec(cmd: string, args: string[], opts?: { input?: string; timeoutMs?: number }): Promise<ExecResult>;
}

export type FileEdit = string | ((old: string | undefined, vars: Vars) => string);

export interface Fixture {
  /** the learner's answer: a quiz's, or what they read once the fixture has run (a secret they decrypted) */
  answer?: Answer | ((env: ProveEnv) => Promise<Answer>);
  /** files written (relative to the workspace); a function edits the current content */
  files?: Record<string, FileEdit>;
  /** files removed */
  remove?: string[];
  /** chmod, octal numbers */
  modes?: Record<string, number>;
  /** anything else a learner does: run openssl, send a mail, reload the sandbox */
  run?: (env: ProveEnv) => Promise<void>;
  /** external tools this fixture needs (skipped without them, unless MAILSEC_REQUIRE_TOOLS=1) */
  requires?: string[];
}

export interface WrongFixture extends Fixture {
  name: string;
  /** the message key the learner must read */
  expect: string;
}

export interface StepFixture {
  solution: Fixture;
  wrong: WrongFixture[];
}

/** test/fixtures/steps/<lesson-id>.ts exports default: one entry per step id. */
export type LessonFixtures = Record<string, StepFixture>;
