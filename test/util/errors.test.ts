import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBug, rethrowBug, rethrowUnlessMalformed } from '../../src/util/errors.js';

const coded = (e: Error, code: string) => Object.assign(e, { code });

test('a TypeError, RangeError or ReferenceError without a code is a bug; an error with a code or a plain Error is an outcome', () => {
  assert.equal(isBug(new TypeError('x is not a function')), true);
  assert.equal(isBug(new RangeError('Invalid array length')), true);
  assert.equal(isBug(new ReferenceError('y is not defined')), true);
  assert.equal(isBug(coded(new TypeError('bad key'), 'ERR_OSSL_UNSUPPORTED')), false);
  assert.equal(isBug(new Error('Unexpected end of packet')), false);
  assert.throws(() => rethrowBug(new TypeError('x is not a function')), TypeError);
  assert.doesNotThrow(() => rethrowBug(new Error('Unexpected end of packet')));
});

test('around a parser of the learner’s bytes, reading past their end and openpgp.js’s partial length are the file’s fault; other bugs still go through', () => {
  assert.doesNotThrow(() => rethrowUnlessMalformed(new RangeError('Offset is outside the bounds of the DataView')));
  assert.doesNotThrow(() => rethrowUnlessMalformed(new TypeError('This packet type does not support partial lengths.')));
  assert.throws(() => rethrowUnlessMalformed(new TypeError('readMessage is not a function')), TypeError);
  assert.throws(() => rethrowUnlessMalformed(new ReferenceError('pgp is not defined')), ReferenceError);
});
