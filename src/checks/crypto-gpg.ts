// OpenPGP check kinds (lesson 11): the learner's key in a GnuPG home inside the workspace,
// the exported public key, a clear-signed message, an encrypted one, and the mails that
// carried them. Everything is parsed and verified with openpgp.js, never with gpg.
// A key passes when it is RSA of `bits` or more or Ed25519 with a Cv25519 subkey, and expires.
import { z } from 'zod';
import type { Key } from 'openpgp';
import { defineCheck } from './registry.js';
import { pass, fail, type CheckContext, type Verdict } from './types.js';
import { GNUPG_HOME, keysFor, openpgp, readKeyring, readPgpMessage, secretState, secretStateByPoint } from '../mailcrypto/gnupg-home.js';
import { mailsOrFail } from './crypto-delivered.js';
import { allParts, parseMime } from '../mailcrypto/mime.js';
import { rethrowBug, rethrowUnlessMalformed } from '../util/errors.js';
import { readWsFile } from './ws-file.js';

const fpr = (k: Key) => k.getFingerprint().toUpperCase();
const hexId = (id: { toHex(): string }) => id.toHex().toUpperCase();
const uidsOf = (keys: Key[]) => [...new Set(keys.flatMap((k) => k.getUserIDs()))].join(', ');
const errText = (e: unknown) =>
  String((e as Error)?.message ?? e)
    .split('\n')[0]
    .slice(0, 160);

function modulus(k: { keyPacket: { publicParams: unknown } }): Uint8Array | undefined {
  const n = (k.keyPacket.publicParams as { n?: Uint8Array }).n;
  return n instanceof Uint8Array ? n : undefined;
}

function point(k: { keyPacket: { publicParams: unknown } }): Uint8Array | undefined {
  const pp = k.keyPacket.publicParams as { Q?: Uint8Array; A?: Uint8Array };
  const q = pp.Q ?? pp.A;
  return q instanceof Uint8Array ? q : undefined;
}

type AlgoInfo = { algorithm: string; bits?: number; curve?: string };

/** What a key or subkey is, as gpg names it: rsa4096, ed25519, cv25519, dsa2048, nistp256... */
export function algoLabel(info: AlgoInfo): string {
  const a = String(info.algorithm);
  if (a.startsWith('rsa')) return `rsa${info.bits ?? '?'}`;
  if (a === 'ed25519' || info.curve === 'ed25519Legacy') return 'ed25519';
  if (a === 'x25519' || info.curve === 'curve25519Legacy') return 'cv25519';
  if (info.curve) return String(info.curve).replace(/^p(\d+)$/, 'nistp$1');
  return `${a}${info.bits ?? ''}`;
}

