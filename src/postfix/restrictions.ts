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
import { splitBraced, type ConfigIssue } from './main-cf.js';
import { matchList } from './cidr.js';
import { rblFilterMatch } from './dnsbl.js';
import { allowList, inetInterfaces, mxBackup, rblClient } from './restrictions-network.js';
import { lookupAddress, lookupClient, lookupDomain, tableResult, type Found } from './access.js';
import {
  classifyDomain,
  domainOf,
  ruleContext,
  step,
  type CheckState,
  type DnsFact,
  type ListName,
  type Need,
  type Restriction,
  type RestrictionRule,
  type RuleContext,
  type Step,
} from './smtpd-check.js';
import { unknownClient, unknownDomain, unknownDomainQuery, unknownHelo, unknownHeloQuery } from './unknown-domain.js';
import { deferIfPermit, deferIfReject, rejectPlaintextSession } from './restrictions-defer.js';
import { policyDecision, policyQuery } from './policy.js';
import { permitMynetworks } from './restrictions-mynetworks.js';
import { RELAY_GUARDS, ccertWithoutAsk, notSim, notSimulated, saslOnly, unknownRestriction } from './restrictions-ignored.js';
import { serverAccess, serverQuery } from './server-access.js';
import { senderLoginMismatch } from './restrictions-login.js';

export * from './smtpd-check.js';

function isFqdn(domain: string): boolean {
  const d = domain.replace(/\.$/, '');
  return !!d && d.includes('.') && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(d);
}

export { rblFilterMatch };

const unauthDestination = (r: Restriction, ctx: RuleContext): Step => {
  const { state, facts } = ctx;
  const rcpt = state.recipient ?? '';
  const at = rcpt.lastIndexOf('@');
  const domain = at >= 0 ? rcpt.slice(at + 1).toLowerCase() : '';
  const { local, relay } = at < 0 ? { local: true, relay: false } : classifyDomain(domain, facts);
  if (local || relay) {
    const why =
      at < 0
        ? `${rcpt} has no domain: it is delivered here`
        : local
          ? `${domain} is in mydestination: mail for it is delivered here`
          : `${domain} is in relay_domains`;
    if (r.name === 'permit_auth_destination')
      return step('permit', 'permit', `${why}: permitted`, local ? 'localDestination' : 'relayDestination', { domain });
    return step('dunno', 'dunno', why, local ? 'localDestination' : 'relayDestination', { domain });
  }
  if (r.name === 'permit_auth_destination')
    return step('dunno', 'dunno', `${domain} is not in mydestination nor relay_domains`, 'foreignDestinationDunno', { domain });
  const reject = r.name === 'reject_unauth_destination';
  return step(
    reject ? 'reject' : 'defer',
    reject ? 'reject' : 'defer',
    `${domain} is not in mydestination (${facts.mydestination.join(', ')}) nor relay_domains: relaying to it is refused`,
    reject ? 'relayRefused' : 'relayDeferred',
    { domain, mydestination: facts.mydestination.join(', ') },
    reject
      ? { code: 554, enhanced: '5.7.1', text: `<${rcpt}>: Relay access denied` }
      : { code: 454, enhanced: '4.7.1', text: `<${rcpt}>: Relay access denied` },
  );
};

const nonFqdnAddress = (r: Restriction, ctx: RuleContext): Step => {
  const isSender = r.name === 'reject_non_fqdn_sender';
  const addr = isSender ? ctx.state.sender : ctx.state.recipient;
  if (addr === undefined || addr === '')
    return step('dunno', 'dunno', isSender ? 'the null sender <> is not checked' : 'no recipient yet', 'nullSender');
  const domain = domainOf(addr);
  if (domain.startsWith('[') || isFqdn(domain)) return step('dunno', 'dunno', `${addr} has a fully-qualified domain`, 'fqdn', { addr });
  return step(
    'reject',
    'reject',
    `${addr} is not a fully-qualified address (user@domain.tld)`,
    'notFqdn',
    { addr },
    {
      code: 504,
      enhanced: '5.5.2',
      text: `<${addr}>: ${isSender ? 'Sender' : 'Recipient'} address rejected: need fully-qualified address`,
    },
  );
};

