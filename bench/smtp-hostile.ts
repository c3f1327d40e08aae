// The sandbox's memory under many connections and after hostile sessions, beside Postfix's
// smtp-sink on the same load in the same run: resident memory at rest, with 500 connections
// open at once (and how many got their banner), and after 25,000 hostile sessions (random
// bytes, NUL bytes, a 100 kB line, pipelined junk, a reset in the middle of DATA).
// BENCH_HOSTILE_SESSIONS sets another number of sessions. Prints figures only.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { freePort, has, mb, procStatus, sleep, startSandbox } from './_sandbox.js';

const HOLD = 500;
const SESSIONS = Number(process.env.BENCH_HOSTILE_SESSIONS ?? 25_000);

/** Opens `n` connections at once and keeps them; resolves with how many saw a banner within 3 s. */
async function holdOpen(port: number, n: number): Promise<{ banners: number; close: () => void }> {
  const socks: net.Socket[] = [];
  let banners = 0;
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<void>((resolve) => {
          const s = net.connect(port, '127.0.0.1');
          socks.push(s);
          const t = setTimeout(resolve, 3000);
          s.once('data', (d) => {
            if (d.toString().startsWith('220')) banners++;
            clearTimeout(t);
            resolve();
          });
          s.on('error', () => {
            clearTimeout(t);
            resolve();
          });
        }),
    ),
  );
  return { banners, close: () => socks.forEach((s) => s.destroy()) };
}

const HOSTILE: ((s: net.Socket) => void)[] = [
  (s) => s.end(randomBytes(4096)),
  (s) => s.end(Buffer.concat([Buffer.from('EHLO x\r\n'), Buffer.alloc(2048, 0), Buffer.from('\r\nQUIT\r\n')])),
  (s) => s.end('A'.repeat(100_000)),
  (s) => s.end('NOOP\r\n'.repeat(200) + 'QUIT\r\n'),
  (s) => {
    s.write('EHLO x\r\nMAIL FROM:<a@example.net>\r\nRCPT TO:<alumno@aula.test>\r\nDATA\r\n');
    setTimeout(() => {
      s.write('Subject: x\r\n\r\n' + 'y'.repeat(20_000));
      s.resetAndDestroy();
    }, 20);
  },
  (s) => s.resetAndDestroy(),
];

/** `total` hostile sessions, `concurrency` at a time; resolves with the sessions per second. */
async function hostile(port: number, total: number, concurrency: number): Promise<number> {
  let left = total;
  const t0 = performance.now();
  const worker = async () => {
    while (left-- > 0) {
      const kind = left % HOSTILE.length;
      await new Promise<void>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => HOSTILE[kind]!(s));
        s.on('data', () => undefined);
        s.on('error', () => undefined);
        s.on('close', () => resolve());
        s.setTimeout(10_000, () => s.destroy());
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (total / (performance.now() - t0)) * 1000;
}

async function main(): Promise<void> {
  const sb = await startSandbox(['myhostname = mail.aula.test', 'mynetworks = 127.0.0.0/8']);
  let sink: ChildProcess | undefined;
  let sinkPort = 0;
  if (has('smtp-sink')) {
    sinkPort = await freePort();
    // -c: smtp-sink's backlog; 1000 so that it holds 500 connections
    sink = spawn('smtp-sink', [...(process.getuid?.() === 0 ? ['-u', 'nobody'] : []), `127.0.0.1:${sinkPort}`, '1000'], {
      stdio: 'ignore',
    });
    await sleep(300);
  }
  const rows: [string, string, string][] = [];
  const row = (what: string, a: string, b: string) => rows.push([what, a, b]);
  const rss = (p?: ChildProcess) => (p?.pid ? procStatus(p.pid).rss : 0);
  row('resident just started', mb(rss(sb.proc)), sink ? mb(rss(sink)) : '(not installed)');
  // at rest: past the sandbox's collections when it falls idle (src/sandbox/idle-gc.ts)
  await sleep(6000);
  row('resident at rest (6 s after start)', mb(rss(sb.proc)), sink ? mb(rss(sink)) : '');

  const held = await holdOpen(sb.ports.smtp, HOLD);
  const heldSink = sink ? await holdOpen(sinkPort, HOLD) : undefined;
  row(`banners with ${HOLD} connections open`, String(held.banners), heldSink ? String(heldSink.banners) : '');
  row(`resident with ${HOLD} connections open`, mb(rss(sb.proc)), sink ? mb(rss(sink)) : '');
  held.close();
  heldSink?.close();
  await sleep(1000);

  const rate = await hostile(sb.ports.smtp, SESSIONS, 50);
  const sinkRate = sink ? await hostile(sinkPort, SESSIONS, 50) : 0;
  row(`hostile sessions per second (${SESSIONS})`, rate.toFixed(0), sink ? sinkRate.toFixed(0) : '');
  row('resident after them', mb(rss(sb.proc)), sink ? mb(rss(sink)) : '');
  await sleep(7000);
  row('resident 7 s later', mb(rss(sb.proc)), sink ? mb(rss(sink)) : '');
  row('peak resident (VmHWM)', mb(procStatus(sb.proc.pid!).hwm), sink ? mb(procStatus(sink.pid!).hwm) : '');

  console.log(`${''.padEnd(44)} ${'sandbox'.padStart(10)} ${'smtp-sink'.padStart(16)}`);
  for (const [w, a, b] of rows) console.log(`${w.padEnd(44)} ${a.padStart(10)} ${b.padStart(16)}`);
  sink?.kill('SIGTERM');
  await sb.stop();
}

await main();
