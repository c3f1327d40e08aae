// A private, real BIND (named) on 127.0.0.1, authoritative for the zones a test gives it, with no
// recursion: what a class's DNS VM serves, for the checks that ask a real DNS server (--dns).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resolver } from 'node:dns/promises';
import { freePort } from './ports.js';
import { stopChild } from './remote-check.js';

export const NAMED = '/usr/sbin/named';

/** Why a real BIND cannot run here, or undefined. */
export function whyNoNamed(): string | undefined {
  return existsSync(NAMED) ? undefined : `a real BIND is needed (${NAMED} not found): apt-get install bind9`;
}

export class RealNamed {
  port = 0;
  private proc?: ChildProcess;
  private log = '';

  /** dir: a folder of its own; zones: origin → zone file text */
  constructor(
    readonly dir: string,
    private zones: Record<string, string>,
  ) {}

  private conf(): string {
    const zoneBlocks = Object.keys(this.zones)
      .map((z) => `zone "${z}" { type primary; file "${join(this.dir, `db.${z}`)}"; };`)
      .join('\n');
    return `options {
  directory "${this.dir}";
  pid-file "${join(this.dir, 'named.pid')}";
  session-keyfile "${join(this.dir, 'session.key')}";
  listen-on port ${this.port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
};
controls { };
${zoneBlocks}
`;
  }

  /** Writes the zones (again) and starts named, or reloads it with SIGHUP when it runs. */
  async start(zones?: Record<string, string>): Promise<void> {
    if (zones) this.zones = zones;
    mkdirSync(this.dir, { recursive: true });
    if (!this.port) this.port = await freePort();
    for (const [z, text] of Object.entries(this.zones)) writeFileSync(join(this.dir, `db.${z}`), text);
    writeFileSync(join(this.dir, 'named.conf'), this.conf());
    if (this.proc) {
      this.proc.kill('SIGHUP');
    } else {
      // -g: foreground, log to stderr; no -u: runs as whoever runs the test, on a port above 1024
      this.proc = spawn(NAMED, ['-g', '-c', join(this.dir, 'named.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
      this.proc.stderr!.on('data', (d) => (this.log = (this.log + d).slice(-20_000)));
    }
    await this.ready();
  }

  /** Waits until every zone answers with the SOA serial its file has now. */
  private async ready(): Promise<void> {
    const r = new Resolver({ timeout: 300, tries: 1 });
    r.setServers([`127.0.0.1:${this.port}`]);
    const wanted = Object.entries(this.zones).map(([z, text]) => [z, serialOf(text)] as const);
    const until = Date.now() + 15_000;
    for (;;) {
      const ok = await Promise.all(
        wanted.map(([z, serial]) =>
          r.resolveSoa(z).then(
            (soa) => soa.serial === serial,
            () => false,
          ),
        ),
      );
      if (ok.every(Boolean)) return;
      if (this.proc?.exitCode !== null || Date.now() > until)
        throw new Error(`named did not serve its zones on 127.0.0.1:${this.port}:\n${this.log}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }

  stop(): Promise<void> {
    return stopChild(this.proc);
  }
}

/** The SOA serial of a zone text: the number after the SOA's two names (and its "(", if any). */
function serialOf(text: string): number {
  const m = /\bSOA\s+\S+\s+\S+\s*\(?\s*(\d+)/.exec(text);
  if (!m) throw new Error('the test zone has no SOA serial');
  return Number(m[1]);
}
