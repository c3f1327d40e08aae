// The teacher reads an OpenPGP mail as a mail client would: inline (a clear-signed text, an
// armored or binary message, in the body or attached) and PGP/MIME (RFC 3156: multipart/
// signed and multipart/encrypted); the learner's key attached (application/pgp-keys or an
// armored block) or in an Autocrypt header. What it decrypts (sent to the teacher's key) is
// read again the same way. Then the answer: encrypted to the learner's key, signed by the
// teacher, as PGP/MIME.
import type { Key, PrivateKey } from 'openpgp';
import { openpgp, emailsOf } from '../gnupg-home.js';
import { allParts, headerOf, parseMime, type MimePart } from '../mime.js';
import { rethrowUnlessMalformed } from '../../util/errors.js';
import type { AnsweringTeacher, Entity, Incoming, Reading } from './types.js';

const ARMOR_KEY = /-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]*?-----END PGP PUBLIC KEY BLOCK-----/g;
const ARMOR_MSG = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/g;
const CLEARSIGNED = /-----BEGIN PGP SIGNED MESSAGE-----[\s\S]*?-----END PGP SIGNATURE-----/g;
/** at most this much OpenPGP is read from one mail (a few keys, messages and signatures) */
const MAX_ITEMS = 12;
const MAX_DEPTH = 3;

type Signed =
  | { kind: 'clear'; text: string }
  | { kind: 'detached'; data: Buffer; signature: Buffer }
  | { kind: 'message'; data: Buffer; decrypted?: boolean };

interface Found {
  keys: Key[];
  signed: Signed[];
  /** encrypted messages the teacher's key could not open: why */
  notForMe: string[];
  unreadable: string[];
  decrypted: number;
  /** the first line of text the teacher decrypted: the note quotes it, to show it was read */
  firstLine?: string;
}

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

/** An OpenPGP packet stream starts with a packet tag: bit 7 set (0x84 PKESK, 0x85, 0xc1, 0x90 one-pass...). */
const looksBinaryPgp = (b: Buffer) =>
  b.length > 8 && (b[0] & 0x80) !== 0 && !/^[\x09\x0a\x0d\x20-\x7e]*$/.test(b.subarray(0, 64).toString('latin1'));

async function addKeys(found: Found, data: { armored?: string; binary?: Uint8Array }): Promise<void> {
  const pgp = await openpgp();
  try {
    const keys = data.armored ? await pgp.readKeys({ armoredKeys: data.armored }) : await pgp.readKeys({ binaryKeys: data.binary! });
    for (const k of keys) if (found.keys.length < MAX_ITEMS && !k.isPrivate()) found.keys.push(k);
  } catch (e) {
    rethrowUnlessMalformed(e);
    found.unreadable.push(`key: ${(e as Error).message}`);
  }
}

/** Autocrypt: addr=...; keydata=BASE64 (the sender's key, in every mail a modern client sends) */
function autocryptKey(root: MimePart): Uint8Array | undefined {
  const v = headerOf(root.headers, 'autocrypt');
  const m = /(?:^|;)\s*keydata\s*=\s*([A-Za-z0-9+/=\s]+)/i.exec(v);
  return m ? new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'base64')) : undefined;
}

