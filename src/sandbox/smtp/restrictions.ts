/**
 * The evaluation loop of smtpd's access restrictions: runs each list's restrictions in
 * order, asks the DNS a restriction needs (reject_rbl_client) before it decides, and
 * records every decision. What each restriction decides, and says, is the pure table
 * in src/postfix/restrictions.ts.
 */
import type { Decision, Resolver } from '../pipeline.js';
import { rethrowBug } from '../../util/errors.js';
import {
  LISTS,
  decisionOf,
  exemptRecipient,
  ruleContext,
  ruleOf,
  type CheckState,
  type DnsFact,
  type DomainStatus,
  type ListName,
  type RblAnswer,
  type Reply,
  type Restriction,
  type RestrictionFacts,
  type ServerAnswer,
  type Verdict,
} from '../../postfix/restrictions.js';
import { ignoredAfter } from '../../postfix/restrictions-ignored.js';
import type { PolicyAnswer } from '../../postfix/policy.js';

export interface CheckEnv extends RestrictionFacts {
  rbl(list: string, addr: string): Promise<RblAnswer>;
  /** a domain-based list (permit_rhswl_client): is NAME.list listed? */
  rhs(list: string, domain: string): Promise<RblAnswer>;
  /** what the DNS says of a mail domain (reject_unknown_*_domain) */
  domainStatus(domain: string): Promise<DomainStatus>;
  /** check_policy_service: the server's action, or the warnings of the tries that failed */
  policy(server: string, state: CheckState): Promise<PolicyAnswer>;
  /** a domain's A, MX or NS servers and their addresses (check_*_{a,mx,ns}_access) */
  servers(type: 'A' | 'MX' | 'NS', domain: string): Promise<ServerAnswer>;
}

export interface ListResult {
  list: ListName;
  result: Verdict;
  reply?: Reply;
  restriction?: string;
  decisions: Decision[];
  /** defer_if_permit / defer_if_reject met in this list (the first of each) */
  deferIfPermit?: Reply;
  deferIfReject?: Reply;
  /** smtpd's warnings as the list ran, in order, for the log */
  warnings: string[];
  /** a server configuration error: the postmaster gets a notice of the session */
  software?: boolean;
  /** an access table's HOLD met in this list: what smtpd logs */
  hold?: string;
}

export interface CheckResult {
  result: Verdict;
  reply?: Reply;
  /** the list and restriction that decided */
  list?: ListName;
  restriction?: string;
  /** every list that ran, in order */
  lists: ListResult[];
  /** a bare postmaster: no list ran, nor the recipient table check */
  exempt?: boolean;
  /** an access table's HOLD, whatever the lists decided after it: smtpd logs it at once */
  hold?: string;
  decisions: Decision[];
  /** every list's warnings, in order */
  warnings: string[];
  software?: boolean;
}

/** Evaluates one restriction list. */
export async function evaluateList(list: ListName, items: Restriction[], state: CheckState, env: CheckEnv): Promise<ListResult> {
  const ctx = ruleContext(list, state, env);
  const decisions: Decision[] = [];
  const pending: Pick<ListResult, 'deferIfPermit' | 'deferIfReject' | 'warnings' | 'software' | 'hold'> = { warnings: [] };
  let warnOnly = false;
  const run = async (rules: Restriction[], depth: number): Promise<ListResult | undefined> => {
    for (const [i, r] of rules.entries()) {
      const warn = warnOnly;
      warnOnly = false;
      const rule = ruleOf(r.name);
      let dns: DnsFact | undefined;
      const q = rule.dns?.(r, state, env);
      if (q) {
        try {
          dns =
            q.kind === 'policy'
              ? { policy: await env.policy(q.server, state) }
              : q.kind === 'domain'
                ? { domain: await env.domainStatus(q.domain) }
                : q.kind === 'servers'
                  ? { servers: await env.servers(q.type, q.domain) }
                  : q.kind === 'rhs'
                    ? { answer: await env.rhs(q.list, q.domain) }
                    : { answer: await env.rbl(q.list, q.addr) };
        } catch (e) {
          dns = { error: (e as Error).message };
        }
      }
      const res = rule.decide(r, ctx, dns);
      pending.warnings.push(...(res.warnings ?? []));
      const after = ignoredAfter(r, rules[i + 1], warn);
      if (after) pending.warnings.push(after);
      if (res.software) pending.software = true;
      if (res.warnNext) warnOnly = true;
      pending.deferIfPermit ??= res.deferIfPermit;
      pending.deferIfReject ??= res.deferIfReject;
      pending.hold ??= res.hold;
      decisions.push(decisionOf(ctx, r, res));
      if (res.inner && depth < 10) {
        const inner = await run(res.inner, depth + 1);
        if (inner) return inner;
        continue;
      }
      if ((res.verdict === 'reject' || res.verdict === 'defer') && warn) {
        decisions[decisions.length - 1].result = 'warn';
        decisions[decisions.length - 1].reason += ' (warn_if_reject: only logged)';
        decisions[decisions.length - 1].also = 'sandbox.why.onlyLogged';
        continue;
      }
      if (res.verdict !== 'dunno') return { list, result: res.verdict, reply: res.reply, restriction: r.text, decisions, ...pending };
    }
    return undefined;
  };
  const decided = await run(items, 0);
  return decided ?? { list, result: 'dunno', decisions, ...pending };
}

