// The embedded DNS: queries per second over UDP (server in its own process, one client
// socket keeping a window of queries in flight), the answer function alone, and the time
// from a zone file save to the new answer being served. Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dnsPacket from 'dns-packet';
import { initWorkspace } from '../src/workspace/workspace.ts';
import { loadZones } from '../src/sandbox/dns/zones.ts';
import { ZoneSet, respond } from '../src/sandbox/dns/answer.ts';
import { startDns } from '../src/sandbox/dns/server.ts';
import { stats, fmt } from './_util.mjs';

const DOMAIN = 'bench.test';
const dir = mkdtempSync(join(tmpdir(), 'mailsec-bench-dns-'));
const ws = initWorkspace(join(dir, 'ws'), { domain: DOMAIN }).workspace;

const query = (id, name, type) => dnsPacket.encode({ type: 'query', id, flags: 0, questions: [{ name, type, class: 'IN' }] });
const MIX = [
  [`mail.${DOMAIN}`, 'A'],
  [DOMAIN, 'MX'],
  ['2.0.0.127.zen.spamhaus.org', 'A'],
  ['2.0.0.127.zen.spamhaus.org', 'TXT'],
  [`nope.${DOMAIN}`, 'A'],
  ['3.0.0.127.bl.spamcop.net', 'A'],
];

function server(queryLog) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'bench/_dns-server.mjs', ws.root, queryLog], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    p.stdout.once('data', (d) => resolve({ port: Number(String(d).trim()), stop: () => p.stdin.end() }));
    p.on('error', reject);
  });
}

/** Answers per second with `window` queries in flight on one socket, for `ms`. */
async function load(port, ms, window = 64) {
  const s = createSocket('udp4');
  await new Promise((r) => s.bind(0, '127.0.0.1', r));
  const packets = Array.from({ length: 4096 }, (_, i) => query(i, ...MIX[i % MIX.length]));
  let sent = 0;
  let got = 0;
  const send = () => s.send(packets[sent++ % packets.length], port, '127.0.0.1');
  const end = Date.now() + ms;
  await new Promise((resolve) => {
    s.on('message', () => {
      got++;
      if (Date.now() < end) send();
    });
    for (let i = 0; i < window; i++) send();
    // a lost datagram would shrink the window for good: top it up when it runs low
    const t = setInterval(() => {
      if (Date.now() >= end) {
        clearInterval(t);
        setTimeout(resolve, 300); // the last answers in flight
      } else if (sent - got < window / 2) for (let i = 0; i < window / 2; i++) send();
    }, 20);
  });
  const answered = got;
  s.close();
  return { qps: answered / (ms / 1000), lost: Math.max(0, sent - answered) };
}

for (const ql of ['on', 'off']) {
  const srv = await server(ql);
  await load(srv.port, 500); // warm-up
  const r = await load(srv.port, 3000);
  console.log(
    `UDP, query log ${ql.padEnd(3)}: ${Math.round(r.qps).toLocaleString('en')} answers/s (mix of A, MX, TXT, NXDOMAIN; 64 in flight; ${r.lost} unanswered)`,
  );
  srv.stop();
}

{
  const set = new ZoneSet(loadZones(ws).zones);
  const packets = MIX.map(([n, t], i) => query(i, n, t));
  const n = 200_000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) respond(set, packets[i % packets.length], { transport: 'udp' });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`answer function alone: ${Math.round(n / s).toLocaleString('en')} answers/s (decode, lookup, encode; no sockets)`);
}

{
  // save → served: write a new TXT value, then ask every millisecond until it is the answer
  const dns = await startDns({ ws, host: '127.0.0.1', port: 0, queryLog: false });
  const zoneFile = ws.resolve(`etc/bind/db.${DOMAIN}`);
  const base = readFileSync(zoneFile, 'utf8');
  const s = createSocket('udp4');
  await new Promise((r) => s.bind(0, '127.0.0.1', r));
  let latest = '';
  s.on('message', (m) => {
    try {
      const p = dnsPacket.decode(m);
      const a = p.answers?.find((x) => x.type === 'TXT');
      if (a) latest = Buffer.concat(a.data).toString();
    } catch {}
  });
  const xs = [];
  for (let i = 0; i < 20; i++) {
    const want = `v=spf1 ip4:192.0.2.${i + 1} -all`;
    const t0 = process.hrtime.bigint();
    writeFileSync(zoneFile, `${base}@ IN TXT "${want}"\n`);
    for (;;) {
      s.send(query(i, DOMAIN, 'TXT'), dns.port, '127.0.0.1');
      await new Promise((r) => setTimeout(r, 1));
      if (latest === want) break;
    }
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  s.close();
  await dns.close();
  const st = stats(xs);
  console.log(
    `zone file saved → new answer served: median ${fmt(st.median)} (min ${fmt(st.min)}, max ${fmt(st.max)}; 20 saves; includes the ${40} ms debounce of the watcher)`,
  );
}

rmSync(dir, { recursive: true, force: true });
