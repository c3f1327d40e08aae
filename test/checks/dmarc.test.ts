// The DMARC record check against the running sandbox's DNS: a record of either generation
// passes; RFC 7489's removed tags get a note in the learner's language, RFC 9989's new ones
// their own messages. (The step prover walks the lesson's own record and mistakes.)
import { runCheck } from '../helpers/check.js';
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Verdict } from '../../src/checks/types.js';
import { t } from '../../src/i18n/messages.js';
import { Env, freshWorkspace } from '../prove/env.js';
import { replaceRecord, addRecords } from '../fixtures/auth-learner.js';
import { failingSources } from '../../src/checks/auth-dmarc.js';
import { reportXml } from '../../src/sandbox/auth/report.js';

const D = 'aula.test';
const DMARC = /^_dmarc\s/;

describe('dmarc.record, both generations', () => {
  const env = new Env(freshWorkspace(D));
  after(() => env.close());
  let first = true;
  const publish = async (tags: string) => {
    const line = `_dmarc  IN  TXT  "v=DMARC1; ${tags}"`;
    if (first) await addRecords(env, line);
    else await replaceRecord(env, DMARC, line);
    first = false;
  };
  const check = async (lang: 'es' | 'ca' | 'en' = 'es'): Promise<Verdict> => {
    const sb = await env.sandbox();
    return runCheck(env.ws, 'dmarc.record', { policy: ['quarantine', 'reject'], rua: true }, { lang, probe: sb });
  };
  const rua = `rua=mailto:postmaster@${D}`;

  test('an RFC 7489 record with pct= and ri= passes, with a note that RFC 9989 removed them', async () => {
    await publish(`p=quarantine; ${rua}; pct=100; ri=86400`);
    const v = await check();
    assert.equal(v.status, 'pass', v.message.key);
    assert.equal(v.message.key, 'dmarcbis.recordOkRemoved');
    assert.equal(v.message.params?.tags, 'pct=, ri=');
    assert.match(t('es', v.message.key, v.message.params), /pct=, ri= ya no existen en el RFC 9989/);
    assert.match(t('ca', v.message.key, v.message.params), /pct=, ri= ja no existeixen a l'RFC 9989/);
  });
  test('an RFC 9989 record passes without a note', async () => {
    await publish(`p=reject; np=reject; ${rua}`);
    const v = await check();
    assert.equal(v.status, 'pass');
    assert.equal(v.message.key, 'auth.dmarc.recordOk');
  });
  test('t=y lowers the policy below what the step asks', async () => {
    await publish(`p=quarantine; t=y; ${rua}`);
    const v = await check();
    assert.equal(v.status, 'fail');
    assert.equal(v.message.key, 'dmarcbis.recordTesting');
    // t=y on reject still quarantines: the step accepts quarantine
    await publish(`p=reject; t=y; ${rua}`);
    assert.equal((await check()).status, 'pass');
  });
  test("RFC 9989's tags with a bad value", async () => {
    for (const [tags, key] of [
      [`p=reject; np=drop; ${rua}`, 'dmarcbis.bad.badNpPolicy'],
      [`p=reject; t=yes; ${rua}`, 'dmarcbis.bad.badTestMode'],
      [`p=reject; psd=maybe; ${rua}`, 'dmarcbis.bad.badPsd'],
    ]) {
      await publish(tags);
      const v = await check();
      assert.equal(v.message.key, key, tags);
      assert.equal(v.status, 'fail');
    }
  });
  test('no p= but a rua=: RFC 9989 reads p=none, and says so', async () => {
    await publish(rua);
    const v = await check('en');
    assert.equal(v.message.key, 'dmarcbis.noPolicyNone');
    assert.match(t('en', v.message.key, v.message.params), /reads it as “p=none”/);
  });
});

describe('dmarc.report reads the RFC 9990 report', () => {
  test('the rows that fail DMARC, not the ones that pass, in the namespaced XML the sandbox writes', () => {
    const row = (sourceIp: string, disposition: string, dkim: 'pass' | 'fail', spf: 'pass' | 'fail') => ({
      sourceIp,
      count: 1,
      disposition,
      dkimAligned: dkim,
      spfAligned: spf,
      testMode: false,
      headerFrom: D,
      envelopeFrom: D,
      dkim: [],
      spf: { domain: D, result: spf },
    });
    const xml = reportXml({
      orgName: `mail.${D}`,
      email: `noreply-dmarc@mail.${D}`,
      reportId: 'r1',
      begin: 1,
      end: 2,
      domain: D,
      policy: { adkim: 'r', aspf: 'r', p: 'reject', sp: 'reject', np: 'reject', testing: 'n', discoveryMethod: 'treewalk' },
      rows: [
        row('192.0.2.10', 'pass', 'pass', 'fail'),
        row('203.0.113.7', 'reject', 'fail', 'fail'),
        row('192.0.2.11', 'pass', 'fail', 'pass'),
      ],
      rua: [],
    });
    assert.match(xml, /^<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2\.0">$/m);
    assert.deepEqual(failingSources(xml), ['203.0.113.7']);
  });
});
