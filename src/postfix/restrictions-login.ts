/**
 * The sender login checks (smtpd_check.c): with smtpd_sender_login_maps, which SASL logins
 * own which sender addresses. reject_authenticated_sender_login_mismatch refuses a logged-in
 * client whose login does not own MAIL FROM (an address no table lists is owned by nobody);
 * reject_known_sender_login_mismatch does so only for addresses the table lists;
 * reject_unauthenticated_sender_login_mismatch refuses a client that did not log in but uses
 * an address that has an owner; reject_sender_login_mismatch is the first and the third.
 * Without SASL they are ignored with a warning (restrictions-ignored.ts, before this).
 */
import { classifyDomain, step, type Restriction, type RuleContext, type Step, type RestrictionFacts } from './smtpd-check.js';
import type { TableHit } from './tables.js';

/**
 * mail_addr_find() on the maps, in order: the address, the address without its extension,
 * for a local domain the local part (and without extension), then @domain. First hit wins.
 */
export function findLoginOwners(sender: string, facts: RestrictionFacts): { hit: TableHit; table: string } | undefined {
  const addr = sender.toLowerCase();
  const at = addr.lastIndexOf('@');
  const local = at >= 0 ? addr.slice(0, at) : addr;
  const domain = at >= 0 ? addr.slice(at + 1) : '';
  const delim = facts.recipientDelimiter ?? '';
  const bare = (l: string) => {
    if (!delim) return l;
    const i = [...delim].map((c) => l.indexOf(c)).filter((x) => x > 0);
    return i.length ? l.slice(0, Math.min(...i)) : l;
  };
  const keys = [addr];
  if (bare(local) !== local) keys.push(at >= 0 ? `${bare(local)}@${domain}` : bare(local));
  if (at < 0 || classifyDomain(domain, facts).local) keys.push(local, bare(local));
  if (at >= 0) keys.push(`@${domain}`);
  for (const spec of facts.senderLoginMaps ?? []) {
    const table = facts.table(spec);
    if (!table) continue;
    for (const key of new Set(keys)) {
      const hit = table.lookup(key);
      if (hit) return { hit, table: spec };
    }
  }
  return undefined;
}

const owners = (value: string) => value.split(/[\s,]+/).filter(Boolean);

function authMismatch(r: Restriction, ctx: RuleContext, allowUnknown: boolean): Step | undefined {
  const { sender, sasl } = ctx.state;
  if (!sasl || !sender || !ctx.facts.senderLoginMaps?.length) return undefined;
  const found = findLoginOwners(sender, ctx.facts);
  if (!found && allowUnknown) return undefined;
  const list = found ? owners(found.hit.value) : [];
  if (list.some((o) => o.toLowerCase() === sasl.username.toLowerCase())) {
    return step('dunno', 'dunno', `${sender} is owned by ${sasl.username} (${found!.table})`, 'senderOwned', {
      addr: sender,
      user: sasl.username,
      table: found!.table,
    });
  }
  return step(
    'reject',
    'reject',
    found
      ? `${sender} belongs to ${list.join(', ')} in ${found.table}, not to ${sasl.username}`
      : `${sender} is not listed in smtpd_sender_login_maps: it belongs to no login`,
    found ? 'senderNotOwned' : 'senderNoOwner',
    { addr: sender, user: sasl.username, owners: list.join(', '), table: found?.table ?? '' },
    { code: 553, enhanced: '5.7.1', text: `<${sender}>: Sender address rejected: not owned by user ${sasl.username}` },
  );
}

function unauthMismatch(r: Restriction, ctx: RuleContext): Step | undefined {
  const { sender, sasl } = ctx.state;
  if (sasl || !sender || !ctx.facts.senderLoginMaps?.length) return undefined;
  const found = findLoginOwners(sender, ctx.facts);
  if (!found) return undefined;
  return step(
    'reject',
    'reject',
    `${sender} belongs to ${owners(found.hit.value).join(', ')} in ${found.table}, and the client did not log in`,
    'senderNotLoggedIn',
    { addr: sender, owners: owners(found.hit.value).join(', '), table: found.table },
    { code: 553, enhanced: '5.7.1', text: `<${sender}>: Sender address rejected: not logged in` },
  );
}

/** The decision of one of the four sender login restrictions, SASL being on. */
export function senderLoginMismatch(r: Restriction, ctx: RuleContext): Step {
  const decided =
    r.name === 'reject_authenticated_sender_login_mismatch'
      ? authMismatch(r, ctx, false)
      : r.name === 'reject_known_sender_login_mismatch'
        ? (authMismatch(r, ctx, true) ?? unauthMismatch(r, ctx))
        : r.name === 'reject_unauthenticated_sender_login_mismatch'
          ? unauthMismatch(r, ctx)
          : (authMismatch(r, ctx, false) ?? unauthMismatch(r, ctx));
  if (decided) return decided;
  if (!ctx.facts.senderLoginMaps?.length)
    return step('dunno', 'dunno', 'smtpd_sender_login_maps is empty: no address has an owner', 'noLoginMaps', { restriction: r.name });
  if (!ctx.state.sender) return step('dunno', 'dunno', 'the null sender <> is not checked', 'nullSender');
  return step('dunno', 'dunno', `${ctx.state.sender}: no login mismatch`, 'senderLoginOk', { addr: ctx.state.sender });
}
