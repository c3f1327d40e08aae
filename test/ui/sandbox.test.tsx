// The TUI's sandbox side against a real sandbox on free loopback ports: auto-start and the
// status bar, the log view, the mailbox and "View source", annotated SMTP sessions, a
// step's command blocks, and the test mail key.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import chalk from 'chalk';
import { cleanup } from 'ink-testing-library';
import { Workbook } from '../../src/core/workbook.js';
import type { Lesson, Step } from '../../src/course/loader.js';
import { SandboxLink } from '../../src/core/sandbox-link.js';
import { sourcesViewed } from '../../src/core/source-viewed.js';
import { listMailbox } from '../../src/core/mailbox.js';
import { runningSandbox } from '../../src/sandbox/api.js';
import { packageRoot } from '../../src/util/paths.js';
import { portEnv } from '../../src/util/ports.js';
import { t } from '../../src/i18n/messages.js';
import { KEY, makeWorkbook, start, stepRef, stripAnsi, type Ui } from './helpers.js';
import { hasTool } from '../prove/env.js';
import { makeCert, tlsAuthConfig } from '../helpers/sandbox.js';

const FREE = { smtp: 0, submission: 0, smtps: 0, outside: 0, dns: 0, https: 0, pop3: 0, pop3s: 0, imap: 0, imaps: 0 };
const links: SandboxLink[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(links.splice(0).map((l) => l.close()));
});

