// DMARC: record syntax, policy discovery by tree walk, our own alignment (mailauth 4.x treats s as r), sp, np and t.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseDmarc } from '../../../src/sandbox/auth/dmarc-record.js';
import { evaluateDmarc } from '../../../src/sandbox/auth/dmarc.js';
import type { DkimVerdict } from '../../../src/sandbox/auth/dkim.js';
import { memoryResolver, txt } from './zone-resolver.js';

const pass = (domain: string): DkimVerdict => ({ result: 'pass', domain, selector: 'default', info: '' });
const failDkim = (domain: string): DkimVerdict => ({ result: 'fail', domain, selector: 'default', info: '' });

describe('DMARC record syntax', () => {
  const errs = (r: string) =>
    parseDmarc(r)
      .issues.filter((i) => i.severity === 'error')
      .map((i) => i.code);
  test("the tutorial's records are valid", () => {
    assert.deepEqual(errs('v=DMARC1; p=quarantine; rua=mailto:admin@aula.test'), []);
    assert.deepEqual(errs('v=DMARC1; p=reject; rua=mailto:dmarc@aula.test; ruf=mailto:dmarc@aula.test; pct=100'), []);
    const r = parseDmarc(
      'v=DMARC1; p=reject; sp=quarantine; adkim=s; aspf=s; pct=50; rua=mailto:a@aula.test!10m,mailto:b@aula.test; fo=1:d; ri=3600',
    );
    assert.equal(r.p, 'reject');
    assert.equal(r.sp, 'quarantine');
    assert.equal(r.adkim, 's');
    assert.equal(r.pct, 50);
    assert.deepEqual(
      r.rua.map((u) => u.address),
      ['a@aula.test', 'b@aula.test'],
    );
    assert.equal(r.rua[0].maxSize, '10m');
    assert.deepEqual(r.fo, ['1', 'd']);
  });
  test('defaults: relaxed alignment, pct 100', () => {
    const r = parseDmarc('v=DMARC1; p=none');
    assert.equal(r.adkim, 'r');
    assert.equal(r.aspf, 'r');
    assert.equal(r.pct, 100);
  });
  test('errors', () => {
    assert.deepEqual(errs('p=reject; v=DMARC1'), ['notDmarc']);
    assert.deepEqual(errs('v=DMARC2; p=reject'), ['notDmarc']);
    assert.deepEqual(errs('v=DMARC1; p=block'), ['badPolicy']);
    assert.deepEqual(errs('v=DMARC1'), ['noPolicy']);
    assert.deepEqual(errs('v=DMARC1; p=none; sp=drop'), ['badSubPolicy']);
    assert.deepEqual(errs('v=DMARC1; p=none; adkim=x'), ['badAlign']);
    assert.deepEqual(errs('v=DMARC1; p=none; np=drop'), ['badNpPolicy']);
    assert.deepEqual(errs('v=DMARC1; p=none; t=yes'), ['badTestMode']);
    assert.deepEqual(errs('v=DMARC1; p=none; psd=x'), ['badPsd']);
    assert.deepEqual(errs('v=DMARC1; p=none; rua=admin@aula.test'), ['badUri']);
    assert.deepEqual(errs('v=DMARC1; p=none; rua=mailto:admin'), ['badUri']);
    assert.deepEqual(errs('v=DMARC1; p=none; fo=2'), ['badFo']);
    assert.deepEqual(errs('v=DMARC1; p=none; p=reject'), ['duplicateTag']);
  });
  test('no valid p= but a valid rua: acts as p=none (RFC 9989 §4.10.1)', () => {
    assert.equal(parseDmarc('v=DMARC1; p=block; rua=mailto:a@aula.test').p, 'none');
    assert.equal(parseDmarc('v=DMARC1; p=block').p, undefined);
    // no p= at all: with rua= a valid record of p=none (a warning), without it an error
    const noP = parseDmarc('v=DMARC1; rua=mailto:a@aula.test');
    assert.equal(noP.p, 'none');
    assert.deepEqual(noP.issues, [{ severity: 'warning', code: 'noPolicy' }]);
  });
  test("RFC 7489's pct, rf and ri: still read, with a warning that RFC 9989 removed them", () => {
    const r = parseDmarc('v=DMARC1; p=reject; pct=100; rf=afrf; ri=86400; rua=mailto:a@aula.test');
    assert.deepEqual(errs(r.record), []);
    assert.deepEqual(
      r.issues.filter((i) => i.code === 'removedTag').map((i) => i.tag),
      ['pct', 'rf', 'ri'],
    );
    // a bad value of a removed tag does not break the record any more
    assert.deepEqual(errs('v=DMARC1; p=none; pct=150'), []);
  });
  test("RFC 9989's t, np and psd are known tags", () => {
    const r = parseDmarc('v=DMARC1; p=reject; np=quarantine; t=y; psd=n');
    assert.equal(r.np, 'quarantine');
    assert.deepEqual(r.issues, []);
  });
});

