// The content filter: messages per second through the embedded scorer (score + markup),
// through the pipeline stage as the sandbox calls it, through the whole sandbox (SMTP in,
// filter, Maildir delivery), and the same through Debian's spamd over SPAMC when it is
// installed. Prints figures; asserts nothing.
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { initWorkspace } from '../src/workspace/workspace.ts';
import { parseMainCf } from '../src/sandbox/config/maincf.ts';
import { parseMasterCf } from '../src/sandbox/config/mastercf.ts';
import { parseLocalCf } from '../src/sandbox/filter/localcf.ts';
import { scoreMessage } from '../src/sandbox/filter/scorer.ts';
import { markup } from '../src/sandbox/filter/markup.ts';
import { contentFilterStage } from '../src/sandbox/filter/stage.ts';
import { spamc } from '../src/sandbox/filter/spamc.ts';
import { startSandbox } from '../src/sandbox/start.ts';
import { messages } from '../test/sandbox/filter/corpus.ts';
import { startSpamd, spamdInstalled } from '../test/sandbox/filter/spamd.ts';

const TUTORIAL = 'required_score 5.0\nrewrite_header Subject ***SPAM***\nuse_bayes 1\nbayes_auto_learn 1\nreport_safe 0\n';
const corpus = messages().map((m) => m.raw);
const conf = parseLocalCf(TUTORIAL).conf;

/** Runs `fn` (sync or async) repeatedly for `ms` after a warm-up; returns calls per second. */
async function rate(ms, fn, concurrency = 1) {
  for (let i = 0; i < 20; i++) await fn(i);
  let n = 0;
  const end = performance.now() + ms;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) await fn(n++);
    }),
  );
  return (n / (performance.now() - t0)) * 1000;
}
const line = (what, perSec) =>
  console.log(`${what.padEnd(58)} ${perSec.toFixed(0).padStart(7)} msg/s  (${(1000 / perSec).toFixed(2)} ms/msg)`);

line('embedded scorer: score only', await rate(2000, (i) => scoreMessage(corpus[i % corpus.length], conf)));
line(
  'embedded scorer: score + X-Spam markup',
  await rate(2000, (i) => markup(scoreMessage(corpus[i % corpus.length], conf), conf, { hostname: 'mail.bench.test' })),
);

const dir = mkdtempSync(join(tmpdir(), 'mailsec-bench-filter-'));
const ws = initWorkspace(join(dir, 'ws'), { domain: 'bench.test' }).workspace;
const masterFile = ws.resolve('etc/postfix/master.cf');
const master =
  readFileSync(masterFile, 'utf8').replace(/^(smtp\s+inet\s.*smtpd)$/m, '$1\n  -o content_filter=spamassassin') +
  'spamassassin unix -     n       n       -       -       pipe\n  user=spamd argv=/usr/bin/spamc -f -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}\n';
writeFileSync(masterFile, master);
writeFileSync(ws.resolve('etc/spamassassin/local.cf'), TUTORIAL);
const ctx = {
  ws,
  cfg: parseMainCf(readFileSync(ws.resolve('etc/postfix/main.cf'), 'utf8')),
  master: parseMasterCf(master),
  hostname: 'mail.bench.test',
  resolver: async () => [],
  log: () => {},
  event: () => {},
};
const stage = contentFilterStage(ctx);
const inMsg = (raw) => ({
  session: { id: 'b', listener: 'smtp', client: { addr: '127.0.0.1', name: 'localhost' } },
  envelope: { mailFrom: 'alumno@bench.test', rcptTo: ['alumno@bench.test'] },
  queueId: 'B0B0B0B0B0',
  raw: Buffer.from(raw.replace(/\n/g, '\r\n'), 'latin1'),
});
const inputs = corpus.map(inMsg);
delete process.env.MAILSEC_SPAMD;
line('pipeline stage, embedded scorer', await rate(2000, (i) => stage.run(inputs[i % inputs.length], ctx)));

/** The whole sandbox: one SMTP connection per mail, filtered, delivered to a Maildir. */
async function throughSandbox(label) {
  const sb = await startSandbox({ ws, ports: { smtp: 0, submission: 0, smtps: 0, outside: 0, dns: 0 } });
  const tx = nodemailer.createTransport({
    host: '127.0.0.1',
    port: sb.ports.smtp,
    secure: false,
    ignoreTLS: true,
    tls: { rejectUnauthorized: false },
  });
  try {
    line(
      label,
      await rate(3000, (i) =>
        tx.sendMail({ envelope: { from: 'alumno@bench.test', to: ['alumno@bench.test'] }, raw: corpus[i % corpus.length] }),
      ),
    );
  } finally {
    tx.close();
    await sb.close();
  }
}
await throughSandbox('whole sandbox (SMTP + filter + delivery), embedded');

if (!spamdInstalled()) {
  console.log('spamd is not installed: the SPAMC figures are skipped (Debian: apt-get install spamassassin spamc)');
} else {
  const d = await startSpamd(TUTORIAL, { children: 4 });
  try {
    const buf = corpus.map((m) => Buffer.from(m, 'latin1'));
    line('Debian spamd over SPAMC, 1 at a time', await rate(5000, (i) => spamc(d, 'PROCESS', buf[i % buf.length], { user: 'spamd' })));
    line(
      'Debian spamd over SPAMC, 4 at a time (4 children)',
      await rate(5000, (i) => spamc(d, 'PROCESS', buf[i % buf.length], { user: 'spamd' }), 4),
    );
    process.env.MAILSEC_SPAMD = `${d.host}:${d.port}`;
    line('pipeline stage, Debian spamd', await rate(5000, (i) => stage.run(inputs[i % inputs.length], ctx)));
    await throughSandbox('whole sandbox (SMTP + filter + delivery), Debian spamd');
  } finally {
    delete process.env.MAILSEC_SPAMD;
    await d.stop();
  }
}
rmSync(dir, { recursive: true, force: true });
