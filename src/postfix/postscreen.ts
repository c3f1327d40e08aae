/**
 * postscreen(8) as a pure model: its settings, the verdict on a client (access list,
 * pregreet test, weighted DNSBL rank), its log lines, and the small SMTP engine it speaks
 * to a client that failed a test under "enforce" (every RCPT refused, DATA/BDAT end the
 * session). Words and order as a real Postfix 3.7.11 logged and replied on loopback.
 * The sandbox does the waiting, the DNS and the hand-off to smtpd.
 */
import { list, param, type MainCf } from './main-cf.js';
import { matchList, parseNetworkList } from './cidr.js';
import { parseDnsblSite, type DnsblSite } from './dnsbl.js';
import { timeValueMs } from './time.js';
import type { Reply } from './smtpd-check.js';

export type PsAction = 'ignore' | 'enforce' | 'drop';

export interface PostscreenConfig {
  greetAction: PsAction;
  greetWaitMs: number;
  /** the "220-" line sent at once, before the greet wait ('' = no pregreet test) */
  greetBanner: string;
  dnsblSites: DnsblSite[];
  dnsblThreshold: number;
  dnsblAction: PsAction;
  /** postscreen_access_list items: permit_mynetworks or CIDR patterns the caller resolved */
  accessList: string[];
  denylistAction: PsAction;
  hostname: string;
  /** sites Postfix would not read, as written */
  badSites: string[];
}

const action = (v: string): PsAction => (v === 'enforce' || v === 'drop' ? v : 'ignore');

export function postscreenConfig(cf: MainCf): PostscreenConfig {
  const sites: DnsblSite[] = [];
  const badSites: string[] = [];
  for (const t of list(cf, 'postscreen_dnsbl_sites')) {
    const s = parseDnsblSite(t);
    if (s) sites.push(s);
    else badSites.push(t);
  }
  const threshold = Number(param(cf, 'postscreen_dnsbl_threshold'));
  return {
    greetAction: action(param(cf, 'postscreen_greet_action')),
    // ${stress?{2}:{6}}s: the sandbox is never under stress
    greetWaitMs: timeValueMs(param(cf, 'postscreen_greet_wait')) ?? 6000,
    greetBanner: param(cf, 'postscreen_greet_banner'),
    dnsblSites: sites,
    dnsblThreshold: Number.isFinite(threshold) && threshold > 0 ? threshold : 1,
    dnsblAction: action(param(cf, 'postscreen_dnsbl_action')),
    accessList: list(cf, 'postscreen_access_list'),
    // the name before Postfix 3.6 still counts when the new one is not set
    denylistAction: action(
      param(
        cf,
        cf.entries.has('postscreen_blacklist_action') && !cf.entries.has('postscreen_denylist_action')
          ? 'postscreen_blacklist_action'
          : 'postscreen_denylist_action',
      ),
    ),
    hostname: param(cf, 'myhostname'),
    badSites,
  };
}

/** The client as postscreen names it: "[203.0.113.7]:40066", and where it connected. */
export interface PsClient {
  addr: string;
  port: number;
  localAddr: string;
  localPort: number;
}

const who = (c: PsClient) => `[${c.addr}]:${c.port}`;

/** Postfix's printable form of what a client sent: CR, LF, TAB and other controls escaped. */
export function escapeForLog(text: string): string {
  return text.replace(/[\x00-\x1f\x7f\\]/g, (ch) => {
    if (ch === '\r') return '\\r';
    if (ch === '\n') return '\\n';
    if (ch === '\t') return '\\t';
    if (ch === '\\') return '\\\\';
    return `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`;
  });
}

export const psLog = {
  connect: (c: PsClient) => `CONNECT from ${who(c)} to [${c.localAddr}]:${c.localPort}`,
  allowlisted: (c: PsClient) => `ALLOWLISTED ${who(c)}`,
  denylisted: (c: PsClient) => `DENYLISTED ${who(c)}`,
  pregreet: (c: PsClient, bytes: number, afterSeconds: number, text: string) =>
    `PREGREET ${bytes} after ${afterSeconds} from ${who(c)}: ${escapeForLog(text)}`,
  rank: (c: PsClient, rank: number) => `DNSBL rank ${rank} for ${who(c)}`,
  passNew: (c: PsClient) => `PASS NEW ${who(c)}`,
  passOld: (c: PsClient) => `PASS OLD ${who(c)}`,
  disconnect: (c: PsClient) => `DISCONNECT ${who(c)}`,
  /** dnsblog(8)'s line for each list that has the client, whatever the filter */
  listed: (addr: string, domain: string, answer: string) => `addr ${addr} listed by domain ${domain} as ${answer}`,
};

/** What the tests found about a client, once the greet wait is over. */
export interface PsFacts {
  /** on postscreen_access_list: permit (allowlisted, no tests) or reject (denylisted) */
  access?: 'permit' | 'reject';
  /** what it sent before the banner's last line, if anything */
  pregreet?: string;
  rank: number;
}

export type PsFailure = 'denylist' | 'pregreet' | 'dnsbl';

export type PsVerdict =
  | { pass: true }
  | {
      pass: false;
      failure: PsFailure;
      action: Exclude<PsAction, 'ignore'>;
      /** the reply every RCPT gets (enforce), or the one before hanging up (drop) */
      reply: Reply;
    };

