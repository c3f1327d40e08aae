// Check kinds of the TLS lesson: the key, the certificate, their place, main.cf,
// STARTTLS on the live sandbox, the learner's own TLS session and a mail read in source.
import { z } from 'zod';
import { readFileSync, statSync } from 'node:fs';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import type { CheckContext, Verdict } from './types.js';
import { readMainCf, MAIN_CF } from './postfix.js';
import { param, isYes } from '../postfix/main-cf.js';
import { withProbe, type SmtpProbe } from './probe.js';
import { portOf, probeFailure, refusedReload } from './live.js';
import { learnerSessions, eventsOf, isCheckSession, sessions } from './sessions.js';
import { normalizeAnswer } from './quiz.js';
import { rethrowBug } from '../util/errors.js';
import { NONE } from '../i18n/messages.js';
import { sanVerdict, hardeningParams, hardeningVerdict, hardeningShown } from './tls-hardening.js';

const paths = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => [v].flat());
const octal = z.string().regex(/^[0-7]{3,4}$/);

/** The first of `candidates` that exists in the workspace. */
function firstExisting(ctx: CheckContext, candidates: string[]): string | undefined {
  return candidates.find((p) => {
    try {
      return statSync(ctx.ws.resolve(p)).isFile();
    } catch (e) {
      rethrowBug(e);
      return false;
    }
  });
}

function modeOf(ctx: CheckContext, p: string): string {
  return (statSync(ctx.ws.resolve(p)).mode & 0o777).toString(8).padStart(3, '0');
}

type KeyRead = { key: KeyObject } | { problem: 'encrypted' | 'unreadable'; error: string };

export function readKey(pem: Buffer): KeyRead {
  const text = pem.toString('latin1');
  if (/-----BEGIN (ENCRYPTED PRIVATE KEY|RSA PRIVATE KEY-----[\s\S]*Proc-Type: 4,ENCRYPTED)/.test(text)) {
    return { problem: 'encrypted', error: 'encrypted' };
  }
  try {
    return { key: createPrivateKey(pem) };
  } catch (e) {
    rethrowBug(e);
    return { problem: 'unreadable', error: (e as Error).message };
  }
}

export function readCert(pem: Buffer): { cert: X509Certificate } | { problem: 'request' | 'unreadable'; error: string } {
  if (/-----BEGIN (NEW )?CERTIFICATE REQUEST-----/.test(pem.toString('latin1'))) return { problem: 'request', error: 'CSR' };
  try {
    return { cert: new X509Certificate(pem) };
  } catch (e) {
    rethrowBug(e);
    return { problem: 'unreadable', error: (e as Error).message };
  }
}

export function commonName(cert: X509Certificate): string {
  const cn = cert.subject.split('\n').find((l) => l.startsWith('CN='));
  return cn ? cn.slice(3) : '';
}

const DAY = 86_400_000;
/** the RSA size the lesson's command makes (the tutorial's); the check accepts 2048 and more */
const SUGGESTED_BITS = 4096;

/** The elliptic curves a server key may use, with their size in bits (NIST P-256 and P-384). */
const CURVES: Record<string, number> = { prime256v1: 256, secp384r1: 384 };

/** What the key is, as the checks show it: "RSA 4096 bits", "EC P-256". */
export function keyLabel(key: KeyObject): string {
  const d = key.asymmetricKeyDetails ?? {};
  return key.asymmetricKeyType === 'ec' ? `EC P-${CURVES[d.namedCurve ?? ''] ?? '?'}` : `RSA ${d.modulusLength} bits`;
}

/** What the learner's key file is worth: a verdict about the key alone (RSA of `bits` or more, or EC P-256/P-384). */
function keyVerdict(ctx: CheckContext, shown: string, bits: number, maxMode?: string): Verdict | KeyObject {
  const r = readKey(readFileSync(ctx.ws.resolve(shown)));
  if ('problem' in r) {
    return r.problem === 'encrypted'
      ? fail('tls.keyEncrypted', { path: shown })
      : fail('tls.keyUnreadable', { path: shown, error: r.error });
  }
  const type = r.key.asymmetricKeyType ?? '?';
  const curve = r.key.asymmetricKeyDetails?.namedCurve ?? '';
  if (type === 'ec' && !CURVES[curve]) return fail('tls.keyCurve', { path: shown, seen: curve || NONE }, [`${shown}: EC ${curve}`]);
  if (type !== 'rsa' && type !== 'ec') return fail('tls.keyType', { path: shown, seen: type.toUpperCase(), bits }, [`${shown}: ${type}`]);
  const seen = r.key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (type === 'rsa' && seen < bits) return fail('tls.keyBits', { path: shown, seen, wanted: bits }, [`${shown}: RSA ${seen} bits`]);
  if (maxMode) {
    const mode = modeOf(ctx, shown);
    if (parseInt(mode, 8) & ~parseInt(maxMode, 8))
      return fail('tls.keyModeTooOpen', { path: shown, mode, max: maxMode }, [`${mode} ${shown}`]);
  }
  return r.key;
}