/** Whether a primary key (sign) or an encryption subkey is strong enough: RSA of bits or more, or the 25519 curves. */
function strongEnough(info: AlgoInfo, bits: number, use: 'sign' | 'encrypt'): 'ok' | 'bits' | 'type' {
  const label = algoLabel(info);
  if (String(info.algorithm).startsWith('rsa')) return (info.bits ?? 0) >= bits ? 'ok' : 'bits';
  return label === (use === 'sign' ? 'ed25519' : 'cv25519') ? 'ok' : 'type';
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** What is wrong with one candidate key, or undefined when it is what the step asks. */
async function keyProblem(ctx: CheckContext, home: string, key: Key, bits: number): Promise<Verdict | undefined> {
  const homeAbs = ctx.ws.resolve(home);
  const info = key.getAlgorithmInfo() as AlgoInfo;
  const ev = [`${fpr(key)} ${key.getUserIDs().join(', ')}: ${algoLabel(info)}`];
  const uid = key.getUserIDs()[0] ?? '';
  const strength = strongEnough(info, bits, 'sign');
  if (strength === 'type') return fail('mailcrypto.gpg.keyType', { uid, seen: algoLabel(info), bits }, ev);
  if (strength === 'bits') return fail('mailcrypto.gpg.keyBits', { uid, seen: info.bits ?? 0, wanted: bits }, ev);
  if (await key.isRevoked()) return fail('gpg.keyRevoked', { uid, fpr: fpr(key) }, ev);
  const expires = await key.getExpirationTime();
  if (expires instanceof Date) {
    ev.push(`expires ${day(expires)}`);
    if (expires.getTime() <= Date.now()) return fail('gpg.keyExpired', { uid, fpr: fpr(key), date: day(expires) }, ev);
  } else if (expires === Infinity) {
    return fail('gpg.noExpiry', { uid, fpr: fpr(key) }, ev);
  }
  try {
    await key.verifyPrimaryKey();
  } catch (e) {
    rethrowBug(e);
    return fail('mailcrypto.gpg.keyInvalid', { uid, error: errText(e) }, ev);
  }
  let enc;
  try {
    enc = await key.getEncryptionKey();
  } catch (e) {
    rethrowBug(e);
    const algo = String(info.algorithm).startsWith('rsa') ? `rsa${Math.max(bits, info.bits ?? 0)}` : 'cv25519';
    return fail('mailcrypto.gpg.noEncryptionKey', { uid, fpr: fpr(key), bits, algo }, ev);
  }
  const encInfo = enc.getAlgorithmInfo() as AlgoInfo;
  const encStrength = strongEnough(encInfo, bits, 'encrypt');
  if (encStrength !== 'ok') {
    const evEnc = [...ev, `${hexId(enc.getKeyID())}: ${algoLabel(encInfo)} [E]`];
    if (encStrength === 'bits') return fail('mailcrypto.gpg.keyBits', { uid, seen: encInfo.bits ?? 0, wanted: bits }, evEnc);
    return fail('mailcrypto.gpg.keyType', { uid, seen: algoLabel(encInfo), bits }, evEnc);
  }
  const secret = String(info.algorithm).startsWith('rsa') ? secretState(homeAbs, modulus(key)) : secretStateByPoint(homeAbs, point(key));
  if (secret === 'missing') return fail('mailcrypto.gpg.noSecret', { uid, home }, ev);
  if (secret === 'clear') return fail('mailcrypto.gpg.noPassphrase', { uid, fpr: fpr(key) }, ev);
  return undefined;
}

export type Learner = { key: Key; all: Key[] } | { verdict: Verdict };

/** The learner's key: the newest key of the home for that address that is what the step asks. */
export async function learnerKey(ctx: CheckContext, home: string, uid: string, bits: number): Promise<Learner> {
  const ring = await readKeyring(ctx.ws.resolve(home));
  if ('problem' in ring) return { verdict: fail('mailcrypto.gpg.noKeyring', { home, uid }) };
  const mine = keysFor(ring.keys, uid).sort((a, b) => b.getCreationTime().getTime() - a.getCreationTime().getTime());
  if (!mine.length) {
    if (ring.keys.length)
      return {
        verdict: fail(
          'mailcrypto.gpg.otherUid',
          { home, seen: uidsOf(ring.keys), wanted: uid },
          ring.keys.map((k) => `${fpr(k)} ${k.getUserIDs().join(', ')}`),
        ),
      };
    return { verdict: fail('mailcrypto.gpg.noKey', { home, uid }) };
  }
  let first: Verdict | undefined;
  for (const k of mine) {
    const problem = await keyProblem(ctx, home, k, bits);
    if (!problem) return { key: k, all: ring.keys };
    first ??= problem;
  }
  return { verdict: first! };
}

const common = {
  home: z.string().min(1).default(GNUPG_HOME),
  uid: z.string().min(3),
  bits: z.number().int().min(1024).default(3072),
};

export const gpgKey = defineCheck({
  kind: 'gpg.key',
  params: z.object(common).strict(),
  async run(ctx, p) {
    const l = await learnerKey(ctx, p.home, p.uid, p.bits);
    if ('verdict' in l) return l.verdict;
    const info = l.key.getAlgorithmInfo() as AlgoInfo;
    const enc = await l.key.getEncryptionKey();
    const encInfo = enc.getAlgorithmInfo() as AlgoInfo;
    const expires = await l.key.getExpirationTime();
    const until = expires instanceof Date ? day(expires) : '?';
    return pass('gpg.keyOk', { uid: p.uid, fpr: fpr(l.key), algo: `${algoLabel(info)}/${algoLabel(encInfo)}`, date: until }, [
      `pub ${algoLabel(info)} ${fpr(l.key)} [expires: ${until}]`,
      ...l.key.getUserIDs().map((u) => `uid ${u}`),
      `sub ${algoLabel(encInfo)} ${hexId(enc.getKeyID())} [E]`,
    ]);
  },
});

export const gpgExport = defineCheck({
  kind: 'gpg.export',
  params: z.object({ ...common, path: z.string().min(1) }).strict(),
  async run(ctx, p) {
    const data = readWsFile(ctx, p.path);
    if (!data) return fail('mailcrypto.gpg.exportMissing', { path: p.path, uid: p.uid });
    const text = data.toString('latin1');
    if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(text)) return fail('mailcrypto.gpg.exportedSecret', { path: p.path, uid: p.uid });
    if (!data.length || !text.trim()) return fail('mailcrypto.gpg.exportEmpty', { path: p.path, uid: p.uid });
    const pgp = await openpgp();
    let keys: Key[];
    const armored = /-----BEGIN PGP PUBLIC KEY BLOCK-----/.test(text);
    try {
      keys = armored ? await pgp.readKeys({ armoredKeys: text }) : await pgp.readKeys({ binaryKeys: data });
    } catch (e) {
      rethrowUnlessMalformed(e);
      return fail('mailcrypto.gpg.exportUnreadable', { path: p.path, error: errText(e), uid: p.uid });
    }
    if (keys.some((k) => k.isPrivate())) return fail('mailcrypto.gpg.exportedSecret', { path: p.path, uid: p.uid });
    if (!armored) return fail('mailcrypto.gpg.notArmored', { path: p.path, uid: p.uid });
    const l = await learnerKey(ctx, p.home, p.uid, p.bits);
    if ('verdict' in l) return l.verdict;
    const ev = keys.map((k) => `${p.path}: ${fpr(k)} ${k.getUserIDs().join(', ')}`);
    const same = keys.find((k) => fpr(k) === fpr(l.key));
    if (!same) return fail('mailcrypto.gpg.exportOther', { path: p.path, seen: uidsOf(keys) || '?', wanted: fpr(l.key), uid: p.uid }, ev);
    const enc = await l.key.getEncryptionKey();
    if (!same.subkeys.some((s) => s.getFingerprint() === enc.getFingerprint()))
      return fail('mailcrypto.gpg.exportStale', { path: p.path, uid: p.uid }, ev);
    try {
      await same.verifyPrimaryKey();
    } catch (e) {
      rethrowBug(e);
      return fail('mailcrypto.gpg.keyInvalid', { uid: p.uid, error: errText(e) }, ev);
    }
    return pass('mailcrypto.gpg.exportOk', { path: p.path, fpr: fpr(same) }, ev);
  },
});

