import { evidenceLabel } from '../../src/checks/types.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { getCheck } from '../../src/checks/registry.js';
import '../../src/checks/index.js';
import type { CheckContext, Verdict } from '../../src/checks/types.js';
import { normalizeAnswer } from '../../src/checks/quiz.js';
import { t } from '../../src/i18n/messages.js';
import { freshWorkspace, CLOSED_PORTS } from '../prove/env.js';
import type { Workspace } from '../../src/workspace/workspace.js';

function ctx(ws: Workspace, answer?: string | string[]): CheckContext {
  return {
    ws,
    vars: ws.vars,
    lang: 'es',
    lesson: 'x',
    step: 'y',
    answer,
    events: () => [],
    probe: { host: '127.0.0.1', ports: CLOSED_PORTS },
  };
}

async function run(kind: string, params: unknown, c: CheckContext): Promise<Verdict> {
  const def = getCheck(kind)!;
  return def.run(c, def.params.parse(params));
}

const es = (v: Verdict) => t('es', v.message.key, v.message.params);
const ws = freshWorkspace('ejemplo.test');
const options = ['a', 'b', 'c'].map((id) => ({ id, es: id, ca: id, en: id }));

test('quiz.choice, single: right, wrong, two at once, unknown, unanswered', async () => {
  const p = { options, answer: 'b' };
  assert.equal((await run('quiz.choice', p, ctx(ws, ['b']))).status, 'pass');
  const wrong = await run('quiz.choice', p, ctx(ws, ['a']));
  assert.equal(wrong.status, 'fail');
  assert.equal(es(wrong), '«a» no es la respuesta correcta. Vuelve a leer el paso y prueba con otra.');
  // an option that says why: the wrong one tells what it gets wrong, the right one why it is right, and why the others are not
  const why = (s: string) => ({ es: s, ca: s, en: s });
  const explained = {
    options: [
      { id: 'a', es: 'Spam', ca: 'Spam', en: 'Spam', why: why('El spam no se hace pasar por nadie.') },
      { id: 'b', es: 'Phishing', ca: 'Phishing', en: 'Phishing', why: why('se hace pasar por tu banco.') },
    ],
    answer: 'b',
  };
  assert.equal(
    es(await run('quiz.choice', explained, ctx(ws, ['a']))),
    '«Spam» no es la respuesta correcta. El spam no se hace pasar por nadie.',
  );
  const right = await run('quiz.choice', explained, ctx(ws, ['b']));
  assert.equal(es(right), 'Correcto: se hace pasar por tu banco.');
  assert.deepEqual(right.evidence, ['«Spam»: El spam no se hace pasar por nadie.']);
  // shown as why, not as something the check saw
  assert.equal(right.explains, true);
  assert.equal(evidenceLabel(right), 'ui.why');
  assert.equal(evidenceLabel(wrong), 'ui.evidence');
  assert.equal((await run('quiz.choice', p, ctx(ws, ['a', 'b']))).message.key, 'quiz.single');
  assert.equal(es(await run('quiz.choice', p, ctx(ws, ['z']))), '«z» no es ninguna de las opciones (a, b, c).');
  assert.equal((await run('quiz.choice', p, ctx(ws))).message.key, 'quiz.unanswered');
  // "b" given as one comma-separated string, as the CLI may pass it
  assert.equal((await run('quiz.choice', p, ctx(ws, 'B'))).status, 'pass');
});

test('quiz.choice, multiple: all and only the right ones', async () => {
  const p = { options, answer: ['a', 'c'] };
  assert.equal((await run('quiz.choice', p, ctx(ws, ['c', 'a']))).status, 'pass');
  assert.equal((await run('quiz.choice', p, ctx(ws, 'a,c'))).status, 'pass');
  const partial = await run('quiz.choice', p, ctx(ws, ['a']));
  assert.equal(es(partial), 'Todavía no: has marcado 1 de las 2 opciones correctas y 0 que sobran. Vuelve a mirarlas una a una.');
  const extra = await run('quiz.choice', p, ctx(ws, ['a', 'b', 'c']));
  assert.equal(extra.status, 'fail');
  assert.equal(extra.message.params?.extra, 1);
});

test('quiz.choice refuses an answer that is not an option at load time', () => {
  const r = getCheck('quiz.choice')!.params.safeParse({ options, answer: 'd' });
  assert.equal(r.success, false);
});

test('quiz.text: accents, case, quotes, spaces and final punctuation do not matter', async () => {
  assert.equal(normalizeAnswer('  «Relé   Abierto». '), 'rele abierto');
  const p = { accept: ['relé abierto', 'relay abierto'] };
  assert.equal((await run('quiz.text', p, ctx(ws, 'RELE ABIERTO'))).status, 'pass');
  assert.equal((await run('quiz.text', p, ctx(ws, 'Relay Abierto.'))).status, 'pass');
  const wrong = await run('quiz.text', p, ctx(ws, 'relay cerrado'));
  assert.equal(es(wrong), '«relay cerrado» no es la respuesta. Vuelve a leer el paso; una pista (h) puede ayudarte.');
  assert.equal((await run('quiz.text', p, ctx(ws, '  '))).message.key, 'quiz.unanswered');
});

