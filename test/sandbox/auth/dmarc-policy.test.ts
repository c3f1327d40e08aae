// RFC 9989's policy decisions, as tables: the tree walk's names, the Organizational Domain,
// the record that applies, p/sp/np, t=y, and the tags a record is applied with.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseDmarc } from '../../../src/sandbox/auth/dmarc-record.js';
import {
  alignedByOrg,
  applyTestMode,
  policyRecord,
  policyTags,
  requestedPolicy,
  selectOrgDomain,
  walkNames,
  type Found,
} from '../../../src/sandbox/auth/dmarc-policy.js';

const at = (domain: string, record: string): Found => ({ domain, record: parseDmarc(record) });

describe('the DNS tree walk asks at most eight names (§4.10)', () => {
  const cases: [string, string[]][] = [
    ['aula.test', ['aula.test', 'test']],
    ['a.mail.example.com', ['a.mail.example.com', 'mail.example.com', 'example.com', 'com']],
    // the RFC's own example: 13 labels, cut to 7 after the first query
    [
      'a.b.c.d.e.f.g.h.i.j.mail.example.com',
      [
        'a.b.c.d.e.f.g.h.i.j.mail.example.com',
        'g.h.i.j.mail.example.com',
        'h.i.j.mail.example.com',
        'i.j.mail.example.com',
        'j.mail.example.com',
        'mail.example.com',
        'example.com',
        'com',
      ],
    ],
    // exactly 8 labels: the next name has 7, as "the immediate parent" says
    ['a.b.c.d.e.f.example.com', ['a.b.c.d.e.f.example.com', 'b.c.d.e.f.example.com', 'c.d.e.f.example.com', 'd.e.f.example.com', 'e.f.example.com', 'f.example.com', 'example.com', 'com']],
    ['com', ['com']],
  ];
  for (const [start, names] of cases)
    test(start, () => {
      assert.deepEqual(walkNames(start), names);
      assert.ok(names.length <= 8);
    });
});

describe('the Organizational Domain (§4.10.2)', () => {
  const cases: [string, string, Found[], string][] = [
    ['no record anywhere: the start itself', 'a.mail.example.com', [], 'a.mail.example.com'],
    ['the record with the fewest labels', 'a.mail.example.com', [at('mail.example.com', 'v=DMARC1; p=none'), at('example.com', 'v=DMARC1; p=reject')], 'example.com'],
    ['psd=n names itself', 'a.mail.example.com', [at('mail.example.com', 'v=DMARC1; p=none; psd=n')], 'mail.example.com'],
    ['psd=y above: one label below it', 'a.mail.example.com', [at('com', 'v=DMARC1; p=reject; psd=y')], 'example.com'],
    ['psd=y at the start itself does not count', 'bank.example', [at('bank.example', 'v=DMARC1; p=reject; psd=y')], 'bank.example'],
    ['the course domain', 'mail.aula.test', [at('aula.test', 'v=DMARC1; p=reject')], 'aula.test'],
    // where a public suffix list would answer otherwise
    ['a listed suffix with a record of its own (list: alumno.github.io)', 'alumno.github.io', [at('github.io', 'v=DMARC1; p=reject')], 'github.io'],
    ['psd=y under a name the list does not know (list: ac.test)', 'mail.fisica.ac.test', [at('ac.test', 'v=DMARC1; p=reject; psd=y')], 'fisica.ac.test'],
    ['a subdomain that says psd=n (list: aula.test)', 'a.club.aula.test', [at('club.aula.test', 'v=DMARC1; p=none; psd=n')], 'club.aula.test'],
  ];
  for (const [name, start, found, org] of cases) test(name, () => assert.equal(selectOrgDomain(start, found), org));
});

