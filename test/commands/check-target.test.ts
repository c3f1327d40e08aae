// `mailsec check --target` against a real Postfix (Debian's, a private instance started by
// real-postfix.sh on 127.0.0.1): configured as the tutorial's finished server for lessons 02–04, the
// steps observable from the network pass and the rest say "not checked remotely"; configured as its
// insecure starting point, the same steps fail with the learner's messages and the server's answers.
// Without Postfix the real-server tests are skipped, saying why (MAILSEC_REQUIRE_TOOLS=1: they fail).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, createPublicKey } from 'node:crypto';
import { dirname, join } from 'node:path';
import { freshWorkspace, tempDir } from '../prove/env.js';
import { runCli } from '../helpers/cli.js';
import { checkJson, type RemoteOutput } from '../helpers/remote-check.js';
import { freePort } from '../helpers/ports.js';
import { selfSignedCert } from '../helpers/sandbox.js';
import type { Socket as UdpSocket } from 'node:dgram';
import { RealPostfix, dnsForwarder, machineLimit, whyNotRunnable } from '../differential/harness.js';
import { RealNamed, whyNoNamed } from '../helpers/real-named.js';

const why =
  whyNotRunnable() ??
  whyNoNamed() ??
  (existsSync('/usr/bin/policyd-spf') ? undefined : "lesson 08's policy service is needed: apt-get install postfix-policyd-spf-python");
const limit = why ? undefined : machineLimit();
const skip = limit ?? (why && process.env.MAILSEC_REQUIRE_TOOLS !== '1' ? why : false);
if (skip) console.log(`real-server check test skipped: ${skip}`);

const DOMAIN = 'alexdns.local'; // real-postfix.sh's mydestination
const STEPS = [
  '02-tls/starttls',
  '02-tls/main-cf',
  '03-smtp-auth/auth-after-tls',
  '04-open-relay/relay-denied',
  '04-open-relay/local-from-outside',
];

const checkRemote = (ws: string, args: string[], lang: 'es' | 'ca' | 'en' = 'en') => checkJson(ws, args, { lang });

let real: RealPostfix | undefined;
let named: RealNamed | undefined;
let forwarder: UdpSocket | undefined;
after(async () => {
  forwarder?.close();
  await named?.stop();
  const stopped = await real?.stop().then(
    () => true,
    (e: Error) => (console.log(e.message), false),
  );
  if (real && stopped) rmSync(dirname(real.dir), { recursive: true, force: true });
});

/** The tutorial's finished server for lessons 02–04, plus XCLIENT for this machine so the relay probe is an outside client. */
function finished(dir: string, xclient = true): string {
  return [
    `smtpd_tls_cert_file = ${dir}/ssl/cert.crt`,
    `smtpd_tls_key_file = ${dir}/ssl/cert.key`,
    'smtpd_tls_security_level = may',
    'smtpd_tls_loglevel = 1',
    'smtpd_sasl_auth_enable = yes',
    'smtpd_tls_auth_only = yes',
    'smtpd_sasl_security_options = noanonymous, noplaintext',
    'smtpd_sasl_tls_security_options = noanonymous',
    // lesson 05: only this machine is trusted, and the DNSBL is asked for every other client
    'mynetworks = 127.0.0.1/32',
    'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
    // lesson 08: policyd-spf refuses a sender its domain's SPF record does not allow
    'smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, reject_rbl_client zen.spamhaus.org=127.0.0.[2..11], check_policy_service unix:private/policyd-spf',
    'policyd-spf_time_limit = 3600',
    ...(xclient ? ['smtpd_authorized_xclient_hosts = 127.0.0.1'] : []),
    // lesson 07: a content rule, the size limit, a refused sender domain
    `body_checks = regexp:${dir}/body_checks`,
    'message_size_limit = 1048576',
    `smtpd_sender_restrictions = check_sender_access regexp:${dir}/sender_access`,
  ].join('\n');
}