async function collect(root: MimePart, teacher: AnsweringTeacher, found: Found, depth: number): Promise<void> {
  const ac = autocryptKey(root);
  if (ac) await addKeys(found, { binary: ac });
  const parts = allParts(root);
  const inSigned = new Set<MimePart>();
  const inEncrypted = new Set<MimePart>();
  for (const part of parts) {
    if (part.type === 'multipart/signed' && /pgp-signature/i.test(part.params.protocol ?? '') && part.children.length >= 2) {
      found.signed.push({ kind: 'detached', data: Buffer.from(crlf(part.children[0].raw), 'utf8'), signature: part.children[1].content });
      inSigned.add(part.children[1]);
    }
    if (part.type === 'multipart/encrypted' && /pgp-encrypted/i.test(part.params.protocol ?? '') && part.children.length >= 2) {
      await openMessage(part.children[1].content, teacher, found, depth);
      for (const c of part.children) inEncrypted.add(c);
    }
  }
  for (const part of parts) {
    if (part.children.length || inSigned.has(part) || inEncrypted.has(part)) continue;
    if (found.signed.length + found.keys.length >= MAX_ITEMS) break;
    const text = part.content.toString('utf8');
    if (part.type === 'application/pgp-keys' && !text.includes('-----BEGIN'))
      await addKeys(found, { binary: new Uint8Array(part.content) });
    for (const m of text.match(ARMOR_KEY) ?? []) await addKeys(found, { armored: m });
    for (const m of text.match(CLEARSIGNED) ?? []) found.signed.push({ kind: 'clear', text: m });
    for (const m of text.match(ARMOR_MSG) ?? []) await openMessage(Buffer.from(m, 'utf8'), teacher, found, depth);
    if (!text.includes('-----BEGIN') && looksBinaryPgp(part.content)) await openMessage(part.content, teacher, found, depth);
  }
}

/** An OpenPGP message: decrypted with the teacher's key when it is encrypted, then read again; kept for its signatures. */
async function openMessage(data: Buffer, teacher: AnsweringTeacher, found: Found, depth: number): Promise<void> {
  const pgp = await openpgp();
  let message;
  try {
    const text = data.toString('latin1');
    message = text.includes('-----BEGIN PGP MESSAGE-----')
      ? await pgp.readMessage({ armoredMessage: text.slice(text.indexOf('-----BEGIN PGP MESSAGE-----')) })
      : await pgp.readMessage({ binaryMessage: new Uint8Array(data) });
  } catch (e) {
    rethrowUnlessMalformed(e);
    found.unreadable.push(`message: ${(e as Error).message}`);
    return;
  }
  const encrypted = message.getEncryptionKeyIDs().length > 0;
  if (!encrypted) {
    found.signed.push({ kind: 'message', data });
    return;
  }
  let plain: Buffer;
  try {
    const key = await teacherKey(teacher);
    const r = await pgp.decrypt({ message, decryptionKeys: key, format: 'binary' });
    plain = Buffer.from(r.data as Uint8Array);
  } catch (e) {
    rethrowUnlessMalformed(e);
    found.notForMe.push(
      message
        .getEncryptionKeyIDs()
        .map((k) => k.toHex().toUpperCase())
        .join(', '),
    );
    return;
  }
  found.decrypted++;
  found.firstLine ??= firstLine(plain.toString('utf8'));
  // signed and encrypted in one message: its signatures are checked once every key is known
  found.signed.push({ kind: 'message', data, decrypted: true });
  if (depth < MAX_DEPTH) {
    const text = plain.toString('utf8');
    // PGP/MIME: the decrypted text is a MIME entity; inline: a text or a file
    const root = /^[A-Za-z-]+:/.test(text) ? parseMime(plain) : parseMime(`Content-Type: application/octet-stream\r\n\r\n${text}`);
    if (!/^[A-Za-z-]+:/.test(text)) root.content = plain;
    await collect(root, teacher, found, depth + 1);
  }
}

/** The first line of text, past a MIME entity's headers, cut to 120 characters. */
function firstLine(text: string): string | undefined {
  const body = /^[A-Za-z-]+:/.test(text) ? text.slice(text.search(/\r?\n\r?\n/) + 1) : text;
  const line = body.split(/\r?\n/).find((l) => l.trim() && !/^-----BEGIN/.test(l));
  return line ? line.trim().slice(0, 120) : undefined;
}

