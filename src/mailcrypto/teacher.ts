// The teacher's own identities: an OpenPGP key pair and an S/MIME certificate issued by a
// small class CA. The secret halves live only in the teacher's folder (0700, files 0600),
// on the teacher's machine; what students get is the public part (see core/class-file.ts).
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomBytes, webcrypto } from 'node:crypto';
import { openpgp, readPgpMessage } from './gnupg-home.js';
import { rethrowBug, rethrowUnlessMalformed } from '../util/errors.js';
import { makeDirs } from '../util/fs-errors.js';
import { TEACHER_ADDRESS, TEACHER_CA_FILE } from '../sandbox/api.js';

/** The address lesson 11 encrypts and mails to: the teacher of every class. */
export const TEACHER_EMAIL = TEACHER_ADDRESS;

/** Where lesson 11 finds the teacher's public key in a workspace. */
export const TEACHER_KEY_PATH = 'home/alumno/profesor.asc';

/** Where lesson 12 finds the CA certificate of the teacher who answers (the sandbox writes it). */
export const TEACHER_CA_PATH = TEACHER_CA_FILE;

export const TEACHER_FILES = {
  meta: 'teacher.json',
  pgpPublic: 'openpgp-public.asc',
  pgpSecret: 'openpgp-secret.asc',
  caCert: 'class-ca.crt',
  caKey: 'class-ca.key',
  smimeCert: 'smime.crt',
  smimeKey: 'smime.key',
} as const;

/** The files holding a secret: written 0600. */
const SECRET = new Set<string>([TEACHER_FILES.pgpSecret, TEACHER_FILES.caKey, TEACHER_FILES.smimeKey]);

export interface TeacherMeta {
  version: 1;
  name: string;
  email: string;
  fingerprint: string;
  createdAt: string;
}

/** What a class file may carry of the teacher: public parts only. */
export interface TeacherPublic {
  name: string;
  email: string;
  fingerprint: string;
  openpgp: string;
  smime: string;
  ca: string;
}

/** The teacher's folder on this machine when none is named: MAILSEC_TEACHER_DIR, else the user's config folder. */
export function defaultTeacherDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MAILSEC_TEACHER_DIR) return resolve(env.MAILSEC_TEACHER_DIR);
  return join(env.XDG_CONFIG_HOME ? resolve(env.XDG_CONFIG_HOME) : join(homedir(), '.config'), 'mailsec', 'teacher');
}

export function hasTeacher(dir: string): boolean {
  return existsSync(join(dir, TEACHER_FILES.meta));
}

const YEAR_S = 365 * 86400;

