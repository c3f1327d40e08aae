// DMARC check kinds: the published record, a spoofed mail handled as the policy says, and
// the aggregate report read.
import { z } from 'zod';
import { defineCheck } from './registry.js';
import { pass, fail, type CheckContext, type Verdict } from './types.js';
import { spoofAttempts, txtRows, zoneFor, zoneTxt, short, digCommand } from './auth-common.js';
import { loadConfigApi, POLICIES, type DmarcRecord, type Policy } from '../sandbox/api.js';
import { normalizeAnswer } from './quiz.js';
import { MASTER_CF } from '../postfix/defaults.js';

const policy = z.enum(POLICIES as [Policy, ...Policy[]]);

type Served = { rec: DmarcRecord; name: string; file: string } | { verdict: Verdict };

/** RFC 9989's tags have their messages in the dmarcbis area; RFC 7489's in auth */
const NEW_CODES = new Set(['badNpPolicy', 'badTestMode', 'badPsd']);
const badKey = (code: string) => (NEW_CODES.has(code) ? `dmarcbis.bad.${code}` : `auth.dmarc.bad.${code}`);
const ONE_LOWER: Record<string, string> = { reject: 'quarantine', quarantine: 'none', none: 'none' };

export async function servedDmarc(ctx: CheckContext, domain: string): Promise<Served> {
  const name = `_dmarc.${domain}`;
  const zs = await zoneFor(ctx, name);
  if (zs.broken) return { verdict: zs.broken };
  const got = await txtRows(ctx, name);
  if ('verdict' in got) return got;
  const ev = got.rows.map((r) => `${name} TXT "${short(r)}"`);
  const { isDmarcRecord, parseDmarc } = await loadConfigApi();
  const recs = got.rows.filter(isDmarcRecord);
  if (recs.length > 1) return { verdict: fail('auth.dmarc.multiple', { name, count: recs.length, file: zs.file }, ev) };
  if (!recs.length) {
    if (got.rows.length) {
      const r = parseDmarc(got.rows[0]);
      const code = r.issues.find((i) => i.severity === 'error')?.code ?? 'notDmarc';
      return { verdict: fail(badKey(code), { name, record: short(got.rows[0]), tag: '', value: '', file: zs.file }, ev) };
    }
    const onDisk = [...zoneTxt(zs.zone)].find(([, rows]) => rows.some(isDmarcRecord));
    if (onDisk)
      return {
        verdict: fail('auth.dmarc.wrongName', { name, seen: onDisk[0], file: zs.file }, [`${onDisk[0]} TXT "${short(onDisk[1][0])}"`]),
      };
    return { verdict: fail('auth.dmarc.missing', { name, file: zs.file, command: digCommand(ctx, name, 'TXT') }, ev) };
  }
  return { rec: parseDmarc(recs[0]), name, file: zs.file };
}

export const dmarcRecord = defineCheck({
  kind: 'dmarc.record',
  params: z
    .object({
      domain: z.string().default('{{domain}}'),
      /** the policies the step accepts */
      policy: z.array(policy).min(1).optional(),
      /** a rua= with a mailbox of the learner's domain, so the report can be read */
      rua: z.boolean().default(false),
    })
    .strict(),
  async run(ctx, p) {
    const s = await servedDmarc(ctx, p.domain);
    if ('verdict' in s) return s.verdict;
    const { rec, name, file } = s;
    const ev = [`${name} TXT "${rec.record}"`];
    const err = rec.issues.find((i) => i.severity === 'error');
    if (err) return fail(badKey(err.code), { name, record: short(rec.record), tag: err.tag ?? '', value: err.value ?? '', file }, ev);
    const wanted = p.policy;
    if (wanted && !wanted.includes(rec.p!)) {
      // RFC 9989: no p= but a rua= reads as p=none
      if (rec.issues.some((i) => i.code === 'noPolicy'))
        return fail('dmarcbis.noPolicyNone', { name, wanted: wanted.join(' / '), file }, ev);
      return fail('auth.dmarc.policyWeak', { name, seen: rec.p!, wanted: wanted.join(' / '), file }, ev);
    }
    // t=y: receivers apply one level less, which a step that asks for a policy that acts does not want
    if (wanted && rec.tags.t?.toLowerCase() === 'y' && !wanted.includes(ONE_LOWER[rec.p!] as Policy))
      return fail('dmarcbis.recordTesting', { name, policy: rec.p!, applied: ONE_LOWER[rec.p!], file }, ev);
    if (p.rua) {
      if (!rec.rua.length) return fail('auth.dmarc.noRua', { name, file, wanted: `rua=mailto:postmaster@${p.domain}` }, ev);
      const local = rec.rua.find((u) => u.address && (u.address.endsWith('@' + p.domain) || u.address.endsWith('.' + p.domain)));
      if (!local) return fail('auth.dmarc.ruaOutside', { name, seen: rec.rua.map((u) => u.uri).join(', '), domain: p.domain, file }, ev);
    }
    // pct=, rf=, ri=: a record of RFC 7489 still passes, with a note that RFC 9989 removed them
    const removed = [...new Set(rec.issues.filter((i) => i.code === 'removedTag').map((i) => `${i.tag}=`))];
    if (removed.length) return pass('dmarcbis.recordOkRemoved', { name, policy: rec.p!, tags: removed.join(', '), file }, ev);
    return pass('auth.dmarc.recordOk', { name, policy: rec.p!, record: short(rec.record) }, ev);
  },
});