/** The class's DNS: the domain's zone (with a TLSA record when given) and the DNSBL's test entry. */
function zones(serial: number, tlsa?: string): Record<string, string> {
  const soa = (origin: string) =>
    `$TTL 300\n@ IN SOA ns1.${origin}. admin.${origin}. ( ${serial} 3600 600 86400 300 )\n@ IN NS ns1\nns1 IN A 127.0.0.1\n`;
  return {
    [DOMAIN]:
      soa(DOMAIN) + `@ IN MX 10 mail\nmail IN A 127.0.0.1\n@ IN TXT "v=spf1 mx -all"\n` + (tlsa ? `_25._tcp.mail IN TLSA ${tlsa}\n` : ''),
    'zen.spamhaus.org': soa('zen.spamhaus.org') + `2.0.0.127 IN A 127.0.0.2\n2.0.0.127 IN TXT "test entry"\n`,
  };
}

/** The starting point: no TLS, AUTH offered in clear, every address in mynetworks (an open relay). */
const INSECURE = [
  'smtpd_sasl_auth_enable = yes',
  'mynetworks = 0.0.0.0/0',
  'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
].join('\n');

async function configure(pf: RealPostfix, extra: string): Promise<void> {
  writeFileSync(pf.mainCf, pf.initialMainCf + '\n# the test configuration\n' + extra + '\n');
  const r = await pf.reload();
  assert.equal(r.code, 0, r.out);
  // a reload ends the old smtpd processes; new ones read main.cf
  await new Promise((res) => setTimeout(res, 500));
}

