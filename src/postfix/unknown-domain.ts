/**
 * The reject_unknown_* restrictions: reject_unknown_sender_domain and
 * reject_unknown_recipient_domain (Postfix's reject_unknown_address: the address's domain
 * needs an MX, A or AAAA record; local domains, address literals, addresses without a domain
 * and the null sender are not checked), reject_unknown_helo_hostname, and the client's name.
 * The sandbox's loop asks the DNS before the rule decides here.
 */
import {
  classifyDomain,
  domainOf,
  step,
  type CheckState,
  type DnsFact,
  type DnsQuery,
  type Restriction,
  type RestrictionFacts,
  type RuleContext,
  type Step,
} from './smtpd-check.js';

/** reject_unknown_address, an older name, checks the sender too (smtpd_check.c) */
const checksSender = (r: Restriction) => r.name === 'reject_unknown_sender_domain' || r.name === 'reject_unknown_address';

function addressOf(r: Restriction, ctx: Pick<RuleContext, 'state'>): string | undefined {
  return checksSender(r) ? ctx.state.sender : ctx.state.recipient;
}

/** The domain to ask the DNS about, or undefined when Postfix does not check this address. */
export function domainToCheck(r: Restriction, ctx: Pick<RuleContext, 'state' | 'facts'>): string | undefined {
  const addr = addressOf(r, ctx);
  if (!addr || !addr.includes('@')) return undefined;
  const domain = domainOf(addr);
  if (!domain || domain.startsWith('[') || classifyDomain(domain, ctx.facts).local) return undefined;
  return domain;
}

export function unknownDomainQuery(r: Restriction, state: CheckState, facts: RestrictionFacts): DnsQuery | undefined {
  const domain = domainToCheck(r, { state, facts });
  return domain ? { kind: 'domain', domain } : undefined;
}

export function unknownDomain(r: Restriction, ctx: RuleContext, dns?: DnsFact): Step {
  const sender = checksSender(r);
  const addr = addressOf(r, ctx);
  if (sender && addr === '') return step('dunno', 'dunno', 'the null sender <> is not checked', 'nullSender');
  const domain = domainToCheck(r, ctx);
  if (addr === undefined || !domain)
    return step('dunno', 'dunno', `${addr || 'the address'} is delivered here: its domain is not looked up`, 'domainLocal', {
      addr: addr ?? '',
    });
  const status = dns && 'domain' in dns ? dns.domain : 'retry';
  const what = sender ? 'Sender address' : 'Recipient address';
  if (status === 'found') return step('dunno', 'dunno', `${domain} has an MX or an address record in the DNS`, 'domainFound', { domain });
  if (status === 'retry') {
    // unknown_address_tempfail_action = defer_if_permit (3.7's default): a later reject still wins
    return {
      ...step(
        'dunno',
        'dunno',
        `the DNS did not answer for ${domain}: Postfix would defer if the checks ended in a permit`,
        'domainRetry',
        {
          domain,
        },
      ),
      deferIfPermit: { code: 450, enhanced: sender ? '4.1.8' : '4.1.2', text: `<${addr}>: ${what} rejected: Domain not found` },
    };
  }
  if (status === 'nullmx') {
    return step(
      'reject',
      'reject',
      `${domain} publishes a null MX: it accepts no mail`,
      'domainNullMx',
      { domain },
      sender
        ? { code: 550, enhanced: '5.7.27', text: `<${addr}>: ${what} rejected: Domain ${domain} does not accept mail (nullMX)` }
        : { code: 556, enhanced: '5.1.10', text: `<${addr}>: ${what} rejected: Domain ${domain} does not accept mail (nullMX)` },
    );
  }
  return step(
    'defer',
    'defer',
    `${domain} has no MX nor address record in the DNS`,
    'domainNotFound',
    { domain },
    { code: 450, enhanced: sender ? '4.1.8' : '4.1.2', text: `<${addr}>: ${what} rejected: Domain not found` },
  );
}

/** reject_unknown_helo_hostname (and its old name reject_unknown_hostname): the HELO name needs an A, AAAA or MX record. */
export function unknownHeloQuery(_r: Restriction, state: CheckState): DnsQuery | undefined {
  const helo = state.helo;
  return helo && !helo.startsWith('[') ? { kind: 'domain', domain: helo.toLowerCase().replace(/\.$/, '') } : undefined;
}

export function unknownHelo(_r: Restriction, ctx: RuleContext, dns?: DnsFact): Step {
  const helo = ctx.state.helo;
  if (!helo) return step('dunno', 'dunno', 'the client sent no HELO/EHLO', 'noHelo');
  if (helo.startsWith('[')) return step('dunno', 'dunno', `HELO ${helo} is an address literal: not looked up`, 'heloOk', { helo });
  const status = dns && 'domain' in dns ? dns.domain : 'retry';
  // Postfix 3.7.11: 450 4.7.1 for NXDOMAIN, no record and REFUSED alike; a null MX is still a record
  const reply = { code: 450, enhanced: '4.7.1', text: `<${helo}>: Helo command rejected: Host not found` };
  if (status === 'found' || status === 'nullmx')
    return step('dunno', 'dunno', `${helo} has an address or MX record in the DNS`, 'domainFound', { domain: helo });
  if (status === 'retry') {
    return {
      ...step('dunno', 'dunno', `the DNS did not answer for ${helo}: Postfix would defer if the checks ended in a permit`, 'heloRetry', {
        domain: helo,
      }),
      deferIfPermit: reply,
    };
  }
  return step('defer', 'defer', `${helo} has no address nor MX record in the DNS`, 'domainNotFound', { domain: helo }, reply);
}

/**
 * reject_unknown_client_hostname and reject_unknown_reverse_client_hostname: the client's
 * name as the session knows it ("unknown" when its address has no name). Replies as
 * Postfix 3.7.11 gave them: 450 4.7.25 / 450 4.7.1.
 */
export function unknownClient(r: Restriction, ctx: RuleContext): Step {
  const { name, addr } = ctx.state.client;
  if (name !== 'unknown') return step('dunno', 'dunno', `the client ${addr} has the name ${name}`, 'clientNamed', { name, addr });
  const reverse = r.name === 'reject_unknown_reverse_client_hostname';
  return step(
    'defer',
    'defer',
    `the client ${addr} has no ${reverse ? 'reverse ' : ''}host name`,
    'clientUnknown',
    { addr },
    {
      code: 450,
      enhanced: reverse ? '4.7.1' : '4.7.25',
      text: `Client host rejected: cannot find your ${reverse ? 'reverse ' : ''}hostname, [${addr}]`,
    },
  );
}
