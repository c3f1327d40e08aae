// Check kinds of the DANE lesson: the TLSA records at _25._tcp.mail.<domain> weighed
// against the certificate the sandbox really serves on STARTTLS (and, in a rollover,
// against the next key), and the SMTP client's DANE settings in main.cf.
import { createHash, createPublicKey, type X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineCheck } from './registry.js';
import { pass, fail, type CheckContext, type Verdict } from './types.js';
import { readMainCf, MAIN_CF } from './postfix.js';
import { param, type MainCf } from '../postfix/main-cf.js';
import { formatTlsa, judgeTlsaSet, tlsaName, tlsaNameDiff, type KeyDigests, type Tlsa } from '../postfix/dane.js';
import { loadConfigApi } from '../sandbox/api.js';
import { NOT_CHECKED_PREFIX } from './remote-modes.js';
import { digCommand, dnsServer, zoneFor } from './auth-common.js';
import { withProbe } from './probe.js';
import { startTls } from './tls.js';
import { portOf, probeFailure, refusedReload } from './live.js';
import { rethrowBug } from '../util/errors.js';

const LIVE_TIMEOUT_MS = 1500;
const CERT = 'etc/ssl/certs/cert.crt';

function digests(der: Buffer): [string, string, string] {
  return [der.toString('hex'), createHash('sha256').update(der).digest('hex'), createHash('sha512').update(der).digest('hex')];
}

export function certDigests(cert: X509Certificate): KeyDigests {
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return { cert: digests(cert.raw), spki: digests(spki) };
}

/** The recompute command for a key file (private) or the served certificate. */
function hashCommand(keyPath?: string): string {
  return keyPath
    ? `openssl pkey -in ${keyPath} -pubout -outform DER | openssl dgst -sha256`
    : `openssl x509 -in ${CERT} -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256`;
}

const short = (r: Tlsa) => {
  const s = formatTlsa(r);
  return s.length > 40 ? `${s.slice(0, 38)}…` : s;
};

type Records = { records: Tlsa[] } | { verdict: Verdict };

/** The TLSA records the sandbox's DNS serves at a name; NXDOMAIN and NODATA are none. */
async function servedTlsa(ctx: CheckContext, name: string): Promise<Records> {
  const { makeResolver } = await loadConfigApi();
  const dig = digCommand(ctx, name, 'TLSA');
  try {
    const d = dnsServer(ctx);
    const got = (await makeResolver(d.host, d.port, { timeoutMs: LIVE_TIMEOUT_MS })(name, 'TLSA')) as {
      certUsage: number;
      selector: number;
      match: number;
      data: Buffer;
    }[];
    return { records: got.map((r) => ({ usage: r.certUsage, selector: r.selector, matchingType: r.match, data: r.data.toString('hex') })) };
  } catch (e) {
    rethrowBug(e);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { records: [] };
    if (code === 'EREFUSED') return { verdict: fail('dns.refused', { name }, [`${dig}: REFUSED`]) };
    return { verdict: fail('dns.sandboxDown', { port: ctx.probe.ports.dns }, [`${dig}: ${code ?? 'error'}`]) };
  }
}

type Served = { cert: X509Certificate } | { verdict: Verdict };

/** The certificate the sandbox presents after STARTTLS, as a sending server would see it. */
async function servedCert(ctx: CheckContext, port: number): Promise<Served> {
  let transcript: string[] = [];
  try {
    return await withProbe(ctx.probe.host, port, async (probe): Promise<Served> => {
      transcript = probe.transcript;
      const s = await startTls(probe);
      if (s.refused) return { verdict: fail('tls.starttlsRefused', { port, reply: s.refused }, probe.transcript.slice()) };
      if (!s.after || !probe.tls?.cert) {
        const refused = refusedReload(ctx);
        if (refused) return { verdict: fail('tls.reloadRefused', { issue: refused }, probe.transcript.slice()) };
        return { verdict: fail('tls.starttlsNotOffered', { port }, probe.transcript.slice()) };
      }
      return { cert: probe.tls.cert };
    });
  } catch (e) {
    rethrowBug(e);
    return { verdict: probeFailure(e, port, transcript) };
  }
}

/** The public key of a private key file of the workspace, for the next key of a rollover. */
function nextKey(ctx: CheckContext, path: string): KeyDigests | undefined {
  const file = ctx.ws.resolve(path);
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (e) {
    rethrowBug(e);
    return undefined;
  }
  try {
    return { spki: digests(createPublicKey(pem).export({ type: 'spki', format: 'der' })) };
  } catch (e) {
    rethrowBug(e);
    return undefined;
  }
}

