// OpenPGP check kinds of lesson 11 around the key's life: the revocation certificate the
// learner keeps away from the key, and the key published in a Web Key Directory (WKD).
// Parsed and verified with openpgp.js, never with gpg: the learner's key is never revoked,
// the certificate is only applied to a copy of it in memory.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { z } from 'zod';
import type { Key } from 'openpgp';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import { learnerKey } from './crypto-gpg.js';
import { GNUPG_HOME, listDir, openpgp } from '../mailcrypto/gnupg-home.js';
import { rethrowBug, rethrowUnlessMalformed } from '../util/errors.js';
import { readWsFile } from './ws-file.js';

const fpr = (k: Key) => k.getFingerprint().toUpperCase();
const errText = (e: unknown) =>
  String((e as Error)?.message ?? e)
    .split('\n')[0]
    .slice(0, 160);

const ZBASE32 = 'ybndrfg8ejkmcpqxot1uwisza345h769';

/** z-base-32 (RFC 6189 §5.1.6) of bytes, 5 bits a character, most significant first. */
export function zbase32(data: Uint8Array): string {
  let out = '';
  let acc = 0;
  let n = 0;
  for (const b of data) {
    acc = (acc << 8) | b;
    n += 8;
    while (n >= 5) {
      out += ZBASE32[(acc >>> (n - 5)) & 31];
      n -= 5;
    }
    acc &= (1 << n) - 1;
  }
  if (n > 0) out += ZBASE32[(acc << (5 - n)) & 31];
  return out;
}

/** The WKD name of an address: z-base-32 of the SHA-1 of its local part in lower case (ASCII). */
export function wkdHash(address: string): string {
  const at = address.lastIndexOf('@');
  const local = (at < 0 ? address : address.slice(0, at)).replace(/[A-Z]/g, (c) => c.toLowerCase());
  return zbase32(createHash('sha1').update(local, 'utf8').digest());
}

const common = {
  home: z.string().min(1).default(GNUPG_HOME),
  uid: z.string().min(3),
  bits: z.number().int().min(1024).default(3072),
};

/** The packets of a certificate file: gpg puts a colon before its armor so it is not imported by accident. */
async function certificateBytes(data: Buffer): Promise<Uint8Array | { error: string }> {
  const pgp = await openpgp();
  const text = data.toString('latin1');
  if (/-----BEGIN PGP /.test(text)) {
    const armor = text.replace(/^:(-----BEGIN PGP )/m, '$1');
    const start = armor.search(/^-----BEGIN PGP /m);
    try {
      const u = await pgp.unarmor(armor.slice(Math.max(start, 0)));
      return u.data as Uint8Array;
    } catch (e) {
      rethrowUnlessMalformed(e);
      return { error: errText(e) };
    }
  }
  return new Uint8Array(data);
}