export const tlsKey = defineCheck({
  kind: 'tls.key',
  params: z
    .object({
      /** where the key may be: where it is made, and where it goes later */
      path: paths,
      /** the smallest RSA key accepted (an EC key must be P-256 or P-384) */
      bits: z.number().int().min(512).default(2048),
      /** octal bits the file may have at most */
      maxMode: octal.optional(),
    })
    .strict(),
  async run(ctx, p) {
    const found = firstExisting(ctx, p.path);
    if (!found) return fail('tls.keyMissing', { path: ctx.ws.display(p.path[0]), bits: SUGGESTED_BITS });
    const shown = ctx.ws.display(found);
    const v = keyVerdict(ctx, shown, p.bits, p.maxMode);
    if ('status' in v) return v;
    if (v.asymmetricKeyType === 'ec')
      return pass('tls.keyOkEc', { path: shown, curve: keyLabel(v).replace(/^EC /, '') }, [`${shown}: ${keyLabel(v)}`]);
    return pass('tls.keyOk', { path: shown, bits: v.asymmetricKeyDetails?.modulusLength ?? p.bits }, [`${shown}: ${keyLabel(v)}`]);
  },
});

export interface CertWant {
  cn: string;
  /** the validity the step asks for; a real server's certificate (checked remotely) may have any */
  days?: number;
}

/** Judges a certificate against what the step asks; `now` is a parameter so tests can move the clock. */
export function certVerdict(cert: X509Certificate, shown: string, want: CertWant, now = Date.now()): Verdict | undefined {
  const cn = commonName(cert);
  const from = new Date(cert.validFrom).getTime();
  const to = new Date(cert.validTo).getTime();
  const days = Math.round((to - from) / DAY);
  const ev = [`${shown}: subject ${cert.subject.replace(/\n/g, ', ')}; ${cert.validFrom} → ${cert.validTo} (${days} days)`];
  if (cn.toLowerCase() !== want.cn.toLowerCase()) return fail('tls.certCn', { path: shown, seen: cn || NONE, wanted: want.cn }, ev);
  const san = sanVerdict(cert, shown, want.cn);
  if (san) return san;
  if (now < from) return fail('tls.certNotYetValid', { path: shown, from: cert.validFrom }, ev);
  if (now > to) return fail('tls.certExpired', { path: shown, to: cert.validTo, days: want.days ?? 365 }, ev);
  if (want.days !== undefined && days !== want.days) return fail('tls.certDays', { path: shown, seen: days, wanted: want.days }, ev);
  return undefined;
}

export const tlsCert = defineCheck({
  kind: 'tls.cert',
  params: z
    .object({
      path: paths,
      /** the key it must match (first that exists) */
      keyPath: paths,
      cn: z.string().min(1),
      days: z.number().int().min(1).default(365),
    })
    .strict(),
  async run(ctx, p) {
    const found = firstExisting(ctx, p.path);
    if (!found) return fail('tls.certMissing', { path: ctx.ws.display(p.path[0]), cn: p.cn, days: p.days });
    const shown = ctx.ws.display(found);
    const r = readCert(readFileSync(ctx.ws.resolve(found)));
    if ('problem' in r) {
      return r.problem === 'request'
        ? fail('tls.certIsRequest', { path: shown })
        : fail('tls.certUnreadable', { path: shown, error: r.error });
    }
    const bad = certVerdict(r.cert, shown, p);
    if (bad) return bad;
    const keyFound = firstExisting(ctx, p.keyPath);
    if (!keyFound) return fail('tls.keyMissing', { path: ctx.ws.display(p.keyPath[0]), bits: SUGGESTED_BITS });
    const k = readKey(readFileSync(ctx.ws.resolve(keyFound)));
    const keyShown = ctx.ws.display(keyFound);
    if ('problem' in k) return fail('tls.keyUnreadable', { path: keyShown, error: k.error });
    if (!r.cert.checkPrivateKey(k.key)) return fail('tls.certKeyMismatch', { cert: shown, key: keyShown });
    const cn = commonName(r.cert);
    return pass('tls.certOk', { path: shown, cn, to: r.cert.validTo }, [`${shown}: CN=${cn}, ${r.cert.validFrom} → ${r.cert.validTo}`]);
  },
});

