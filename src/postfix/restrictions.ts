/**
 * Postfix's smtpd access restrictions as a table: for each restriction name, what it
 * needs to decide (the client, the HELO name, the sender, the recipient, a lookup table,
 * a DNS answer) and a pure function that returns its decision, the reply the client gets
 * and the explanation (the reason) the learner reads.
 *
 * With smtpd_delay_reject = yes (the default, and the only mode the sandbox runs) every
 * list is evaluated at RCPT TO, in this order: smtpd_client_restrictions,
 * smtpd_helo_restrictions, smtpd_sender_restrictions, smtpd_relay_restrictions,
 * smtpd_recipient_restrictions. Within a list the first restriction that decides
 * (permit or reject) ends that list; a permit only ends its own list, a reject or defer
 * ends the whole evaluation.
 *
 * Nothing here does I/O: lookup tables come in as parsed tables, and a DNS answer
 * (reject_rbl_client) comes in already resolved; the evaluation loop that asks the DNS
 * lives in src/sandbox/smtp/restrictions.ts.
 */
import type { ConfigIssue } from './main-cf.js';
import type { Table } from './tables.js';
import { matchList, type NetworkList } from './cidr.js';

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

/** One explained decision: which rule, with what result, and why (the sandbox's Decision has this shape). */
export interface Decision {
  stage: string;
  rule: string;
  result: string;
  /** in English, for logs and tests */
  reason: string;
  /** the same reason as a message key ("sandbox.why.*") with its parameters, for the UI in the learner's language */
  key?: string;
  params?: Record<string, string | number>;
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
}

/** A DNS answer a restriction needs, resolved before it decides: the answer, or why the DNS could not be asked. */
export type DnsFact = { answer: RblAnswer } | { error: string };

/** The DNS question a restriction asks before it decides. */
export interface DnsQuery {
  list: string;
  addr: string;
}

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
export function rejectLogLine(e: { queueId?: string; stage: string; namaddr: string; reply: Reply; sender?: string; to?: string; proto: string; helo?: string }): string {
  const parts = [`${e.queueId ?? 'NOQUEUE'}: reject: ${e.stage.toUpperCase()} from ${e.namaddr}: ${formatReply(e.reply)};`];
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
  /** the DNS question to resolve before deciding */
  dns?(r: Restriction, state: CheckState): DnsQuery;
  decide(r: Restriction, ctx: RuleContext, dns?: DnsFact): Step;
}

function step(verdict: Verdict, result: Verdict | 'warn', reason: string, key: string, params: Record<string, string | number> = {}, reply?: Reply): Step {
  return { verdict, reply, note: { result, reason, key: `sandbox.why.${key}`, params } };
}

/** Builds the Decision a step records in its list. */
export function decisionOf(ctx: Pick<RuleContext, 'list'>, r: Restriction, s: Step): Decision {
  return { stage: ctx.list, rule: r.text, result: s.note.result, reason: s.note.reason, key: s.note.key, params: s.note.params };
}

function domainOf(addr: string): string {
  const at = addr.lastIndexOf('@');
  return at >= 0 ? addr.slice(at + 1).toLowerCase().replace(/\.$/, '') : '';
}

