/**
 * Who smtpd takes as a local recipient (local_recipient_maps), what VRFY answers, and the
 * addresses local(8) logs after cleanup qualified them and aliases rewrote them.
 * Pure: the sandbox passes in what its lookup tables and its passwd know.
 */
import { classifyDomain, domainOf, type Reply, type RestrictionFacts } from './smtpd-check.js';

/**
 * The accounts passwd.byname finds on a Debian 12 system with Postfix installed
 * (base-passwd and the postfix package), besides the learner's own users (home/USER).
 */
export const SYSTEM_ACCOUNTS: readonly string[] = [
  'root',
  'daemon',
  'bin',
  'sys',
  'sync',
  'games',
  'man',
  'lp',
  'mail',
  'news',
  'uucp',
  'proxy',
  'www-data',
  'backup',
  'list',
  'irc',
  '_apt',
  'nobody',
  'postfix',
];

/** The passwd lookup in local_recipient_maps ("proxy:unix:passwd.byname", "unix:passwd.byname"). */
export function isPasswdMap(spec: string): boolean {
  return /^(proxy:)?unix:passwd\.byname$/i.test(spec);
}

export interface LocalRecipientFacts extends Pick<RestrictionFacts, 'mydestination' | 'relayDomains'> {
  /** local_recipient_maps after $name expansion; empty turns the check off */
  maps: string;
  recipientDelimiter: string;
  /** unknown_local_recipient_reject_code (550) */
  code?: number;
  /** is KEY (a user name, or user@domain) in the table SPEC? */
  has(spec: string, key: string): boolean;
  /** a table that cannot be opened (an alias_maps file that does not exist): its lookups fail */
  unavailable?(spec: string): boolean;
}

/** smtpd takes these local parts without asking local_recipient_maps (qmgr absorbs them): double_bounce_sender, postmaster, MAILER-DAEMON. */
const ALWAYS_ACCEPTED = new Set(['double-bounce', 'postmaster', 'mailer-daemon']);

/** The local part without its extension (recipient_delimiter), lowercased: "Alumno+x" → "alumno". */
export function baseUser(local: string, delimiter: string): string {
  let user = local.toLowerCase();
  const cut = [...delimiter].map((c) => user.indexOf(c)).filter((i) => i > 0);
  if (cut.length) user = user.slice(0, Math.min(...cut));
  return user;
}

/** Is the recipient in a domain delivered here (mydestination, our address literal, or no domain at all)? */
export function isLocalAddress(addr: string, facts: Pick<RestrictionFacts, 'mydestination' | 'relayDomains'>): boolean {
  if (!addr.includes('@')) return true;
  return classifyDomain(domainOf(addr), facts).local;
}

/**
 * smtpd's check of local_recipient_maps, at RCPT TO (after the restrictions permit) and
 * at VRFY: the reply for a local recipient no table knows, or undefined.
 */
export function unknownLocalRecipient(
  rcpt: string,
  f: LocalRecipientFacts,
): (Reply & { lookupError?: { spec: string; key: string } }) | undefined {
  const maps = f.maps.split(/[\s,]+/).filter(Boolean);
  if (!maps.length || !isLocalAddress(rcpt, f)) return undefined;
  const at = rcpt.lastIndexOf('@');
  // the internal form: a quoted local part ("alumno"@dom) is alumno
  const written = at >= 0 ? rcpt.slice(0, at) : rcpt;
  const local = /^".*"$/.test(written) ? written.slice(1, -1).replace(/\\(.)/g, '$1') : written;
  if (ALWAYS_ACCEPTED.has(local.toLowerCase())) return undefined;
  const user = baseUser(local, f.recipientDelimiter);
  const keys =
    at >= 0
      ? [`${local.toLowerCase()}@${domainOf(rcpt)}`, `${user}@${domainOf(rcpt)}`, local.toLowerCase(), user]
      : [local.toLowerCase(), user];
  // tables in order, the first that knows the user wins; one that cannot be opened ends it with
  // a temporary failure (Postfix 3.7.11: "451 4.3.0 <rcpt>: Temporary lookup failure")
  for (const spec of maps) {
    if (f.unavailable?.(spec))
      return { code: 451, enhanced: '4.3.0', text: `<${rcpt}>: Temporary lookup failure`, lookupError: { spec, key: keys[0] } };
    if (keys.some((k) => f.has(spec, k))) return undefined;
  }
  const code = f.code ?? 550;
  return {
    code,
    enhanced: `${String(code)[0]}.1.1`,
    text: `<${rcpt}>: Recipient address rejected: User unknown in local recipient table`,
  };
}

/**
 * VRFY's argument as Postfix's extract_addr() reads it: "alumno", "<alumno>"; undefined for
 * "a b", "<>" or "" (Postfix answers 501 5.1.3 and warns "Illegal address syntax").
 */
export function vrfyAddress(arg: string): string | undefined {
  const s = arg.trim();
  const m = /^<([^<>]*)>$/.exec(s);
  const addr = (m ? m[1] : s).trim();
  if (!addr || /[\s<>]/.test(addr)) return undefined;
  return externalForm(addr);
}

const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * An address as smtpd writes it back in replies and logs: its internal form, quoted again
 * only where RFC 5321 needs it ("nadie"@dom → nadie@dom; "a b"@dom stays quoted).
 */
export function externalForm(addr: string): string {
  const at = addr.lastIndexOf('@');
  const local = at >= 0 ? addr.slice(0, at) : addr;
  if (!/^".*"$/.test(local)) return addr;
  const inner = local.slice(1, -1).replace(/\\(.)/g, '$1');
  return ATOM.test(inner) ? inner + (at >= 0 ? addr.slice(at) : '') : addr;
}

/** cleanup(8) qualifies an envelope address without a domain with @$myorigin. */
export function qualify(addr: string, myorigin: string): string {
  return addr.includes('@') || !myorigin ? addr : `${addr}@${myorigin}`;
}
