// smtpd's protocol facts: how it shows client bytes in its log, and smtpd_forbid_bare_newline's values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bareNewlineMode,
  bareNewlineRejectLine,
  commandLine,
  escape,
  improperPipelining,
  nonSmtpCommand,
  pipeliningImproper,
  printable,
} from '../../src/postfix/smtpd-protocol.js';

test('escape(): C escapes for control characters, a backslash doubled', () => {
  for (const [bytes, shown] of [
    ['MAIL FROM:<a@b.c>\r\n', 'MAIL FROM:<a@b.c>\\r\\n'],
    ['a\tb\x00c\x7f', 'a\\tb\\000c\\177'],
    ['back\\slash', 'back\\\\slash'],
  ] as const)
    assert.equal(escape(Buffer.from(bytes, 'latin1')), shown);
});

test('printable(): what is not printable ASCII is "?"', () => {
  assert.equal(printable(Buffer.from('EHLO \x00\xe9x', 'latin1')), 'EHLO ??x');
});

test('improper pipelining shows at most 100 bytes of what waits', () => {
  assert.equal(
    improperPipelining('EHLO', 'localhost[127.0.0.1]', Buffer.from('NOOP\r\n')),
    'improper command pipelining after EHLO from localhost[127.0.0.1]: NOOP\\r\\n',
  );
  assert.equal(improperPipelining('DATA', 'x[1.2.3.4]', Buffer.alloc(300, 0x61)).split(': ')[1].length, 100);
});

test('smtpd_forbid_bare_newline: yes is normalize in 3.7.11; anything else off', () => {
  for (const [v, mode] of [
    ['no', 'no'],
    ['yes', 'normalize'],
    ['Normalize', 'normalize'],
    ['reject', 'reject'],
    ['', 'no'],
  ] as const)
    assert.equal(bareNewlineMode(v), mode);
});

test('the bare <LF> reject line has no reply code, and names the envelope when there is one', () => {
  assert.equal(
    bareNewlineRejectLine({ where: 'CONNECT', namaddr: 'localhost[127.0.0.1]', proto: 'SMTP' }),
    'NOQUEUE: reject: CONNECT from localhost[127.0.0.1]: bare <LF> received; proto=SMTP',
  );
  assert.equal(
    bareNewlineRejectLine({
      queueId: 'AF8022D84E8',
      where: 'END-OF-MESSAGE',
      namaddr: 'localhost[127.0.0.1]',
      sender: 'a@b.c',
      to: 'alumno@alexdns.local',
      proto: 'ESMTP',
      helo: 'x',
    }),
    'AF8022D84E8: reject: END-OF-MESSAGE from localhost[127.0.0.1]: bare <LF> received; from=<a@b.c> to=<alumno@alexdns.local> proto=ESMTP helo=<x>',
  );
});

// each case seen on Postfix 3.7.11: "improper command pipelining after X" or nothing
test('improper pipelining: after HELO, EHLO, DATA, NOOP, VRFY in an ESMTP session; after any command when it is not ESMTP', () => {
  for (const [command, proto, improper] of [
    ['ehlo', 'ESMTP', true],
    ['rset', 'ESMTP', false],
    ['mail', 'ESMTP', false],
    ['data', 'ESMTP', true],
    ['mail', 'SMTP', true],
    ['rset', 'SMTP', true],
    ['bdat', 'SMTP', true],
    ['bdat', 'ESMTP', false],
  ] as const)
    assert.equal(pipeliningImproper(command, proto), improper, `${command} ${proto}`);
});

test('a command line ends at its first NUL byte, as smtpd reads a C string', () => {
  assert.equal(commandLine(Buffer.from('NOOP\x00x', 'latin1')).toString(), 'NOOP');
  assert.equal(commandLine(Buffer.from('HELO a\x00b', 'latin1')).toString(), 'HELO a');
  assert.equal(commandLine(Buffer.from('NOOP')).toString(), 'NOOP');
});

test('non-SMTP commands: CONNECT, GET, POST in any case, a first character that is not a letter, a header name', () => {
  for (const [word, hangUp] of [
    ['get', true],
    ['Connect', true],
    ['POST', true],
    ['1abc', true],
    ['-x', true],
    ['Subject:', true],
    ['PUT', false],
    ['HEAD', false],
    ['OPTIONS', false],
    ['c2VjcmV0bw==', false],
    ['xyz', false],
  ] as const)
    assert.equal(nonSmtpCommand(word), hangUp, word);
});
