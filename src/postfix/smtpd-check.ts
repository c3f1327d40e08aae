/**
 * The shapes of an smtpd access check: the lists, a restriction as written, the session
 * facts it reads, the reply it gives, the decision it records, and the log line of a
 * reject. The restriction table itself is in restrictions.ts.
 */
import type { Table } from './tables.js';
import type { NetworkList } from './cidr.js';

export const LISTS = [
  'smtpd_client_restrictions',
  'smtpd_helo_restrictions',
  'smtpd_sender_restrictions',
  'smtpd_relay_restrictions',
  'smtpd_recipient_restrictions',
] as const;
export type ListName = (typeof LISTS)[number] | 'smtpd_data_restrictions';

export interface Restriction {
  /** lowercased restriction name: "permit_mynetworks", "check_sender_access" */
  name: string;
  /** the table (check_*_access) or the DNSBL domain (reject_rbl_client) */
  arg?: string;
  /** as written, for messages */
  text: string;
}

/** One explained decision: which rule, on which value, with what result, and why (the sandbox's stages record theirs in this shape too). */
export interface Decision {
  stage: string;
  rule: string;
  result: string;
  /** in English, for logs and tests */
  reason: string;
  /** the same reason as a message key ("sandbox.why.*") with its parameters, for the UI in the learner's language */
  key?: string;
  params?: Record<string, string | number>;
  /** a second message key, said after the first with the same params (warn_if_reject's "only logged") */
  also?: string;
}

export interface CheckState {
  client: { addr: string; name: string };
  helo?: string;
  /** MAIL FROM address; '' is the null sender <> */
  sender?: string;
  /** RCPT TO address as the client wrote it (without <>) */
  recipient?: string;
  sasl?: { method: string; username: string };
  /** the client sent commands before our reply (for reject_unauth_pipelining) */
  pipelined?: boolean;
  /** recipients accepted so far in this transaction */
  rcptCount?: number;
  /** the session is encrypted (STARTTLS or smtps); undefined: not known to the caller */
  tls?: boolean;
  /** the connection's own peer address, which XCLIENT does not change (permit_inet_interfaces) */
  peer?: string;
}

export interface RblAnswer {
  listed: boolean;
  answer?: string;
  txt?: string;
}

/** What the restrictions know about the server: its networks, its domains, its lookup tables. */
export interface RestrictionFacts {
  mynetworks: NetworkList;
  /** mynetworks as configured, for messages */
  mynetworksText: string;
  /** mydestination after expansion, lowercased */
  mydestination: string[];
  relayDomains: string[];
  myhostname: string;
  table(spec: string): Table | undefined;
  /** smtpd_sasl_auth_enable: without it the SASL-only restrictions are ignored, with a warning */
  saslEnabled?: boolean;
  /** smtpd_tls_ask_ccert: without it check_ccert_access is ignored, with a warning */
  askCcert?: boolean;
  /** smtpd_sender_login_maps, as written (read through table()): which logins own which senders */
  senderLoginMaps?: string[];
  /** recipient_delimiter: the extension an address lookup strips (user+ext) */
  recipientDelimiter?: string;
}

/**
 * What the DNS says of a mail domain, as Postfix's reject_unknown_*_domain reads it (MX, then
 * A, then AAAA): found; not found (NXDOMAIN, no record, or REFUSED); a null MX (RFC 7505);
 * or no answer yet (a timeout, a server failure).
 */
export type DomainStatus = 'found' | 'notfound' | 'nullmx' | 'retry';

/** What a policy service answered (policy.ts reads it): an action, if any, and the warnings smtpd logged on the way. */
export interface PolicyAnswer {
  action?: string;
  warnings: string[];
}

/**
 * The servers of a domain as check_*_{a,mx,ns}_access finds them (smtpd_check.c's
 * check_server_access()): its MX or NS hosts (for A, the name itself), each with its IPv4
 * addresses or the resolver's error; or why the MX/NS lookup failed, in dns_strerror()'s words.
 */
