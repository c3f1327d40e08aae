// OpenDKIM's verification lines as a real OpenDKIM 2.11 (Debian 12) wrote them behind a real
// Postfix 3.7.11 (Syslog yes, SyslogSuccess yes as Debian's file has them; queue IDs as here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noMatchLog, verifyLog } from '../../../src/sandbox/auth/opendkim-log.js';
import type { DkimVerdict } from '../../../src/sandbox/auth/dkim.js';

const D = 'alexdns.local';
const sig = (o: Partial<DkimVerdict>): DkimVerdict => ({ result: 'pass', domain: D, selector: 'default', algorithm: 'rsa-sha256', info: '', ...o });

const cases: { name: string; sigs: DkimVerdict[]; success?: boolean; lines: string[] }[] = [
  {
    name: 'one RSA signature that verifies',
    sigs: [sig({})],
    lines: ['9FB185F67FC: DKIM verification successful', `9FB185F67FC: s=default d=${D} a=rsa-sha256 SSL `],
  },
  {
    name: 'the same without SyslogSuccess: only the SSL line',
    sigs: [sig({})],
    success: false,
    lines: [`9FB185F67FC: s=default d=${D} a=rsa-sha256 SSL `],
  },
  {
    name: 'a body changed after signing',
    sigs: [sig({ result: 'fail', comment: 'body hash did not verify' })],
    lines: [`9FB185F67FC: s=default d=${D} a=rsa-sha256 SSL `, '9FB185F67FC: bad signature data'],
  },
  {
    name: 'an Ed25519 signature (OpenDKIM 2.11 verifies it)',
    sigs: [sig({ selector: 'ed', algorithm: 'ed25519-sha256' })],
    lines: ['9FB185F67FC: DKIM verification successful', `9FB185F67FC: s=ed d=${D} a=ed25519-sha256 SSL `],
  },
  {
    name: 'two signatures (Ed25519 on top, RSA below): named first, the top one reported',
    sigs: [sig({ selector: 'ed', algorithm: 'ed25519-sha256' }), sig({})],
    lines: [
      `9FB185F67FC: message has signatures from ${D}, ${D}`,
      '9FB185F67FC: DKIM verification successful',
      `9FB185F67FC: s=ed d=${D} a=ed25519-sha256 SSL `,
    ],
  },
  { name: 'unsigned: nothing (without LogWhy)', sigs: [{ result: 'none', info: 'dkim=none' }], lines: [] },
];
for (const c of cases)
  test(c.name, () => assert.deepEqual(verifyLog('9FB185F67FC', c.sigs, { syslogSuccess: c.success ?? true }), c.lines));

test('LogWhy: a From domain not signed for, and a subdomain signed with its parent (SubDomains yes)', () => {
  assert.deepEqual(noMatchLog('9ADBB5F67F6', 'example.net', undefined), [
    "9ADBB5F67F6: no signing domain match for 'example.net'",
    "9ADBB5F67F6: no signing subdomain match for 'example.net'",
  ]);
  assert.deepEqual(noMatchLog('405675F67F3', `mail.${D}`, D), [`405675F67F3: no signing domain match for 'mail.${D}'`]);
  assert.deepEqual(noMatchLog('405675F67F3', D, D), []);
});