const pem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END ${label}-----\n`;

const RSA = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };

interface CertSpec {
  subject: string;
  issuer: string;
  publicKey: CryptoKey;
  signKey: CryptoKey;
  ca: boolean;
  email?: string;
  years: number;
}

/**
 * A certificate serial as DER wants it: positive (top bit clear) and minimal. A first byte of
 * 0x00 would be a leading zero, which OpenSSL refuses ("illegal padding"): one identity in 512
 * would have had a certificate no openssl, node or Thunderbird could read.
 */
export function certSerial(random: Buffer): Buffer {
  const serial = Buffer.from(random);
  serial[0] = serial[0] & 0x7f || 0x01;
  return serial;
}

async function makeCert(s: CertSpec): Promise<string> {
  const { pkijs, asn1js } = await import('../vendor/pkijs.js');
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: certSerial(randomBytes(16)) });
  const cn = (v: string) => new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: v }) });
  cert.issuer.typesAndValues.push(cn(s.issuer));
  cert.subject.typesAndValues.push(cn(s.subject));
  const now = Date.now();
  cert.notBefore.value = new Date(now - 60_000);
  cert.notAfter.value = new Date(now + s.years * YEAR_S * 1000);
  await cert.subjectPublicKeyInfo.importKey(s.publicKey);
  const ext = (extnID: string, critical: boolean, value: { toSchema(): { toBER(sizeOnly?: boolean): ArrayBuffer } }) =>
    new pkijs.Extension({ extnID, critical, extnValue: value.toSchema().toBER(false) });
  // keyUsage bits: digitalSignature 0x80, keyEncipherment 0x20; keyCertSign 0x04, cRLSign 0x02
  const usage = new asn1js.BitString({ valueHex: new Uint8Array([s.ca ? 0x06 : 0xa0]).buffer });
  cert.extensions = [
    ext('2.5.29.19', true, new pkijs.BasicConstraints({ cA: s.ca })),
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: usage.toBER(false) }),
  ];
  if (!s.ca) {
    cert.extensions.push(ext('2.5.29.37', false, new pkijs.ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.4'] })));
    if (s.email)
      cert.extensions.push(ext('2.5.29.17', false, new pkijs.AltName({ altNames: [new pkijs.GeneralName({ type: 1, value: s.email })] })));
  }
  await cert.sign(s.signKey, 'SHA-256');
  return pem('CERTIFICATE', cert.toSchema(true).toBER(false));
}

async function rsaPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
}

const pkcs8 = async (k: CryptoKey) => pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', k));

/** Every file of a new identity, by name. */
async function makeFiles(name: string): Promise<{ files: Record<string, string>; meta: TeacherMeta }> {
  const pgp = await openpgp();
  const keys = await pgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name, email: TEACHER_EMAIL }],
    keyExpirationTime: 5 * YEAR_S,
    format: 'armored',
  });
  const fingerprint = (await pgp.readKey({ armoredKey: keys.publicKey })).getFingerprint().toUpperCase();
  const ca = await rsaPair();
  const caName = `${name} — mailsec class CA`;
  const caCert = await makeCert({ subject: caName, issuer: caName, publicKey: ca.publicKey, signKey: ca.privateKey, ca: true, years: 5 });
  const me = await rsaPair();
  const smime = await makeCert({
    subject: name,
    issuer: caName,
    publicKey: me.publicKey,
    signKey: ca.privateKey,
    ca: false,
    email: TEACHER_EMAIL,
    years: 2,
  });
  const meta: TeacherMeta = { version: 1, name, email: TEACHER_EMAIL, fingerprint, createdAt: new Date().toISOString() };
  return {
    meta,
    files: {
      [TEACHER_FILES.pgpPublic]: keys.publicKey,
      [TEACHER_FILES.pgpSecret]: keys.privateKey,
      [TEACHER_FILES.caCert]: caCert,
      [TEACHER_FILES.caKey]: await pkcs8(ca.privateKey),
      [TEACHER_FILES.smimeCert]: smime,
      [TEACHER_FILES.smimeKey]: await pkcs8(me.privateKey),
      [TEACHER_FILES.meta]: JSON.stringify(meta, null, 2) + '\n',
    },
  };
}

export type TeacherInit = { created: true; meta: TeacherMeta } | { created: false; meta: TeacherMeta } | { problem: 'notEmpty' };

/**
 * Makes the teacher's identities in `dir` unless they are already there (never replaced:
 * a new key would lock the teacher out of what students already encrypted). Written in a
 * folder beside it, then renamed, so two processes never leave half an identity.
 */
export async function initTeacher(dir: string, name: string): Promise<TeacherInit> {
  const root = resolve(dir);
  if (hasTeacher(root)) return { created: false, meta: readTeacherMeta(root) };
  if (existsSync(root) && readdirSync(root).length) return { problem: 'notEmpty' };
  const { files, meta } = await makeFiles(name);
  makeDirs(dirname(root));
  const tmp = `${root}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  mkdirSync(tmp, { mode: 0o700 });
  try {
    for (const [f, text] of Object.entries(files)) writeFileSync(join(tmp, f), text, { mode: SECRET.has(f) ? 0o600 : 0o644 });
    chmodSync(tmp, 0o700);
    try {
      // an empty folder is replaced; one another process filled meanwhile is kept
      renameSync(tmp, root);
    } catch (e) {
      rethrowBug(e);
      if (hasTeacher(root)) return { created: false, meta: readTeacherMeta(root) };
      throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { created: true, meta };
}

export function readTeacherMeta(dir: string): TeacherMeta {
  return JSON.parse(readFileSync(join(dir, TEACHER_FILES.meta), 'utf8')) as TeacherMeta;
}

/** The parts a student may hold. */
export function teacherPublic(dir: string): TeacherPublic {
  const meta = readTeacherMeta(dir);
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    name: meta.name,
    email: meta.email,
    fingerprint: meta.fingerprint,
    openpgp: read(TEACHER_FILES.pgpPublic),
    smime: read(TEACHER_FILES.smimeCert),
    ca: read(TEACHER_FILES.caCert),
  };
}

/** True when `text` holds a private key of any kind we know (PEM or OpenPGP armor). */
export function holdsPrivateKey(text: string): boolean {
  return /-----BEGIN (PGP PRIVATE KEY BLOCK|PRIVATE KEY|ENCRYPTED PRIVATE KEY|RSA PRIVATE KEY|EC PRIVATE KEY|DSA PRIVATE KEY|OPENSSH PRIVATE KEY)-----/.test(
    text,
  );
}

export type TeacherDecrypt = { text: Buffer } | { problem: 'notForTeacher' | 'unreadable'; error: string };

/** An OpenPGP message (armored or binary) decrypted with the teacher's secret key. */
export async function decryptForTeacher(dir: string, data: Buffer): Promise<TeacherDecrypt> {
  const pgp = await openpgp();
  const key = await pgp.readPrivateKey({ armoredKey: readFileSync(join(dir, TEACHER_FILES.pgpSecret), 'utf8') });
  let message;
  try {
    message = await readPgpMessage(data);
  } catch (e) {
    rethrowUnlessMalformed(e);
    return { problem: 'unreadable', error: (e as Error).message };
  }
  try {
    const r = await pgp.decrypt({ message, decryptionKeys: key, format: 'binary' });
    return { text: Buffer.from(r.data as Uint8Array) };
  } catch (e) {
    rethrowUnlessMalformed(e);
    return { problem: 'notForTeacher', error: (e as Error).message };
  }
}
