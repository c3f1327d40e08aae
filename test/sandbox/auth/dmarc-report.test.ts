// DMARC aggregate reports as RFC 9990 has them: one report per Policy Domain the tree walk
// found, the elements RFC 9990 adds (namespace, version, np, testing, discovery_method, the
// disposition "pass") and the ones it drops (pct, sampled_out), validated with xmllint.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { freshWorkspace, missingTools } from '../../prove/env.js';
import { parseMainCf } from '../../../src/postfix/main-cf.js';
import { inboundAuthStage } from '../../../src/sandbox/auth/stages.js';
import { buildReport, reportEvents, reportXml, type AggregateReport } from '../../../src/sandbox/auth/report.js';
import { isLocalAddress } from '../../../src/sandbox/auth/report-send.js';
import type { MessageIn, StageContext } from '../../../src/sandbox/pipeline.js';
import type { SandboxEvent } from '../../../src/sandbox/events.js';
import { memoryResolver, txt, type Records } from './zone-resolver.js';
import { validateReport } from './report-schema.js';

const D = 'aula.test';
const SENDER = '203.0.113.9';

function setup(dmarc = `v=DMARC1; p=reject; rua=mailto:postmaster@${D}`, zone: Records = {}) {
  const ws = freshWorkspace(D);
  const records: Records = {
    [D]: { ...txt(`v=spf1 ip4:${SENDER} -all`), A: ['127.0.0.1'] },
    [`_dmarc.${D}`]: txt(dmarc),
    ...zone,
  };
  const events: SandboxEvent[] = [];
  const main = readFileSync(ws.resolve('etc/postfix/main.cf'), 'utf8').replace(/^mynetworks = .*$/m, 'mynetworks = 127.0.0.0/8 [::1]/128');
  const ctx: StageContext = {
    ws,
    cfg: parseMainCf(main),
    hostname: `mail.${D}`,
    resolver: memoryResolver(records),
    log: () => {},
    event: (e) => events.push({ ts: new Date().toISOString(), ...e } as SandboxEvent),
  };
  return { ws, ctx, events };
}

/** A mail from outside: From and MAIL FROM at `from`, sent by `addr`. */
function inbound(from: string, addr: string): MessageIn {
  const raw = [`From: <${from}>`, `To: <alumno@${D}>`, 'Subject: prueba', `Message-ID: <${Math.random()}@x>`, '', 'Hola.', ''].join('\r\n');
  return {
    session: { id: 's1', listener: 'outside', client: { addr, name: 'unknown' }, helo: 'pc.example.net' },
    envelope: { mailFrom: from, rcptTo: [`alumno@${D}`] },
    queueId: 'ABC123',
    raw: Buffer.from(raw),
  } as MessageIn;
}

async function deliver(ctx: StageContext, mails: MessageIn[]) {
  const stage = inboundAuthStage(ctx)!;
  for (const m of mails) await stage.run(m, ctx);
}

const report = (events: SandboxEvent[], domain = D): AggregateReport | undefined =>
  buildReport(reportEvents(events, domain), { domain, hostname: `mail.${D}`, begin: 1700000000, end: 1700086400, reportId: 'r1' });

