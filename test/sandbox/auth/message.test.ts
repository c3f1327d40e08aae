// The milters' view of a message's header: read once per message, whoever asks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromDomains, header, headerFields } from '../../../src/sandbox/auth/message.js';

const msg = (from: string) => Buffer.from(`From: A <a@${from}>\r\nSubject: hola\r\n  mundo\r\nMessage-ID: <1@x>\r\n\r\nbody\r\n`, 'latin1');

test('the fields of one message are read once: From, Subject and Message-ID come from the same reading', () => {
  const m = msg('example.net');
  assert.equal(headerFields(m), headerFields(m));
  assert.deepEqual(fromDomains(m), ['example.net']);
  assert.equal(header(m, 'Subject'), 'hola mundo');
  assert.equal(header(m, 'message-id'), '<1@x>');
});

test('another message (a stage that edits one makes a new Buffer) has its own fields', () => {
  const a = msg('a.example');
  const b = Buffer.concat([Buffer.from('Authentication-Results: mail.aula.test; spf=pass\r\n'), a]);
  assert.deepEqual(fromDomains(a), ['a.example']);
  assert.equal(header(a, 'Authentication-Results'), undefined);
  assert.equal(header(b, 'Authentication-Results'), 'mail.aula.test; spf=pass');
  assert.deepEqual(fromDomains(msg('b.example')), ['b.example']);
  assert.equal(header('From: x@c.example\n\n', 'From'), 'x@c.example');
});
