// etc/opendkim.conf as OpenDKIM reads it (opendkim.conf(5)): "Name value" lines, # comments,
// names case-insensitive, the first occurrence wins. Plus the milter wiring between
// its Socket and Postfix's smtpd_milters / non_smtpd_milters.
import { list, param, type MainCf } from '../../postfix/main-cf.js';

import { OPENDKIM_CONF } from '../names.js';

export interface ConfEntry {
  name: string;
  value: string;
  line: number;
}

export interface OpenDkimConf {
  file: string;
  entries: Map<string, ConfEntry>;
  issues: { line: number; text: string }[];
  /** options set more than once: which one OpenDKIM takes is not worth guessing */
  duplicates: { name: string; lines: number[] }[];
}

export function parseOpenDkimConf(text: string, file = OPENDKIM_CONF): OpenDkimConf {
  const entries = new Map<string, ConfEntry>();
  const issues: OpenDkimConf['issues'] = [];
  const seen = new Map<string, { name: string; lines: number[] }>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const m = /^([A-Za-z][A-Za-z0-9]*)(?:\s+(.*))?$/.exec(line);
    if (!m) return void issues.push({ line: i + 1, text: raw.trim() });
    const key = m[1].toLowerCase();
    const s = seen.get(key) ?? { name: m[1], lines: [] };
    s.lines.push(i + 1);
    seen.set(key, s);
    if (!entries.has(key)) entries.set(key, { name: m[1], value: (m[2] ?? '').trim(), line: i + 1 });
  });
  return { file, entries, issues, duplicates: [...seen.values()].filter((d) => d.lines.length > 1) };
}

export function confValue(c: OpenDkimConf, name: string): string | undefined {
  return c.entries.get(name.toLowerCase())?.value;
}

/** OpenDKIM's own defaults for what the sandbox acts on. */
export const OPENDKIM_DEFAULTS = { Canonicalization: 'simple/simple', Mode: 'sv', SubDomains: 'no', SyslogSuccess: 'no', LogWhy: 'no' };

export interface SignerSettings {
  domains: string[];
  selector?: string;
  keyFile?: string;
  canonicalization: string;
  mode: string;
  subDomains: boolean;
  socket?: string;
  oversign: string[];
  /** SignatureAlgorithm: OpenDKIM 2.11 signs every message with this one, whatever the key */
  algorithm: string;
  /** SyslogSuccess: "DKIM-Signature field added", "DKIM verification successful" are logged only with it (Debian's file sets it) */
  syslogSuccess: boolean;
  /** LogWhy: why a message was not signed ("no signing domain match for ...") */
  logWhy: boolean;
}

export function signerSettings(c: OpenDkimConf): SignerSettings {
  const v = (n: keyof typeof OPENDKIM_DEFAULTS) => confValue(c, n) ?? OPENDKIM_DEFAULTS[n];
  return {
    domains: (confValue(c, 'Domain') ?? '').split(/[\s,]+/).filter(Boolean).map((d) => d.toLowerCase()),
    selector: confValue(c, 'Selector') || undefined,
    keyFile: confValue(c, 'KeyFile') || undefined,
    canonicalization: v('Canonicalization').toLowerCase(),
    mode: v('Mode').toLowerCase(),
    subDomains: /^(yes|true|1)$/i.test(v('SubDomains')),
    socket: confValue(c, 'Socket') || undefined,
    oversign: (confValue(c, 'OversignHeaders') ?? '').split(/[\s,]+/).filter(Boolean),
    algorithm: (confValue(c, 'SignatureAlgorithm') ?? 'rsa-sha256').toLowerCase(),
    syslogSuccess: /^(yes|true|1)$/i.test(v('SyslogSuccess')),
    logWhy: /^(yes|true|1)$/i.test(v('LogWhy')),
  };
}


/** Where a milter listens, in one form for OpenDKIM's Socket and Postfix's milter addresses. */
export type SocketAddr = { kind: 'inet'; host: string; port: number } | { kind: 'unix'; path: string };

