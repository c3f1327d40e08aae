// `mailsec check --target … --dns HOST:PORT` against a real BIND on 127.0.0.1 serving a class VM's
// zone: as the tutorial finishes it (SPF, DMARC, MTA-STS and TLS-RPT records: those steps pass) and
// as a student starts it (the expected reds, with the learner's messages and a dig command that asks
// that same server). No SMTP server is needed: these lessons' other steps are not checked remotely.
// Without BIND the test is skipped, saying why (MAILSEC_REQUIRE_TOOLS=1: it fails).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freshWorkspace, tempDir } from '../prove/env.js';
import { checkJson } from '../helpers/remote-check.js';
import { freePort } from '../helpers/ports.js';
import { selfSignedCert } from '../helpers/sandbox.js';
import { RealNamed, whyNoNamed } from '../helpers/real-named.js';

const why = whyNoNamed();
const skip = why && process.env.MAILSEC_REQUIRE_TOOLS !== '1' ? why : false;
if (skip) console.log(`real-DNS check test skipped: ${skip}`);

const DOMAIN = 'alexdns.local';
const SOA = (serial: number) => `$TTL 300
@ IN SOA ns1.${DOMAIN}. admin.${DOMAIN}. ( ${serial} 3600 600 86400 300 )
@ IN NS ns1
ns1 IN A 127.0.0.1
@ IN MX 10 mail
mail IN A 127.0.0.1
`;

const FINISHED =
  SOA(2026120702) +
  `@ IN TXT "v=spf1 mx -all"
_dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:postmaster@${DOMAIN}"
mta-sts IN A 127.0.0.1
_mta-sts IN TXT "v=STSv1; id=20261207T000000"
_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tls-reports@${DOMAIN}"
`;

/** Where a class starts: SPF that only soft-fails, DMARC that only watches, no MTA-STS. */
const STARTING =
  SOA(2026120703) +
  `@ IN TXT "v=spf1 mx ~all"
_dmarc IN TXT "v=DMARC1; p=none"
`;

const check = (ws: string, args: string[], lang: 'es' | 'ca' | 'en' = 'en') => checkJson(ws, args, { lang });