type SignedRead = { ok: true; text: string; by: string } | { ok: false; verdict: Verdict };

/** Verifies a clear-signed text against the learner's key. */
async function verifyClearsigned(text: string, key: Key, shown: string): Promise<SignedRead> {
  const pgp = await openpgp();
  let msg;
  try {
    msg = await pgp.readCleartextMessage({ cleartextMessage: text });
  } catch (e) {
    rethrowUnlessMalformed(e);
    return { ok: false, verdict: fail('mailcrypto.gpg.signedUnreadable', { path: shown, error: errText(e) }) };
  }
  const ids = new Set(key.getKeyIDs().map(hexId));
  const sigIds = msg.getSigningKeyIDs().map(hexId);
  if (!sigIds.some((id) => ids.has(id))) {
    return {
      ok: false,
      verdict: fail('mailcrypto.gpg.signedByOther', { path: shown, seen: sigIds.join(', ') || '?', wanted: hexId(key.getKeyID()) }, [
        `${shown}: signature by key ${sigIds.join(', ')}`,
      ]),
    };
  }
  const r = await pgp.verify({ message: msg, verificationKeys: key });
  const sig = r.signatures.find((s) => ids.has(hexId(s.keyID)));
  try {
    await sig!.verified;
  } catch (e) {
    rethrowBug(e);
    return { ok: false, verdict: fail('mailcrypto.gpg.signedAltered', { path: shown }, [`${shown}: ${errText(e)}`]) };
  }
  return { ok: true, text: String(r.data), by: hexId(sig!.keyID) };
}

function firstLine(s: string): string {
  const l = s.split('\n').find((x) => x.trim()) ?? '';
  return l.length > 60 ? l.slice(0, 59) + '…' : l;
}

