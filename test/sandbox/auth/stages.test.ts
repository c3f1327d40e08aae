// The milter stages on their own: OpenDKIM signing (wired, half-wired, not wired) and the
// receiving side's SPF / DKIM / DMARC decisions, with an in-memory DNS.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, chmodSync } from 'node:fs';
import { freshWorkspace, missingTools } from '../../prove/env.js';
import { parseMainCf } from '../../../src/postfix/main-cf.js';
import { dkimSignStage, inboundAuthStage } from '../../../src/sandbox/auth/stages.js';
import { genkey } from '../../../src/sandbox/auth/genkey.js';
import { readPrivateKey, publicB64Of } from '../../../src/sandbox/auth/dkim-key.js';
import { buildReport, reportEvents, reportXml } from '../../../src/sandbox/auth/report.js';
import type { MessageIn, StageContext, StageOutcome } from '../../../src/sandbox/pipeline.js';
import type { SandboxEvent } from '../../../src/sandbox/events.js';
import { memoryResolver, txt, type Records } from './zone-resolver.js';
import { pySign, pyVerify } from './python-dkim.js';
import { signatureFor } from '../../../src/sandbox/auth/dkim.js';

const D = 'aula.test';

function setup(o: { mainCf?: string; zone?: Records; conf?: string } = {}) {
  const ws = freshWorkspace(D);
  const keyDir = ws.resolve(`etc/opendkim/keys/${D}`);
  const key = genkey({ selector: 'default', domain: D, dir: keyDir });
  const k = readPrivateKey(readFileSync(key.privateFile, 'utf8'));
  if ('problem' in k) throw new Error('bad key');
  const p = publicB64Of(k.key);
  const zone: Records = {
    [D]: { ...txt('v=spf1 mx -all'), MX: [{ exchange: `mail.${D}`, priority: 10 }], A: ['127.0.0.1'] },
    [`mail.${D}`]: { A: ['127.0.0.1'] },
    [`default._domainkey.${D}`]: txt(['v=DKIM1; h=sha256; k=rsa; ', `p=${p}`]),
    [`_dmarc.${D}`]: txt(`v=DMARC1; p=reject; rua=mailto:postmaster@${D}`),
    ...o.zone,
  };
  const base = readFileSync(ws.resolve('etc/postfix/main.cf'), 'utf8').replace(/^mynetworks = .*$/m, 'mynetworks = 127.0.0.0/8 [::1]/128');
  const cfText = base + '\n' + (o.mainCf ?? '');
  const events: SandboxEvent[] = [];
  const logs: string[] = [];
  const ctx: StageContext = {
    ws,
    cfg: parseMainCf(cfText),
    hostname: `mail.${D}`,
    resolver: memoryResolver(zone),
    log: (l) => logs.push(l),
    event: (e) => events.push({ ts: new Date().toISOString(), ...e } as SandboxEvent),
  };
  if (o.conf !== undefined) writeFileSync(ws.resolve('etc/opendkim.conf'), o.conf);
  return { ws, ctx, events, logs, keyFile: key.privateFile, p };
}

const WIRED_CF = 'smtpd_milters = inet:localhost:8891\nnon_smtpd_milters = $smtpd_milters\nmilter_default_action = accept\n';
const CONF = (extra = '') =>
  `Syslog yes\nSyslogSuccess yes\nCanonicalization relaxed/simple\nMode sv\nDomain ${D}\nSelector default\nKeyFile /etc/opendkim/keys/${D}/default.private\nSocket inet:8891@localhost\n${extra}`;

