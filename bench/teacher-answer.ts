// The teacher's answer (lessons 11 and 12): from the 250 that accepts the learner's signed
// mail to the encrypted answer in the learner's Maildir, with an RSA-4096 learner key made
// beforehand (the key lesson 11's gpg --full-generate-key makes). Beside it, in the same run,
// `node -e 0`. Prints figures only.
import { mkdtempSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { fmt, nodeE0, sleep, startSandbox, stats } from './_sandbox.js';

const N = Number(process.env.BENCH_TEACHER_N ?? 10);
const ME = 'alumno@aula.test';

process.env.MAILSEC_TEACHER_DIR ??= join(mkdtempSync(join(tmpdir(), 'mailsec-bench-teacher-')), 'teacher');

/** One SMTP session sending one mail; resolves at the 250 after the data. */
function send(port: number, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const script = [
      'EHLO pc.aula.test',
      `MAIL FROM:<${ME}>`,
      'RCPT TO:<profesor@escuela.example>',
      'DATA',
      data.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..') + '\r\n.',
      'QUIT',
    ];
    let buf = '';
    let i = 0;
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      for (;;) {
        const m = /^(?:\d{3}-[^\n]*\n)*(\d{3})[^\n]*\n/.exec(buf);
        if (!m) return;
        buf = buf.slice(m[0].length);
        if (Number(m[1]) >= 400) return reject(new Error(m[0]));
        if (i === 5 && m[1] === '250') resolve();
        if (i < script.length) sock.write(script[i++] + '\r\n');
        else sock.end();
      }
    });
    sock.on('error', reject);
  });
}

async function main() {
  const t0 = Date.now();
  const me = await openpgp.generateKey({ type: 'rsa', rsaBits: 4096, userIDs: [{ name: 'Alumno', email: ME }], format: 'armored' });
  console.log(`learner key: RSA-4096, made in ${Date.now() - t0} ms (not timed below)`);
  const signed = await openpgp.sign({
    message: await openpgp.createCleartextMessage({ text: 'Hola, profe:\n\nTe escribo firmado.\n' }),
    signingKeys: await openpgp.readPrivateKey({ armoredKey: me.privateKey }),
  });
  const mail = `From: <${ME}>\nTo: <profesor@escuela.example>\nSubject: firmado\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\n${signed}\n--b\nContent-Type: application/pgp-keys\n\n${me.publicKey}\n--b--\n`;
  const sb = await startSandbox([]);
  try {
    const inbox = join(sb.dir, 'var/mail/alumno/Maildir/new');
    const count = () => {
      try {
        return readdirSync(inbox).length;
      } catch {
        return 0;
      }
    };
    const xs: number[] = [];
    // one warm-up: loads the OpenPGP code and reads the teacher's key
    for (let i = 0; i <= N; i++) {
      const before = count();
      await send(sb.ports.smtp, mail);
      const start = process.hrtime.bigint();
      while (count() === before) {
        if (Number(process.hrtime.bigint() - start) / 1e6 > 20_000) throw new Error('no answer within 20 s');
        await sleep(2);
      }
      if (i > 0) xs.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const s = stats(xs);
    const node = { median: nodeE0() };
    console.log(`answer in the mailbox after the 250: median ${fmt(s.median)} (min ${fmt(s.min)}, max ${fmt(s.max)}) over ${N} mails`);
    console.log(`node -e 0: median ${fmt(node.median)}; answer / node -e 0 = ${(s.median / node.median).toFixed(2)}×`);
  } finally {
    await sb.stop();
  }
}

await main();
