/**
 * anvil(8), Postfix's client counters, and what smtpd(8) does with them: per client
 * address, how many connections are open now and how many connections, MAIL FROM,
 * RCPT TO, AUTH commands and new TLS sessions it made in the current time unit
 * (anvil_rate_time_unit: a fixed window that starts with the client's first event and
 * is forgotten once it has passed). Each smtpd_client_*_limit of 0 is off. Clients
 * matched by smtpd_client_event_limit_exceptions (by default $mynetworks) are never
 * limited. Replies and warnings are Postfix 3.7's words; the clock is the caller's.
 */
import { param, splitList, type MainCf } from './main-cf.js';
import { matchList, parseNetworkList, type NetworkList } from './cidr.js';
import { timeValueMs } from './time.js';
import type { Reply } from './smtpd-check.js';

export type AnvilEvent = 'connect' | 'message' | 'recipient' | 'auth' | 'tls';

export interface AnvilLimits {
  connectionCount: number;
  connectionRate: number;
  messageRate: number;
  recipientRate: number;
  authRate: number;
  newTlsSessionRate: number;
  timeUnitMs: number;
  /** smtpd_client_event_limit_exceptions, expanded */
  exceptions: string[];
  /** the same, parsed once */
  exceptionList: NetworkList;
}

const whole = (v: string, fallback: number) => (/^\s*\d+\s*$/.test(v) ? Number(v) : fallback);

/** The limits main.cf (as one smtpd service sees it) sets. */
export function anvilLimits(cf: MainCf): AnvilLimits {
  const exceptions = splitList(param(cf, 'smtpd_client_event_limit_exceptions'));
  return {
    connectionCount: whole(param(cf, 'smtpd_client_connection_count_limit'), 50),
    connectionRate: whole(param(cf, 'smtpd_client_connection_rate_limit'), 0),
    messageRate: whole(param(cf, 'smtpd_client_message_rate_limit'), 0),
    recipientRate: whole(param(cf, 'smtpd_client_recipient_rate_limit'), 0),
    authRate: whole(param(cf, 'smtpd_client_auth_rate_limit'), 0),
    newTlsSessionRate: whole(param(cf, 'smtpd_client_new_tls_session_rate_limit'), 0),
    timeUnitMs: timeValueMs(param(cf, 'anvil_rate_time_unit')) ?? 60_000,
    exceptions,
    exceptionList: parseNetworkList(exceptions),
  };
}

/** The client as smtpd names it in the warning ("unknown[203.0.113.7]") and the service (master.cf name). */
export interface AnvilClient {
  addr: string;
  name: string;
  service: string;
  hostname: string;
}

/** A refused event: smtpd's reply, and the warning it logs. */
export interface AnvilRefusal {
  reply: Reply;
  warning: string;
  /** a refused connection is closed after the reply */
  hangUp: boolean;
}

interface Window {
  start: number;
  counts: Record<Exclude<AnvilEvent, never>, number>;
}

const zero = (): Window['counts'] => ({ connect: 0, message: 0, recipient: 0, auth: 0, tls: 0 });

/** What each rate counts, its limit, and what smtpd says when it is passed. */
const RATES: Record<AnvilEvent, { limit: keyof AnvilLimits; what: string; reply: (c: AnvilClient) => Reply; hangUp: boolean }> = {
  connect: {
    limit: 'connectionRate',
    what: 'Connection rate',
    reply: (c) => ({ code: 421, enhanced: '4.7.0', text: `${c.hostname} Error: too many connections from ${c.addr}` }),
    hangUp: true,
  },
  message: {
    limit: 'messageRate',
    what: 'Message delivery request rate',
    reply: (c) => ({ code: 450, enhanced: '4.7.1', text: `Error: too much mail from ${c.addr}` }),
    hangUp: false,
  },
  recipient: {
    limit: 'recipientRate',
    what: 'Recipient address rate',
    reply: (c) => ({ code: 450, enhanced: '4.7.1', text: `Error: too many recipients from ${c.addr}` }),
    hangUp: false,
  },
  auth: {
    limit: 'authRate',
    what: 'AUTH command rate',
    reply: (c) => ({ code: 450, enhanced: '4.7.1', text: `Error: too many AUTH commands from ${c.addr}` }),
    hangUp: false,
  },
  tls: {
    limit: 'newTlsSessionRate',
    what: 'New TLS session rate',
    // here smtpd names the client as name[addr]
    reply: (c) => ({ code: 421, enhanced: '4.7.0', text: `${c.hostname} Error: too many new TLS sessions from ${c.name}[${c.addr}]` }),
    hangUp: true,
  },
};

/**
 * The counters of one server (anvil is one process for all smtpd services). The caller
 * passes the time of each event; `connect` must be paired with `disconnect`.
 */
export class Anvil {
  private readonly open = new Map<string, number>();
  private readonly windows = new Map<string, Window>();

  /** Counts the event; a refusal when the client is over its limit (the event still counts, as in anvil). */
  event(kind: AnvilEvent, client: AnvilClient, limits: AnvilLimits, now: number): AnvilRefusal | undefined {
    const key = `${client.service}\0${client.addr}`;
    let w = this.windows.get(key);
    if (!w || now - w.start >= limits.timeUnitMs) {
      w = { start: now, counts: zero() };
      this.windows.set(key, w);
    }
    const rate = ++w.counts[kind];
    let concurrent = 0;
    if (kind === 'connect') {
      concurrent = (this.open.get(key) ?? 0) + 1;
      this.open.set(key, concurrent);
    }
    if (exempt(client, limits)) return undefined;
    const r = RATES[kind];
    // smtpd checks the concurrency before the rate
    if (kind === 'connect' && limits.connectionCount > 0 && concurrent > limits.connectionCount)
      return refusal('Connection concurrency', concurrent, client, r.reply(client), true);
    const limit = limits[r.limit] as number;
    if (limit > 0 && rate > limit) return refusal(r.what, rate, client, r.reply(client), r.hangUp);
    return undefined;
  }

  disconnect(client: Pick<AnvilClient, 'addr' | 'service'>): void {
    const key = `${client.service}\0${client.addr}`;
    const n = (this.open.get(key) ?? 1) - 1;
    if (n > 0) this.open.set(key, n);
    else this.open.delete(key);
  }

  /** Windows older than a time unit are forgotten (anvil's own clean-up), so memory stays bounded. */
  sweep(limits: Pick<AnvilLimits, 'timeUnitMs'>, now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= limits.timeUnitMs) this.windows.delete(k);
  }
}

function exempt(client: AnvilClient, limits: AnvilLimits): boolean {
  return matchList(limits.exceptionList, client.addr, client.name) !== undefined;
}

function refusal(what: string, n: number, c: AnvilClient, reply: Reply, hangUp: boolean): AnvilRefusal {
  return { reply, hangUp, warning: `warning: ${what} limit exceeded: ${n} from ${c.name}[${c.addr}] for service ${c.service}` };
}
