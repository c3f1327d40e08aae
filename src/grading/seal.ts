// A sealed submission: the bundle (gzipped JSON, see bundle.ts) as an OpenPGP message
// encrypted to the teacher's key from the class file, carrying the student's signature
// made with their lesson-11 key when they had one. Only the teacher reads it; an edit to
// the ciphertext fails its integrity check, and an edit by someone who could decrypt it
// breaks the signature.
import type { Key, Signature } from 'openpgp';
import { openpgp, readPgpMessage } from '../mailcrypto/gnupg-home.js';
import { rethrowUnlessMalformed } from '../util/errors.js';

/** How the seal's signature reads against the student's own keys (those in their bundle). */
export type SealSignature =
  | { state: 'valid'; fingerprint: string }
  | { state: 'none' }
  /** signed by a key the bundle does not carry */
  | { state: 'unknownKey'; keyId: string }
  /** signed by the student's key, but the content is not what was signed */
  | { state: 'bad'; fingerprint: string };

/**
 * True for an OpenPGP message: armored, or binary starting with a public-key-encrypted
 * session key packet (tag 1, old or new format). A plain bundle starts with gzip's 1f 8b.
 */
export function isSealed(raw: Buffer): boolean {
  if (raw.subarray(0, 40).toString('latin1').startsWith('-----BEGIN PGP MESSAGE-----')) return true;
  const b = raw[0];
  if (b === undefined || !(b & 0x80)) return false;
  const tag = b & 0x40 ? b & 0x3f : (b >> 2) & 0x0f;
  return tag === 1;
}

/** Encrypts a bundle to the teacher's public key, with the student's detached signature (armored) when given. */
export async function seal(bundle: Buffer, teacherArmored: string, signatureArmored?: string): Promise<Buffer> {
  const pgp = await openpgp();
  const encryptionKeys = await pgp.readKey({ armoredKey: teacherArmored });
  const message = await pgp.createMessage({ binary: bundle, format: 'binary' });
  const signature = signatureArmored ? await pgp.readSignature({ armoredSignature: signatureArmored }) : undefined;
  const out = await pgp.encrypt({ message, encryptionKeys, ...(signature ? { signature } : {}), format: 'binary' });
  return Buffer.from(out as Uint8Array);
}

export type Unsealed = { data: Buffer; signature?: Signature } | { problem: 'unreadable' | 'notForTeacher' | 'tampered' | 'expands' };

/**
 * Opens a sealed bundle with the teacher's secret key, decompressing no more than `max`
 * bytes (a hostile message may be a compression bomb). Never throws on hostile input.
 */
export async function unseal(raw: Buffer, teacherSecret: string, max: number): Promise<Unsealed> {
  const pgp = await openpgp();
  const config = { maxDecompressedMessageSize: max };
  let message;
  try {
    message = await readPgpMessage(raw, config);
  } catch (e) {
    rethrowUnlessMalformed(e);
    return { problem: 'unreadable' };
  }
  const key = await pgp.readPrivateKey({ armoredKey: teacherSecret });
  const ours = new Set(key.getKeys().map((k) => k.getKeyID().toHex()));
  const to = message.getEncryptionKeyIDs().map((k) => k.toHex());
  if (!to.some((k) => ours.has(k))) return { problem: 'notForTeacher' };
  try {
    const r = await pgp.decrypt({ message, decryptionKeys: key, format: 'binary', config });
    const sig = r.signatures[0] ? await r.signatures[0].signature : undefined;
    const data = Buffer.from(r.data as Uint8Array);
    if (data.length > max) return { problem: 'expands' };
    return sig ? { data, signature: sig } : { data };
  } catch (e) {
    rethrowUnlessMalformed(e);
    const m = (e as Error).message;
    if (/decompress|too large|exceeds/i.test(m)) return { problem: 'expands' };
    // the session key opened with the teacher's key: what fails after that is the content
    return { problem: 'tampered' };
  }
}

/** The seal's signature checked over the bundle with the keys the student's bundle carries. */
export async function sealSignature(data: Buffer, signature: Signature | undefined, keys: Key[]): Promise<SealSignature> {
  if (!signature) return { state: 'none' };
  const pgp = await openpgp();
  const ids = signature.getSigningKeyIDs().map((k) => k.toHex());
  const signer = keys.find((k) => k.getKeys().some((s) => ids.includes(s.getKeyID().toHex())));
  if (!signer) return { state: 'unknownKey', keyId: (ids[0] ?? '').toUpperCase() };
  const fingerprint = signer.getFingerprint().toUpperCase();
  try {
    const v = await pgp.verify({ message: await pgp.createMessage({ binary: data }), signature, verificationKeys: signer });
    await v.signatures[0].verified;
    return { state: 'valid', fingerprint };
  } catch (e) {
    rethrowUnlessMalformed(e);
    return { state: 'bad', fingerprint };
  }
}
