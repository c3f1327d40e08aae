// S/MIME read without openssl: the CMS structures of a signed or an encrypted mail
// (RFC 8551) with pkijs, and the PKCS#12 bundle a mail client imports.
import { X509Certificate, constants, createDecipheriv, createHash, createPrivateKey, privateDecrypt, type KeyObject } from 'node:crypto';
import { allParts, parseMime } from './mime.js';
import { rethrowBug, rethrowUnlessMalformed } from '../util/errors.js';
import type { pkijs as Pkijs } from '../vendor/pkijs.js';

type SignedData = InstanceType<typeof Pkijs.SignedData>;

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

/** The CMS content type of a ContentInfo, read from its first bytes: 2 signed-data, 3 enveloped-data (1.2.840.113549.1.7.N). */
function cmsKind(der: Buffer): number | undefined {
  const at = der.subarray(0, 24).indexOf(Buffer.from('06092a864886f70d0107', 'hex'));
  return at < 0 ? undefined : der[at + 10];
}

/** The S/MIME structures of a mail (or of a file written by openssl smime), outermost first. */
export function smimeParts(raw: string | Buffer): SmimePart[] {
  const out: SmimePart[] = [];
  for (const part of allParts(parseMime(raw))) {
    if (part.type === 'multipart/signed' && part.children.length >= 2 && /pkcs7-signature/i.test(part.params.protocol ?? '')) {
      const signed = Buffer.from(part.children[0].raw.replace(/\n/g, '\r\n'), 'latin1');
      out.push({ kind: 'signed', content: signed, signature: part.children[1].content });
    } else if (/^application\/(x-)?pkcs7-mime$/.test(part.type)) {
      const t = (part.params['smime-type'] ?? '').toLowerCase();
      // some clients leave smime-type out: the DER says which it is
      const signed = t === 'signed-data' || (t !== 'enveloped-data' && cmsKind(part.content) === 2);
      out.push(signed ? { kind: 'opaque', der: part.content } : { kind: 'enveloped', der: part.content });
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

/** A CMS SignedData and its first signer, or why it cannot be read. */
async function readSignedData(sigDer: Buffer): Promise<{ error: string } | { sd: SignedData; si: SignedData['signerInfos'][number] }> {
  const pkijs = await pki();
  let sd;
  try {
    const ci = pkijs.ContentInfo.fromBER(ab(sigDer));
    if (ci.contentType !== pkijs.ContentInfo.SIGNED_DATA) return { error: `contentType ${ci.contentType}` };
    sd = new pkijs.SignedData({ schema: ci.content });
  } catch (e) {
    rethrowUnlessMalformed(e);
    return { error: (e as Error).message };
  }
  const si = sd.signerInfos[0];
  return si ? { sd, si } : { error: 'no signer' };
}

export type SignedCheck = { result: 'ok' | 'altered' | 'other' | 'unreadable'; signer?: string; error?: string };

/** Verifies a CMS SignedData (detached content, or the content inside) against one certificate. */
export async function verifySigned(sigDer: Buffer, content: Buffer | undefined, want: CertInfo): Promise<SignedCheck> {
  const read = await readSignedData(sigDer);
  if ('error' in read) return { result: 'unreadable', error: read.error };
  const { sd, si } = read;
  const sid = si.sid as { serialNumber?: { valueBlock: { valueHexView: Uint8Array } }; issuer?: { toSchema(): { toBER(): ArrayBuffer } } };
  const serial = sid.serialNumber ? hex(sid.serialNumber.valueBlock.valueHexView) : '?';
  const issuer = sid.issuer ? Buffer.from(sid.issuer.toSchema().toBER()) : Buffer.alloc(0);
  if (serial !== want.serial || !issuer.equals(want.issuerDer)) return { result: 'other', signer: serial };
  try {
    const ok = await sd.verify({
      signer: 0,
      data: content ? ab(content) : undefined,
      checkChain: false,
      trustedCerts: [(await pki()).Certificate.fromBER(ab(want.cert.raw))],
    });
    return { result: ok ? 'ok' : 'altered', signer: serial };
  } catch (e) {
    rethrowUnlessMalformed(e);
    const msg = (e as { message?: string }).message ?? String(e);
    return { result: /digest|signature|verif/i.test(msg) ? 'altered' : 'unreadable', signer: serial, error: msg };
  }
}

export type CarriedSignature =
  | { result: 'ok'; cert: X509Certificate; content: Buffer }
  | { result: 'altered'; cert: X509Certificate; content: Buffer; error?: string }
  | { result: 'noCert'; signer: string }
  | { result: 'unreadable'; error: string };

/**
 * A signature checked with the certificate it carries (the one its signer identifies, by
 * issuer and serial or by key identifier), as a mail client reads a signed mail from a
 * stranger: the content intact or not, whoever vouches for the certificate. `content` is
 * what was signed (the detached content given, or the one inside).
 */
export async function carriedSignature(sigDer: Buffer, detached?: Buffer): Promise<CarriedSignature> {
  const read = await readSignedData(sigDer);
  if ('error' in read) return { result: 'unreadable', error: read.error };
  const { sd, si } = read;
  const inside = sd.encapContentInfo.eContent;
  const content = detached ?? (inside ? Buffer.from(inside.getValue()) : Buffer.alloc(0));
  const sid = si.sid as { serialNumber?: { valueBlock: { valueHexView: Uint8Array } } };
  const signer = sid.serialNumber ? hex(sid.serialNumber.valueBlock.valueHexView) : 'key identifier';
  try {
    const r = await sd.verify({ signer: 0, data: detached ? ab(detached) : undefined, checkChain: false, extendedMode: true });
    const cert = new X509Certificate(Buffer.from(r.signerCertificate!.toSchema().toBER()));
    return r.signatureVerified ? { result: 'ok', cert, content } : { result: 'altered', cert, content };
  } catch (e) {
    rethrowUnlessMalformed(e);
    const err = e as { code?: number; message?: string; signerCertificate?: { toSchema(): { toBER(): ArrayBuffer } } | null };
    // 2: no certificates, 3: none is the signer's
    if (err.code === 2 || err.code === 3) return { result: 'noCert', signer };
    const msg = err.message ?? String(e);
    if (err.signerCertificate && /digest|signature/i.test(msg))
      return { result: 'altered', cert: new X509Certificate(Buffer.from(err.signerCertificate.toSchema().toBER())), content, error: msg };
    return { result: 'unreadable', error: msg };
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

/** The OpenSSL names of the content ciphers a key-transport EnvelopedData may use (CBC, IV as parameter). */
const DECIPHERS: Record<string, string> = {
  'AES-128-CBC': 'aes-128-cbc',
  'AES-192-CBC': 'aes-192-cbc',
  'AES-256-CBC': 'aes-256-cbc',
  'DES-EDE3-CBC': 'des-ede3-cbc',
};
const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** PKCS #1 v1.5 encryption padding taken off by hand (node refuses it in privateDecrypt since CVE-2023-46809). */
function unpadPkcs1(em: Buffer): Buffer | undefined {
  if (em[0] !== 0 || em[1] !== 2) return undefined;
  const zero = em.indexOf(0, 2);
  return zero < 10 ? undefined : em.subarray(zero + 1);
}

/** The bytes of an OCTET STRING as BER gives it: one piece, or constructed of several (as openssl streams it). */
interface Ber {
  idBlock: { isConstructed: boolean };
  valueBlock: { value?: Ber[]; valueHexView?: Uint8Array } | object;
}
function octets(v: Ber): Buffer {
  const b = v.valueBlock as { value?: Ber[]; valueHexView?: Uint8Array };
  return v.idBlock.isConstructed ? Buffer.concat((b.value ?? []).map(octets)) : Buffer.from(b.valueHexView ?? []);
}

export type Opened =
  | { content: Buffer; cipher: string }
  /** recipients: the serial number (or key identifier) of each recipient's certificate, in hex */
  | { problem: 'notForMe'; recipients: string[] }
  | { problem: 'unreadable'; error: string };

/**
 * An EnvelopedData opened with a certificate's private key, as its recipient does: the
 * content key unwrapped (RSA PKCS #1 v1.5 or OAEP) from the recipient info that names the
 * certificate (issuer and serial, or key identifier), then the content decrypted.
 */
export async function openEnveloped(der: Buffer, o: { cert: string; key: string }): Promise<Opened> {
  const pkijs = await pki();
  const mine = pkijs.Certificate.fromBER(ab(new X509Certificate(o.cert).raw));
  const keyId = createHash('sha1').update(mine.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();
  let ed;
  try {
    const ci = pkijs.ContentInfo.fromBER(ab(der));
    if (ci.contentType !== pkijs.ContentInfo.ENVELOPED_DATA) return { problem: 'unreadable', error: `contentType ${ci.contentType}` };
    ed = new pkijs.EnvelopedData({ schema: ci.content });
  } catch (e) {
    rethrowUnlessMalformed(e);
    return { problem: 'unreadable', error: (e as Error).message };
  }
  const recipients: string[] = [];
  let wrapped: { key: Buffer; alg: string; params: unknown } | undefined;
  for (const ri of ed.recipientInfos) {
    if (!(ri.value instanceof pkijs.KeyTransRecipientInfo)) {
      recipients.push('?');
      continue;
    }
    const kt = ri.value;
    const rid = kt.rid;
    const forMe =
      rid instanceof pkijs.IssuerAndSerialNumber
        ? rid.issuer.isEqual(mine.issuer) && rid.serialNumber.isEqual(mine.serialNumber)
        : Buffer.from(rid.valueBlock.valueHexView).equals(keyId);
    recipients.push(
      hex(rid instanceof pkijs.IssuerAndSerialNumber ? rid.serialNumber.valueBlock.valueHexView : rid.valueBlock.valueHexView),
    );
    if (forMe)
      wrapped = {
        key: Buffer.from(kt.encryptedKey.valueBlock.valueHexView),
        alg: kt.keyEncryptionAlgorithm.algorithmId,
        params: kt.keyEncryptionAlgorithm.algorithmParams,
      };
  }
  if (!wrapped) return { problem: 'notForMe', recipients };
  const priv = createPrivateKey(o.key);
  let cek: Buffer | undefined;
  try {
    if (wrapped.alg === '1.2.840.113549.1.1.1') {
      cek = unpadPkcs1(privateDecrypt({ key: priv, padding: constants.RSA_NO_PADDING }, wrapped.key));
    } else if (wrapped.alg === '1.2.840.113549.1.1.7') {
      const p = wrapped.params ? new pkijs.RSAESOAEPParams({ schema: wrapped.params }) : undefined;
      const oaepHash = HASHES[p?.hashAlgorithm.algorithmId ?? '1.3.14.3.2.26'] ?? 'sha1';
      cek = privateDecrypt({ key: priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, wrapped.key);
    } else return { problem: 'unreadable', error: `key transport ${wrapped.alg}` };
  } catch (e) {
    rethrowBug(e);
    return { problem: 'unreadable', error: (e as Error).message };
  }
  if (!cek) return { problem: 'unreadable', error: "the content key does not decrypt with this certificate's key" };
  const eci = ed.encryptedContentInfo;
  const oid = eci.contentEncryptionAlgorithm.algorithmId;
  const cipher = CIPHERS[oid] ?? oid;
  const params = eci.contentEncryptionAlgorithm.algorithmParams as { valueBlock?: { valueHexView?: Uint8Array } } | undefined;
  const iv = params?.valueBlock?.valueHexView;
  if (!DECIPHERS[cipher] || !iv || !eci.encryptedContent) return { problem: 'unreadable', error: `content cipher ${cipher}` };
  try {
    const d = createDecipheriv(DECIPHERS[cipher], cek, iv);
    return { content: Buffer.concat([d.update(octets(eci.encryptedContent)), d.final()]), cipher };
  } catch (e) {
    rethrowBug(e);
    return { problem: 'unreadable', error: (e as Error).message };
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
