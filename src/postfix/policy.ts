/**
 * check_policy_service: the policy delegation protocol (SMTPD_POLICY_README) as smtpd 3.7
 * speaks it: the request's attributes, the reply's action= line, and the decision: the
 * action read as an access table's right-hand side, or, when the server could not be
 * talked to (smtpd_policy_service_try_limit tries), 451 4.3.5 "Server configuration
 * problem" after smtpd's warnings. The connection itself is in the sandbox
 * (src/sandbox/smtp/policy-client.ts); the sandbox talks only to loopback servers.
 */
import { tableResult } from './access.js';
import { step, type CheckState, type DnsQuery, type Restriction, type RuleContext, type Step, type DnsFact } from './smtpd-check.js';
import type { ParseRestrictions } from './access.js';
import type { PolicyAnswer } from './smtpd-check.js';

/** What the policy server said (its action= value), or the warnings of the tries that failed. */
export type { PolicyAnswer };

/** "inet:127.0.0.1:9" → the address Postfix names in its warnings ("127.0.0.1:9"); undefined for what the sandbox does not reach. */
export function policyEndpoint(spec: string): { host: string; port: number; name: string } | undefined {
  const m = /^inet:(\[[^\]]+\]|[^:]+):(\d+)$/i.exec(spec.trim());
  if (!m) return undefined;
  const host = m[1].replace(/^\[|\]$/g, '').toLowerCase();
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) return undefined;
  return { host: host === 'localhost' ? '127.0.0.1' : host, port: Number(m[2]), name: `${m[1]}:${m[2]}` };
}

/** The question the sandbox asks before deciding: only a loopback inet: server is asked. */
export function policyQuery(r: Restriction): DnsQuery | undefined {
  return r.arg && policyEndpoint(r.arg) ? { kind: 'policy', server: r.arg } : undefined;
}

/** What the session adds to the restrictions' facts: ports, the server's address, the instance, the size. */
export interface PolicySession {
  protocolState: string;
  protocolName: string;
  clientPort: number;
  serverAddress: string;
  serverPort: number;
  instance: string;
  size: number;
  queueId?: string;
}

/** The request, attribute by attribute in smtpd 3.7.11's order, ending with the empty line. */
export function policyRequest(state: CheckState, sess: PolicySession): string {
  const attrs: [string, string | number][] = [
    ['request', 'smtpd_access_policy'],
    ['protocol_state', sess.protocolState],
    ['protocol_name', sess.protocolName],
    ['client_address', state.client.addr],
    ['client_name', state.client.name],
    ['client_port', sess.clientPort],
    ['reverse_client_name', state.client.name],
    ['server_address', sess.serverAddress],
    ['server_port', sess.serverPort],
    ['helo_name', state.helo ?? ''],
    ['sender', state.sender ?? ''],
    ['recipient', state.recipient ?? ''],
    ['recipient_count', state.rcptCount ?? 0],
    ['queue_id', sess.queueId ?? ''],
    ['instance', sess.instance],
    ['size', sess.size],
    ['etrn_domain', ''],
    ['stress', ''],
    ['sasl_method', state.sasl?.method ?? ''],
    ['sasl_username', state.sasl?.username ?? ''],
    ['sasl_sender', ''],
    ['ccert_subject', ''],
    ['ccert_issuer', ''],
    ['ccert_fingerprint', ''],
    ['ccert_pubkey_fingerprint', ''],
    ['encryption_protocol', ''],
    ['encryption_cipher', ''],
    ['encryption_keysize', 0],
    ['policy_context', ''],
  ];
  return attrs.map(([k, v]) => `${k}=${v}\n`).join('') + '\n';
}

/** The action= value of a reply (attributes up to an empty line); undefined when there is none. */
export function policyAction(reply: string): string | undefined {
  for (const line of reply.split('\n')) {
    if (line === '') break;
    const eq = line.indexOf('=');
    if (eq > 0 && line.slice(0, eq) === 'action') return line.slice(eq + 1);
  }
  return undefined;
}

/** smtpd's warnings for one failed try: the connection's, then the client's. */
export function policyTryWarnings(name: string, error: string, connected: boolean): string[] {
  return [...(connected ? [] : [`warning: connect to ${name}: ${error}`]), `warning: problem talking to server ${name}: ${error}`];
}

export function policyDecision(r: Restriction, ctx: RuleContext, fact: DnsFact | undefined, parse: ParseRestrictions): Step {
  const answer = fact && 'policy' in fact ? fact.policy : undefined;
  if (!answer)
    return step('dunno', 'dunno', `${r.name} is not simulated by the sandbox: no decision`, 'notSimulated', { restriction: r.name });
  if (answer.action === undefined) {
    return {
      ...step(
        'defer',
        'defer',
        `the policy server ${r.arg} could not be reached: server configuration problem`,
        'policyUnreachable',
        { server: r.arg! },
        { code: 451, enhanced: '4.3.5', text: `<${ctx.replyName}>: ${ctx.replyClass} rejected: Server configuration problem` },
      ),
      warnings: answer.warnings,
    };
  }
  return { ...tableResult(ctx, r, answer.action, 'policy query', undefined, parse), warnings: answer.warnings };
}