const teacherKeys = new Map<string, PrivateKey>();
async function teacherKey(teacher: AnsweringTeacher): Promise<PrivateKey> {
  let k = teacherKeys.get(teacher.pgpSecret);
  if (!k) {
    k = await (await openpgp()).readPrivateKey({ armoredKey: teacher.pgpSecret });
    teacherKeys.set(teacher.pgpSecret, k);
  }
  return k;
}

type Verified = { state: 'good'; key: Key } | { state: 'bad'; key: Key } | { state: 'noKey'; keyId: string } | { state: 'none' };

/** The signatures of one signed item against the keys found: good, bad, or made by a key the mail does not carry. */
async function verifyItem(item: Signed, keys: Key[], teacher: AnsweringTeacher): Promise<Verified[]> {
  const pgp = await openpgp();
  let sigs: { keyID: { toHex(): string }; verified: Promise<boolean> }[];
  try {
    if (item.kind === 'clear') {
      const message = await pgp.readCleartextMessage({ cleartextMessage: item.text });
      sigs = (await pgp.verify({ message, verificationKeys: keys.length ? keys : ([] as Key[]), expectSigned: false })).signatures;
    } else if (item.kind === 'detached') {
      const t = item.signature.toString('latin1');
      const signature = t.includes('-----BEGIN PGP SIGNATURE-----')
        ? await pgp.readSignature({ armoredSignature: t })
        : await pgp.readSignature({ binarySignature: new Uint8Array(item.signature) });
      const message = await pgp.createMessage({ binary: new Uint8Array(item.data) });
      sigs = (await pgp.verify({ message, signature, verificationKeys: keys })).signatures;
    } else {
      const t = item.data.toString('latin1');
      const message = t.includes('-----BEGIN PGP MESSAGE-----')
        ? await pgp.readMessage({ armoredMessage: t.slice(t.indexOf('-----BEGIN PGP MESSAGE-----')) })
        : await pgp.readMessage({ binaryMessage: new Uint8Array(item.data) });
      sigs = item.decrypted
        ? (await pgp.decrypt({ message, decryptionKeys: await teacherKey(teacher), verificationKeys: keys, format: 'binary' })).signatures
        : (await pgp.verify({ message, verificationKeys: keys, format: 'binary' })).signatures;
    }
  } catch (e) {
    rethrowUnlessMalformed(e);
    return [{ state: 'none' }];
  }
  const out: Verified[] = [];
  for (const s of sigs) {
    const id = s.keyID.toHex().toUpperCase();
    const key = keys.find((k) => k.getKeyIDs().some((kid) => kid.toHex().toUpperCase() === id));
    if (!key) {
      // the promise rejects with "Could not find signing key": nothing to wait for
      s.verified.catch(() => undefined);
      out.push({ state: 'noKey', keyId: id });
      continue;
    }
    try {
      out.push((await s.verified) ? { state: 'good', key } : { state: 'bad', key });
    } catch (e) {
      rethrowUnlessMalformed(e);
      out.push({ state: 'bad', key });
    }
  }
  return out;
}

const fpr = (k: Key) => k.getFingerprint().toUpperCase();