export const daneTlsa = defineCheck({
  kind: 'dane.tlsa',
  params: z
    .object({
      host: z.string().min(1).default('mail.{{domain}}'),
      /** the port a sending server connects to: 25, whatever port the sandbox listens on */
      port: z.number().int().default(25),
      listener: z.enum(['smtp', 'outside']).default('smtp'),
      /** a rollover: the next key (a private key file), whose record must be published too */
      next: z.string().min(1).optional(),
    })
    .strict(),
  async run(ctx, p) {
    // a rollover compares with the next key, a file on the server
    if (ctx.remote && p.next) return fail(`${NOT_CHECKED_PREFIX}ssh`, {});
    const name = tlsaName(p.host, p.port);
    const zs = await zoneFor(ctx, name);
    if (zs.broken) return zs.broken;
    const file = zs.file;
    let next: KeyDigests | undefined;
    if (p.next) {
      next = nextKey(ctx, p.next);
      const shown = ctx.ws.display(p.next);
      if (!next) return fail('dane.nextKeyMissing', { path: shown, command: `openssl genrsa -out ${shown} 4096` });
    }
    const got = await servedTlsa(ctx, name);
    if ('verdict' in got) return got.verdict;
    const dig = digCommand(ctx, name, 'TLSA');
    if (!got.records.length) {
      const elsewhere = (zs.zone?.records ?? []).find((r) => r.data.type === 'TLSA');
      if (elsewhere) {
        const diff = tlsaNameDiff(elsewhere.name, name) ?? 'host';
        return fail(`dane.wrongName.${diff}`, { name: elsewhere.name, wanted: name, file, line: elsewhere.line }, [
          `${file}:${elsewhere.line}: ${elsewhere.name} TLSA`,
        ]);
      }
      return fail('dane.missing', { name, file, command: hashCommand() }, [`${dig}: (0)`]);
    }
    const port = portOf(ctx, p.listener);
    const served = await servedCert(ctx, port);
    if ('verdict' in served) return served.verdict;
    const cur = certDigests(served.cert);
    const ev = [...got.records.map((r) => `${name} TLSA ${short(r)}`), `STARTTLS ${port} → 3 1 1 ${cur.spki[1]}`];
    if (next) ev.push(`${ctx.ws.display(p.next!)} → 3 1 1 ${next.spki[1]}`);
    const v = judgeTlsaSet(got.records, cur, next);
    if (v.ok) return pass(next ? 'dane.rolloverOk' : 'dane.tlsaOk', { name, record: short(v.current), count: got.records.length }, ev);
    switch (v.reason) {
      case 'none':
        return fail('dane.missing', { name, file, command: hashCommand() }, ev);
      case 'currentMissing':
        return fail('dane.currentMissing', { name, file, command: hashCommand() }, ev);
      case 'nextMissing':
        return fail('dane.nextMissing', { name, file, path: ctx.ws.display(p.next!), command: hashCommand(ctx.ws.display(p.next!)) }, ev);
      case 'record': {
        const keyPath = next && got.records.some((r) => r !== v.record && judgeTlsaSet([r], cur).ok) ? ctx.ws.display(p.next!) : undefined;
        const params = {
          name,
          file,
          record: short(v.record),
          command: hashCommand(keyPath),
          port,
          usage: v.record.usage,
          selector: v.record.selector,
          matchingType: v.record.matchingType,
          bytes: v.record.data.length / 2,
        };
        return fail(`dane.record.${v.verdict}`, params, ev);
      }
    }
  },
});

const DNS_LEVEL = 'smtp_dns_support_level';
const TLS_LEVEL = 'smtp_tls_security_level';

function evLine(cf: MainCf, name: string): string {
  const e = cf.entries.get(name);
  return e ? `${MAIN_CF}:${e.line}: ${name} = ${e.value}` : `${name} = ${param(cf, name)} (default)`;
}

export const daneClient = defineCheck({
  kind: 'dane.client',
  params: z.object({}).strict(),
  async run(ctx) {
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    const ev = [evLine(cf, DNS_LEVEL), evLine(cf, TLS_LEVEL)];
    const dns = param(cf, DNS_LEVEL).trim();
    const tls = param(cf, TLS_LEVEL).trim();
    if (tls === 'dane-only') return fail('dane.daneOnly', { file: MAIN_CF }, ev);
    if (tls !== 'dane') return fail('dane.securityLevel', { file: MAIN_CF, seen: tls || '""' }, ev);
    if (dns !== 'dnssec') return fail('dane.dnsLevel', { file: MAIN_CF, seen: dns || '""' }, ev);
    return pass('dane.clientOk', { file: MAIN_CF }, ev);
  },
});
