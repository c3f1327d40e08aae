// Is policyd-spf wired? main.cf must call it from a restriction list, and master.cf must run it.
import { list, type MainCf } from '../../postfix/main-cf.js';
import type { Workspace } from '../../workspace/workspace.js';
import { POLICY_SERVICE } from './policyd-spf.js';

import { MASTER_CF } from '../../postfix/defaults.js';
export { MASTER_CF };
const LISTS = ['smtpd_client_restrictions', 'smtpd_helo_restrictions', 'smtpd_sender_restrictions', 'smtpd_relay_restrictions', 'smtpd_recipient_restrictions'];

export interface PolicydSpfWiring {
  /** where main.cf calls check_policy_service unix:private/policyd-spf */
  restriction?: { list: string; index: number; items: string[] };
  /** the master.cf line that defines the policyd-spf service, and its number */
  service?: { line: number; text: string; spawnsPolicyd: boolean };
}

/** The restriction list entry that calls the policy service (the argument may be any policyd-spf socket). */
export function findPolicyRestriction(cfg: MainCf): PolicydSpfWiring['restriction'] {
  for (const name of LISTS) {
    const items = list(cfg, name).map((i) => i.toLowerCase());
    const at = items.findIndex((it, k) => it === 'check_policy_service' && /policyd-spf$/.test(items[k + 1] ?? ''));
    if (at >= 0) return { list: name, index: at, items };
  }
  return undefined;
}

/** master.cf's policyd-spf service: "policyd-spf unix - n n - 0 spawn user=policyd-spf argv=/usr/bin/policyd-spf". */
export function findPolicydService(text: string | undefined): PolicydSpfWiring['service'] {
  if (text === undefined) return undefined;
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^policyd-spf\s+unix\s/.test(lines[i])) continue;
    let logical = lines[i];
    for (let k = i + 1; k < lines.length && /^\s+\S/.test(lines[k]) && !/^\s*#/.test(lines[k]); k++) logical += ' ' + lines[k].trim();
    const words = logical.trim().split(/\s+/);
    const spawnsPolicyd = words[7] === 'spawn' && words.some((w) => /^argv=\S*policyd-spf$/.test(w));
    return { line: i + 1, text: logical.trim(), spawnsPolicyd };
  }
  return undefined;
}

export function policydSpfWiring(ws: Workspace, cfg: MainCf): PolicydSpfWiring {
  const restriction = findPolicyRestriction(cfg);
  const service = findPolicydService(ws.readText(MASTER_CF));
  return { restriction, service: service?.spawnsPolicyd ? service : undefined };
}

export { POLICY_SERVICE };
