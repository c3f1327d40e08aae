// Who counts as "one of ours": the clients OpenDKIM signs for and the receiving side does not police.
import { BlockList, isIP } from 'node:net';
import { list, type MainCf } from '../../postfix/main-cf.js';
import type { SessionInfo } from '../pipeline.js';
import { rethrowBug } from '../../util/errors.js';

/** Maps ::ffff:a.b.c.d to a.b.c.d so IPv4 networks match a dual-stack socket's address. */
export function plainAddr(addr: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  return m ? m[1] : addr;
}

/** Does addr fall in one of these Postfix network entries (1.2.3.0/24, [::1]/128, a bare address)? */
export function inNetworks(addr: string, entries: string[]): boolean {
  const a = plainAddr(addr);
  const family = isIP(a);
  if (!family) return false;
  return blockList(entries).check(a, family === 4 ? 'ipv4' : 'ipv6');
}

/** The same few lists come back for every message: each is built once. */
const lists = new Map<string, BlockList>();

function blockList(entries: string[]): BlockList {
  const key = entries.join('\n');
  let bl = lists.get(key);
  if (bl) return bl;
  bl = new BlockList();
  for (const raw of entries) {
    const m = /^\[?([0-9a-fA-F:.]+)\]?(?:\/(\d{1,3}))?$/.exec(raw.trim());
    if (!m) continue; // hostnames, tables: the sandbox does not resolve them
    const net = plainAddr(m[1]);
    const f = isIP(net);
    if (!f) continue;
    const type = f === 4 ? 'ipv4' : 'ipv6';
    try {
      if (m[2] === undefined) bl.addAddress(net, type);
      else bl.addSubnet(net, Number(m[2]), type);
    } catch (e) {
      rethrowBug(e);
      // a prefix out of range: Postfix would refuse it too; ignore here
    }
  }
  if (lists.size > 100) lists.clear();
  lists.set(key, bl);
  return bl;
}

/** each configuration's answers by client address: asked for every message, twice when OpenDKIM signs */
const inMynetworks = new WeakMap<MainCf, Map<string, boolean>>();

/** Authenticated with SASL, or connecting from mynetworks: Postfix relays for it, OpenDKIM signs for it. */
export function trustedClient(session: SessionInfo, cfg: MainCf): boolean {
  if (session.sasl) return true;
  let known = inMynetworks.get(cfg);
  if (!known) {
    known = new Map();
    inMynetworks.set(cfg, known);
  }
  const addr = session.client.addr;
  let yes = known.get(addr);
  if (yes === undefined) {
    yes = inNetworks(addr, list(cfg, 'mynetworks'));
    if (known.size >= 1000) known.clear();
    known.set(addr, yes);
  }
  return yes;
}