describe('RFC 9990 aggregate report', () => {
  test('rows grouped by source, disposition and results; the elements of RFC 9990, none of RFC 7489 that it dropped', async () => {
    const { ctx, events } = setup();
    await deliver(ctx, [inbound(`director@${D}`, '203.0.113.7'), inbound(`director@${D}`, '203.0.113.7'), inbound(`alumno@${D}`, SENDER)]);
    const r = report(events)!;
    assert.deepEqual(
      r.rows.map((x) => [x.sourceIp, x.count, x.disposition, x.dkimAligned, x.spfAligned]),
      [
        ['203.0.113.7', 2, 'reject', 'fail', 'fail'],
        // passed under a policy that acts: RFC 9990's "pass", not "none"
        [SENDER, 1, 'pass', 'fail', 'pass'],
      ],
    );
    const xml = reportXml(r);
    for (const want of [
      '<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0">',
      '<version>1.0</version>',
      '<org_name>mail.aula.test</org_name>',
      '<report_id>r1</report_id>',
      '<begin>1700000000</begin>',
      '<domain>aula.test</domain>',
      '<discovery_method>treewalk</discovery_method>',
      '<p>reject</p>',
      '<sp>reject</sp>',
      '<np>reject</np>',
      '<testing>n</testing>',
      '<source_ip>203.0.113.7</source_ip>',
      '<count>2</count>',
      '<disposition>reject</disposition>',
      '<disposition>pass</disposition>',
      '<envelope_from>aula.test</envelope_from>',
      '<header_from>aula.test</header_from>',
    ])
      assert.ok(xml.includes(want), want);
    for (const gone of ['<pct>', 'sampled_out', '<scope>']) assert.ok(!xml.includes(gone), gone);
    assert.deepEqual(r.rua, [`mailto:postmaster@${D}`]);
  });

  test('t=y: the row says the policy was lowered for testing, and policy_published says testing', async () => {
    const { ctx, events } = setup(`v=DMARC1; p=reject; sp=quarantine; t=y; rua=mailto:postmaster@${D}`);
    await deliver(ctx, [inbound(`director@${D}`, '203.0.113.7')]);
    const r = report(events)!;
    assert.deepEqual([r.rows[0].disposition, r.rows[0].testMode], ['quarantine', true]);
    const xml = reportXml(r);
    assert.ok(xml.includes('<type>policy_test_mode</type>'), xml);
    assert.ok(xml.includes('<testing>y</testing>'), xml);
    assert.ok(xml.includes('<sp>quarantine</sp>') && xml.includes('<np>quarantine</np>'), xml);
  });

  test('a subdomain with a record of its own is a Policy Domain of its own: its own report, not its parent\'s', async () => {
    // a suffix list makes news.aula.test part of aula.test; the tree walk finds its own record
    const { ctx, events } = setup(undefined, { [`_dmarc.news.${D}`]: txt(`v=DMARC1; p=none; rua=mailto:postmaster@${D}`) });
    await deliver(ctx, [inbound(`director@${D}`, '203.0.113.7'), inbound(`boletin@news.${D}`, '203.0.113.8'), inbound(`nominas@rrhh.${D}`, '203.0.113.6')]);
    const parent = report(events)!;
    assert.deepEqual(
      parent.rows.map((x) => x.headerFrom).sort(),
      [D, `rrhh.${D}`],
    );
    const own = report(events, `news.${D}`)!;
    assert.deepEqual(
      own.rows.map((x) => [x.headerFrom, x.disposition]),
      [[`news.${D}`, 'none']],
    );
    assert.equal(own.policy.p, 'none');
  });

  test('a name whose walk ends elsewhere (psd=n below the domain) is not in the domain\'s report', async () => {
    const { ctx, events } = setup(undefined, { [`_dmarc.club.${D}`]: txt('v=DMARC1; p=quarantine; psd=n') });
    await deliver(ctx, [inbound(`socios@club.${D}`, '203.0.113.5')]);
    assert.equal(report(events), undefined);
    assert.equal(report(events, `club.${D}`)!.rows.length, 1);
  });
});

describe('the report against RFC 9990\'s schema', { skip: missingTools(['xmllint']) }, () => {
  test('what the sandbox writes validates: pass, reject, t=y, DKIM rows, null sender', async () => {
    const { ctx, events } = setup(`v=DMARC1; p=reject; t=y; rua=mailto:postmaster@${D}`);
    const nullSender = inbound(`director@${D}`, '203.0.113.4');
    nullSender.envelope.mailFrom = '';
    await deliver(ctx, [inbound(`director@${D}`, '203.0.113.7'), inbound(`alumno@${D}`, SENDER), nullSender]);
    const r = report(events)!;
    r.rows[0].dkim = [{ domain: 'example.net', selector: 's1', result: 'fail' }];
    const v = validateReport(reportXml(r));
    assert.ok(v.ok, v.errors);
  });

  test('an RFC 7489 report does not: no namespace, pct', () => {
    const old = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<feedback><report_metadata><org_name>m</org_name><email>e</email><report_id>r</report_id>',
      '<date_range><begin>1</begin><end>2</end></date_range></report_metadata>',
      '<policy_published><domain>aula.test</domain><p>reject</p><sp>reject</sp><pct>100</pct></policy_published>',
      '<record><row><source_ip>203.0.113.7</source_ip><count>1</count><policy_evaluated><disposition>reject</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>',
      '<identifiers><header_from>aula.test</header_from></identifiers><auth_results><spf><domain>aula.test</domain><result>fail</result></spf></auth_results></record>',
      '</feedback>',
    ].join('\n');
    assert.equal(validateReport(old).ok, false);
    const namespaced = old.replace('<feedback>', '<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0"><version>1.0</version>');
    const v = validateReport(namespaced);
    assert.equal(v.ok, false);
    assert.match(v.errors, /pct/);
  });
});

describe('where the report is mailed', () => {
  test('the workspace domain and the names under it, whatever a suffix list says of it', () => {
    const ws = freshWorkspace('blogspot.com');
    const cases: [string, boolean][] = [
      ['postmaster@blogspot.com', true],
      ['dmarc@mail.blogspot.com', true],
      ['informes@seguridad.blogspot.com', true],
      ['dmarc@example.com', false],
      ['dmarc@notblogspot.com', false],
    ];
    for (const [addr, want] of cases) assert.equal(isLocalAddress(ws, addr), want, addr);
  });
});
