// The sandbox's POP3 against a real Dovecot's: the same dialogues (CAPA before and after STLS,
// USER before TLS, AUTH PLAIN and USER/PASS after it, STAT/LIST/UIDL/TOP/RETR, bad commands,
// implicit TLS) played against `mailsec sandbox start` (the built CLI) and against a private
// Dovecot pop3 this test starts with the same users, certificate and Maildir, and the replies
// compared. What legitimately differs is masked (UIDL values: the sandbox's are the Maildir
// names, Dovecot's its pop3_uidl_format); what else differs is listed in ALLOWED with its reason.
// Dovecot is told the client came through a proxy (a PROXY header) so that, like the sandbox, it
// does not count a client on its own loopback address as secured.
// Skipped without Dovecot's POP3 (dovecot-pop3d), unless MAILSEC_REQUIRE_TOOLS=1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CliSandbox } from '../../helpers/cli.js';
import { makeCert } from '../../helpers/sandbox.js';
import { RawPop3 } from '../../helpers/pop3.js';
import { imapSkip, letMailUserThrough } from '../../helpers/imap.js';
import { freshWorkspace, tempDir } from '../../prove/env.js';
import { CHECKPASS_HELPER, FILES, checkpassWrapper, dovecotConf, passwdFile } from '../../../src/sandbox/imap/dovecot-conf.js';
import { findDovecot, mailIdentity, openMailFolders, runDovecot, type RunningDovecot } from '../../../src/sandbox/imap/dovecot-run.js';
import { readSaslDb, setPassword } from '../../../src/sandbox/sasl/db.js';
import type { Workspace } from '../../../src/workspace/workspace.js';

const POP3_LOGIN = ['/usr/lib/dovecot/pop3-login', '/usr/libexec/dovecot/pop3-login'];
function pop3Skip(): string | undefined {
  const other = imapSkip(['openssl']);
  if (other || POP3_LOGIN.some(existsSync)) return other;
  if (process.env.MAILSEC_REQUIRE_TOOLS === '1') throw new Error("required tool not installed: Dovecot's POP3 (dovecot-pop3d)");
  return "not installed: Dovecot's POP3 (dovecot-pop3d)";
}
const skip = pop3Skip();

type Step = string | { multi: string } | 'STLS';
interface Dialogue {
  name: string;
  /** on the POP3S port (implicit TLS) */
  implicit?: boolean;
  steps: Step[];
}

const plain = (user: string, pass: string) => Buffer.from(`\0${user}\0${pass}`).toString('base64');

const DIALOGUES: Dialogue[] = [
  { name: 'capa-before-and-after-stls', steps: [{ multi: 'CAPA' }, 'STLS', { multi: 'CAPA' }, 'QUIT'] },
  { name: 'user-before-tls', steps: ['USER alumno', 'PASS secreto', 'AUTH PLAIN ' + plain('alumno', 'secreto'), 'QUIT'] },
  {
    name: 'auth-plain-then-transaction',
    steps: [
      'STLS',
      'AUTH PLAIN ' + plain('alumno', 'secreto'),
      'STAT',
      { multi: 'LIST' },
      'LIST 2',
      { multi: 'UIDL' },
      'UIDL 3',
      { multi: 'TOP 1 0' },
      { multi: 'TOP 2 1' },
      { multi: 'RETR 3' },
      'NOOP',
      'FOO',
      'RETR 9',
      'LIST x',
      'DELE 1',
      'RETR 1',
      'STAT',
      'RSET',
      'STAT',
      { multi: 'CAPA' },
      'QUIT',
    ],
  },
  { name: 'user-pass-after-tls', steps: ['STLS', 'USER alumno', 'PASS secreto', 'STAT', 'QUIT'] },
  { name: 'wrong-password', steps: ['STLS', 'USER alumno', 'PASS otra', 'QUIT'] },
  { name: 'bad-commands-before-login', steps: ['FOO', 'PASS x', 'AUTH CRAM-MD5', 'APOP alumno 0123', { multi: 'AUTH' }, 'QUIT'] },
  { name: 'pop3s', implicit: true, steps: [{ multi: 'CAPA' }, 'AUTH PLAIN ' + plain('alumno', 'secreto'), 'STAT', { multi: 'UIDL' }, 'QUIT'] },
];

/** Differences that are known, each with its reason (a dialogue, the line as each side has it): none today. */
const ALLOWED: { dialogue: string; sandbox: RegExp; dovecot: RegExp; reason: string }[] = [];

interface Target {
  port: number;
  tlsPort: number;
  /** the PROXY header Dovecot reads first */
  proxy?: (port: number) => string;
}

async function play(t: Target, d: Dialogue): Promise<string[]> {
  const port = d.implicit ? t.tlsPort : t.port;
  const c = await RawPop3.connect(port, { tls: d.implicit, before: t.proxy?.(port) });
  const out = [`S: ${c.greeting}`];
  try {
    for (const step of d.steps) {
      if (step === 'STLS') {
        out.push('C: STLS', `S: ${await c.stls()}`);
        continue;
      }
      const line = typeof step === 'string' ? step : step.multi;
      out.push(`C: ${line}`);
      if (typeof step === 'string') out.push(`S: ${await c.cmd(line)}`);
      else {
        const r = await c.multiCmd(line);
        out.push(`S: ${r.status}`, ...r.lines.map((l) => `S| ${l}`));
      }
    }
    await c.waitClosed(1000);
    out.push(c.closed ? '(closed)' : '(open)');
  } finally {
    c.destroy();
  }
  return out;
}

