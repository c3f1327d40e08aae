import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockKind, runStepBlock, stepBlocks } from '../../src/core/blocks.js';
import { planTestMail, suggestedKind } from '../../src/core/testmail.js';
import { CLOSED_PORTS, freshWorkspace } from '../prove/env.js';

test('blocks are numbered as the step shows them; commands are told from output and file lines', () => {
  const md = [
    'Run:',
    '```',
    'openssl genrsa -out cert.key 4096',
    '```',
    'You see:',
    '```',
    'Private-Key: (4096 bit, 2 primes)',
    '```',
    '```',
    'myhostname = mail.aula.test',
    '```',
    '```bash',
    '# a comment first',
    'ls etc/postfix',
    '```',
  ].join('\n');
  const b = stepBlocks(md);
  assert.deepEqual(
    b.map((x) => [x.n, x.kind, x.firstLine]),
    [
      [1, 'command', 'openssl genrsa -out cert.key 4096'],
      [2, 'text', 'Private-Key: (4096 bit, 2 primes)'],
      [3, 'text', 'myhostname = mail.aula.test'],
      [4, 'command', 'ls etc/postfix'],
    ],
  );
  for (const text of [
    '250-mail.aula.test',
    '<** 554 5.7.1 Relay access denied',
    'subject=CN = mail.aula.test',
    'spamassassin unix -  n  n  -  -  pipe',
    '_dmarc  IN  TXT  "v=DMARC1; p=none"',
    'Nov 28 04:30:57 mail postfix/smtpd[1]: connect',
    '-rw------- 1 alumno alumno 3272 cert.key',
  ]) {
    assert.equal(blockKind(text), 'text', text);
  }
  assert.equal(blockKind('sudo postmap /etc/postfix/sender_access'), 'sudo');
  assert.equal(
    blockKind('HASH=$(openssl pkey -pubin -in cert.pub -outform DER | sha256sum)\necho "$HASH"'),
    'command',
    'a variable set from a command',
  );
  assert.equal(blockKind('swaks --server 127.0.0.1:2525'), 'command', 'a learner tool counts even where it is not installed');
  assert.equal(blockKind('nano etc/postfix/main.cf'), 'command', 'an editor is offered, then refused with a reason');
  assert.equal(blockKind('LANG=C grep x var/log/mail.log'), 'command');
  assert.equal(blockKind('exec 3<>/dev/tcp/127.0.0.1/2526; cat <&3'), 'command', 'bash opening a raw TCP connection (lesson 15)');
});

test('mailsec sandbox stop is refused when the workbook runs the sandbox (it would close the workbook), run otherwise', async () => {
  const ws = freshWorkspace();
  const probe = { host: '127.0.0.1', ports: CLOSED_PORTS };
  const refused = await runStepBlock(ws, 'mailsec sandbox stop', probe, { hosting: true });
  assert.equal(refused.status, 'refused');
  assert.equal(refused.reason, 'stops-workbook');
  const ran = await runStepBlock(ws, 'mailsec sandbox stop', probe, { hosting: false });
  assert.equal(ran.status, 'ok', ran.output);
  assert.equal((await runStepBlock(ws, 'nano etc/postfix/main.cf', probe, { hosting: true })).reason, 'interactive');
});

test('test mails: plain and STARTTLS to the learner domain on the SMTP port, the relay attempt through the outside listener', () => {
  const vars = { domain: 'aula.test', hostname: 'mail.aula.test', workspace: '/x' };
  const probe = {
    host: '127.0.0.1',
    ports: { smtp: 1, submission: 2, smtps: 3, outside: 4, dns: 5, https: 5, pop3: 6, pop3s: 7, imap: 8, imaps: 9 },
  };
  const plain = planTestMail('plain', 'ca', vars, probe);
  assert.deepEqual([plain.port, plain.to, plain.tls, plain.subject], [1, 'postmaster@aula.test', false, 'Prova des de mailsec']);
  const tls = planTestMail('tls', 'es', vars, probe);
  assert.equal(tls.tls, true);
  const out = planTestMail('outside', 'en', vars, probe);
  assert.deepEqual([out.port, out.to], [4, 'alguien@example.com']);
  assert.equal(suggestedKind('02-tls', 'tls.mail-source'), 'tls');
  assert.equal(suggestedKind('04-open-relay', 'smtp.relay-probe'), 'outside');
  assert.equal(suggestedKind('01-threats', 'postfix.param'), 'plain');
});

test(
  'mailsec in a block answers in the workbook language',
  { skip: !!process.env.LC_ALL && 'LC_ALL is set here, and it wins' },
  async () => {
    const ws = freshWorkspace();
    const probe = { host: '127.0.0.1', ports: CLOSED_PORTS };
    const ca = await runStepBlock(ws, 'mailsec sandbox status', probe, { hosting: false, lang: 'ca' });
    const en = await runStepBlock(ws, 'mailsec sandbox status', probe, { hosting: false, lang: 'en' });
    assert.notEqual(ca.output, en.output);
    assert.match(en.output, /not running|No sandbox/i);
  },
);
