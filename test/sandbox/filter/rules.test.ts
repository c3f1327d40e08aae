// Every rule of the embedded scorer: a mail that fires it and one that does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLocalCf } from '../../../src/sandbox/filter/localcf.js';
import { scoreMessage } from '../../../src/sandbox/filter/scorer.js';
import { RULES, GTUBE } from '../../../src/sandbox/filter/rules.js';

type Hdrs = Record<string, string | null>;

const LOCAL =
  'from vm (localhost [127.0.0.1])\n\tby mail.alexdns.local (Postfix) with ESMTP id D6EAE2125AE\n\tfor <alumno@alexdns.local>; Fri, 28 Nov 2025 04:40:00 +0000 (UTC)';
const outside = (helo: string, rdns: string, ip: string) =>
  `from ${helo} (${rdns} [${ip}])\n\tby mail.alexdns.local (Postfix) with ESMTP id 96B382127EA\n\tfor <alumno@alexdns.local>; Fri, 28 Nov 2025 04:41:00 +0000 (UTC)`;

const BASE: Hdrs = {
  Received: LOCAL,
  Date: 'Fri, 28 Nov 2025 04:40:00 +0000',
  To: 'Alumno <alumno@alexdns.local>',
  From: 'Profe <profe@alexdns.local>',
  Subject: 'Hola a todos',
  'Message-Id': '<20251128044000.012345@mail.alexdns.local>',
};
const BODY = 'Hola, esto es una prueba normal y corriente.\n';

/** headers in BASE's order, changed by `h` (null removes); extra fields go first when `top` */
function mail(h: Hdrs = {}, body = BODY, top: Hdrs = {}): string {
  const fields = { ...BASE, ...h };
  let out = '';
  for (const [k, v] of Object.entries(top)) if (v !== null) out += `${k}: ${v}\n`;
  for (const [k, v] of Object.entries(fields)) if (v !== null) out += `${k}: ${v}\n`;
  return out + '\n' + body;
}

const AR = (s: string) => ({ 'Authentication-Results': `mail.alexdns.local; ${s}` });
const OUT = { Received: outside('mail.example.net', 'mail.example.net', '93.184.216.34'), From: 'Ana <ana@example.net>' };

