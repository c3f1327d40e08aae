// The dns check kinds on their own, against a live embedded DNS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { getCheck } from '../../../src/checks/registry.js';
import '../../../src/checks/index.js';
import { readEvents } from '../../../src/sandbox/events.js';
import { t } from '../../../src/i18n/messages.js';
import { LANGS } from '../../../src/i18n/lang.js';
import type { CheckContext, Verdict } from '../../../src/checks/types.js';
import type { Workspace } from '../../../src/workspace/workspace.js';
import { CLOSED_PORTS } from '../../prove/env.js';
import { dnsFor, appendZone, editZone, DOMAIN, ZONE_FILE } from './helpers.js';
import { networkEntryFor } from '../../../src/checks/dns.js';

function ctx(ws: Workspace, dnsPort: number): CheckContext {
  return {
    ws,
    vars: ws.vars,
    lang: 'es',
    lesson: 'x',
    step: 'y',
    events: () => readEvents(ws),
    probe: { host: '127.0.0.1', ports: { ...CLOSED_PORTS, dns: dnsPort } },
  };
}

async function run(c: CheckContext, kind: string, params: Record<string, unknown>): Promise<Verdict> {
  const def = getCheck(kind)!;
  const v = await def.run(c, def.params.parse(params));
  for (const lang of LANGS) assert.doesNotMatch(t(lang, v.message.key, v.message.params), /\{\w+\}|^dns\./, `${v.message.key} (${lang})`);
  return v;
}

test('dns.answer: pass, NXDOMAIN, NODATA, wrong value, REFUSED, zone errors, DNS down', async () => {
  const { ws, dns } = await dnsFor();
  try {
    appendZone(ws, '@ IN TXT "v=spf1 " "a mx -all"\nkey IN TXT "p=AbC"\n');
    await dns.reload();
    const c = ctx(ws, dns.port);
    assert.equal((await run(c, 'dns.answer', { name: DOMAIN, type: 'TXT', expect: ['v=spf1 a mx -all'] })).status, 'pass');
    assert.equal((await run(c, 'dns.answer', { name: DOMAIN, type: 'MX', expect: [`10 mail.${DOMAIN}.`] })).status, 'pass');
    assert.equal((await run(c, 'dns.answer', { name: `MAIL.${DOMAIN}`, type: 'A', expect: ['127.0.0.1'] })).status, 'pass');
    assert.equal((await run(c, 'dns.answer', { name: DOMAIN, type: 'TXT', match: '^v=spf1 .*-all$' })).status, 'pass');
    assert.equal((await run(c, 'dns.answer', { name: DOMAIN, type: 'TXT', expect: ['v=spf1 a mx ~all'] })).message.key, 'dns.wrongAnswer');
    // TXT text keeps its case: a base64 key is case-sensitive
    assert.equal((await run(c, 'dns.answer', { name: `key.${DOMAIN}`, type: 'TXT', expect: ['p=abc'] })).message.key, 'dns.wrongAnswer');
    assert.equal((await run(c, 'dns.answer', { name: `_dmarc.${DOMAIN}`, type: 'TXT' })).message.key, 'dns.nxdomain');
    assert.equal((await run(c, 'dns.answer', { name: `mail.${DOMAIN}`, type: 'TXT' })).message.key, 'dns.nodata');
    assert.equal((await run(c, 'dns.answer', { name: 'example.com', type: 'A' })).message.key, 'dns.refused');
    assert.equal((await run(ctx(ws, 9), 'dns.answer', { name: DOMAIN, type: 'A' })).message.key, 'dns.sandboxDown');
    // a broken zone file is named with its line before the live answer is even asked
    editZone(ws, (s) => s + 'oops IN A 1.2.3\n');
    const broken = await run(c, 'dns.answer', { name: DOMAIN, type: 'TXT', expect: ['v=spf1 a mx -all'] });
    assert.equal(broken.message.key, 'dns.zoneBroken');
    assert.equal(broken.message.params?.file, ZONE_FILE);
    assert.match(t('en', broken.message.key, broken.message.params), /bad IPv4 address "1\.2\.3"/);
    // the zone's own error is in the learner's language too, not only the sentence around it
    assert.match(t('es', broken.message.key, broken.message.params), /línea \d+: dirección IPv4 incorrecta, «1\.2\.3»\. El DNS no carga/);
    assert.match(t('ca', broken.message.key, broken.message.params), /línia \d+: adreça IPv4 incorrecta, «1\.2\.3»\. El DNS no carrega/);
  } finally {
    await dns.close();
  }
});

