// DKIM: keys and SELECTOR.txt as opendkim-genkey writes them, our signatures verified by
// dkimpy, dkimpy's signatures verified by us.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { genkey } from '../../../src/sandbox/auth/genkey.js';
import { formatDkimTxt, parseDkimRecord, publicB64Of, readPrivateKey } from '../../../src/sandbox/auth/dkim-key.js';
import { signatureFor, verifyDkim } from '../../../src/sandbox/auth/dkim.js';
import { prependHeaders } from '../../../src/sandbox/auth/message.js';
import { parseZone } from '../../../src/sandbox/dns/zone.js';
import { tempDir, missingTools } from '../../prove/env.js';
import { memoryResolver } from './zone-resolver.js';
import { pySign, pyVerify } from './python-dkim.js';

const DOMAIN = 'aula.test';
const dir = tempDir('mailsec-dkim-');
const key = genkey({ selector: 'default', domain: DOMAIN, dir });
const pem = readFileSync(key.privateFile, 'utf8');
const k = readPrivateKey(pem);
if ('problem' in k) throw new Error('genkey wrote an unusable key');
const p = publicB64Of(k.key);
const record = `v=DKIM1; h=sha256; k=rsa; p=${p}`;
const records = { [`default._domainkey.${DOMAIN}`]: record };
const resolver = memoryResolver({ [`default._domainkey.${DOMAIN}`]: { TXT: [['v=DKIM1; h=sha256; k=rsa; ', `p=${p}`]] } });

const MSG = [
  'From: Alumno <alumno@aula.test>',
  'To: Profesora <profe@example.com>',
  'Subject: Prueba DKIM',
  'Date: Mon, 06 Jan 2025 10:00:00 +0100',
  'Message-ID: <dkim-1@aula.test>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hola,   esto es una prueba.  ',
  'Con dos lineas.',
  '',
].join('\r\n');

describe('mailsec dkim genkey', () => {
  test('writes SELECTOR.private, PEM, mode 600', () => {
    assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.equal(statSync(key.privateFile).mode & 0o777, 0o600);
    assert.equal(k.bits, 2048);
  });
  test("writes SELECTOR.txt in opendkim-genkey's layout", () => {
    const txt = readFileSync(key.txtFile, 'utf8');
    assert.equal(txt, key.txt);
    const lines = txt.split('\n');
    assert.equal(lines[0], 'default._domainkey\tIN\tTXT\t( "v=DKIM1; h=sha256; k=rsa; "');
    assert.match(lines[1], /^\t {2}"p=[A-Za-z0-9+/]{250}"$/);
    assert.match(lines[2], /^\t {2}"[A-Za-z0-9+/=]{1,250}" \) {2}; ----- DKIM key default for aula\.test$/);
    assert.equal(lines[3], '');
  });
  test('a BIND zone that includes it serves the right public key', () => {
    const zone = parseZone(`$TTL 3600\n@ IN SOA ns1 hostmaster 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 127.0.0.1\n${key.txt}`, {
      origin: DOMAIN,
      file: 'db',
    });
    assert.deepEqual(
      zone.issues.filter((i) => i.severity === 'fatal'),
      [],
    );
    const rr = zone.records.find((r) => r.name === `default._domainkey.${DOMAIN}`);
    assert.ok(rr && rr.data.type === 'TXT');
    const joined = (rr.data as { strings: Buffer[] }).strings.map((s) => s.toString()).join('');
    const parsed = parseDkimRecord(joined);
    assert.equal(parsed.tags.p, p);
    assert.equal(parsed.bits, 2048);
    assert.deepEqual(parsed.issues, []);
  });
  test('the same layout for a 1024-bit key (one p= string)', () => {
    const t = formatDkimTxt('s1', 'x.test', 'A'.repeat(216));
    assert.equal(
      t,
      's1._domainkey\tIN\tTXT\t( "v=DKIM1; h=sha256; k=rsa; "\n\t  "p=' + 'A'.repeat(216) + '" )  ; ----- DKIM key s1 for x.test\n',
    );
  });
  test('refuses to overwrite a key, bad bits, bad selector', () => {
    assert.throws(() => genkey({ selector: 'default', domain: DOMAIN, dir }), /auth.genkey.exists/);
    assert.throws(() => genkey({ selector: 'x', domain: DOMAIN, dir, bits: 512 }), /auth.genkey.badBits/);
    assert.throws(() => genkey({ selector: 'bad selector', domain: DOMAIN, dir }), /auth.genkey.badSelector/);
  });
});

