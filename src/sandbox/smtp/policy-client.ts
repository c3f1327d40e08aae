/**
 * check_policy_service's connection (the policy delegation protocol is in
 * src/postfix/policy.ts): up to smtpd_policy_service_try_limit tries,
 * smtpd_policy_service_retry_delay apart, each one a connection to a loopback server, the
 * request, and the reply read until its empty line within smtpd_policy_service_timeout.
 * A failed try leaves smtpd's warnings ("connect to 127.0.0.1:9: Connection refused").
 */
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { param } from '../../postfix/main-cf.js';
import { timeValueMs } from '../../postfix/time.js';
import { policyAction, policyEndpoint, policyRequest, policyTryWarnings, type PolicyAnswer } from '../../postfix/policy.js';
import type { CheckState } from '../../postfix/restrictions.js';
import type { PostfixSession } from './session-state.js';

/** The words of strerror() for the errors a loopback connection meets. */
const STRERROR: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ETIMEDOUT: 'Connection timed out',
  EPIPE: 'Broken pipe',
};

function once(host: string, port: number, request: string, timeoutMs: number): Promise<{ reply?: string; error?: string; connected: boolean }> {
  return new Promise((resolve) => {
    let connected = false;
    let got = '';
    let done = false;
    const finish = (r: { reply?: string; error?: string }) => {
      if (done) return;
      done = true;
      sock.destroy();
      resolve({ ...r, connected });
    };
    const sock = connect({ host, port });
    sock.setTimeout(timeoutMs, () => finish({ error: 'Connection timed out' }));
    sock.on('connect', () => {
      connected = true;
      sock.write(request);
    });
    sock.on('data', (d) => {
      got += d.toString('utf8');
      if (/(^|\n)\n/.test(got)) finish({ reply: got });
      else if (got.length > 100_000) finish({ error: 'Message too long' });
    });
    sock.on('error', (e: NodeJS.ErrnoException) => finish({ error: STRERROR[e.code ?? ''] ?? e.message }));
    sock.on('end', () => finish({ error: 'Connection reset by peer' }));
  });
}

/** smtpd's instance attribute ("1919.6b16417f.b01ec.0"): the same for every request of a session. */
const instances = new WeakMap<PostfixSession, string>();
function instanceOf(s: PostfixSession): string {
  let v = instances.get(s);
  if (!v) instances.set(s, (v = `${randomBytes(2).toString('hex')}.${randomBytes(4).toString('hex')}.${randomBytes(3).toString('hex').slice(0, 5)}.0`));
  return v;
}

export async function askPolicy(s: PostfixSession, server: string, state: CheckState): Promise<PolicyAnswer> {
  const ep = policyEndpoint(server)!;
  const cf = s.svc.cf;
  const tries = Math.max(1, Number(param(cf, 'smtpd_policy_service_try_limit')) || 2);
  const delayMs = timeValueMs(param(cf, 'smtpd_policy_service_retry_delay')) ?? 1000;
  const timeoutMs = timeValueMs(param(cf, 'smtpd_policy_service_timeout')) ?? 100_000;
  const request = policyRequest(state, {
    protocolState: s.where,
    protocolName: s.proto,
    clientPort: s.remotePort,
    serverAddress: s.socket.localAddress ?? '127.0.0.1',
    serverPort: s.port,
    instance: instanceOf(s),
    size: s.declaredSize,
    queueId: s.queueId,
  });
  const warnings: string[] = [];
  for (let i = 0; i < tries; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, delayMs));
    const r = await once(ep.host, ep.port, request, timeoutMs);
    const action = r.reply === undefined ? undefined : policyAction(r.reply);
    if (action !== undefined) return { action, warnings };
    warnings.push(...policyTryWarnings(ep.name, r.error ?? 'missing action attribute', r.connected));
  }
  return { warnings };
}
