// OWNER: DNS work (issue 4). Interface fixed here so the sandbox can start it; body to be written.
import type { Workspace } from '../../workspace/workspace.js';
import type { ConfigIssue } from '../config/maincf.js';

export interface DnsServerHandle {
  port: number;
  /** re-reads the zone files; a broken zone keeps its last good version and is reported */
  reload(): Promise<ConfigIssue[]>;
  issues(): ConfigIssue[];
  stats(): { queries: number; zones: number };
  close(): Promise<void>;
}

export async function startDns(_o: { ws: Workspace; host: string; port: number; log?: (line: string) => void }): Promise<DnsServerHandle | undefined> {
  return undefined;
}
