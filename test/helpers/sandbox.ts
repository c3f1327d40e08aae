// A workspace with a running sandbox on free loopback ports, for the sandbox tests.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { freshWorkspace } from '../prove/env.js';
import { startSandbox, type StartOptions } from '../../src/sandbox/start.js';
import { readEvents, type SandboxEvent } from '../../src/sandbox/events.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { hasTool } from '../prove/env.js';
import { setPassword } from '../../src/sandbox/sasl/db.js';

export interface TestSandbox {
  ws: Workspace;
  h: SandboxHandle;
  events(): SandboxEvent[];
  log(): string;
  /** appends lines to main.cf (the later entry wins, as in Postfix) */
  mainCf(lines: string): void;
  write(rel: string, text: string): void;
  close(): Promise<void>;
}

export const FREE_PORTS = { smtp: 0, submission: 0, smtps: 0, outside: 0, dns: 0, https: 0, pop3: 0, pop3s: 0, imap: 0, imaps: 0 };

export async function testSandbox(
  opts: { domain?: string; mainCf?: string; files?: Record<string, string>; start?: Partial<StartOptions> } = {},
): Promise<TestSandbox> {
  const ws = freshWorkspace(opts.domain ?? 'aula.test');
  const write = (rel: string, text: string) => {
    const p = ws.resolve(rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  };
  for (const [rel, text] of Object.entries(opts.files ?? {})) write(rel, text);
  if (opts.mainCf) appendFileSync(ws.resolve('etc/postfix/main.cf'), '\n' + opts.mainCf + '\n');
  // no IMAP Dovecot unless a test asks for it (test/sandbox/imap/ runs the CLI's)
  const h = await startSandbox({ ws, ports: FREE_PORTS, imap: false, ...(opts.start ?? {}) });
  return {
    ws,
    h,
    events: () => readEvents(ws),
    log: () => (existsSync(ws.resolve('var/log/mail.log')) ? readFileSync(ws.resolve('var/log/mail.log'), 'utf8') : ''),
    mainCf: (lines) => appendFileSync(ws.resolve('etc/postfix/main.cf'), '\n' + lines + '\n'),
    write,
    close: () => h.close(),
  };
}

/** A self-signed certificate and its unencrypted key, made with the real openssl at these paths. */
export function selfSignedCert(o: { key: string; cert: string; cn: string; san?: string; days?: number; bits?: number }): void {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      `rsa:${o.bits ?? 2048}`,
      '-nodes',
      '-keyout',
      o.key,
      '-out',
      o.cert,
      '-days',
      String(o.days ?? 365),
      '-subj',
      `/CN=${o.cn}`,
      ...(o.san ? ['-addext', `subjectAltName=${o.san}`] : []),
    ],
    { stdio: 'ignore' },
  );
}

/** A self-signed certificate and key made with openssl (as the learner does), or undefined without openssl. */
export function makeCert(
  ws: Workspace,
  opts: { bits?: number; cn?: string; cert?: string; key?: string } = {},
): { cert: string; key: string } | undefined {
  if (!hasTool('openssl')) return undefined;
  const cert = opts.cert ?? '/etc/ssl/certs/cert.crt';
  const key = opts.key ?? '/etc/ssl/private/cert.key';
  mkdirSync(dirname(ws.resolve(cert)), { recursive: true });
  mkdirSync(dirname(ws.resolve(key)), { recursive: true });
  selfSignedCert({ key: ws.resolve(key), cert: ws.resolve(cert), cn: opts.cn ?? ws.vars.hostname, bits: opts.bits });
  return { cert, key };
}

/** main.cf lines for TLS with the learner's certificate, AUTH only after TLS, and a closed relay. */
export function tlsAuthConfig(ws: Workspace, c: { cert: string; key: string }): string {
  return [
    `myhostname = ${ws.vars.hostname}`,
    `smtpd_tls_cert_file = ${c.cert}`,
    `smtpd_tls_key_file = ${c.key}`,
    'smtpd_tls_security_level = may',
    'smtpd_sasl_auth_enable = yes',
    'smtpd_tls_auth_only = yes',
    'mynetworks = 127.0.0.0/8 [::1]/128',
    'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
    'smtpd_authorized_xclient_hosts = 127.0.0.0/8',
  ].join('\n');
}

/**
 * A started sandbox serving STARTTLS with a fresh certificate, AUTH only after TLS, the SASL user
 * alumno/secreto, and submission in master.cf (smtps too when asked).
 */
export async function tlsAuthSandbox(o: { smtps?: boolean } = {}): Promise<TestSandbox> {
  const t = await testSandbox({ start: { limits: { timeoutMs: 5000 } } });
  const c = makeCert(t.ws)!;
  t.mainCf(tlsAuthConfig(t.ws, c));
  const services = [
    'submission inet n - y - - smtpd\n  -o syslog_name=postfix/submission\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n',
    ...(o.smtps ? ['smtps inet n - y - - smtpd\n  -o syslog_name=postfix/smtps\n  -o smtpd_tls_wrappermode=yes\n'] : []),
  ];
  appendFileSync(t.ws.resolve('etc/postfix/master.cf'), '\n' + services.join(''));
  setPassword(t.ws, 'alumno', 'secreto', [t.ws.vars.hostname, '']);
  const st = await t.h.reload();
  if (st.state !== 'ok') throw new Error(`the TLS+AUTH sandbox did not reload: ${st.issues.join('\n')}`);
  return t;
}

/** postscreen in front of smtpd, as Debian's master.cf ships it commented out (the stock smtpd line traded for it). */
const POSTSCREEN_SERVICES = [
  'smtp      inet  n       -       y       -       1       postscreen',
  'smtpd     pass  -       -       y       -       -       smtpd',
  'dnsblog   unix  -       -       y       -       0       dnsblog',
  'tlsproxy  unix  -       -       y       -       0       tlsproxy',
].join('\n');

/** A started sandbox with postscreen on port 25, a closed relay for mynetworks 127.0.0.0/8, and these main.cf lines. */
export async function postscreenSandbox(mainCf: string[] = []): Promise<TestSandbox> {
  const t = await testSandbox({
    mainCf: [
      'myhostname = mail.aula.test',
      'mynetworks = 127.0.0.0/8',
      'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
      ...mainCf,
    ].join('\n'),
  });
  const file = t.ws.resolve('etc/postfix/master.cf');
  const text = readFileSync(file, 'utf8').replace(/^smtp {6}inet .*smtpd$/m, POSTSCREEN_SERVICES);
  if (!text.includes('postscreen')) throw new Error('the workspace master.cf has no stock smtp line to trade for postscreen');
  writeFileSync(file, text);
  await t.h.reload();
  return t;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the event log has an event that matches (the logs are flushed before each reply, so this is short). */
export async function waitEvent(t: TestSandbox, pred: (e: SandboxEvent) => boolean, timeoutMs = 3000): Promise<SandboxEvent | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const e = t.events().find(pred);
    if (e || Date.now() > end) return e;
    await sleep(20);
  }
}

/** The mail log (from `from` on) once it has a line matching `re`, or as it is after `timeoutMs`: lines are written in batches. */
export async function waitLog(t: TestSandbox, re: RegExp, from = 0, timeoutMs = 5000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const log = t.log().slice(from);
    if (re.test(log) || Date.now() > end) return log;
    await sleep(20);
  }
}