/** What the teacher makes of the mail, and the encrypted answer when a good signature came with its key. */
export async function readPgp(inc: Incoming): Promise<Reading | undefined> {
  const found: Found = { keys: [], signed: [], notForMe: [], unreadable: [], decrypted: 0 };
  await collect(parseMime(inc.raw), inc.teacher, found, 0);
  if (!found.signed.length && !found.notForMe.length && !found.decrypted && !found.keys.length && !found.unreadable.length)
    return undefined;
  const sender = inc.sender.toLowerCase();
  const results = (await Promise.all(found.signed.map((s) => verifyItem(s, found.keys, inc.teacher)))).flat();
  const good = results.filter((r): r is Extract<Verified, { state: 'good' }> => r.state === 'good');
  const mine = good.find((g) => emailsOf(g.key).includes(sender));
  if (mine) {
    try {
      await mine.key.getEncryptionKey();
    } catch (e) {
      rethrowUnlessMalformed(e);
      return note(
        'keyUnusable',
        { fingerprint: fpr(mine.key), error: (e as Error).message },
        `key ${fpr(mine.key)} cannot encrypt: ${(e as Error).message}`,
      );
    }
    const entity = await encryptedAnswer(inc, mine.key);
    return {
      kind: 'gpg',
      outcome: 'answered',
      entity,
      secret: inc.secret,
      detail: `good signature from ${fpr(mine.key)}, answer encrypted to it and signed by ${inc.teacher.fingerprint}`,
    };
  }
  if (good.length) {
    const k = good[0].key;
    return note(
      'keyMismatch',
      { fingerprint: fpr(k), address: emailsOf(k).join(', ') || '-', sender },
      `good signature from ${fpr(k)}, a key for ${emailsOf(k).join(', ') || 'no address'}, not for ${sender}`,
    );
  }
  const bad = results.find((r) => r.state === 'bad');
  if (bad && bad.state === 'bad') return note('badSignature', { fingerprint: fpr(bad.key) }, `BAD signature from ${fpr(bad.key)}`);
  const unknown = results.find((r) => r.state === 'noKey');
  if (unknown && unknown.state === 'noKey')
    return note('noKey', { keyId: unknown.keyId }, `signed by key ${unknown.keyId}, which the mail does not carry`);
  if (found.notForMe.length && !found.decrypted)
    return note(
      'notForTeacher',
      { keyIds: found.notForMe.join(', '), fingerprint: inc.teacher.fingerprint },
      `encrypted to ${found.notForMe.join(', ')}, not to ${inc.teacher.fingerprint}`,
    );
  if (found.unreadable.length && !found.signed.length && !found.decrypted)
    return note('unreadable', { error: found.unreadable[0] }, `unreadable OpenPGP data: ${found.unreadable[0]}`);
  if (found.decrypted)
    return {
      ...note('unsigned', { line: found.firstLine ?? '…' }, 'decrypted with the teacher key, but not signed'),
      why: 'answer.why.gpg.decryptedUnsigned',
    };
  return note('unsigned', {}, found.keys.length ? 'a key came, but nothing was signed' : 'no signature');
}

function note(outcome: Reading['outcome'], params: Record<string, string>, detail: string): Reading {
  return { kind: 'gpg', outcome, params, detail };
}

/** PGP/MIME (RFC 3156 section 4): the answer's text as a MIME entity, signed and encrypted in one OpenPGP message. */
async function encryptedAnswer(inc: Incoming, to: Key): Promise<Entity> {
  const { answerText } = await import('./compose.js');
  const pgp = await openpgp();
  const inner = crlf(
    [
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      answerText(inc, 'gpg', { fingerprint: fpr(to) }),
      '',
    ].join('\n'),
  );
  const armored = (await pgp.encrypt({
    message: await pgp.createMessage({ binary: new Uint8Array(Buffer.from(inner, 'utf8')) }),
    encryptionKeys: to,
    signingKeys: await teacherKey(inc.teacher),
    format: 'armored',
  })) as string;
  const boundary = `=-pgp-${inc.secret.replace(/\W/g, '')}-${Date.now().toString(36)}`;
  return {
    headers: [`Content-Type: multipart/encrypted; protocol="application/pgp-encrypted";`, `\tboundary="${boundary}"`],
    body: crlf(
      [
        'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)',
        `--${boundary}`,
        'Content-Type: application/pgp-encrypted',
        'Content-Description: PGP/MIME version identification',
        '',
        'Version: 1',
        '',
        `--${boundary}`,
        'Content-Type: application/octet-stream; name="encrypted.asc"',
        'Content-Description: OpenPGP encrypted message',
        'Content-Disposition: inline; filename="encrypted.asc"',
        '',
        armored.trimEnd(),
        '',
        `--${boundary}--`,
        '',
      ].join('\n'),
    ),
  };
}