export const gpgClearsigned = defineCheck({
  kind: 'gpg.clearsigned',
  params: z.object({ ...common, path: z.string().min(1) }).strict(),
  async run(ctx, p) {
    const data = readWsFile(ctx, p.path);
    if (!data) return fail('mailcrypto.gpg.signedMissing', { path: p.path });
    const text = data.toString('utf8');
    if (!/-----BEGIN PGP SIGNED MESSAGE-----/.test(text)) {
      if (/-----BEGIN PGP MESSAGE-----/.test(text) || (data.length && data[0] & 0x80))
        return fail('mailcrypto.gpg.notCleartext', { path: p.path });
      if (/-----BEGIN PGP SIGNATURE-----/.test(text)) return fail('mailcrypto.gpg.detachedOnly', { path: p.path });
      return fail('mailcrypto.gpg.notSigned', { path: p.path });
    }
    const l = await learnerKey(ctx, p.home, p.uid, p.bits);
    if ('verdict' in l) return l.verdict;
    const v = await verifyClearsigned(text, l.key, p.path);
    if (!v.ok) return v.verdict;
    return pass('mailcrypto.gpg.signedOk', { path: p.path, uid: p.uid, keyid: v.by }, [
      `${p.path}: «${firstLine(v.text)}»`,
      `gpg: Good signature from "${l.key.getUserIDs()[0]}" (${v.by})`,
    ]);
  },
});

const recipient = z.object({ uid: z.string().min(3), keyFile: z.string().min(1).optional() }).strict();
type Recipient = z.infer<typeof recipient>;

/** The key ids a recipient's key answers to (primary and subkeys). */
async function recipientIds(ctx: CheckContext, home: string, r: Recipient): Promise<{ ids: Set<string> } | { verdict: Verdict }> {
  let keys: Key[] = [];
  if (r.keyFile) {
    const data = readWsFile(ctx, r.keyFile);
    if (!data) return { verdict: fail('mailcrypto.gpg.recipientKeyMissing', { path: r.keyFile, uid: r.uid }) };
    try {
      keys = await (await openpgp()).readKeys({ armoredKeys: data.toString('latin1') });
    } catch (e) {
      rethrowUnlessMalformed(e);
      return { verdict: fail('mailcrypto.gpg.exportUnreadable', { path: r.keyFile, error: errText(e), uid: r.uid }) };
    }
  } else {
    const ring = await readKeyring(ctx.ws.resolve(home));
    if ('problem' in ring) return { verdict: fail('mailcrypto.gpg.noKeyring', { home, uid: r.uid }) };
    keys = ring.keys;
  }
  const mine = keysFor(keys, r.uid);
  return { ids: new Set(mine.flatMap((k) => k.getKeyIDs().map(hexId))) };
}

type EncRead = { ids: string[] } | { problem: 'notOpenpgp' | 'notEncrypted' | 'symmetric'; error?: string };

/** The key ids an OpenPGP message is encrypted to (armored or binary). */
async function encryptedTo(data: Buffer): Promise<EncRead> {
  const pgp = await openpgp();
  const text = data.toString('latin1');
  if (/-----BEGIN PGP SIGNED MESSAGE-----/.test(text)) return { problem: 'notEncrypted' };
  let msg;
  try {
    msg = await readPgpMessage(data);
  } catch (e) {
    rethrowUnlessMalformed(e);
    return { problem: 'notOpenpgp', error: errText(e) };
  }
  const ids = msg.getEncryptionKeyIDs().map(hexId);
  if (ids.length) return { ids };
  const tags = msg.packets.map((pk) => (pk.constructor as { tag?: number }).tag);
  if (tags.includes(3)) return { problem: 'symmetric' };
  return { problem: 'notEncrypted' };
}

/** Judges an encrypted message against the recipients the step asks for. */
async function encryptedVerdict(ctx: CheckContext, data: Buffer, shown: string, home: string, recipients: Recipient[]): Promise<Verdict> {
  const r = await encryptedTo(data);
  if ('problem' in r) {
    if (r.problem === 'notOpenpgp') return fail('mailcrypto.gpg.notOpenpgp', { path: shown, error: r.error ?? '' });
    return fail(r.problem === 'symmetric' ? 'mailcrypto.gpg.symmetric' : 'mailcrypto.gpg.notEncrypted', { path: shown });
  }
  const ev = [`${shown}: encrypted to ${r.ids.join(', ')}`];
  for (const rec of recipients) {
    const want = await recipientIds(ctx, home, rec);
    if ('verdict' in want) return want.verdict;
    if (!r.ids.some((id) => want.ids.has(id)))
      return fail('mailcrypto.gpg.notTo', { path: shown, uid: rec.uid, seen: r.ids.join(', ') }, ev);
  }
  return pass('mailcrypto.gpg.encryptedOk', { path: shown, uids: recipients.map((x) => x.uid).join(', ') }, ev);
}