describe('the record that applies (§4.10.1)', () => {
  test("the author's own record first", () => {
    const own = at('news.aula.test', 'v=DMARC1; p=none');
    assert.equal(policyRecord('news.aula.test', [own, at('aula.test', 'v=DMARC1; p=reject')]), own);
  });
  test("else the Organizational Domain's", () => {
    const org = at('aula.test', 'v=DMARC1; p=reject');
    assert.equal(policyRecord('x.news.aula.test', [at('news.aula.test', 'v=DMARC1; p=none'), org]), org);
  });
  test("else a public suffix's (psd=y)", () => {
    const psd = at('test', 'v=DMARC1; p=reject; psd=y');
    assert.equal(policyRecord('x.aula.test', [psd]), psd);
  });
  test('no record: DMARC does not apply', () => assert.equal(policyRecord('aula.test', []), undefined));
});

describe('the tags a record is applied with', () => {
  const cases: [string, ReturnType<typeof policyTags>][] = [
    ['v=DMARC1; p=reject; sp=quarantine; np=reject', { p: 'reject', sp: 'quarantine', np: 'reject', assumedNone: false }],
    ['v=DMARC1; rua=mailto:a@aula.test', { p: 'none', assumedNone: true }],
    ['v=DMARC1; p=block; rua=mailto:a@aula.test', { p: 'none', assumedNone: true }],
    ['v=DMARC1; p=reject; np=drop; rua=mailto:a@aula.test', { p: 'none', assumedNone: true }],
    ['v=DMARC1', undefined],
    ['v=DMARC1; p=block', undefined],
  ];
  for (const [record, want] of cases) test(record, () => assert.deepEqual(policyTags(parseDmarc(record)), want));
});

describe('p=, sp= or np= (§4.10.1)', () => {
  const full = { p: 'reject', sp: 'quarantine', np: 'none', assumedNone: false } as const;
  const onlyP = { p: 'reject', assumedNone: false } as const;
  const onlySp = { p: 'none', sp: 'quarantine', assumedNone: false } as const;
  const cases: [string, Parameters<typeof requestedPolicy>, ReturnType<typeof requestedPolicy>][] = [
    ['the author published the record: p', [full, true, false], { policy: 'reject', from: 'p' }],
    ['an existing subdomain: sp', [full, false, true], { policy: 'quarantine', from: 'sp' }],
    ['a subdomain that does not exist: np', [full, false, false], { policy: 'none', from: 'np' }],
    ['no sp, no np: p for every subdomain', [onlyP, false, false], { policy: 'reject', from: 'p' }],
    ['no np: sp for a subdomain that does not exist', [onlySp, false, false], { policy: 'quarantine', from: 'sp' }],
  ];
  for (const [name, args, want] of cases) test(name, () => assert.deepEqual(requestedPolicy(...args), want));
});

describe('t=y applies one level less (§4.7)', () => {
  const cases: [string, string, string, boolean][] = [
    ['reject', 'v=DMARC1; p=reject; t=y', 'quarantine', true],
    ['quarantine', 'v=DMARC1; p=quarantine; t=y', 'none', true],
    ['none', 'v=DMARC1; p=none; t=y', 'none', true],
    ['reject', 'v=DMARC1; p=reject; t=n', 'reject', false],
    ['reject', 'v=DMARC1; p=reject', 'reject', false],
  ];
  for (const [policy, record, disposition, testMode] of cases)
    test(`${record} → ${disposition}`, () => assert.deepEqual(applyTestMode(policy as 'reject', parseDmarc(record)), { disposition, testMode }));
});

describe('alignment by Organizational Domain', () => {
  const cases: [string, string, 'r' | 's', string, string, boolean][] = [
    ['aula.test', 'aula.test', 's', 'aula.test', 'aula.test', true],
    ['mail.aula.test', 'aula.test', 's', 'aula.test', 'aula.test', false],
    ['mail.aula.test', 'aula.test', 'r', 'aula.test', 'aula.test', true],
    ['evil.example', 'aula.test', 'r', 'evil.example', 'aula.test', false],
    ['', 'aula.test', 'r', '', 'aula.test', false],
  ];
  for (const [id, author, mode, idOrg, authorOrg, want] of cases)
    test(`${id || '(none)'} ${mode} ${author}`, () => assert.equal(alignedByOrg(id, author, mode, idOrg, authorOrg), want));
});