export const gpgRevocation = defineCheck({
  kind: 'gpg.revocation',
  params: z.object({ ...common, path: z.string().min(1) }).strict(),
  async run(ctx, p) {
    const l = await learnerKey(ctx, p.home, p.uid, p.bits);
    if ('verdict' in l) return l.verdict;
    const mine = fpr(l.key);
    const data = readWsFile(ctx, p.path);
    if (!data || !data.length) return fail('gpg.revMissing', { path: p.path, fpr: mine });
    const bytes = await certificateBytes(data);
    if (!(bytes instanceof Uint8Array)) return fail('gpg.revUnreadable', { path: p.path, error: bytes.error, fpr: mine });
    const pgp = await openpgp();
    let sigs;
    try {
      // a key copied by mistake parses too, to say so rather than "unreadable"
      const allowed = Object.fromEntries(
        [
          pgp.SignaturePacket,
          pgp.PublicKeyPacket,
          pgp.PublicSubkeyPacket,
          pgp.SecretKeyPacket,
          pgp.SecretSubkeyPacket,
          pgp.UserIDPacket,
          pgp.UserAttributePacket,
        ].map((c) => [c.tag, c]),
      ) as unknown as Parameters<typeof pgp.PacketList.fromBinary>[1];
      const list = await pgp.PacketList.fromBinary(bytes, allowed);
      sigs = [...list].filter((x): x is InstanceType<typeof pgp.SignaturePacket> => x instanceof pgp.SignaturePacket);
    } catch (e) {
      rethrowUnlessMalformed(e);
      return fail('gpg.revUnreadable', { path: p.path, error: errText(e), fpr: mine });
    }
    const revs = sigs.filter((s) => s.signatureType === pgp.enums.signature.keyRevocation);
    if (!revs.length) return fail('gpg.revNotRevocation', { path: p.path, fpr: mine });
    const issuer = (s: (typeof revs)[number]) =>
      s.issuerFingerprint ? Buffer.from(s.issuerFingerprint).toString('hex').toUpperCase() : s.issuerKeyID.toHex().toUpperCase();
    const ev = revs.map((s) => `${p.path}: key revocation by ${issuer(s)}`);
    const ids = new Set([mine, l.key.getKeyID().toHex().toUpperCase()]);
    if (!revs.some((s) => ids.has(issuer(s))))
      return fail('gpg.revOther', { path: p.path, seen: revs.map(issuer).join(', '), wanted: mine }, ev);
    // verified against the key in memory: the keyring is never touched, the key never revoked
    const rev = revs.find((s) => ids.has(issuer(s)))!;
    try {
      await rev.verify(l.key.keyPacket, pgp.enums.signature.keyRevocation, { key: l.key.keyPacket });
    } catch (e) {
      rethrowBug(e);
      return fail('gpg.revBad', { path: p.path, fpr: mine }, [...ev, errText(e)]);
    }
    return pass('gpg.revOk', { path: p.path, fpr: mine }, ev);
  },
});

export const gpgWkd = defineCheck({
  kind: 'gpg.wkd',
  params: z
    .object({
      ...common,
      /** the folder served as https://DOMAIN/.well-known/openpgpkey (the direct method) */
      dir: z.string().min(1),
    })
    .strict(),
  async run(ctx, p) {
    const l = await learnerKey(ctx, p.home, p.uid, p.bits);
    if ('verdict' in l) return l.verdict;
    const hash = wkdHash(p.uid);
    const hu = posix.join(p.dir, 'hu');
    const path = posix.join(hu, hash);
    const local = p.uid.slice(0, p.uid.lastIndexOf('@'));
    const domain = p.uid.slice(p.uid.lastIndexOf('@') + 1);
    const data = readWsFile(ctx, path);
    if (!data) {
      const seen = listDir(ctx.ws.resolve(hu));
      if (seen.length)
        return fail(
          'gpg.wkdWrongName',
          { dir: hu, seen: seen.slice(0, 4).join(', '), hash, uid: p.uid },
          seen.map((f) => `${hu}/${f}`),
        );
      return fail('gpg.wkdMissing', { path, hash, uid: p.uid, dir: hu });
    }
    const text = data.toString('latin1');
    if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(text)) return fail('gpg.wkdSecret', { path, uid: p.uid });
    if (/-----BEGIN PGP /.test(text)) return fail('gpg.wkdArmored', { path, uid: p.uid });
    if (!data.length) return fail('gpg.wkdUnreadable', { path, error: 'empty file', uid: p.uid });
    const pgp = await openpgp();
    let keys: Key[];
    try {
      keys = await pgp.readKeys({ binaryKeys: new Uint8Array(data) });
    } catch (e) {
      rethrowUnlessMalformed(e);
      return fail('gpg.wkdUnreadable', { path, error: errText(e), uid: p.uid });
    }
    if (keys.some((k) => k.isPrivate())) return fail('gpg.wkdSecret', { path, uid: p.uid });
    const ev = keys.map((k) => `${path}: ${fpr(k)} ${k.getUserIDs().join(', ')}`);
    if (!keys.some((k) => fpr(k) === fpr(l.key)))
      return fail('gpg.wkdOther', { path, seen: keys.map(fpr).join(', ') || '?', wanted: fpr(l.key) }, ev);
    if (!existsSync(ctx.ws.resolve(posix.join(p.dir, 'policy')))) return fail('gpg.wkdNoPolicy', { path: posix.join(p.dir, 'policy') }, ev);
    const url = `https://${domain}/.well-known/openpgpkey/hu/${hash}?l=${local}`;
    return pass('gpg.wkdOk', { path, uid: p.uid, url }, [...ev, url]);
  },
});
