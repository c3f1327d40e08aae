// The content filter stage on its own: wired, not wired, half-wired (and the part that is
// missing), the listeners it applies to, spamc's size limit, an unreachable or remote spamd,
// and the X-Spam block it writes, byte for byte as Debian's spamd wrote it.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { freshWorkspace } from '../../prove/env.js';
import { parseMainCf } from '../../../src/postfix/main-cf.js';
import { parseMasterCf } from '../../../src/postfix/master-cf.js';
import { contentFilterStage, chooseSpamd } from '../../../src/sandbox/filter/stage.js';
import { filterWiring } from '../../../src/sandbox/filter/wiring.js';
import type { MessageIn, StageContext } from '../../../src/sandbox/pipeline.js';
import type { Workspace } from '../../../src/workspace/workspace.js';
import { CORPUS, REPORT_HOST, expectedPath } from './corpus.js';
import { freePort } from './spamd.js';

const SMTP_LINE = /^(smtp\s+inet\s.*smtpd)$/m;
const SERVICE =
  'spamassassin unix -     n       n       -       -       pipe\n  user=spamd argv=/usr/bin/spamc -f -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}\n';
const TUTORIAL = 'required_score 5.0\nrewrite_header Subject ***SPAM***\nuse_bayes 1\nbayes_auto_learn 1\nreport_safe 0\n';

interface Setup {
  ws: Workspace;
  ctx: StageContext;
  logs: string[];
  events: Record<string, unknown>[];
}

function setup(
  o: { contentFilter?: boolean; service?: string | false; localCf?: string; mainExtra?: string; spamcConf?: string } = {},
): Setup {
  const ws = freshWorkspace('aula.test');
  let master = readFileSync(ws.resolve('etc/postfix/master.cf'), 'utf8');
  if (o.contentFilter !== false) master = master.replace(SMTP_LINE, '$1\n  -o content_filter=spamassassin');
  if (o.service !== false) master += o.service ?? SERVICE;
  writeFileSync(ws.resolve('etc/postfix/master.cf'), master);
  writeFileSync(ws.resolve('etc/spamassassin/local.cf'), o.localCf ?? TUTORIAL);
  if (o.spamcConf) writeFileSync(ws.resolve('etc/spamassassin/spamc.conf'), o.spamcConf);
  const main = readFileSync(ws.resolve('etc/postfix/main.cf'), 'utf8') + (o.mainExtra ?? '');
  const logs: string[] = [];
  const events: Record<string, unknown>[] = [];
  const ctx: StageContext = {
    ws,
    cfg: parseMainCf(main),
    master: parseMasterCf(master),
    hostname: REPORT_HOST,
    resolver: async () => {
      throw Object.assign(new Error('no DNS here'), { code: 'ENOTFOUND' });
    },
    log: (l) => logs.push(l),
    event: (e) => events.push(e as Record<string, unknown>),
  };
  return { ws, ctx, logs, events };
}

const corpus = (name: string) => readFileSync(`${CORPUS}/${name}.eml`, 'latin1');

function message(raw: string, o: { listener?: MessageIn['session']['listener']; crlf?: boolean } = {}): MessageIn {
  const text = o.crlf === false ? raw : raw.replace(/\r?\n/g, '\r\n');
  return {
    session: { id: 'sess1', listener: o.listener ?? 'smtp', client: { addr: '127.0.0.1', name: 'localhost' } },
    envelope: { mailFrom: 'alumno@alexdns.local', rcptTo: ['alumno@alexdns.local'] },
    queueId: 'D6EAE2125AE',
    raw: Buffer.from(text, 'latin1'),
  };
}

const saved = process.env.MAILSEC_SPAMD;
afterEach(() => {
  if (saved === undefined) delete process.env.MAILSEC_SPAMD;
  else process.env.MAILSEC_SPAMD = saved;
});

test('not wired: no stage, nothing logged', () => {
  const s = setup({ contentFilter: false, service: false });
  assert.equal(contentFilterStage(s.ctx), undefined);
  assert.deepEqual(s.logs, []);
  assert.equal(s.events[0].state, 'off');
});

test('only the spamassassin service: no stage, and the log says content_filter is missing', () => {
  const s = setup({ contentFilter: false });
  assert.equal(contentFilterStage(s.ctx), undefined);
  assert.match(
    s.logs.join('\n'),
    /mailsec\/filter: warning: master\.cf line \d+ defines the spamassassin service, but no smtpd service sets content_filter = spamassassin/,
  );
});

