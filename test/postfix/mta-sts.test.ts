// MTA-STS policy files and the TXT records of RFC 8461 and RFC 8460, as tables of cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mxMatches, parsePolicy, stsRecord, tlsRptRecord, uncoveredMx } from '../../src/postfix/mta-sts.js';

const GOOD = 'version: STSv1\nmode: testing\nmx: mail.aula.test\nmax_age: 86400\n';

test('a policy as the lesson writes it, with LF or CRLF line ends, has no problem', () => {
  for (const text of [GOOD, GOOD.replace(/\n/g, '\r\n'), GOOD.trimEnd()]) {
    const p = parsePolicy(text);
    assert.deepEqual(p.problems, []);
    assert.equal(p.mode, 'testing');
    assert.equal(p.maxAge, 86400);
    assert.deepEqual(p.mx, ['mail.aula.test']);
  }
});

test('each wrong policy names its first problem and its line', () => {
  const cases: [string, string, number | undefined][] = [
    ['version = STSv1\nmode: testing\nmx: a.b\nmax_age: 1\n', 'badLine', 1],
    ['version: STSv1\n\nmode: testing\nmx: a.b\nmax_age: 1\n', 'badLine', 2],
    ['version: STSv1\rmode: testing\nmx: a.b\nmax_age: 1\n', 'bareCr', 1],
    ['version: STSV1\nmode: testing\nmx: a.b\nmax_age: 1\n', 'versionWrong', 1],
    ['mode: testing\nmx: a.b\nmax_age: 1\n', 'versionMissing', undefined],
    ['version: STSv1\nmode: Enforce\nmx: a.b\nmax_age: 1\n', 'modeWrong', 2],
    ['version: STSv1\nmx: a.b\nmax_age: 1\n', 'modeMissing', undefined],
    ['version: STSv1\nmode: testing\nmx: a.b\nmax_age: 31557601\n', 'maxAgeWrong', 4],
    ['version: STSv1\nmode: testing\nmx: a.b\nmax_age: -1\n', 'maxAgeWrong', 4],
    ['version: STSv1\nmode: testing\nmx: a.b\n', 'maxAgeMissing', undefined],
    ['version: STSv1\nmode: testing\nmax_age: 5\n', 'mxMissing', undefined],
    ['version: STSv1\nmode: testing\nmx: 127.0.0.1:25\nmax_age: 5\n', 'mxWrong', 3],
    ['version: STSv1\nmode: testing\nmode: enforce\nmx: a.b\nmax_age: 5\n', 'duplicate', 3],
  ];
  for (const [text, code, line] of cases) {
    const first = parsePolicy(text).problems[0];
    assert.equal(first?.code, code, JSON.stringify(text));
    assert.equal('line' in first ? first.line : undefined, line, JSON.stringify(text));
  }
});

test('mode none needs no mx; unknown fields and several mx lines are allowed', () => {
  assert.deepEqual(parsePolicy('version: STSv1\nmode: none\nmax_age: 0\n').problems, []);
  const p = parsePolicy('version: STSv1\nmode: enforce\nmx: a.aula.test\nmx: *.aula.test\nfoo: bar\nmax_age: 604800\n');
  assert.deepEqual(p.problems, []);
  assert.deepEqual(p.mx, ['a.aula.test', '*.aula.test']);
});

test('an mx wildcard covers exactly one label', () => {
  const cases: [string, string, boolean][] = [
    ['mail.aula.test', 'mail.aula.test', true],
    ['mail.aula.test', 'MAIL.aula.test.', true],
    ['*.aula.test', 'mail.aula.test', true],
    ['*.aula.test', 'a.mail.aula.test', false],
    ['*.aula.test', 'aula.test', false],
    ['*.mail.aula.test', 'mail.aula.test', false],
  ];
  for (const [pattern, host, want] of cases) assert.equal(mxMatches(pattern, host), want, `${pattern} ~ ${host}`);
  assert.deepEqual(uncoveredMx({ mx: ['mail.aula.test'] }, ['mail.aula.test', 'backup.aula.test']), ['backup.aula.test']);
});

test('the _mta-sts record: exactly one v=STSv1 with an id of letters and digits', () => {
  assert.deepEqual(stsRecord(['v=spf1 -all', 'v=STSv1; id=2026120701']), {
    ok: true,
    value: { id: '2026120701' },
    record: 'v=STSv1; id=2026120701',
  });
  assert.equal(stsRecord(['v=STSv1;id=abc;']).ok, true);
  const bad: [string[], string][] = [
    [[], 'none'],
    [['v=STSv2; id=1'], 'none'],
    [['v=STSv1; id=1', 'v=STSv1; id=2'], 'several'],
    [['v=STSv1; id=2026-12-07'], 'field'],
    [['v=STSv1'], 'field'],
    [['v=STSv1; id=' + 'a'.repeat(33)], 'field'],
    [['v=STSv1; id'], 'syntax'],
  ];
  for (const [txt, problem] of bad) {
    const r = stsRecord(txt);
    assert.equal(r.ok ? 'ok' : r.problem, problem, JSON.stringify(txt));
  }
});

test('the _smtp._tls record: one v=TLSRPTv1 with mailto: or https: addresses', () => {
  const r = tlsRptRecord(['v=TLSRPTv1; rua=mailto:tlsrpt@aula.test,https://reports.example.net/tlsrpt']);
  assert.ok(r.ok);
  assert.deepEqual(r.ok && r.value.rua, ['mailto:tlsrpt@aula.test', 'https://reports.example.net/tlsrpt']);
  const bad: [string[], string][] = [
    [[], 'none'],
    [['v=TLSRPTv1; rua=mailto:a@b.c', 'v=TLSRPTv1; rua=mailto:d@e.f'], 'several'],
    [['v=TLSRPTv1; rua=tlsrpt@aula.test'], 'field'],
    [['v=TLSRPTv1; rua=http://x.example'], 'field'],
    [['v=TLSRPTv1'], 'field'],
  ];
  for (const [txt, problem] of bad) {
    const v = tlsRptRecord(txt);
    assert.equal(v.ok ? 'ok' : v.problem, problem, JSON.stringify(txt));
  }
});
