// Two OpenDKIM instances as two milters (lesson 18): etc/opendkim.conf signs with RSA,
// etc/opendkim-ed25519.conf with Ed25519; each signature verified by dkimpy, an
// independent RFC 8463 implementation. And OpenDKIM 2.11's SignatureAlgorithm: the key
// must be of its kind.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { freshWorkspace, missingTools, run } from '../../prove/env.js';
import { parseMainCf } from '../../../src/postfix/main-cf.js';
import { dkimSignStage } from '../../../src/sandbox/auth/stages.js';
import { genkey } from '../../../src/sandbox/auth/genkey.js';
import { readPrivateKey, publicB64Of } from '../../../src/sandbox/auth/dkim-key.js';
import { milterWiring, parseOpenDkimConf, reachesAny } from '../../../src/sandbox/auth/opendkim-conf.js';
import { extraOpenDkimSockets } from '../../../src/sandbox/auth/signer.js';
import type { MessageIn, StageContext, StageOutcome } from '../../../src/sandbox/pipeline.js';
import type { SandboxEvent } from '../../../src/sandbox/events.js';
import { memoryResolver, txt } from './zone-resolver.js';
import { pyVerifyAll } from './python-dkim.js';

const D = 'aula.test';
const BOTH = 'smtpd_milters = inet:localhost:8891, inet:localhost:8892\nnon_smtpd_milters = $smtpd_milters\nmilter_default_action = accept\n';
const RSA_CONF = `SyslogSuccess yes\nMode sv\nCanonicalization relaxed/simple\nDomain ${D}\nSelector default\nKeyFile /etc/opendkim/keys/${D}/default.private\nSocket inet:8891@localhost\n`;
const ED_CONF = (o: { algorithm?: string; key?: string } = {}) =>
  `SyslogSuccess yes\nMode s\nCanonicalization relaxed/simple\nDomain ${D}\nSelector ed25519\nKeyFile /etc/opendkim/keys/${D}/${o.key ?? 'ed25519'}.private\n` +
  (o.algorithm === undefined ? 'SignatureAlgorithm ed25519-sha256\n' : o.algorithm) +
  'Socket inet:8892@localhost\n';

