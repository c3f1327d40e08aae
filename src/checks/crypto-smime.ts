// S/MIME check kinds (lesson 12): a certificate for an e-mail address and its key, the
// PKCS#12 bundle for the mail client, a signed and an encrypted message, and the mails
// that carried them. CMS is read with pkijs and node:crypto, never with openssl.
import { z } from 'zod';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { defineCheck } from './registry.js';
import { pass, fail, type CheckContext, type Verdict } from './types.js';
import { certInfo, readEnveloped, readP12, smimeParts, verifySigned, type CertInfo, type SmimePart } from '../mailcrypto/cms.js';
import { mailsOrFail } from './crypto-delivered.js';
import { rethrowBug } from '../util/errors.js';
import { readWsFile } from './ws-file.js';
import { NONE } from '../i18n/messages.js';

const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
const STRONG = /^AES-(128|192|256)-(CBC|GCM)$/;

type CertRead = { info: CertInfo } | { verdict: Verdict };

async function loadCert(ctx: CheckContext, path: string, email: string): Promise<CertRead> {
  const data = readWsFile(ctx, path);
  if (!data) return { verdict: fail('mailcrypto.smime.certMissing', { path, email }) };
  try {
    return { info: await certInfo(new X509Certificate(data)) };
  } catch (e) {
    rethrowBug(e);
    return { verdict: fail('mailcrypto.smime.certUnreadable', { path, error: (e as Error).message.split('\n')[0] }) };
  }
}

function sanEmails(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((s) => s.startsWith('email:'))
    .map((s) => s.slice(6).toLowerCase());
}

const certParams = {
  cert: z.string().min(1),
  email: z.string().min(3),
};

export const smimeCert = defineCheck({
  kind: 'smime.cert',
  params: z
    .object({ ...certParams, key: z.string().min(1), bits: z.number().int().min(1024).default(4096), passphrase: z.string().min(1) })
    .strict(),
  async run(ctx, p) {
    const c = await loadCert(ctx, p.cert, p.email);
    if ('verdict' in c) return c.verdict;
    const cert = c.info.cert;
    const ev = [
      `${p.cert}: subject ${cert.subject.replace(/\n/g, ', ')}`,
      `X509v3 Subject Alternative Name: ${cert.subjectAltName ?? '(none)'}`,
      `X509v3 Extended Key Usage: ${(cert.keyUsage ?? []).join(', ') || '(none)'}`,
    ];
    const emails = sanEmails(cert);
    if (!emails.includes(p.email.toLowerCase()))
      return fail('mailcrypto.smime.noSanEmail', { path: p.cert, seen: cert.subjectAltName ?? NONE, email: p.email }, ev);
    if (!(cert.keyUsage ?? []).includes(EMAIL_PROTECTION))
      return fail('mailcrypto.smime.noEmailProtection', { path: p.cert, email: p.email }, ev);
    const bits = cert.publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
    if (cert.publicKey.asymmetricKeyType !== 'rsa' || bits < p.bits)
      return fail('mailcrypto.smime.keyBits', { path: p.cert, seen: bits, wanted: p.bits }, ev);
    const now = Date.now();
    if (now > new Date(cert.validTo).getTime() || now < new Date(cert.validFrom).getTime())
      return fail('mailcrypto.smime.certDates', { path: p.cert, from: cert.validFrom, to: cert.validTo }, ev);
    const pem = readWsFile(ctx, p.key);
    if (!pem) return fail('mailcrypto.smime.keyMissing', { path: p.key });
    if (!/ENCRYPTED/.test(pem.toString('latin1')))
      return fail('mailcrypto.smime.keyNotProtected', { path: p.key, passphrase: p.passphrase });
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: pem, passphrase: p.passphrase });
    } catch (e) {
      rethrowBug(e);
      return fail('mailcrypto.smime.keyPassphrase', { path: p.key, passphrase: p.passphrase });
    }
    if (!cert.checkPrivateKey(key)) return fail('mailcrypto.smime.keyMismatch', { cert: p.cert, key: p.key });
    return pass('mailcrypto.smime.certOk', { path: p.cert, email: p.email, bits, to: cert.validTo }, ev);
  },
});

export const smimeP12 = defineCheck({
  kind: 'smime.p12',
  params: z.object({ ...certParams, path: z.string().min(1), passphrase: z.string().min(1) }).strict(),
  async run(ctx, p) {
    const data = readWsFile(ctx, p.path);
    if (!data) return fail('mailcrypto.smime.p12Missing', { path: p.path, cert: p.cert });
    const c = await loadCert(ctx, p.cert, p.email);
    if ('verdict' in c) return c.verdict;
    const r = await readP12(data, p.passphrase);
    if ('problem' in r) {
      return r.problem === 'password'
        ? fail('mailcrypto.smime.p12Password', { path: p.path, passphrase: p.passphrase })
        : fail('mailcrypto.smime.p12Unreadable', { path: p.path, error: r.error.slice(0, 120) });
    }
    const same = r.certs.find((x) => x.raw.equals(c.info.cert.raw));
    if (!same)
      return fail(
        'mailcrypto.smime.p12OtherCert',
        { path: p.path, cert: p.cert },
        r.certs.map((x) => `${p.path}: ${x.subject.replace(/\n/g, ', ')}`),
      );
    if (!r.keys.some((k) => same.checkPrivateKey(k))) return fail('mailcrypto.smime.p12NoKey', { path: p.path, cert: p.cert });
    return pass('mailcrypto.smime.p12Ok', { path: p.path }, [`${p.path}: ${same.subject.replace(/\n/g, ', ')} + private key`]);
  },
});