test('dns.queried reads the query log, name case-insensitive', async () => {
  const { ws, dns } = await dnsFor();
  try {
    const c = ctx(ws, dns.port);
    assert.equal((await run(c, 'dns.queried', { name: '2.0.0.127.zen.spamhaus.org', types: ['A'] })).message.key, 'dns.notQueried');
    const { resolveAt } = await import('../../../src/sandbox/dns/resolver.js');
    await resolveAt('127.0.0.1', dns.port, '2.0.0.127.ZEN.spamhaus.org', 'A');
    assert.equal((await run(c, 'dns.queried', { name: '2.0.0.127.zen.spamhaus.org', types: ['A'] })).status, 'pass');
    assert.equal(
      (await run(c, 'dns.queried', { name: '2.0.0.127.zen.spamhaus.org', types: ['A', 'TXT'] })).message.key,
      'dns.queriedOther',
    );
  } finally {
    await dns.close();
  }
});

test('dns.rbl-rejected finds the reject in mail.log; otherwise says what stands in the way', async () => {
  const { ws, dns } = await dnsFor();
  await dns.close();
  const c = ctx(ws, 9);
  const setCf = (extra: string) => {
    const p = ws.resolve('etc/postfix/main.cf');
    writeFileSync(p, `myhostname = mail.${DOMAIN}\nmydomain = ${DOMAIN}\n${extra}`);
  };
  setCf('mynetworks = 127.0.0.1/32\n');
  assert.equal((await run(c, 'dns.rbl-rejected', { client: '127.0.0.2' })).message.key, 'dns.rblNotWired');
  setCf('mynetworks = 127.0.0.0/8\nsmtpd_recipient_restrictions = permit_mynetworks, reject_rbl_client zen.spamhaus.org=127.0.0.[2..11]\n');
  assert.equal((await run(c, 'dns.rbl-rejected', { client: '127.0.0.2' })).message.key, 'dns.clientTrusted');
  setCf('mynetworks = 127.0.0.1/32\nsmtpd_recipient_restrictions = permit_mynetworks, reject_rbl_client zen.spamhaus.org\n');
  assert.equal((await run(c, 'dns.rbl-rejected', { client: '127.0.0.2' })).message.key, 'dns.rblNoReject');
  mkdirSync(ws.resolve('var/log'), { recursive: true });
  writeFileSync(
    ws.resolve('var/log/mail.log'),
    'Jan  1 00:00:00 mail postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[127.0.0.2]: 554 5.7.1 Service unavailable; Client host [127.0.0.2] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.2; from=<a@example.net> to=<postmaster@aula.test> proto=ESMTP helo=<x>\n',
  );
  const ok = await run(c, 'dns.rbl-rejected', { client: '127.0.0.2' });
  assert.equal(ok.status, 'pass');
  assert.match(ok.evidence[0], /^NOQUEUE: reject: RCPT from unknown\[127\.0\.0\.2\]/);
  assert.equal((await run(c, 'dns.rbl-rejected', { client: '127.0.0.2', list: 'bl.spamcop.net' })).message.key, 'dns.rblNotWired');
  assert.equal(
    (await run(c, 'dns.rbl-rejected', { except: ['127.0.0.2'], listing: 'etc/bind/dnsbl-local.zone' })).message.key,
    'dns.rblListingEmpty',
  );
});

test('mynetworks matching', () => {
  assert.equal(networkEntryFor(['127.0.0.0/8'], '127.0.0.2'), '127.0.0.0/8');
  assert.equal(networkEntryFor(['0.0.0.0/0'], '203.0.113.7'), '0.0.0.0/0');
  assert.equal(networkEntryFor(['127.0.0.1/32', '[::1]/128'], '127.0.0.2'), undefined);
  assert.equal(networkEntryFor(['127.0.0.1'], '127.0.0.1'), '127.0.0.1');
  assert.equal(networkEntryFor(['hash:/etc/postfix/network_table', '10.0.0.0/33'], '10.0.0.1'), undefined);
});
