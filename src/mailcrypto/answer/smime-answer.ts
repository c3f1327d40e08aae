// The teacher's S/MIME answer: the text, with its secret, as a MIME entity signed by the
// teacher's certificate (opaque signed-data, the class CA's certificate beside it), then
// enveloped for the learner's certificate: what openssl smime -decrypt and then -verify
// -CAfile read, and what a mail client shows as a signed and encrypted mail.
import type { X509Certificate } from 'node:crypto';
import { envelopeFor, signOpaque } from '../cms-make.js';
import { answerText } from './compose.js';
import type { Entity, Incoming } from './types.js';

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
/** base64 in lines of 64, CRLF, as openssl writes it */
const base64 = (b: Buffer) => b.toString('base64').replace(/.{64}/g, '$&\r\n').replace(/\r\n$/, '') + '\r\n';

const p7m = (smimeType: string) => [
  `Content-Type: application/pkcs7-mime; smime-type=${smimeType}; name="smime.p7m"`,
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment; filename="smime.p7m"',
];

export async function smimeAnswer(inc: Incoming, to: X509Certificate, subject: string): Promise<Entity> {
  const text = crlf(
    ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', answerText(inc, 'smime', { subject }), ''].join(
      '\n',
    ),
  );
  const t = inc.teacher;
  const signed = await signOpaque(Buffer.from(text, 'utf8'), { cert: t.smimeCert, key: t.smimeKey, chain: [t.caCert] });
  const inner = Buffer.from([...p7m('signed-data'), '', base64(signed)].join('\r\n'), 'latin1');
  const enveloped = await envelopeFor(inner, to.raw);
  return { headers: [...p7m('enveloped-data'), 'Content-Description: S/MIME Encrypted Message'], body: base64(enveloped) };
}