function mail(
  o: { from?: string; headerFrom?: string; addr?: string; listener?: MessageIn['session']['listener']; sasl?: boolean; raw?: string } = {},
): MessageIn {
  const headerFrom = o.headerFrom ?? `alumno@${D}`;
  const raw =
    o.raw ??
    [
      `From: <${headerFrom}>`,
      `To: <alumno@${D}>`,
      'Subject: prueba',
      'Date: Mon, 06 Jan 2025 10:00:00 +0100',
      `Message-ID: <${Math.random()}@x>`,
      '',
      'Hola.',
      '',
    ].join('\r\n');
  return {
    session: {
      id: 's1',
      listener: o.listener ?? 'smtp',
      client: { addr: o.addr ?? '127.0.0.1', name: 'localhost' },
      helo: 'client.example',
      sasl: o.sasl ? { method: 'PLAIN', username: 'alumno' } : undefined,
    },
    envelope: { mailFrom: o.from ?? headerFrom, rcptTo: [`alumno@${D}`] },
    queueId: 'ABC123',
    raw: Buffer.from(raw),
  };
}

const rawOf = (o: StageOutcome) => ('raw' in o && o.raw ? o.raw.toString() : '');

describe('OpenDKIM signing stage', () => {
  test('not wired: no stage at all', () => {
    const { ctx } = setup({ conf: CONF() });
    assert.equal(dkimSignStage(ctx), undefined);
  });

  test('wired: mail from a trusted client is signed, logged, and verifies', async () => {
    const { ctx, events, logs } = setup({ mainCf: WIRED_CF, conf: CONF() });
    const stage = dkimSignStage(ctx)!;
    const out = await stage.run(mail(), ctx);
    assert.equal(out.action, 'continue');
    assert.match(rawOf(out), /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/simple; d=aula\.test;/);
    assert.ok(
      logs.some((l) => /ABC123: DKIM-Signature field added \(s=default, d=aula\.test\)/.test(l)),
      logs.join('\n'),
    );
    const ev = events.find((e) => e.type === 'dkim.sign')!;
    assert.deepEqual(ev.verify, { result: 'pass', comment: undefined });
  });

  test('wired: the signature verifies with dkimpy too', { skip: missingTools(['dkimverify']) }, async () => {
    const { ctx, p } = setup({ mainCf: WIRED_CF, conf: CONF() });
    const out = await dkimSignStage(ctx)!.run(mail({ sasl: true, addr: '198.51.100.20' }), ctx);
    assert.equal(await pyVerify(rawOf(out), { [`default._domainkey.${D}`]: `v=DKIM1; k=rsa; p=${p}` }), 'pass');
  });

  test('an outside client is not signed for', async () => {
    const { ctx } = setup({ mainCf: WIRED_CF, conf: CONF() });
    const out = await dkimSignStage(ctx)!.run(mail({ addr: '203.0.113.7', listener: 'outside' }), ctx);
    assert.doesNotMatch(rawOf(out), /DKIM-Signature/);
  });

  test('another From domain is not signed', async () => {
    const { ctx } = setup({ mainCf: WIRED_CF, conf: CONF() });
    const out = await dkimSignStage(ctx)!.run(mail({ headerFrom: 'x@other.example' }), ctx);
    assert.equal(out.action, 'continue');
    assert.doesNotMatch(rawOf(out), /DKIM-Signature/);
  });

  // as a real OpenDKIM 2.11 (Debian 12) logged it: "field added" only with SyslogSuccess (Debian's
  // file has it), why a message is not signed only with LogWhy
  test('without SyslogSuccess the signature is added but not logged; without LogWhy another domain leaves no line', async () => {
    const { ctx, logs } = setup({ mainCf: WIRED_CF, conf: CONF().replace('SyslogSuccess yes\n', '') });
    assert.match(rawOf(await dkimSignStage(ctx)!.run(mail(), ctx)), /^DKIM-Signature: /);
    await dkimSignStage(ctx)!.run(mail({ headerFrom: 'x@other.example' }), ctx);
    assert.deepEqual(
      logs.filter((l) => /^opendkim\[/.test(l)),
      [],
    );
  });

  test('LogWhy yes: another domain, and a subdomain signed with its parent d= under SubDomains yes', async () => {
    const { ctx, logs } = setup({ mainCf: WIRED_CF, conf: CONF('LogWhy yes\nSubDomains yes\n') });
    await dkimSignStage(ctx)!.run(mail({ headerFrom: 'x@other.example' }), ctx);
    const sub = await dkimSignStage(ctx)!.run(mail({ headerFrom: `avisos@mail.${D}` }), ctx);
    assert.match(rawOf(sub), new RegExp(`^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=${D.replace('.', '\\.')};`));
    assert.deepEqual(
      logs.filter((l) => /^opendkim\[/.test(l)).map((l) => l.replace(/^opendkim\[\d+\]: /, '')),
      [
        "ABC123: no signing domain match for 'other.example'",
        "ABC123: no signing subdomain match for 'other.example'",
        `ABC123: no signing domain match for 'mail.${D}'`,
        `ABC123: DKIM-Signature field added (s=default, d=${D})`,
      ],
    );
  });

  test('half-wired: the socket does not match, milter_default_action = tempfail refuses with 451', async () => {
    const { ctx, logs } = setup({ mainCf: 'smtpd_milters = inet:localhost:8892\n', conf: CONF() });
    const out = await dkimSignStage(ctx)!.run(mail(), ctx);
    assert.deepEqual(
      [out.action, 'code' in out && out.code, 'text' in out && out.text],
      ['reject', 451, 'Service unavailable - try again later'],
    );
    assert.ok(logs.includes('warning: connect to Milter service inet:localhost:8892: Connection refused'));
  });

  test('half-wired with milter_default_action = accept: delivered unsigned', async () => {
    const { ctx } = setup({ mainCf: 'smtpd_milters = inet:localhost:8892\nmilter_default_action = accept\n', conf: CONF() });
    const out = await dkimSignStage(ctx)!.run(mail(), ctx);
    assert.equal(out.action, 'continue');
    assert.doesNotMatch(rawOf(out), /DKIM-Signature/);
  });

  test("Debian's unix socket in the Postfix chroot matches local:/var/spool/postfix/...", async () => {
    const conf = CONF().replace('Socket inet:8891@localhost', 'Socket local:/var/spool/postfix/opendkim/opendkim.sock');
    const { ctx } = setup({ mainCf: 'smtpd_milters = unix:opendkim/opendkim.sock\nmilter_default_action = accept\n', conf });
    const out = await dkimSignStage(ctx)!.run(mail(), ctx);
    assert.match(rawOf(out), /^DKIM-Signature:/);
  });

  test('a key others can read is refused, as RequireSafeKeys does', async () => {
    const { ctx, keyFile, logs } = setup({ mainCf: WIRED_CF, conf: CONF() });
    chmodSync(keyFile, 0o644);
    const out = await dkimSignStage(ctx)!.run(mail(), ctx);
    assert.doesNotMatch(rawOf(out), /DKIM-Signature/);
    assert.ok(logs.some((l) => /key data is not secure/.test(l)));
  });

  test('Mode v only verifies', async () => {
    const { ctx } = setup({ mainCf: WIRED_CF, conf: CONF().replace('Mode sv', 'Mode v') });
    const out = await dkimSignStage(ctx)!.run(mail(), ctx);
    assert.doesNotMatch(rawOf(out), /DKIM-Signature/);
  });

  test('a published key of another pair: signed, but the check of the signature fails', async () => {
    const other = setup();
    const { ctx, events } = setup({
      mainCf: WIRED_CF,
      conf: CONF(),
      zone: { [`default._domainkey.${D}`]: txt(`v=DKIM1; k=rsa; p=${other.p}`) },
    });
    await dkimSignStage(ctx)!.run(mail(), ctx);
    const ev = events.find((e) => e.type === 'dkim.sign')!;
    assert.notEqual((ev.verify as { result: string }).result, 'pass');
  });
});

const spoof = (extra: Parameters<typeof mail>[0] = {}) =>
  mail({ from: `director@${D}`, headerFrom: `director@${D}`, addr: '203.0.113.7', listener: 'outside', ...extra });

describe('inbound SPF, DKIM and DMARC', () => {
  test('a spoofed mail from outside with p=reject: 550 5.7.1 as OpenDMARC', async () => {
    const { ctx, events, logs } = setup();
    const out = await inboundAuthStage(ctx)!.run(spoof(), ctx);
    assert.equal(out.action, 'reject');
    assert.deepEqual(
      ['code' in out && out.code, 'enhanced' in out && out.enhanced, 'text' in out && out.text],
      [550, '5.7.1', 'rejected by DMARC policy for aula.test'],
    );
    const ev = events.find((e) => e.type === 'authres')!;
    assert.equal((ev.spf as { result: string }).result, 'fail');
    assert.equal((ev.dmarc as { result: string }).result, 'fail');
    assert.equal(ev.action, 'reject');
    assert.ok(logs.includes('opendmarc[' + process.pid + ']: ABC123: aula.test fail'));
  });

  test("a subdomain under the organization's p=reject: the 550 names the domain whose record applied", async () => {
    const { ctx, logs } = setup();
    const out = await inboundAuthStage(ctx)!.run(spoof({ headerFrom: `director@news.${D}` }), ctx);
    assert.equal('text' in out && out.text, 'rejected by DMARC policy for aula.test');
    // OpenDMARC logs the From domain
    assert.ok(logs.includes('opendmarc[' + process.pid + ']: ABC123: news.aula.test fail'), logs.join('\n'));
  });

  test('p=quarantine: OpenDMARC asks Postfix to hold it, with Authentication-Results', async () => {
    const { ctx } = setup({ zone: { [`_dmarc.${D}`]: txt('v=DMARC1; p=quarantine') } });
    const out = await inboundAuthStage(ctx)!.run(spoof(), ctx);
    assert.equal(out.action, 'hold');
    const head = rawOf(out).split('\r\n\r\n')[0];
    assert.match(
      head,
      /^Authentication-Results: mail\.aula\.test;\r\n\tspf=fail [^\r]*smtp\.mailfrom=director@aula\.test smtp\.helo=client\.example;\r\n\tdkim=none \(message not signed\);\r\n\tdmarc=fail \(p=quarantine dis=quarantine\) header\.from=aula\.test/,
    );
  });

  test('p=none: delivered, the failure only noted', async () => {
    const { ctx, events } = setup({ zone: { [`_dmarc.${D}`]: txt('v=DMARC1; p=none') } });
    const out = await inboundAuthStage(ctx)!.run(spoof(), ctx);
    assert.equal(out.action, 'continue');
    assert.match(rawOf(out), /dmarc=fail \(p=none dis=none\)/);
    assert.equal(events.find((e) => e.type === 'authres')!.action, 'none');
  });

  test('no DMARC record: delivered with dmarc=none', async () => {
    const { ctx } = setup({ zone: { [`_dmarc.${D}`]: {} } });
    const out = await inboundAuthStage(ctx)!.run(spoof(), ctx);
    assert.equal(out.action, 'continue');
    assert.match(rawOf(out), /dmarc=none header\.from=aula\.test/);
  });

  test('a trusted client is not policed, and that is recorded', async () => {
    const { ctx, events } = setup();
    const out = await inboundAuthStage(ctx)!.run(mail({ sasl: true, addr: '203.0.113.7' }), ctx);
    assert.equal(out.action, 'continue');
    assert.equal(events[0].type, 'authres.skip');
  });

  test('mail signed by dkimpy with the published key passes DKIM and DMARC', { skip: missingTools(['dkimverify']) }, async () => {
    const { ctx, events, keyFile } = setup();
    const raw = [
      `From: Director <director@${D}>`,
      `To: alumno@${D}`,
      'Subject: firmado',
      'Date: Mon, 06 Jan 2025 10:00:00 +0100',
      'Message-ID: <py@x>',
      '',
      'Hola.',
      '',
    ].join('\r\n');
    const signed = await pySign(raw, 'default', D, keyFile);
    const out = await inboundAuthStage(ctx)!.run(spoof({ raw: signed.toString('latin1'), from: 'bounce@elsewhere.example' }), ctx);
    assert.equal(out.action, 'continue');
    const ev = events.find((e) => e.type === 'authres')!;
    assert.deepEqual(
      (ev.dkim as { result: string }[]).map((d) => d.result),
      ['pass'],
    );
    assert.equal((ev.dmarc as { result: string; dkimAligned: boolean }).result, 'pass');
    assert.match(rawOf(out), /dkim=pass header\.i=@aula\.test header\.s=default/);
  });

  test('strict alignment: a valid signature of a subdomain does not pass adkim=s', async () => {
    const { keyFile, p } = setup({ mainCf: WIRED_CF });
    const sub = `news.${D}`;
    const zone = { [`default._domainkey.${sub}`]: txt(`v=DKIM1; k=rsa; p=${p}`), [`_dmarc.${D}`]: txt('v=DMARC1; p=reject; adkim=s') };
    const conf = CONF().replace(`Domain ${D}`, `Domain ${sub}`);
    const s2 = setup({ mainCf: WIRED_CF, conf, zone });
    // sign as news.aula.test with the same key, From: aula.test → relaxed would pass, strict must not
    writeFileSync(s2.keyFile, readFileSync(keyFile));
    const raw = [
      `From: <director@${D}>`,
      `To: alumno@${D}`,
      'Subject: s',
      'Date: Mon, 06 Jan 2025 10:00:00 +0100',
      'Message-ID: <s@x>',
      '',
      'x',
      '',
    ].join('\r\n');
    const sig = await signatureFor(Buffer.from(raw), { domain: sub, selector: 'default', key: readFileSync(keyFile, 'utf8') });
    const out = await inboundAuthStage(s2.ctx)!.run(spoof({ raw: sig + '\r\n' + raw, from: 'x@elsewhere.example' }), s2.ctx);
    assert.equal(out.action, 'reject');
    const ev = s2.events.find((e) => e.type === 'authres')!;
    assert.deepEqual((ev.dkim as { result: string; domain: string }[])[0], {
      result: 'pass',
      domain: sub,
      selector: 'default',
      comment: undefined,
    });
    assert.equal((ev.dmarc as { dkimAligned: boolean }).dkimAligned, false);
  });

  test('policyd-spf wired: SPF fail is refused with 550 5.7.23, Received-SPF otherwise', async () => {
    const cf =
      'smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, check_policy_service unix:private/policyd-spf\n';
    const { ctx, ws, events, logs } = setup({ mainCf: cf });
    const master = ws.resolve('etc/postfix/master.cf');
    writeFileSync(
      master,
      readFileSync(master, 'utf8') +
        'policyd-spf  unix  -       n       n       -       0       spawn\n  user=policyd-spf argv=/usr/bin/policyd-spf\n',
    );
    const out = await inboundAuthStage(ctx)!.run(spoof(), ctx);
    assert.equal(out.action, 'reject');
    assert.equal('code' in out && `${out.code} ${out.enhanced}`, '550 5.7.23');
    assert.match(
      'text' in out ? out.text : '',
      /^<alumno@aula\.test>: Recipient address rejected: Message rejected due to: SPF fail - not authorized\. Please see http:\/\/www\.open-spf\.org\/Why\?s=mfrom;id=director@aula\.test;ip=203\.0\.113\.7;r=<UNKNOWN>$/,
    );
    assert.ok(logs.some((l) => l.startsWith('policyd-spf[')));
    assert.equal((events.find((e) => e.type === 'authres')!.spf as { via: string }).via, 'policyd-spf');
    // a sender whose domain has no SPF record: Received-SPF: None, and DMARC goes on
    const ok = await inboundAuthStage(ctx)!.run(
      mail({ from: 'a@nospf.example', headerFrom: 'a@nospf.example', addr: '203.0.113.7', listener: 'outside' }),
      ctx,
    );
    assert.equal(ok.action, 'continue');
    assert.match(
      rawOf(ok),
      /\r\nReceived-SPF: None \(no SPF record\) identity=mailfrom; client-ip=203\.0\.113\.7; helo=client\.example; envelope-from=a@nospf\.example; receiver=<UNKNOWN>\r\n/,
    );
  });

  test('policyd-spf named in main.cf but missing from master.cf: 451 4.3.5', async () => {
    const cf = 'smtpd_recipient_restrictions = reject_unauth_destination, check_policy_service unix:private/policyd-spf\n';
    const { ctx } = setup({ mainCf: cf });
    const out = await inboundAuthStage(ctx)!.run(spoof(), ctx);
    assert.deepEqual(['code' in out && out.code, 'enhanced' in out && out.enhanced], [451, '4.3.5']);
  });

  test('hostile input: no From, garbage, a huge header, never a crash', async () => {
    const { ctx } = setup();
    const stage = inboundAuthStage(ctx)!;
    for (const raw of [
      '',
      '\r\n\r\n',
      'garbage without headers',
      'From: \r\n\r\nx',
      'From: a@b@c, <>, "x" <@>\r\n\r\n',
      'X: ' + 'a'.repeat(300_000) + '\r\n\r\nbody',
      'DKIM-Signature: v=1; d=; s=; b=\r\nFrom: a@aula.test\r\n\r\n',
    ]) {
      const out = await stage.run(spoof({ raw }), ctx);
      assert.ok(['continue', 'reject', 'hold'].includes(out.action));
    }
  });
});

describe('hostile event logs', () => {
  test('the report skips events it cannot read', () => {
    const garbage = [
      { ts: 'x', type: 'authres' },
      { ts: new Date().toISOString(), type: 'authres', dmarc: 'nope' },
      {
        ts: new Date().toISOString(),
        type: 'authres',
        dmarc: { disposition: 'none', p: 'reject' },
        client: null,
        spf: {},
        dkim: 3,
        headerFrom: D,
      },
      {
        ts: new Date().toISOString(),
        type: 'authres',
        dmarc: { disposition: '<x>&', p: 'reject', adkim: 'r', aspf: 'r', policyDomain: D },
        client: { addr: '<script>' },
        spf: { result: 'weird', domain: D },
        dkim: [{ result: 'odd', domain: D }],
        headerFrom: D,
      },
    ] as unknown as SandboxEvent[];
    const evs = reportEvents(garbage, D);
    assert.equal(evs.length, 1);
    const xml = reportXml(buildReport(evs, { domain: D, hostname: `mail.${D}`, begin: 0, end: 1, reportId: 'r' })!);
    assert.match(xml, /<source_ip>&lt;script&gt;<\/source_ip>/);
    assert.match(xml, /<disposition>&lt;x&gt;&amp;<\/disposition>/);
    assert.match(xml, /<result>temperror<\/result>/);
  });
});

describe('DMARC failure reports (ruf)', () => {
  test('a failing mail writes an RFC 6591 report into the ruf mailbox; fo=d waits for a broken signature', async () => {
    const { ctx, ws } = setup({ zone: { [`_dmarc.${D}`]: txt(`v=DMARC1; p=reject; ruf=mailto:postmaster@${D}`) } });
    const out = await inboundAuthStage(ctx)!.run(spoof(), ctx);
    assert.equal(out.action, 'reject');
    const dir = ws.resolve('var/mail/alumno/Maildir/new');
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    const report = readFileSync(`${dir}/${files[0]}`, 'utf8');
    for (const want of [
      'Content-Type: multipart/report; report-type=feedback-report',
      'Feedback-Type: auth-failure',
      'Source-IP: 203.0.113.7',
      `Reported-Domain: ${D}`,
      'Auth-Failure: dmarc',
      'Delivery-Result: reject',
      'Content-Type: text/rfc822-headers',
      `From: <director@${D}>`,
    ]) {
      assert.ok(report.includes(want), want);
    }
    const fod = setup({ zone: { [`_dmarc.${D}`]: txt(`v=DMARC1; p=reject; fo=d; ruf=mailto:postmaster@${D}`) } });
    await inboundAuthStage(fod.ctx)!.run(spoof(), fod.ctx);
    assert.throws(() => readdirSync(fod.ws.resolve('var/mail/alumno/Maildir/new')));
  });
  test('a ruf outside the domain gets nothing', async () => {
    const { ctx, ws } = setup({ zone: { [`_dmarc.${D}`]: txt('v=DMARC1; p=reject; ruf=mailto:dmarc@example.com') } });
    await inboundAuthStage(ctx)!.run(spoof(), ctx);
    assert.throws(() => readdirSync(ws.resolve('var/mail/alumno/Maildir/new')));
  });
});

describe('forged Authentication-Results', () => {
  test("a header in our name from outside is removed; another host's is kept", async () => {
    const { ctx } = setup({ zone: { [`_dmarc.${D}`]: txt('v=DMARC1; p=none') } });
    const raw = [
      `Authentication-Results: mail.${D};`,
      '\tdkim=pass header.d=aula.test;',
      '\tdmarc=pass header.from=aula.test',
      'Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=x@example.net',
      `From: <director@${D}>`,
      `To: <alumno@${D}>`,
      'Subject: confia en mi',
      '',
      'x',
      '',
    ].join('\r\n');
    const out = await inboundAuthStage(ctx)!.run(spoof({ raw }), ctx);
    const head = rawOf(out).split('\r\n\r\n')[0];
    assert.equal((head.match(/^Authentication-Results: mail\.aula\.test;/gm) ?? []).length, 1);
    assert.doesNotMatch(head, /dmarc=pass/);
    assert.match(head, /^Authentication-Results: mx\.example\.net; spf=pass/m);
    assert.match(head, /^Subject: confia en mi$/m);
  });
});

describe('OpenDKIM and OpenDMARC log only when a milter is configured', () => {
  const signed = (headerFrom: string) =>
    [
      `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=${D}; s=default; h=from:to:subject; bh=AAAA; b=AAAA`,
      `From: <${headerFrom}>`,
      `To: <alumno@${D}>`,
      'Subject: prueba',
      '',
      'Hola.',
      '',
    ].join('\r\n');

  test('no smtpd_milters: no opendkim/opendmarc lines for a bad signature or a domain without DMARC (a real Postfix runs neither)', async () => {
    const { ctx, logs, events } = setup({ zone: { [`_dmarc.${D}`]: {} } });
    const out = await inboundAuthStage(ctx)!.run(spoof({ raw: signed(`director@${D}`) }), ctx);
    assert.equal(out.action, 'continue');
    assert.deepEqual(
      logs.filter((l) => /^(opendkim|opendmarc)\[/.test(l)),
      [],
    );
    // the checks still ran: the events say what a milter would have found
    assert.equal((events.find((e) => e.type === 'authres')!.dmarc as { result: string }).result, 'none');
  });

  test('with smtpd_milters: OpenDKIM says "bad signature data" and OpenDMARC "none"', async () => {
    const { ctx, logs } = setup({ mainCf: WIRED_CF, conf: CONF(), zone: { [`_dmarc.${D}`]: {} } });
    await inboundAuthStage(ctx)!.run(spoof({ raw: signed(`director@${D}`) }), ctx);
    const pid = process.pid;
    assert.deepEqual(
      logs.filter((l) => /^(opendkim|opendmarc)\[/.test(l)),
      [`opendkim[${pid}]: ABC123: s=default d=${D} a=rsa-sha256 SSL `, `opendkim[${pid}]: ABC123: bad signature data`, `opendmarc[${pid}]: ABC123: ${D} none`],
    );
  });
});