export const tlsInstalled = defineCheck({
  kind: 'tls.installed',
  params: z
    .object({
      key: z.string().min(1),
      cert: z.string().min(1),
      maxMode: octal.default('600'),
      /** copies of the private key that must not stay behind (where it was made) */
      leftover: z.array(z.string().min(1)).default([]),
      bits: z.number().int().min(512).default(2048),
    })
    .strict(),
  async run(ctx, p) {
    const key = ctx.ws.display(p.key);
    const cert = ctx.ws.display(p.cert);
    const from = p.leftover[0] ?? 'cert.key';
    if (!firstExisting(ctx, [p.key])) return fail('tls.keyNotMoved', { path: key, from });
    if (!firstExisting(ctx, [p.cert])) return fail('tls.certNotMoved', { path: cert, from: from.replace(/\.key$/, '.crt') });
    const k = keyVerdict(ctx, key, p.bits, p.maxMode);
    if ('status' in k) return k;
    const r = readCert(readFileSync(ctx.ws.resolve(p.cert)));
    if ('problem' in r)
      return r.problem === 'request'
        ? fail('tls.certIsRequest', { path: cert })
        : fail('tls.certUnreadable', { path: cert, error: r.error });
    if (!r.cert.checkPrivateKey(k)) return fail('tls.certKeyMismatch', { cert, key });
    const left = p.leftover.find((f: string) => firstExisting(ctx, [f]));
    if (left) return fail('tls.keyLeftBehind', { path: ctx.ws.display(left), key }, [ctx.ws.display(left)]);
    return pass('tls.installedOk', { key, cert, mode: modeOf(ctx, key) }, [`${modeOf(ctx, key)} ${key}`, cert]);
  },
});

export const tlsConfig = defineCheck({
  kind: 'tls.config',
  params: z
    .object({
      cert: z.string().min(1),
      key: z.string().min(1),
      level: z.enum(['may', 'encrypt']).default('may'),
      /** smtpd_tls_loglevel at least this */
      loglevel: z.number().int().min(0).max(4).default(1),
      /** smtpd_tls_received_header = yes: the TLS version and cipher in each mail's Received header */
      receivedHeader: z.boolean().default(false),
      ...hardeningParams,
    })
    .strict(),
  async run(ctx, p) {
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    const ev = (name: string) => {
      const e = cf.entries.get(name);
      return e ? [`${MAIN_CF}:${e.line}: ${name} = ${e.value}`] : [`${name} = ${param(cf, name)} (default)`];
    };
    const wrong = (name: string, wanted: string) =>
      fail('tls.configParam', { file: MAIN_CF, name, seen: param(cf, name), wanted }, ev(name));
    for (const [name, wanted] of [
      ['smtpd_tls_cert_file', p.cert],
      ['smtpd_tls_key_file', p.key],
    ] as const) {
      if (param(cf, name).trim() !== wanted) return wrong(name, wanted);
    }
    const level = param(cf, 'smtpd_tls_security_level').trim().toLowerCase();
    if (level !== p.level) {
      if (level === 'encrypt') return fail('tls.levelEncrypt', { file: MAIN_CF, wanted: p.level }, ev('smtpd_tls_security_level'));
      return wrong('smtpd_tls_security_level', p.level);
    }
    const loglevel = Number(param(cf, 'smtpd_tls_loglevel').trim() || '0');
    if (!(loglevel >= p.loglevel)) return wrong('smtpd_tls_loglevel', String(p.loglevel));
    if (p.receivedHeader && !isYes(param(cf, 'smtpd_tls_received_header'))) return wrong('smtpd_tls_received_header', 'yes');
    const hardened = hardeningVerdict(cf, p, ev);
    if (hardened) return hardened;
    // on a real server the files are there, not here: the certificate it serves is judged on the wire (starttls)
    for (const name of ctx.remote ? [] : ['smtpd_tls_cert_file', 'smtpd_tls_key_file']) {
      const file = param(cf, name).trim();
      if (!firstExisting(ctx, [file])) return fail('tls.configFileMissing', { file: MAIN_CF, name, path: file }, ev(name));
    }
    const shown = [
      'smtpd_tls_cert_file',
      'smtpd_tls_key_file',
      'smtpd_tls_security_level',
      'smtpd_tls_loglevel',
      ...(p.receivedHeader ? ['smtpd_tls_received_header'] : []),
      ...hardeningShown(p),
    ];
    return pass('tls.configOk', { file: MAIN_CF }, shown.flatMap(ev));
  },
});

