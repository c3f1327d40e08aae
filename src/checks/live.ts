import type { CheckContext, Verdict } from './types.js';
import { fail } from './types.js';
import { ProbeError } from './probe.js';
import type { SandboxPorts } from '../sandbox/api.js';

export type Listener = 'smtp' | 'submission' | 'outside';

export function portOf(ctx: CheckContext, listener: Listener): number {
  return ctx.probe.ports[listener as keyof SandboxPorts];
}

/** A probe that could not talk to the sandbox: the learner has to start (or fix) it, so it is a fail. */
export function probeFailure(e: unknown, port: number, transcript: string[] = []): Verdict {
  if (!(e instanceof ProbeError)) throw e;
  if (e.code === 'refused' || (e.code === 'timeout' && !transcript.length)) {
    return fail('tls.sandboxDown', { port }, [e.message]);
  }
  return fail('tls.sessionBroken', { port, error: e.detail ?? e.message }, transcript.slice(-8));
}

/** The latest reload the sandbox refused, if the running configuration is not the file on disk. */
export function refusedReload(ctx: CheckContext): string | undefined {
  const configs = ctx.events().filter((e) => e.type === 'config');
  const last = configs[configs.length - 1];
  if (!last || last.state !== 'error') return undefined;
  const issues = Array.isArray(last.issues) ? last.issues.filter((i): i is string => typeof i === 'string') : [];
  return issues[0] ?? 'main.cf';
}
