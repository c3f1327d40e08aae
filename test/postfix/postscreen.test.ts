// postscreen's verdicts, log lines and refusing engine, with the words and order a real
// Postfix 3.7.11 used on loopback (greet and DNSBL actions enforce and drop, an access list).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMainCf } from '../../src/postfix/main-cf.js';
import {
  escapeForLog,
  psAccess,
  psCommand,
  psLog,
  psVerdict,
  postscreenConfig,
  type PsClient,
  type PsEngineState,
  type PsVerdict,
} from '../../src/postfix/postscreen.js';

const c: PsClient = { addr: '203.0.113.7', port: 40066, localAddr: '127.0.0.1', localPort: 25 };
const cfg = (text: string) =>
  postscreenConfig(parseMainCf(`myhostname = mail.aula.test\nsmtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)\n${text}`));

test('settings: Postfix 3.7 defaults, weighted sites, a site Postfix cannot read', () => {
  const d = cfg('');
  assert.equal(d.greetAction, 'ignore');
  assert.equal(d.greetWaitMs, 6000);
  assert.equal(d.greetBanner, 'mail.aula.test ESMTP Postfix (Debian/GNU)');
  assert.deepEqual(d.accessList, ['permit_mynetworks']);
  assert.equal(d.dnsblThreshold, 1);
  const s = cfg('postscreen_dnsbl_sites = zen.spamhaus.org=127.0.0.[2..11]*3, bl.spamcop.net*1 bad*x*1\npostscreen_dnsbl_threshold = 2');
  assert.deepEqual(
    s.dnsblSites.map((x) => [x.domain, x.filter, x.weight]),
    [
      ['zen.spamhaus.org', '127.0.0.[2..11]', 3],
      ['bl.spamcop.net', undefined, 1],
    ],
  );
  assert.deepEqual(s.badSites, ['bad*x*1']);
  assert.equal(s.dnsblThreshold, 2);
  assert.equal(cfg('postscreen_blacklist_action = drop').denylistAction, 'drop', 'the name before 3.6');
  assert.equal(cfg('postscreen_blacklist_action = drop\npostscreen_denylist_action = enforce').denylistAction, 'enforce');
});

test('log lines as postscreen and dnsblog write them', () => {
  assert.equal(psLog.connect(c), 'CONNECT from [203.0.113.7]:40066 to [127.0.0.1]:25');
  assert.equal(psLog.pregreet(c, 12, 0, 'EHLO early\r\n'), 'PREGREET 12 after 0 from [203.0.113.7]:40066: EHLO early\\r\\n');
  assert.equal(psLog.rank(c, 3), 'DNSBL rank 3 for [203.0.113.7]:40066');
  assert.equal(psLog.passNew(c), 'PASS NEW [203.0.113.7]:40066');
  assert.equal(psLog.passOld(c), 'PASS OLD [203.0.113.7]:40066');
  assert.equal(psLog.allowlisted(c), 'ALLOWLISTED [203.0.113.7]:40066');
  assert.equal(psLog.denylisted(c), 'DENYLISTED [203.0.113.7]:40066');
  assert.equal(psLog.disconnect(c), 'DISCONNECT [203.0.113.7]:40066');
  assert.equal(
    psLog.listed('203.0.113.7', 'zen.spamhaus.org', '127.0.0.2'),
    'addr 203.0.113.7 listed by domain zen.spamhaus.org as 127.0.0.2',
  );
  assert.equal(escapeForLog('a\tb\0\\'), 'a\\tb\\000\\\\');
});

test('verdicts: allowlisted passes everything; the first failed test with an action decides; "ignore" only logs', () => {
  const enforce = cfg(
    'postscreen_greet_action = enforce\npostscreen_dnsbl_action = enforce\npostscreen_dnsbl_sites = zen.spamhaus.org*2\npostscreen_dnsbl_threshold = 2\npostscreen_denylist_action = enforce',
  );
  assert.deepEqual(psVerdict(enforce, { access: 'permit', pregreet: 'EHLO x\r\n', rank: 9 }, c), { pass: true });
  assert.deepEqual(psVerdict(enforce, { rank: 1 }, c), { pass: true }, 'under the threshold');
  const dnsbl = psVerdict(enforce, { rank: 2 }, c, 'zen.spamhaus.org');
  assert.deepEqual(dnsbl, {
    pass: false,
    failure: 'dnsbl',
    action: 'enforce',
    reply: { code: 550, enhanced: '5.7.1', text: 'Service unavailable; client [203.0.113.7] blocked using zen.spamhaus.org' },
  });
  const pre = psVerdict(enforce, { pregreet: 'EHLO x\r\n', rank: 0 }, c);
  assert.equal(!pre.pass && `${pre.reply.code} ${pre.reply.enhanced} ${pre.reply.text}`, '550 5.5.1 Protocol error');
  const deny = psVerdict(enforce, { access: 'reject', rank: 0 }, c);
  assert.equal(!deny.pass && `${deny.reply.code} ${deny.reply.enhanced} ${deny.reply.text}`, '550 5.3.2 Service currently unavailable');
  const drop = cfg(
    'postscreen_greet_action = drop\npostscreen_dnsbl_action = drop\npostscreen_dnsbl_sites = zen.spamhaus.org*3\npostscreen_dnsbl_threshold = 2',
  );
  const d1 = psVerdict(drop, { rank: 3 }, c, 'zen.spamhaus.org');
  assert.equal(
    !d1.pass && `${d1.reply.code} ${d1.reply.enhanced} ${d1.reply.text}`,
    '521 5.7.1 Service unavailable; client [203.0.113.7] blocked using zen.spamhaus.org',
  );
  const d2 = psVerdict(drop, { pregreet: 'x', rank: 0 }, c);
  assert.equal(!d2.pass && `${d2.reply.code} ${d2.reply.enhanced} ${d2.reply.text}`, '521 5.5.1 Protocol error');
  assert.deepEqual(psVerdict(cfg('postscreen_dnsbl_sites = zen.spamhaus.org'), { pregreet: 'x', rank: 5 }, c), { pass: true }, 'ignore');
});

