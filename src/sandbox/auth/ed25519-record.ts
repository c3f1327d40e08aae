// The p= of an Ed25519 DKIM key record (RFC 8463 §4.2): base64 of the raw 32-byte public
// key. The SubjectPublicKeyInfo DER that `openssl pkey -pubout` writes (44 bytes: a
// 12-byte header, then the key) is what RFC 6376 uses for RSA, not for Ed25519.

/** The 12 bytes openssl writes before an Ed25519 public key in SPKI DER. */
export const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export type EdPProblem = 'revoked' | 'notBase64' | 'spki' | 'length' | 'mismatch';

/**
 * What is wrong with an Ed25519 record's p= (for this raw public key, when given). A
 * strict verifier (OpenDKIM, dkimpy) takes only the raw key; some libraries also read
 * the SPKI form, so a record that "works" in one test can still fail elsewhere.
 */
export function ed25519PProblem(p: string, rawPublic?: Buffer): { problem?: EdPProblem; bytes: number } {
  const v = p.replace(/\s+/g, '');
  if (!v) return { problem: 'revoked', bytes: 0 };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(v) || v.replace(/=+$/, '').length % 4 === 1) return { problem: 'notBase64', bytes: 0 };
  const b = Buffer.from(v, 'base64');
  if (b.length === 44 && b.subarray(0, 12).equals(ED25519_SPKI_PREFIX)) return { problem: 'spki', bytes: 44 };
  if (b.length !== 32) return { problem: 'length', bytes: b.length };
  if (rawPublic && !b.equals(rawPublic)) return { problem: 'mismatch', bytes: 32 };
  return { bytes: 32 };
}
