// The limits smtpd puts on a client's mistakes, read from the service's main.cf: the error
// limits and their sleep, the UTF-8 check of command lines, and smtpd_forbid_bare_newline.
import { param, list, type MainCf } from '../../postfix/main-cf.js';
import { timeValueMs } from '../../postfix/time.js';
import { matchList, parseNetworkList } from '../../postfix/cidr.js';
import { bareNewlineMode, bareNewlineRejectLine, type BareNewline } from '../../postfix/smtpd-protocol.js';
import type { PostfixSession } from './session-state.js';

export interface ErrorLimits {
  /** smtpd_soft_error_limit: from this many errors on, every reply waits sleepMs */
  soft: number;
  /** smtpd_hard_error_limit: at this many errors the session ends with 421 */
  hard: number;
  /** smtpd_error_sleep_time */
  sleepMs: number;
}

function count(cf: MainCf, name: string, fallback: number): number {
  const v = param(cf, name).trim();
  return /^\d+$/.test(v) ? Number(v) : fallback;
}

export function errorLimits(cf: MainCf, hardDefault = 20): ErrorLimits {
  return {
    soft: count(cf, 'smtpd_soft_error_limit', 10),
    hard: count(cf, 'smtpd_hard_error_limit', hardDefault),
    sleepMs: timeValueMs(param(cf, 'smtpd_error_sleep_time')) ?? 1000,
  };
}

/** smtputf8_enable (yes from compatibility_level 1 on): smtpd then refuses command lines that are not UTF-8 */
export function utf8Checked(cf: MainCf): boolean {
  return !/^no$/i.test(param(cf, 'smtputf8_enable').trim());
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function isUtf8(b: Buffer): boolean {
  try {
    decoder.decode(b);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** smtpd_forbid_bare_newline for this client: its exclusions ($mynetworks by default) are exempt */
export function bareNewline(s: PostfixSession): BareNewline {
  const mode = bareNewlineMode(param(s.svc.cf, 'smtpd_forbid_bare_newline'));
  if (mode === 'no') return mode;
  const name = 'smtpd_forbid_bare_newline_exclusions';
  const exempt = s.svc.cf.entries.has(name) ? parseNetworkList(list(s.svc.cf, name)) : s.svc.mynetworks;
  return matchList(exempt, s.client.addr, s.client.name) ? 'no' : mode;
}

/** smtpd_forbid_bare_newline = reject: the reply and the log line (at a command, or at the end of DATA) */
export function rejectBareNewline(s: PostfixSession, where: string): void {
  const to = where === 'END-OF-MESSAGE' ? s.rcpts.at(-1) : undefined;
  s.rt.log.line(s.program, bareNewlineRejectLine({ queueId: s.queueId, where, namaddr: s.namaddr, sender: s.sender, to, proto: s.proto, helo: s.helo }));
  s.rt.counts.rejected++;
  const code = Number(param(s.svc.cf, 'smtpd_forbid_bare_newline_reject_code')) || 550;
  s.reply(code, `5.5.2 ${s.svc.hostname} Error: bare <LF> received`);
}