/**
 * Everything Postfix checks at RCPT TO with smtpd_delay_reject = yes: the client, helo,
 * sender, relay and recipient lists, in that order.
 */
export async function checkRecipient(lists: Partial<Record<ListName, Restriction[]>>, state: CheckState, env: CheckEnv): Promise<CheckResult> {
  const exempt = state.recipient === undefined ? undefined : exemptRecipient(state.recipient);
  if (exempt) return { result: 'permit', exempt: true, lists: [], decisions: [exempt], warnings: [] };
  const results: ListResult[] = [];
  let deferIfPermit: Reply | undefined;
  let deferIfReject: Reply | undefined;
  const warnings = () => results.flatMap((x) => x.warnings);
  const software = () => results.some((x) => x.software) || undefined;
  const hold = () => results.find((x) => x.hold)?.hold;
  for (const name of LISTS) {
    const items = lists[name] ?? [];
    if (!items.length) continue;
    const r = await evaluateList(name, items, state, env);
    results.push(r);
    deferIfPermit ??= r.deferIfPermit;
    // defer_if_reject lasts for one stage (client, helo, sender, then relay and recipient together)
    const sameStage = name === 'smtpd_recipient_restrictions' && results.some((x) => x.list === 'smtpd_relay_restrictions');
    if (!sameStage) deferIfReject = undefined;
    deferIfReject ??= r.deferIfReject;
    if (r.result === 'reject' || r.result === 'defer') {
      // defer_if_reject turns a later 5xx reject into its own 450
      const deferred = deferIfReject && r.reply && r.reply.code >= 500;
      return {
        result: deferred ? 'defer' : r.result,
        reply: deferred ? deferIfReject : r.reply,
        list: name,
        restriction: r.restriction,
        lists: results,
        decisions: results.flatMap((x) => x.decisions),
        warnings: warnings(),
        software: software(),
        hold: hold(),
      };
    }
  }
  // defer_if_permit: the checks ended without a reject
  const rest = { lists: results, decisions: results.flatMap((x) => x.decisions), warnings: warnings(), software: software(), hold: hold() };
  if (deferIfPermit) return { result: 'defer', reply: deferIfPermit, restriction: 'defer_if_permit', ...rest };
  return { result: 'permit', ...rest };
}

/**
 * What reject_unknown_*_domain asks the DNS, as Postfix's dns_lookup_l(MX, A, AAAA) does:
 * the first record type with an answer decides; NXDOMAIN stops at once. A REFUSED answer
 * (the sandbox's DNS for a name outside its zones) is a temporary failure, as the C
 * resolver reports it to Postfix (TRY_AGAIN): Postfix 3.7.11 then defers only if the
 * checks end in a permit, so a later reject (relay, non-FQDN recipient) wins over it.
 */
export async function mailDomainStatus(resolver: Resolver, domain: string): Promise<DomainStatus> {
  let retry = false;
  for (const type of ['MX', 'A', 'AAAA']) {
    try {
      const found = (await resolver(domain, type)) as unknown[];
      if (type === 'MX') {
        const mx = found as { exchange: string }[];
        if (mx.length === 1 && (mx[0].exchange === '' || mx[0].exchange === '.')) return 'nullmx';
      }
      if (found.length) return 'found';
    } catch (e) {
      rethrowBug(e);
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND') return 'notfound';
      if (code !== 'ENODATA') retry = true;
    }
  }
  return retry ? 'retry' : 'notfound';
}
