// The TLS check kinds against real keys and certificates made with openssl.
import { runCheck } from '../helpers/check.js';
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { certVerdict } from '../../src/checks/tls.js';
import type { Verdict } from '../../src/checks/types.js';
import { t } from '../../src/i18n/messages.js';
import { freshWorkspace, missingTools, run } from '../prove/env.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { expectFail } from '../helpers/verdict.js';

const skip = missingTools(['openssl']);
const ws = freshWorkspace('aula.test');
const CN = 'mail.aula.test';

async function check(w: Workspace, kind: string, params: Record<string, unknown>, answer?: string): Promise<Verdict> {
  return runCheck(w, kind, params, { answer });
}

const ossl = (args: string[]) => run('openssl', args, { cwd: ws.root }).then((r) => assert.equal(r.code, 0, r.stderr));
const keyParams = { path: ['cert.key', '/etc/ssl/private/cert.key'], bits: 2048 };
const certParams = {
  path: ['cert.crt', '/etc/ssl/certs/cert.crt'],
  keyPath: ['cert.key', '/etc/ssl/private/cert.key'],
  cn: 'mail.{{domain}}',
  days: 365,
};

describe('tls checks with real openssl files', { skip }, () => {
  before(async () => {
    await ossl(['genrsa', '-out', 'k4096.key', '4096']);
    await ossl(['genrsa', '-out', 'k2048.key', '2048']);
    await ossl(['genrsa', '-out', 'other.key', '2048']);
    await ossl(['genrsa', '-out', 'k1024.key', '1024']);
    await ossl(['ecparam', '-name', 'secp521r1', '-genkey', '-noout', '-out', 'ec521.key']);
    await ossl(['genpkey', '-algorithm', 'ed25519', '-out', 'ed.key']);
    await ossl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ec.key']);
    await ossl(['genrsa', '-aes256', '-passout', 'pass:secreto', '-out', 'enc.key', '4096']);
    // a self-signed certificate: its key, file, days, CN and subjectAltName (none when not given)
    const selfSigned = (key: string, out: string, o: { days?: number; cn?: string; san?: string } = {}) =>
      ossl([
        ...['req', '-new', '-x509', '-key', key, '-out', out, '-days', String(o.days ?? 365), '-subj', `/CN=${o.cn ?? CN}`],
        ...(o.san ? ['-addext', `subjectAltName=DNS:${o.san}`] : []),
      ]);
    await selfSigned('k4096.key', 'good.crt', { san: CN });
    await selfSigned('k4096.key', 'nosan.crt');
    await selfSigned('k4096.key', 'othersan.crt', { san: 'aula.test' });
    await selfSigned('k4096.key', 'wrongcn.crt', { cn: 'mail.alexdns.local' });
    await selfSigned('k4096.key', 'long.crt', { days: 3650, san: CN });
    await selfSigned('other.key', 'other.crt', { san: CN });
    await ossl(['req', '-new', '-key', 'k4096.key', '-out', 'req.csr', '-subj', `/CN=${CN}`]);
  });

  const use = (src: string, dest: string, mode = 0o600) => {
    mkdirSync(ws.resolve(dest + '/..'), { recursive: true });
    copyFileSync(ws.resolve(src), ws.resolve(dest));
    chmodSync(ws.resolve(dest), mode);
  };
  const clean = () => {
    for (const f of ['cert.key', 'cert.crt', 'etc/ssl/private/cert.key', 'etc/ssl/certs/cert.crt']) rmSync(ws.resolve(f), { force: true });
  };

  test('tls.key: missing, 1024 bits, Ed25519, P-521, encrypted, garbage, then 2048 and 4096-bit RSA and P-256', async () => {
    clean();
    expectFail(await check(ws, 'tls.key', keyParams), 'tls.keyMissing');
    use('k1024.key', 'cert.key');
    const v = await check(ws, 'tls.key', keyParams);
    expectFail(v, 'tls.keyBits');
    assert.match(t('es', v.message.key, v.message.params), /1024 bits; el paso pide al menos 2048/);
    use('ed.key', 'cert.key');
    expectFail(await check(ws, 'tls.key', keyParams), 'tls.keyType');
    use('ec521.key', 'cert.key');
    expectFail(await check(ws, 'tls.key', keyParams), 'tls.keyCurve');
    use('k2048.key', 'cert.key');
    assert.equal((await check(ws, 'tls.key', keyParams)).status, 'pass');
    use('ec.key', 'cert.key');
    const ec = await check(ws, 'tls.key', keyParams);
    assert.equal(ec.status, 'pass');
    assert.equal(ec.message.key, 'tls.keyOkEc');
    assert.equal(t('es', ec.message.key, ec.message.params), 'cert.key: clave de curva elíptica P-256.');
    assert.match(ec.evidence.join(), /EC P-256/);
    use('enc.key', 'cert.key');
    expectFail(await check(ws, 'tls.key', keyParams), 'tls.keyEncrypted');
    writeFileSync(ws.resolve('cert.key'), 'not a key\n');
    expectFail(await check(ws, 'tls.key', keyParams), 'tls.keyUnreadable');
    use('k4096.key', 'cert.key');
    const ok = await check(ws, 'tls.key', keyParams);
    assert.equal(ok.status, 'pass', ok.message.key);
    assert.match(ok.evidence.join(), /RSA 4096 bits/);
  });

  test('tls.key: a world-readable key fails when a mode is asked for', async () => {
    clean();
    use('k4096.key', 'etc/ssl/private/cert.key', 0o644);
    expectFail(await check(ws, 'tls.key', { ...keyParams, maxMode: '600' }), 'tls.keyModeTooOpen');
    chmodSync(ws.resolve('etc/ssl/private/cert.key'), 0o600);
    assert.equal((await check(ws, 'tls.key', { ...keyParams, maxMode: '600' })).status, 'pass');
  });

  test('tls.cert: missing, CSR, wrong CN, no SAN, another SAN, ten years, other key, then the right one', async () => {
    clean();
    use('k4096.key', 'cert.key');
    expectFail(await check(ws, 'tls.cert', certParams), 'tls.certMissing');
    use('req.csr', 'cert.crt', 0o644);
    expectFail(await check(ws, 'tls.cert', certParams), 'tls.certIsRequest');
    use('wrongcn.crt', 'cert.crt', 0o644);
    const cn = await check(ws, 'tls.cert', certParams);
    expectFail(cn, 'tls.certCn');
    assert.match(t('es', cn.message.key, cn.message.params), /«mail\.alexdns\.local».*mail\.aula\.test/);
    use('nosan.crt', 'cert.crt', 0o644);
    const nosan = await check(ws, 'tls.cert', certParams);
    expectFail(nosan, 'tls.certNoSan');
    // the message names what is missing and the command that makes it
    for (const lang of ['es', 'ca', 'en'] as const)
      assert.match(t(lang, nosan.message.key, nosan.message.params), /subjectAltName.*-addext "subjectAltName=DNS:mail\.aula\.test"/);
    use('othersan.crt', 'cert.crt', 0o644);
    expectFail(await check(ws, 'tls.cert', certParams), 'tls.certSanOther');
    use('long.crt', 'cert.crt', 0o644);
    expectFail(await check(ws, 'tls.cert', certParams), 'tls.certDays');
    use('other.crt', 'cert.crt', 0o644);
    expectFail(await check(ws, 'tls.cert', certParams), 'tls.certKeyMismatch');
    use('good.crt', 'cert.crt', 0o644);
    const ok = await check(ws, 'tls.cert', certParams);
    assert.equal(ok.status, 'pass', t('en', ok.message.key, ok.message.params));
  });

  test('certVerdict: the same certificate is expired two years on and not valid a day before', () => {
    const cert = new X509Certificate(readFileSync(ws.resolve('good.crt')));
    const from = new Date(cert.validFrom).getTime();
    assert.equal(certVerdict(cert, 'cert.crt', { cn: CN, days: 365 }, from + 1000), undefined);
    expectFail(certVerdict(cert, 'cert.crt', { cn: CN, days: 365 }, from + 2 * 365 * 86_400_000)!, 'tls.certExpired');
    expectFail(certVerdict(cert, 'cert.crt', { cn: CN, days: 365 }, from - 86_400_000)!, 'tls.certNotYetValid');
  });

  const installed = { key: '/etc/ssl/private/cert.key', cert: '/etc/ssl/certs/cert.crt', maxMode: '600', leftover: ['cert.key'] };

  test('tls.installed: not moved, world-readable, mismatched, left behind, then in place', async () => {
    clean();
    use('k4096.key', 'cert.key');
    use('good.crt', 'cert.crt', 0o644);
    expectFail(await check(ws, 'tls.installed', installed), 'tls.keyNotMoved');
    use('k4096.key', 'etc/ssl/private/cert.key', 0o644);
    expectFail(await check(ws, 'tls.installed', installed), 'tls.certNotMoved');
    use('good.crt', 'etc/ssl/certs/cert.crt', 0o644);
    expectFail(await check(ws, 'tls.installed', installed), 'tls.keyModeTooOpen');
    chmodSync(ws.resolve('etc/ssl/private/cert.key'), 0o600);
    use('other.crt', 'etc/ssl/certs/cert.crt', 0o644);
    expectFail(await check(ws, 'tls.installed', installed), 'tls.certKeyMismatch');
    use('good.crt', 'etc/ssl/certs/cert.crt', 0o644);
    expectFail(await check(ws, 'tls.installed', installed), 'tls.keyLeftBehind');
    rmSync(ws.resolve('cert.key'));
    const ok = await check(ws, 'tls.installed', installed);
    assert.equal(ok.status, 'pass', t('en', ok.message.key, ok.message.params));
    // once moved, the earlier steps still pass: they look where the files went
    assert.equal((await check(ws, 'tls.key', keyParams)).status, 'pass');
    assert.equal((await check(ws, 'tls.cert', certParams)).status, 'pass');
  });

  test('tls.config: each parameter, encrypt, a file that is not there, a broken main.cf', async () => {
    const cfPath = ws.resolve('etc/postfix/main.cf');
    const base = readFileSync(cfPath, 'utf8');
    const params = { cert: '/etc/ssl/certs/cert.crt', key: '/etc/ssl/private/cert.key' };
    const write = (extra: string) => writeFileSync(cfPath, base + '\n' + extra + '\n');
    const good =
      'smtpd_tls_cert_file = /etc/ssl/certs/cert.crt\nsmtpd_tls_key_file = /etc/ssl/private/cert.key\nsmtpd_tls_security_level = may\nsmtpd_tls_loglevel = 1';
    try {
      write('');
      const v = await check(ws, 'tls.config', params);
      expectFail(v, 'tls.configParam');
      assert.equal(v.message.params?.name, 'smtpd_tls_cert_file');
      write(good.replace('= may', '= encrypt'));
      expectFail(await check(ws, 'tls.config', params), 'tls.levelEncrypt');
      write(good.replace('smtpd_tls_loglevel = 1', ''));
      const lv = await check(ws, 'tls.config', params);
      expectFail(lv, 'tls.configParam');
      assert.equal(lv.message.params?.name, 'smtpd_tls_loglevel');
      write(good + '\nthis line is not a parameter');
      expectFail(await check(ws, 'tls.config', params), 'postfix.broken');
      rmSync(ws.resolve('etc/ssl/certs/cert.crt'));
      write(good);
      expectFail(await check(ws, 'tls.config', params), 'tls.configFileMissing');
      use('good.crt', 'etc/ssl/certs/cert.crt', 0o644);
      const ok = await check(ws, 'tls.config', params);
      assert.equal(ok.status, 'pass', t('en', ok.message.key, ok.message.params));
    } finally {
      writeFileSync(cfPath, base);
    }
  });

  test('tls.config with the hardening: old protocols, a misspelt one, ciphers, outgoing TLS', async () => {
    const cfPath = ws.resolve('etc/postfix/main.cf');
    const base = readFileSync(cfPath, 'utf8');
    use('good.crt', 'etc/ssl/certs/cert.crt', 0o644);
    use('k4096.key', 'etc/ssl/private/cert.key');
    const params = {
      cert: '/etc/ssl/certs/cert.crt',
      key: '/etc/ssl/private/cert.key',
      protocols: 'TLSv1.2',
      mandatoryCiphers: 'high',
      outgoing: 'may',
    };
    const tlsOn =
      'smtpd_tls_cert_file = /etc/ssl/certs/cert.crt\nsmtpd_tls_key_file = /etc/ssl/private/cert.key\nsmtpd_tls_security_level = may\nsmtpd_tls_loglevel = 1';
    const write = (...extra: string[]) => writeFileSync(cfPath, base + '\n' + [tlsOn, ...extra].join('\n') + '\n');
    const P = 'smtpd_tls_protocols = >=TLSv1.2';
    const M = 'smtpd_tls_mandatory_protocols = >=TLSv1.2';
    const C = 'smtpd_tls_mandatory_ciphers = high';
    try {
      // the old text: TLS on, nothing about protocols
      write();
      const old = await check(ws, 'tls.config', params);
      expectFail(old, 'tls.protocolsWeak');
      assert.equal(old.message.params?.name, 'smtpd_tls_protocols');
      assert.match(
        t('en', old.message.key, old.message.params),
        /“>=TLSv1” and still lets TLSv1 through.*smtpd_tls_protocols = >=TLSv1\.2/,
      );
      write('smtpd_tls_protocols = !SSLv2, !SSLv3', M, C);
      expectFail(await check(ws, 'tls.config', params), 'tls.protocolsWeak');
      write(P, C);
      const mandatory = await check(ws, 'tls.config', params);
      expectFail(mandatory, 'tls.protocolsWeak');
      assert.equal(mandatory.message.params?.name, 'smtpd_tls_mandatory_protocols');
      write('smtpd_tls_protocols = >=TLS1.2', M, C);
      expectFail(await check(ws, 'tls.config', params), 'tls.protocolsInvalid');
      write(P, M);
      const ciphers = await check(ws, 'tls.config', params);
      expectFail(ciphers, 'tls.configParam');
      assert.equal(ciphers.message.params?.name, 'smtpd_tls_mandatory_ciphers');
      write(P, M, C, 'smtp_tls_security_level = none');
      expectFail(await check(ws, 'tls.config', params), 'tls.outgoingLevel');
      write(P, M, C, 'smtp_tls_security_level = encrypt');
      expectFail(await check(ws, 'tls.config', params), 'tls.outgoingLevel');
      // the old exclusion syntax that does leave out TLSv1 and TLSv1.1 is as good
      write('smtpd_tls_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1', M, C);
      assert.equal((await check(ws, 'tls.config', params)).status, 'pass');
      write(P, M, C);
      const ok = await check(ws, 'tls.config', params);
      assert.equal(ok.status, 'pass', t('en', ok.message.key, ok.message.params));
      assert.ok(ok.evidence.some((e) => /smtpd_tls_mandatory_protocols = >=TLSv1\.2/.test(e)));
    } finally {
      writeFileSync(cfPath, base);
    }
  });

  test('live checks fail, not error, when no sandbox is running', async () => {
    use('good.crt', 'etc/ssl/certs/cert.crt', 0o644);
    expectFail(await check(ws, 'tls.starttls', { cert: '/etc/ssl/certs/cert.crt' }), 'tls.sandboxDown');
  });
});

