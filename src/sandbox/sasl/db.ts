/**
 * The sandbox's SASL user database (Cyrus keeps /etc/sasldb2; this is
 * etc/sasldb2.json in the workspace, mode 0600), written by `mailsec sandbox passwd`.
 *
 * Each mechanism gets the weakest secret it can work with, and no weaker:
 * - PLAIN and LOGIN send the password itself, so the server only needs to check it:
 *   a salted scrypt hash is enough, and a stolen file does not give the password away.
 * - CRAM-MD5 proves knowledge of the password with HMAC-MD5(password, challenge). The
 *   server must compute the same HMAC, so it keeps the HMAC's inner and outer MD5
 *   states: not the password, but whoever steals them can log in (password-equivalent).
 * - DIGEST-MD5 needs H(user:realm:password) for the same reason: also
 *   password-equivalent, for one realm.
 * That a server has to keep password-equivalent secrets is one reason both are
 * historic (RFC 6331 for DIGEST-MD5); PLAIN over TLS lets the server store a real hash.
 */
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Workspace } from '../../workspace/workspace.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { cramMd5Secret } from './md5state.js';

export const SASLDB_FILE = 'etc/sasldb2.json';

export interface UserSecrets {
  /** PLAIN, LOGIN: scrypt(password, salt) */
  scrypt: { salt: string; N: number; r: number; p: number; hash: string };
  /** CRAM-MD5: HMAC-MD5 inner/outer states (password-equivalent) */
  cramMd5: { ipad: string; opad: string };
  /** DIGEST-MD5: hex H(user:realm:password) by realm (password-equivalent) */
  digestMd5: Record<string, string>;
  updatedAt: string;
}

export interface SaslDb {
  version: 1;
  users: Record<string, UserSecrets>;
}

const SCRYPT = { N: 16384, r: 8, p: 1 };

export function readSaslDb(ws: Workspace): SaslDb {
  const file = ws.resolve(SASLDB_FILE);
  if (!existsSync(file)) return { version: 1, users: {} };
  try {
    const db = JSON.parse(readFileSync(file, 'utf8')) as SaslDb;
    if (!db || typeof db.users !== 'object' || db.users === null) return { version: 1, users: {} };
    return db;
  } catch {
    return { version: 1, users: {} };
  }
}

export function digestHA1(user: string, realm: string, password: string): string {
  return createHash('md5').update(`${user}:${realm}:${password}`, 'utf8').digest('hex');
}

export function validUsername(user: string): boolean {
  return /^[A-Za-z0-9._+-]{1,64}(@[A-Za-z0-9.-]{1,253})?$/.test(user);
}

/** Sets (or replaces) a user's password; `realms` are the DIGEST-MD5 realms to precompute. */
export function setPassword(ws: Workspace, user: string, password: string, realms: string[]): void {
  const db = readSaslDb(ws);
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  const digestMd5: Record<string, string> = {};
  for (const realm of new Set(realms)) digestMd5[realm] = digestHA1(user, realm, password);
  db.users[user] = {
    scrypt: { salt: salt.toString('base64'), ...SCRYPT, hash: hash.toString('base64') },
    cramMd5: cramMd5Secret(password),
    digestMd5,
    updatedAt: new Date().toISOString(),
  };
  writeFileAtomic(ws.resolve(SASLDB_FILE), JSON.stringify(db, null, 2) + '\n', 0o600);
}

export function deleteUser(ws: Workspace, user: string): boolean {
  const db = readSaslDb(ws);
  if (!db.users[user]) return false;
  delete db.users[user];
  writeFileAtomic(ws.resolve(SASLDB_FILE), JSON.stringify(db, null, 2) + '\n', 0o600);
  return true;
}

/** Checks a password sent in the clear (PLAIN, LOGIN); asynchronous so other sessions are not held up. */
export function verifyPassword(secrets: UserSecrets | undefined, password: string): Promise<boolean> {
  const s = secrets?.scrypt;
  if (!s || typeof s.hash !== 'string' || typeof s.salt !== 'string') return Promise.resolve(false);
  const want = Buffer.from(s.hash, 'base64');
  return new Promise((resolve) => {
    try {
      scrypt(password, Buffer.from(s.salt, 'base64'), want.length, { N: s.N, r: s.r, p: s.p, maxmem: 64 * 1024 * 1024 }, (err, got) => {
        resolve(!err && got.length === want.length && timingSafeEqual(want, got));
      });
    } catch {
      resolve(false);
    }
  });
}