const heloHostname = (r: Restriction, ctx: RuleContext): Step => {
  const helo = ctx.state.helo;
  if (!helo) return step('dunno', 'dunno', 'the client sent no HELO/EHLO', 'noHelo');
  // reject_invalid_hostname is the name reject_invalid_helo_hostname had before Postfix 2.3
  const invalid = r.name === 'reject_invalid_helo_hostname' || r.name === 'reject_invalid_hostname';
  const literal = /^\[.*\]$/.test(helo);
  const valid = literal || /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/i.test(helo);
  if (invalid ? valid : literal || isFqdn(helo))
    return step('dunno', 'dunno', `HELO ${helo} is ${invalid ? 'a valid host name' : 'fully qualified'}`, 'heloOk', { helo });
  const what = invalid ? 'Invalid name' : 'need fully-qualified hostname';
  return step(
    'reject',
    'reject',
    `HELO ${helo}: ${what}`,
    'heloBad',
    { helo },
    { code: invalid ? 501 : 504, enhanced: '5.5.2', text: `<${helo}>: Helo command rejected: ${what}` },
  );
};

const SUBJECT_LIST: Record<string, ListName> = {
  check_client_access: 'smtpd_client_restrictions',
  check_helo_access: 'smtpd_helo_restrictions',
  check_sender_access: 'smtpd_sender_restrictions',
  check_recipient_access: 'smtpd_recipient_restrictions',
};

