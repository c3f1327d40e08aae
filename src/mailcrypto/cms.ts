// S/MIME read without openssl: the CMS structures of a signed or an encrypted mail
// (RFC 8551) with pkijs, and the PKCS#12 bundle a mail client imports.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { allParts, parseMime } from './mime.js';
import { rethrowUnlessMalformed } from '../util/errors.js';

/** pkijs with its engine set, loaded when S/MIME is first read. */
export async function pki() {
  return (await import('../vendor/pkijs.js')).pkijs;
}

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const hex = (b: ArrayBuffer | Uint8Array) =>
  Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b))
    .toString('hex')
    .toUpperCase()
    .replace(/^(00)+(?=.)/, '');

export type SmimePart =
  { kind: 'signed'; content: Buffer; signature: Buffer } | { kind: 'opaque'; der: Buffer } | { kind: 'enveloped'; der: Buffer };

/** The S/MIME structures of a mail (or of a file written by openssl smime), outermost first. */
export function smimeParts(raw: string | Buffer): SmimePart[] {
  const out: SmimePart[] = [];
  for (const part of allParts(parseMime(raw))) {
    if (part.type === 'multipart/signed' && part.children.length >= 2 && /pkcs7-signature/i.test(part.params.protocol ?? '')) {
      const signed = Buffer.from(part.children[0].raw.replace(/\n/g, '\r\n'), 'latin1');
      out.push({ kind: 'signed', content: signed, signature: part.children[1].content });
    } else if (/^application\/(x-)?pkcs7-mime$/.test(part.type)) {
      const t = (part.params['smime-type'] ?? '').toLowerCase();
      out.push(t === 'signed-data' ? { kind: 'opaque', der: part.content } : { kind: 'enveloped', der: part.content });
    }
  }
  return out;
}

export interface CertInfo {
  cert: X509Certificate;
  serial: string;
  issuerDer: Buffer;
}

export async function certInfo(cert: X509Certificate): Promise<CertInfo> {
  const pkijs = await pki();
  const c = pkijs.Certificate.fromBER(ab(cert.raw));
  return { cert, serial: hex(c.serialNumber.valueBlock.valueHexView), issuerDer: Buffer.from(c.issuer.toSchema().toBER()) };
}

export type SignedCheck = { result: 'ok' | 'altered' | 'other' | 'unreadable'; signer?: string; error?: string };

/** Verifies a CMS SignedData (detached content, or the content inside) against one certificate. */
export async function verifySigned(sigDer: Buffer, content: Buffer | undefined, want: CertInfo): Promise<SignedCheck> {
  const pkijs = await pki();
  let sd;
  try {
    const ci = pkijs.ContentInfo.fromBER(ab(sigDer));
    if (ci.contentType !== pkijs.ContentInfo.SIGNED_DATA) return { result: 'unreadable', error: `contentType ${ci.contentType}` };
    sd = new pkijs.SignedData({ schema: ci.content });
  } catch (e) {
    rethrowUnlessMalformed(e);
    return { result: 'unreadable', error: (e as Error).message };
  }
  const si = sd.signerInfos[0];
  if (!si) return { result: 'unreadable', error: 'no signer' };
  const sid = si.sid as { serialNumber?: { valueBlock: { valueHexView: Uint8Array } }; issuer?: { toSchema(): { toBER(): ArrayBuffer } } };
  const serial = sid.serialNumber ? hex(sid.serialNumber.valueBlock.valueHexView) : '?';
  const issuer = sid.issuer ? Buffer.from(sid.issuer.toSchema().toBER()) : Buffer.alloc(0);
  if (serial !== want.serial || !issuer.equals(want.issuerDer)) return { result: 'other', signer: serial };
  try {
    const ok = await sd.verify({
      signer: 0,
      data: content ? ab(content) : undefined,
      checkChain: false,
      trustedCerts: [pkijs.Certificate.fromBER(ab(want.cert.raw))],
    });
    return { result: ok ? 'ok' : 'altered', signer: serial };
  } catch (e) {
    rethrowUnlessMalformed(e);
    const msg = (e as { message?: string }).message ?? String(e);
    return { result: /digest|signature|verif/i.test(msg) ? 'altered' : 'unreadable', signer: serial, error: msg };
  }
}

