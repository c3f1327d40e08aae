// GnuPG's public keyring: pubring.kbx (the keybox format of GnuPG 2.1+) or the older
// pubring.gpg (plain OpenPGP packets). Read without gpg: a keybox is a run of blobs,
// each "length(4) type(1) version(1) flags(2) offset(4) length(4)", and an OpenPGP blob
// (type 2) carries the key block as gpg --export writes it.

const BLOB_OPENPGP = 2;
const MAX_BLOBS = 10_000;

/** The OpenPGP key blocks of a keybox; hostile or cut input gives what could be read. */
export function keyboxBlocks(kbx: Uint8Array): Uint8Array[] {
  const view = new DataView(kbx.buffer, kbx.byteOffset, kbx.byteLength);
  const out: Uint8Array[] = [];
  let pos = 0;
  for (let n = 0; n < MAX_BLOBS && pos + 16 <= kbx.length; n++) {
    const len = view.getUint32(pos);
    if (len < 16 || pos + len > kbx.length) break;
    if (kbx[pos + 4] === BLOB_OPENPGP) {
      const off = view.getUint32(pos + 8);
      const size = view.getUint32(pos + 12);
      if (off + size <= len) out.push(kbx.subarray(pos + off, pos + off + size));
    }
    pos += len;
  }
  return out;
}

/** A keybox starts with a header blob whose magic is "KBXf". */
export function isKeybox(data: Uint8Array): boolean {
  return data.length >= 12 && data[4] === 1 && Buffer.from(data.subarray(8, 12)).toString('latin1') === 'KBXf';
}