/** The verdict: the first failed test whose action is not "ignore" decides; the others still log. */
export function psVerdict(cfg: PostscreenConfig, f: PsFacts, c: PsClient, dnsblHit?: string): PsVerdict {
  if (f.access === 'permit') return { pass: true };
  const failed: { failure: PsFailure; action: PsAction }[] = [];
  if (f.access === 'reject') failed.push({ failure: 'denylist', action: cfg.denylistAction });
  if (f.pregreet !== undefined) failed.push({ failure: 'pregreet', action: cfg.greetAction });
  if (cfg.dnsblSites.length && f.rank >= cfg.dnsblThreshold) failed.push({ failure: 'dnsbl', action: cfg.dnsblAction });
  const hit = failed.find((x) => x.action !== 'ignore');
  if (!hit) return { pass: true };
  const act = hit.action as Exclude<PsAction, 'ignore'>;
  return { pass: false, failure: hit.failure, action: act, reply: failReply(hit.failure, act, c, dnsblHit) };
}

function failReply(failure: PsFailure, act: 'enforce' | 'drop', c: PsClient, dnsblHit?: string): Reply {
  const code = act === 'drop' ? 521 : 550;
  if (failure === 'dnsbl')
    return { code, enhanced: '5.7.1', text: `Service unavailable; client [${c.addr}] blocked using ${dnsblHit ?? 'a DNS list'}` };
  if (failure === 'pregreet') return { code, enhanced: '5.5.1', text: 'Protocol error' };
  return { code, enhanced: '5.3.2', text: 'Service currently unavailable' };
}

/** The session of postscreen's SMTP engine with a client it refuses under "enforce". */
export interface PsEngineState {
  helo?: string;
  proto: 'SMTP' | 'ESMTP';
  sender?: string;
}

export interface PsStep {
  reply: string[];
  /** a line for the mail log */
  log?: string;
  close?: boolean;
}

/** EHLO's keywords from postscreen's engine: smtpd's, without PIPELINING, AUTH or XCLIENT. */
function ehloLines(cfg: PostscreenConfig, sizeLimit: number, tls: boolean): string[] {
  const kw = [
    `SIZE ${sizeLimit}`,
    'VRFY',
    'ETRN',
    ...(tls ? ['STARTTLS'] : []),
    'ENHANCEDSTATUSCODES',
    '8BITMIME',
    'DSN',
    'SMTPUTF8',
    'CHUNKING',
  ];
  return [cfg.hostname, ...kw].map((k, i, all) => `250${i === all.length - 1 ? ' ' : '-'}${k}`);
}

/** One command line to postscreen's engine: its reply, its log line, whether it hangs up. */
export function psCommand(
  cfg: PostscreenConfig,
  v: Extract<PsVerdict, { pass: false }>,
  st: PsEngineState,
  c: PsClient,
  line: string,
  opts: { sizeLimit: number; tls: boolean },
): PsStep {
  const [verb = '', ...rest] = line.trim().split(/\s+/);
  const arg = rest.join(' ');
  const reply = `${v.reply.code} ${v.reply.enhanced} ${v.reply.text}`;
  switch (verb.toUpperCase()) {
    case 'EHLO':
      st.helo = arg;
      st.proto = 'ESMTP';
      return { reply: ehloLines(cfg, opts.sizeLimit, opts.tls) };
    case 'HELO':
      st.helo = arg;
      st.proto = 'SMTP';
      return { reply: [`250 ${cfg.hostname}`] };
    case 'MAIL':
      st.sender = /<([^>]*)>/.exec(arg)?.[1] ?? '';
      return { reply: ['250 2.1.0 Ok'] };
    case 'RCPT': {
      const to = /<([^>]*)>/.exec(arg)?.[1] ?? '';
      return {
        reply: [reply],
        log: `NOQUEUE: reject: RCPT from ${who(c)}: ${reply}; from=<${st.sender ?? ''}>, to=<${to}>, proto=${st.proto}, helo=<${st.helo ?? ''}>`,
      };
    }
    case 'DATA':
    case 'BDAT':
      return {
        reply: [st.sender === undefined ? '503 5.5.1 Error: need RCPT command' : '554 5.5.1 Error: no valid recipients'],
        log: `${verb.toUpperCase()} without valid RCPT from ${who(c)}`,
        close: true,
      };
    case 'RSET':
      st.sender = undefined;
      return { reply: ['250 2.0.0 Ok'] };
    case 'NOOP':
      return { reply: ['250 2.0.0 Ok'] };
    case 'VRFY':
      return { reply: [reply] };
    case 'ETRN':
      return { reply: ['458 Unable to queue messages'] };
    case 'STARTTLS':
      return { reply: opts.tls ? ['220 2.0.0 Ready to start TLS'] : ['502 5.5.1 Error: command not implemented'] };
    case 'QUIT':
      return { reply: ['221 2.0.0 Bye'], close: true };
    default:
      return { reply: ['502 5.5.2 Error: command not recognized'] };
  }
}

/** Whether the client is on postscreen_access_list (permit_mynetworks and CIDR entries). */
export function psAccess(items: string[], mynetworks: string[], cidr: (spec: string, addr: string) => string | undefined, addr: string) {
  for (const item of items) {
    if (item === 'permit_mynetworks') {
      if (matchList(parseNetworkList(mynetworks), addr) !== undefined) return 'permit' as const;
      continue;
    }
    const r = cidr(item, addr)?.toLowerCase();
    if (r === 'permit') return 'permit' as const;
    if (r === 'reject') return 'reject' as const;
    if (r && r !== 'dunno') return undefined;
  }
  return undefined;
}
