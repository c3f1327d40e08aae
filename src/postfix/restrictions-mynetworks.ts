/**
 * permit_mynetworks: the client in mynetworks permits. An entry with host bits
 * ("127.0.0.1/8") is a lookup error in Postfix 3.7.11 once the match gets to it: smtpd warns
 * and answers 451 4.3.0 Temporary lookup failure (seen on the real server), it does not
 * serve the network the learner meant.
 */
import { hostBitsText, matchList } from './cidr.js';
import { step, type RuleContext, type Step } from './smtpd-check.js';

export function permitMynetworks(_r: unknown, { state, facts, replyName }: RuleContext): Step {
  const client = `${state.client.addr}`;
  const hit = matchList(facts.mynetworks, state.client.addr, state.client.name);
  if (hit)
    return step('permit', 'permit', `${client} is in mynetworks (${hit}): permitted`, 'inMynetworks', {
      addr: client,
      match: hit,
      mynetworks: facts.mynetworksText,
    });
  const bad = facts.mynetworks.hostBits;
  // smtpd's match gets to an entry with host bits: a lookup error, not a "no"
  if (bad)
    return {
      ...step('defer', 'defer', `mynetworks has ${bad.item}, with host bits: lookup error`, 'mynetworksHostBits', bad, {
        code: 451,
        enhanced: '4.3.0',
        text: `<${replyName}>: Temporary lookup failure`,
      }),
      warnings: [`warning: ${hostBitsText('mynetworks', bad)}`],
    };
  return step('dunno', 'dunno', `${client} is not in mynetworks ${facts.mynetworksText}`, 'notInMynetworks', {
    addr: client,
    mynetworks: facts.mynetworksText,
  });
}