/** EHLO, STARTTLS and the handshake, as a check; shared with the SMTP AUTH checks. */
export async function startTls(p: SmtpProbe): Promise<{ before: Map<string, string>; after?: Map<string, string>; refused?: string }> {
  const banner = await p.read();
  if (banner.code !== 220) return { before: new Map(), refused: banner.raw };
  const { ext: before } = await p.ehlo();
  if (!before.has('STARTTLS')) return { before };
  const r = await p.command('STARTTLS');
  if (r.code !== 220) return { before, refused: r.raw };
  await p.upgrade();
  const { ext: after } = await p.ehlo();
  return { before, after };
}

export const tlsStarttls = defineCheck({
  kind: 'tls.starttls',
  params: z
    .object({
      listener: z.enum(['smtp', 'submission', 'outside']).default('smtp'),
      /** the certificate the server must present (as written in main.cf) */
      cert: z.string().min(1),
    })
    .strict(),
  async run(ctx, p) {
    const port = portOf(ctx, p.listener);
    const shown = ctx.ws.display(p.cert);
    // a real server's certificate file is on the server: there the served certificate is judged on its own
    const mine = ctx.remote ? undefined : ownCert(ctx, p.cert, shown);
    if (mine && 'status' in mine) return mine;
    let transcript: string[] = [];
    try {
      return await withProbe(ctx.probe.host, port, async (probe) => {
        transcript = probe.transcript;
        const s = await startTls(probe);
        if (s.refused) return fail('tls.starttlsRefused', { port, reply: s.refused }, probe.transcript.slice());
        if (!s.after) {
          const refused = refusedReload(ctx);
          if (refused) return fail('tls.reloadRefused', { issue: refused }, probe.transcript.slice());
          return fail('tls.starttlsNotOffered', { port }, probe.transcript.slice());
        }
        const served = probe.tls?.cert;
        const info = `${probe.tls?.protocol} ${probe.tls?.cipher}`;
        if (!mine) return servedVerdict(ctx, served, shown, port, info, probe.transcript.slice());
        if (!served || served.fingerprint256 !== mine.cert.fingerprint256) {
          const seen = served ? `CN=${commonName(served)}, SHA256 ${served.fingerprint256.slice(0, 23)}…` : '(none)';
          return fail('tls.servedOtherCert', { port, path: shown, seen: served ? seen : NONE }, [
            `served: ${seen}`,
            `${shown}: CN=${commonName(mine.cert)}, SHA256 ${mine.cert.fingerprint256.slice(0, 23)}…`,
          ]);
        }
        return pass('tls.starttlsOk', { port, cn: commonName(served), tls: info }, probe.transcript.slice());
      });
    } catch (e) {
      rethrowBug(e);
      return probeFailure(e, port, transcript);
    }
  },
});

/** The certificate file the step names, read from the workspace, or the verdict saying what is wrong with it. */
function ownCert(ctx: CheckContext, path: string, shown: string): Verdict | { cert: X509Certificate } {
  if (!firstExisting(ctx, [path])) return fail('tls.certMissing', { path: shown, cn: `mail.${ctx.vars.domain}`, days: 365 });
  const r = readCert(readFileSync(ctx.ws.resolve(path)));
  return 'problem' in r ? fail('tls.certUnreadable', { path: shown, error: r.error }) : r;
}