export interface ServerAnswer {
  /** the lookup failed: the domain the warning names and the error text */
  failed?: { domain: string; error: string };
  nullmx?: boolean;
  hosts: { name: string; addrs?: string[]; error?: string }[];
}

/** A DNS answer (or a policy server's) a restriction needs, resolved before it decides: the answer, or why it could not be asked. */
export type DnsFact =
  { answer: RblAnswer } | { domain: DomainStatus } | { servers: ServerAnswer } | { policy: PolicyAnswer } | { error: string };

/** The question a restriction asks before it decides: a DNSBL about an address, a mail domain, a domain's servers, or a policy service. */
export type DnsQuery =
  | { kind?: 'rbl'; list: string; addr: string }
  | { kind: 'rhs'; list: string; domain: string }
  | { kind: 'domain'; domain: string }
  | { kind: 'servers'; type: 'A' | 'MX' | 'NS'; domain: string }
  | { kind: 'policy'; server: string };

export interface Reply {
  code: number;
  enhanced: string;
  /** the text after the codes: "<x@example.com>: Relay access denied" */
  text: string;
}

export type Verdict = 'permit' | 'reject' | 'defer' | 'dunno';

export function formatReply(r: Reply): string {
  return `${r.code} ${r.enhanced} ${r.text}`;
}

/** What smtpd logs when it rejects a command (Postfix's log_whatsup()): "NOQUEUE: reject: RCPT from name[addr]: 554 5.7.1 ...; from=<...> to=<...> proto=ESMTP helo=<...>". */
export function rejectLogLine(e: {
  queueId?: string;
  /** what happened (log_whatsup's word): reject, or hold, warn... with the text in place of a reply */
  action?: string;
  text?: string;
  stage: string;
  namaddr: string;
  reply?: Reply;
  sender?: string;
  to?: string;
  proto: string;
  helo?: string;
}): string {
  const what = e.text ?? (e.reply ? formatReply(e.reply) : '');
  const parts = [`${e.queueId ?? 'NOQUEUE'}: ${e.action ?? 'reject'}: ${e.stage.toUpperCase()} from ${e.namaddr}: ${what};`];
  if (e.sender !== undefined) parts.push(` from=<${e.sender}>`);
  if (e.to !== undefined) parts.push(` to=<${e.to}>`);
  parts.push(` proto=${e.proto}`);
  if (e.helo) parts.push(` helo=<${e.helo}>`);
  return parts.join('');
}

/** Where a restriction runs: its list, the session so far, the server's facts, and what a reject names. */
export interface RuleContext {
  list: ListName;
  state: CheckState;
  facts: RestrictionFacts;
  /** what a generic reject names: the client, the helo name, the sender or the recipient */
  replyName: string;
  replyClass: string;
}

/** What one restriction decided: the verdict, the reply, and the explanation for the learner. */
export interface Step {
  verdict: Verdict;
  reply?: Reply;
  /** restrictions named by an access table's right-hand side, evaluated in place */
  inner?: Restriction[];
  /** warn_if_reject: the next restriction only warns */
  warnNext?: boolean;
  /** defer_if_permit: this reply replaces a permit at the end of the checks */
  deferIfPermit?: Reply;
  /** defer_if_reject (and a DNS that did not answer): this reply replaces a later reject */
  deferIfReject?: Reply;
  /** an access table's HOLD: what smtpd logs ("<name>: Client host triggers HOLD action"); the message waits in the hold queue */
  hold?: string;
  /** what smtpd logs as it decides, in Postfix's words ("warning: unknown smtpd restriction: ...", a failed server lookup) */
  warnings?: string[];
  /** a server configuration error (Postfix's MAIL_ERROR_SOFTWARE): the postmaster gets a notice of the session */
  software?: boolean;
  note: { result: Verdict | 'warn'; reason: string; key: string; params: Record<string, string | number> };
}