export const gpgEncrypted = defineCheck({
  kind: 'gpg.encrypted',
  params: z.object({ home: common.home, path: z.string().min(1), recipients: z.array(recipient).min(1) }).strict(),
  async run(ctx, p) {
    const data = readWsFile(ctx, p.path);
    if (!data)
      return fail('mailcrypto.gpg.encryptedMissing', {
        path: p.path,
        uids: p.recipients.map((r: Recipient) => r.uid).join(', '),
        args: p.recipients.map((r: Recipient) => `--recipient ${r.uid}`).join(' '),
      });
    if (!data.length) return fail('mailcrypto.gpg.notOpenpgp', { path: p.path, error: 'empty file' });
    return encryptedVerdict(ctx, data, p.path, p.home, p.recipients);
  },
});

/** The OpenPGP payloads of a mail: clear-signed texts and encrypted messages, from any part. */
function pgpPayloads(text: string): { signed: string[]; encrypted: Buffer[] } {
  const signed: string[] = [];
  const encrypted: Buffer[] = [];
  for (const part of allParts(parseMime(text))) {
    if (part.children.length) continue;
    const c = part.content;
    const s = c.toString('utf8');
    const cs = /-----BEGIN PGP SIGNED MESSAGE-----[\s\S]*?-----END PGP SIGNATURE-----/.exec(s);
    if (cs) signed.push(cs[0]);
    const em = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/.exec(s);
    if (em) encrypted.push(Buffer.from(em[0], 'utf8'));
    else if (c.length && c[0] & 0x80 && /\.(gpg|pgp|asc)$/i.test(part.filename)) encrypted.push(c);
  }
  return { signed, encrypted };
}

export const gpgMailed = defineCheck({
  kind: 'gpg.mailed',
  params: z
    .object({
      ...common,
      /** the address the mails go to */
      to: z.string().min(3),
      recipients: z.array(recipient).min(1),
    })
    .strict(),
  async run(ctx, p) {
    const mails = mailsOrFail(ctx, p.to);
    if (!Array.isArray(mails)) return mails;
    const l = await learnerKey(ctx, p.home, p.uid, p.bits);
    if ('verdict' in l) return l.verdict;
    let signedOk: { path: string; text: string } | undefined;
    let signedBad: Verdict | undefined;
    let encOk: { path: string; ev: string[] } | undefined;
    let encBad: Verdict | undefined;
    for (const m of mails) {
      const found = pgpPayloads(m.text);
      for (const s of found.signed) {
        if (signedOk) break;
        const v = await verifyClearsigned(s, l.key, m.path);
        if (v.ok) signedOk = { path: m.path, text: v.text };
        else signedBad ??= v.verdict;
      }
      for (const e of found.encrypted) {
        if (encOk) break;
        const v = await encryptedVerdict(ctx, e, m.path, p.home, p.recipients);
        if (v.status === 'pass') encOk = { path: m.path, ev: v.evidence };
        else encBad ??= v;
      }
    }
    if (!signedOk) {
      if (signedBad?.message.key === 'mailcrypto.gpg.signedByOther')
        return fail('mailcrypto.mail.signedByOther', { to: p.to, seen: String(signedBad.message.params?.seen ?? '?') }, signedBad.evidence);
      if (signedBad) return fail('mailcrypto.mail.signedAltered', { to: p.to }, signedBad.evidence);
      return fail(
        'mailcrypto.mail.noSigned',
        { to: p.to, count: mails.length },
        mails.slice(0, 3).map((m) => m.path),
      );
    }
    if (!encOk) {
      if (encBad?.message.key === 'mailcrypto.gpg.notTo')
        return fail('mailcrypto.mail.encryptedNotTo', { to: p.to, uid: String(encBad.message.params?.uid ?? '?') }, encBad.evidence);
      if (encBad) return encBad;
      return fail(
        'mailcrypto.mail.noEncrypted',
        { to: p.to, count: mails.length },
        mails.slice(0, 3).map((m) => m.path),
      );
    }
    return pass('mailcrypto.mail.gpgOk', { to: p.to }, [`${signedOk.path}: «${firstLine(signedOk.text)}»`, ...encOk.ev]);
  },
});
