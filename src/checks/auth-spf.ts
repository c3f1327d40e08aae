// SPF check kinds: the published record, what it answers for an address, policyd-spf's
// wiring, and a spoofed mail refused by it.
import { z } from 'zod';
import { domainOf, loadConfigApi, POLICYD_SPF_CONF, SPF_RESULTS, type SandboxEvent, type SpfResult } from '../sandbox/api.js';
import { spfRejectedOnServer } from './spf-remote.js';
import { defineCheck } from './registry.js';
import { pass, fail, type CheckContext, type Verdict } from './types.js';
import { readMainCf, MAIN_CF } from './postfix.js';
import { list, param } from '../postfix/main-cf.js';
import { digCommand, resolverFor, spoofAttempts, txtRows, zoneFor, zoneTxt, short } from './auth-common.js';
import { MASTER_CF } from '../postfix/defaults.js';
import { rethrowBug } from '../util/errors.js';
import { t } from '../i18n/messages.js';

type Found = { record: string; file: string } | { verdict: Verdict };

/** The one v=spf1 record the DNS serves for a domain, or why there is none. */
export async function servedSpf(ctx: CheckContext, domain: string): Promise<Found> {
  const zs = await zoneFor(ctx, domain);
  if (zs.broken) return { verdict: zs.broken };
  const got = await txtRows(ctx, domain);
  if ('verdict' in got) return got;
  const { isSpfRecord } = await loadConfigApi();
  const spfs = got.rows.filter(isSpfRecord);
  const ev = got.rows.map((r) => `${domain} TXT "${short(r)}"`);
  if (spfs.length > 1) return { verdict: fail('auth.spf.multiple', { domain, count: spfs.length, file: zs.file }, ev) };
  if (!spfs.length) {
    const onDisk = [...zoneTxt(zs.zone)].find(([, rows]) => rows.some(isSpfRecord));
    if (onDisk)
      return {
        verdict: fail('auth.spf.wrongName', { domain, name: onDisk[0], file: zs.file }, [
          `${onDisk[0]} TXT "${short(onDisk[1].find(isSpfRecord)!)}"`,
        ]),
      };
    const typo = got.rows.find((r) => /spf/i.test(r));
    if (typo)
      return {
        verdict: fail('auth.spf.bad.noVersion', { domain, record: short(typo), term: typo.split(/\s+/)[0], index: 0, file: zs.file }, ev),
      };
    return { verdict: fail('auth.spf.missing', { domain, file: zs.file, command: digCommand(ctx, domain, 'TXT') }, ev) };
  }
  return { record: spfs[0], file: zs.file };
}

export const spfRecord = defineCheck({
  kind: 'spf.record',
  params: z.object({ domain: z.string().min(1).default('{{domain}}') }).strict(),
  async run(ctx, p) {
    const found = await servedSpf(ctx, p.domain);
    if ('verdict' in found) return found.verdict;
    const { parseSpf } = await loadConfigApi();
    const parsed = parseSpf(found.record);
    const ev = [`${p.domain} TXT "${found.record}"`];
    const err = parsed.issues.find((i) => i.severity === 'error');
    if (err) {
      return fail(
        `auth.spf.bad.${err.code}`,
        { domain: p.domain, record: short(found.record), term: err.term ?? '', index: err.index ?? 0, file: found.file },
        ev,
      );
    }
    return pass('auth.spf.recordOk', { domain: p.domain, record: short(found.record), lookups: parsed.lookups }, ev);
  },
});

const result = z.enum(SPF_RESULTS as [SpfResult, ...SpfResult[]]);

export const spfEval = defineCheck({
  kind: 'spf.eval',
  params: z
    .object({
      /** the client address to evaluate, or a host whose A record gives it */
      ip: z.string().optional(),
      host: z.string().optional(),
      sender: z.string().default('postmaster@{{domain}}'),
      expect: z.union([result, z.array(result).min(1)]),
    })
    .strict()
    .refine((p) => !!p.ip !== !!p.host, { message: 'give ip or host' }),
  async run(ctx, p) {
    const domain = p.sender.split('@').pop()!;
    const found = await servedSpf(ctx, domain);
    if ('verdict' in found) return found.verdict;
    const resolver = await resolverFor(ctx);
    const { checkSpf } = await loadConfigApi();
    let ip = p.ip;
    if (p.host) {
      try {
        ip = ((await resolver(p.host, 'A')) as string[])[0];
      } catch (e) {
        rethrowBug(e);
        ip = undefined;
      }
      if (!ip) return fail('auth.spf.noHostAddress', { host: p.host, file: found.file }, [digCommand(ctx, p.host, 'A')]);
    }
    const o = await checkSpf({ ip: ip!, sender: p.sender, helo: p.host, resolver, mta: ctx.vars.hostname });
    const wanted = [p.expect].flat();
    const ev = [t(ctx.lang, 'auth.spf.evResult', { sender: p.sender, ip: ip!, result: o.result }), `${domain} TXT "${found.record}"`];
    const params = { ip: ip!, domain, record: short(found.record), seen: o.result, wanted: wanted.join(' / '), comment: o.comment };
    if (wanted.includes(o.result)) return pass('auth.spf.evalOk', params, ev);
    if (o.result === 'permerror') return fail('auth.spf.evalPermerror', params, ev);
    if (o.result === 'temperror') return fail('auth.spf.evalTemperror', params, ev);
    if (o.result === 'softfail' && wanted.includes('fail')) return fail('auth.spf.softNotFail', params, ev);
    if ((o.result === 'neutral' || o.result === 'pass') && wanted.includes('fail')) return fail('auth.spf.allowsOthers', params, ev);
    if (wanted.includes('pass')) return fail('auth.spf.serverNotAllowed', params, ev);
    return fail('auth.spf.evalWrong', params, ev);
  },
});