test('the refusing engine: what a denylisted client under enforce got, command by command', () => {
  const conf = cfg('postscreen_denylist_action = enforce');
  const v = psVerdict(conf, { access: 'reject', rank: 0 }, c) as Extract<PsVerdict, { pass: false }>;
  const st: PsEngineState = { proto: 'ESMTP' };
  const run = (line: string) => psCommand(conf, v, st, c, line, { sizeLimit: 10240000, tls: false });
  assert.deepEqual(run('HELO x').reply, ['250 mail.aula.test']);
  assert.deepEqual(run('RSET').reply, ['250 2.0.0 Ok']);
  assert.deepEqual(run('NOOP').reply, ['250 2.0.0 Ok']);
  assert.deepEqual(run('VRFY alumno').reply, ['550 5.3.2 Service currently unavailable']);
  assert.deepEqual(run('ETRN x').reply, ['458 Unable to queue messages']);
  assert.deepEqual(run('FOO bar').reply, ['502 5.5.2 Error: command not recognized']);
  assert.deepEqual(run('AUTH PLAIN').reply, ['502 5.5.2 Error: command not recognized']);
  assert.deepEqual(run('STARTTLS').reply, ['502 5.5.1 Error: command not implemented']);
  assert.deepEqual(run('MAIL FROM:<a@b.example>').reply, ['250 2.1.0 Ok']);
  const r = run('RCPT TO:<alumno@aula.test>');
  assert.deepEqual(r.reply, ['550 5.3.2 Service currently unavailable']);
  assert.equal(
    r.log,
    'NOQUEUE: reject: RCPT from [203.0.113.7]:40066: 550 5.3.2 Service currently unavailable; from=<a@b.example>, to=<alumno@aula.test>, proto=SMTP, helo=<x>',
  );
  const b = run('BDAT 10 LAST');
  assert.deepEqual(b, {
    reply: ['554 5.5.1 Error: no valid recipients'],
    log: 'BDAT without valid RCPT from [203.0.113.7]:40066',
    close: true,
  });
  const fresh: PsEngineState = { proto: 'ESMTP' };
  const ehlo = psCommand(conf, v, fresh, c, 'EHLO x', { sizeLimit: 10240000, tls: false }).reply;
  assert.deepEqual(ehlo, [
    '250-mail.aula.test',
    '250-SIZE 10240000',
    '250-VRFY',
    '250-ETRN',
    '250-ENHANCEDSTATUSCODES',
    '250-8BITMIME',
    '250-DSN',
    '250-SMTPUTF8',
    '250 CHUNKING',
  ]);
  assert.deepEqual(psCommand(conf, v, fresh, c, 'DATA', { sizeLimit: 1, tls: false }), {
    reply: ['503 5.5.1 Error: need RCPT command'],
    log: 'DATA without valid RCPT from [203.0.113.7]:40066',
    close: true,
  });
  assert.deepEqual(run('QUIT'), { reply: ['221 2.0.0 Bye'], close: true });
});

test('access list: permit_mynetworks, then CIDR tables in order; dunno goes on', () => {
  const cidr = (spec: string, addr: string) => (spec === 'cidr:/etc/postfix/ps.cidr' && addr === '203.0.113.7' ? 'reject' : undefined);
  assert.equal(psAccess(['permit_mynetworks'], ['127.0.0.0/8'], cidr, '127.0.0.1'), 'permit');
  assert.equal(psAccess(['permit_mynetworks', 'cidr:/etc/postfix/ps.cidr'], ['127.0.0.0/8'], cidr, '203.0.113.7'), 'reject');
  assert.equal(psAccess(['permit_mynetworks', 'cidr:/etc/postfix/ps.cidr'], ['127.0.0.0/8'], cidr, '198.51.100.1'), undefined);
});