const cases: Record<string, { fires: string; not: string; cf?: string }> = {
  MISSING_MID: { fires: mail({ 'Message-Id': null }), not: mail() },
  MISSING_FROM: { fires: mail({ From: null }), not: mail() },
  MISSING_DATE: { fires: mail({ Date: null }), not: mail() },
  MISSING_SUBJECT: { fires: mail({ Subject: null }), not: mail() },
  NO_RECEIVED: { fires: mail({ Received: null }), not: mail() },
  EMPTY_MESSAGE: {
    fires: mail({}, ''),
    not: mail(
      { 'MIME-Version': '1.0', 'Content-Type': 'multipart/mixed; boundary="b"' },
      '--b\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n--b--\n',
    ),
  },
  ALL_TRUSTED: { fires: mail(), not: mail(OUT) },
  USER_IN_WELCOMELIST: { fires: mail(), not: mail(OUT), cf: 'welcomelist_from *@alexdns.local' },
  USER_IN_BLOCKLIST: { fires: mail({ From: 'Ofertas <ventas@spammers.example>' }), not: mail(), cf: 'blacklist_from *@spammers.example' },
  GTUBE: { fires: mail({}, `${GTUBE}\n`), not: mail({}, GTUBE.replace('GTUBE', 'GTUBO') + '\n') },
  MIME_HTML_ONLY: {
    fires: mail({ 'Content-Type': 'text/html; charset=utf-8' }, '<p>Hola a todos, esto es HTML.</p>\n'),
    not: mail(
      { 'Content-Type': 'multipart/alternative; boundary="b"' },
      '--b\nContent-Type: text/plain\n\nHola a todos.\n--b\nContent-Type: text/html\n\n<p>Hola a todos.</p>\n--b--\n',
    ),
  },
  HTML_MESSAGE: { fires: mail({ 'Content-Type': 'text/html' }, '<p>Hola a todos, esto es HTML.</p>\n'), not: mail() },
  MIME_QP_LONG_LINE: {
    fires: mail({ 'Content-Type': 'text/plain', 'Content-Transfer-Encoding': 'quoted-printable' }, 'Hola a todos, '.repeat(6) + 'fin\n'),
    not: mail({ 'Content-Type': 'text/plain', 'Content-Transfer-Encoding': 'quoted-printable' }, 'Hola a todos, '.repeat(5) + '=\nfin\n'),
  },
  TVD_SPACE_RATIO: { fires: mail({ Subject: 'Hola' }, 'Estetextonotieneespacios,casi.\n'), not: mail() },
  RCVD_ILLEGAL_IP: { fires: mail({ Received: outside('mail.example.net', 'mail.example.net', '203.0.113.7') }), not: mail(OUT) },
  HELO_LOCALHOST: { fires: mail({ Received: outside('localhost', 'mail.example.net', '93.184.216.34') }), not: mail(OUT) },
  FSL_HELO_NON_FQDN_1: { fires: mail({ Received: outside('vm', 'mail.example.net', '93.184.216.34') }), not: mail(OUT) },
  RDNS_LOCALHOST: { fires: mail({ Received: outside('mail.example.net', 'localhost', '93.184.216.34') }), not: mail(OUT) },
  RDNS_NONE: { fires: mail({ Received: outside('mail.example.net', 'unknown', '93.184.216.34') }), not: mail(OUT) },
  NO_RELAYS: { fires: mail({ Received: null }), not: mail() },
  MISSING_HEADERS: { fires: mail({ To: null }), not: mail() },
  INVALID_DATE: { fires: mail({ Date: 'ayer por la tarde' }), not: mail() },
  SUBJ_ALL_CAPS: { fires: mail({ Subject: 'OFERTA INCREIBLE HOY' }), not: mail({ Subject: 'Oferta increible HOY' }) },
  MSGID_SHORT: { fires: mail({ 'Message-Id': '<a@b>' }), not: mail() },
  SPF_PASS: { fires: mail(OUT, BODY, AR('spf=pass smtp.mailfrom=example.net')), not: mail(OUT) },
  SPF_FAIL: {
    fires: mail(OUT, BODY, AR('spf=fail smtp.mailfrom=example.net')),
    // written below our own Received line: it came with the message, forged by the sender
    not: mail({ ...OUT, 'Authentication-Results': 'mail.alexdns.local; spf=fail smtp.mailfrom=example.net' }),
  },
  SPF_SOFTFAIL: {
    fires: mail(OUT, BODY, { 'Received-SPF': 'Softfail (mailfrom) identity=mailfrom; client-ip=93.184.216.34' }),
    not: mail(OUT, BODY, AR('spf=pass')),
  },
  SPF_NEUTRAL: { fires: mail(OUT, BODY, AR('spf=neutral')), not: mail(OUT, BODY, AR('spf=pass')) },
  SPF_NONE: { fires: mail(OUT, BODY, AR('spf=none')), not: mail(OUT) },
  DKIM_SIGNED: { fires: mail(OUT, BODY, AR('dkim=fail header.d=example.net')), not: mail(OUT, BODY, AR('dkim=none')) },
  DKIM_VALID: { fires: mail(OUT, BODY, AR('dkim=pass header.d=example.net')), not: mail(OUT, BODY, AR('dkim=fail header.d=example.net')) },
  DKIM_VALID_AU: {
    fires: mail(OUT, BODY, AR('dkim=pass header.d=example.net')),
    not: mail(OUT, BODY, AR('dkim=pass header.d=otro.example')),
  },
  DKIM_INVALID: {
    fires: mail(OUT, BODY, AR('dkim=fail header.d=example.net')),
    not: mail(OUT, BODY, AR('dkim=pass header.d=example.net')),
  },
  DMARC_PASS: { fires: mail(OUT, BODY, AR('dmarc=pass (p=REJECT) header.from=example.net')), not: mail(OUT) },
  DMARC_REJECT: {
    fires: mail(OUT, BODY, AR('dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=example.net')),
    not: mail(OUT, BODY, AR('dmarc=fail (p=NONE) header.from=example.net')),
  },
  DMARC_QUAR: {
    fires: mail(OUT, BODY, AR('dmarc=fail (p=QUARANTINE) header.from=example.net')),
    not: mail(OUT, BODY, AR('dmarc=pass (p=QUARANTINE)')),
  },
  DMARC_NONE: {
    fires: mail(OUT, BODY, AR('dmarc=fail (p=NONE) header.from=example.net')),
    not: mail(OUT, BODY, AR('dmarc=fail (p=REJECT)')),
  },
  DMARC_MISSING: { fires: mail(OUT, BODY, AR('dmarc=none header.from=example.net')), not: mail(OUT, BODY, AR('dmarc=pass (p=NONE)')) },
  HELO_NO_DOMAIN: {
    fires: mail({ Received: outside('vm', 'mail.example.net', '93.184.216.34') }),
    not: mail({ Received: outside('localhost', 'mail.example.net', '93.184.216.34') }),
  },
  NO_HEADERS_MESSAGE: { fires: `Subject: hola\n\n${BODY}`, not: mail({ Date: null }) },
};

test('every rule has a firing and a quiet example', () => {
  assert.deepEqual(RULES.map((r) => r.name).sort(), Object.keys(cases).sort());
});

for (const [name, c] of Object.entries(cases)) {
  test(name, () => {
    const conf = parseLocalCf(c.cf ?? '').conf;
    const hit = (m: string) => scoreMessage(m, conf).hits.map((h) => h.name);
    assert.ok(hit(c.fires).includes(name), `${name} should fire; hits: ${hit(c.fires).join(',')}`);
    assert.ok(!hit(c.not).includes(name), `${name} should stay quiet; hits: ${hit(c.not).join(',')}`);
  });
}

test('a score override of 0 switches a rule off; other overrides count', () => {
  const conf = parseLocalCf('score MISSING_DATE 0\nscore GTUBE 3.5\n').conf;
  const r = scoreMessage(mail({ Date: null }, GTUBE + '\n'), conf);
  assert.ok(!r.hits.some((h) => h.name === 'MISSING_DATE'));
  assert.equal(r.hits.find((h) => h.name === 'GTUBE')?.score, 3.5);
  assert.equal(r.score, 2.5);
  assert.equal(r.isSpam, false);
});

test('hostile messages score without throwing', () => {
  const conf = parseLocalCf('').conf;
  const nested = 'Content-Type: multipart/mixed; boundary="a"\n\n' + '--a\nContent-Type: multipart/mixed; boundary="a"\n\n'.repeat(500);
  for (const m of [
    '',
    '\n\n\n',
    ':::\n',
    'Subject: x\n',
    nested,
    'X'.repeat(200_000),
    Buffer.from([0, 255, 13, 10, 200]).toString('latin1'),
  ]) {
    const r = scoreMessage(m, conf);
    assert.equal(typeof r.score, 'number');
  }
});