test('file.exists', async () => {
  assert.equal((await run('file.exists', { path: 'etc/postfix/main.cf' }, ctx(ws))).status, 'pass');
  const missing = await run('file.exists', { path: '/etc/ssl/certs/cert.crt' }, ctx(ws));
  assert.equal(es(missing), 'El archivo etc/ssl/certs/cert.crt todavía no existe. Créalo como indica el paso.');
  assert.equal((await run('file.exists', { path: 'etc/postfix' }, ctx(ws))).message.key, 'file.notFile');
});

test('file.contains, present and absent', async () => {
  const p = { path: 'etc/postfix/main.cf', pattern: '^mydomain\\s*=\\s*ejemplo\\.test$' };
  assert.equal((await run('file.contains', p, ctx(ws))).status, 'pass');
  const no = await run('file.contains', { ...p, pattern: '^smtpd_tls_auth_only', expected: 'smtpd_tls_auth_only = yes' }, ctx(ws));
  assert.equal(es(no), 'etc/postfix/main.cf no contiene lo que pide el paso. Se esperaba: smtpd_tls_auth_only = yes');
  const forbidden = await run('file.contains', { path: 'etc/postfix/main.cf', pattern: '0\\.0\\.0\\.0/0', present: false }, ctx(ws));
  assert.equal(forbidden.status, 'fail');
  assert.equal(forbidden.message.key, 'file.forbidden');
  assert.equal((await run('file.contains', { path: 'etc/postfix/main.cf', pattern: 'viagra', present: false }, ctx(ws))).status, 'pass');
});

test('file.mode: a private key readable by others fails with the chmod to run', async () => {
  mkdirSync(ws.resolve('etc/ssl/private'), { recursive: true });
  const key = ws.resolve('/etc/ssl/private/cert.key');
  writeFileSync(key, 'x');
  chmodSync(key, 0o644);
  const open = await run('file.mode', { path: '/etc/ssl/private/cert.key', max: '600' }, ctx(ws));
  assert.equal(
    es(open),
    'etc/ssl/private/cert.key tiene los permisos 644; una clave privada no debe permitir más que 600. Prueba: chmod 600 etc/ssl/private/cert.key',
  );
  chmodSync(key, 0o600);
  assert.equal((await run('file.mode', { path: '/etc/ssl/private/cert.key', max: '600' }, ctx(ws))).status, 'pass');
  chmodSync(key, 0o400);
  assert.equal((await run('file.mode', { path: '/etc/ssl/private/cert.key', max: '600' }, ctx(ws))).status, 'pass');
});

test('postfix.param: equals, includes in order, excludes, broken file', async () => {
  const c = ctx(ws);
  assert.equal((await run('postfix.param', { name: 'mydomain', equals: 'ejemplo.test' }, c)).status, 'pass');
  // $mydomain is expanded as Postfix does
  assert.equal((await run('postfix.param', { name: 'myorigin', equals: 'ejemplo.test' }, c)).status, 'pass');
  const missing = await run('postfix.param', { name: 'smtpd_tls_auth_only', equals: 'yes' }, c);
  assert.equal(es(missing), 'etc/postfix/main.cf no define smtpd_tls_auth_only (Postfix usaría «no»). Añade: smtpd_tls_auth_only = yes');
  const main = ws.resolve('etc/postfix/main.cf');
  const base = (await import('node:fs')).readFileSync(main, 'utf8');
  writeFileSync(main, base + '\nsmtpd_relay_restrictions = reject_unauth_destination,\n  permit_mynetworks\n');
  const order = await run(
    'postfix.param',
    { name: 'smtpd_relay_restrictions', includes: ['permit_mynetworks', 'reject_unauth_destination'] },
    c,
  );
  assert.equal(order.message.key, 'postfix.listOrder');
  assert.match(order.evidence[0], /main\.cf:\d+: smtpd_relay_restrictions = reject_unauth_destination, permit_mynetworks/);
  const lacking = await run('postfix.param', { name: 'smtpd_relay_restrictions', includes: ['permit_sasl_authenticated'] }, c);
  assert.equal(lacking.message.key, 'postfix.listMissing');
  const excl = await run('postfix.param', { name: 'mynetworks', excludes: ['0.0.0.0/0'] }, c);
  assert.equal(excl.message.key, 'postfix.listForbidden');
  writeFileSync(main, base + '\nthis line is not a parameter\n');
  const broken = await run('postfix.param', { name: 'mydomain', equals: 'ejemplo.test' }, c);
  assert.equal(broken.message.key, 'postfix.broken');
  assert.match(es(broken), /^etc\/postfix\/main\.cf, línea \d+: missing '=' after attribute name: "this line is not a parameter"/);
  writeFileSync(main, base);
});
