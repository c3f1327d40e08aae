// Check kinds of lesson 16: the MTA-STS policy file, its TXT records and the TLS-RPT one,
// the policy as the sandbox's web server serves it, and the move from testing to enforce.
import { z } from 'zod';
import { connect, type PeerCertificate, type TLSSocket } from 'node:tls';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import type { CheckContext, Verdict } from './types.js';
import { readWsText } from './ws-file.js';
import { resolverFor, txtRows, zoneFor, digCommand } from './auth-common.js';
import { eventsOf } from '../sandbox/api.js';
import { rethrowBug } from '../util/errors.js';
import {
  CHECK_AGENT,
  POLICY_FILE,
  POLICY_PATH,
  MAX_AGE_LIMIT,
  parsePolicy,
  stsRecord,
  tlsRptRecord,
  uncoveredMx,
  type PolicyProblem,
  type StsPolicy,
} from '../postfix/mta-sts.js';

const LIVE_TIMEOUT_MS = 3000;

/** The first problem of a policy, in the learner's words. */
function problemVerdict(file: string, p: PolicyProblem): Verdict {
  const params: Record<string, string | number> = { file, max: MAX_AGE_LIMIT };
  for (const [k, v] of Object.entries(p)) if (k !== 'code') params[k] = v as string | number;
  return fail(`mtasts.p.${p.code}`, params, 'line' in p ? [`${file}:${p.line}`] : []);
}

/** The domain's MX hosts, through the sandbox's DNS. */
async function mxHosts(ctx: CheckContext): Promise<{ hosts: string[] } | { verdict: Verdict }> {
  const domain = ctx.vars.domain;
  try {
    const mx: { exchange: string }[] = await (await resolverFor(ctx))(domain, 'MX');
    return { hosts: mx.map((m) => m.exchange.replace(/\.$/, '').toLowerCase()) };
  } catch (e) {
    rethrowBug(e);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { hosts: [] };
    return { verdict: fail('dns.sandboxDown', { port: ctx.probe.ports.dns }, [`${digCommand(ctx, domain, 'MX')}: ${code ?? 'error'}`]) };
  }
}

/** A policy text judged whole: syntax, a mode that does something, mx patterns covering the MX. */
async function judgePolicy(ctx: CheckContext, text: string, file: string): Promise<{ policy: StsPolicy } | { verdict: Verdict }> {
  const policy = parsePolicy(text);
  if (policy.problems.length) return { verdict: problemVerdict(file, policy.problems[0]) };
  if (policy.mode === 'none') return { verdict: fail('mtasts.modeNone', { file }) };
  const mx = await mxHosts(ctx);
  if ('verdict' in mx) return mx;
  const missing = uncoveredMx(policy, mx.hosts);
  if (missing.length)
    return {
      verdict: fail('mtasts.mxUncovered', { file, mx: missing.join(', '), patterns: policy.mx.join(', ') }, [
        `MX ${ctx.vars.domain}: ${mx.hosts.join(', ')}`,
      ]),
    };
  return { policy };
}

export const mtaStsPolicy = defineCheck({
  kind: 'mta-sts.policy',
  params: z.object({}).strict(),
  async run(ctx) {
    // a real server's policy file is on the server: judged as its web server serves it
    if (ctx.remote) return mtaStsServed.run(ctx);
    const text = readWsText(ctx, POLICY_FILE);
    if (text === undefined) return fail('mtasts.policyMissing', { file: POLICY_FILE });
    const j = await judgePolicy(ctx, text, POLICY_FILE);
    if ('verdict' in j) return j.verdict;
    const p = j.policy;
    return pass('mtasts.policyOk', { mode: p.mode!, mx: p.mx.join(', '), maxAge: p.maxAge! }, text.trim().split('\n'));
  },
});