describe('DMARC evaluation', () => {
  const zone = {
    '_dmarc.aula.test': txt('v=DMARC1; p=reject; rua=mailto:postmaster@aula.test'),
    '_dmarc.strict.test': txt('v=DMARC1; p=reject; adkim=s; aspf=s'),
    '_dmarc.org.test': txt('v=DMARC1; p=reject; sp=quarantine'),
    '_dmarc.none.test': txt('v=DMARC1; p=none'),
    '_dmarc.half.test': txt('v=DMARC1; p=reject; pct=50'),
    '_dmarc.testing.test': txt('v=DMARC1; p=reject; t=y'),
    '_dmarc.np.test': txt('v=DMARC1; p=none; sp=quarantine; np=reject'),
    'np.test': { A: ['192.0.2.1'] },
    'real.np.test': { A: ['192.0.2.2'] },
    'mx.np.test': { MX: [{ exchange: 'np.test', priority: 10 }] },
    '_dmarc.uni.test': txt('v=DMARC1; p=none'),
    '_dmarc.dept.uni.test': txt('v=DMARC1; p=reject; psd=n'),
    '_dmarc.twice.test': txt('v=DMARC1; p=reject', 'v=DMARC1; p=none'),
    '_dmarc.other.test': txt('some other text'),
    // a name the public suffix list lists as a suffix, publishing a record without psd=
    '_dmarc.github.io': txt('v=DMARC1; p=reject'),
    // a suffix that says so in the DNS: its names are Organizational Domains of their own
    '_dmarc.ac.test': txt('v=DMARC1; p=reject; psd=y'),
  };
  const r = memoryResolver(zone);
  const none = { result: 'none' as const, domain: '' };

  test('spoofed From with no SPF pass and no signature: reject', async () => {
    const o = await evaluateDmarc({ fromDomain: 'aula.test', spf: { result: 'fail', domain: 'aula.test' }, dkim: [], resolver: r });
    assert.equal(o.result, 'fail');
    assert.equal(o.disposition, 'reject');
    assert.match(o.info, /^dmarc=fail \(p=reject dis=reject\) header.from=aula.test$/);
  });
  test('aligned DKIM passes even when SPF fails', async () => {
    const o = await evaluateDmarc({
      fromDomain: 'aula.test',
      spf: { result: 'fail', domain: 'aula.test' },
      dkim: [pass('aula.test')],
      resolver: r,
    });
    assert.equal(o.result, 'pass');
    assert.equal(o.disposition, 'none');
  });
  test('aligned SPF passes without DKIM', async () => {
    const o = await evaluateDmarc({ fromDomain: 'aula.test', spf: { result: 'pass', domain: 'bounces.aula.test' }, dkim: [], resolver: r });
    assert.equal(o.result, 'pass');
    assert.equal(o.spf.aligned, true);
  });
  test('a valid signature of another domain does not align', async () => {
    const o = await evaluateDmarc({
      fromDomain: 'aula.test',
      spf: { result: 'pass', domain: 'evil.example' },
      dkim: [pass('evil.example')],
      resolver: r,
    });
    assert.equal(o.result, 'fail');
    assert.equal(o.disposition, 'reject');
  });
  test('a failed signature of the right domain does not count', async () => {
    const o = await evaluateDmarc({ fromDomain: 'aula.test', spf: none, dkim: [failDkim('aula.test')], resolver: r });
    assert.equal(o.result, 'fail');
  });
  test('strict alignment: a subdomain signature fails adkim=s', async () => {
    const o = await evaluateDmarc({ fromDomain: 'strict.test', spf: none, dkim: [pass('mail.strict.test')], resolver: r });
    assert.equal(o.result, 'fail');
    assert.equal(o.dkim.aligned, false);
    assert.equal(o.dkim.mode, 's');
  });
  test('strict alignment: a subdomain MAIL FROM fails aspf=s', async () => {
    const o = await evaluateDmarc({
      fromDomain: 'strict.test',
      spf: { result: 'pass', domain: 'bounce.strict.test' },
      dkim: [],
      resolver: r,
    });
    assert.equal(o.result, 'fail');
    assert.equal(o.spf.aligned, false);
  });
  test('strict alignment: the exact domain passes', async () => {
    const o = await evaluateDmarc({
      fromDomain: 'strict.test',
      spf: { result: 'pass', domain: 'strict.test' },
      dkim: [pass('strict.test')],
      resolver: r,
    });
    assert.equal(o.result, 'pass');
  });
  test('relaxed alignment: a subdomain signature passes', async () => {
    const o = await evaluateDmarc({ fromDomain: 'aula.test', spf: none, dkim: [pass('mail.aula.test')], resolver: r });
    assert.equal(o.result, 'pass');
  });
  test('a subdomain with no record uses the organizational record and its sp=', async () => {
    const o = await evaluateDmarc({ fromDomain: 'news.org.test', spf: none, dkim: [], resolver: r });
    assert.equal(o.policyDomain, 'org.test');
    assert.equal(o.policy, 'quarantine');
    assert.equal(o.disposition, 'quarantine');
  });
  test('p=none only monitors', async () => {
    const o = await evaluateDmarc({ fromDomain: 'none.test', spf: none, dkim: [], resolver: r });
    assert.equal(o.result, 'fail');
    assert.equal(o.disposition, 'none');
  });
  test('pct is gone in RFC 9989: a failing mail gets the whole policy', async () => {
    for (let n = 0; n < 5; n++) {
      const o = await evaluateDmarc({ fromDomain: 'half.test', spf: none, dkim: [], resolver: r });
      assert.equal(o.disposition, 'reject');
      assert.equal(o.sampledOut, false);
    }
  });
  test('t=y: reject is applied as quarantine, and the header says so', async () => {
    const o = await evaluateDmarc({ fromDomain: 'testing.test', spf: none, dkim: [], resolver: r });
    assert.equal(o.result, 'fail');
    assert.equal(o.policy, 'reject');
    assert.equal(o.disposition, 'quarantine');
    assert.equal(o.testMode, true);
    assert.equal(o.why.key, 'dmarcbis.why.failTesting');
    assert.match(o.info, /^dmarc=fail \(p=reject dis=quarantine\) header.from=testing.test$/);
  });
  test('np= for a From domain that does not exist, sp= for one that does (NODATA exists)', async () => {
    const ghost = await evaluateDmarc({ fromDomain: 'ghost.np.test', spf: none, dkim: [], resolver: r });
    assert.equal(ghost.policyDomain, 'np.test');
    assert.equal(ghost.policyFrom, 'np');
    assert.equal(ghost.disposition, 'reject');
    assert.equal(ghost.why.key, 'dmarcbis.why.failNp');
    const real = await evaluateDmarc({ fromDomain: 'real.np.test', spf: none, dkim: [], resolver: r });
    assert.equal(real.policyFrom, 'sp');
    assert.equal(real.disposition, 'quarantine');
    const noA = await evaluateDmarc({ fromDomain: 'mx.np.test', spf: none, dkim: [], resolver: r });
    assert.equal(noA.policyFrom, 'sp');
    const self = await evaluateDmarc({ fromDomain: 'np.test', spf: none, dkim: [], resolver: r });
    assert.equal(self.policyFrom, 'p');
    assert.equal(self.disposition, 'none');
  });
  test('the walk, not a suffix list, finds the Organizational Domain: psd=n stops it', async () => {
    // dept.uni.test says psd=n: it is its own Organizational Domain, so uni.test's other
    // names do not align with it (a suffix list would call both uni.test)
    const other = await evaluateDmarc({ fromDomain: 'a.dept.uni.test', spf: none, dkim: [pass('news.uni.test')], resolver: r });
    assert.equal(other.policyDomain, 'dept.uni.test');
    assert.equal(other.result, 'fail');
    assert.equal(other.disposition, 'reject');
    const inside = await evaluateDmarc({ fromDomain: 'a.dept.uni.test', spf: none, dkim: [pass('mail.dept.uni.test')], resolver: r });
    assert.equal(inside.result, 'pass');
  });
  test('names under a listed suffix that publishes a record share it: they align (a suffix list says two organizations)', async () => {
    const o = await evaluateDmarc({ fromDomain: 'alumno.github.io', spf: none, dkim: [pass('profe.github.io')], resolver: r });
    assert.equal(o.policyDomain, 'github.io');
    assert.equal(o.result, 'pass');
    assert.equal(o.dkim.aligned, true);
  });
  test('psd=y makes each name below the suffix its own Organizational Domain (a suffix list knows nothing of .test)', async () => {
    const other = await evaluateDmarc({ fromDomain: 'fisica.ac.test', spf: none, dkim: [pass('quimica.ac.test')], resolver: r });
    assert.equal(other.policyDomain, 'ac.test');
    assert.equal(other.result, 'fail');
    assert.equal(other.disposition, 'reject');
    const own = await evaluateDmarc({ fromDomain: 'fisica.ac.test', spf: none, dkim: [pass('mail.fisica.ac.test')], resolver: r });
    assert.equal(own.result, 'pass');
  });
  test('a long From domain makes at most eight _dmarc queries', async () => {
    const q = memoryResolver(zone);
    await evaluateDmarc({ fromDomain: 'a.b.c.d.e.f.g.h.i.j.aula.test', spf: none, dkim: [], resolver: q });
    const asked = q.queries.filter((x) => x.startsWith('TXT _dmarc.'));
    assert.ok(asked.length <= 8, asked.join(', '));
    assert.ok(asked.includes('TXT _dmarc.aula.test'));
  });
  test('no record, two records, unrelated TXT: no policy', async () => {
    for (const d of ['nowhere.test', 'twice.test', 'other.test']) {
      const o = await evaluateDmarc({ fromDomain: d, spf: none, dkim: [], resolver: r });
      assert.equal(o.result, 'none', d);
      assert.equal(o.disposition, 'none', d);
    }
  });
  test('a DNS failure is a temperror, never a reject', async () => {
    const slow = memoryResolver(zone, { timeout: ['_dmarc.aula.test'] });
    const o = await evaluateDmarc({ fromDomain: 'aula.test', spf: none, dkim: [], resolver: slow });
    assert.equal(o.result, 'temperror');
    assert.equal(o.disposition, 'none');
  });
});