async function signedVerdict(parts: SmimePart[], info: CertInfo, shown: string): Promise<Verdict> {
  const s = parts.find((x) => x.kind === 'signed' || x.kind === 'opaque');
  if (!s) return fail('mailcrypto.smime.notSigned', { path: shown });
  const r = s.kind === 'signed' ? await verifySigned(s.signature, s.content, info) : await verifySigned(s.der, undefined, info);
  if (r.result === 'other') return fail('mailcrypto.smime.signedByOther', { path: shown, seen: r.signer ?? '?', wanted: info.serial });
  if (r.result === 'altered') return fail('mailcrypto.smime.signedAltered', { path: shown }, r.error ? [r.error] : []);
  if (r.result === 'unreadable') return fail('mailcrypto.smime.signedUnreadable', { path: shown, error: (r.error ?? '?').slice(0, 120) });
  return pass('mailcrypto.smime.signedOk', { path: shown, serial: info.serial }, [
    `${shown}: Verification successful (signer serial ${info.serial})`,
  ]);
}

async function envelopedVerdict(parts: SmimePart[], info: CertInfo, shown: string): Promise<Verdict> {
  const e = parts.find((x) => x.kind === 'enveloped');
  if (!e || e.kind !== 'enveloped') return fail('mailcrypto.smime.notEncrypted', { path: shown });
  const r = await readEnveloped(e.der);
  if ('problem' in r) return fail('mailcrypto.smime.encryptedUnreadable', { path: shown, error: r.problem.slice(0, 120) });
  const ev = [`${shown}: EnvelopedData, ${r.cipher}, recipients ${r.recipients.map((x) => x.serial).join(', ') || '(none)'}`];
  if (!r.recipients.some((x) => x.serial === info.serial && x.issuerDer.equals(info.issuerDer)))
    return fail('mailcrypto.smime.notToCert', { path: shown, serial: info.serial }, ev);
  if (!STRONG.test(r.cipher)) return fail('mailcrypto.smime.weakCipher', { path: shown, seen: r.cipher }, ev);
  return pass('mailcrypto.smime.encryptedOk', { path: shown, cipher: r.cipher }, ev);
}

const fileParams = z.object({ ...certParams, path: z.string().min(1) }).strict();

export const smimeSigned = defineCheck({
  kind: 'smime.signed',
  params: fileParams,
  async run(ctx, p) {
    const data = readWsFile(ctx, p.path);
    if (!data) return fail('mailcrypto.smime.signedMissing', { path: p.path });
    const c = await loadCert(ctx, p.cert, p.email);
    if ('verdict' in c) return c.verdict;
    return signedVerdict(smimeParts(data), c.info, p.path);
  },
});

export const smimeEncrypted = defineCheck({
  kind: 'smime.encrypted',
  params: fileParams,
  async run(ctx, p) {
    const data = readWsFile(ctx, p.path);
    if (!data) return fail('mailcrypto.smime.encryptedMissing', { path: p.path, cert: p.cert });
    const c = await loadCert(ctx, p.cert, p.email);
    if ('verdict' in c) return c.verdict;
    return envelopedVerdict(smimeParts(data), c.info, p.path);
  },
});

export const smimeMailed = defineCheck({
  kind: 'smime.mailed',
  params: z.object({ ...certParams, to: z.string().min(3) }).strict(),
  async run(ctx, p) {
    const mails = mailsOrFail(ctx, p.to);
    if (!Array.isArray(mails)) return mails;
    const c = await loadCert(ctx, p.cert, p.email);
    if ('verdict' in c) return c.verdict;
    let signed: Verdict | undefined;
    let enc: Verdict | undefined;
    for (const m of mails) {
      const parts = smimeParts(m.text);
      if (parts.some((x) => x.kind !== 'enveloped') && signed?.status !== 'pass') {
        const v = await signedVerdict(parts, c.info, m.path);
        if (v.status === 'pass' || !signed) signed = v;
      }
      if (parts.some((x) => x.kind === 'enveloped') && enc?.status !== 'pass') {
        const v = await envelopedVerdict(parts, c.info, m.path);
        if (v.status === 'pass' || !enc) enc = v;
      }
    }
    if (!signed) return fail('mailcrypto.mail.noSmimeSigned', { to: p.to });
    if (signed.status !== 'pass') return signed;
    if (!enc) return fail('mailcrypto.mail.noSmimeEncrypted', { to: p.to });
    if (enc.status !== 'pass') return enc;
    return pass('mailcrypto.mail.smimeOk', { to: p.to }, [...signed.evidence, ...enc.evidence]);
  },
});