export interface Enveloped {
  recipients: { serial: string; issuerDer: Buffer }[];
  cipher: string;
}

export const CIPHERS: Record<string, string> = {
  '2.16.840.1.101.3.4.1.2': 'AES-128-CBC',
  '2.16.840.1.101.3.4.1.22': 'AES-192-CBC',
  '2.16.840.1.101.3.4.1.42': 'AES-256-CBC',
  '2.16.840.1.101.3.4.1.6': 'AES-128-GCM',
  '2.16.840.1.101.3.4.1.46': 'AES-256-GCM',
  '1.2.840.113549.3.7': 'DES-EDE3-CBC',
  '1.3.14.3.2.7': 'DES-CBC',
  '1.2.840.113549.3.2': 'RC2-CBC',
};

/** Who a CMS EnvelopedData is encrypted to (issuer and serial of each key-transport recipient). */
export async function readEnveloped(der: Buffer): Promise<Enveloped | { problem: string }> {
  const pkijs = await pki();
  try {
    const ci = pkijs.ContentInfo.fromBER(ab(der));
    if (ci.contentType !== pkijs.ContentInfo.ENVELOPED_DATA) return { problem: `contentType ${ci.contentType}` };
    const ed = new pkijs.EnvelopedData({ schema: ci.content });
    const recipients: Enveloped['recipients'] = [];
    for (const ri of ed.recipientInfos) {
      const rid = (
        ri.value as {
          rid?: { serialNumber?: { valueBlock: { valueHexView: Uint8Array } }; issuer?: { toSchema(): { toBER(): ArrayBuffer } } };
        }
      ).rid;
      if (rid?.serialNumber && rid.issuer)
        recipients.push({ serial: hex(rid.serialNumber.valueBlock.valueHexView), issuerDer: Buffer.from(rid.issuer.toSchema().toBER()) });
    }
    const oid = ed.encryptedContentInfo.contentEncryptionAlgorithm.algorithmId;
    return { recipients, cipher: CIPHERS[oid] ?? oid };
  } catch (e) {
    rethrowUnlessMalformed(e);
    return { problem: (e as Error).message };
  }
}

export type P12Read = { certs: X509Certificate[]; keys: KeyObject[] } | { problem: 'password' | 'unreadable'; error: string };

/** Opens a PKCS#12 file with its password: the certificates and the private keys inside. */
export async function readP12(data: Buffer, password: string): Promise<P12Read> {
  const pkijs = await pki();
  const pw = ab(new TextEncoder().encode(password));
  let pfx;
  try {
    pfx = pkijs.PFX.fromBER(ab(data));
  } catch (e) {
    rethrowUnlessMalformed(e);
    return { problem: 'unreadable', error: (e as Error).message };
  }
  try {
    await pfx.parseInternalValues({ password: pw, checkIntegrity: true });
  } catch (e) {
    rethrowUnlessMalformed(e);
    const msg = (e as Error).message ?? String(e);
    return { problem: /integrity/i.test(msg) ? 'password' : 'unreadable', error: msg };
  }
  const certs: X509Certificate[] = [];
  const keys: KeyObject[] = [];
  try {
    const safe = pfx.parsedValue!.authenticatedSafe!;
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pw })) });
    for (const sc of safe.parsedValue!.safeContents) {
      for (const bag of sc.value.safeBags) {
        const v = bag.bagValue;
        if (v instanceof pkijs.CertBag && v.parsedValue) certs.push(new X509Certificate(Buffer.from(v.parsedValue.toSchema().toBER())));
        if (v instanceof pkijs.PKCS8ShroudedKeyBag) {
          // pkijs's own PKCS#12 example calls this; its types mark it protected (element access keeps the types)
          await v['parseInternalValues']({ password: pw });
          if (v.parsedValue)
            keys.push(createPrivateKey({ key: Buffer.from(v.parsedValue.toSchema().toBER()), format: 'der', type: 'pkcs8' }));
        }
        if (v instanceof pkijs.PrivateKeyInfo)
          keys.push(createPrivateKey({ key: Buffer.from(v.toSchema().toBER()), format: 'der', type: 'pkcs8' }));
      }
    }
  } catch (e) {
    rethrowUnlessMalformed(e);
    return { problem: 'unreadable', error: (e as Error).message };
  }
  return { certs, keys };
}
