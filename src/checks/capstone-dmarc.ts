// The capstone's dmarc/strict fault (lesson 19): the server's notices come from a subdomain
// (avisos@mail.DOMAIN), signed with d=DOMAIN (SubDomains yes), and _dmarc says adkim=s;
// aspf=s. This is DMARC as a receiver of such a notice evaluates it: the DKIM d= and the SPF
// domain that pass, each aligned with the From domain or not, as Authentication-Results says.
import { getCheck } from './registry.js';
import { pass, fail, type CheckContext, type Verdict } from './types.js';
import { resolverFor } from './auth-common.js';
import { servedDmarc } from './auth-dmarc.js';
import { loadConfigApi, OPENDKIM_CONF } from '../sandbox/api.js';
import { noticeSender } from './capstone-plan.js';
import { rethrowBug } from '../util/errors.js';

/** Strict: the same name; relaxed: both in the learner's domain (its _dmarc is the one that applies). */
export function aligned(id: string, from: string, mode: 'r' | 's', org: string): boolean {
  if (mode === 's') return id === from;
  const inOrg = (d: string) => d === org || d.endsWith('.' + org);
  return inOrg(id) && inOrg(from);
}

/** opendkim.conf has SubDomains yes: mail of mail.DOMAIN is signed, so it must pass DMARC too. */
export async function signsSubdomains(ctx: CheckContext): Promise<boolean> {
  const text = ctx.ws.readText(OPENDKIM_CONF);
  if (text === undefined) return false;
  const api = await loadConfigApi();
  return api.signerSettings(api.parseOpenDkimConf(text)).subDomains;
}

export async function noticeAligned(ctx: CheckContext): Promise<Verdict> {
  const domain = ctx.vars.domain.toLowerCase();
  const sender = noticeSender(domain);
  const from = sender.split('@')[1];
  const served = await servedDmarc(ctx, domain);
  if ('verdict' in served) return served.verdict;
  const { rec, name, file } = served;
  const api = await loadConfigApi();

  // DKIM: the d= OpenDKIM would sign the notice with, and whether its key is published
  const text = ctx.ws.readText(OPENDKIM_CONF) ?? '';
  const settings = api.signerSettings(api.parseOpenDkimConf(text));
  const d = api.signingDomain(from, settings);
  let dkim = 'dkim=none';
  let dkimPass = false;
  if (d) {
    const def = getCheck('dkim.published')!;
    dkimPass = (await def.run(ctx, def.params.parse({ domain: d }))).status === 'pass';
    dkim = `dkim=${dkimPass ? 'pass' : 'fail'} header.d=${d}`;
  }

  // SPF: the envelope is the notice's sender too, leaving from mail.DOMAIN's address
  const resolver = await resolverFor(ctx);
  let ip: string | undefined;
  try {
    ip = ((await resolver(ctx.vars.hostname, 'A')) as string[])[0];
  } catch (e) {
    rethrowBug(e);
  }
  const spf = ip ? (await api.checkSpf({ ip, sender, helo: ctx.vars.hostname, resolver, mta: ctx.vars.hostname })).result : 'none';

  const dkimAligned = dkimPass && aligned(d!, from, rec.adkim, domain);
  const spfAligned = spf === 'pass' && aligned(from, from, rec.aspf, domain);
  const seen = `${dkim} (adkim=${rec.adkim}); spf=${spf} smtp.mailfrom=${from} (aspf=${rec.aspf})`;
  const ev = [`${name} TXT "${rec.record}"`, `From: ${sender}: ${seen}`];
  if (dkimAligned || spfAligned) return pass('capstone.fixedOk.dmarcAligned', {}, [...ev, `dmarc=pass header.from=${from}`]);
  return fail('capstone.dmarcUnaligned', { from: sender, seen, name, record: rec.record, file, domain }, [
    ...ev,
    `dmarc=fail header.from=${from}`,
  ]);
}
