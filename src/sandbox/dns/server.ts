/**
 * The embedded authoritative DNS: UDP and TCP on loopback, serving every zone that
 * etc/bind/named.conf.local declares. A zone file that changes is reloaded (debounced);
 * a broken zone is reported with file and line and its last good version keeps serving.
 * Every query is written to var/log/named.log in BIND's querylog format.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import { watch, type FSWatcher, openSync, writeSync, closeSync, mkdirSync, statSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Workspace } from '../../workspace/workspace.js';
import type { ConfigIssue } from '../../postfix/main-cf.js';
import { loadZones } from './zones.js';
import { ZoneSet, respond, type Rcode } from './answer.js';
import { formatIssue, hasFatal, type Zone } from './zone.js';
import { QUERY_LOG } from '../names.js';
import { PUBLIC_RESOLVER_SOURCE } from './public-resolver.js';

const QUERY_LOG_MAX = 4 * 1024 * 1024;
const RELOAD_DEBOUNCE_MS = 40;
const TCP_IDLE_MS = 10_000;
const TCP_MAX_CONNECTIONS = 64;

export interface ServedZone {
  name: string;
  file: string;
  serial?: number;
  /** "ok", or "stale": the file is broken and the last good version is served */
  state: 'ok' | 'stale';
  loadedAt: string;
}

export interface DnsStats {
  queries: number;
  zones: number;
  udp: number;
  tcp: number;
  truncated: number;
  rcodes: Partial<Record<Rcode, number>>;
  reloads: number;
}

export interface DnsServerHandle {
  port: number;
  /** re-reads the zone files; a broken zone keeps its last good version and is reported */
  reload(): Promise<ConfigIssue[]>;
  issues(): ConfigIssue[];
  stats(): DnsStats;
  zones(): ServedZone[];
  close(): Promise<void>;
}

export interface DnsOptions {
  ws: Workspace;
  host: string;
  port: number;
  log?: (line: string) => void;
  /** write var/log/named.log (default true) */
  queryLog?: boolean;
  /** reload when a zone file changes (default true) */
  watch?: boolean;
}

function bindUdp(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: 'udp4' });
    s.once('error', reject);
    s.bind(port, host, () => {
      s.off('error', reject);
      resolve(s);
    });
  });
}

function listenTcp(host: string, port: number, onConn: (c: TcpSocket) => void): Promise<Server> {
  return new Promise((resolve, reject) => {
    const srv = createServer({ pauseOnConnect: false }, onConn);
    srv.maxConnections = TCP_MAX_CONNECTIONS;
    srv.once('error', reject);
    srv.listen(port, host, () => {
      srv.off('error', reject);
      resolve(srv);
    });
  });
}