/** A real server's certificate as it was served: its name, its dates and its key, with the dialogue before it. */
function servedVerdict(
  ctx: CheckContext,
  served: X509Certificate | undefined,
  shown: string,
  port: number,
  info: string,
  t: string[],
): Verdict {
  if (!served) return fail('tls.servedOtherCert', { port, path: shown, seen: NONE }, t);
  const bad = certVerdict(served, shown, { cn: ctx.vars.hostname });
  if (bad) return { ...bad, evidence: [...t, ...bad.evidence] };
  const key = served.publicKey;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  const line = `served: CN=${commonName(served)}, ${keyLabel(key)}, ${served.validFrom} → ${served.validTo}`;
  if (key.asymmetricKeyType === 'rsa' && bits < 2048) return fail('tls.keyBits', { path: shown, seen: bits, wanted: 2048 }, [...t, line]);
  if (key.asymmetricKeyType === 'ec' && !CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''])
    return fail('tls.keyCurve', { path: shown, seen: key.asymmetricKeyDetails?.namedCurve ?? NONE }, [...t, line]);
  return pass('tls.starttlsOk', { port, cn: commonName(served), tls: info }, [...t, line]);
}

export const tlsSession = defineCheck({
  kind: 'tls.session',
  params: z.object({ listener: z.enum(['smtp', 'submission', 'smtps', 'outside']).default('smtp') }).strict(),
  async run(ctx, p) {
    const port = portOf(ctx, p.listener === 'smtps' ? 'smtp' : p.listener);
    const mine = learnerSessions(ctx.events()).filter((s) => !s.listener || s.listener === p.listener);
    if (!mine.length) return fail('tls.noSession', { port });
    const withTls = mine.filter((s) => eventsOf(s, 'tls').length);
    if (!withTls.length) {
      const last = mine[mine.length - 1];
      if (!last.helo) return fail('tls.sessionNoHelo', { port }, [`${last.client ?? '?'}: no EHLO, no STARTTLS`]);
      return fail('tls.sessionPlain', { port, helo: last.helo ?? '?' }, [`${last.client ?? '?'} helo=${last.helo ?? '?'}: no STARTTLS`]);
    }
    const s = withTls[withTls.length - 1];
    const t = eventsOf(s, 'tls')[0];
    const line = `TLS connection established from ${s.client ?? '?'}: ${String(t.protocol ?? '?')} with cipher ${String(t.cipher ?? '?')}`;
    return pass('tls.sessionOk', { protocol: String(t.protocol ?? '?'), cipher: String(t.cipher ?? '?'), helo: s.helo ?? '?' }, [line]);
  },
});

export const tlsMailSource = defineCheck({
  kind: 'tls.mail-source',
  params: z.object({}).strict(),
  answered: 'text',
  async run(ctx) {
    const all = sessions(ctx.events()).filter((s) => !isCheckSession(s));
    const delivered = all.flatMap((s) => eventsOf(s, 'delivered'));
    if (!delivered.length) return fail('tls.noMail', { port: ctx.probe.ports.smtp, domain: ctx.vars.domain });
    const overTls = delivered.filter((e) => !!e.tls);
    if (!overTls.length) return fail('tls.mailNotTls', { port: ctx.probe.ports.smtp });
    const given = [ctx.answer ?? ''].flat().join(' ').trim();
    if (!given) return fail('tls.sourceUnanswered');
    const norm = normalizeAnswer(given).replace(/\s+/g, '').toUpperCase();
    const hit = overTls.find((e) => typeof e.queueId === 'string' && e.queueId.toUpperCase() === norm);
    if (!hit) {
      const plain = delivered.find((e) => !e.tls && typeof e.queueId === 'string' && e.queueId.toUpperCase() === norm);
      if (plain) return fail('tls.sourceNotTls', { given });
      return fail('tls.sourceWrong', { given });
    }
    const ev = [`queue id ${hit.queueId}${typeof hit.subject === 'string' ? `, Subject: ${hit.subject}` : ''}`];
    if (typeof hit.path === 'string') {
      try {
        const text = readFileSync(ctx.ws.resolve(hit.path), 'utf8').slice(0, 64 * 1024);
        const received = /^Received:[^\n]*(\n[ \t][^\n]*)*/m.exec(text)?.[0];
        if (received) ev.push(...received.split('\n').map((l) => l.trim()));
      } catch (e) {
        rethrowBug(e);
        // the learner may have deleted the mail after reading it
      }
    }
    return pass('tls.sourceOk', { queueId: String(hit.queueId) }, ev);
  },
});