describe('tls checks on the event log', () => {
  const w = freshWorkspace('aula.test');
  const log = (events: object[]) => {
    mkdirSync(w.resolve('var/log'), { recursive: true });
    writeFileSync(
      w.resolve('var/log/events.jsonl'),
      events.map((e) => JSON.stringify({ ts: '2025-01-01T00:00:00Z', ...e })).join('\n') + '\n',
    );
  };
  const connect = (session: string, helo: string) => [
    { type: 'connect', session, listener: 'smtp', client: { addr: '127.0.0.1', name: 'localhost' } },
    { type: 'helo', session, helo, command: 'EHLO' },
  ];

  test("tls.session: only the checks' own sessions, a plain session, then a TLS session", async () => {
    log([]);
    expectFail(await check(w, 'tls.session', {}), 'tls.noSession');
    log([
      ...connect('c1', 'mailsec-check.invalid'),
      { type: 'tls', session: 'c1', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', listener: 'smtp' },
    ]);
    expectFail(await check(w, 'tls.session', {}), 'tls.noSession');
    log([...connect('l1', 'pc.example')]);
    expectFail(await check(w, 'tls.session', {}), 'tls.sessionPlain');
    log([
      ...connect('l1', 'pc.example'),
      ...connect('l2', 'mail.example.com'),
      { type: 'tls', session: 'l2', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', listener: 'smtp' },
    ]);
    const ok = await check(w, 'tls.session', {});
    assert.equal(ok.status, 'pass');
    assert.match(ok.evidence[0], /TLSv1\.3/);
  });

  test("tls.mail-source: no mail, a plain mail, a wrong id, the plain mail's id, the TLS mail's id", async () => {
    log([]);
    expectFail(await check(w, 'tls.mail-source', {}, 'ABC'), 'tls.noMail');
    const plain = {
      type: 'delivered',
      session: 'l1',
      queueId: '1A2B3C4D5E',
      to: 'postmaster@aula.test',
      folder: 'inbox',
      path: 'x',
      subject: 'a',
      tls: false,
    };
    log([...connect('l1', 'pc'), plain]);
    expectFail(await check(w, 'tls.mail-source', {}, '1A2B3C4D5E'), 'tls.mailNotTls');
    log([...connect('l1', 'pc'), plain, ...connect('l2', 'pc'), { ...plain, session: 'l2', queueId: 'D6EAE2125AE', tls: true }]);
    expectFail(await check(w, 'tls.mail-source', {}), 'tls.sourceUnanswered');
    expectFail(await check(w, 'tls.mail-source', {}, 'FFFFFFFF'), 'tls.sourceWrong');
    expectFail(await check(w, 'tls.mail-source', {}, '1A2B3C4D5E'), 'tls.sourceNotTls');
    assert.equal((await check(w, 'tls.mail-source', {}, ' d6eae2125ae ')).status, 'pass');
  });
});