test('only content_filter: the mail goes on unfiltered, with the warning a real Postfix gives', async () => {
  delete process.env.MAILSEC_SPAMD;
  const s = setup({ service: false });
  const stage = contentFilterStage(s.ctx);
  assert.ok(stage);
  const out = await stage.run(message(corpus('gtube-local')), s.ctx);
  assert.equal(out.action, 'continue');
  assert.equal('raw' in out ? out.raw : undefined, undefined);
  assert.ok(
    s.logs.includes('postfix/qmgr[0]: warning: connect to transport private/spamassassin: No such file or directory'),
    s.logs.join('\n'),
  );
  assert.equal(s.events.find((e) => e.type === 'spam')?.skipped, 'filter.noService');
});

test('wired: GTUBE comes back marked up exactly as spamd marks it, with CRLF kept', async () => {
  delete process.env.MAILSEC_SPAMD;
  const s = setup();
  const stage = contentFilterStage(s.ctx)!;
  const out = await stage.run(message(corpus('gtube-local')), s.ctx);
  assert.equal(out.action, 'continue');
  const raw = ('raw' in out && out.raw ? out.raw : Buffer.alloc(0)).toString('latin1');
  assert.equal(raw, readFileSync(expectedPath('tutorial', 'gtube-local'), 'latin1').replace(/\n/g, '\r\n'));
  assert.match(raw, /^X-Spam-Checker-Version: SpamAssassin 4\.0\.1 \(2024-03-25\) on mail\.alexdns\.local\r\nX-Spam-Flag: YES\r\n/);
  const spamd = s.logs.filter((l) => l.startsWith('spamd[0]: '));
  // spamc hands spamd the message as Postfix's pipe gives it: "\n" line endings, 444 bytes
  assert.match(spamd[2], /^spamd\[0\]: spamd: identified spam \(999\.0\/5\.0\) for spamd:1000 in \d+\.\d seconds, 444 bytes\.$/);
  assert.match(
    spamd[3],
    /^spamd\[0\]: spamd: result: Y 999 - ALL_TRUSTED,GTUBE scantime=\d+\.\d,size=444,user=spamd,uid=1000,required_score=5\.0,rhost=localhost,raddr=127\.0\.0\.1,rport=\d+,mid=<20251128044000\.012345@vm>,autolearn=no autolearn_force=no$/,
  );
  assert.match(
    s.logs.join('\n'),
    /postfix\/pipe\[0\]: D6EAE2125AE: to=<alumno@alexdns\.local>, relay=spamassassin, delay=[\d.]+, delays=[\d./]+, dsn=2\.0\.0, status=sent \(delivered via spamassassin service\)/,
  );
  const ev = s.events.find((e) => e.type === 'spam')!;
  assert.deepEqual(
    [ev.engine, ev.isSpam, ev.score, ev.tests, ev.subject],
    ['embedded', true, 999, ['ALL_TRUSTED', 'GTUBE'], '***SPAM*** Spam Test'],
  );
  assert.equal(out.notes?.[0]?.result, 'spam');
});

test('a clean mail is logged as clean and keeps its subject', async () => {
  delete process.env.MAILSEC_SPAMD;
  const s = setup();
  const out = await contentFilterStage(s.ctx)!.run(message(corpus('ham-local'), { crlf: false }), s.ctx);
  const raw = ('raw' in out && out.raw ? out.raw : Buffer.alloc(0)).toString('latin1');
  assert.equal(raw, readFileSync(expectedPath('tutorial', 'ham-local'), 'latin1'));
  assert.match(s.logs.join('\n'), /spamd: clean message \(-1\.0\/5\.0\) for spamd:1000/);
  assert.match(s.logs.join('\n'), /spamd: result: \. -1 - ALL_TRUSTED /);
});

test('only the listeners whose service has content_filter are filtered', async () => {
  delete process.env.MAILSEC_SPAMD;
  const s = setup();
  const stage = contentFilterStage(s.ctx)!;
  const out = await stage.run(message(corpus('gtube-local'), { listener: 'submission' }), s.ctx);
  assert.deepEqual(out, { action: 'continue' });
  const outside = await stage.run(message(corpus('gtube-outside'), { listener: 'outside' }), s.ctx);
  assert.ok('raw' in outside && outside.raw && /X-Spam-Status: Yes, score=1008\.4/.test(outside.raw.toString()));
});