/** The `_mta-sts` id the DNS gives now, or a verdict saying what is wrong with the record. */
async function stsIdNow(ctx: CheckContext): Promise<{ id: string; record: string } | { verdict: Verdict }> {
  const name = `_mta-sts.${ctx.vars.domain}`;
  const rows = await txtRows(ctx, name);
  if ('verdict' in rows) return rows;
  const r = stsRecord(rows.rows);
  if (r.ok) return { id: r.value.id, record: r.record };
  const key = r.problem === 'none' ? 'mtasts.stsNone' : r.problem === 'several' ? 'mtasts.stsSeveral' : 'mtasts.stsBad';
  return { verdict: fail(key, { name, record: r.record ?? '' }, [digCommand(ctx, name, 'TXT')]) };
}

export const mtaStsRecords = defineCheck({
  kind: 'mta-sts.records',
  params: z.object({}).strict(),
  async run(ctx) {
    const domain = ctx.vars.domain;
    const z0 = await zoneFor(ctx, domain);
    if (z0.broken) return z0.broken;
    const sts = await stsIdNow(ctx);
    if ('verdict' in sts) return sts.verdict;
    const rptName = `_smtp._tls.${domain}`;
    const rows = await txtRows(ctx, rptName);
    if ('verdict' in rows) return rows.verdict;
    const rpt = tlsRptRecord(rows.rows);
    if (!rpt.ok) {
      const key = rpt.problem === 'none' ? 'mtasts.rptNone' : rpt.problem === 'several' ? 'mtasts.rptSeveral' : 'mtasts.rptBad';
      return fail(key, { name: rptName, record: rpt.record ?? '' }, [digCommand(ctx, rptName, 'TXT')]);
    }
    const host = `mta-sts.${domain}`;
    try {
      await (
        await resolverFor(ctx)
      )(host, 'A');
    } catch (e) {
      rethrowBug(e);
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA')
        return fail('mtasts.hostMissing', { host }, [`${digCommand(ctx, host, 'A')}: ${code}`]);
      return fail('dns.sandboxDown', { port: ctx.probe.ports.dns });
    }
    return pass('mtasts.recordsOk', { id: sts.id, rua: rpt.value.rua.join(', ') }, [sts.record, rpt.record]);
  },
});

type Fetched = { cert: PeerCertificate; status: number; body: string } | { verdict: Verdict };

/** Opens TLS to the sandbox's web server as mta-sts.<domain> and asks for the policy. */
function fetchPolicy(ctx: CheckContext, host: string): Promise<Fetched> {
  const port = ctx.probe.ports.https;
  return new Promise((resolve) => {
    let done = false;
    let sock: TLSSocket | undefined;
    const finish = (r: Fetched) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock?.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ verdict: fail('mtasts.httpsDown', { port }) }), LIVE_TIMEOUT_MS);
    let cert: PeerCertificate | undefined;
    let data = '';
    sock = connect({ host: ctx.probe.host, port, servername: host, rejectUnauthorized: false }, () => {
      cert = sock!.getPeerCertificate();
      sock!.write(`GET ${POLICY_PATH} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: ${CHECK_AGENT}\r\nConnection: close\r\n\r\n`);
    });
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      if (data.length < 256 * 1024) data += d;
    });
    sock.on('end', () => {
      const m = /^HTTP\/1\.[01] (\d{3})[^\n]*\r?\n[\s\S]*?\r?\n\r?\n([\s\S]*)$/.exec(data);
      if (!cert || !m) return finish({ verdict: fail('mtasts.noTls', { port }) });
      finish({ cert, status: Number(m[1]), body: m[2] });
    });
    sock.on('error', (e: NodeJS.ErrnoException) => {
      // nothing there to talk to: the web server is down or out of reach (not a TLS problem)
      if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT'].includes(e.code ?? ''))
        return finish({ verdict: fail('mtasts.httpsDown', { port }) });
      finish({ verdict: fail('mtasts.noTls', { port }, [e.message]) });
    });
  });
}