/** UIDLs differ by design: the sandbox's are the Maildir names, Dovecot's %08Xu%08Xv */
function mask(lines: string[]): string[] {
  let uidl = false;
  return lines.map((l) => {
    if (l.startsWith('C: ')) uidl = /^C: UIDL\b/i.test(l);
    if (!uidl) return l;
    return l.replace(/^(S\| \d+) \S+$/, '$1 <uidl>').replace(/^(S: \+OK \d+) \S+$/, '$1 <uidl>');
  });
}

const MAILS = [
  'From: profesor@aula.test\nTo: alumno@aula.test\nSubject: uno\n\nPrimera línea.\nSegunda línea.\n',
  'From: profesor@aula.test\nTo: alumno@aula.test\nSubject: dos\n\n.una línea con punto\nfin\n',
  'From: profesor@aula.test\nTo: alumno@aula.test\nSubject: tres\nX-Larga: ' + 'x'.repeat(300) + '\n\ncuerpo\n',
];

let ws: Workspace;
let sb: CliSandbox;
let real: RunningDovecot | undefined;
const realLog: string[] = [];
let realPorts = { imap: 0, imaps: 0 };

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

before(async () => {
  if (skip) return;
  ws = freshWorkspace('aula.test');
  letMailUserThrough(ws.root);
  const cert = makeCert(ws)!;
  setPassword(ws, 'alumno', 'secreto', [ws.vars.hostname, '']);
  // the same three messages for both, in one order (by name and by delivery time)
  const md = ws.resolve('var/mail/alumno/Maildir');
  for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(md, sub), { recursive: true });
  MAILS.forEach((m, i) => {
    const f = join(md, 'new', `${1700000001 + i}.M${i}P1.mail`);
    writeFileSync(f, m);
    utimesSync(f, 1700000001 + i, 1700000001 + i);
  });
  sb = await CliSandbox.start(ws.root);

  const identity = mailIdentity(ws);
  if ('error' in identity) throw new Error(identity.error);
  const closed = openMailFolders(ws, identity);
  if (closed) throw new Error(closed);
  const dir = tempDir('mailsec-pop3-');
  if (identity.root) chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'ssl'));
  copyFileSync(ws.resolve(cert.cert), join(dir, FILES.cert));
  copyFileSync(ws.resolve(cert.key), join(dir, FILES.key));
  const users = Object.entries(readSaslDb(ws).users).map(([name, u]) => ({ name, home: ws.resolve('var/mail/alumno'), scrypt: u.scrypt }));
  writeFileSync(join(dir, FILES.passwd), passwdFile(users), { mode: 0o600 });
  writeFileSync(join(dir, FILES.helper), CHECKPASS_HELPER);
  writeFileSync(join(dir, FILES.checkpass), checkpassWrapper(process.execPath, join(dir, FILES.helper), join(dir, FILES.passwd)), { mode: 0o755 });
  realPorts = { imap: await freePort(), imaps: await freePort() };
  const conf = dovecotConf({ dir, instance: `mailsec-pop3-${process.pid}`, ports: realPorts, protocol: 'pop3', ssl: 'yes', ...identity });
  writeFileSync(join(dir, FILES.conf), conf);
  const r = await runDovecot({ binary: findDovecot()!, dir, ws, onLine: (l) => realLog.push(l) });
  if ('error' in r) throw new Error(`the real Dovecot did not start: ${r.error}`);
  real = r;
});

after(async () => {
  await real?.stop();
  await sb?.close();
});

test('the same POP3 dialogues get the same replies from the sandbox and from a real Dovecot 2.3', { skip, timeout: 120_000 }, async () => {
  const diffs: string[] = [];
  const used = new Set<number>();
  for (const d of DIALOGUES) {
    const dovecot = mask(await play({ port: realPorts.imap, tlsPort: realPorts.imaps, proxy: (p) => `PROXY TCP4 127.0.0.1 127.0.0.2 40000 ${p}\r\n` }, d));
    const sandbox = mask(await play({ port: sb.ports.pop3, tlsPort: sb.ports.pop3s }, d));
    for (let i = 0; i < Math.max(dovecot.length, sandbox.length); i++) {
      const [s, v] = [sandbox[i] ?? '(nothing)', dovecot[i] ?? '(nothing)'];
      if (s === v) continue;
      const known = ALLOWED.findIndex((a) => a.dialogue === d.name && a.sandbox.test(s) && a.dovecot.test(v));
      if (known >= 0) used.add(known);
      else diffs.push(`${d.name}, line ${i + 1}:\n  sandbox: ${s}\n  dovecot: ${v}`);
    }
  }
  assert.deepEqual(diffs, [], `the sandbox answers otherwise than Dovecot:\n${diffs.join('\n')}\n(Dovecot's log:\n${realLog.join('\n')})`);
  assert.deepEqual(
    ALLOWED.filter((_, i) => !used.has(i)).map((a) => a.dialogue),
    [],
    'an allowed difference that no longer happens: remove it from ALLOWED',
  );
});