test("a mail over spamc's -s limit passes unscanned, as spamc does", async () => {
  delete process.env.MAILSEC_SPAMD;
  const s = setup({ service: SERVICE.replace('spamc -f', 'spamc -s 200 -f') });
  const out = await contentFilterStage(s.ctx)!.run(message(corpus('gtube-local')), s.ctx);
  assert.equal(out.action, 'continue');
  assert.equal('raw' in out ? out.raw : undefined, undefined);
  assert.ok(s.logs.includes('spamc[0]: skipped message, greater than max message size (200 bytes)'), s.logs.join('\n'));
});

test('an unreachable spamd: spamc passes the mail on unchanged and logs why', async () => {
  process.env.MAILSEC_SPAMD = `127.0.0.1:${await freePort()}`;
  const s = setup();
  const out = await contentFilterStage(s.ctx)!.run(message(corpus('gtube-local')), s.ctx);
  assert.equal(out.action, 'continue');
  assert.equal('raw' in out ? out.raw : undefined, undefined);
  assert.match(s.logs.join('\n'), /spamc\[0\]: connect to spamd on 127\.0\.0\.1 failed, retrying \(#1 of 3\): Connection refused/);
  assert.ok(s.events.some((e) => e.type === 'spam' && typeof e.error === 'string'));
});

test('a spamd that is not on loopback is never asked: the embedded scorer answers', async () => {
  process.env.MAILSEC_SPAMD = '192.0.2.1:783';
  const s = setup();
  const out = await contentFilterStage(s.ctx)!.run(message(corpus('gtube-local')), s.ctx);
  assert.ok('raw' in out && out.raw && /X-Spam-Flag: YES/.test(out.raw.toString()));
  assert.match(s.logs.join('\n'), /spamd at 192\.0\.2\.1 is not on this machine/);
});

test('which spamd: MAILSEC_SPAMD first, then spamc -d/-p from master.cf or spamc.conf, else the embedded scorer', () => {
  const s = setup({ spamcConf: '# spamc.conf\n-d 127.0.0.1\n-p 7830\n' });
  const w = filterWiring(s.ctx.cfg, s.ctx.master);
  assert.deepEqual(chooseSpamd(filterWiring(s.ctx.cfg, s.ctx.master), {}), { addr: undefined });
  const withConf = filterWiring(s.ctx.cfg, s.ctx.master, '-d 127.0.0.1\n-p 7830\n');
  assert.deepEqual(chooseSpamd(withConf, {}).addr, { host: '127.0.0.1', port: 7830 });
  assert.deepEqual(chooseSpamd(w, { MAILSEC_SPAMD: '127.0.0.1:7831' }).addr, { host: '127.0.0.1', port: 7831 });
  assert.deepEqual(chooseSpamd(withConf, { MAILSEC_SPAMD: 'embedded' }), {});
  assert.match(chooseSpamd(w, { MAILSEC_SPAMD: 'nonsense' }).warning ?? '', /not host:port/);
});

test('content_filter in main.cf: filtered, with a warning about the loop it makes on a real Postfix', async () => {
  delete process.env.MAILSEC_SPAMD;
  const s = setup({ contentFilter: false, mainExtra: '\ncontent_filter = spamassassin\n' });
  const stage = contentFilterStage(s.ctx)!;
  assert.match(s.logs.join('\n'), /content_filter is set in main\.cf.*loops/);
  const out = await stage.run(message(corpus('gtube-local'), { listener: 'submission' }), s.ctx);
  assert.ok('raw' in out && out.raw && /X-Spam-Flag: YES/.test(out.raw.toString()));
});

test('local.cf lines SpamAssassin refuses are logged as spamd logs them', () => {
  const s = setup({ localCf: TUTORIAL + 'report_safe 3\nrequired_score = 5\n' });
  contentFilterStage(s.ctx);
  const log = s.logs.join('\n');
  assert.match(log, /spamd\[0\]: config: invalid 'report_safe' value in \/etc\/spamassassin\/local\.cf \(line 6\): report_safe 3/);
  assert.match(log, /spamd\[0\]: config: invalid 'required_score' value in \/etc\/spamassassin\/local\.cf \(line 7\): required_score = 5/);
});

test('half-wired variants each name their missing part', () => {
  const main = parseMainCf('');
  const master = (svc: string) => `smtp inet n - y - - smtpd\n  -o content_filter=spamassassin\n${svc}`;
  const key = (svc: string) => filterWiring(main, master(svc)).problems[0]?.key;
  assert.equal(key('spamassassin unix - n n - - smtpd\n'), 'filter.notPipe');
  assert.equal(
    key('spamassassin unix - n n - - pipe argv=/usr/bin/spamc -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}\n'),
    'filter.pipeNoUser',
  );
  assert.equal(key('spamassassin unix - n n - - pipe user=spamd argv=/usr/bin/cat\n'), 'filter.notSpamc');
  assert.equal(key('spamassassin unix - n n - - pipe user=spamd argv=/usr/bin/spamc -f\n'), 'filter.noSendmail');
  assert.equal(
    key('spamassassin unix - n n - - pipe user=spamd argv=/usr/bin/spamc -e /usr/sbin/sendmail -oi -f ${sender}\n'),
    'filter.noRecipient',
  );
  assert.equal(filterWiring(main, master(SERVICE)).state, 'wired');
  // the tutorial's one-line form works too
  assert.equal(
    filterWiring(
      main,
      master('spamassassin unix - n n - - pipe user=spamd argv=/usr/bin/spamc -f -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}\n'),
    ).state,
    'wired',
  );
});

test('hostile messages go through the stage without throwing', async () => {
  delete process.env.MAILSEC_SPAMD;
  const s = setup();
  const stage = contentFilterStage(s.ctx)!;
  for (const raw of [
    '',
    '\r\n\r\n',
    'X'.repeat(100_000),
    'Subject: =?utf-8?B?////?=\r\n\r\n\xff\xfe',
    'Content-Type: multipart/mixed; boundary=""\r\n\r\n--\r\n--\r\n',
  ]) {
    const out = await stage.run(message(raw, { crlf: false }), s.ctx);
    assert.equal(out.action, 'continue');
  }
});

test('spamd addresses: host:port, [v6]:port or a port; nothing outside 1-65535', async () => {
  const { parseSpamdAddress } = await import('../../../src/sandbox/filter/spamc.js');
  assert.deepEqual(parseSpamdAddress('127.0.0.1:783'), { host: '127.0.0.1', port: 783 });
  assert.deepEqual(parseSpamdAddress('[::1]:783'), { host: '::1', port: 783 });
  assert.deepEqual(parseSpamdAddress('7830'), { host: '127.0.0.1', port: 7830 });
  for (const bad of ['127.0.0.1:0', '127.0.0.1:99999', 'localhost', '', 'a:b:c']) assert.equal(parseSpamdAddress(bad), undefined, bad);
});

test('behind postscreen (lesson 14) port 25 is filtered by the content_filter below "smtpd pass", not by what sits on postscreen’s line', () => {
  const main = parseMainCf('');
  const smtpd = 'smtp inet n - y - - smtpd\n  -o content_filter=spamassassin\n';
  const screened = (pass: string) => `#smtp inet n - y - - smtpd\nsmtp inet n - y - 1 postscreen\n${pass}dnsblog unix - - y - 0 dnsblog\n${SERVICE}`;
  assert.equal(filterWiring(main, smtpd + SERVICE).transports.smtp, 'spamassassin');
  const moved = filterWiring(main, screened('smtpd pass - - y - - smtpd\n  -o content_filter=spamassassin\n'));
  assert.equal(moved.transports.smtp, 'spamassassin');
  assert.equal(moved.transports.outside, 'spamassassin');
  assert.equal(moved.state, 'wired');
  assert.match(moved.origin.smtp ?? '', /smtpd -o content_filter=spamassassin/);
  // left on postscreen's line, it configures postscreen only: port 25's mail is not filtered
  const left = filterWiring(main, screened('smtpd pass - - y - - smtpd\n').replace('postscreen\n', 'postscreen\n  -o content_filter=spamassassin\n'));
  assert.equal(left.transports.smtp, '');
  assert.equal(left.transports.submission, '');
  // of two active lines for port 25, the last one listens
  const both = filterWiring(main, `${smtpd}smtp inet n - y - 1 postscreen\nsmtpd pass - - y - - smtpd\n${SERVICE}`);
  assert.equal(both.transports.smtp, '');
});
