// Hostile packets never crash the DNS: random and mutated queries, to the answer
// function directly and over UDP and TCP on loopback; afterwards it still answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { Answer } from 'dns-packet';
import { dnsFor, DOMAIN } from './helpers.js';
import { loadZones } from '../../../src/sandbox/dns/zones.js';
import { ZoneSet, respond } from '../../../src/sandbox/dns/answer.js';
import { makeResolver } from '../../../src/sandbox/dns/resolver.js';

let seed = 12345;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};

function validQueries(): Buffer[] {
  const names = [DOMAIN, `mail.${DOMAIN}`, '2.0.0.127.zen.spamhaus.org', 'nope.example', '1.0.0.127.in-addr.arpa'];
  const types = ['A', 'TXT', 'MX', 'SOA', 'ANY', 'AAAA', 'CNAME', 'PTR', 'NS', 'SRV'];
  const out: Buffer[] = [];
  for (const name of names) {
    for (const type of types) {
      out.push(
        dnsPacket.encode({
          type: 'query',
          id: rnd(65536),
          flags: dnsPacket.RECURSION_DESIRED,
          questions: [{ name, type: type as never, class: 'IN' }],
          additionals: rnd(2) ? [{ type: 'OPT', name: '.', udpPayloadSize: 512 + rnd(4000), flags: 0 } as unknown as Answer] : [],
        }),
      );
    }
  }
  return out;
}

function mutate(b: Buffer): Buffer {
  const c = Buffer.from(b);
  const kind = rnd(5);
  if (kind === 0) for (let i = 0; i < 1 + rnd(6); i++) c[rnd(c.length)] = rnd(256);
  if (kind === 1) return c.subarray(0, rnd(c.length + 1));
  if (kind === 2) return Buffer.concat([c, Buffer.from(Array.from({ length: rnd(64) }, () => rnd(256)))]);
  if (kind === 3) c.writeUInt16BE(rnd(65536), 4 + 2 * rnd(4)); // section counts
  if (kind === 4 && c.length > 14) c[12 + rnd(c.length - 12)] = 0xc0 | rnd(64); // compression pointers
  return c;
}

function random(): Buffer {
  return Buffer.from(Array.from({ length: rnd(600) }, () => rnd(256)));
}

test('the answer function survives random and mutated packets', async () => {
  const { ws, dns } = await dnsFor();
  await dns.close();
  const set = new ZoneSet(loadZones(ws).zones);
  const base = validQueries();
  let replies = 0;
  for (let i = 0; i < 20_000; i++) {
    const msg = i % 3 === 0 ? random() : mutate(base[rnd(base.length)]);
    const r = respond(set, msg, { transport: rnd(2) ? 'udp' : 'tcp' });
    if (r.reply) {
      replies++;
      assert.ok(r.reply.length >= 12);
      // the reply is a well-formed response to the same id
      assert.equal(r.reply.readUInt16BE(0), msg.readUInt16BE(0));
      assert.ok(r.reply[2] & 0x80);
      dnsPacket.decode(r.reply);
    }
  }
  assert.ok(replies > 1000);
});

test('the server survives hostile traffic on UDP and TCP and still answers', async () => {
  const { dns } = await dnsFor();
  try {
    const base = validQueries();
    const udp = createSocket('udp4');
    await new Promise<void>((res) => udp.bind(0, '127.0.0.1', res));
    for (let i = 0; i < 2000; i++) {
      const msg = i % 2 ? random() : mutate(base[rnd(base.length)]);
      await new Promise<void>((res) => udp.send(msg, dns.port, '127.0.0.1', () => res()));
    }
    udp.close();
    // TCP: garbage frames, a frame split byte by byte, a length that never arrives, an abrupt close
    const streams: Buffer[] = [
      Buffer.concat(Array.from({ length: 50 }, () => random())),
      Buffer.concat(base.slice(0, 20).map((q) => Buffer.concat([Buffer.from([q.length >> 8, q.length & 0xff]), mutate(q)]))),
      Buffer.from([0xff, 0xff, 1, 2, 3]),
      Buffer.from([0x00]),
    ];
    for (const s of streams) {
      await new Promise<void>((res) => {
        const c = connect(dns.port, '127.0.0.1', () => {
          c.write(s, () => setTimeout(() => c.destroy(), 20));
        });
        c.on('error', () => {});
        c.on('close', () => res());
      });
    }
    const r = makeResolver('127.0.0.1', dns.port);
    assert.deepEqual(await r(`mail.${DOMAIN}`, 'A'), ['127.0.0.1']);
    assert.ok(dns.stats().queries > 0);
  } finally {
    await dns.close();
  }
});

test('a response is never answered (no reflection loops)', async () => {
  const { ws, dns } = await dnsFor();
  await dns.close();
  const set = new ZoneSet(loadZones(ws).zones);
  const resp = dnsPacket.encode({ type: 'response', id: 1, flags: 0, questions: [{ name: DOMAIN, type: 'A', class: 'IN' }] });
  assert.equal(respond(set, resp, { transport: 'udp' }).reply, undefined);
});
