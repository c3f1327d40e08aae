// A zone file saved is served; a broken one is reported with file and line and the last good zone keeps serving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, writeFileSync, readFileSync } from 'node:fs';
import { dnsFor, appendZone, editZone, eventually, ZONE_FILE, DOMAIN } from './helpers.js';
import { makeResolver } from '../../../src/sandbox/dns/resolver.js';
import { formatIssue } from '../../../src/sandbox/dns/zone.js';
import { NAMED_CONF } from '../../../src/sandbox/dns/zones.js';

const txtOf = async (r: ReturnType<typeof makeResolver>, name: string) => {
  try {
    return ((await r(name, 'TXT')) as string[][]).map((x) => x.join(''));
  } catch (e) {
    return [(e as NodeJS.ErrnoException).code ?? 'error'];
  }
};

test('saving a zone file is picked up by the watcher', async () => {
  const { ws, dns } = await dnsFor(undefined, { watch: true });
  try {
    const r = makeResolver('127.0.0.1', dns.port);
    assert.deepEqual(await txtOf(r, DOMAIN), ['ENODATA']);
    appendZone(ws, '@ IN TXT "v=spf1 mx -all"\n');
    await eventually(async () => (await txtOf(r, DOMAIN))[0] === 'v=spf1 mx -all', 'the new TXT record');
    // an editor that saves by writing a new file and renaming it over the old one
    const p = ws.resolve(ZONE_FILE);
    writeFileSync(p + '.swp', readFileSync(p, 'utf8').replace('mx -all', 'mx ~all'));
    renameSync(p + '.swp', p);
    await eventually(async () => (await txtOf(r, DOMAIN))[0] === 'v=spf1 mx ~all', 'the renamed file');
    // the learner's listing, included by the three DNSBL zones
    appendZone(ws, '5.0.0.127 IN A 127.0.0.2\n', 'etc/bind/dnsbl-local.zone');
    await eventually(async () => {
      try {
        return (await r('5.0.0.127.bl.spamcop.net', 'A'))[0] === '127.0.0.2';
      } catch {
        return false;
      }
    }, 'the included listing');
  } finally {
    await dns.close();
  }
});

test('a broken zone names file and line, and the last good version keeps serving', async () => {
  const { ws, dns, lines } = await dnsFor();
  try {
    const r = makeResolver('127.0.0.1', dns.port);
    appendZone(ws, 'www2 IN A 192.0.2.7\n');
    await dns.reload();
    assert.deepEqual(await r(`www2.${DOMAIN}`, 'A'), ['192.0.2.7']);
    editZone(ws, (t) => t + 'bad IN A 192.0.2.300\n');
    const issues = await dns.reload();
    const lineNo = readFileSync(ws.resolve(ZONE_FILE), 'utf8').trimEnd().split('\n').length;
    assert.deepEqual(issues.filter((i) => i.severity === 'fatal').map(formatIssue), [
      `${ZONE_FILE}, line ${lineNo}: bad IPv4 address "192.0.2.300"`,
    ]);
    assert.deepEqual(dns.issues(), issues);
    assert.deepEqual(await r(`www2.${DOMAIN}`, 'A'), ['192.0.2.7']);
    assert.equal(dns.zones().find((z) => z.name === DOMAIN)?.state, 'stale');
    assert.ok(lines.some((l) => l.includes(`${ZONE_FILE}, line ${lineNo}: bad IPv4 address`)));
    assert.ok(lines.some((l) => /zone aula\.test\/IN: not loaded due to errors; still serving the last good version/.test(l)));
    // the other zones are not affected
    assert.deepEqual(await r('2.0.0.127.zen.spamhaus.org', 'A'), ['127.0.0.2']);
    // fixed: served again, no issue left
    editZone(ws, (t) => t.replace('192.0.2.300', '192.0.2.30'));
    assert.deepEqual(
      (await dns.reload()).filter((i) => i.severity === 'fatal'),
      [],
    );
    assert.deepEqual(await r(`bad.${DOMAIN}`, 'A'), ['192.0.2.30']);
    assert.equal(dns.zones().find((z) => z.name === DOMAIN)?.state, 'ok');
  } finally {
    await dns.close();
  }
});

test('a broken named.conf.local keeps every zone; a zone whose file is gone keeps its last version', async () => {
  const { ws, dns } = await dnsFor();
  try {
    const r = makeResolver('127.0.0.1', dns.port);
    const conf = ws.resolve(NAMED_CONF);
    const good = readFileSync(conf, 'utf8');
    writeFileSync(conf, good + '\nzone "x.test" {\n');
    const issues = await dns.reload();
    assert.ok(issues.some((i) => i.file === NAMED_CONF && i.severity === 'fatal'));
    assert.deepEqual(await r(`mail.${DOMAIN}`, 'A'), ['127.0.0.1']);
    writeFileSync(conf, good);
    renameSync(ws.resolve(ZONE_FILE), ws.resolve(ZONE_FILE + '.old'));
    const again = await dns.reload();
    assert.ok(again.some((i) => /loading from master file \/etc\/bind\/db\.aula\.test failed: file not found/.test(i.text)));
    assert.deepEqual(await r(`mail.${DOMAIN}`, 'A'), ['127.0.0.1']);
    // a zone taken out of named.conf.local is no longer served
    writeFileSync(conf, good.replace(/zone "zen\.spamhaus\.org" \{[^}]*\};/, ''));
    await dns.reload();
    await assert.rejects(r('2.0.0.127.zen.spamhaus.org', 'A'), { code: 'EREFUSED' });
  } finally {
    await dns.close();
  }
});

test('$INCLUDE cannot read outside the workspace: ".." stops at its root, as in a chroot', async () => {
  const { ws, dns } = await dnsFor();
  try {
    appendZone(ws, '$INCLUDE ../../../../../../etc/passwd\n');
    const issues = await dns.reload();
    assert.ok(
      issues.some((i) => /\$INCLUDE .*: file not found/.test(i.text)),
      JSON.stringify(issues),
    );
    writeFileSync(ws.resolve('/etc/passwd'), 'inside IN A 192.0.2.9\n');
    assert.deepEqual(
      (await dns.reload()).filter((i) => i.severity === 'fatal'),
      [],
    );
    assert.deepEqual(await makeResolver('127.0.0.1', dns.port)(`inside.${DOMAIN}`, 'A'), ['192.0.2.9']);
  } finally {
    await dns.close();
  }
});
