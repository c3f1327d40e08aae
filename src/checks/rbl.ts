// Check kinds of the blocklist lesson's public-resolver trap: a query seen "through a public
// resolver", the restrictions with Spamhaus's =filter, and a clean client accepted while the
// sandbox's lookups went through a public resolver.
import { z } from 'zod';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import type { CheckContext } from './types.js';
import { readMainCf, orderedIncludes, paramEvidence, MAIN_CF } from './postfix.js';
import { param, splitList } from '../postfix/main-cf.js';
import { rblFilterMatch } from '../postfix/dnsbl.js';
import { MAIL_LOG } from '../postfix/defaults.js';
import { PUBLIC_RESOLVER_SOURCE, QUERY_LOG, RESOLV_CONF, publicNameserver } from '../sandbox/api.js';
import { readWsTail } from './ws-file.js';

/** Spamhaus's listings a filter must keep, and its error codes it must drop */
const LISTINGS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => `127.0.0.${n}`);
const ERROR_CODES = ['127.255.255.252', '127.255.255.254', '127.255.255.255'];

/** The A queries under LIST that reached the DNS through the public resolver, oldest first: the client addresses asked. */
function publicQueries(ctx: CheckContext, list: string): { addr: string; line: string }[] {
  const out: { addr: string; line: string }[] = [];
  const suffix = '.' + list.toLowerCase();
  for (const line of (readWsTail(ctx, QUERY_LOG) ?? '').split('\n')) {
    const m = / client @\S+ (\S+)#\d+ .*: query: (\S+) IN A /.exec(line);
    if (!m || m[1] !== PUBLIC_RESOLVER_SOURCE) continue;
    const name = m[2]!.toLowerCase().replace(/\.$/, '');
    if (!name.endsWith(suffix)) continue;
    const rev = name.slice(0, -suffix.length);
    if (/^(\d{1,3}\.){3}\d{1,3}$/.test(rev)) out.push({ addr: rev.split('.').reverse().join('.'), line });
  }
  return out;
}

export const rblPublicQuery = defineCheck({
  kind: 'rbl.public-query',
  params: z.object({ list: z.string().default('zen.spamhaus.org') }).strict(),
  async run(ctx, p) {
    const q = publicQueries(ctx, p.list).pop();
    if (q) return pass('rbl.publicQueryOk', { name: `${q.addr.split('.').reverse().join('.')}.${p.list}` }, [q.line]);
    return fail('rbl.noPublicQuery', {
      source: PUBLIC_RESOLVER_SOURCE,
      command: `dig -b ${PUBLIC_RESOLVER_SOURCE} @127.0.0.1 -p ${ctx.probe.ports.dns} 7.113.0.203.${p.list} A`,
    });
  },
});

export const rblRestrictions = defineCheck({
  kind: 'rbl.restrictions',
  params: z
    .object({
      name: z.string().default('smtpd_recipient_restrictions'),
      /** these items in this order; a list is named without its =filter */
      includes: z.array(z.string()).min(1),
      /** a list that must carry a reply filter, and the filter the lesson teaches */
      filtered: z.record(z.string(), z.string()),
    })
    .strict(),
  async run(ctx, p) {
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    const ev = [paramEvidence(cf, p.name)];
    const items = splitList(param(cf, p.name).toLowerCase());
    // a list is matched without its reply filter: zen.spamhaus.org=127.0.0.[2..11] counts as zen.spamhaus.org
    const bases = items.map((it, i) => (i > 0 && items[i - 1] === 'reject_rbl_client' ? it.split('=')[0]! : it));
    const unordered = orderedIncludes(cf, p.name, bases, p.includes);
    if (unordered) return unordered;
    for (const [list, filter] of Object.entries(p.filtered)) {
      const wanted = `${list}=${filter}`;
      const i = bases.findIndex((b, j) => b === list.toLowerCase() && items[j - 1] === 'reject_rbl_client');
      if (i < 0) continue; // a list the includes do not ask for
      const seen = items[i]!.split('=')[1];
      if (seen === undefined) return fail('rbl.filterMissing', { file: MAIN_CF, list, wanted }, ev);
      if (!LISTINGS.every((a) => rblFilterMatch(seen, a)) || ERROR_CODES.some((a) => rblFilterMatch(seen, a)))
        return fail('rbl.filterWrong', { file: MAIN_CF, list, seen, wanted }, ev);
    }
    return pass('rbl.restrictionsOk', { name: p.name }, ev);
  },
});

/**
 * What became of the clients that connected while the sandbox's lookups went through a public
 * resolver: mail.log, read in order, is in that mode from the sandbox's "etc/resolv.conf names"
 * warning (logged at start and at each reload) until the next start or reload.
 */
function trapOutcomes(lines: string[], list: string): { client: string; accepted: boolean; line: string }[] {
  const out: { client: string; accepted: boolean; line: string }[] = [];
  let publicMode = false;
  for (const line of lines) {
    if (/ postfix\/master\[\d+\]: (daemon started|reload) -- /.test(line)) publicMode = false;
    else if (/ mailsec\/dns\[\d+\]: warning: etc\/resolv\.conf names /.test(line)) publicMode = true;
    if (!publicMode) continue;
    const ok = /: client=[^[\s]*\[([^\]]+)\]/.exec(line);
    if (ok && ok[1] !== '127.0.0.1' && ok[1] !== '::1') out.push({ client: ok[1]!, accepted: true, line });
    const no = /NOQUEUE: reject: RCPT from [^[\s]*\[([^\]]+)\]: .* blocked using (\S+?);?\s/.exec(line);
    if (no && no[2]!.toLowerCase() === list) out.push({ client: no[1]!, accepted: false, line });
  }
  return out;
}

export const rblPublicTrap = defineCheck({
  kind: 'rbl.public-trap',
  params: z.object({ list: z.string().default('zen.spamhaus.org') }).strict(),
  async run(ctx, p) {
    const last = trapOutcomes((readWsTail(ctx, MAIL_LOG) ?? '').split('\n'), p.list.toLowerCase()).pop();
    if (!last) return fail('rbl.trapNotTried', { file: RESOLV_CONF, port: ctx.probe.ports.smtp, to: `postmaster@${ctx.vars.domain}` });
    if (!last.accepted) return fail('rbl.trapRejected', { client: last.client, list: p.list, file: MAIN_CF }, [last.line]);
    const ns = publicNameserver(ctx.ws.readText(RESOLV_CONF));
    if (ns) return fail('rbl.resolverStillPublic', { file: RESOLV_CONF, seen: ns }, [last.line]);
    return pass('rbl.trapOk', { client: last.client, list: p.list }, [last.line]);
  },
});
