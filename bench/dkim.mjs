// DKIM: signatures and verifications per second (RSA 2048, relaxed/simple, as OpenDKIM on
// Debian), with the key from memory and from the embedded DNS over UDP, and the whole
// inbound check (SPF + DKIM + DMARC) of a spoofed mail. Prints figures; asserts nothing.
import { readFileSync, appendFileSync } from 'node:fs';
import { initWorkspace } from '../src/workspace/workspace.ts';
import { startDns } from '../src/sandbox/dns/server.ts';
import { makeResolver } from '../src/sandbox/dns/resolver.ts';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { genkey } from '../src/sandbox/auth/genkey.ts';
import { readPrivateKey, publicB64Of } from '../src/sandbox/auth/dkim-key.ts';
import { signatureFor, verifyDkim } from '../src/sandbox/auth/dkim.ts';
import { prependHeaders } from '../src/sandbox/auth/message.ts';
import { evaluateDmarc } from '../src/sandbox/auth/dmarc.ts';
import { checkSpf } from '../src/sandbox/auth/spf.ts';

const D = 'alexdns.local';
const dir = mkdtempSync(join(tmpdir(), 'mailsec-bench-dkim-'));
const key = genkey({ selector: 'default', domain: D, dir });
const k = readPrivateKey(readFileSync(key.privateFile, 'utf8'));
const p = publicB64Of(k.key);
const zone = {
  [`default._domainkey.${D}`]: { TXT: [['v=DKIM1; h=sha256; k=rsa; ', `p=${p}`]] },
  [D]: { TXT: [['v=spf1 mx -all']], MX: [{ exchange: `mail.${D}`, priority: 10 }] },
  [`mail.${D}`]: { A: ['127.0.0.1'] },
  [`_dmarc.${D}`]: { TXT: [['v=DMARC1; p=reject']] },
};
const resolver = async (name, type) => {
  const v = zone[name.toLowerCase()]?.[type];
  if (!v) throw Object.assign(new Error('nx'), { code: 'ENOTFOUND' });
  return v;
};
const body = 'Hola,\r\n\r\n' + 'Esta es una linea del cuerpo del mensaje de prueba.\r\n'.repeat(40);
const msg = Buffer.from(
  [
    `From: Alumno <alumno@${D}>`,
    `To: <profe@example.com>`,
    'Subject: bench',
    'Date: Mon, 06 Jan 2025 10:00:00 +0100',
    'Message-ID: <bench@x>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
  ].join('\r\n'),
);

async function rate(ms, fn) {
  for (let i = 0; i < 10; i++) await fn(i);
  let n = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  while (performance.now() < end) await fn(n++);
  return (n / (performance.now() - t0)) * 1000;
}
const line = (what, perSec) =>
  console.log(`${what.padEnd(52)} ${perSec.toFixed(0).padStart(7)} /s  (${(1000 / perSec).toFixed(2)} ms each)`);

const sig = await signatureFor(msg, { domain: D, selector: 'default', key: k.key, canonicalization: 'relaxed/simple' });
const signed = prependHeaders(msg, [sig]);
const [v] = await verifyDkim(signed, resolver);
if (v.result !== 'pass') throw new Error(`the benchmark's own signature does not verify: ${v.comment}`);

console.log(`message: ${msg.length} bytes, key: RSA ${k.bits} bits`);
line(
  'DKIM sign (relaxed/simple)',
  await rate(2000, () => signatureFor(msg, { domain: D, selector: 'default', key: k.key, canonicalization: 'relaxed/simple' })),
);
line('DKIM verify (key from an in-memory DNS)', await rate(2000, () => verifyDkim(signed, resolver)));
line(
  'SPF + DKIM verify + DMARC (inbound, spoofed)',
  await rate(2000, async () => {
    const spf = await checkSpf({ ip: '203.0.113.7', sender: `director@${D}`, helo: 'pc.example.net', resolver, mta: `mail.${D}` });
    const dkim = await verifyDkim(msg, resolver);
    await evaluateDmarc({ fromDomain: D, spf: { result: spf.result, domain: spf.domain }, dkim, resolver });
  }),
);

// the same key served by the embedded DNS, as the sandbox's checks and stages ask it
const ws = initWorkspace(join(dir, 'ws'), { domain: D }).workspace;
appendFileSync(ws.resolve(`etc/bind/db.${D}`), key.txt);
const dns = await startDns({ ws, host: '127.0.0.1', port: 0, queryLog: false });
const udp = makeResolver('127.0.0.1', dns.port);
line('DKIM verify (key from the embedded DNS, UDP)', await rate(2000, () => verifyDkim(signed, udp)));
await dns.close();