export const dmarcSpoof = defineCheck({
  kind: 'dmarc.spoof',
  params: z.object({ expect: z.array(policy).min(1) }).strict(),
  async run(ctx, p) {
    const attempts = spoofAttempts(ctx);
    const last = attempts[attempts.length - 1];
    const port = ctx.probe.ports.outside;
    if (!last) return fail('auth.spoof.none', { domain: ctx.vars.domain, port });
    const client = String((last.client as { addr?: unknown } | undefined)?.addr ?? '?');
    if (last.type === 'authres.skip') return fail('auth.spoof.trusted', { client });
    if (last.type === 'authres.error') return fail('auth.spf.serviceMissing', { file: MASTER_CF });
    const d = last.dmarc as
      | {
          result: string;
          disposition: string;
          p?: string;
          testMode?: boolean;
          record?: string;
          reason: string;
          spfAligned?: boolean;
          dkimAligned?: boolean;
          spfDomain?: string;
          dkimDomain?: string;
        }
      | undefined;
    const action = String(last.action);
    const ev = [
      `${client} From: ${String(last.headerFrom)}: dmarc=${d?.result ?? 'none'} → ${action}${last.reply ? ` (${String(last.reply)})` : ''}`,
    ];
    const wanted = p.expect.join(' / ');
    // refused by policyd-spf before DMARC could look at it: the step is about DMARC
    if (action === 'reject' && (last.spf as { via?: string } | undefined)?.via === 'policyd-spf' && !d) {
      return fail('auth.dmarc.spfFirst', { client, domain: ctx.vars.domain, port }, ev);
    }
    if (!d || d.result === 'none') return fail('auth.dmarc.noPolicy', { client, domain: ctx.vars.domain }, ev);
    if (d.result === 'pass') {
      // what aligned, as Authentication-Results names it (no English words to carry into es/ca)
      const by =
        [d.dkimAligned ? `DKIM d=${d.dkimDomain ?? '?'}` : '', d.spfAligned ? `SPF ${d.spfDomain ?? '?'}` : '']
          .filter(Boolean)
          .join(', ') || 'dmarc=pass';
      return fail('auth.dmarc.spoofPassed', { client, by, from: String(last.headerFrom ?? '') }, ev);
    }
    if ((p.expect as string[]).includes(action)) return pass('auth.dmarc.spoofOk', { client, action }, ev);
    if (d.testMode && d.p !== 'none') return fail('dmarcbis.testMode', { client, action, wanted }, ev);
    if (d.p === 'none' || action === 'none') return fail('auth.dmarc.policyNone', { client, record: d.record ?? '', wanted }, ev);
    return fail('auth.dmarc.otherAction', { client, action, wanted, record: d.record ?? '' }, ev);
  },
});

/** source_ip of each <record> whose DMARC evaluation failed (dkim and spf both fail). */
export function failingSources(xml: string): string[] {
  const out: string[] = [];
  for (const rec of xml.split('<record>').slice(1)) {
    const ip = /<source_ip>([^<]+)<\/source_ip>/.exec(rec)?.[1];
    const pe = /<policy_evaluated>([\s\S]*?)<\/policy_evaluated>/.exec(rec)?.[1] ?? '';
    const dk = /<dkim>([^<]+)<\/dkim>/.exec(pe)?.[1];
    const sp = /<spf>([^<]+)<\/spf>/.exec(pe)?.[1];
    if (ip && dk === 'fail' && sp === 'fail') out.push(ip);
  }
  return [...new Set(out)];
}

export const dmarcReport = defineCheck({
  kind: 'dmarc.report',
  params: z.object({}).strict(),
  answered: 'text',
  async run(ctx) {
    const r = (await loadConfigApi()).latestReport(ctx.ws);
    if (!r) return fail('auth.report.none', { domain: ctx.vars.domain });
    const bad = failingSources(r.xml);
    if (!bad.length) return fail('auth.report.noFailures', { file: r.file, port: ctx.probe.ports.outside });
    const given = [ctx.answer ?? ''].flat().join(' ').trim();
    if (!given) return fail('auth.report.unanswered', { file: r.file });
    if (bad.some((ip) => normalizeAnswer(ip) === normalizeAnswer(given)))
      return pass('auth.report.readOk', { ip: given, file: r.file }, [`${r.file}: <source_ip>${given}</source_ip>`]);
    return fail('auth.report.wrongAnswer', { given, file: r.file });
  },
});
