/**
 * MD5 with access to its internal state, for CRAM-MD5 without a stored password:
 * HMAC-MD5(K, m) = MD5(K^opad || MD5(K^ipad || m)), and the MD5 state after the one
 * 64-byte block K^ipad (or K^opad) is all a server needs to check an answer. Dovecot
 * stores CRAM-MD5 secrets the same way. node:crypto does not expose the state, so the
 * compression function is written out here (RFC 1321).
 */

const S = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21];
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);
export const MD5_IV: readonly number[] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];

/** One MD5 compression of a 64-byte block; returns the new state (4 words). */
export function md5Compress(state: readonly number[], block: Uint8Array, offset = 0): number[] {
  const M = new Array<number>(16);
  for (let i = 0; i < 16; i++) {
    const o = offset + i * 4;
    M[i] = (block[o] | (block[o + 1] << 8) | (block[o + 2] << 16) | (block[o + 3] << 24)) >>> 0;
  }
  let [a, b, c, d] = state;
  for (let i = 0; i < 64; i++) {
    let f: number;
    let g: number;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) % 16;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) % 16;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) % 16;
    }
    const tmp = d;
    d = c;
    c = b;
    const x = (a + f + K[i] + M[g]) >>> 0;
    b = (b + ((x << S[i]) | (x >>> (32 - S[i])))) >>> 0;
    a = tmp;
  }
  return [(state[0] + a) >>> 0, (state[1] + b) >>> 0, (state[2] + c) >>> 0, (state[3] + d) >>> 0];
}

/** MD5 of `data`, continuing from `state` after `prefixBytes` bytes were already hashed. */
export function md5Continue(state: readonly number[], prefixBytes: number, data: Uint8Array): Buffer {
  const total = prefixBytes + data.length;
  const padLen = (data.length + 9 + 63) & ~63;
  const buf = new Uint8Array(padLen);
  buf.set(data);
  buf[data.length] = 0x80;
  const bits = BigInt(total) * 8n;
  for (let i = 0; i < 8; i++) buf[padLen - 8 + i] = Number((bits >> BigInt(8 * i)) & 0xffn);
  let s = [...state];
  for (let o = 0; o < padLen; o += 64) s = md5Compress(s, buf, o);
  const out = Buffer.alloc(16);
  s.forEach((w, i) => out.writeUInt32LE(w, i * 4));
  return out;
}

function stateHex(s: number[]): string {
  const b = Buffer.alloc(16);
  s.forEach((w, i) => b.writeUInt32LE(w, i * 4));
  return b.toString('hex');
}

function stateFromHex(hex: string): number[] {
  const b = Buffer.from(hex, 'hex');
  if (b.length !== 16) throw new Error('bad MD5 state');
  return [0, 1, 2, 3].map((i) => b.readUInt32LE(i * 4));
}

/** The HMAC-MD5 inner and outer states for a password (hex, 16 bytes each). */
export function cramMd5Secret(password: string): { ipad: string; opad: string } {
  let key: Buffer = Buffer.from(password, 'utf8');
  if (key.length > 64) key = md5Continue(MD5_IV, 0, key);
  const ib = new Uint8Array(64).fill(0x36);
  const ob = new Uint8Array(64).fill(0x5c);
  for (let i = 0; i < key.length; i++) {
    ib[i] ^= key[i];
    ob[i] ^= key[i];
  }
  return { ipad: stateHex(md5Compress(MD5_IV, ib)), opad: stateHex(md5Compress(MD5_IV, ob)) };
}

/** HMAC-MD5(password, challenge) from the stored states, as hex (the CRAM-MD5 answer). */
export function cramMd5Digest(secret: { ipad: string; opad: string }, challenge: string | Buffer): string {
  const inner = md5Continue(stateFromHex(secret.ipad), 64, Buffer.from(challenge));
  return md5Continue(stateFromHex(secret.opad), 64, inner).toString('hex');
}
