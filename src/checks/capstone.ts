// The capstone (lesson 19): the server broken by `mailsec capstone break`, then each fault
// found and fixed. A fault is fixed when the checks of the lesson that taught that part pass
// again (lessons 02, 04, 08, 09, 10), with this workspace's paths and domain.
import { z } from 'zod';
import { defineCheck, getCheck } from './registry.js';
import { pass, fail } from './types.js';
import type { CheckContext, Verdict } from './types.js';
import { AREAS, planFor, type Area } from './capstone-plan.js';
import { noticeAligned, signsSubdomains } from './capstone-dmarc.js';
import { CAPSTONE_RECORD, type CapstoneRecord } from './capstone-record.js';
import { readWsText } from './ws-file.js';

function readRecord(ctx: CheckContext): CapstoneRecord | Verdict {
  const text = readWsText(ctx, CAPSTONE_RECORD);
  if (text === undefined) return fail('capstone.notBroken', { file: CAPSTONE_RECORD });
  let r: CapstoneRecord;
  try {
    r = JSON.parse(text) as CapstoneRecord;
  } catch {
    return fail('capstone.recordCorrupt', { file: CAPSTONE_RECORD });
  }
  if (!r || typeof r.domain !== 'string' || !Array.isArray(r.areas)) return fail('capstone.recordCorrupt', { file: CAPSTONE_RECORD });
  if (r.domain !== ctx.vars.domain) return fail('capstone.otherDomain', { file: CAPSTONE_RECORD, seen: r.domain, domain: ctx.vars.domain });
  return r;
}

export const capstoneBroken = defineCheck({
  kind: 'capstone.broken',
  params: z.object({}).strict(),
  async run(ctx) {
    const r = readRecord(ctx);
    if (!('areas' in r)) return r;
    return pass('capstone.brokenOk', { n: r.areas.length }, [`${CAPSTONE_RECORD}: ${r.brokenAt}`]);
  },
});

/** The checks that say an area works, in the order a learner meets the symptom: the live one first. */
function checksOf(area: Area, domain: string): [string, Record<string, unknown>][] {
  const cert = '/etc/ssl/certs/cert.crt';
  switch (area) {
    case 'relay':
      return [
        ['smtp.relay', { listener: 'outside', rcpt: 'victima@example.com', expect: 'denied' }],
        ['smtp.relay-config', {}],
      ];
    case 'tls':
      return [
        ['tls.starttls', { cert }],
        ['tls.config', { cert, key: '/etc/ssl/private/cert.key', level: 'may', loglevel: 1, receivedHeader: true }],
      ];
    case 'dkim':
      return [['dkim.published', { domain }]];
    case 'spf':
      return [
        ['spf.record', { domain }],
        ['spf.eval', { host: `mail.${domain}`, sender: `alumno@${domain}`, expect: 'pass' }],
      ];
    case 'dmarc':
      return [['dmarc.record', { domain, policy: ['quarantine', 'reject'], rua: true }]];
  }
}

export const capstoneFixed = defineCheck({
  kind: 'capstone.fixed',
  params: z.object({ area: z.enum(AREAS) }).strict(),
  async run(ctx, p) {
    const r = readRecord(ctx);
    if (!('areas' in r)) return r;
    const evidence: string[] = [];
    for (const [kind, params] of checksOf(p.area, ctx.vars.domain)) {
      const def = getCheck(kind)!;
      const v = await def.run(ctx, def.params.parse(params));
      if (v.status !== 'pass') return v;
      evidence.push(...v.evidence);
    }
    // a record that protects may still leave out the server's own notices (dmarc/strict); a
    // server that signs its subdomains' mail has such notices whatever fault it got
    if (p.area === 'dmarc' && (planFor(ctx.vars.domain).some((f) => f.variant === 'strict') || (await signsSubdomains(ctx)))) {
      const v = await noticeAligned(ctx);
      if (v.status !== 'pass') return v;
      return pass('capstone.fixedOk.dmarcAligned', {}, [...evidence, ...v.evidence]);
    }
    return pass(`capstone.fixedOk.${p.area}`, {}, evidence);
  },
});
