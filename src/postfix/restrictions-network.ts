/**
 * Restrictions that read the network around the client: DNS block and allow lists
 * (reject_rbl_client, permit_dnswl_client), the server's own interfaces and MX backup.
 * The DNS answers come in already resolved (see RestrictionRule.dns).
 */
import { rblFilterMatch } from './dnsbl.js';
import { classifyDomain, domainOf, step, type DnsFact, type Restriction, type RuleContext, type Step } from './smtpd-check.js';

export const rblClient = (r: Restriction, ctx: RuleContext, dns?: DnsFact): Step => {
  const [list, filter] = r.arg!.split('=');
  const addr = ctx.state.client.addr;
  if (!dns || !('answer' in dns)) {
    const error = dns && 'error' in dns ? dns.error : 'no answer';
    return step('dunno', 'dunno', `the DNSBL ${list} could not be asked (${error}): no decision`, 'rblError', { list, error });
  }
  const answer = dns.answer;
  if (answer.listed && filter && answer.answer && !rblFilterMatch(filter, answer.answer)) {
    return step('dunno', 'dunno', `${addr} is listed in ${list} with ${answer.answer}, which is not ${filter}`, 'rblFiltered', {
      addr,
      list,
      answer: answer.answer,
      filter,
    });
  }
  if (!answer.listed) return step('dunno', 'dunno', `${addr} is not listed in ${list}`, 'rblClean', { addr, list });
  return step(
    'reject',
    'reject',
    `${addr} is listed in ${list} (${answer.answer ?? 'A record'})${answer.txt ? `: ${answer.txt}` : ''}`,
    'rblListed',
    { addr, list, answer: answer.answer ?? '' },
    {
      code: 554,
      enhanced: '5.7.1',
      text: `Service unavailable; Client host [${addr}] blocked using ${list}${answer.txt ? `; ${answer.txt}` : ''}`,
    },
  );
};

/** At RCPT an allow list never permits relaying: "Whitelist does not override reject_unauth_destination" (smtpd_dnswl.ref). */
function unauthorized(ctx: RuleContext): string | undefined {
  const rcpt = ctx.state.recipient;
  if (ctx.list === 'smtpd_data_restrictions' || !rcpt || !rcpt.includes('@')) return undefined;
  const domain = domainOf(rcpt);
  const { local, relay } = classifyDomain(domain, ctx.facts);
  return local || relay ? undefined : domain;
}

/**
 * permit_dnswl_client (the client's address) and permit_rhswl_client (the client's name,
 * "unknown" not asked): a client listed in the allow list (with its =filter) is permitted.
 */
export const allowList = (r: Restriction, ctx: RuleContext, dns?: DnsFact): Step => {
  const [list, filter] = r.arg!.split('=');
  const { addr, name } = ctx.state.client;
  const who = r.name === 'permit_rhswl_client' ? name : addr;
  if (r.name === 'permit_rhswl_client' && name === 'unknown')
    return step('dunno', 'dunno', `${who} is not listed in ${list}`, 'rblClean', { addr: who, list });
  if (!dns || !('answer' in dns)) {
    const error = dns && 'error' in dns ? dns.error : 'no answer';
    return step('dunno', 'dunno', `the DNSBL ${list} could not be asked (${error}): no decision`, 'rblError', { list, error });
  }
  const answer = dns.answer;
  if (!answer.listed || (filter && answer.answer && !rblFilterMatch(filter, answer.answer)))
    return step('dunno', 'dunno', `${who} is not listed in ${list}`, 'rblClean', { addr: who, list });
  const foreign = unauthorized(ctx);
  if (foreign)
    return step(
      'dunno',
      'dunno',
      `${who} is listed in ${list}, but an allow list does not permit relaying to ${foreign}`,
      'allowListNoRelay',
      {
        addr: who,
        list,
        domain: foreign,
      },
    );
  return step('permit', 'permit', `${who} is listed in the allow list ${list}: permitted`, 'dnswlListed', { addr: who, list });
};

/**
 * permit_mx_backup: an authorized destination (mydestination, relay_domains, no domain) is
 * permitted as permit_auth_destination would; for another domain Postfix compares the
 * domain's MX hosts with its own addresses, which the sandbox does not do (no decision).
 */
export const mxBackup = (_r: Restriction, ctx: RuleContext): Step => {
  const rcpt = ctx.state.recipient ?? '';
  const domain = domainOf(rcpt);
  const { local, relay } = classifyDomain(domain, ctx.facts);
  if (!rcpt.includes('@') || local || relay)
    return step('permit', 'permit', `${rcpt} is an authorized destination: permitted`, local ? 'localDestination' : 'relayDestination', {
      domain,
    });
  return step(
    'dunno',
    'dunno',
    `${domain}: the sandbox does not compare its MX hosts with its own addresses: no decision`,
    'mxBackupUnknown',
    { domain },
  );
};

/**
 * permit_inet_interfaces: the connection's own peer (not an XCLIENT address) is one of the
 * server's interface addresses. The sandbox listens on the loopback, whose address is 127.0.0.1 (::1).
 */
export const inetInterfaces = (_r: Restriction, { state }: RuleContext): Step => {
  const peer = state.peer ?? state.client.addr;
  if (peer === '127.0.0.1' || peer === '::1')
    return step('permit', 'permit', `the connection comes from ${peer}, an address of this server: permitted`, 'ownInterface', {
      addr: peer,
    });
  return step('dunno', 'dunno', `the connection comes from ${peer}, not an address of this server`, 'notOwnInterface', { addr: peer });
};