const flat = (s: string) => s.replace(/\s+/g, ' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The App with a link that starts a sandbox on free ports, once the status bar says it runs. */
async function withSandbox(
  wb: Workbook,
  o: { ports?: typeof FREE; lang?: string; color?: boolean } = {},
): Promise<{ ui: Ui; link: SandboxLink; port: number }> {
  const link = new SandboxLink(wb.ws, (p) => (wb.probe = p), { ports: o.ports ?? FREE, publishMs: 50 });
  links.push(link);
  const ui = await start(wb, { link, pollMs: 20, color: o.color ?? false });
  const f = await ui.waitFor(/sandbox :\d+ ✔/, 30_000);
  const port = Number(/sandbox :(\d+) ✔/.exec(f)![1]);
  return { ui, link, port };
}

/** A workbook on a step whose text is exactly `md` (its blocks are what `r` runs). */
function stepWith(md: string, check: Step['check'] = { kind: 'file.exists', params: { path: '/etc/postfix/main.cf' } }): Workbook {
  const base = makeWorkbook();
  const l0 = base.lessons[0];
  const step: Step = { ...l0.steps[0], id: 'sandbox-ui', check, body: { es: md, ca: md, en: md }, hints: [], stale: [] };
  const lesson: Lesson = { ...l0, id: '99-sandbox-ui', steps: [step] };
  const wb = new Workbook({ lessons: [lesson], errors: [] }, base.ws, base.progress, 'es', base.probe);
  wb.go({ lesson, step, index: 0 });
  return wb;
}

/** Sends a test mail with m and the number of its kind; returns the server's answer as shown. */
async function sendWithM(ui: Ui, n: 1 | 2 | 3): Promise<string> {
  await ui.press('m');
  await ui.waitFor('Enviar un correo de prueba');
  await ui.press(String(n));
  const f = await ui.waitFor((x) => /El servidor (no )?lo ha aceptado/.test(flat(x)), 30_000);
  return flat(f);
}

test('the first frame comes before the sandbox; then a sandbox runs here, the probe points at it, and the status bar says so', async () => {
  const wb = makeWorkbook();
  const link = new SandboxLink(wb.ws, (p) => (wb.probe = p), { ports: FREE });
  links.push(link);
  const ui = await start(wb, { link });
  assert.match(ui.frames[0], /sandbox …/, 'the first frame does not wait for the sandbox');
  const f = await ui.waitFor(/sandbox :\d+ ✔/, 30_000);
  assert.ok(link.hosting);
  assert.ok(f.includes(`sandbox :${wb.probe.ports.smtp} ✔`), 'the checks probe the sandbox the status bar names');
  assert.equal(runningSandbox(wb.ws)?.pid, process.pid, '`mailsec sandbox status|reload` find it');
  await ui.press('g');
  const log = await ui.waitFor('Log del servidor');
  assert.ok(flat(log).includes(`Sandbox en marcha en este cuaderno (proceso ${process.pid}): SMTP ${wb.probe.ports.smtp}`));
  assert.ok(log.includes('Configuración cargada sin errores.'));
});

test('a sandbox started with `mailsec sandbox start` is reused: no second one, its ports in the status bar', async () => {
  const wb = makeWorkbook();
  // ports a first sandbox in this process found free
  const scout = new SandboxLink(wb.ws, () => undefined, { ports: FREE });
  const s = await scout.start();
  await scout.close();
  assert.equal(s.phase, 'running');
  const ports = s.phase === 'running' ? s.ports : FREE;
  const env = { ...process.env, MAILSEC_WORKSPACE: wb.ws.root, ...portEnv(ports) };
  const daemon = spawn(process.execPath, [join(packageRoot(), 'dist', 'cli.js'), 'sandbox', 'start'], { env, stdio: 'ignore' });
  try {
    for (let i = 0; i < 400 && runningSandbox(wb.ws)?.pid !== daemon.pid; i++) await sleep(25);
    assert.equal(runningSandbox(wb.ws)?.pid, daemon.pid, 'the daemon is up');
    const { ui, link, port } = await withSandbox(wb);
    assert.equal(port, ports.smtp);
    assert.equal(link.hosting, false);
    await ui.press('g');
    const f = await ui.waitFor('Log del servidor');
    assert.ok(flat(f).includes(`Sandbox de mailsec sandbox start (proceso ${daemon.pid}): SMTP ${ports.smtp}`));
    // the mail goes to the daemon, and its log line shows up here
    const answer = await sendWithM(ui, 1);
    const id = /queued as ([0-9A-F]+)/.exec(answer)?.[1];
    assert.ok(id, answer);
    await ui.waitFor(`${id}: removed`);
  } finally {
    daemon.kill('SIGTERM');
  }
});

test('g: the log follows new lines (a mail sent with m shows up), scrolls back, and End follows again', async () => {
  const wb = makeWorkbook();
  const { ui } = await withSandbox(wb);
  await ui.press('g');
  let f = await ui.waitFor('Log del servidor');
  assert.ok(f.includes('siguiendo'));
  assert.ok(f.includes('daemon started -- version'));
  const answer = await sendWithM(ui, 1);
  assert.match(answer, /El servidor lo ha aceptado: 250 2\.0\.0 Ok: queued as [0-9A-F]+/);
  const id = /queued as ([0-9A-F]+)/.exec(answer)![1];
  f = await ui.waitFor(`${id}: removed`);
  assert.match(
    flat(f),
    new RegExp(`postfix/local\\[\\d+\\]: ${id}: to=<alumno@aula\\.test>, orig_to=<postmaster@aula\\.test>, relay=local`),
  );
  await ui.press(KEY.up, KEY.up);
  f = await ui.waitFor((x) => !x.includes('siguiendo'));
  assert.match(f, /\d+–\d+ de \d+/);
  await ui.press(KEY.end);
  await ui.waitFor('siguiendo');
  await ui.press(KEY.escape);
  await ui.waitFor(wb.current()!.step.title.es);
});

test('b: the mailbox lists the mail newest first; Enter reads it; s shows the stored bytes, and that is recorded', async () => {
  const wb = makeWorkbook();
  const { ui } = await withSandbox(wb);
  await sendWithM(ui, 1);
  await ui.press('b');
  let f = await ui.waitFor('Prueba desde mailsec');
  assert.ok(f.includes('Buzón'));
  assert.ok(f.includes('1 mensaje'));
  assert.match(f, /› \d\d\/\d\d \d\d:\d\d  ···  entrada +alumno@aula\.test\s+Prueba desde mailsec/);
  const [m] = listMailbox(wb.ws);
  await ui.press(KEY.enter);
  f = await ui.waitFor('Hola: este correo de prueba lo ha enviado el cuaderno mailsec.');
  assert.match(f, /De:\s+alumno@aula\.test/);
  assert.match(f, /Para:\s+postmaster@aula\.test/);
  assert.match(f, new RegExp(`Llegada:\\s+sin cifrar \\(ESMTP\\) · id ${m.queueId}`));
  await ui.press('s');
  f = await ui.waitFor('Código fuente');
  // every stored line, as stored (a tab shows as spaces to the next tab stop)
  const stored = readFileSync(wb.ws.resolve(m.path), 'utf8').replace(/\n$/, '').split('\n');
  const shown = f.split('\n').map((l) => l.trimEnd());
  const at = shown.indexOf(stored[0]);
  assert.ok(at > 0, f);
  const visible = stored.slice(0, Math.min(stored.length, shown.length - at - 1));
  assert.ok(visible.length >= 8, 'the headers fit on the screen');
  assert.deepEqual(
    shown.slice(at, at + visible.length),
    visible.map((l) => l.replace(/\t/g, '        ').trimEnd()),
  );
  assert.ok(visible.some((l) => /^Received: from mailsec-workbook \(localhost \[127\.0\.0\.1\]\)$/.test(l)));
  assert.ok(visible.some((l) => l === `\tby mail.aula.test (Postfix) with ESMTP id ${m.queueId}` || l.startsWith('\tby ')));
  assert.deepEqual(
    sourcesViewed(wb.ws).map((e) => [e.path, e.queueId]),
    [[m.path, m.queueId]],
  );
  await ui.press(KEY.escape, KEY.escape);
  await ui.waitFor('Buzón');
});

test(
  'a mail sent over STARTTLS is marked T, and its source shows the ESMTPS Received header lesson 02 asks about',
  { skip: !hasTool('openssl') && 'openssl is not installed' },
  async () => {
    const wb = makeWorkbook();
    const { ui, link } = await withSandbox(wb);
    const cert = makeCert(wb.ws, { cn: wb.ws.vars.hostname })!;
    appendFileSync(wb.ws.resolve('etc/postfix/main.cf'), '\n' + tlsAuthConfig(wb.ws, cert) + '\nsmtpd_tls_received_header = yes\n');
    await link.reload();
    const answer = await sendWithM(ui, 2);
    assert.match(answer, /lo ha aceptado: 250/);
    await ui.press('b');
    let f = await ui.waitFor('Prueba TLS desde mailsec');
    assert.match(f, /› \d\d\/\d\d \d\d:\d\d  T··  entrada/);
    await ui.press('v');
    f = await ui.waitFor('Código fuente');
    assert.match(flat(f), /\(using TLSv1\.[23] with cipher \S+/);
    assert.match(f, /by mail\.aula\.test \(Postfix\) with ESMTPS id [0-9A-F]+/);
  },
);

test('t: a relay refused from outside, its transcript with the reasons beside the refusal', async () => {
  const wb = makeWorkbook();
  const { ui, link } = await withSandbox(wb);
  appendFileSync(
    wb.ws.resolve('etc/postfix/main.cf'),
    '\nmynetworks = 127.0.0.0/8\nsmtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\n',
  );
  await link.reload();
  const answer = await sendWithM(ui, 3);
  assert.match(answer, /El servidor no lo ha aceptado: 554 5\.7\.1 <alguien@example\.com>: Relay access denied/);
  await ui.press('t');
  let f = await ui.waitFor('Sesiones SMTP');
  assert.match(f, /› \d\d:\d\d:\d\d  outside\s+unknown\[203\.0\.113\.7\]\s+✘ 1 rechazo/);
  await ui.press(KEY.enter);
  f = await ui.waitFor('↳ permit_mynetworks');
  const text = flat(f);
  assert.ok(text.includes('C: RCPT TO:<alguien@example.com>'), f);
  assert.ok(text.includes('· Restricciones en RCPT: reject'));
  assert.ok(text.includes('↳ permit_mynetworks: 203.0.113.7 no está en mynetworks (127.0.0.0/8).'));
  assert.ok(text.includes('↳ permit_sasl_authenticated: El cliente no se ha autenticado.'));
  assert.match(text, /↳ reject_unauth_destination: example\.com no está en mydestination \(.*\) ni en relay_domains/);
  assert.ok(text.includes('S: 554 5.7.1 <alguien@example.com>: Relay access denied'));
  await ui.press('L');
  f = await ui.waitFor('↳ permit_sasl_authenticated: El client no');
  assert.ok(flat(f).includes('203.0.113.7 no és a mynetworks'), 'the reasons follow the language');
});

test('a failed check that opened an SMTP session offers it: t shows why the relay was accepted', async () => {
  const wb = stepWith('Comprueba el relay desde fuera.', {
    kind: 'smtp.relay',
    params: { listener: 'outside', rcpt: 'victima@example.com', expect: 'denied' },
  });
  const { ui } = await withSandbox(wb);
  await ui.press('c');
  let f = await ui.waitFor('✘', 30_000);
  assert.ok(flat(f).includes(flat(t('es', 'ui.tr.offer'))), f);
  await ui.press('t');
  f = await ui.waitFor('↳ permit_mynetworks');
  assert.ok(flat(f).includes('C: RCPT TO:<victima@example.com>'));
  assert.match(flat(f), /↳ permit_mynetworks: 203\.0\.113\.7 está en mynetworks \(0\.0\.0\.0\/0\)/);
  assert.ok(flat(f).includes('Restricciones en RCPT: permit'));
  await ui.press(KEY.escape);
  await ui.waitFor('✘');
});

test('r runs a block of the step in the workspace with the sandbox ports and shows its output; a refused block says why', async () => {
  const md = [
    'Haz esto:',
    '',
    '```',
    'echo "smtp=$MAILSEC_SMTP_PORT" && ls etc/postfix',
    '```',
    '',
    'Verás:',
    '',
    '```',
    'smtp=2525',
    '```',
    '',
    '```',
    'nano etc/postfix/main.cf',
    '```',
    '',
    '```',
    'mailsec sandbox start',
    '```',
    '',
    '```',
    'mailsec sandbox stop',
    '```',
    '',
    '```',
    "sh -c 'exit 3'",
    '```',
  ].join('\n');
  const wb = stepWith(md);
  const { ui, port } = await withSandbox(wb);
  await ui.press('r');
  let f = await ui.waitFor('Ejecutar un comando del paso');
  assert.ok(f.includes('› [1] echo "smtp=$MAILSEC_SMTP_PORT" && ls etc/postfix'));
  assert.ok(f.includes('  [3] nano etc/postfix/main.cf'));
  assert.ok(!f.includes('[2] smtp=2525'), 'what a command prints is not offered');
  await ui.press('2');
  await ui.waitFor('El bloque [2] no es un comando');
  await ui.press('r', '1');
  f = await ui.waitFor('Ha terminado bien', 30_000);
  assert.ok(f.includes('Comando [1]'));
  assert.ok(f.includes(`smtp=${port}`));
  assert.ok(f.includes('main.cf'));
  assert.ok(f.includes('master.cf'));
  await ui.press('r', KEY.down, KEY.down, KEY.down, KEY.down, KEY.enter);
  f = await ui.waitFor('Ha terminado con el código 3', 30_000);
  await ui.press('r', '3');
  f = await ui.waitFor('No se ejecuta aquí');
  assert.ok(flat(f).includes(`Ábrelo en otro terminal, en tu espacio de trabajo (${wb.ws.root})`));
  await ui.press('r', '4');
  f = await ui.waitFor('No hace falta');
  assert.ok(flat(f).includes('el sandbox ya está en marcha en este cuaderno'));
  await ui.press('r', '5');
  f = await ui.waitFor('No se ejecuta aquí');
  assert.ok(flat(f).includes('pararlo cerraría el cuaderno'));
  assert.ok(runningSandbox(wb.ws), 'the sandbox still runs');
  await ui.press(KEY.escape);
  await ui.waitFor('Haz esto:');
  await ui.press('o');
  await ui.waitFor('Comando [5]');
});

test('a step without commands says so; a refused reload shows in the status bar and says where', async () => {
  const wb = stepWith('Solo texto.');
  const { ui, link, port } = await withSandbox(wb);
  await ui.press('r');
  await ui.waitFor(t('es', 'ui.run.none'));
  appendFileSync(wb.ws.resolve('etc/postfix/main.cf'), '\nthis line is not a parameter\n');
  await link.reload();
  const f = await ui.waitFor(new RegExp(`sandbox :${port} ✘ main\\.cf:\\d+`), 5000);
  assert.match(flat(f), /Recarga rechazada: fatal: \/etc\/postfix\/main\.cf, line \d+: .* El sandbox sigue con la configuración anterior/);
});

test('every sandbox screen fits 80×24 and has no colour with NO_COLOR', async () => {
  const level = chalk.level;
  chalk.level = 3;
  try {
    const wb = makeWorkbook('en');
    wb.go(stepRef(wb, '01-threats', 'myhostname'));
    const { ui } = await withSandbox(wb);
    await ui.press('m');
    await ui.waitFor('Send a test mail');
    await ui.press('1');
    await ui.waitFor('The server accepted it');
    for (const [key, what] of [
      ['g', 'Server log'],
      ['b', 'Mailbox'],
      [KEY.enter, 'Arrival:'],
      ['s', 'Source'],
      ['t', 'Session '],
      [KEY.escape, 'Source'],
      ['t', 'SMTP sessions'],
    ] as const) {
      if (key === 't' && what === 'SMTP sessions') await ui.press(KEY.escape, KEY.escape, KEY.escape);
      await ui.press(key);
      await ui.waitFor(what);
    }
    const all = ui.frames.join('\n');
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(all, /\x1b\[(?:\d+;)*(?:3\d|4\d|9[0-7]|10[0-7])(?:;\d+)*m/, 'no colour codes');
    for (const frame of ui.frames) {
      const lines = stripAnsi(frame).split('\n');
      assert.ok(lines.length <= 23, `${lines.length} rows`);
      for (const l of lines) assert.ok([...l].length <= 80, `a row wider than 80 columns: ${l}`);
    }
  } finally {
    chalk.level = level;
  }
});