export type Need = 'client' | 'helo' | 'sender' | 'recipient' | 'sasl' | 'session' | 'table' | 'dns';

export interface RestrictionRule {
  /** what the decision reads */
  needs: readonly Need[];
  /** the next word is its argument: a lookup table, a DNSBL domain, a policy server, seconds */
  arg?: 'table' | 'dnsbl' | 'policy' | 'seconds';
  /** false: accepted but not simulated (needs the real DNS, a policy server or client certificates): DUNNO, and says so */
  simulated: boolean;
  /** the DNS question to resolve before deciding (undefined: nothing to ask for this address) */
  dns?(r: Restriction, state: CheckState, facts: RestrictionFacts): DnsQuery | undefined;
  decide(r: Restriction, ctx: RuleContext, dns?: DnsFact): Step;
}

export function step(
  verdict: Verdict,
  result: Verdict | 'warn',
  reason: string,
  key: string,
  params: Record<string, string | number> = {},
  reply?: Reply,
): Step {
  return { verdict, reply, note: { result, reason, key: `sandbox.why.${key}`, params } };
}

/**
 * RFC 5321 section 4.5.1: a bare "postmaster" recipient must be accepted; Postfix's
 * smtpd_check_rcpt() returns before any restriction list (and the recipient table check).
 */
export function exemptRecipient(recipient: string): Decision | undefined {
  if (recipient.toLowerCase() !== 'postmaster') return undefined;
  return {
    stage: 'smtpd_recipient_restrictions',
    rule: 'postmaster',
    result: 'permit',
    reason: 'the bare address postmaster is always accepted (RFC 5321): no restriction is checked',
    key: 'sandbox.why.postmasterExempt',
    params: {},
  };
}

/** Builds the Decision a step records in its list. */
export function decisionOf(ctx: Pick<RuleContext, 'list'>, r: Restriction, s: Step): Decision {
  return { stage: ctx.list, rule: r.text, result: s.note.result, reason: s.note.reason, key: s.note.key, params: s.note.params };
}

export function domainOf(addr: string): string {
  const at = addr.lastIndexOf('@');
  return at >= 0
    ? addr
        .slice(at + 1)
        .toLowerCase()
        .replace(/\.$/, '')
    : '';
}

/** Is the domain one of ours (mydestination) or one we relay for (relay_domains)? Subdomains count for relay_domains. */
export function classifyDomain(
  domain: string,
  facts: Pick<RestrictionFacts, 'mydestination' | 'relayDomains'>,
): { local: boolean; relay: boolean } {
  const d = domain.toLowerCase();
  const local = facts.mydestination.includes(d) || (d.startsWith('[') && /^\[(127\.0\.0\.1|ipv6:::1)\]$/i.test(d));
  const relay = facts.relayDomains.some((r) => r === d || (r.startsWith('.') ? d.endsWith(r) : d.endsWith('.' + r)));
  return { local, relay };
}

const CLASS: Record<ListName, string> = {
  smtpd_client_restrictions: 'Client host',
  smtpd_helo_restrictions: 'Helo command',
  smtpd_sender_restrictions: 'Sender address',
  smtpd_relay_restrictions: 'Recipient address',
  smtpd_recipient_restrictions: 'Recipient address',
  smtpd_data_restrictions: 'Data command',
};

/** The context a list's restrictions run in: a generic reject names the client, the HELO name, the sender, the recipient or DATA. */
export function ruleContext(list: ListName, state: CheckState, facts: RestrictionFacts): RuleContext {
  const replyName =
    list === 'smtpd_client_restrictions'
      ? `${state.client.name}[${state.client.addr}]`
      : list === 'smtpd_helo_restrictions'
        ? (state.helo ?? '')
        : list === 'smtpd_sender_restrictions'
          ? (state.sender ?? '')
          : list === 'smtpd_data_restrictions'
            ? 'DATA'
            : (state.recipient ?? '');
  return { list, state, facts, replyName, replyClass: CLASS[list] };
}
