// A GnuPG home read without gpg: the public keys of its keyring and, for a key, whether
// gpg-agent keeps its secret part there and protects it with a passphrase.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { Config, Key } from 'openpgp';
import { isKeybox, keyboxBlocks } from './keybox.js';
import { rethrowBug, rethrowUnlessMalformed } from '../util/errors.js';

export const openpgp = () => import('openpgp');

/** An OpenPGP message, ASCII-armored or binary; openpgp.js's error when it is not one. */
export async function readPgpMessage(data: Buffer, config?: Partial<Config>) {
  const pgp = await openpgp();
  const text = data.toString('latin1');
  return /-----BEGIN PGP MESSAGE-----/.test(text)
    ? await pgp.readMessage({ armoredMessage: text, ...(config ? { config } : {}) })
    : await pgp.readMessage({ binaryMessage: data, ...(config ? { config } : {}) });
}

/** The learner's GnuPG home in a workspace (lesson 11's GNUPGHOME). */
export const GNUPG_HOME = 'home/alumno/.gnupg';

export type Keyring = { keys: Key[]; file: string } | { problem: 'missing' | 'unreadable'; file: string };

/** Every key of the home's keyring that openpgp.js can parse (others are skipped). */
export async function readKeyring(home: string): Promise<Keyring> {
  const kbx = join(home, 'pubring.kbx');
  const legacy = join(home, 'pubring.gpg');
  const file = existsSync(kbx) ? kbx : existsSync(legacy) ? legacy : undefined;
  if (!file) return { problem: 'missing', file: kbx };
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    rethrowBug(e);
    return { problem: 'unreadable', file };
  }
  return { keys: await keyringKeys(data), file };
}

/** The keys of a keyring file's bytes (pubring.kbx or the older pubring.gpg). */
export async function keyringKeys(data: Buffer): Promise<Key[]> {
  const pgp = await openpgp();
  const blocks = isKeybox(data) ? keyboxBlocks(data) : [data];
  const keys: Key[] = [];
  for (const b of blocks) {
    try {
      keys.push(...(await pgp.readKeys({ binaryKeys: b })));
    } catch (e) {
      rethrowUnlessMalformed(e);
      // a key openpgp.js does not understand is not the learner's RSA key
    }
  }
  return keys;
}

/** The e-mail addresses in a key's user ids ("Alumno <alumno@x>" → alumno@x). */
export function emailsOf(key: Key): string[] {
  return key.getUserIDs().map((u) => (/<([^<>]+)>\s*$/.exec(u)?.[1] ?? u).trim().toLowerCase());
}

export function keysFor(keys: Key[], email: string): Key[] {
  const want = email.toLowerCase();
  return keys.filter((k) => emailsOf(k).includes(want));
}

/** libgcrypt's keygrip of an RSA key: SHA-1 of the modulus as an unsigned big-endian integer. */
export function rsaKeygrip(n: Uint8Array): string {
  let i = 0;
  while (i < n.length - 1 && n[i] === 0) i++;
  const body = n.subarray(i);
  const mpi = body[0] & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : Buffer.from(body);
  return createHash('sha1').update(mpi).digest('hex').toUpperCase();
}

export type SecretState = 'protected' | 'clear' | 'missing';

/** Where gpg-agent keeps the secret part of an RSA key (private-keys-v1.d/KEYGRIP.key), and how. */
export function secretState(home: string, n: Uint8Array | undefined): SecretState {
  if (!n) return 'missing';
  const file = join(home, 'private-keys-v1.d', `${rsaKeygrip(n)}.key`);
  let head: string;
  try {
    head = readFileSync(file).subarray(0, 4096).toString('latin1');
  } catch (e) {
    rethrowBug(e);
    return 'missing';
  }
  // canonical S-expression "(21:protected-private-key" or the extended "Key: (protected-private-key"
  if (/protected-private-key/.test(head)) return 'protected';
  if (/shadowed-private-key/.test(head)) return 'missing';
  return 'clear';
}

/**
 * The same for an elliptic-curve key (Ed25519, Cv25519): gpg-agent names the file by a
 * keygrip over the curve's parameters, so find the file that holds the public point.
 * The extended format writes it in hex (possibly folded), the canonical one in binary.
 */
export function secretStateByPoint(home: string, q: Uint8Array | undefined): SecretState {
  if (!q?.length) return 'missing';
  const dir = join(home, 'private-keys-v1.d');
  const hex = Buffer.from(q).toString('hex').toUpperCase();
  const raw = Buffer.from(q);
  for (const f of listDir(dir).filter((x) => x.endsWith('.key'))) {
    let data: Buffer;
    try {
      data = readFileSync(join(dir, f));
    } catch (e) {
      rethrowBug(e);
      continue;
    }
    const flat = data.toString('latin1').replace(/\s+/g, '').toUpperCase();
    if (!flat.includes(`#${hex}#`) && !data.includes(raw)) continue;
    const head = data.subarray(0, 4096).toString('latin1');
    if (/protected-private-key/.test(head)) return 'protected';
    if (/shadowed-private-key/.test(head)) return 'missing';
    return 'clear';
  }
  return 'missing';
}

/** Files of a directory, or none. */
export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (e) {
    rethrowBug(e);
    return [];
  }
}
