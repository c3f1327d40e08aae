// The teacher reads an S/MIME mail (RFC 8551) as a mail client would: detached
// (multipart/signed) or opaque (application/pkcs7-mime signed-data) signatures, checked with
// the certificate the signature carries (a learner's is self-signed: no chain is asked
// for), and enveloped data sent to the teacher's certificate, decrypted and read again. The
// answer is signed by the teacher's certificate and encrypted to the one in the learner's
// signature (smime-answer.ts).
import { X509Certificate } from 'node:crypto';
import { carriedSignature, openEnveloped, pki, smimeParts, type CarriedSignature } from '../cms.js';
import { t } from '../../i18n/messages.js';
import type { Incoming, Outcome, Reading } from './types.js';

/** decrypted or opaque content read again at most this deep; at most this many structures in all */
const MAX_DEPTH = 3;
const MAX_ITEMS = 12;

interface Found {
  signatures: CarriedSignature[];
  /** enveloped data for other certificates: who it was for */
  notForMe: string[];
  unreadable: string[];
  decrypted: number;
  items: number;
}

async function collect(raw: Buffer, inc: Incoming, found: Found, depth: number): Promise<void> {
  for (const part of smimeParts(raw)) {
    if (++found.items > MAX_ITEMS) return;
    if (part.kind === 'signed' || part.kind === 'opaque') {
      const r = part.kind === 'signed' ? await carriedSignature(part.signature, part.content) : await carriedSignature(part.der);
      found.signatures.push(r);
      // signed, then encrypted inside (rare, but a client may do it)
      if (part.kind === 'opaque' && r.result === 'ok' && depth < MAX_DEPTH) await collect(r.content, inc, found, depth + 1);
      continue;
    }
    const o = await openEnveloped(part.der, { cert: inc.teacher.smimeCert, key: inc.teacher.smimeKey });
    if ('content' in o) {
      found.decrypted++;
      if (depth < MAX_DEPTH) await collect(o.content, inc, found, depth + 1);
    } else if (o.problem === 'notForMe') found.notForMe.push(o.recipients.join(', ') || 'nobody');
    else found.unreadable.push(o.error);
  }
}

/** The addresses a certificate is for: subjectAltName rfc822Name, else emailAddress in the subject. */
export function certEmails(cert: X509Certificate): string[] {
  const san = (cert.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((s) => s.startsWith('email:'))
    .map((s) => s.slice(6).toLowerCase());
  const subject = cert.subject
    .split('\n')
    .filter((l) => /^emailAddress=/i.test(l))
    .map((l) => l.slice(l.indexOf('=') + 1).toLowerCase());
  return [...new Set([...san, ...subject])];
}

/** How a certificate shows in a note or an answer: its common name and address. */
function whose(cert: X509Certificate): string {
  const cn = /^CN=(.*)$/m.exec(cert.subject)?.[1];
  const email = certEmails(cert)[0];
  return cn && email ? `${cn} <${email}>` : (cn ?? email ?? cert.serialNumber);
}

/** Why an answer cannot be encrypted to this certificate, if it cannot: it needs an RSA key whose keyUsage (if any) allows keyEncipherment. */
async function whyUnusable(cert: X509Certificate): Promise<{ key: string; type?: string; detail: string } | undefined> {
  const type = cert.publicKey.asymmetricKeyType ?? '?';
  if (type !== 'rsa') return { key: 'answer.smime.unusable.notRsa', type: type.toUpperCase(), detail: `a ${type} key, not RSA` };
  const pkijs = await pki();
  const c = pkijs.Certificate.fromBER(new Uint8Array(cert.raw));
  const ku = c.extensions?.find((e) => e.extnID === '2.5.29.15');
  if (!ku) return undefined;
  const bits = (ku.parsedValue as { valueBlock?: { valueHexView?: Uint8Array } } | undefined)?.valueBlock?.valueHexView;
  // keyEncipherment is bit 2 of the first byte (0x20)
  return bits && bits[0] & 0x20 ? undefined : { key: 'answer.smime.unusable.keyUsage', detail: 'keyUsage without keyEncipherment' };
}

function note(outcome: Outcome, params: Record<string, string>, detail: string): Reading {
  return { kind: 'smime', outcome, params, detail };
}

/** What the teacher makes of the mail, and the encrypted answer when a good signature came from the sender's certificate. */
export async function readSmime(inc: Incoming): Promise<Reading | undefined> {
  const found: Found = { signatures: [], notForMe: [], unreadable: [], decrypted: 0, items: 0 };
  await collect(inc.raw, inc, found, 0);
  if (!found.items) return undefined;
  const sender = inc.sender.toLowerCase();
  const sigs = found.signatures;
  const good = sigs.filter((s): s is Extract<CarriedSignature, { result: 'ok' }> => s.result === 'ok');
  const mine = good.find((g) => certEmails(g.cert).includes(sender));
  if (mine) {
    const serial = mine.cert.serialNumber;
    const why = await whyUnusable(mine.cert);
    if (why)
      return note(
        'keyUnusable',
        { subject: whose(mine.cert), error: t(inc.lang, why.key, { type: why.type ?? '' }) },
        `certificate ${serial} cannot encrypt: ${why.detail}`,
      );
    const { smimeAnswer } = await import('./smime-answer.js');
    return {
      kind: 'smime',
      outcome: 'answered',
      entity: await smimeAnswer(inc, mine.cert, whose(mine.cert)),
      secret: inc.secret,
      detail: `good signature from certificate ${serial} (${certEmails(mine.cert).join(', ')}), answer encrypted to it and signed by the teacher's certificate`,
    };
  }
  if (good.length) {
    const c = good[0].cert;
    const address = certEmails(c).join(', ');
    return note(
      'keyMismatch',
      { subject: whose(c), address: address || '-', sender },
      `good signature from certificate ${c.serialNumber}, for ${address || 'no address'}, not for ${sender}`,
    );
  }
  const bad = sigs.find((s) => s.result === 'altered');
  if (bad && bad.result === 'altered')
    return note(
      'badSignature',
      { subject: whose(bad.cert) },
      `BAD signature from certificate ${bad.cert.serialNumber}: ${bad.error ?? 'the content changed'}`,
    );
  const noCert = sigs.find((s) => s.result === 'noCert');
  if (noCert && noCert.result === 'noCert')
    return note('noKey', {}, `signed by ${noCert.signer}, a certificate the signature does not carry`);
  if (found.notForMe.length && !found.decrypted) {
    const teacherSerial = new X509Certificate(inc.teacher.smimeCert).serialNumber;
    return note(
      'notForTeacher',
      { recipients: found.notForMe.join('; ') },
      `encrypted to ${found.notForMe.join('; ')}, not to the teacher's certificate (serial ${teacherSerial})`,
    );
  }
  // a SignedData with no signer is a certificate sent on its own (openssl crl2pkcs7, "certs-only"): readable, and unsigned
  const unreadable = [...found.unreadable, ...sigs.flatMap((s) => (s.result === 'unreadable' && s.error !== 'no signer' ? [s.error] : []))];
  if (unreadable.length && !found.decrypted)
    return note('unreadable', { error: unreadable[0].slice(0, 120) }, `unreadable S/MIME data: ${unreadable[0]}`);
  return note('unsigned', {}, found.decrypted ? 'decrypted with the teacher certificate, but not signed' : 'S/MIME, but nothing signed');
}
