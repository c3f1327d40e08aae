// The lookups behind check_*_{a,mx,ns}_access, on a resolver that answers as the sandbox's DNS does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverLookup } from '../../src/sandbox/smtp/servers.js';

const fail = (code: string) => Promise.reject(Object.assign(new Error(code), { code }));
const zone: Record<string, unknown> = {
  'alexdns.local MX': [{ exchange: 'mail.alexdns.local', priority: 10 }],
  'alexdns.local NS': ['ns1.alexdns.local'],
  'mail.alexdns.local A': ['127.0.0.1'],
  'ns1.alexdns.local A': ['127.0.0.1'],
  'nomail.alexdns.local MX': [{ exchange: '', priority: 0 }],
};
const resolver = (name: string, type: string) => {
  const v = zone[`${name} ${type}`];
  if (v) return Promise.resolve(v);
  if (name.endsWith('alexdns.local')) return fail(name === 'mail.alexdns.local' || name === 'www.alexdns.local' ? 'ENODATA' : 'ENOTFOUND');
  return fail('EREFUSED');
};

test('MX: the hosts and their addresses; no MX: the domain itself; a null MX: nothing; REFUSED: a failure', async () => {
  assert.deepEqual(await serverLookup(resolver, 'MX', 'alexdns.local'), { hosts: [{ name: 'mail.alexdns.local', addrs: ['127.0.0.1'] }] });
  assert.deepEqual(await serverLookup(resolver, 'MX', 'mail.alexdns.local'), { hosts: [{ name: 'mail.alexdns.local', addrs: ['127.0.0.1'] }] });
  assert.deepEqual(await serverLookup(resolver, 'MX', 'nomail.alexdns.local'), { nullmx: true, hosts: [] });
  assert.deepEqual(await serverLookup(resolver, 'MX', 'example.net'), { failed: { domain: 'example.net', error: 'Host not found, try again' }, hosts: [] });
  // NXDOMAIN is "not found" too: the name is its own MX host, which has no address
  assert.deepEqual(await serverLookup(resolver, 'MX', 'nx.alexdns.local'), { hosts: [{ name: 'nx.alexdns.local', error: 'Name or service not known' }] });
});

test("NS: a name without NS records takes its parent domain's; A: the name itself, /etc/hosts before the DNS", async () => {
  assert.deepEqual(await serverLookup(resolver, 'NS', 'www.alexdns.local'), { hosts: [{ name: 'ns1.alexdns.local', addrs: ['127.0.0.1'] }] });
  assert.deepEqual(await serverLookup(resolver, 'NS', 'example.net'), { failed: { domain: 'example.net', error: 'Host not found, try again' }, hosts: [] });
  assert.deepEqual(await serverLookup(resolver, 'A', 'mail.alexdns.local'), { hosts: [{ name: 'mail.alexdns.local', addrs: ['127.0.0.1'] }] });
  // every machine's /etc/hosts names localhost (the DNS would refuse it)
  assert.deepEqual(await serverLookup(resolver, 'A', 'localhost'), { hosts: [{ name: 'localhost', addrs: ['127.0.0.1'] }] });
  assert.deepEqual(await serverLookup(resolver, 'A', 'mx.example.net'), { hosts: [{ name: 'mx.example.net', error: 'Temporary failure in name resolution' }] });
});
