/**
 * SMTP access restrictions as Postfix's smtpd_check.c evaluates them.
 *
 * With smtpd_delay_reject = yes (the default, and the only mode the sandbox runs) every
 * list is evaluated at RCPT TO, in this order: smtpd_client_restrictions,
 * smtpd_helo_restrictions, smtpd_sender_restrictions, smtpd_relay_restrictions,
 * smtpd_recipient_restrictions. Within a list the first restriction that decides
 * (permit or reject) ends that list; a permit only ends its own list, a reject or defer
 * ends the whole evaluation. Every step is recorded as a Decision with its reason, so
 * the learner can read why.
 *
 * This module is pure: the session state and the environment (tables, DNSBL lookups)
 * are passed in.
 */
import type { Decision } from '../pipeline.js';
import type { ConfigIssue } from '../config/maincf.js';
import type { Table } from '../config/tables.js';
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

/** Restrictions that take the next word as their argument. */
const WITH_ARG = new Set([
  'check_client_access', 'check_reverse_client_hostname_access', 'check_helo_access', 'check_sender_access', 'check_recipient_access',
  'check_sasl_access', 'check_ccert_access', 'check_policy_service', 'reject_rbl_client', 'reject_rhsbl_client', 'reject_rhsbl_sender',
  'reject_rhsbl_helo', 'reject_rhsbl_recipient', 'reject_rhsbl_reverse_client', 'permit_dnswl_client', 'permit_rhswl_client',
  'check_helo_a_access', 'check_helo_mx_access', 'check_helo_ns_access', 'check_sender_a_access', 'check_sender_mx_access',
  'check_sender_ns_access', 'check_recipient_a_access', 'check_recipient_mx_access', 'check_recipient_ns_access',
  'check_client_a_access', 'check_client_mx_access', 'check_client_ns_access', 'check_reverse_client_a_access',
  'check_reverse_client_mx_access', 'check_reverse_client_ns_access', 'sleep',
]);

/** Restrictions the sandbox evaluates. */
const EVALUATED = new Set([
  'permit', 'reject', 'defer', 'dunno', 'permit_mynetworks', 'permit_sasl_authenticated', 'reject_unauth_destination', 'defer_unauth_destination',
  'permit_auth_destination', 'reject_non_fqdn_sender', 'reject_non_fqdn_recipient', 'reject_non_fqdn_helo_hostname', 'reject_invalid_helo_hostname',
  'check_client_access', 'check_helo_access', 'check_sender_access', 'check_recipient_access', 'reject_rbl_client', 'warn_if_reject',
  'reject_unauth_pipelining', 'reject_multi_recipient_bounce',
]);

/**
 * Real Postfix restrictions the sandbox accepts but cannot honour (they need the real
 * DNS, a policy server or client certificates): they answer DUNNO, and say so.
 */
const NOT_SIMULATED = new Set([
  'reject_unknown_client_hostname', 'reject_unknown_reverse_client_hostname', 'reject_unknown_helo_hostname', 'reject_unknown_sender_domain',
  'reject_unknown_recipient_domain', 'reject_unlisted_sender', 'reject_unlisted_recipient', 'reject_unverified_sender',
  'reject_unverified_recipient', 'check_policy_service', 'reject_rhsbl_client', 'reject_rhsbl_sender', 'reject_rhsbl_helo',
  'reject_rhsbl_recipient', 'reject_rhsbl_reverse_client', 'permit_dnswl_client', 'permit_rhswl_client', 'permit_tls_clientcerts',
  'permit_tls_all_clientcerts', 'check_ccert_access', 'check_sasl_access', 'reject_sender_login_mismatch', 'reject_authenticated_sender_login_mismatch',
  'reject_known_sender_login_mismatch', 'reject_unauthenticated_sender_login_mismatch', 'reject_plaintext_session', 'permit_mx_backup',
  'defer_if_permit', 'defer_if_reject', 'check_reverse_client_hostname_access', 'reject_unknown_address', 'sleep', 'permit_inet_interfaces',
  'check_helo_a_access', 'check_helo_mx_access', 'check_helo_ns_access', 'check_sender_a_access', 'check_sender_mx_access',
  'check_sender_ns_access', 'check_recipient_a_access', 'check_recipient_mx_access', 'check_recipient_ns_access', 'check_client_a_access',
  'check_client_mx_access', 'check_client_ns_access', 'check_reverse_client_a_access', 'check_reverse_client_mx_access',
  'check_reverse_client_ns_access', 'reject_non_fqdn_hostname', 'reject_invalid_hostname', 'reject_unknown_hostname',
]);