function bindTime(d = new Date()): string {
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getMonth()];
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getDate())}-${mon}-${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** Appends query lines synchronously (so a check run right after `dig` sees them), rotating at a size. */
class QueryLog {
  private fd?: number;
  private size = 0;
  constructor(private path: string) {}

  write(line: string) {
    try {
      if (this.fd === undefined) {
        mkdirSync(dirname(this.path), { recursive: true });
        this.fd = openSync(this.path, 'a');
        try {
          this.size = statSync(this.path).size;
        } catch {
          this.size = 0;
        }
      }
      if (this.size > QUERY_LOG_MAX) {
        closeSync(this.fd);
        renameSync(this.path, this.path + '.1');
        this.fd = openSync(this.path, 'a');
        this.size = 0;
      }
      this.size += writeSync(this.fd, line + '\n');
    } catch {
      // a log that cannot be written never stops the DNS
    }
  }

  close() {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export async function startDns(o: DnsOptions): Promise<DnsServerHandle | undefined> {
  const log = o.log ?? (() => {});
  const pid = process.pid;
  const qlog = o.queryLog === false ? undefined : new QueryLog(o.ws.resolve(QUERY_LOG));
  // zone loading goes to the sandbox's log and to named.log, where the learner looks for DNS trouble
  const named = (line: string) => {
    log(`named[${pid}]: ${line}`);
    qlog?.write(`${bindTime()} general: ${line}`);
  };
  let set = new ZoneSet([]);
  const good = new Map<string, { zone: Zone; loadedAt: string; stale: boolean }>();
  let currentIssues: ConfigIssue[] = [];
  let watchedFiles: string[] = [];
  const stats: DnsStats = { queries: 0, zones: 0, udp: 0, tcp: 0, truncated: 0, rcodes: {}, reloads: 0 };

  const doReload = (): ConfigIssue[] => {
    stats.reloads++;
    const loaded = loadZones(o.ws);
    const now = new Date().toISOString();
    watchedFiles = loaded.files;
    const issues: ConfigIssue[] = [...loaded.confIssues];
    for (const i of loaded.confIssues) named(formatIssue(i));
    if (hasFatal({ issues: loaded.confIssues })) {
      named(`${loaded.files[0]}: errors in the list of zones; still serving the zones loaded before`);
    } else {
      const declared = new Set(loaded.decls.map((d) => d.name));
      for (const name of [...good.keys()]) if (!declared.has(name)) good.delete(name);
      for (const d of loaded.decls) {
        const z = loaded.zones.find((x) => x.origin === d.name);
        const zoneIssues = z ? z.issues : [loaded.unreadable.get(d.name)!];
        issues.push(...zoneIssues);
        for (const i of zoneIssues) named(formatIssue(i));
        if (z && !hasFatal(z)) {
          const prev = good.get(d.name);
          const changed = !prev || prev.stale || prev.zone.soa?.data.serial !== z.soa?.data.serial || prev.zone.records.length !== z.records.length;
          good.set(d.name, { zone: z, loadedAt: now, stale: false });
          if (changed) named(`zone ${d.name}/IN: loaded serial ${z.soa?.data.serial ?? 0}`);
          continue;
        }
        const prev = good.get(d.name);
        if (prev) {
          prev.stale = true;
          named(`zone ${d.name}/IN: not loaded due to errors; still serving the last good version (serial ${prev.zone.soa?.data.serial ?? 0})`);
        } else {
          named(`zone ${d.name}/IN: not loaded due to errors`);
        }
      }
    }
    set = new ZoneSet([...good.values()].map((g) => g.zone));
    stats.zones = set.size;
    currentIssues = issues;
    return issues;
  };

  const onQuery = (msg: Buffer, transport: 'udp' | 'tcp', client: { address: string; port: number }): Buffer | undefined => {
    const r = respond(set, msg, { transport, viaPublicResolver: client.address === PUBLIC_RESOLVER_SOURCE });
    if (!r.reply) return undefined;
    stats.queries++;
    stats[transport]++;
    if (r.truncated) stats.truncated++;
    if (r.rcode) stats.rcodes[r.rcode] = (stats.rcodes[r.rcode] ?? 0) + 1;
    if (qlog && r.qname !== undefined) {
      const flags = (msg[2] & 0x01 ? '+' : '-') + (msg.length > 12 && msg.readUInt16BE(10) > 0 ? 'E(0)' : '') + (transport === 'tcp' ? 'T' : '');
      const shown = r.qname.replace(/[^\x21-\x7e]/g, '?');
      qlog.write(
        `${bindTime()} queries: info: client @0x0 ${client.address}#${client.port} (${shown}): query: ${shown} IN ${r.qtype} ${flags} (${o.host}) -> ${r.rcode}${r.truncated ? ' TC' : ''}`,
      );
    }
    return r.reply;
  };

  doReload();

  let udp: Socket | undefined;
  let tcp: Server | undefined;
  const conns = new Set<TcpSocket>();
  const onTcp = (c: TcpSocket) => {
    conns.add(c);
    c.setTimeout(TCP_IDLE_MS, () => c.destroy());
    c.on('close', () => conns.delete(c));
    c.on('error', () => c.destroy());
    let buf: Buffer = Buffer.alloc(0);
    c.on('data', (d: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < len + 2) break;
        const msg = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        const reply = onQuery(msg, 'tcp', { address: c.remoteAddress ?? '?', port: c.remotePort ?? 0 });
        if (reply && !c.destroyed) {
          const frame = Buffer.alloc(2 + reply.length);
          frame.writeUInt16BE(reply.length, 0);
          reply.copy(frame, 2);
          c.write(frame);
        }
      }
    });
  };

  // UDP and TCP on the same port; with port 0 the UDP port is picked first, then TCP follows it
  for (let attempt = 0; attempt < 10 && !tcp; attempt++) {
    udp = await bindUdp(o.host, o.port);
    const port = udp.address().port;
    try {
      tcp = await listenTcp(o.host, port, onTcp);
    } catch (e) {
      udp.close();
      udp = undefined;
      if (o.port !== 0 || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    }
  }
  if (!udp || !tcp) throw new Error('could not bind UDP and TCP on the same port');
  const port = udp.address().port;
  const udpSock = udp;
  udpSock.on('message', (msg, rinfo) => {
    const reply = onQuery(msg, 'udp', rinfo);
    if (reply) udpSock.send(reply, rinfo.port, rinfo.address, () => {});
  });
  udpSock.on('error', (e) => named(`UDP socket error: ${e.message}`));
  named(`listening on IPv4 interface lo, ${o.host}#${port} (UDP and TCP)`);

  // watch the folders of every file read: editors often save by renaming
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const schedule = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      doReload();
      rewatch();
    }, RELOAD_DEBOUNCE_MS);
  };
  const rewatch = () => {
    if (o.watch === false || closed) return;
    const dirs = new Set<string>();
    for (const f of watchedFiles) {
      try {
        dirs.add(dirname(o.ws.resolve(f)));
      } catch {
        // outside the workspace: never read, never watched
      }
    }
    for (const [d, w] of watchers) {
      if (!dirs.has(d)) {
        w.close();
        watchers.delete(d);
      }
    }
    for (const d of dirs) {
      if (watchers.has(d)) continue;
      try {
        const w = watch(d, { persistent: false }, () => schedule());
        w.on('error', () => {
          w.close();
          watchers.delete(d);
        });
        watchers.set(d, w);
      } catch {
        // the folder does not exist (yet)
      }
    }
  };
  rewatch();

  return {
    port,
    async reload() {
      const issues = doReload();
      rewatch();
      return issues;
    },
    issues: () => currentIssues,
    stats: () => ({ ...stats, rcodes: { ...stats.rcodes } }),
    zones: () =>
      [...good.entries()].map(([name, g]) => ({
        name,
        file: g.zone.files[0],
        serial: g.zone.soa?.data.serial,
        state: g.stale ? ('stale' as const) : ('ok' as const),
        loadedAt: g.loadedAt,
      })),
    async close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
      for (const c of conns) c.destroy();
      await Promise.all([new Promise<void>((r) => udpSock.close(() => r())), new Promise<void>((r) => tcp!.close(() => r()))]);
      qlog?.close();
    },
  };
}
