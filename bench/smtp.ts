// Messages per second into the sandbox over loopback, beside Postfix's smtp-sink on the same
// load in the same run, and the sandbox's memory at rest and under load. Prints figures only.
//
// The sandbox runs as `mailsec sandbox start` (the built dist/cli.js) in its own process;
// every accepted message is written and fsynced into a Maildir before the 250.
// Load: Postfix's smtp-source when installed (apt package postfix; its daemon is never
// started), else a built-in client; STARTTLS runs always use the built-in client (smtp-source
// and smtp-sink do not speak TLS).
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { join } from 'node:path';
import { benchCert, cpuMs, freePort, has, mb, procStatus, sleep, startSandbox } from './_sandbox.js';

/** One SMTP client session doing `count` messages; resolves when done. */
function clientSession(port: number, count: number, opts: { starttls: boolean; body: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    let sock: net.Socket | tls.TLSSocket = net.connect(port, '127.0.0.1');
    let buf = '';
    let sent = 0;
    let step = 0;
    let afterBody = false;
    const script: string[] = [];
    const plan = () => {
      script.length = 0;
      script.push('EHLO bench.test');
      if (opts.starttls) script.push('STARTTLS', 'EHLO bench.test');
      for (let i = 0; i < count; i++) script.push('MAIL FROM:<bench@example.net>', 'RCPT TO:<alumno@aula.test>', 'DATA', opts.body);
      script.push('QUIT');
    };
    plan();
    const onData = (d: Buffer) => {
      buf += d.toString('latin1');
      for (;;) {
        const m = /^(?:\d{3}-[^\n]*\n)*(\d{3})[^\n]*\n/.exec(buf);
        if (!m) return;
        buf = buf.slice(m[0].length);
        const code = Number(m[1]);
        if (code >= 400) {
          sock.destroy();
          return reject(new Error(`unexpected reply: ${m[0].trim()}`));
        }
        if (afterBody) {
          afterBody = false;
          if (code === 250) sent++;
        }
        if (code === 221) {
          // Bye: close our side at once (a TLS client would otherwise wait for the server's timeout)
          sock.end();
          return;
        }
        const line = script[step++];
        if (line === undefined) return;
        if (line.startsWith('Subject:')) afterBody = true;
        sock.write(line + (line.startsWith('Subject:') ? '\r\n.\r\n' : '\r\n'));
        if (line === 'STARTTLS') {
          sock.removeListener('data', onData);
          sock.once('data', (r: Buffer) => {
            if (!r.toString().startsWith('220')) return reject(new Error(`STARTTLS: ${r}`));
            const t = tls.connect({ socket: sock as net.Socket, rejectUnauthorized: false }, () => {
              sock = t;
              t.on('data', onData);
              t.on('close', () => resolve(sent));
              const next = script[step++];
              t.write(next + '\r\n');
            });
            t.on('error', reject);
          });
        }
      }
    };
    sock.on('data', onData);
    sock.on('error', reject);
    sock.on('close', () => resolve(sent));
  });
}

async function builtInLoad(port: number, total: number, perConn: number, concurrency: number, starttls: boolean): Promise<number> {
  const body = 'Subject: bench\r\nFrom: bench@example.net\r\n\r\n' + 'x'.repeat(72).concat('\r\n').repeat(12).trimEnd();
  let left = Math.ceil(total / perConn);
  let done = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (left > 0) {
      left--;
      // (not "done += await ...": that reads done before the await and loses the other workers' counts)
      const n = await clientSession(port, perConn, { starttls, body });
      done += n;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const secs = (performance.now() - t0) / 1000;
  return done / secs;
}

function smtpSource(port: number, total: number, perConn: boolean, concurrency: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = [
      ...(perConn ? ['-d'] : []),
      '-s',
      String(concurrency),
      '-m',
      String(total),
      '-l',
      '1000',
      '-f',
      'bench@example.net',
      '-t',
      'alumno@aula.test',
      `127.0.0.1:${port}`,
    ];
    const t0 = performance.now();
    const p = spawn('smtp-source', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(total / ((performance.now() - t0) / 1000)) : reject(new Error(`smtp-source: ${err}`))));
  });
}

/** Median time from connect() to the 220 banner. */
async function bannerLatency(port: number, n = 200): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('data', () => {
        times.push(performance.now() - t0);
        s.end('QUIT\r\n');
      });
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

interface Load {
  name: string;
  total: number;
  perConn: number;
  concurrency: number;
  starttls: boolean;
}

const LOADS: Load[] = [
  { name: 'one connection per message', total: 2000, perConn: 1, concurrency: 20, starttls: false },
  { name: '100 messages per connection', total: 5000, perConn: 100, concurrency: 10, starttls: false },
  { name: 'STARTTLS, one connection per message', total: 500, perConn: 1, concurrency: 20, starttls: true },
  { name: 'STARTTLS, 100 messages per connection', total: 2000, perConn: 100, concurrency: 10, starttls: true },
];