export function isKnownRestriction(name: string): boolean {
  return EVALUATED.has(name) || NOT_SIMULATED.has(name);
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
    if (WITH_ARG.has(name)) {
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

export interface CheckEnv {
  mynetworks: NetworkList;
  /** mynetworks as configured, for messages */
  mynetworksText: string;
  /** mydestination after expansion, lowercased */
  mydestination: string[];
  relayDomains: string[];
  myhostname: string;
  table(spec: string): Table | undefined;
  rbl(list: string, addr: string): Promise<RblAnswer>;
}

export interface Reply {
  code: number;
  enhanced: string;
  /** the text after the codes: "<x@example.com>: Relay access denied" */
  text: string;
}

export type Verdict = 'permit' | 'reject' | 'defer' | 'dunno';

export interface ListResult {
  list: ListName;
  result: Verdict;
  reply?: Reply;
  restriction?: string;
  decisions: Decision[];
}

export interface CheckResult {
  result: Verdict;
  reply?: Reply;
  /** the list and restriction that decided */
  list?: ListName;
  restriction?: string;
  /** every list that ran, in order */
  lists: ListResult[];
  decisions: Decision[];
}

export function formatReply(r: Reply): string {
  return `${r.code} ${r.enhanced} ${r.text}`;
}

function domainOf(addr: string): string {
  const at = addr.lastIndexOf('@');
  return at >= 0 ? addr.slice(at + 1).toLowerCase().replace(/\.$/, '') : '';
}

/** Is the domain one of ours (mydestination) or one we relay for (relay_domains)? Subdomains count for relay_domains. */
export function classifyDomain(domain: string, env: CheckEnv): { local: boolean; relay: boolean } {
  const d = domain.toLowerCase();
  const local = env.mydestination.includes(d) || (d.startsWith('[') && /^\[(127\.0\.0\.1|ipv6:::1)\]$/i.test(d));
  const relay = env.relayDomains.some((r) => r === d || (r.startsWith('.') ? d.endsWith(r) : d.endsWith('.' + r)));
  return { local, relay };
}

const CLASS: Record<string, string> = {
  smtpd_client_restrictions: 'Client host',
  smtpd_helo_restrictions: 'Helo command',
  smtpd_sender_restrictions: 'Sender address',
  smtpd_relay_restrictions: 'Recipient address',
  smtpd_recipient_restrictions: 'Recipient address',
  smtpd_data_restrictions: 'Data command',
};

interface Ctx {
  list: ListName;
  state: CheckState;
  env: CheckEnv;
  decisions: Decision[];
  /** what a generic reject names: the client, the helo name, the sender or the recipient */
  replyName: string;
  replyClass: string;
  warnOnly: boolean;
}

type StepResult = { verdict: Verdict; reply?: Reply; inner?: Restriction[] };

function note(ctx: Ctx, r: Restriction, result: Verdict | 'warn', reason: string, key: string, params: Record<string, string | number> = {}): void {
  ctx.decisions.push({ stage: ctx.list, rule: r.text, result, reason, key: `sandbox.why.${key}`, params });
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
function tableResult(ctx: Ctx, r: Restriction, value: string, key: string, line: number | undefined): StepResult & { inner?: Restriction[] } {
  const m = /^(\S+)\s*(.*)$/s.exec(value.trim()) ?? ['', '', ''];
  const word = m[1];
  const rest = m[2] ?? '';
  const upper = word.toUpperCase();
  const where = `${r.arg}${line ? ` line ${line}` : ''}`;
  const name = ctx.replyName;
  const cls = ctx.replyClass;
  if (upper === 'OK' || upper === 'RELAY' || /^\d+$/.test(value.trim())) {
    note(ctx, r, 'permit', `${key} is listed in ${where} as ${word}: permitted`, 'tableOk', { key, table: where, action: word });
    return { verdict: 'permit' };
  }
  if (upper === 'DUNNO' || value.trim() === '') {
    note(ctx, r, 'dunno', `${key} is listed in ${where} as DUNNO: no decision, the next restriction decides`, 'tableDunno', { key, table: where });
    return { verdict: 'dunno' };
  }
  if (upper === 'REJECT' || upper === 'DEFER' || (/^[45]\d\d$/.test(word) && rest)) {
    const code = upper === 'REJECT' ? 554 : upper === 'DEFER' ? 450 : Number(word);
    const d = dsnSplit(rest, upper === 'DEFER' ? '4.7.1' : `${String(code)[0]}.7.1`);
    const reply = { code, enhanced: fixDsn(code, d.enhanced), text: `<${name}>: ${cls} rejected: ${d.text || 'Access denied'}` };
    const verdict: Verdict = code >= 500 ? 'reject' : 'defer';
    note(ctx, r, verdict, `${key} is listed in ${where} as ${value.trim()}: ${verdict === 'reject' ? 'rejected' : 'deferred'}`, 'tableReject', {
      key,
      table: where,
      action: value.trim(),
    });
    return { verdict, reply };
  }
  if (upper === 'WARN' || upper === 'INFO' || upper === 'HOLD' || upper === 'PREPEND' || upper === 'FILTER' || upper === 'REDIRECT' || upper === 'BCC' || upper === 'DISCARD') {
    note(ctx, r, 'dunno', `${key} is listed in ${where} as ${upper}; the sandbox logs it and goes on`, 'tableAction', { key, table: where, action: upper });
    return { verdict: upper === 'DISCARD' ? 'permit' : 'dunno' };
  }
  // the right-hand side may name restrictions (evaluated in place); keep it simple: one level
  const inner = parseRestrictions(value, r.text, { file: r.arg ?? '' });
  if (inner.issues.length || !inner.items.length) {
    note(ctx, r, 'defer', `${key} is listed in ${where} with an action Postfix does not know (${value.trim()}): server configuration error`, 'tableBad', {
      key,
      table: where,
      action: value.trim(),
    });
    return { verdict: 'defer', reply: { code: 451, enhanced: '4.3.5', text: 'Server configuration error' } };
  }
  note(ctx, r, 'dunno', `${key} is listed in ${where} as ${value.trim()}: those restrictions decide`, 'tableRestrictions', { key, table: where, action: value.trim() });
  return { verdict: 'dunno', inner: inner.items };
}

/** check_*_access on a domain name and its parents (with subdomain matching, as smtpd_access_maps does). */
function lookupDomain(table: Table, domain: string): { hit?: { value: string; line?: number }; key?: string } {
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
function lookupAddress(table: Table, addr: string): { hit?: { value: string; line?: number }; key?: string } {
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
function lookupClient(table: Table, name: string, addr: string): { hit?: { value: string; line?: number }; key?: string } {
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

async function step(ctx: Ctx, r: Restriction): Promise<StepResult> {
  const { state, env } = ctx;
  const client = `${state.client.addr}`;
  switch (r.name) {
    case 'permit':
      note(ctx, r, 'permit', 'permit: always permits', 'permit');
      return { verdict: 'permit' };
    case 'dunno':
      note(ctx, r, 'dunno', 'dunno: no decision', 'dunno');
      return { verdict: 'dunno' };
    case 'reject': {
      note(ctx, r, 'reject', 'reject: always rejects', 'reject');
      return { verdict: 'reject', reply: { code: 554, enhanced: '5.7.1', text: `<${ctx.replyName}>: ${ctx.replyClass} rejected: Access denied` } };
    }
    case 'defer':
      note(ctx, r, 'defer', 'defer: always asks the client to try again later', 'defer');
      return { verdict: 'defer', reply: { code: 450, enhanced: '4.7.1', text: `<${ctx.replyName}>: ${ctx.replyClass} rejected: Access denied` } };
    case 'permit_mynetworks': {
      const hit = matchList(env.mynetworks, state.client.addr, state.client.name);
      if (hit) {
        note(ctx, r, 'permit', `${client} is in mynetworks (${hit}): permitted`, 'inMynetworks', { addr: client, match: hit, mynetworks: env.mynetworksText });
        return { verdict: 'permit' };
      }
      note(ctx, r, 'dunno', `${client} is not in mynetworks ${env.mynetworksText}`, 'notInMynetworks', { addr: client, mynetworks: env.mynetworksText });
      return { verdict: 'dunno' };
    }
    case 'permit_sasl_authenticated':
      if (state.sasl && state.sasl.method.toLowerCase() !== 'anonymous') {
        note(ctx, r, 'permit', `the client authenticated as ${state.sasl.username} (${state.sasl.method}): permitted`, 'authenticated', {
          username: state.sasl.username,
          method: state.sasl.method,
        });
        return { verdict: 'permit' };
      }
      note(ctx, r, 'dunno', 'the client did not authenticate', 'notAuthenticated');
      return { verdict: 'dunno' };
    case 'reject_unauth_destination':
    case 'defer_unauth_destination':
    case 'permit_auth_destination': {
      const rcpt = state.recipient ?? '';
      const at = rcpt.lastIndexOf('@');
      const domain = at >= 0 ? rcpt.slice(at + 1).toLowerCase() : '';
      const { local, relay } = at < 0 ? { local: true, relay: false } : classifyDomain(domain, env);
      if (local || relay) {
        const why = at < 0 ? `${rcpt} has no domain: it is delivered here` : local ? `${domain} is in mydestination: mail for it is delivered here` : `${domain} is in relay_domains`;
        if (r.name === 'permit_auth_destination') {
          note(ctx, r, 'permit', `${why}: permitted`, local ? 'localDestination' : 'relayDestination', { domain });
          return { verdict: 'permit' };
        }
        note(ctx, r, 'dunno', why, local ? 'localDestination' : 'relayDestination', { domain });
        return { verdict: 'dunno' };
      }
      if (r.name === 'permit_auth_destination') {
        note(ctx, r, 'dunno', `${domain} is not in mydestination nor relay_domains`, 'foreignDestinationDunno', { domain });
        return { verdict: 'dunno' };
      }
      const reject = r.name === 'reject_unauth_destination';
      note(
        ctx,
        r,
        reject ? 'reject' : 'defer',
        `${domain} is not in mydestination (${env.mydestination.join(', ')}) nor relay_domains: relaying to it is refused`,
        reject ? 'relayRefused' : 'relayDeferred',
        { domain, mydestination: env.mydestination.join(', ') },
      );
      return {
        verdict: reject ? 'reject' : 'defer',
        reply: reject ? { code: 554, enhanced: '5.7.1', text: `<${rcpt}>: Relay access denied` } : { code: 450, enhanced: '4.7.1', text: `<${rcpt}>: Relay access denied` },
      };
    }
    case 'reject_non_fqdn_sender':
    case 'reject_non_fqdn_recipient': {
      const isSender = r.name === 'reject_non_fqdn_sender';
      const addr = isSender ? state.sender : state.recipient;
      if (addr === undefined || addr === '') {
        note(ctx, r, 'dunno', isSender ? 'the null sender <> is not checked' : 'no recipient yet', 'nullSender');
        return { verdict: 'dunno' };
      }
      const domain = domainOf(addr);
      if (domain.startsWith('[') || isFqdn(domain)) {
        note(ctx, r, 'dunno', `${addr} has a fully-qualified domain`, 'fqdn', { addr });
        return { verdict: 'dunno' };
      }
      note(ctx, r, 'reject', `${addr} is not a fully-qualified address (user@domain.tld)`, 'notFqdn', { addr });
      return {
        verdict: 'reject',
        reply: { code: 504, enhanced: '5.5.2', text: `<${addr}>: ${isSender ? 'Sender' : 'Recipient'} address rejected: need fully-qualified address` },
      };
    }
    case 'reject_non_fqdn_helo_hostname':
    case 'reject_invalid_helo_hostname': {
      const helo = state.helo;
      if (!helo) {
        note(ctx, r, 'dunno', 'the client sent no HELO/EHLO', 'noHelo');
        return { verdict: 'dunno' };
      }
      const literal = /^\[.*\]$/.test(helo);
      const valid = literal || /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/i.test(helo);
      if (r.name === 'reject_invalid_helo_hostname' ? valid : literal || isFqdn(helo)) {
        note(ctx, r, 'dunno', `HELO ${helo} is ${r.name === 'reject_invalid_helo_hostname' ? 'a valid host name' : 'fully qualified'}`, 'heloOk', { helo });
        return { verdict: 'dunno' };
      }
      const what = r.name === 'reject_invalid_helo_hostname' ? 'Invalid name' : 'need fully-qualified hostname';
      note(ctx, r, 'reject', `HELO ${helo}: ${what}`, 'heloBad', { helo });
      return { verdict: 'reject', reply: { code: r.name === 'reject_invalid_helo_hostname' ? 501 : 504, enhanced: '5.5.2', text: `<${helo}>: Helo command rejected: ${what}` } };
    }
    case 'check_client_access':
    case 'check_helo_access':
    case 'check_sender_access':
    case 'check_recipient_access': {
      const table = env.table(r.arg!);
      if (!table) {
        note(ctx, r, 'defer', `table ${r.arg} cannot be read: server configuration error`, 'tableMissing', { table: r.arg! });
        return { verdict: 'defer', reply: { code: 451, enhanced: '4.3.5', text: 'Server configuration error' } };
      }
      let found: ReturnType<typeof lookupAddress>;
      let subject: string;
      if (r.name === 'check_client_access') {
        found = lookupClient(table, state.client.name, state.client.addr);
        subject = `${state.client.name}[${state.client.addr}]`;
      } else if (r.name === 'check_helo_access') {
        if (!state.helo) {
          note(ctx, r, 'dunno', 'the client sent no HELO/EHLO', 'noHelo');
          return { verdict: 'dunno' };
        }
        found = lookupDomain(table, state.helo);
        subject = state.helo;
      } else {
        const addr = r.name === 'check_sender_access' ? state.sender : state.recipient;
        if (addr === undefined) {
          note(ctx, r, 'dunno', 'no address yet', 'noAddress');
          return { verdict: 'dunno' };
        }
        found = lookupAddress(table, addr);
        subject = addr === '' ? '<>' : addr;
      }
      if (!found.hit) {
        note(ctx, r, 'dunno', `${subject} is not listed in ${r.arg}`, 'notListed', { key: subject, table: r.arg! });
        return { verdict: 'dunno' };
      }
      return tableResult(ctx, r, found.hit.value, found.key!, found.hit.line);
    }
    case 'reject_rbl_client': {
      const [list, filter] = r.arg!.split('=');
      const addr = state.client.addr;
      let answer: RblAnswer;
      try {
        answer = await env.rbl(list, addr);
      } catch (e) {
        note(ctx, r, 'dunno', `the DNSBL ${list} could not be asked (${(e as Error).message}): no decision`, 'rblError', { list, error: (e as Error).message });
        return { verdict: 'dunno' };
      }
      if (answer.listed && filter && answer.answer && !rblFilterMatch(filter, answer.answer)) {
        note(ctx, r, 'dunno', `${addr} is listed in ${list} with ${answer.answer}, which is not ${filter}`, 'rblFiltered', { addr, list, answer: answer.answer, filter });
        return { verdict: 'dunno' };
      }
      if (!answer.listed) {
        note(ctx, r, 'dunno', `${addr} is not listed in ${list}`, 'rblClean', { addr, list });
        return { verdict: 'dunno' };
      }
      note(ctx, r, 'reject', `${addr} is listed in ${list} (${answer.answer ?? 'A record'})${answer.txt ? `: ${answer.txt}` : ''}`, 'rblListed', {
        addr,
        list,
        answer: answer.answer ?? '',
      });
      return {
        verdict: 'reject',
        reply: { code: 554, enhanced: '5.7.1', text: `Service unavailable; Client host [${addr}] blocked using ${list}${answer.txt ? `; ${answer.txt}` : ''}` },
      };
    }
    case 'warn_if_reject':
      ctx.warnOnly = true;
      note(ctx, r, 'dunno', 'the next restriction only warns instead of rejecting', 'warnIfReject');
      return { verdict: 'dunno' };
    case 'reject_unauth_pipelining':
      if (state.pipelined === undefined) {
        note(ctx, r, 'dunno', `${r.name} is not simulated by the sandbox: no decision`, 'notSimulated', { restriction: r.name });
        return { verdict: 'dunno' };
      }
      if (state.pipelined) {
        note(ctx, r, 'reject', 'the client sent commands before it had the reply (improper pipelining)', 'pipelining');
        return { verdict: 'reject', reply: { code: 554, enhanced: '5.5.0', text: 'Error: SMTP protocol synchronization' } };
      }
      note(ctx, r, 'dunno', 'the client waited for every reply', 'noPipelining');
      return { verdict: 'dunno' };
    case 'reject_multi_recipient_bounce':
      if (state.sender === '' && (state.rcptCount ?? 0) > 0) {
        note(ctx, r, 'reject', 'a bounce (null sender) with more than one recipient', 'multiBounce');
        return { verdict: 'reject', reply: { code: 550, enhanced: '5.5.3', text: `<>: Sender address rejected: Multi-recipient bounce` } };
      }
      note(ctx, r, 'dunno', 'not a multi-recipient bounce', 'notMultiBounce');
      return { verdict: 'dunno' };
    default:
      note(ctx, r, 'dunno', `${r.name} is not simulated by the sandbox: no decision`, 'notSimulated', { restriction: r.name });
      return { verdict: 'dunno' };
  }
}

function rblFilterMatch(filter: string, answer: string): boolean {
  // 127.0.0.2 or 127.0.0.[2..11] or 127.0.0.[2;4]
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

/** Evaluates one restriction list. */
export async function evaluateList(list: ListName, items: Restriction[], state: CheckState, env: CheckEnv): Promise<ListResult> {
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
  const ctx: Ctx = { list, state, env, decisions: [], replyName, replyClass: CLASS[list], warnOnly: false };
  const run = async (rules: Restriction[], depth: number): Promise<ListResult | undefined> => {
    for (const r of rules) {
      const warn = ctx.warnOnly;
      ctx.warnOnly = false;
      const res = await step(ctx, r);
      if (res.inner && depth < 10) {
        const inner = await run(res.inner, depth + 1);
        if (inner) return inner;
        continue;
      }
      if ((res.verdict === 'reject' || res.verdict === 'defer') && warn) {
        ctx.decisions[ctx.decisions.length - 1].result = 'warn';
        ctx.decisions[ctx.decisions.length - 1].reason += ' (warn_if_reject: only logged)';
        continue;
      }
      if (res.verdict !== 'dunno') return { list, result: res.verdict, reply: res.reply, restriction: r.text, decisions: ctx.decisions };
    }
    return undefined;
  };
  const decided = await run(items, 0);
  return decided ?? { list, result: 'dunno', decisions: ctx.decisions };
}

/**
 * Everything Postfix checks at RCPT TO with smtpd_delay_reject = yes: the client, helo,
 * sender, relay and recipient lists, in that order.
 */
export async function checkRecipient(lists: Partial<Record<ListName, Restriction[]>>, state: CheckState, env: CheckEnv): Promise<CheckResult> {
  const results: ListResult[] = [];
  for (const name of LISTS) {
    const items = lists[name] ?? [];
    if (!items.length) continue;
    const r = await evaluateList(name, items, state, env);
    results.push(r);
    if (r.result === 'reject' || r.result === 'defer') {
      return { result: r.result, reply: r.reply, list: name, restriction: r.restriction, lists: results, decisions: results.flatMap((x) => x.decisions) };
    }
  }
  return { result: 'permit', lists: results, decisions: results.flatMap((x) => x.decisions) };
}
