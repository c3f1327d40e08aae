// Every decision the sandbox explains reaches a Spanish or Catalan learner in their
// language: each Decision carries a message key the catalogs know, and no English reason
// leaks through decisionText(). Driven through a running sandbox (restrictions, cleanup's
// header_checks, OpenDKIM signing, SPF/DKIM/DMARC on mail from outside) and through the
// milter stages on their own for the branches one configuration cannot reach. The spoofing
// checks' messages are built from the events' fields, not from the sandbox's English.
import { runCheck } from '../helpers/check.js';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { testSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { RawSmtp } from '../helpers/smtp.js';
import { freshWorkspace } from '../prove/env.js';
import { memoryResolver, txt, type Records } from '../sandbox/auth/zone-resolver.js';
import { genkey } from '../../src/sandbox/auth/genkey.js';
import { readPrivateKey, publicB64Of } from '../../src/sandbox/auth/dkim-key.js';
import { dkimSignStage, inboundAuthStage } from '../../src/sandbox/auth/stages.js';
import { parseMainCf } from '../../src/postfix/main-cf.js';
import { annotatedTranscript, decisionText, recentSessions } from '../../src/core/transcripts.js';
import { catalogs, t } from '../../src/i18n/messages.js';
import type { Verdict } from '../../src/checks/types.js';
import type { Decision, MessageIn, StageContext } from '../../src/sandbox/pipeline.js';
import type { SandboxEvent } from '../../src/sandbox/events.js';
import type { Lang } from '../../src/i18n/lang.js';

const D = 'aula.test';
const LEARNER: Lang[] = ['es', 'ca'];
/** words of an English sentence that no Spanish or Catalan sentence has */
const ENGLISH =
  /\b(the|is|are|was|did|does|not|with|and|been|has|line|aligned|verify|authenticated|missing|signed|forged|removed|queued|delivered|connection)\b/i;
/** what is quoted (settings, results, header names) is not prose */
const prose = (s: string) => s.replace(/«[^»]*»|“[^”]*”|"[^"]*"/g, ' ');

/** Why each decision would show English to a learner; empty when none would. */
function leaks(ds: Decision[]): string[] {
  const out: string[] = [];
  for (const d of ds) {
    const where = `${d.stage} ${d.rule} ${d.result} (${d.key ?? 'no key'}): ${d.reason}`;
    if (!d.key) {
      out.push(`no key: ${where}`);
      continue;
    }
    for (const lang of LEARNER) {
      const text = decisionText(d, lang);
      if (!(d.key in catalogs[lang])) out.push(`${lang} catalog lacks ${d.key}: ${where}`);
      else if (text === d.reason) out.push(`${lang} shows the English reason: ${where}`);
      else if (/\{\w+\}/.test(text)) out.push(`${lang} leaves a {param} unfilled: ${text}`);
    }
  }
  return out;
}

const decisionsOf = (events: SandboxEvent[]) => events.flatMap((e) => (Array.isArray(e.decisions) ? (e.decisions as Decision[]) : []));

describe('decisions through the running sandbox', () => {
  let t0: TestSandbox;
  before(async () => {
    const ws = freshWorkspace(D);
    const dir = ws.resolve(`etc/opendkim/keys/${D}`);
    genkey({ selector: 'default', domain: D, dir });
    t0 = await testSandbox({
      mainCf: [
        `myhostname = mail.${D}`,
        'mynetworks = 127.0.0.0/8 [::1]/128',
        'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
        'header_checks = regexp:/etc/postfix/header_checks',
        'smtpd_sender_restrictions = warn_if_reject, reject_non_fqdn_sender',
        'smtpd_milters = inet:localhost:8891',
        'milter_default_action = accept',
      ].join('\n'),
      files: {
        'etc/postfix/header_checks':
          '/^Subject:.*aviso/ WARN asunto sospechoso\n/^X-Quita:/ IGNORE\n/^Subject:.*rechaza/ REJECT No lo queremos\n',
        [`etc/opendkim/keys/${D}/default.private`]: readFileSync(`${dir}/default.private`, 'utf8'),
      },
    });
    chmodSync(t0.ws.resolve(`etc/opendkim/keys/${D}/default.private`), 0o600);
    const conf = t0.ws.resolve('etc/opendkim.conf');
    writeFileSync(
      conf,
      readFileSync(conf, 'utf8')
        .replace(/^Socket\s+local:.*$/m, '#$&')
        .concat(`Domain ${D}\nSelector default\nKeyFile /etc/opendkim/keys/${D}/default.private\nSocket inet:8891@localhost\n`),
    );
    appendFileSync(
      t0.ws.resolve(`etc/bind/db.${D}`),
      `@ IN TXT "v=spf1 mx -all"\n_dmarc IN TXT "v=DMARC1; p=quarantine"\n${readFileSync(`${dir}/default.txt`, 'utf8')}`,
    );
    await t0.h.reload();
  });
  after(() => t0.close());

  const send = async (port: number, from: string, to: string, head: string[]) => {
    const c = await RawSmtp.connect(port);
    await c.send('EHLO pc.example.net');
    await c.send(`MAIL FROM:<${from}>`);
    const r = await c.send(`RCPT TO:<${to}>`);
    if (r.code === 250) {
      await c.send('DATA');
      await c.send([...head, `From: <${from}>`, `To: <${to}>`, '', 'hola', '.'].join('\r\n'));
    }
    await c.quit();
  };

  test('each decision of a session has a message key the es and ca catalogs know', async () => {
    const smtp = t0.h.ports.smtp;
    const outside = t0.h.ports.outside;
    // outgoing: mynetworks, signed by OpenDKIM, cleanup WARN and IGNORE
    await send(smtp, `alumno@${D}`, `alumno@${D}`, ['Subject: aviso', 'X-Quita: 1']);
    // from outside: a forged Authentication-Results, SPF fail, no DKIM, DMARC quarantine
    await send(outside, `director@${D}`, `alumno@${D}`, [
      `Authentication-Results: mail.${D}; dmarc=pass header.from=${D}`,
      'Subject: hola',
    ]);
    // from outside: header_checks REJECT; and a relay attempt
    await send(outside, 'a@example.net', `alumno@${D}`, ['Subject: rechaza']);
    await send(outside, 'a@example.net', 'b@example.com', ['Subject: relay']);
    // warn_if_reject: the reject it turns into a warning says so
    await send(outside, 'nadie', `alumno@${D}`, ['Subject: sin dominio']);
    const ds = decisionsOf(t0.events());
    const stages = new Set(ds.map((d) => d.stage));
    for (const s of ['auth', 'spf', 'dkim', 'dmarc', 'opendkim', 'cleanup', 'smtpd_relay_restrictions'])
      assert.ok(stages.has(s), `no ${s} decision in ${[...stages].join(', ')}`);
    assert.deepEqual(leaks(ds), []);
    const forged = ds.find((d) => d.key === 'authres.why.forgedAuthResults')!;
    assert.equal(
      decisionText(forged, 'es'),
      'El mensaje traía una cabecera «Authentication-Results» a nombre de mail.aula.test: es falsa, porque solo tu servidor puede escribirla, así que se ha quitado.',
    );
    const skip = ds.find((d) => d.stage === 'auth' && d.result === 'skipped')!;
    assert.equal(
      decisionText(skip, 'ca'),
      'Correu sortint: 127.0.0.1 és a mynetworks. SPF, la verificació DKIM i DMARC són per al correu que arriba de fora.',
    );
    // the transcript view: the sandbox's notes and the reasons under them, in the learner's language
    for (const lang of LEARNER) {
      for (const row of recentSessions(t0.ws)) {
        for (const l of annotatedTranscript(t0.ws, row.session, lang).lines) {
          if (l.kind === 'C' || l.kind === 'S') continue;
          assert.doesNotMatch(prose(l.text), ENGLISH, `${lang} ${l.kind}: ${l.text}`);
        }
      }
    }
    const notes = recentSessions(t0.ws).flatMap((r) =>
      annotatedTranscript(t0.ws, r.session, 'es')
        .lines.filter((l) => l.kind === 'note')
        .map((l) => l.text),
    );
    assert.ok(notes.includes('Conexión de unknown[203.0.113.7] al servicio outside.'), notes.join('\n'));
    // OpenDMARC's quarantine: Postfix's hold queue, not the Junk folder
    assert.ok(notes.includes('auth: el mensaje se queda retenido en la cola «hold» de Postfix y no llega a nadie.'), notes.join('\n'));
    assert.ok(
      notes.some((n) => /^En cola como \w+: \d+ bytes de <alumno@aula\.test> para <alumno@aula\.test>\.$/.test(n)),
      notes.join('\n'),
    );
    const warned = ds.find((d) => d.result === 'warn' && d.rule === 'reject_non_fqdn_sender')!;
    assert.match(decisionText(warned, 'es'), / Pero, por warn_if_reject, solo se anota en el registro: no se rechaza\.$/);
    const dmarc = ds.find((d) => d.stage === 'dmarc')!;
    assert.equal(
      decisionText(dmarc, 'es'),
      '«DMARC fail»: ni SPF ni DKIM pasan alineados con el dominio del «From», aula.test (spf=fail smtp.mailfrom=aula.test; dkim=none). Su política es quarantine.',
    );
  });
});

// ---- the milter stages on their own, for the branches a single configuration does not reach

function setup(o: { mainCf?: string; zone?: Records; conf?: string; master?: string } = {}) {
  const ws = freshWorkspace(D);
  const key = genkey({ selector: 'default', domain: D, dir: ws.resolve(`etc/opendkim/keys/${D}`) });
  const k = readPrivateKey(readFileSync(key.privateFile, 'utf8'));
  if ('problem' in k) throw new Error('bad key');
  const zone: Records = {
    [D]: { ...txt('v=spf1 mx -all'), MX: [{ exchange: `mail.${D}`, priority: 10 }], A: ['127.0.0.1'] },
    [`mail.${D}`]: { A: ['127.0.0.1'] },
    [`default._domainkey.${D}`]: txt(['v=DKIM1; h=sha256; k=rsa; ', `p=${publicB64Of(k.key)}`]),
    [`_dmarc.${D}`]: txt(`v=DMARC1; p=reject; ruf=mailto:postmaster@${D}`),
    ...o.zone,
  };
  const base = readFileSync(ws.resolve('etc/postfix/main.cf'), 'utf8').replace(/^mynetworks = .*$/m, 'mynetworks = 127.0.0.0/8 [::1]/128');
  if (o.master) appendFileSync(ws.resolve('etc/postfix/master.cf'), o.master);
  if (o.conf !== undefined) writeFileSync(ws.resolve('etc/opendkim.conf'), o.conf);
  const ctx: StageContext = {
    ws,
    cfg: parseMainCf(base + '\n' + (o.mainCf ?? '')),
    hostname: `mail.${D}`,
    resolver: memoryResolver(zone),
    log: () => undefined,
    event: () => undefined,
  };
  return { ws, ctx, keyFile: key.privateFile };
}

const WIRED = 'smtpd_milters = inet:localhost:8891\nmilter_default_action = accept\n';
const CONF = `Mode sv\nDomain ${D}\nSelector default\nKeyFile /etc/opendkim/keys/${D}/default.private\nSocket inet:8891@localhost\n`;

function mail(o: { from?: string; headerFrom?: string | null; addr?: string; sasl?: boolean; raw?: string } = {}): MessageIn {
  const headerFrom = o.headerFrom === undefined ? `director@${D}` : o.headerFrom;
  const raw =
    o.raw ?? [...(headerFrom ? [`From: <${headerFrom}>`] : []), `To: <alumno@${D}>`, 'Subject: prueba', '', 'Hola.', ''].join('\r\n');
  return {
    session: {
      id: 's1',
      listener: o.addr ? 'outside' : 'smtp',
      client: { addr: o.addr ?? '127.0.0.1', name: 'unknown' },
      helo: 'client.example',
      sasl: o.sasl ? { method: 'PLAIN', username: 'alumno' } : undefined,
    },
    envelope: { mailFrom: o.from ?? headerFrom ?? '', rcptTo: [`alumno@${D}`] },
    queueId: 'ABC123',
    raw: Buffer.from(raw),
  } as MessageIn;
}

const OUT = '203.0.113.7';

describe('decisions of the milter stages', () => {
  test('OpenDKIM signing: every reason not to sign, and the milter default action', async () => {
    const ds: Decision[] = [];
    const run = async (s: ReturnType<typeof setup>, m: MessageIn) => {
      const out = await dkimSignStage(s.ctx)?.run(m, s.ctx);
      ds.push(...(out && 'notes' in out && out.notes ? out.notes : []));
    };
    await run(setup({ mainCf: WIRED, conf: CONF }), mail({ addr: OUT }));
    await run(setup({ mainCf: WIRED, conf: CONF.replace('Mode sv', 'Mode v') }), mail());
    await run(setup({ mainCf: WIRED, conf: CONF }), mail({ headerFrom: 'x@other.example' }));
    await run(setup({ mainCf: WIRED, conf: CONF }), mail({ headerFrom: null }));
    await run(setup({ mainCf: WIRED, conf: CONF.replace(/^Selector.*\n/m, '') }), mail());
    await run(setup({ mainCf: WIRED, conf: CONF.replace(/^KeyFile.*\n/m, '') }), mail());
    await run(setup({ mainCf: WIRED, conf: CONF.replace('default.private', 'missing.private') }), mail());
    const open = setup({ mainCf: WIRED, conf: CONF });
    chmodSync(open.keyFile, 0o644);
    await run(open, mail());
    await run(setup({ mainCf: WIRED, conf: CONF }), mail({ sasl: true, addr: '198.51.100.20' }));
    await run(setup({ mainCf: WIRED, conf: CONF, zone: { [`default._domainkey.${D}`]: txt('v=DKIM1; k=rsa; p=') } }), mail());
    for (const conf of [CONF.replace('inet:8891@localhost', 'inet:8892@localhost'), CONF.replace(/^Socket.*\n/m, '')])
      await run(setup({ mainCf: WIRED, conf }), mail());
    const gone = setup({ mainCf: WIRED });
    unlinkSync(gone.ws.resolve('etc/opendkim.conf'));
    await run(gone, mail());
    const keys = new Set(ds.map((d) => d.key));
    for (const k of [
      'notTrusted',
      'verifyOnly',
      'otherDomain',
      'noFrom',
      'noSelector',
      'noKeyFile',
      'keyMissing',
      'keyInsecure',
      'signed',
      'verifies',
      'notVerified',
    ])
      assert.ok(keys.has(`authres.why.sign.${k}`), `no authres.why.sign.${k} in ${[...keys].join(', ')}`);
    for (const k of ['otherSocket', 'noSocket', 'noConf'])
      assert.ok(keys.has(`authres.why.milter.${k}`), `no authres.why.milter.${k} in ${[...keys].join(', ')}`);
    assert.deepEqual(leaks(ds), []);
  });

  test('inbound: policyd-spf, SPF, DKIM and DMARC in each of their outcomes', async () => {
    const ds: Decision[] = [];
    const run = async (s: ReturnType<typeof setup>, m: MessageIn) => {
      const out = await inboundAuthStage(s.ctx)!.run(m, s.ctx);
      ds.push(...('notes' in out && out.notes ? out.notes : []));
    };
    const policy = 'smtpd_recipient_restrictions = reject_unauth_destination, check_policy_service unix:private/policyd-spf\n';
    const service = 'policyd-spf  unix  -       n       n       -       0       spawn\n  user=policyd-spf argv=/usr/bin/policyd-spf\n';
    await run(setup({ mainCf: policy }), mail({ addr: OUT }));
    await run(setup({ mainCf: policy, master: service }), mail({ addr: OUT }));
    await run(setup({ mainCf: policy, master: service }), mail({ addr: OUT, from: 'a@nospf.example', headerFrom: 'a@nospf.example' }));
    const skip = setup({ mainCf: policy, master: service });
    writeFileSync(skip.ws.resolve('etc/postfix-policyd-spf-python/policyd-spf.conf'), `skip_addresses = ${OUT}/32\n`);
    await run(skip, mail({ addr: OUT }));
    await run(setup(), mail({ sasl: true }));
    await run(setup(), mail({ addr: OUT }));
    await run(setup({ zone: { [`_dmarc.${D}`]: txt('v=DMARC1; p=reject; t=y') } }), mail({ addr: OUT }));
    await run(setup({ zone: { [`_dmarc.${D}`]: txt('v=DMARC1; p=none; np=reject') } }), mail({ addr: OUT, headerFrom: `a@ghost.${D}` }));
    await run(setup({ zone: { [`_dmarc.${D}`]: { TXT: [['v=DMARC1; p=none'], ['v=DMARC1; p=reject']] } } }), mail({ addr: OUT }));
    await run(setup({ zone: { [`_dmarc.${D}`]: txt('v=DMARC1; p=bogus') } }), mail({ addr: OUT }));
    await run(setup(), mail({ addr: OUT, from: 'a@x.example', headerFrom: 'a@nodmarc.example' }));
    await run(setup(), mail({ addr: OUT, headerFrom: null }));
    await run(setup(), mail({ addr: OUT, raw: `From: <a@${D}>, <b@x.example>\r\n\r\nx\r\n` }));
    await run(setup({ zone: { [D]: { ...txt('v=spf1 ip4:203.0.113.7 -all') } } }), mail({ addr: OUT }));
    await run(
      setup(),
      mail({ addr: OUT, raw: `DKIM-Signature: v=1; a=rsa-sha256; d=${D}; s=nokey; h=from; bh=x; b=x\r\nFrom: <a@${D}>\r\n\r\nx\r\n` }),
    );
    const keys = new Set(ds.map((d) => d.key));
    for (const k of [
      'policydMissing',
      'policydSkipAddress',
      'outgoingSasl',
      'spf.fail',
      'spf.pass',
      'spf.none',
      'dkim.none',
      'dmarc.fail',
      'dmarc.multiple',
      'dmarc.noPolicy',
      'dmarc.noRecord',
      'dmarc.pass',
      'dmarc.noFrom',
      'dmarc.severalFrom',
      'dmarc.reportWritten',
    ])
      assert.ok(keys.has(`authres.why.${k}`), `no authres.why.${k} in ${[...keys].join(', ')}`);
    for (const k of ['failTesting', 'failNp']) assert.ok(keys.has(`dmarcbis.why.${k}`), `no dmarcbis.why.${k} in ${[...keys].join(', ')}`);
    assert.ok(
      ds.some((d) => d.stage === 'dkim' && d.result !== 'none'),
      'a signature that does not verify',
    );
    assert.deepEqual(leaks(ds), []);
  });
});

// ---- the spoofing checks' messages, from the events' fields

function checkWith(events: SandboxEvent[], lang: Lang, kind: string, params: Record<string, unknown>): Promise<Verdict> {
  return runCheck(freshWorkspace(D), kind, params, { lang, events });
}

describe('spoofing checks in the learner language', () => {
  const base = {
    ts: '2026-01-01T00:00:00Z',
    session: 's1',
    queueId: 'Q1',
    client: { addr: OUT, name: 'unknown' },
    mailFrom: `director@${D}`,
    headerFrom: D,
    rcptTo: [`alumno@${D}`],
  };
  const trusted = { ...base, type: 'authres.skip', sasl: false, reason: `${OUT} is in mynetworks` } as SandboxEvent;
  const passed = {
    ...base,
    type: 'authres',
    action: 'none',
    spf: { result: 'pass', via: 'opendmarc' },
    dmarc: {
      result: 'pass',
      disposition: 'none',
      spfAligned: true,
      dkimAligned: false,
      spfDomain: D,
      reason: `SPF ${D} aligned with From ${D}`,
    },
  } as SandboxEvent;
  const signed = {
    ...base,
    type: 'dkim.sign',
    domain: D,
    selector: 'default',
    verify: { result: 'fail', comment: 'body hash did not verify' },
  } as SandboxEvent;

  for (const lang of LEARNER) {
    test(`${lang}: trusted by mynetworks, DMARC passed, a signature that does not verify`, async () => {
      const seen: string[] = [];
      for (const [events, kind, params, key] of [
        [[trusted], 'dmarc.spoof', { expect: ['reject'] }, 'auth.spoof.trusted'],
        [[trusted], 'spf.rejected', {}, 'auth.spoof.trusted'],
        [[passed], 'dmarc.spoof', { expect: ['reject'] }, 'auth.dmarc.spoofPassed'],
        [[signed], 'dkim.signed', { domain: '{{domain}}' }, 'auth.dkim.signedNotVerified'],
      ] as const) {
        const v = await checkWith([...events], lang, kind, params);
        assert.equal(v.message.key, key);
        const text = t(lang, v.message.key, v.message.params);
        assert.doesNotMatch(prose(text), ENGLISH, text);
        assert.doesNotMatch(text, /\{\w+\}/, text);
        seen.push(text);
      }
      if (lang === 'es') {
        assert.match(seen[0], /^Tu servidor confió en 203\.0\.113\.7 \(está en mynetworks\)/);
        assert.match(seen[2], /^El correo de 203\.0\.113\.7 pasó DMARC \(SPF aula\.test, alineado con aula\.test\)/);
        assert.match(
          seen[3],
          /no se verifica: dkim=fail\. El cuerpo del mensaje ha cambiado desde que aula\.test lo firmó: la firma DKIM no se verifica\. /,
        );
      }
    });
  }
});
