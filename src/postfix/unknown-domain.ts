/**
 * reject_unknown_sender_domain and reject_unknown_recipient_domain (Postfix's
 * reject_unknown_address): the DNS of the address's domain (MX, then A, then AAAA) is
 * asked by the sandbox's loop before the rule decides here. Local domains, address
 * literals, addresses without a domain and the null sender are not checked.
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

function addressOf(r: Restriction, ctx: RuleContext): string | undefined {
  return r.name === 'reject_unknown_sender_domain' ? ctx.state.sender : ctx.state.recipient;
}

/** The domain to ask the DNS about, or undefined when Postfix does not check this address. */
export function domainToCheck(r: Restriction, ctx: Pick<RuleContext, 'state' | 'facts'>): string | undefined {
  const addr = r.name === 'reject_unknown_sender_domain' ? ctx.state.sender : ctx.state.recipient;
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
  const sender = r.name === 'reject_unknown_sender_domain';
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
    // DEFER_IF_REJECT: a later reject becomes this 450
    return {
      ...step(
        'dunno',
        'dunno',
        `the DNS did not answer for ${domain}: Postfix would only defer if a later restriction rejected`,
        'domainRetry',
        {
          domain,
        },
      ),
      deferIfReject: { code: 450, enhanced: sender ? '4.1.8' : '4.1.2', text: `<${addr}>: ${what} rejected: Domain not found` },
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