describe('DKIM key records', () => {
  test('problems a verifier would refuse', () => {
    const codes = (r: string) => parseDkimRecord(r).issues.map((i) => i.code);
    assert.deepEqual(codes('v=DKIM1; k=rsa; p='), ['revoked']);
    assert.deepEqual(codes('v=DKIM1; k=rsa; p=not*base64'), ['badKey']);
    assert.deepEqual(codes('v=DKIM1; k=rsa; p=QUJD'), ['badKey']);
    assert.deepEqual(codes('v=DKIM1; k=dsa; p=QUJD'), ['badKeyType']);
    assert.deepEqual(codes('v=DKIM2; p=' + p), ['notDkim']);
    assert.deepEqual(codes('v=spf1 -all'), ['notDkim']);
    assert.deepEqual(codes('k=rsa; v=DKIM1; p=' + p), ['badVersion']);
    assert.deepEqual(codes('k=rsa'), ['notDkim']);
    assert.deepEqual(codes('v=DKIM1; t=y; p=' + p), ['testing']);
  });
});

const py = missingTools(['dkimverify']);

describe('DKIM against an independent implementation (python3-dkim)', { skip: py }, () => {
  for (const canon of ['relaxed/simple', 'relaxed/relaxed', 'simple/simple', 'simple/relaxed']) {
    test(`our ${canon} signature verifies with dkimpy`, async () => {
      const sig = await signatureFor(Buffer.from(MSG), { domain: DOMAIN, selector: 'default', key: k.key, canonicalization: canon });
      const signed = prependHeaders(Buffer.from(MSG), [sig]);
      assert.equal(await pyVerify(signed, records), 'pass');
      // and dkimpy can tell when it is wrong, so the pass above means something
      assert.equal(await pyVerify(signed.toString().replace('dos lineas', 'tres lineas'), records), 'fail');
    });
  }
  test('a signature with a key that is not the published one fails in dkimpy', async () => {
    const other = genkey({ selector: 'other', domain: DOMAIN, dir });
    const sig = await signatureFor(Buffer.from(MSG), {
      domain: DOMAIN,
      selector: 'default',
      key: readFileSync(other.privateFile, 'utf8'),
      canonicalization: 'relaxed/simple',
    });
    assert.equal(await pyVerify(prependHeaders(Buffer.from(MSG), [sig]), records), 'fail');
  });
  for (const canon of ['relaxed/simple', 'simple/simple', 'relaxed/relaxed']) {
    test(`dkimpy's ${canon} signature verifies here`, async () => {
      const signed = await pySign(MSG, 'default', DOMAIN, key.privateFile, canon);
      assert.match(signed.toString(), /^DKIM-Signature: /);
      const [v] = await verifyDkim(signed, resolver);
      assert.equal(v.result, 'pass', v.comment);
      assert.equal(v.domain, DOMAIN);
      assert.equal(v.selector, 'default');
      const [bad] = await verifyDkim(Buffer.from(signed.toString().replace('Con dos', 'Con tres')), resolver);
      assert.equal(bad.result, 'fail');
    });
  }
  test('an openssl-style PKCS#1 key works too', async () => {
    const pkcs1 = k.key.export({ type: 'pkcs1', format: 'pem' }).toString();
    const f = join(dir, 'pkcs1.private');
    writeFileSync(f, pkcs1, { mode: 0o600 });
    const sig = await signatureFor(Buffer.from(MSG), { domain: DOMAIN, selector: 'default', key: pkcs1 });
    assert.equal(await pyVerify(prependHeaders(Buffer.from(MSG), [sig]), records), 'pass');
  });
});

describe('DKIM verification results', () => {
  test('unsigned, unpublished key', async () => {
    const [none] = await verifyDkim(Buffer.from(MSG), resolver);
    assert.equal(none.result, 'none');
    const sig = await signatureFor(Buffer.from(MSG), { domain: DOMAIN, selector: 'nokey', key: k.key });
    const [v] = await verifyDkim(prependHeaders(Buffer.from(MSG), [sig]), resolver);
    assert.notEqual(v.result, 'pass');
    assert.match(v.comment ?? '', /no key/);
  });
});

test('a signature made while the clock ticks over a second still verifies: t= is read once', async () => {
  // each read of the clock 600 ms later than the last, as on a machine slow enough that
  // RSA signing spans a second's boundary
  const realNow = Date.now;
  let now = Date.parse('2026-12-07T10:00:00.400Z');
  Date.now = () => (now += 600);
  let sig: string;
  try {
    sig = await signatureFor(Buffer.from(MSG), { domain: DOMAIN, selector: 'default', key: pem, canonicalization: 'relaxed/simple' });
  } finally {
    Date.now = realNow;
  }
  const [v] = await verifyDkim(prependHeaders(Buffer.from(MSG), [sig]), resolver);
  assert.equal(v.result, 'pass', `${v.result} ${v.comment ?? ''}`);
});