/** Until something listens on addr:port (10 s at most). */
async function waitFor(addr: string, port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((res) => {
      const s = connect({ host: addr, port }, () => (s.destroy(), res(true)));
      s.on('error', () => res(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${addr}:${port}`);
}

let named: RealNamed | undefined;
const parent = tempDir('mailsec-dns-target-');
after(async () => {
  await named?.stop();
  rmSync(parent, { recursive: true, force: true });
});

test('a real BIND serving a class VM’s zone, checked with --dns', { skip, timeout: 3 * 60_000 }, async (t) => {
  if (why) assert.fail(why);
  named = new RealNamed(join(parent, 'named'), { [DOMAIN]: FINISHED });
  await named.start();
  const ws = freshWorkspace('otro-dominio.test').root;
  const dns = `127.0.0.1:${named.port}`;
  // port 9 (discard): nothing in these lessons may need the SMTP server
  const base = ['--target', '127.0.0.1:9', '--dns', dns, '--domain', DOMAIN];

  await t.test('finished: the DNS steps pass, read from that server', async () => {
    const spf = await check(ws, ['08-spf/spf-record', ...base]);
    assert.equal(spf.by('08-spf/spf-record').status, 'pass', spf.by('08-spf/spf-record').message);
    assert.deepEqual(spf.by('08-spf/spf-record').evidence, [`${DOMAIN} TXT "v=spf1 mx -all"`]);
    assert.equal(spf.json.connections, 0, 'no SMTP connection for a DNS step');
    assert.equal(spf.code, 0);
    for (const ref of ['08-spf/spf-pass', '08-spf/spf-fail-others']) {
      const x = (await check(ws, [ref])).by(ref);
      assert.equal(x.status, 'pass', `${ref}: ${x.message}`);
    }
    assert.equal((await check(ws, ['08-spf/policyd-spf'])).by('08-spf/policyd-spf').status, 'unchecked');

    const dmarc = (await check(ws, ['10-dmarc/dmarc-record'])).by('10-dmarc/dmarc-record');
    assert.equal(dmarc.status, 'pass', dmarc.message);
    assert.equal(dmarc.params?.policy, 'quarantine');

    const sts = (await check(ws, ['16-mta-sts/records'])).by('16-mta-sts/records');
    assert.equal(sts.status, 'pass', sts.message);
    assert.equal(sts.params?.id, '20261207T000000');
  });

  await t.test('starting point: the expected reds, each saying what the server answered and what to change', async () => {
    await named!.start({ [DOMAIN]: STARTING });
    const others = (await check(ws, ['08-spf/spf-fail-others'], 'es')).by('08-spf/spf-fail-others');
    assert.equal(others.status, 'fail');
    assert.equal(others.key, 'auth.spf.softNotFail');
    assert.match(others.message, /~all/);

    const dmarc = (await check(ws, ['10-dmarc/dmarc-record'], 'ca')).by('10-dmarc/dmarc-record');
    assert.equal(dmarc.key, 'auth.dmarc.policyWeak');
    assert.equal(dmarc.params?.seen, 'none');
    assert.match(dmarc.message, /\/etc\/bind\/db\.alexdns\.local/, 'names the zone file on the server, not the workspace’s');

    const sts = (await check(ws, ['16-mta-sts/records'])).by('16-mta-sts/records');
    assert.equal(sts.key, 'mtasts.stsNone');
    // the dig command it shows asks the same server, and gets the same (empty) answer
    const dig = sts.evidence.find((l) => l.startsWith('dig '));
    assert.equal(dig, `dig @127.0.0.1 -p ${named!.port} TXT _mta-sts.${DOMAIN} +short`);
    assert.equal(execFileSync('sh', ['-c', dig!], { encoding: 'utf8' }).trim(), '');
    const spf = execFileSync('sh', ['-c', `dig @127.0.0.1 -p ${named!.port} TXT ${DOMAIN} +short`], { encoding: 'utf8' }).trim();
    assert.equal(spf, '"v=spf1 mx ~all"');
  });

  await t.test('a zone the server does not serve, and a DNS server that does not answer', async () => {
    const other = (await check(ws, ['08-spf/spf-record', '--domain', 'otra.example'], 'es')).by('08-spf/spf-record');
    assert.equal(other.key, 'dns.refused');
    assert.match(
      other.message,
      new RegExp(
        `^El servidor DNS 127\\.0\\.0\\.1:${named!.port} no sirve ninguna zona que contenga otra\\.example \\(REFUSED\\)\\. .*rndc reload`,
      ),
    );
    assert.doesNotMatch(other.message, /sandbox/);

    const silent = await freePort();
    const down = (await check(ws, ['08-spf/spf-record', '--dns', `127.0.0.1:${silent}`, '--domain', DOMAIN], 'en')).by('08-spf/spf-record');
    assert.equal(down.key, 'dns.sandboxDown');
    assert.match(down.message, new RegExp(`^The DNS server 127\\.0\\.0\\.1:${silent} does not answer\\. .*systemctl status named`));
  });

  await t.test(
    'MTA-STS: the policy as the server’s own web server serves it on port 443',
    { skip: process.getuid?.() !== 0 && 'port 443 needs root' },
    async () => {
      await named!.start({ [DOMAIN]: FINISHED.replace('2026120702', '2026120704') });
      // a real HTTPS server (openssl s_server -WWW serves its folder) on a loopback address of its own, port 443
      const web = join(parent, 'www');
      mkdirSync(join(web, '.well-known'), { recursive: true });
      const policy = (mode: string) =>
        writeFileSync(join(web, '.well-known', 'mta-sts.txt'), `version: STSv1\nmode: ${mode}\nmx: mail.${DOMAIN}\nmax_age: 86400\n`);
      policy('testing');
      selfSignedCert({
        key: join(web, 'k.pem'),
        cert: join(web, 'c.pem'),
        cn: `mta-sts.${DOMAIN}`,
        san: `DNS:mta-sts.${DOMAIN}`,
        days: 30,
      });
      const addr = `127.0.${1 + Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
      const server = spawn('openssl', ['s_server', '-WWW', '-quiet', '-accept', `${addr}:443`, '-cert', 'c.pem', '-key', 'k.pem'], {
        cwd: web,
        stdio: 'ignore',
      });
      try {
        await waitFor(addr, 443);
        const args = ['--target', `${addr}:9`, '--dns', dns, '--domain', DOMAIN];
        const served = (await check(ws, ['16-mta-sts/served', ...args])).by('16-mta-sts/served');
        assert.equal(served.status, 'pass', `${served.message}\n${served.evidence.join('\n')}`);
        assert.ok(served.evidence.includes('mode: testing'));
        assert.match(served.message, new RegExp(`mta-sts\\.${DOMAIN.replace('.', '\\.')}`), 'names the policy host, not the address');
        assert.equal((await check(ws, ['16-mta-sts/policy'])).by('16-mta-sts/policy').status, 'pass');
        policy('none');
        const none = (await check(ws, ['16-mta-sts/policy'], 'es')).by('16-mta-sts/policy');
        assert.equal(none.key, 'mtasts.modeNone');
        assert.match(none.message, new RegExp(`https://mta-sts\\.${DOMAIN.replace('.', '\\.')}/\\.well-known/mta-sts\\.txt`));
      } finally {
        server.kill();
      }
      const down = (await check(ws, ['16-mta-sts/served'])).by('16-mta-sts/served');
      assert.equal(down.key, 'mtasts.httpsDown');
      assert.match(down.message, new RegExp(`^Nothing answers at ${addr.replaceAll('.', '\\.')}, port 443: the web server`));
    },
  );

  await t.test('without --dns the DNS steps say how to give one', async () => {
    const w2 = freshWorkspace('otro-dominio.test').root;
    const r = await check(w2, ['08-spf/spf-record', '--target', '127.0.0.1:9', '--domain', DOMAIN], 'es');
    const x = r.by('08-spf/spf-record');
    assert.equal(x.status, 'unchecked');
    assert.match(x.message, /--dns HOST\[:PUERTO\]/);
  });
});