function setup(edConf: string, mainCf = BOTH) {
  const ws = freshWorkspace(D);
  const dir = ws.resolve(`etc/opendkim/keys/${D}`);
  const rsa = genkey({ selector: 'default', domain: D, dir });
  const k = readPrivateKey(readFileSync(rsa.privateFile, 'utf8'));
  if ('problem' in k) throw new Error('bad key');
  const ed = generateKeyPairSync('ed25519');
  writeFileSync(`${dir}/ed25519.private`, ed.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const edP = createPublicKey(ed.privateKey).export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
  const records = {
    [`default._domainkey.${D}`]: `v=DKIM1; k=rsa; p=${publicB64Of(k.key)}`,
    [`ed25519._domainkey.${D}`]: `v=DKIM1; k=ed25519; p=${edP}`,
  };
  writeFileSync(ws.resolve('etc/opendkim.conf'), RSA_CONF);
  writeFileSync(ws.resolve('etc/opendkim-ed25519.conf'), edConf);
  const base = readFileSync(ws.resolve('etc/postfix/main.cf'), 'utf8').replace(/^mynetworks = .*$/m, 'mynetworks = 127.0.0.0/8 [::1]/128');
  const events: SandboxEvent[] = [];
  const logs: string[] = [];
  const ctx: StageContext = {
    ws,
    cfg: parseMainCf(base + '\n' + mainCf),
    hostname: `mail.${D}`,
    resolver: memoryResolver(Object.fromEntries(Object.entries(records).map(([n, r]) => [n, txt(r)]))),
    log: (l) => logs.push(l),
    event: (e) => events.push({ ts: new Date().toISOString(), ...e } as SandboxEvent),
  };
  return { ws, ctx, events, logs, records };
}

const mail = (): MessageIn => ({
  session: { id: 's1', listener: 'smtp', client: { addr: '127.0.0.1', name: 'localhost' }, helo: 'pc.example' },
  envelope: { mailFrom: `alumno@${D}`, rcptTo: [`alumno@${D}`] },
  queueId: 'ABC123',
  raw: Buffer.from([`From: <alumno@${D}>`, `To: <alumno@${D}>`, 'Subject: dos firmas', 'Message-ID: <1@x>', '', 'Hola.', ''].join('\r\n')),
});

const rawOf = (o: StageOutcome) => ('raw' in o && o.raw ? o.raw.toString() : '');

describe('two OpenDKIM instances', () => {
  test('both sign, in smtpd_milters order, and each event says its algorithm', async () => {
    const { ctx, events, logs } = setup(ED_CONF());
    const out = await dkimSignStage(ctx)!.run(mail(), ctx);
    const raw = rawOf(out);
    assert.match(raw, /^DKIM-Signature: v=1; a=ed25519-sha256;[\s\S]*\nDKIM-Signature: v=1; a=rsa-sha256;/);
    assert.deepEqual(
      logs.filter((l) => /DKIM-Signature field added/.test(l)).map((l) => l.replace(/^opendkim\[\d+\]: /, '')),
      [`ABC123: DKIM-Signature field added (s=default, d=${D})`, `ABC123: DKIM-Signature field added (s=ed25519, d=${D})`],
    );
    const signed = events.filter((e) => e.type === 'dkim.sign');
    assert.deepEqual(
      signed.map((e) => [e.algorithm, e.selector, (e.verify as { result: string }).result, e.conf]),
      [
        ['rsa-sha256', 'default', 'pass', 'etc/opendkim.conf'],
        ['ed25519-sha256', 'ed25519', 'pass', 'etc/opendkim-ed25519.conf'],
      ],
    );
  });

  test('dkimpy verifies both signatures with the raw Ed25519 key', { skip: missingTools(['dkimverify']) }, async () => {
    const { ctx, records } = setup(ED_CONF());
    const raw = rawOf(await dkimSignStage(ctx)!.run(mail(), ctx));
    assert.deepEqual(await pyVerifyAll(raw, records), [
      ['ed25519-sha256', 'ed25519', 'pass'],
      ['rsa-sha256', 'default', 'pass'],
    ]);
  });

  test('dkimpy refuses the SubjectPublicKeyInfo in p=, as RFC 8463 says', { skip: missingTools(['dkimverify']) }, async () => {
    const { ctx, records, ws } = setup(ED_CONF());
    const raw = rawOf(await dkimSignStage(ctx)!.run(mail(), ctx));
    const key = readFileSync(ws.resolve(`etc/opendkim/keys/${D}/ed25519.private`), 'utf8');
    const spki = createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64');
    const v = await pyVerifyAll(raw, { ...records, [`ed25519._domainkey.${D}`]: `v=DKIM1; k=ed25519; p=${spki}` });
    assert.deepEqual(v[0], ['ed25519-sha256', 'ed25519', 'fail']);
  });

  // as a real OpenDKIM 2.11 (Debian 12) behind a real Postfix 3.7.11 did
  test('without SignatureAlgorithm the Ed25519 key cannot sign: OpenDKIM tempfails and the mail is refused with 451', async () => {
    const { ctx, logs } = setup(ED_CONF({ algorithm: '' }));
    const out = await dkimSignStage(ctx)!.run(mail(), ctx);
    assert.deepEqual(
      [out.action, 'code' in out && out.code, 'enhanced' in out && out.enhanced, 'text' in out && out.text],
      ['reject', 451, '4.7.0', 'resource unavailable'],
    );
    assert.deepEqual(
      logs.filter((l) => /^opendkim\[/.test(l) && !/field added/.test(l)).map((l) => l.replace(/^opendkim\[\d+\]: /, '')),
      ['ABC123: SSL error:0300007F:digital envelope routines::expecting an rsa key', 'ABC123: dkim_eom(): resource unavailable: EVP_PKEY_get1_RSA() failed'],
    );
    assert.ok(out.notes?.some((n) => n.key === 'authres.why.sign.edKeyRsaAlgorithm'));
  });

  test('an RSA key under SignatureAlgorithm ed25519-sha256 signs anyway: a=ed25519-sha256 that does not verify', async () => {
    const { ctx, logs, events } = setup(ED_CONF({ key: 'default' }));
    const out = await dkimSignStage(ctx)!.run(mail(), ctx);
    assert.match(rawOf(out), /^DKIM-Signature: v=1; a=ed25519-sha256;[\s\S]*\nDKIM-Signature: v=1; a=rsa-sha256;/);
    assert.ok(logs.some((l) => l.endsWith(`ABC123: DKIM-Signature field added (s=ed25519, d=${D})`)), logs.join('\n'));
    const ed = events.find((e) => e.type === 'dkim.sign' && e.selector === 'ed25519')!;
    assert.notEqual((ed.verify as { result: string }).result, 'pass');
    assert.ok(out.notes?.some((n) => n.key === 'authres.why.sign.notEd25519Key'));
  });

  test('a second instance main.cf does not list does not sign', async () => {
    const { ctx } = setup(ED_CONF(), 'smtpd_milters = inet:localhost:8891\nmilter_default_action = accept\n');
    const out = await dkimSignStage(ctx)!.run(mail(), ctx);
    assert.doesNotMatch(rawOf(out), /a=ed25519-sha256/);
  });

  test("the second instance's milter is not a dangling one for the first", () => {
    const { ws, ctx } = setup(ED_CONF());
    const main = parseOpenDkimConf(RSA_CONF);
    assert.deepEqual(extraOpenDkimSockets(ws), ['inet:8892@localhost']);
    assert.deepEqual(milterWiring(ctx.cfg, main).dangling, ['inet:localhost:8892']);
    assert.deepEqual(milterWiring(ctx.cfg, main, extraOpenDkimSockets(ws)).dangling, []);
  });
});

const reach: [string, string[], boolean][] = [
  ['inet:localhost:8892', ['inet:8892@localhost'], true],
  ['inet:127.0.0.1:8892', ['inet:8892@localhost'], true],
  ['inet:localhost:8892', ['inet:8891@localhost'], false],
  ['inet:8892@localhost', ['inet:8892@localhost'], false],
  ['unix:opendkim/ed.sock', ['local:/var/spool/postfix/opendkim/ed.sock'], true],
  ['inet:localhost:8892', [], false],
];
for (const [milter, sockets, want] of reach) {
  test(`reachesAny(${milter}, [${sockets.join(', ')}]) = ${want}`, () => assert.equal(reachesAny(milter, sockets), want));
}