async function runLoad(port: number, l: Load, useSource: boolean): Promise<number> {
  if (useSource && !l.starttls) return smtpSource(port, l.total, l.perConn > 1, l.concurrency);
  return builtInLoad(port, l.total, l.perConn, l.concurrency, l.starttls);
}

async function main(): Promise<void> {
  const useSource = has('smtp-source');
  const tlsReady = has('openssl');
  const sb = await startSandbox(
    [
      'myhostname = mail.aula.test',
      'mynetworks = 127.0.0.0/8',
      'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
      ...(tlsReady ? ['smtpd_tls_security_level = may'] : []),
    ],
    (dir) => {
      if (tlsReady) appendFileSync(join(dir, 'etc/postfix/main.cf'), ['', ...benchCert(dir, 'bench'), ''].join('\n'));
    },
  );
  const { dir, ports } = sb;
  const pid = sb.proc.pid!;
  const atRest = procStatus(pid).rss;

  let sink: ChildProcess | undefined;
  let sinkPort = 0;
  if (has('smtp-sink')) {
    sinkPort = await freePort();
    // smtp-sink refuses to run as root without -u
    sink = spawn('smtp-sink', [...(process.getuid?.() === 0 ? ['-u', 'nobody'] : []), `127.0.0.1:${sinkPort}`, '256'], { stdio: 'ignore' });
    await sleep(300);
  }

  console.log(
    `load: ${useSource ? 'smtp-source (Postfix)' : 'built-in client (smtp-source not installed)'}; STARTTLS loads: built-in client${tlsReady ? '' : ' (skipped: no openssl)'}`,
  );
  // A warm-up, not counted: the sandbox is a JavaScript process, and its first thousand
  // messages also pay for compiling the code they run (about twice the steady CPU per message).
  // BENCH_SMTP_WARMUP=0 measures it cold.
  const warm = Number(process.env.BENCH_SMTP_WARMUP ?? 1000);
  if (warm > 0) {
    const cpu0 = cpuMs(pid);
    const t0 = performance.now();
    await runLoad(ports.smtp, { name: 'warm-up', total: warm, perConn: 1, concurrency: 20, starttls: false }, useSource);
    await runLoad(ports.smtp, { name: 'warm-up', total: warm, perConn: 100, concurrency: 10, starttls: false }, useSource);
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `warm-up (not counted): ${2 * warm} messages, ${((2 * warm) / secs).toFixed(0)} msg/s, ${((cpuMs(pid) - cpu0) / (2 * warm)).toFixed(2)} CPU ms/msg`,
    );
  }
  console.log(
    `${'load'.padEnd(40)} ${'sandbox msg/s'.padStart(14)} ${'CPU ms/msg'.padStart(11)} ${'smtp-sink msg/s'.padStart(16)} ${'sandbox/sink'.padStart(13)}`,
  );
  const only = process.argv.slice(2).join(' ').toLowerCase();
  for (const l of LOADS) {
    if (l.starttls && !tlsReady) continue;
    // a load's whole name picks that load alone, a part of names every load that has it
    const exact = LOADS.some((x) => x.name.toLowerCase() === only);
    if (only && (exact ? l.name.toLowerCase() !== only : !l.name.toLowerCase().includes(only))) continue;
    const cpu0 = cpuMs(pid);
    const rate = await runLoad(ports.smtp, l, useSource);
    const cpuPer = (cpuMs(pid) - cpu0) / l.total;
    let sinkRate = '';
    let ratio = '';
    if (sink && !l.starttls) {
      const r = await runLoad(sinkPort, l, useSource);
      sinkRate = r.toFixed(0);
      ratio = `${(rate / r).toFixed(2)}x`;
    } else if (l.starttls) sinkRate = '(no TLS)';
    else sinkRate = '(not installed)';
    console.log(
      `${l.name.padEnd(40)} ${rate.toFixed(0).padStart(14)} ${cpuPer.toFixed(2).padStart(11)} ${sinkRate.padStart(16)} ${ratio.padStart(13)}`,
    );
  }
  console.log(`banner after ${(await bannerLatency(ports.smtp)).toFixed(2)} ms (median of 200 connections)`);
  const st = procStatus(pid);
  const delivered = readdirSync(join(dir, 'var/mail/alumno/Maildir/new')).length;
  console.log(
    `sandbox memory: ${mb(atRest)} resident just started, ${mb(st.hwm)} peak under load (VmHWM); ${delivered} messages fsynced into the Maildir`,
  );
  sink?.kill('SIGTERM');
  await sb.stop();
}

await main();