const accessTable = (r: Restriction, ctx: RuleContext): Step => {
  const { state, facts } = ctx;
  const table = facts.table(r.arg!);
  if (!table) {
    return step(
      'defer',
      'defer',
      `table ${r.arg} cannot be read: server configuration error`,
      'tableMissing',
      { table: r.arg! },
      { code: 451, enhanced: '4.3.5', text: 'Server configuration error' },
    );
  }
  let found: Found;
  let subject: string;
  if (r.name === 'check_client_access' || r.name === 'check_reverse_client_hostname_access') {
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
  // a table's REJECT/DEFER names what it looked up, whichever list it is in ("<a@b>: Sender address rejected")
  const named = ruleContext(SUBJECT_LIST[r.name] ?? ctx.list, state, facts);
  // check_namadr_access() on the reverse name: "<localhost>: Unverified Client host rejected"
  const reverse = r.name === 'check_reverse_client_hostname_access';
  return tableResult(
    reverse
      ? { ...ctx, replyName: state.client.name, replyClass: 'Unverified Client host' }
      : { ...ctx, replyName: named.replyName, replyClass: named.replyClass },
    r,
    found.hit.value,
    found.key!,
    found.hit.line,
    parseRestrictions,
  );
};

const serverRule: RestrictionRule = {
  needs: ['table', 'dns'],
  simulated: true,
  arg: 'table',
  dns: serverQuery,
  decide: (r, ctx, dns) => serverAccess(r, ctx, dns, parseRestrictions),
};

const simulated = (needs: readonly Need[], decide: RestrictionRule['decide'], more: Partial<RestrictionRule> = {}): RestrictionRule => ({
  needs,
  simulated: true,
  decide,
  ...more,
});

/** Every smtpd restriction the sandbox knows: the ones it evaluates, and the ones it accepts but does not simulate. */
export const RESTRICTIONS: Readonly<Record<string, RestrictionRule>> = {
  permit: simulated([], () => step('permit', 'permit', 'permit: always permits', 'permit')),
  reject: simulated([], (_r, ctx) =>
    step(
      'reject',
      'reject',
      'reject: always rejects',
      'reject',
      {},
      { code: 554, enhanced: '5.7.1', text: `<${ctx.replyName}>: ${ctx.replyClass} rejected: Access denied` },
    ),
  ),
  defer: simulated([], (_r, ctx) =>
    step(
      'defer',
      'defer',
      'defer: always asks the client to try again later',
      'defer',
      {},
      { code: 450, enhanced: '4.3.2', text: `<${ctx.replyName}>: ${ctx.replyClass} rejected: Try again later` },
    ),
  ),
  permit_mynetworks: simulated(['client'], permitMynetworks),
  permit_sasl_authenticated: simulated(['sasl'], (_r, { state }) => {
    if (state.sasl && state.sasl.method.toLowerCase() !== 'anonymous') {
      return step(
        'permit',
        'permit',
        `the client authenticated as ${state.sasl.username} (${state.sasl.method}): permitted`,
        'authenticated',
        {
          username: state.sasl.username,
          method: state.sasl.method,
        },
      );
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
  reject_non_fqdn_hostname: simulated(['helo'], heloHostname),
  reject_invalid_hostname: simulated(['helo'], heloHostname),
  check_client_access: simulated(['client', 'table'], accessTable, { arg: 'table' }),
  check_helo_access: simulated(['helo', 'table'], accessTable, { arg: 'table' }),
  check_sender_access: simulated(['sender', 'table'], accessTable, { arg: 'table' }),
  check_recipient_access: simulated(['recipient', 'table'], accessTable, { arg: 'table' }),
  reject_rbl_client: simulated(['client', 'dns'], rblClient, {
    arg: 'dnsbl',
    dns: (r, state) => ({ list: r.arg!.split('=')[0], addr: state.client.addr }),
  }),
  permit_dnswl_client: simulated(['client', 'dns'], allowList, {
    arg: 'dnsbl',
    dns: (r, state) => ({ list: r.arg!.split('=')[0], addr: state.client.addr }),
  }),
  permit_rhswl_client: simulated(['client', 'dns'], allowList, {
    arg: 'dnsbl',
    dns: (r, state) =>
      state.client.name === 'unknown' ? undefined : { kind: 'rhs', list: r.arg!.split('=')[0], domain: state.client.name },
  }),
  permit_mx_backup: simulated(['recipient'], mxBackup),
  permit_inet_interfaces: simulated(['client'], inetInterfaces),
  check_reverse_client_hostname_access: simulated(['client', 'table'], accessTable, { arg: 'table' }),
  ...Object.fromEntries(
    ['client', 'reverse_client', 'helo', 'sender', 'recipient'].flatMap((who) =>
      ['a', 'mx', 'ns'].map((type) => [`check_${who}_${type}_access`, serverRule]),
    ),
  ),
  reject_unknown_client_hostname: simulated(['client'], unknownClient),
  reject_unknown_reverse_client_hostname: simulated(['client'], unknownClient),
  reject_unknown_helo_hostname: simulated(['helo', 'dns'], unknownHelo, { dns: unknownHeloQuery }),
  reject_unknown_hostname: simulated(['helo', 'dns'], unknownHelo, { dns: unknownHeloQuery }),
  reject_unknown_sender_domain: simulated(['sender', 'dns'], unknownDomain, { dns: unknownDomainQuery }),
  // reject_unknown_address is an older name that smtpd_check.c reads as reject_unknown_sender_domain
  reject_unknown_address: simulated(['sender', 'dns'], unknownDomain, { dns: unknownDomainQuery }),
  reject_unknown_recipient_domain: simulated(['recipient', 'dns'], unknownDomain, { dns: unknownDomainQuery }),
  reject_plaintext_session: simulated(['session'], rejectPlaintextSession),
  defer_if_permit: simulated([], deferIfPermit),
  defer_if_reject: simulated([], deferIfReject),
  warn_if_reject: simulated([], () => ({
    ...step('dunno', 'dunno', 'the next restriction only warns instead of rejecting', 'warnIfReject'),
    warnNext: true,
  })),
  reject_unauth_pipelining: simulated(['session'], (r, { state, replyName, replyClass }) => {
    if (state.pipelined === undefined) return notSimulated(r);
    if (state.pipelined) {
      return step(
        'reject',
        'reject',
        'the client sent commands before it had the reply (improper pipelining)',
        'pipelining',
        {},
        { code: 503, enhanced: '5.5.0', text: `<${replyName}>: ${replyClass} rejected: Improper use of SMTP command pipelining` },
      );
    }
    return step('dunno', 'dunno', 'the client waited for every reply', 'noPipelining');
  }),
  reject_multi_recipient_bounce: simulated(['sender', 'session'], (_r, ctx) => {
    // at RCPT the recipients accepted before this one count, at DATA all of them (smtpd_check.c)
    const before = ctx.list === 'smtpd_data_restrictions' ? 1 : 0;
    if (ctx.state.sender === '' && (ctx.state.rcptCount ?? 0) > before) {
      return step(
        'reject',
        'reject',
        'a bounce (null sender) with more than one recipient',
        'multiBounce',
        {},
        { code: 550, enhanced: '5.5.3', text: `<${ctx.replyName}>: ${ctx.replyClass} rejected: Multi-recipient bounce` },
      );
    }
    return step('dunno', 'dunno', 'not a multi-recipient bounce', 'notMultiBounce');
  }),

  // Real Postfix restrictions the sandbox accepts but cannot honour.
  reject_unlisted_sender: notSim(),
  reject_unlisted_recipient: notSim(),
  reject_unverified_sender: notSim(),
  reject_unverified_recipient: notSim(),
  check_policy_service: simulated(['session'], (r, ctx, fact) => policyDecision(r, ctx, fact, parseRestrictions), {
    arg: 'policy',
    dns: policyQuery,
  }),
  reject_rhsbl_client: notSim('dnsbl'),
  reject_rhsbl_sender: notSim('dnsbl'),
  reject_rhsbl_helo: notSim('dnsbl'),
  reject_rhsbl_recipient: notSim('dnsbl'),
  reject_rhsbl_reverse_client: notSim('dnsbl'),
  permit_tls_clientcerts: notSim(),
  permit_tls_all_clientcerts: notSim(),
  check_ccert_access: notSim('table', ccertWithoutAsk),
  check_sasl_access: notSim('table', saslOnly),
  reject_sender_login_mismatch: simulated(['sender', 'sasl', 'table'], (r, ctx) => saslOnly(r, ctx) ?? senderLoginMismatch(r, ctx)),
  reject_authenticated_sender_login_mismatch: simulated(
    ['sender', 'sasl', 'table'],
    (r, ctx) => saslOnly(r, ctx) ?? senderLoginMismatch(r, ctx),
  ),
  reject_known_sender_login_mismatch: simulated(['sender', 'sasl', 'table'], (r, ctx) => saslOnly(r, ctx) ?? senderLoginMismatch(r, ctx)),
  reject_unauthenticated_sender_login_mismatch: simulated(
    ['sender', 'sasl', 'table'],
    (r, ctx) => saslOnly(r, ctx) ?? senderLoginMismatch(r, ctx),
  ),
  sleep: notSim('seconds'),
};

export function isKnownRestriction(name: string): boolean {
  return Object.hasOwn(RESTRICTIONS, name);
}

/** The rule for a restriction; a name Postfix does not know warns and answers 451 when the list gets to it. */
export function ruleOf(name: string): RestrictionRule {
  return isKnownRestriction(name) ? RESTRICTIONS[name] : { needs: [], simulated: false, decide: unknownRestriction };
}

/** One restriction's decision, with the DNS answer it asked for (see RestrictionRule.dns) already resolved. */
export function decide(r: Restriction, ctx: RuleContext, dns?: DnsFact): Step {
  return ruleOf(r.name).decide(r, ctx, dns);
}

/**
 * Splits a restriction list ("permit_mynetworks, check_sender_access hash:/x, ...").
 * An unknown name stays in the list, as written (smtpd answers 451 when it gets there),
 * and is a warning with the file and line of the parameter for the learner.
 */
export function parseRestrictions(
  value: string,
  param: string,
  where: { file: string; line?: number },
): { items: Restriction[]; issues: ConfigIssue[] } {
  const words = splitBraced(value);
  const items: Restriction[] = [];
  const issues: ConfigIssue[] = [];
  for (let i = 0; i < words.length; i++) {
    const name = words[i].toLowerCase();
    if (!isKnownRestriction(name)) {
      issues.push({
        file: where.file,
        line: where.line,
        severity: 'warning',
        text: `${param}: unknown smtpd restriction: "${words[i]}"`,
      });
      items.push({ name, text: words[i] });
      continue;
    }
    if (RESTRICTIONS[name].arg) {
      const arg = words[i + 1];
      if (!arg || isKnownRestriction(arg.toLowerCase())) {
        issues.push({
          file: where.file,
          line: where.line,
          severity: 'fatal',
          text: `${param}: restriction ${name} needs an argument (${name === 'reject_rbl_client' ? 'a DNSBL domain' : 'a lookup table'})`,
        });
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
export function relayGuardIssue(
  relay: Restriction[],
  recipient: Restriction[],
  where: { file: string; line?: number },
): ConfigIssue | undefined {
  if (relay.some((r) => RELAY_GUARDS.has(r.name)) || recipient.some((r) => RELAY_GUARDS.has(r.name))) return undefined;
  return {
    file: where.file,
    line: where.line,
    severity: 'fatal',
    text:
      'in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, specify at least one working instance of: ' +
      'reject_unauth_destination, defer_unauth_destination, reject, defer, defer_if_permit or check_relay_domains',
  };
}