/** Is the domain one of ours (mydestination) or one we relay for (relay_domains)? Subdomains count for relay_domains. */
export function classifyDomain(domain: string, facts: Pick<RestrictionFacts, 'mydestination' | 'relayDomains'>): { local: boolean; relay: boolean } {
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

/** RFC 3463 code from an optional "d.d.d " prefix of the text, else the default. */
function dsnSplit(text: string, def: string): { enhanced: string; text: string } {
  const m = /^([245]\.\d{1,3}\.\d{1,3})(?:\s+|$)(.*)$/s.exec(text.trim());
  return m ? { enhanced: m[1], text: m[2] } : { enhanced: def, text: text.trim() };
}

function fixDsn(code: number, enhanced: string): string {
  return String(code)[0] + enhanced.slice(1);
}

/** The right-hand side of an access table entry, as check_table_result() reads it. */
function tableResult(ctx: RuleContext, r: Restriction, value: string, key: string, line: number | undefined): Step {
  const m = /^(\S+)\s*(.*)$/s.exec(value.trim()) ?? ['', '', ''];
  const word = m[1];
  const rest = m[2] ?? '';
  const upper = word.toUpperCase();
  const where = `${r.arg}${line ? ` line ${line}` : ''}`;
  const name = ctx.replyName;
  const cls = ctx.replyClass;
  if (upper === 'OK' || upper === 'RELAY' || /^\d+$/.test(value.trim())) {
    return step('permit', 'permit', `${key} is listed in ${where} as ${word}: permitted`, 'tableOk', { key, table: where, action: word });
  }
  if (upper === 'DUNNO' || value.trim() === '') {
    return step('dunno', 'dunno', `${key} is listed in ${where} as DUNNO: no decision, the next restriction decides`, 'tableDunno', { key, table: where });
  }
  if (upper === 'REJECT' || upper === 'DEFER' || (/^[45]\d\d$/.test(word) && rest)) {
    const code = upper === 'REJECT' ? 554 : upper === 'DEFER' ? 450 : Number(word);
    const d = dsnSplit(rest, upper === 'DEFER' ? '4.7.1' : `${String(code)[0]}.7.1`);
    const reply = { code, enhanced: fixDsn(code, d.enhanced), text: `<${name}>: ${cls} rejected: ${d.text || 'Access denied'}` };
    const verdict: Verdict = code >= 500 ? 'reject' : 'defer';
    return step(
      verdict,
      verdict,
      `${key} is listed in ${where} as ${value.trim()}: ${verdict === 'reject' ? 'rejected' : 'deferred'}`,
      'tableReject',
      { key, table: where, action: value.trim() },
      reply,
    );
  }
  if (upper === 'WARN' || upper === 'INFO' || upper === 'HOLD' || upper === 'PREPEND' || upper === 'FILTER' || upper === 'REDIRECT' || upper === 'BCC' || upper === 'DISCARD') {
    return step(upper === 'DISCARD' ? 'permit' : 'dunno', 'dunno', `${key} is listed in ${where} as ${upper}; the sandbox logs it and goes on`, 'tableAction', {
      key,
      table: where,
      action: upper,
    });
  }
  // the right-hand side may name restrictions (evaluated in place); keep it simple: one level
  const inner = parseRestrictions(value, r.text, { file: r.arg ?? '' });
  if (inner.issues.length || !inner.items.length) {
    return step(
      'defer',
      'defer',
      `${key} is listed in ${where} with an action Postfix does not know (${value.trim()}): server configuration error`,
      'tableBad',
      { key, table: where, action: value.trim() },
      { code: 451, enhanced: '4.3.5', text: 'Server configuration error' },
    );
  }
  return { ...step('dunno', 'dunno', `${key} is listed in ${where} as ${value.trim()}: those restrictions decide`, 'tableRestrictions', { key, table: where, action: value.trim() }), inner: inner.items };
}

type Found = { hit?: { value: string; line?: number }; key?: string };

/** check_*_access on a domain name and its parents (with subdomain matching, as smtpd_access_maps does). */
function lookupDomain(table: Table, domain: string): Found {
  let name = domain.toLowerCase().replace(/\.$/, '');
  const first = name;
  while (name) {
    const hit = table.lookup(name);
    if (hit) return { hit, key: name };
    const dot = name.indexOf('.', 1);
    if (dot < 0) break;
    name = name.slice(dot + 1);
    if (name === first) break;
  }
  return {};
}

/** The lookup keys Postfix tries for an address in an access table, in order. */
function lookupAddress(table: Table, addr: string): Found {
  if (addr === '') {
    const hit = table.lookup('<>');
    return hit ? { hit, key: '<>' } : {};
  }
  const full = addr.toLowerCase();
  let hit = table.lookup(full);
  if (hit) return { hit, key: full };
  const at = full.lastIndexOf('@');
  if (at >= 0) {
    const d = lookupDomain(table, full.slice(at + 1));
    if (d.hit) return d;
    const local = full.slice(0, at + 1);
    hit = table.lookup(local);
    if (hit) return { hit, key: local };
  }
  return {};
}

/** check_client_access: the client name (and parents), then the address and its parent networks. */
function lookupClient(table: Table, name: string, addr: string): Found {
  if (name && name !== 'unknown') {
    const d = lookupDomain(table, name);
    if (d.hit) return d;
  }
  const delim = addr.includes(':') ? ':' : '.';
  let a = addr;
  for (;;) {
    const hit = table.lookup(a);
    if (hit) return { hit, key: a };
    const i = a.lastIndexOf(delim);
    if (i <= 0) break;
    a = a.slice(0, i);
  }
  return {};
}

function isFqdn(domain: string): boolean {
  const d = domain.replace(/\.$/, '');
  return !!d && d.includes('.') && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(d);
}

/** reject_rbl_client's optional "=filter": 127.0.0.2 or 127.0.0.[2..11] or 127.0.0.[2;4]. */
export function rblFilterMatch(filter: string, answer: string): boolean {
  const fo = filter.split('.');
  const ao = answer.split('.');
  if (fo.length !== 4 || ao.length !== 4) return filter === answer;
  return fo.every((f, i) => {
    const v = Number(ao[i]);
    const m = /^\[(.*)\]$/.exec(f);
    if (!m) return f === ao[i];
    return m[1].split(';').some((p) => {
      const range = /^(\d+)\.\.(\d+)$/.exec(p);
      return range ? v >= Number(range[1]) && v <= Number(range[2]) : Number(p) === v;
    });
  });
}

/** What a restriction the sandbox accepts but does not simulate says. */
function notSimulated(r: Restriction): Step {
  return step('dunno', 'dunno', `${r.name} is not simulated by the sandbox: no decision`, 'notSimulated', { restriction: r.name });
}

const unauthDestination = (r: Restriction, ctx: RuleContext): Step => {
  const { state, facts } = ctx;
  const rcpt = state.recipient ?? '';
  const at = rcpt.lastIndexOf('@');
  const domain = at >= 0 ? rcpt.slice(at + 1).toLowerCase() : '';
  const { local, relay } = at < 0 ? { local: true, relay: false } : classifyDomain(domain, facts);
  if (local || relay) {
    const why = at < 0 ? `${rcpt} has no domain: it is delivered here` : local ? `${domain} is in mydestination: mail for it is delivered here` : `${domain} is in relay_domains`;
    if (r.name === 'permit_auth_destination') return step('permit', 'permit', `${why}: permitted`, local ? 'localDestination' : 'relayDestination', { domain });
    return step('dunno', 'dunno', why, local ? 'localDestination' : 'relayDestination', { domain });
  }
  if (r.name === 'permit_auth_destination') return step('dunno', 'dunno', `${domain} is not in mydestination nor relay_domains`, 'foreignDestinationDunno', { domain });
  const reject = r.name === 'reject_unauth_destination';
  return step(
    reject ? 'reject' : 'defer',
    reject ? 'reject' : 'defer',
    `${domain} is not in mydestination (${facts.mydestination.join(', ')}) nor relay_domains: relaying to it is refused`,
    reject ? 'relayRefused' : 'relayDeferred',
    { domain, mydestination: facts.mydestination.join(', ') },
    reject ? { code: 554, enhanced: '5.7.1', text: `<${rcpt}>: Relay access denied` } : { code: 450, enhanced: '4.7.1', text: `<${rcpt}>: Relay access denied` },
  );
};

const nonFqdnAddress = (r: Restriction, ctx: RuleContext): Step => {
  const isSender = r.name === 'reject_non_fqdn_sender';
  const addr = isSender ? ctx.state.sender : ctx.state.recipient;
  if (addr === undefined || addr === '') return step('dunno', 'dunno', isSender ? 'the null sender <> is not checked' : 'no recipient yet', 'nullSender');
  const domain = domainOf(addr);
  if (domain.startsWith('[') || isFqdn(domain)) return step('dunno', 'dunno', `${addr} has a fully-qualified domain`, 'fqdn', { addr });
  return step('reject', 'reject', `${addr} is not a fully-qualified address (user@domain.tld)`, 'notFqdn', { addr }, {
    code: 504,
    enhanced: '5.5.2',
    text: `<${addr}>: ${isSender ? 'Sender' : 'Recipient'} address rejected: need fully-qualified address`,
  });
};

const heloHostname = (r: Restriction, ctx: RuleContext): Step => {
  const helo = ctx.state.helo;
  if (!helo) return step('dunno', 'dunno', 'the client sent no HELO/EHLO', 'noHelo');
  const invalid = r.name === 'reject_invalid_helo_hostname';
  const literal = /^\[.*\]$/.test(helo);
  const valid = literal || /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/i.test(helo);
  if (invalid ? valid : literal || isFqdn(helo)) return step('dunno', 'dunno', `HELO ${helo} is ${invalid ? 'a valid host name' : 'fully qualified'}`, 'heloOk', { helo });
  const what = invalid ? 'Invalid name' : 'need fully-qualified hostname';
  return step('reject', 'reject', `HELO ${helo}: ${what}`, 'heloBad', { helo }, { code: invalid ? 501 : 504, enhanced: '5.5.2', text: `<${helo}>: Helo command rejected: ${what}` });
};

const accessTable = (r: Restriction, ctx: RuleContext): Step => {
  const { state, facts } = ctx;
  const table = facts.table(r.arg!);
  if (!table) {
    return step('defer', 'defer', `table ${r.arg} cannot be read: server configuration error`, 'tableMissing', { table: r.arg! }, { code: 451, enhanced: '4.3.5', text: 'Server configuration error' });
  }
  let found: Found;
  let subject: string;
  if (r.name === 'check_client_access') {
    found = lookupClient(table, state.client.name, state.client.addr);
    subject = `${state.client.name}[${state.client.addr}]`;
  } else if (r.name === 'check_helo_access') {
    if (!state.helo) return step('dunno', 'dunno', 'the client sent no HELO/EHLO', 'noHelo');
    found = lookupDomain(table, state.helo);
    subject = state.helo;
  } else {
    const addr = r.name === 'check_sender_access' ? state.sender : state.recipient;
    if (addr === undefined) return step('dunno', 'dunno', 'no address yet', 'noAddress');
    found = lookupAddress(table, addr);
    subject = addr === '' ? '<>' : addr;
  }
  if (!found.hit) return step('dunno', 'dunno', `${subject} is not listed in ${r.arg}`, 'notListed', { key: subject, table: r.arg! });
  return tableResult(ctx, r, found.hit.value, found.key!, found.hit.line);
};

const rblClient = (r: Restriction, ctx: RuleContext, dns?: DnsFact): Step => {
  const [list, filter] = r.arg!.split('=');
  const addr = ctx.state.client.addr;
  if (!dns || 'error' in dns) {
    const error = dns ? dns.error : 'no answer';
    return step('dunno', 'dunno', `the DNSBL ${list} could not be asked (${error}): no decision`, 'rblError', { list, error });
  }
  const answer = dns.answer;
  if (answer.listed && filter && answer.answer && !rblFilterMatch(filter, answer.answer)) {
    return step('dunno', 'dunno', `${addr} is listed in ${list} with ${answer.answer}, which is not ${filter}`, 'rblFiltered', { addr, list, answer: answer.answer, filter });
  }
  if (!answer.listed) return step('dunno', 'dunno', `${addr} is not listed in ${list}`, 'rblClean', { addr, list });
  return step(
    'reject',
    'reject',
    `${addr} is listed in ${list} (${answer.answer ?? 'A record'})${answer.txt ? `: ${answer.txt}` : ''}`,
    'rblListed',
    { addr, list, answer: answer.answer ?? '' },
    { code: 554, enhanced: '5.7.1', text: `Service unavailable; Client host [${addr}] blocked using ${list}${answer.txt ? `; ${answer.txt}` : ''}` },
  );
};

const simulated = (needs: readonly Need[], decide: RestrictionRule['decide'], more: Partial<RestrictionRule> = {}): RestrictionRule => ({ needs, simulated: true, decide, ...more });
const notSim = (arg?: RestrictionRule['arg']): RestrictionRule => ({ needs: [], simulated: false, arg, decide: (r) => notSimulated(r) });

/** Every smtpd restriction the sandbox knows: the ones it evaluates, and the ones it accepts but does not simulate. */
export const RESTRICTIONS: Readonly<Record<string, RestrictionRule>> = {
  permit: simulated([], () => step('permit', 'permit', 'permit: always permits', 'permit')),
  reject: simulated([], (_r, ctx) =>
    step('reject', 'reject', 'reject: always rejects', 'reject', {}, { code: 554, enhanced: '5.7.1', text: `<${ctx.replyName}>: ${ctx.replyClass} rejected: Access denied` }),
  ),
  defer: simulated([], (_r, ctx) =>
    step('defer', 'defer', 'defer: always asks the client to try again later', 'defer', {}, { code: 450, enhanced: '4.7.1', text: `<${ctx.replyName}>: ${ctx.replyClass} rejected: Access denied` }),
  ),
  dunno: simulated([], () => step('dunno', 'dunno', 'dunno: no decision', 'dunno')),
  permit_mynetworks: simulated(['client'], (_r, { state, facts }) => {
    const client = `${state.client.addr}`;
    const hit = matchList(facts.mynetworks, state.client.addr, state.client.name);
    if (hit) return step('permit', 'permit', `${client} is in mynetworks (${hit}): permitted`, 'inMynetworks', { addr: client, match: hit, mynetworks: facts.mynetworksText });
    return step('dunno', 'dunno', `${client} is not in mynetworks ${facts.mynetworksText}`, 'notInMynetworks', { addr: client, mynetworks: facts.mynetworksText });
  }),
  permit_sasl_authenticated: simulated(['sasl'], (_r, { state }) => {
    if (state.sasl && state.sasl.method.toLowerCase() !== 'anonymous') {
      return step('permit', 'permit', `the client authenticated as ${state.sasl.username} (${state.sasl.method}): permitted`, 'authenticated', {
        username: state.sasl.username,
        method: state.sasl.method,
      });
    }
    return step('dunno', 'dunno', 'the client did not authenticate', 'notAuthenticated');
  }),
  reject_unauth_destination: simulated(['recipient'], unauthDestination),
  defer_unauth_destination: simulated(['recipient'], unauthDestination),
  permit_auth_destination: simulated(['recipient'], unauthDestination),
  reject_non_fqdn_sender: simulated(['sender'], nonFqdnAddress),
  reject_non_fqdn_recipient: simulated(['recipient'], nonFqdnAddress),
  reject_non_fqdn_helo_hostname: simulated(['helo'], heloHostname),
  reject_invalid_helo_hostname: simulated(['helo'], heloHostname),
  check_client_access: simulated(['client', 'table'], accessTable, { arg: 'table' }),
  check_helo_access: simulated(['helo', 'table'], accessTable, { arg: 'table' }),
  check_sender_access: simulated(['sender', 'table'], accessTable, { arg: 'table' }),
  check_recipient_access: simulated(['recipient', 'table'], accessTable, { arg: 'table' }),
  reject_rbl_client: simulated(['client', 'dns'], rblClient, { arg: 'dnsbl', dns: (r, state) => ({ list: r.arg!.split('=')[0], addr: state.client.addr }) }),
  warn_if_reject: simulated([], () => ({ ...step('dunno', 'dunno', 'the next restriction only warns instead of rejecting', 'warnIfReject'), warnNext: true })),
  reject_unauth_pipelining: simulated(['session'], (r, { state }) => {
    if (state.pipelined === undefined) return notSimulated(r);
    if (state.pipelined) {
      return step('reject', 'reject', 'the client sent commands before it had the reply (improper pipelining)', 'pipelining', {}, { code: 554, enhanced: '5.5.0', text: 'Error: SMTP protocol synchronization' });
    }
    return step('dunno', 'dunno', 'the client waited for every reply', 'noPipelining');
  }),
  reject_multi_recipient_bounce: simulated(['sender', 'session'], (_r, { state }) => {
    if (state.sender === '' && (state.rcptCount ?? 0) > 0) {
      return step('reject', 'reject', 'a bounce (null sender) with more than one recipient', 'multiBounce', {}, { code: 550, enhanced: '5.5.3', text: `<>: Sender address rejected: Multi-recipient bounce` });
    }
    return step('dunno', 'dunno', 'not a multi-recipient bounce', 'notMultiBounce');
  }),

  // Real Postfix restrictions the sandbox accepts but cannot honour.
  reject_unknown_client_hostname: notSim(),
  reject_unknown_reverse_client_hostname: notSim(),
  reject_unknown_helo_hostname: notSim(),
  reject_unknown_sender_domain: notSim(),
  reject_unknown_recipient_domain: notSim(),
  reject_unlisted_sender: notSim(),
  reject_unlisted_recipient: notSim(),
  reject_unverified_sender: notSim(),
  reject_unverified_recipient: notSim(),
  check_policy_service: notSim('policy'),
  reject_rhsbl_client: notSim('dnsbl'),
  reject_rhsbl_sender: notSim('dnsbl'),
  reject_rhsbl_helo: notSim('dnsbl'),
  reject_rhsbl_recipient: notSim('dnsbl'),
  reject_rhsbl_reverse_client: notSim('dnsbl'),
  permit_dnswl_client: notSim('dnsbl'),
  permit_rhswl_client: notSim('dnsbl'),
  permit_tls_clientcerts: notSim(),
  permit_tls_all_clientcerts: notSim(),
  check_ccert_access: notSim('table'),
  check_sasl_access: notSim('table'),
  reject_sender_login_mismatch: notSim(),
  reject_authenticated_sender_login_mismatch: notSim(),
  reject_known_sender_login_mismatch: notSim(),
  reject_unauthenticated_sender_login_mismatch: notSim(),
  reject_plaintext_session: notSim(),
  permit_mx_backup: notSim(),
  defer_if_permit: notSim(),
  defer_if_reject: notSim(),
  check_reverse_client_hostname_access: notSim('table'),
  reject_unknown_address: notSim(),
  sleep: notSim('seconds'),
  permit_inet_interfaces: notSim(),
  check_helo_a_access: notSim('table'),
  check_helo_mx_access: notSim('table'),
  check_helo_ns_access: notSim('table'),
  check_sender_a_access: notSim('table'),
  check_sender_mx_access: notSim('table'),
  check_sender_ns_access: notSim('table'),
  check_recipient_a_access: notSim('table'),
  check_recipient_mx_access: notSim('table'),
  check_recipient_ns_access: notSim('table'),
  check_client_a_access: notSim('table'),
  check_client_mx_access: notSim('table'),
  check_client_ns_access: notSim('table'),
  check_reverse_client_a_access: notSim('table'),
  check_reverse_client_mx_access: notSim('table'),
  check_reverse_client_ns_access: notSim('table'),
  reject_non_fqdn_hostname: notSim(),
  reject_invalid_hostname: notSim(),
  reject_unknown_hostname: notSim(),
};

export function isKnownRestriction(name: string): boolean {
  return Object.hasOwn(RESTRICTIONS, name);
}

/** The rule for a restriction; a name the table does not know is not simulated (no decision). */
export function ruleOf(name: string): RestrictionRule {
  return isKnownRestriction(name) ? RESTRICTIONS[name] : notSim();
}

/** One restriction's decision, with the DNS answer it asked for (see RestrictionRule.dns) already resolved. */
export function decide(r: Restriction, ctx: RuleContext, dns?: DnsFact): Step {
  return ruleOf(r.name).decide(r, ctx, dns);
}

/**
 * Splits a restriction list ("permit_mynetworks, check_sender_access hash:/x, ...").
 * An unknown name is a fatal issue with the file and line of the parameter.
 */
export function parseRestrictions(value: string, param: string, where: { file: string; line?: number }): { items: Restriction[]; issues: ConfigIssue[] } {
  const words = value.split(/[\s,]+/).filter(Boolean);
  const items: Restriction[] = [];
  const issues: ConfigIssue[] = [];
  for (let i = 0; i < words.length; i++) {
    const name = words[i].toLowerCase();
    if (!isKnownRestriction(name)) {
      issues.push({
        file: where.file,
        line: where.line,
        severity: 'fatal',
        text: `${param}: unknown smtpd restriction: "${words[i]}"`,
      });
      continue;
    }
    if (RESTRICTIONS[name].arg) {
      const arg = words[i + 1];
      if (!arg || isKnownRestriction(arg.toLowerCase())) {
        issues.push({ file: where.file, line: where.line, severity: 'fatal', text: `${param}: restriction ${name} needs an argument (${name === 'reject_rbl_client' ? 'a DNSBL domain' : 'a lookup table'})` });
        continue;
      }
      i++;
      items.push({ name, arg, text: `${name} ${arg}` });
    } else {
      items.push({ name, text: name });
    }
  }
  return { items, issues };
}

/** Postfix refuses to run without a relay guard in the relay or recipient restrictions. */
export function relayGuardIssue(relay: Restriction[], recipient: Restriction[], where: { file: string; line?: number }): ConfigIssue | undefined {
  const guards = new Set(['reject_unauth_destination', 'defer_unauth_destination', 'reject', 'defer', 'defer_if_permit', 'check_relay_domains']);
  if (relay.some((r) => guards.has(r.name)) || recipient.some((r) => guards.has(r.name))) return undefined;
  return {
    file: where.file,
    line: where.line,
    severity: 'fatal',
    text:
      'in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, specify at least one working instance of: ' +
      'reject_unauth_destination, defer_unauth_destination, reject, defer, defer_if_permit or check_relay_domains',
  };
}