const LOCALHOST = new Set(['localhost', '127.0.0.1', '::1', '[::1]', 'localhost.localdomain']);

/** OpenDKIM: inet:PORT@HOST, inet:PORT (every interface), local:/path, unix:/path, a bare /path. */
export function parseOpenDkimSocket(s: string): SocketAddr | undefined {
  const t = s.trim();
  let m = /^inet6?:(\d{1,5})(?:@(\[?[^\]]+\]?))?$/i.exec(t);
  if (m) return { kind: 'inet', port: Number(m[1]), host: (m[2] ?? '*').toLowerCase() };
  m = /^(?:local|unix):(\/.+)$/i.exec(t) ?? /^(\/.+)$/.exec(t);
  if (m) return { kind: 'unix', path: m[1] };
  return undefined;
}

/**
 * Postfix: inet:HOST:PORT, unix:PATH or local:PATH. smtpd runs chrooted in
 * /var/spool/postfix on Debian, so a unix path is read inside that folder.
 */
export function parsePostfixMilter(s: string): SocketAddr | undefined {
  const t = s.trim();
  let m = /^inet:(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/i.exec(t);
  if (m) return { kind: 'inet', host: m[1].toLowerCase(), port: Number(m[2]) };
  m = /^(?:unix|local):(.+)$/i.exec(t);
  if (m) return { kind: 'unix', path: '/var/spool/postfix/' + m[1].replace(/^\/+/, '') };
  return undefined;
}

export function sameSocket(postfix: SocketAddr, opendkim: SocketAddr): boolean {
  if (postfix.kind === 'inet' && opendkim.kind === 'inet') {
    if (postfix.port !== opendkim.port) return false;
    return opendkim.host === '*' || postfix.host === opendkim.host || (LOCALHOST.has(postfix.host) && LOCALHOST.has(opendkim.host));
  }
  if (postfix.kind === 'unix' && opendkim.kind === 'unix') return postfix.path.replace(/\/+/g, '/') === opendkim.path.replace(/\/+/g, '/');
  return false;
}

export interface MilterWiring {
  /** the milters main.cf lists for SMTP clients and for local submission (sendmail) */
  smtpd: string[];
  nonSmtpd: string[];
  /** OpenDKIM's Socket */
  socket?: string;
  /** the milter entry in smtpd_milters that reaches OpenDKIM */
  reaches?: string;
  /** non_smtpd_milters reaches OpenDKIM too */
  nonSmtpdReaches: boolean;
  defaultAction: string;
  /** milter entries that reach nothing (no such milter in the sandbox) */
  dangling: string[];
}

/** otherSockets: the Socket of each other OpenDKIM instance (etc/opendkim-*.conf); a milter reaching one is not dangling */
export function milterWiring(cfg: MainCf, conf: OpenDkimConf | undefined, otherSockets: string[] = []): MilterWiring {
  const smtpd = list(cfg, 'smtpd_milters');
  const nonSmtpd = list(cfg, 'non_smtpd_milters');
  const socket = conf ? confValue(conf, 'Socket') : undefined;
  const sock = socket ? parseOpenDkimSocket(socket) : undefined;
  const hits = (m: string) => {
    const a = parsePostfixMilter(m);
    return !!(a && sock && sameSocket(a, sock));
  };
  return {
    smtpd,
    nonSmtpd,
    socket,
    reaches: smtpd.find(hits),
    nonSmtpdReaches: nonSmtpd.some(hits),
    defaultAction: param(cfg, 'milter_default_action').trim().toLowerCase() || 'tempfail',
    dangling: [...new Set([...smtpd, ...nonSmtpd])].filter((m) => !hits(m) && !reachesAny(m, otherSockets)),
  };
}

/** Does a Postfix milter address reach one of these OpenDKIM Sockets? */
export function reachesAny(milter: string, sockets: string[]): boolean {
  const a = parsePostfixMilter(milter);
  return !!a && sockets.some((s) => {
    const o = parseOpenDkimSocket(s);
    return !!o && sameSocket(a, o);
  });
}
