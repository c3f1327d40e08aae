// The serial of the teacher's certificates: positive and minimal as DER wants it. A random
// first byte of 0x00 made a leading zero that OpenSSL refuses ("illegal padding").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certSerial, initTeacher, TEACHER_FILES } from '../../src/mailcrypto/teacher.js';
import { asn1js } from '../../src/vendor/pkijs.js';

test('a serial starting with 0x00 or with the top bit set becomes a positive, minimal DER integer', () => {
  for (const first of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
    const random = Buffer.from([first, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0]);
    const s = certSerial(random);
    assert.equal(s.length, 16);
    assert.ok(s[0] >= 0x01 && s[0] <= 0x7f, `first byte ${s[0].toString(16)} from ${first.toString(16)}`);
    const der = Buffer.from(new asn1js.Integer({ valueHex: s }).toBER(false));
    // tag 02, length 16, then no leading zero byte
    assert.deepEqual([der[0], der[1]], [0x02, 16]);
    assert.notEqual(der[2], 0x00);
  }
  assert.equal(certSerial(Buffer.from([0x00, 0x05])).length, 2);
});

test("the teacher's certificates are read by node's OpenSSL", async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'mailsec-serial-')), 'teacher');
  await initTeacher(dir, 'Profe');
  for (const f of [TEACHER_FILES.caCert, TEACHER_FILES.smimeCert]) {
    const c = new X509Certificate(readFileSync(join(dir, f)));
    assert.match(c.serialNumber, /^(0[1-9A-F]|[1-7][0-9A-F])[0-9A-F]{30}$/);
  }
});
