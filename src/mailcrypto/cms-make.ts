// Making CMS (RFC 5652) for S/MIME without openssl: a SignedData with its content inside
// (opaque signed-data) and an EnvelopedData encrypted to a certificate, as openssl smime
// -sign -nodetach and -encrypt -aes256 make them, so openssl and mail clients read them.
import { X509Certificate, createCipheriv, createPrivateKey, publicEncrypt, randomBytes, constants, webcrypto } from 'node:crypto';

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  smimeCapabilities: '1.2.840.113549.1.9.15',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  aes256cbc: '2.16.840.1.101.3.4.1.42',
  aes128cbc: '2.16.840.1.101.3.4.1.2',
} as const;

/**
 * SignedData over `content`, carried inside (opaque), SHA-256 with RSA, signed attributes
 * (content type, digest, signing time, capabilities), the signer's certificate and `chain`
 * (the CA that issued it) in `certificates`.
 */
export async function signOpaque(content: Buffer, o: { cert: string; key: string; chain: string[] }): Promise<Buffer> {
  const { pkijs, asn1js } = await import('../vendor/pkijs.js');
  const der = (pem: string) => new X509Certificate(pem).raw;
  const signer = pkijs.Certificate.fromBER(ab(der(o.cert)));
  const digest = Buffer.from(await webcrypto.subtle.digest('SHA-256', content));
  const capability = (oid: string) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid })] });
  const attrs = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: new Date() })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: ab(digest) })] }),
    new pkijs.Attribute({
      type: OID.smimeCapabilities,
      values: [new asn1js.Sequence({ value: [capability(OID.aes256cbc), capability(OID.aes128cbc)] })],
    }),
  ];
  const sd = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID.data,
      eContent: new asn1js.OctetString({ valueHex: ab(content) }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: attrs }),
      }),
    ],
    certificates: [signer, ...o.chain.map((c) => pkijs.Certificate.fromBER(ab(der(c))))],
  });
  const pkcs8 = createPrivateKey(o.key).export({ format: 'der', type: 'pkcs8' });
  const key = await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  await sd.sign(key, 0, 'SHA-256');
  const ci = new pkijs.ContentInfo({ contentType: OID.signedData, content: sd.toSchema(true) });
  return Buffer.from(ci.toSchema().toBER(false));
}

/**
 * EnvelopedData of `content` for one certificate: AES-256-CBC, the key sent to the
 * certificate's RSA key with PKCS #1 v1.5 (rsaEncryption), the key transport every
 * S/MIME client reads (openssl smime -encrypt's default).
 */
export async function envelopeFor(content: Buffer, certPem: string | Buffer): Promise<Buffer> {
  const { pkijs, asn1js } = await import('../vendor/pkijs.js');
  const x = new X509Certificate(certPem);
  const cert = pkijs.Certificate.fromBER(ab(x.raw));
  const cek = randomBytes(32);
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-cbc', cek, iv);
  const encrypted = Buffer.concat([c.update(content), c.final()]);
  const wrapped = publicEncrypt({ key: x.publicKey, padding: constants.RSA_PKCS1_PADDING }, cek);
  const ktri = new pkijs.KeyTransRecipientInfo({
    version: 0,
    rid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    keyEncryptionAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
    encryptedKey: new asn1js.OctetString({ valueHex: ab(wrapped) }),
  });
  const ed = new pkijs.EnvelopedData({
    version: 0,
    recipientInfos: [new pkijs.RecipientInfo({ variant: 1, value: ktri })],
    encryptedContentInfo: new pkijs.EncryptedContentInfo({
      contentType: OID.data,
      contentEncryptionAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: OID.aes256cbc,
        algorithmParams: new asn1js.OctetString({ valueHex: ab(iv) }),
      }),
      encryptedContent: new asn1js.OctetString({ valueHex: ab(encrypted) }),
      disableSplit: true,
    }),
  });
  const ci = new pkijs.ContentInfo({ contentType: OID.envelopedData, content: ed.toSchema() });
  return Buffer.from(ci.toSchema().toBER(false));
}
