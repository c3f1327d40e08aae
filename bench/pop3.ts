// POP3 fetch rate: one client over POP3S (implicit TLS, AUTH PLAIN) downloads a 1,000-message
// mailbox with RETR, one message after another, as a mail client does on its first fetch.
// Beside it, in the same run: `node -e 0`, and reading the same 1,000 files from disk in this
// process (the floor any server pays). Prints figures only.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import tls from 'node:tls';
import { join } from 'node:path';
import { benchCert, fmt, has, nodeE0, startSandbox, stats } from './_sandbox.js';
import { Workspace } from '../src/workspace/workspace.js';
import { setPassword } from '../src/sandbox/sasl/db.js';
import { writeToMaildir } from '../src/sandbox/auth/deliver.js';

const N = Number(process.env.BENCH_POP3_N ?? 1000);
const BODY = 'Hola desde el banco de pruebas.\n'.repeat(120); // about 4 KB, a short mail with a signature

function prepare(dir: string): void {
  appendFileSync(join(dir, 'etc/postfix/main.cf'), ['', ...benchCert(dir), ''].join('\n'));
  const ws = Workspace.open(dir);
  setPassword(ws, 'alumno', 'secreto', ['mail.aula.test', '']);
  for (let i = 0; i < N; i++)
    writeToMaildir(ws, 'alumno', `From: <profesor@escuela.example>\nTo: <alumno@aula.test>\nSubject: mensaje ${i}\n\n${BODY}`);
}

/** Logs in over POP3S and RETRs every message; resolves with the bytes received. */
function fetchAll(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false });
    let buf = Buffer.alloc(0);
    let state: 'greet' | 'auth' | 'stat' | 'retr' | 'quit' = 'greet';
    let n = 0;
    let total = 0;
    let bytes = 0;
    const next = () => {
      if (state === 'greet') {
        state = 'auth';
        sock.write(`AUTH PLAIN ${Buffer.from('\0alumno\0secreto').toString('base64')}\r\n`);
      } else if (state === 'auth') {
        state = 'stat';
        sock.write('STAT\r\n');
      } else if (state === 'stat' || state === 'retr') {
        if (n < total) {
          state = 'retr';
          sock.write(`RETR ${++n}\r\n`);
        } else {
          state = 'quit';
          sock.write('QUIT\r\n');
        }
      }
    };
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        if (state === 'retr') {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          bytes += end;
          buf = buf.subarray(end + 5);
          next();
          continue;
        }
        const eol = buf.indexOf('\r\n');
        if (eol < 0) return;
        const line = buf.subarray(0, eol).toString('latin1');
        buf = buf.subarray(eol + 2);
        if (!line.startsWith('+OK')) return reject(new Error(`${state}: ${line}`));
        if (state === 'stat') total = Number(line.split(' ')[1]);
        if (state === 'quit') {
          sock.end();
          return resolve(bytes);
        }
        next();
      }
    });
    sock.on('error', reject);
  });
}

async function main() {
  if (!has('openssl')) {
    console.log('openssl is missing: the POP3 benchmark needs a certificate (apt install openssl).');
    return;
  }
  const sb = await startSandbox([], prepare);
  try {
    const xs: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      bytes = await fetchAll(sb.ports.pop3s);
      xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const s = stats(xs);
    const dir = join(sb.dir, 'var/mail/alumno/Maildir/new');
    const disk: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      for (const f of readdirSync(dir)) readFileSync(join(dir, f));
      disk.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const node = { median: nodeE0() };
    console.log(
      `POP3S, ${N} messages (${(bytes / 1024 / 1024).toFixed(1)} MB), login + RETR each: median ${fmt(s.median)} (min ${fmt(s.min)}, max ${fmt(s.max)}) over 3 fetches`,
    );
    console.log(`  ${Math.round((N / s.median) * 1000)} messages/s, ${((bytes / 1024 / 1024 / s.median) * 1000).toFixed(1)} MB/s`);
    console.log(`reading the same files here: median ${fmt(stats(disk).median)}; node -e 0: median ${fmt(node.median)}`);
    console.log(
      `fetch / node -e 0 = ${(s.median / node.median).toFixed(2)}×; fetch / reading the files = ${(s.median / stats(disk).median).toFixed(1)}×`,
    );
  } finally {
    await sb.stop();
  }
}

await main();
