// Denial of service (lesson 14): smtpd's error limits and anvil's client limits set in
// main.cf, the log showing them hit by the learner's own flood from "the internet", and the
// outside client served again once anvil's time unit has passed.
import { z } from 'zod';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import type { CheckContext, Verdict } from './types.js';
import { readMainCf, MAIN_CF } from './postfix.js';
import { param, splitList, type MainCf } from '../postfix/main-cf.js';
import { anvilLimits } from '../postfix/anvil.js';
import { matchList } from '../postfix/cidr.js';
import { MAIL_LOG } from '../postfix/defaults.js';
import { readWsTail } from './ws-file.js';
import { networkEntryFor } from './dns.js';
import { withProbe } from './probe.js';
import { probeFailure } from './live.js';
import { rethrowBug } from '../util/errors.js';

/** the address every client of the outside listener has */
const OUTSIDE = '203.0.113.7';

function evLine(cf: MainCf, name: string): string {
  const e = cf.entries.get(name);
  return e ? `${MAIN_CF}:${e.line}: ${name} = ${e.value}` : `${name} = ${param(cf, name)} (default)`;
}

/**
 * Why anvil never limits this client, if it does not: smtpd_client_event_limit_exceptions
 * (by default $mynetworks) matches it. The message names the parameter the learner has to change.
 */
function exemption(cf: MainCf, client: string): Verdict | undefined {
  const limits = anvilLimits(cf);
  if (matchList(limits.exceptionList, client, 'unknown') === undefined) return undefined;
  const own = cf.entries.has('smtpd_client_event_limit_exceptions');
  const name = own ? 'smtpd_client_event_limit_exceptions' : 'mynetworks';
  const seen = param(cf, name);
  const entry = networkEntryFor(splitList(seen), client) ?? seen;
  return fail(own ? 'dos.exceptionCovers' : 'dos.mynetworksExempt', { file: MAIN_CF, client, seen, entry }, [
    evLine(cf, 'smtpd_client_event_limit_exceptions'),
    evLine(cf, 'mynetworks'),
  ]);
}

/** A limit that must be on (above 0) and at most `max`; the verdict when it is not. */
function limitProblem(cf: MainCf, name: string, max: number): Verdict | undefined {
  const seen = param(cf, name).trim();
  const ev = [evLine(cf, name)];
  if (!/^\d+$/.test(seen)) return fail('dos.limitNotNumber', { file: MAIN_CF, name, seen: seen || '(empty)', max }, ev);
  const n = Number(seen);
  if (n === 0) return fail(cf.entries.has(name) ? 'dos.limitOff' : 'dos.limitDefaultOff', { file: MAIN_CF, name, max }, ev);
  if (n > max) return fail('dos.limitHigh', { file: MAIN_CF, name, seen, max }, ev);
  return undefined;
}

export const dosLimits = defineCheck({
  kind: 'dos.limits',
  params: z
    .object({
      /** parameter → the highest value the step's flood still passes */
      limits: z.record(z.string().regex(/^[a-z_]+$/), z.number().int().positive()),
      /** a client anvil must limit (not in smtpd_client_event_limit_exceptions) */
      client: z.string().optional(),
    })
    .strict(),
  async run(ctx, p) {
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    for (const [name, max] of Object.entries(p.limits)) {
      const bad = limitProblem(cf, name, max as number);
      if (bad) return bad;
    }
    if (p.client) {
      const ex = exemption(cf, p.client);
      if (ex) return ex;
    }
    const names = Object.keys(p.limits);
    return pass(
      'dos.limitsOk',
      { limits: names.map((n) => `${n} = ${param(cf, n)}`).join(', ') },
      names.map((n) => evLine(cf, n)),
    );
  },
});

// ---- the log shows a limit hit ---------------------------------------------------------

const HITS = {
  // smtpd at the hard error limit: "too many errors after RCPT from unknown[203.0.113.7]"
  errors: {
    re: (c: string) => new RegExp(`postfix/smtpd\\[\\d+\\]: too many errors after \\S+ from \\S+\\[${esc(c)}\\]`),
    limit: 'smtpd_hard_error_limit',
  },
  // "warning: Connection rate limit exceeded: 31 from unknown[203.0.113.7] for service smtp"
  'connection-rate': {
    re: (c: string) => new RegExp(`warning: Connection rate limit exceeded: \\d+ from \\S+\\[${esc(c)}\\] for service \\S+`),
    limit: 'smtpd_client_connection_rate_limit',
  },
} as const;
type Hit = keyof typeof HITS;

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lastHit(ctx: CheckContext, what: Hit, client: string): string | undefined {
  const re = HITS[what].re(client);
  const lines = (readWsTail(ctx, MAIL_LOG) ?? '').split('\n').filter((l) => re.test(l));
  return lines[lines.length - 1];
}

export const dosLogHit = defineCheck({
  kind: 'dos.log-hit',
  params: z
    .object({
      what: z.enum(['errors', 'connection-rate']),
      client: z.string().default(OUTSIDE),
      /** the highest value of the limit the step's flood passes */
      max: z.number().int().positive(),
    })
    .strict(),
  async run(ctx, p) {
    const what = p.what as Hit;
    const line = lastHit(ctx, what, p.client);
    if (line) return pass(`dos.hitOk.${p.what}`, { client: p.client, file: MAIL_LOG }, [line]);
    // nothing in the log yet: say the first thing that stands in the way
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    const bad = limitProblem(cf, HITS[what].limit, p.max);
    if (bad) return bad;
    if (p.what === 'errors') {
      // a trusted client's recipients are all accepted: no error to count
      const entry = networkEntryFor(splitList(param(cf, 'mynetworks')), p.client);
      if (entry) return fail('dos.clientTrusted', { file: MAIN_CF, client: p.client, entry }, [evLine(cf, 'mynetworks')]);
    } else {
      const ex = exemption(cf, p.client);
      if (ex) return ex;
    }
    return fail(`dos.notHit.${p.what}`, { client: p.client, file: MAIL_LOG, port: ctx.probe.ports.outside });
  },
});

// ---- served again once anvil's time unit has passed ------------------------------------

export const dosServed = defineCheck({
  kind: 'dos.served',
  params: z.object({ client: z.string().default(OUTSIDE) }).strict(),
  async run(ctx, p) {
    const hit = lastHit(ctx, 'connection-rate', p.client);
    if (!hit) return fail('dos.noFloodYet', { client: p.client, file: MAIL_LOG });
    const port = ctx.probe.ports.outside;
    let transcript: string[] = [];
    try {
      const banner = await withProbe(ctx.probe.host, port, async (probe) => {
        transcript = probe.transcript;
        return probe.read();
      });
      const t = transcript.slice();
      if (banner.code === 220) return pass('dos.servedOk', { client: p.client, reply: banner.raw }, [hit, ...t]);
      if (banner.code === 421 && /too many (connections|new TLS sessions)/i.test(banner.raw)) {
        const cf = readMainCf(ctx);
        const unit = 'entries' in cf ? param(cf, 'anvil_rate_time_unit') : '60s';
        return fail('dos.stillLimited', { client: p.client, reply: banner.raw, unit, port }, t);
      }
      return fail('smtp.unexpectedReply', { port, command: 'CONNECT', reply: banner.raw }, t);
    } catch (e) {
      rethrowBug(e);
      return probeFailure(e, port, transcript);
    }
  },
});