/** The DNS names a certificate is valid for (subjectAltName), and its CN. */
function certNames(cert: PeerCertificate): { dns: string[]; cn: string } {
  const dns = (cert.subjectaltname ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4).toLowerCase());
  const cn = [cert.subject?.CN ?? ''].flat()[0] ?? '';
  return { dns, cn };
}

const nameMatches = (pattern: string, host: string) =>
  pattern === host || (pattern.startsWith('*.') && host.indexOf('.') > 0 && host.slice(host.indexOf('.') + 1) === pattern.slice(2));

export const mtaStsServed = defineCheck({
  kind: 'mta-sts.served',
  params: z.object({}).strict(),
  async run(ctx) {
    const host = `mta-sts.${ctx.vars.domain}`;
    const got = await fetchPolicy(ctx, host);
    if ('verdict' in got) return got.verdict;
    const { dns, cn } = certNames(got.cert);
    const ev = [`subject: CN=${cn}`, `subjectAltName: ${got.cert.subjectaltname ?? '-'}`];
    if (!dns.some((d) => nameMatches(d, host))) {
      if (!dns.length && cn.toLowerCase() === host) return fail('mtasts.certNoSan', { host }, ev);
      return fail('mtasts.certName', { host, names: dns.join(', ') || cn }, ev);
    }
    if (Date.parse(got.cert.valid_to) < Date.now()) return fail('mtasts.certExpired', { host, date: got.cert.valid_to }, ev);
    if (got.status !== 200) return fail('mtasts.notServed', { status: got.status, file: POLICY_FILE, path: POLICY_PATH });
    const j = await judgePolicy(ctx, got.body, ctx.remote ? `https://${host}${POLICY_PATH}` : POLICY_FILE);
    if ('verdict' in j) return j.verdict;
    // a real server's own log says who fetched it: there, serving it right is the step
    if (ctx.remote) return pass('mtasts.servedOk', { host, mode: j.policy.mode! }, [...ev, ...got.body.trim().split('\n')]);
    const mine = eventsOf(ctx.events(), 'https').filter(
      (e) => e.status === 200 && e.agent !== CHECK_AGENT && e.host.toLowerCase() === host,
    );
    if (!mine.length) return fail('mtasts.notFetched', { host, port: ctx.probe.ports.https });
    return pass('mtasts.servedOk', { host, mode: j.policy.mode! }, ev);
  },
});

export const mtaStsEnforce = defineCheck({
  kind: 'mta-sts.enforce',
  params: z.object({}).strict(),
  async run(ctx) {
    const host = `mta-sts.${ctx.vars.domain}`;
    const text = readWsText(ctx, POLICY_FILE);
    if (text === undefined) return fail('mtasts.policyMissing', { file: POLICY_FILE });
    const j = await judgePolicy(ctx, text, POLICY_FILE);
    if ('verdict' in j) return j.verdict;
    if (j.policy.mode !== 'enforce') return fail('mtasts.notEnforce', { file: POLICY_FILE, mode: j.policy.mode! });
    const now = await stsIdNow(ctx);
    if ('verdict' in now) return now.verdict;
    const fetched = eventsOf(ctx.events(), 'https').filter(
      (e) => e.status === 200 && e.agent !== CHECK_AGENT && e.host.toLowerCase() === host,
    );
    const testing = fetched.filter((e) => e.mode === 'testing' && e.stsId).pop();
    if (!testing) return fail('mtasts.noTestingFetch', { host });
    if (testing.stsId === now.id) return fail('mtasts.idUnchanged', { id: now.id, name: `_mta-sts.${ctx.vars.domain}` }, [now.record]);
    if (!fetched.some((e) => e.mode === 'enforce' && e.stsId === now.id)) return fail('mtasts.enforceNotFetched', { host, id: now.id });
    return pass('mtasts.enforceOk', { old: testing.stsId!, id: now.id }, [now.record]);
  },
});