export const spfPolicy = defineCheck({
  kind: 'spf.policy',
  params: z.object({}).strict(),
  async run(ctx) {
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    const { findPolicyRestriction, findPolicydService, parsePolicydSpfConf } = await loadConfigApi();
    const r = findPolicyRestriction(cf);
    if (!r) return fail('auth.spf.policyMissing', { file: MAIN_CF });
    const written = param(cf, r.list).replace(/\s+/g, ' ').trim();
    const ev = [`${MAIN_CF}: ${r.list} = ${written}`];
    if (r.list !== 'smtpd_recipient_restrictions') return fail('auth.spf.policyList', { file: MAIN_CF, list: r.list }, ev);
    // smtpd_relay_restrictions (evaluated first) may hold the relay guard; else it must come earlier in the same list
    const isGuard = (it: string) => it === 'reject_unauth_destination' || it === 'defer_unauth_destination';
    const guard = r.items.findIndex(isGuard);
    const relayGuard = list(cf, 'smtpd_relay_restrictions').some((it) => isGuard(it.toLowerCase()));
    if (!relayGuard && (guard < 0 || guard > r.index)) return fail('auth.spf.policyOrder', { file: MAIN_CF, seen: written }, ev);
    if (guard > r.index) return fail('auth.spf.policyOrder', { file: MAIN_CF, seen: written }, ev);
    const master = ctx.ws.readText(MASTER_CF);
    const svc = findPolicydService(master);
    if (!svc) return fail('auth.spf.serviceMissing', { file: MASTER_CF }, ev);
    ev.push(`${MASTER_CF}:${svc.line}: ${svc.text}`);
    if (!svc.spawnsPolicyd) return fail('auth.spf.serviceBad', { file: MASTER_CF, line: svc.line, seen: svc.text }, ev);
    const conf = parsePolicydSpfConf(ctx.ws.readText(POLICYD_SPF_CONF));
    if (!conf.testOnly || conf.mailFromReject === 'False' || conf.mailFromReject === 'No_Check') {
      return fail(
        'auth.spf.policyNoReject',
        { file: POLICYD_SPF_CONF, seen: conf.testOnly ? `Mail_From_reject = ${conf.mailFromReject}` : 'TestOnly = 0' },
        ev,
      );
    }
    return pass('auth.spf.policyOk', {}, ev);
  },
});

export const spfRejected = defineCheck({
  kind: 'spf.rejected',
  params: z.object({}).strict(),
  async run(ctx) {
    // a real server: the check sends the spoofed mail itself
    if (ctx.remote) return spfRejectedOnServer(ctx);
    // SPF judges the envelope sender only: a spoof that forges just the From: header
    // (as lesson 10 does for DMARC) says nothing about this step
    const d = ctx.vars.domain;
    const envelopeMine = (e: SandboxEvent) => {
      const m = domainOf(String(e.mailFrom ?? ''));
      return m === d || m.endsWith('.' + d);
    };
    const attempts = spoofAttempts(ctx);
    const last = attempts.filter(envelopeMine).at(-1) ?? attempts.at(-1);
    const port = ctx.probe.ports.outside;
    if (!last) return fail('auth.spoof.none', { domain: ctx.vars.domain, port });
    const client = String((last.client as { addr?: unknown } | undefined)?.addr ?? '?');
    if (last.type === 'authres.skip') return fail('auth.spoof.trusted', { client });
    if (last.type === 'authres.error') return fail('auth.spf.serviceMissing', { file: MASTER_CF });
    const spf = last.spf as { result: string; via: string; record?: string; action?: string } | undefined;
    const ev = [
      `${client} ${String(last.mailFrom)}: spf=${spf?.result ?? 'none'} (${spf?.via ?? ''})${last.reply ? ` → ${String(last.reply)}` : ''}`,
    ];
    if (spf?.via === 'policyd-spf' && spf.action === 'reject')
      return pass('auth.spf.rejectedOk', { client, reply: String(last.reply ?? '') }, ev);
    if (!spf || spf.result !== 'fail')
      return fail('auth.spf.spoofNotFail', { client, seen: spf?.result ?? 'none', record: spf?.record ?? '' }, ev);
    if (spf.via !== 'policyd-spf') {
      const { findPolicyRestriction, findPolicydService } = await loadConfigApi();
      const cf = readMainCf(ctx);
      const wiredNow = 'entries' in cf && findPolicyRestriction(cf) && findPolicydService(ctx.ws.readText(MASTER_CF))?.spawnsPolicyd;
      return fail(wiredNow ? 'auth.spf.resend' : 'auth.spf.notEnforced', { client, file: MAIN_CF }, ev);
    }
    return fail('auth.spf.notRejected', { client, file: POLICYD_SPF_CONF }, ev);
  },
});