test('a real Postfix, finished and insecure, checked with --target', { skip, timeout: 5 * 60_000 }, async (t) => {
  if (why) assert.fail(why);
  const parent = tempDir('mailsec-target-');
  chmodSync(parent, 0o755); // the postfix user must traverse it
  const dir = join(parent, 'pf');
  const port = await freePort();
  // the real Postfix resolves through ADDR:53 (its own resolv.conf), forwarded to a real BIND serving
  // the domain's zone and the DNSBL's test entry, as a class's DNS VM and a list would
  const dnsAddr = `127.0.${1 + Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
  named = new RealNamed(join(parent, 'named'), zones(1));
  await named.start();
  forwarder = await dnsForwarder(dnsAddr, named.port);
  real = new RealPostfix(dir, port, dnsAddr);
  await real.init();
  selfSignedCert({
    key: join(dir, 'ssl', 'cert.key'),
    cert: join(dir, 'ssl', 'cert.crt'),
    cn: `mail.${DOMAIN}`,
    san: `DNS:mail.${DOMAIN}`,
  });
  chmodSync(join(dir, 'ssl', 'cert.key'), 0o600);
  await real.passwd('alumno', 'secreto');
  writeFileSync(join(dir, 'body_checks'), '/viagra/ REJECT Contenido no permitido\n');
  writeFileSync(join(dir, 'sender_access'), '/@spammers\\.example$/ REJECT Remitente no admitido\n');
  writeFileSync(real.mainCf, real.initialMainCf + '\n' + finished(dir) + '\n');
  // lesson 08's policy service, as Debian's postfix-policyd-spf-python installs it
  appendFileSync(join(dir, 'etc', 'master.cf'), 'policyd-spf unix - n n - 0 spawn\n  user=nobody argv=/usr/bin/policyd-spf\n');
  await real.start();
  const ws = freshWorkspace(DOMAIN).root;
  const target = `127.0.0.1:${port}`;

  await t.test('finished: the network steps pass, the file steps are not checked remotely', async () => {
    const r = await checkRemote(ws, ['02-tls/starttls', '--target', target, '--domain', DOMAIN]);
    assert.equal(r.code, 0, JSON.stringify(r.json));
    assert.equal(r.by('02-tls/starttls').key, 'tls.starttlsOk');
    assert.ok(
      r.by('02-tls/starttls').evidence.some((l) => /^S: 220 .*ESMTP/.test(l)),
      'the dialogue is shown',
    );
    assert.equal(r.json.target, target);
    // the target is kept: the next checks need no --target
    for (const ref of STEPS.slice(1)) {
      const s = await checkRemote(ws, [ref]);
      const x = s.by(ref);
      if (ref === '02-tls/main-cf') {
        assert.equal(x.status, 'unchecked');
        assert.equal(x.key, 'remote.notChecked.noSsh');
        assert.equal(x.remote, 'config');
        assert.equal(s.code, 0, 'a step not checked remotely is no failure');
        assert.equal(s.json.connections, 0);
        continue;
      }
      assert.equal(x.status, 'pass', `${ref}: ${x.message}\n${x.evidence.join('\n')}`);
      assert.equal(x.remote, 'network');
      assert.equal(s.json.connections, 1);
    }
    const relay = (await checkRemote(ws, ['04-open-relay/relay-denied'])).by('04-open-relay/relay-denied');
    assert.equal(relay.key, 'smtp.relayDeniedOk');
    assert.match(relay.evidence[0], /XCLIENT as 203\.0\.113\.7/);
    assert.ok(relay.evidence.includes('C: XCLIENT NAME=[UNAVAILABLE] ADDR=203.0.113.7'));
    assert.ok(relay.evidence.some((l) => /^S: 554 5\.7\.1 <victima@example\.com>: Relay access denied/.test(l)));
    const auth = (await checkRemote(ws, ['03-smtp-auth/auth-after-tls'])).by('03-smtp-auth/auth-after-tls');
    assert.equal(auth.key, 'smtp.authAfterTlsOk');
    assert.match(auth.message, /PLAIN LOGIN CRAM-MD5 DIGEST-MD5/);
  });

  await t.test('a whole lesson: its quizzes are still answered here, its file steps are not checked remotely', async () => {
    const r = await checkRemote(ws, ['04-open-relay']);
    const statuses = Object.fromEntries(r.json.results.map((x) => [x.step, x.status]));
    assert.deepEqual(statuses, {
      'prove-open': 'unchecked',
      restrictions: 'unchecked',
      'relay-denied': 'pass',
      'relay-auth': 'unchecked',
      'local-from-outside': 'pass',
    });
    assert.equal(r.json.unchecked, 3);
    assert.equal(r.code, 0);
    const q = await checkRemote(ws, ['03-smtp-auth/mechanisms']);
    assert.equal(q.by('03-smtp-auth/mechanisms').key, 'quiz.unanswered');
    assert.equal(q.by('03-smtp-auth/mechanisms').remote, 'local');
  });

  await t.test('lesson 07’s proofs: the check sends each one itself, as an outside client', async () => {
    const r = await checkRemote(ws, ['07-rules']);
    const body = r.by('07-rules/body-proof');
    assert.equal(body.status, 'pass', `${body.message}\n${body.evidence.join('\n')}`);
    assert.equal(body.message, 'Your content rule rejected the mail: 550 5.7.1 Contenido no permitido');
    assert.ok(body.evidence.includes('C: This test mail contains the word viagra.'));
    assert.match(body.evidence[0], /XCLIENT as 203\.0\.113\.7/);
    const size = r.by('07-rules/size-proof');
    assert.equal(size.status, 'pass', size.message);
    assert.ok(size.evidence.includes('C: MAIL FROM:<prueba@example.org> SIZE=2097152'));
    assert.match(size.message, /552 5\.3\.4 Message size exceeds fixed limit/);
    const sender = r.by('07-rules/sender-proof');
    assert.equal(sender.status, 'pass', sender.message);
    assert.match(sender.message, /Sender address rejected: Remitente no admitido/);
    assert.equal(r.by('07-rules/size-limit').status, 'unchecked');
  });

  await t.test('lesson 08: the check sends a mail from the domain, from outside, and the server’s policyd-spf refuses it', async () => {
    const r = (await checkRemote(ws, ['08-spf/spoof-rejected'])).by('08-spf/spoof-rejected');
    assert.equal(r.status, 'pass', `${r.message}\n${r.evidence.join('\n')}`);
    assert.ok(r.evidence.includes(`C: MAIL FROM:<director@${DOMAIN}>`));
    assert.match(r.message, /550 5\.7\.23 .*SPF fail/);
    // without the policy service the spoof gets in, and the learner reads what to check
    await configure(real!, finished(dir).replace(', check_policy_service unix:private/policyd-spf', ''));
    const open = (await checkRemote(ws, ['08-spf/spoof-rejected'], 'ca')).by('08-spf/spoof-rejected');
    assert.equal(open.key, 'remote.spf.accepted');
    assert.match(
      open.message,
      /^El servidor 127\.0\.0\.1 \(port \d+\) ha acceptat un correu de director@alexdns\.local enviat des de 203\.0\.113\.7, .*«250 2\.1\.5 Ok».*policyd-spf/,
    );
    await configure(real!, finished(dir));
  });

  await t.test('lesson 05: the check presents itself as 127.0.0.2 and the server’s own DNSBL lookup refuses it', async () => {
    const r = (await checkRemote(ws, ['05-rbl/listed-client'])).by('05-rbl/listed-client');
    assert.equal(r.status, 'pass', `${r.message}\n${r.evidence.join('\n')}`);
    assert.ok(r.evidence.includes('C: XCLIENT NAME=[UNAVAILABLE] ADDR=127.0.0.2'));
    assert.ok(
      r.evidence.some((l) => /^S: 554 5\.7\.1 Service unavailable; Client host \[127\.0\.0\.2\] blocked using zen\.spamhaus\.org/.test(l)),
    );
    // the learner's own listed address is in a zone on the server: not checked from here
    assert.equal((await checkRemote(ws, ['05-rbl/own-listing'])).by('05-rbl/own-listing').status, 'unchecked');
    // the list left out: the test address gets in, and the learner reads what to check
    await configure(real!, finished(dir).replace(/, reject_rbl_client .*$/m, ''));
    const open = (await checkRemote(ws, ['05-rbl/listed-client'], 'es')).by('05-rbl/listed-client');
    assert.equal(open.key, 'remote.rbl.accepted');
    assert.match(
      open.message,
      /^El servidor 127\.0\.0\.1 \(puerto \d+\) ha aceptado un cliente en 127\.0\.0\.2, .*«250 2\.1\.5 Ok».*reject_rbl_client zen\.spamhaus\.org/,
    );
    await configure(real!, finished(dir));
  });

  await t.test('with its DNS on a real BIND: the TLSA record is compared with the certificate the server presents', async () => {
    const spki = createPublicKey(readFileSync(join(dir, 'ssl', 'cert.crt'))).export({ type: 'spki', format: 'der' });
    const hash = createHash('sha256').update(spki).digest('hex');
    await named!.start(zones(2, `3 1 1 ${hash}`));
    const ok = await checkRemote(ws, ['17-dane/tlsa-record', '--dns', `127.0.0.1:${named!.port}`]);
    const x = ok.by('17-dane/tlsa-record');
    assert.equal(x.status, 'pass', `${x.message}\n${x.evidence.join('\n')}`);
    assert.equal(x.remote, 'dns');
    assert.equal(ok.json.connections, 1, 'one STARTTLS to see the certificate');
    // a record made from another key: the learner reads both hashes and the command that makes the right one
    await named!.start(zones(3, `3 1 1 ${'ab'.repeat(32)}`));
    const bad = (await checkRemote(ws, ['17-dane/tlsa-record'], 'es')).by('17-dane/tlsa-record');
    assert.equal(bad.status, 'fail');
    assert.match(bad.key, /^dane\./);
    assert.ok(
      bad.message.includes(hash.slice(0, 12)) || bad.evidence.some((l) => l.includes(hash.slice(0, 12))),
      `${bad.message}\n${bad.evidence.join('\n')}`,
    );
    // a rollover compares with the next key, a file on the server: not checked from here
    const rollover = (await checkRemote(ws, ['17-dane/rollover'])).by('17-dane/rollover');
    assert.equal(rollover.status, 'unchecked');
    assert.equal(rollover.key, 'remote.notChecked.ssh');
    assert.equal(rollover.remote, 'ssh');
    // back to no DNS server for the steps after this one
    await checkRemote(ws, ['02-tls/starttls', '--target', target, '--domain', DOMAIN]);
  });

  await t.test('finished but without XCLIENT for this machine: the relay probe says it came from here', async () => {
    await configure(real!, finished(dir, false));
    const r = await checkRemote(ws, ['04-open-relay/relay-denied']);
    const x = r.by('04-open-relay/relay-denied');
    // 127.0.0.1 is in mynetworks: from here the server relays, and the learner is told why
    assert.equal(x.key, 'smtp.relayOpen');
    assert.match(x.evidence[0], /Checked from this machine \(127\.0\.0\.1\).*smtpd_authorized_xclient_hosts = 127\.0\.0\.1/);
    assert.ok(!x.evidence.some((l) => l.startsWith('C: XCLIENT')));
    assert.equal(r.code, 1);
  });

  await t.test('insecure: the expected reds, with the learner’s messages and what the server answered', async () => {
    await configure(real!, INSECURE);
    const tls = (await checkRemote(ws, ['02-tls/starttls'])).by('02-tls/starttls');
    assert.equal(tls.status, 'fail');
    assert.equal(tls.key, 'tls.starttlsNotOffered');
    assert.match(tls.message, new RegExp(`The server 127\\.0\\.0\\.1 \\(port ${port}\\) does not offer STARTTLS.*postfix reload`));
    assert.ok(
      tls.evidence.some((l) => l.startsWith('S: 250-mail.alexdns.local') && !l.includes('STARTTLS')),
      tls.evidence.join('\n'),
    );

    const auth = (await checkRemote(ws, ['03-smtp-auth/auth-after-tls'])).by('03-smtp-auth/auth-after-tls');
    assert.equal(auth.key, 'smtp.authBeforeTls');
    assert.match(String(auth.params?.seen), /^AUTH .*PLAIN/);
    assert.match(auth.message, /smtpd_tls_auth_only = yes/);

    const relay = await checkRemote(ws, ['04-open-relay/relay-denied'], 'es');
    const x = relay.by('04-open-relay/relay-denied');
    assert.equal(x.key, 'smtp.relayOpen');
    assert.match(
      x.message,
      /^Sigue siendo un relay abierto: en el puerto \d+ de 127\.0\.0\.1, RCPT TO:<victima@example\.com> recibe «250 2\.1\.5 Ok»/,
    );
    assert.match(x.evidence[0], /^Comprobado desde esta máquina/);
    assert.ok(x.evidence.includes('S: 250 2.1.5 Ok'));
    assert.equal(relay.code, 1);

    const body = (await checkRemote(ws, ['07-rules/body-proof'], 'es')).by('07-rules/body-proof');
    assert.equal(body.key, 'remote.filter.keywordAccepted');
    assert.match(
      body.message,
      new RegExp(
        `^El servidor 127\\.0\\.0\\.1 \\(puerto ${port}\\) ha aceptado para postmaster@alexdns\\.local un correo con «viagra» en el cuerpo: «250 2\\.0\\.0 Ok: queued as`,
      ),
    );
    const size = (await checkRemote(ws, ['07-rules/size-proof'])).by('07-rules/size-proof');
    assert.equal(size.key, 'filter.sizeAccepted');
    assert.match(size.message, /accepts a mail announced as 2097152 bytes.*message_size_limit = 1048576.*postfix reload/);
    const sender = (await checkRemote(ws, ['07-rules/sender-proof'], 'ca')).by('07-rules/sender-proof');
    assert.equal(sender.key, 'remote.filter.senderAccepted');
    assert.match(sender.message, /ha acceptat un remitent de spammers\.example: «250 2\.1\.5 Ok»/);

    const rbl = (await checkRemote(ws, ['05-rbl/listed-client'])).by('05-rbl/listed-client');
    assert.equal(rbl.status, 'unchecked', 'without XCLIENT the check cannot be 127.0.0.2');
    assert.equal(rbl.key, 'remote.notChecked.xclient');
    assert.match(rbl.message, /smtpd_authorized_xclient_hosts = 127\.0\.0\.1/);
    // the forged sender is proved only from outside; no address of the server can be 203.0.113.7
    const spoof = (await checkRemote(ws, ['08-spf/spoof-rejected'], 'es')).by('08-spf/spoof-rejected');
    assert.equal(spoof.key, 'remote.notChecked.xclientOutside');
    assert.match(spoof.message, /cliente de fuera como 203\.0\.113\.7.*smtpd_authorized_xclient_hosts = 127\.0\.0\.1/);
    assert.doesNotMatch(spoof.message, /--local-interface/);

    const local = (await checkRemote(ws, ['04-open-relay/local-from-outside'])).by('04-open-relay/local-from-outside');
    assert.equal(local.key, 'smtp.relayOpen');
    assert.equal(local.params?.rcpt, 'victima@example.com');
  });

  await t.test('the text output shows the server and the status of each step', async () => {
    const r = await runCli(['check', '02-tls'], { ws, lang: 'en' });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, new RegExp(`^Checking the server 127\\.0\\.0\\.1:${port} \\(127\\.0\\.0\\.1\\), not the sandbox`));
    assert.match(r.stdout, /^– 02-tls\/key {2}not checked remotely/m);
    assert.match(r.stdout, /^✘ 02-tls\/starttls {2}The server 127\.0\.0\.1/m);
    assert.match(r.stdout, /^ {4}C: EHLO mailsec-check\.invalid$/m);
    assert.match(r.stdout, /\(6 not checked remotely\)$/m);
  });

  await t.test('--target sandbox forgets the server', async () => {
    const r = await runCli(['check', '02-tls/starttls', '--target', 'sandbox', '--json'], { ws, lang: 'en' });
    const j = JSON.parse(r.stdout) as RemoteOutput;
    assert.equal(j.target, undefined);
    assert.equal(j.results[0].key, 'tls.certMissing'); // the sandbox's own check, on the workspace's files
    assert.ok(!existsSync(join(ws, '.mailsec', 'target.json')));
  });
});

test('a public address is refused before anything is contacted, and not saved', async () => {
  const ws = freshWorkspace(DOMAIN).root;
  const r = await runCli(['check', '04-open-relay/relay-denied', '--target', '8.8.8.8'], { ws, lang: 'es' });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^8\.8\.8\.8 \(--target\) es una dirección pública: .*--i-own-this-server/);
  assert.ok(!existsSync(join(ws, '.mailsec', 'target.json')));
  const bad = await runCli(['check', '--target', 'a b'], { ws, lang: 'en' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /“a b” is not a server for --target/);
  const alone = await runCli(['check', '--dns', '127.0.0.1'], { ws, lang: 'ca' });
  assert.equal(alone.code, 2);
  assert.match(alone.stderr, /^--dns, --ssh i --i-own-this-server van amb --target/);
  const back = await runCli(['check', '--target', 'sandbox', '--ssh', 'root@127.0.0.1'], { ws, lang: 'es' });
  assert.equal(back.code, 2);
  assert.match(back.stderr, /^--ssh es para un servidor real y no va con --target sandbox/);
  // the login for --ssh is a host like any other: a public one is refused too
  const ssh = await runCli(['check', '02-tls/main-cf', '--target', '127.0.0.1:9', '--ssh', 'root@8.8.8.8'], { ws, lang: 'en' });
  assert.equal(ssh.code, 2);
  assert.match(ssh.stderr, /^8\.8\.8\.8 \(--ssh\) is a public address/);
  assert.ok(!existsSync(join(ws, '.mailsec', 'target.json')));
});

test('a saved target is checked by the workbook too, and nothing of it is recorded in the progress', async () => {
  const ws = freshWorkspace(DOMAIN).root;
  // a step that needs the server's files: nothing is contacted, the target is saved
  const r = await checkRemote(ws, ['02-tls/main-cf', '--target', '127.0.0.1:9']);
  assert.equal(r.by('02-tls/main-cf').status, 'unchecked');
  assert.equal(r.json.connections, 0);
  const plain = await runCli(['--plain'], { ws, lang: 'en', input: 'g 02-tls/main-cf\nc\ng 02-tls/starttls\nc\nq\n' });
  assert.match(plain.stderr, /This workspace has the server 127\.0\.0\.1:9 saved: the workbook checks it/);
  assert.match(
    plain.stdout,
    /^– On 127\.0\.0\.1:9: not checked remotely: this step reads the server’s configuration \(main\.cf, master\.cf/m,
  );
  assert.match(plain.stdout, /^\[not yet\] On 127\.0\.0\.1:9: Nothing answers at 127\.0\.0\.1, port 9\. .*systemctl status postfix/m);
  assert.match(plain.stdout, /^ {2}Seen: connect ECONNREFUSED 127\.0\.0\.1:9$/m);
  const progress = JSON.parse(readFileSync(join(ws, '.mailsec', 'progress.json'), 'utf8')) as { steps: Record<string, unknown> };
  assert.deepEqual(progress.steps, {}, 'a server’s result is not the workspace’s progress');
  // S: the sandbox's own check of the same step (nobody on the closed test ports), then the server again
  const switched = await runCli(['--plain'], { ws, lang: 'en', input: 'g 02-tls/starttls\nS\nc\nS\nq\n' });
  assert.match(switched.stdout, /^Checking the sandbox now\. S goes back to the server 127\.0\.0\.1:9\.\n\[not yet\] (?!On )/m);
  assert.match(switched.stdout, /^Checking the server 127\.0\.0\.1:9 now\. S goes back to the sandbox\.$/m);
  // forgotten: the workbook checks the sandbox again, on the workspace's files
  const gone = await runCli(['check', '02-tls/main-cf', '--no-target', '--json'], { ws, lang: 'en' });
  assert.equal((JSON.parse(gone.stdout) as RemoteOutput).target, undefined);
  const after = await runCli(['--plain'], { ws, lang: 'en', input: 'g 02-tls/main-cf\nc\nq\n' });
  assert.doesNotMatch(after.stderr, /has the server/);
  assert.doesNotMatch(after.stdout, /On 127\.0\.0\.1:9/);
  assert.match(after.stdout, /^\[not yet\] /m);
});

test('the workbook chooses a server itself (E): saved as --target saves it, refused as --target refuses, and forgotten with an empty line or "sandbox"', async () => {
  const ws = freshWorkspace(DOMAIN).root;
  const saved = join(ws, '.mailsec', 'target.json');
  const r = await runCli(['--plain'], {
    ws,
    lang: 'es',
    input: [
      'g 02-tls/starttls',
      'E',
      'E 8.8.8.8',
      'E 127.0.0.1:9 --ssh',
      'E --dns 127.0.0.1',
      'E 127.0.0.1:9 --domain alexdns.local',
      'c',
      'E',
      'q',
      '',
    ].join('\n'),
  });
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout;
  // with none saved: how to choose one
  assert.match(out, /^Este espacio de trabajo no tiene ningún servidor guardado: E lo elige/m);
  assert.match(out, /^E HOST\[:PUERTO\] \[--dns HOST\] \[--ssh USUARIO@HOST\] \[--domain DOMINIO\] \[--i-own-this-server\] elige/m);
  // each wrong line says what is wrong with it, and nothing is saved meanwhile
  assert.match(out, /^8\.8\.8\.8 \(--target\) es una dirección pública: .*--i-own-this-server\.$/m);
  assert.match(out, /^A --ssh le falta el valor: escríbelo detrás, separado por un espacio\.$/m);
  assert.match(out, /^Falta el servidor: empieza por su HOST\[:PUERTO\]/m);
  // a good one: saved, and the next check goes there
  assert.match(out, /^Ahora se comprueba el servidor 127\.0\.0\.1:9\. S vuelve al sandbox\.$/m);
  assert.match(out, /^\[todavía no\] En 127\.0\.0\.1:9: /m);
  assert.match(out, /^Servidor: 127\.0\.0\.1:9 --domain alexdns\.local$/m);
  assert.deepEqual(JSON.parse(readFileSync(saved, 'utf8')), { target: '127.0.0.1:9', domain: 'alexdns.local' });
  // `mailsec check` goes to the server the workbook chose
  const cli = await checkRemote(ws, ['02-tls/starttls']);
  assert.equal(cli.json.target, '127.0.0.1:9');
  // "E sandbox": forgotten, the sandbox again
  const back = await runCli(['--plain'], { ws, lang: 'en', input: 'g 02-tls/starttls\nE sandbox\nc\nq\n' });
  assert.match(back.stdout, /^Checking the sandbox now: the saved server is forgotten\.$/m);
  assert.match(back.stdout, /^\[not yet\] (?!On )/m);
  assert.ok(!existsSync(saved));
});
