/**
 * Everything the sandbox reads from the workspace, in one snapshot: main.cf, master.cf,
 * the lookup tables they name, the TLS certificate and key, /etc/aliases.
 *
 * `loadConfig` never throws on the learner's files: each problem becomes an issue with
 * its file and line. A snapshot with a fatal issue is still usable (bad lines skipped,
 * TLS off, as Postfix would run); on a reload the sandbox keeps the previous snapshot
 * instead, which is the atomic reload the lessons rely on.
 */
import { createSecureContext, type SecureContext } from 'node:tls';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname as machineName } from 'node:os';
import type { Workspace } from '../../workspace/workspace.js';
import { parseMainCf, param, rawValue, splitList, isYes, withOverrides, type MainCf, type ConfigIssue } from '../../postfix/main-cf.js';
import { parseMasterCf, portService, type MasterCf, type MasterService } from '../../postfix/master-cf.js';
import { LISTENER_SERVICES } from '../names.js';
import { postscreenConfig, type PostscreenConfig } from '../../postfix/postscreen.js';
import { openTable } from './tables.js';
import type { Table } from '../../postfix/tables.js';
import { parseAliases } from '../../postfix/aliases.js';
import { parseNetworkList, type NetworkList } from '../../postfix/cidr.js';
import { parseRestrictions, relayGuardIssue, LISTS, type ListName, type Restriction } from '../../postfix/restrictions.js';
import type { Listener } from '../pipeline.js';
import { DEFAULTS, MAIN_CF as MAIN_CF_PATH, MASTER_CF as MASTER_CF_PATH, shownPath } from '../../postfix/defaults.js';
import { booleanIssues, macroLoopIssues, networkIssues } from '../../postfix/main-cf-values.js';
import { sandboxTlsVersions } from '../../postfix/tls-protocols.js';
import type { MachineFacts } from '../../postfix/postconf-defaults.js';

/** The files as Postfix names them in its messages ("/etc/postfix/main.cf"). */
export const MAIN_CF = shownPath(MAIN_CF_PATH);
export const MASTER_CF = shownPath(MASTER_CF_PATH);

export type TlsLevel = 'none' | 'may' | 'encrypt';

export interface TlsMaterial {
  context: SecureContext;
  certFile: string;
  keyFile: string;
  /** "RSA", "EC", "ED25519" */
  keyType: string;
  keyBits: number;
  subject: string;
  /** what Postfix logs as server-signature / server-digest */
  signature: string;
}

export interface ServiceConfig {
  listener: Listener;
  /** main.cf with the service's master.cf -o overrides applied */
  cf: MainCf;
  /** the master.cf entry that configures this listener, if any */
  service?: MasterService;
  /** postscreen(8) in front of smtpd on this port (master.cf), with its settings */
  postscreen?: { service: MasterService; config: PostscreenConfig };
  /** Postfix's process name in the log: postfix/smtpd, postfix/submission/smtpd */
  program: string;
  /** implicit TLS (smtps) */
  wrapper: boolean;
  hostname: string;
  banner: string;
  tlsLevel: TlsLevel;
  tls?: TlsMaterial;
  /** TLS material smtpd could not use (Postfix 3.7 still reloads, logs these warnings when an smtpd
   * starts, offers STARTTLS and answers it 454 4.7.0): the lines after "warning: " */
  tlsBroken?: string[];
  tlsAuthOnly: boolean;
  tlsLogLevel: number;
  tlsReceivedHeader: boolean;
  saslEnable: boolean;
  saslOptions: string[];
  saslTlsOptions: string[];
  lists: Record<ListName, Restriction[]>;
  messageSizeLimit: number;
  xclientHosts: NetworkList;
  xforwardHosts: NetworkList;
  mynetworks: NetworkList;
  mynetworksText: string;
  mydestination: string[];
  relayDomains: string[];
  headerChecks: Table[];
  bodyChecks: Table[];
  milters: string;
  contentFilter: string;
  recipientDelimiter: string;
  /** smtpd_sender_login_maps as written (the tables are in `tables`) */
  senderLoginMaps: string[];
}

export interface SandboxConfig {
  main: MainCf;
  master: MasterCf;
  services: Record<Listener, ServiceConfig>;
  tables: Map<string, Table>;
  aliases: Map<string, string[]>;
  /**
   * alias_maps tables whose file is missing, with the warning smtpd logs when it looks a local
   * recipient up in one (then `451 4.3.0 <rcpt>: Temporary lookup failure`, as Postfix 3.7.11
   * answered; nothing is logged before a lookup)
   */
  unavailableAliasMaps: Map<string, string>;
  issues: ConfigIssue[];
  fatal: boolean;
  loadedAt: string;
  hostname: string;
}

function lineOf(cf: MainCf, name: string): number | undefined {
  return cf.entries.get(name)?.line || undefined;
}

function tlsLevel(cf: MainCf): TlsLevel {
  const level = param(cf, 'smtpd_tls_security_level').trim().toLowerCase();
  if (level === 'encrypt' || level === 'may' || level === 'none') return level;
  if (level) return 'may';
  if (isYes(param(cf, 'smtpd_enforce_tls'))) return 'encrypt';
  if (isYes(param(cf, 'smtpd_use_tls'))) return 'may';
  return 'none';
}

/**
 * `enforce`: TLS is required (level encrypt, or wrapper mode), and smtpd then takes its
 * protocols from smtpd_tls_mandatory_protocols instead of smtpd_tls_protocols.
 */
type TlsLoad = TlsMaterial | ConfigIssue[] | { broken: string[] };

function loadTls(ws: Workspace, cf: MainCf, cache: Map<string, TlsLoad>, enforce: boolean): { tls?: TlsMaterial; issues: ConfigIssue[]; broken?: string[] } {
  const certName = param(cf, 'smtpd_tls_cert_file').trim();
  const keyName = param(cf, 'smtpd_tls_key_file').trim() || certName;
  const versions = sandboxTlsVersions(param(cf, enforce ? 'smtpd_tls_mandatory_protocols' : 'smtpd_tls_protocols'));
  const key = `${certName}\0${keyName}\0${versions.min}\0${versions.max}`;
  const cached = cache.get(key);
  if (cached) return Array.isArray(cached) ? { issues: [] } : 'broken' in cached ? { issues: [], broken: cached.broken } : { tls: cached, issues: [] };
  const issues: ConfigIssue[] = [];
  const file = cf.file;
  const fail = (line: number | undefined, text: string) => {
    issues.push({ file, line, severity: 'fatal', text });
    cache.set(key, issues);
    return { issues };
  };
  // as a real Postfix 3.7.11 with Debian 12's OpenSSL logged them (smtpd, at its start)
  const broken = (lines: string[]) => {
    cache.set(key, { broken: lines });
    return { issues, broken: lines };
  };
  const keyLost = `cannot get RSA private key from file "${keyName}": disabling TLS support`;
  if (!certName) return fail(lineOf(cf, 'smtpd_tls_security_level'), 'TLS is enabled but smtpd_tls_cert_file is empty: no certificate to offer (disabling TLS support)');
  let certPem: Buffer;
  let keyPem: Buffer;
  try {
    certPem = readFileSync(ws.resolve(certName));
  } catch (e) {
    return fail(lineOf(cf, 'smtpd_tls_cert_file'), `cannot get RSA certificate from file "${certName}": ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}: disabling TLS support`);
  }
  try {
    keyPem = readFileSync(ws.resolve(keyName));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return broken([
        keyLost,
        `TLS library problem: error:80000002:system library::No such file or directory:../crypto/bio/bss_file.c:308:calling fopen(${keyName}, r):`,
        'TLS library problem: error:10080002:BIO routines::system lib:../crypto/bio/bss_file.c:311:',
        'TLS library problem: error:0A080002:SSL routines::system lib:../ssl/ssl_rsa.c:368:',
      ]);
    return fail(lineOf(cf, 'smtpd_tls_key_file'), `cannot get RSA private key from file "${keyName}": ${(e as Error).message}: disabling TLS support`);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    return fail(lineOf(cf, 'smtpd_tls_cert_file'), `cannot get RSA certificate from file "${certName}": it is not a PEM certificate: disabling TLS support`);
  }
  try {
    createPrivateKey(keyPem);
  } catch (e) {
    const why = /passphrase|encrypted/i.test((e as Error).message) ? 'the key is encrypted with a passphrase' : 'it is not a PEM private key';
    return fail(lineOf(cf, 'smtpd_tls_key_file'), `cannot get RSA private key from file "${keyName}": ${why}: disabling TLS support`);
  }
  let context: SecureContext;
  try {
    context = createSecureContext({ cert: certPem, key: keyPem, minVersion: versions.min, maxVersion: versions.max });
  } catch (e) {
    const msg = (e as Error).message;
    if (/mismatch/i.test(msg)) return broken([keyLost, 'TLS library problem: error:05800074:x509 certificate routines::key values mismatch:../crypto/x509/x509_cmp.c:403:']);
    return fail(lineOf(cf, 'smtpd_tls_cert_file'), `TLS library problem: ${msg}: disabling TLS support`);
  }
  const details = cert.publicKey.asymmetricKeyDetails ?? {};
  const keyType = (cert.publicKey.asymmetricKeyType ?? 'rsa').toUpperCase().replace('RSA-PSS', 'RSA');
  const keyBits = details.modulusLength ?? (keyType === 'EC' ? ({ 'prime256v1': 256, 'secp384r1': 384, 'secp521r1': 521 } as Record<string, number>)[details.namedCurve ?? ''] ?? 256 : 256);
  const tls: TlsMaterial = {
    context,
    certFile: certName,
    keyFile: keyName,
    keyType,
    keyBits,
    subject: cert.subject,
    signature: keyType === 'RSA' ? `RSA-PSS (${keyBits} bits) server-digest SHA256` : keyType === 'EC' ? `ECDSA (P-${keyBits}) server-digest SHA256` : `${keyType}`,
  };
  cache.set(key, tls);
  return { tls, issues };
}

function saslOpts(v: string): string[] {
  return splitList(v.toLowerCase());
}

/**
 * `facts`: what Postfix asks the machine; its host name (gethostname) is myhostname when main.cf
 * sets none ("vm" + "." + mydomain, as Postfix makes it).
 */
/**
 * o.elsewhere: main.cf and master.cf are a real server's (mailsec check --ssh), read with the tables
 * they name into a copy laid out as a workspace; its certificates and keys are not here to read.
 */
export function loadConfig(ws: Workspace, facts: MachineFacts = { hostname: machineName() }, o: { elsewhere?: boolean } = {}): SandboxConfig {
  const issues: ConfigIssue[] = [];
  const mainText = ws.readText(MAIN_CF);
  if (mainText === undefined) issues.push({ file: MAIN_CF, severity: 'fatal', text: `open ${MAIN_CF}: No such file or directory` });
  const main = parseMainCf(mainText ?? '', MAIN_CF, facts);
  issues.push(...main.issues);
  // what smtpd dies on when a client connects (a real Postfix then gives no banner): a $name
  // loop, a boolean that is neither yes nor no; and what it warns about (host bits in mynetworks)
  const loop = macroLoopIssues(main, 'smtpd');
  issues.push(...loop, ...(loop.length ? [] : booleanIssues(main)), ...networkIssues(main));
  const masterText = ws.readText(MASTER_CF);
  const master = parseMasterCf(masterText ?? '', MASTER_CF);
  if (masterText === undefined) issues.push({ file: MASTER_CF, severity: 'warning', text: `open ${MASTER_CF}: No such file or directory (using main.cf alone)` });
  issues.push(...master.issues);

  const tables = new Map<string, Table>();
  const tableIssues = new Set<string>();
  const useTable = (spec: string, cf: MainCf, paramName: string, severity?: 'warning') => {
    if (tables.has(spec)) return tables.get(spec);
    const r = openTable(spec, ws, cf.file, lineOf(cf, paramName));
    for (const i of r.issues) {
      const k = `${i.file}:${i.line}:${i.text}`;
      if (tableIssues.has(k)) continue;
      tableIssues.add(k);
      // a real server's table mailsec cannot read (mysql:, a file not copied) is no broken main.cf:
      // only the step that needs that table says so
      const sev = severity ?? (o.elsewhere ? 'warning' : undefined);
      issues.push(sev ? { ...i, severity: sev } : i);
    }
    if (r.table) tables.set(spec, r.table);
    return r.table;
  };

  const tlsCache = new Map<string, TlsLoad>();
  const seenIssue = new Set(issues.map((i) => `${i.file}:${i.line}:${i.text}`));
  const addIssue = (i: ConfigIssue) => {
    const k = `${i.file}:${i.line}:${i.text}`;
    if (seenIssue.has(k)) return;
    seenIssue.add(k);
    issues.push(i);
  };

  const services = {} as Record<Listener, ServiceConfig>;
  for (const listener of ['smtp', 'submission', 'smtps', 'outside'] as Listener[]) {
    // postscreen on the port: the smtpd it hands clients to is master.cf's "smtpd pass" entry
    const { screen, smtpd: service } = portService(master, LISTENER_SERVICES[listener]);
    const cf = withOverrides(main, service?.options ?? {});
    const hostname = param(cf, 'myhostname').trim() || 'localhost';
    const syslogName = (service?.options.syslog_name ?? 'postfix').replace(/\$\{?service_name\}?/g, service?.name ?? listener);
    const wrapper = listener === 'smtps' || isYes(param(cf, 'smtpd_tls_wrappermode'));
    let level = tlsLevel(cf);
    let tls: TlsMaterial | undefined;
    let tlsBroken: string[] | undefined;
    const enforce = wrapper || level === 'encrypt';
    if (o.elsewhere) {
      // nothing to load: the listener's TLS settings are still judged from main.cf and master.cf
    } else if (level !== 'none') {
      const r = loadTls(ws, cf, tlsCache, enforce);
      tls = r.tls;
      tlsBroken = r.broken;
      r.issues.forEach(addIssue);
    } else if (wrapper && param(cf, 'smtpd_tls_cert_file').trim()) {
      // the smtps listener always speaks TLS; without a certificate it drops clients (logged then)
      const r = loadTls(ws, cf, tlsCache, enforce);
      tls = r.tls;
      tlsBroken = r.broken;
      if (service) r.issues.forEach(addIssue);
    }
    if (wrapper) level = 'encrypt';
    const lists = {} as Record<ListName, Restriction[]>;
    for (const name of [...LISTS, 'smtpd_data_restrictions'] as ListName[]) {
      const r = parseRestrictions(param(cf, name), name, { file: cf.file, line: lineOf(cf, name) });
      r.issues.forEach(addIssue);
      lists[name] = r.items;
      // check_policy_service names a policy server (unix:private/policyd-spf), not a lookup table
      for (const item of r.items) if (item.arg && item.name.startsWith('check_') && item.name !== 'check_policy_service') useTable(item.arg, cf, name);
    }
    const senderLoginMaps = splitList(param(cf, 'smtpd_sender_login_maps'));
    for (const spec of senderLoginMaps) useTable(spec, cf, 'smtpd_sender_login_maps');
    const guard = relayGuardIssue(lists.smtpd_relay_restrictions, lists.smtpd_recipient_restrictions, {
      file: cf.file,
      line: lineOf(cf, 'smtpd_relay_restrictions') ?? lineOf(cf, 'smtpd_recipient_restrictions'),
    });
    if (guard) addIssue(guard);
    const checks = (name: string) =>
      splitList(param(cf, name))
        .map((spec) => useTable(spec, cf, name))
        .filter((t): t is Table => !!t);
    const size = Number(param(cf, 'message_size_limit'));
    if (!/^\d+$/.test(param(cf, 'message_size_limit').trim())) {
      addIssue({ file: cf.file, line: lineOf(cf, 'message_size_limit'), severity: 'fatal', text: `bad numerical configuration: message_size_limit = ${param(cf, 'message_size_limit')}` });
    }
    const mynetworksValue = param(cf, 'mynetworks');
    const mynetworks = parseNetworkList(splitList(mynetworksValue));
    for (const u of mynetworks.unsupported) addIssue({ file: cf.file, line: lineOf(cf, 'mynetworks'), severity: 'warning', text: `mynetworks: the sandbox cannot read "${u}" (use address/prefix entries)` });
    let postscreen: ServiceConfig['postscreen'];
    if (screen) {
      const pcf = withOverrides(main, screen.options);
      const config = postscreenConfig(pcf);
      for (const spec of config.accessList) if (spec.includes(':')) useTable(spec, pcf, 'postscreen_access_list');
      postscreen = { service: screen, config };
    }
    services[listener] = {
      listener,
      cf,
      service,
      postscreen,
      program: `${syslogName}/smtpd`,
      wrapper,
      hostname,
      banner: param(cf, 'smtpd_banner'),
      tlsLevel: tls || tlsBroken ? level : 'none',
      tls,
      tlsBroken,
      tlsAuthOnly: isYes(param(cf, 'smtpd_tls_auth_only')) || level === 'encrypt',
      tlsLogLevel: Number(param(cf, 'smtpd_tls_loglevel')) || 0,
      tlsReceivedHeader: isYes(param(cf, 'smtpd_tls_received_header')),
      saslEnable: isYes(param(cf, 'smtpd_sasl_auth_enable')),
      saslOptions: saslOpts(param(cf, 'smtpd_sasl_security_options')),
      saslTlsOptions: saslOpts(param(cf, 'smtpd_sasl_tls_security_options')),
      lists,
      messageSizeLimit: Number.isFinite(size) ? size : Number(DEFAULTS.message_size_limit),
      xclientHosts: parseNetworkList(splitList(param(cf, 'smtpd_authorized_xclient_hosts'))),
      xforwardHosts: parseNetworkList(splitList(param(cf, 'smtpd_authorized_xforward_hosts'))),
      mynetworks,
      mynetworksText: splitList(mynetworksValue).join(' '),
      mydestination: splitList(param(cf, 'mydestination').toLowerCase()),
      relayDomains: splitList(param(cf, 'relay_domains').toLowerCase()),
      headerChecks: checks('header_checks'),
      bodyChecks: checks('body_checks'),
      milters: param(cf, 'smtpd_milters'),
      contentFilter: param(cf, 'content_filter'),
      recipientDelimiter: param(cf, 'recipient_delimiter'),
      senderLoginMaps,
    };
  }

  let aliases = new Map<string, string[]>();
  const unavailableAliasMaps = new Map<string, string>();
  for (const spec of splitList(param(main, 'alias_maps'))) {
    const m = /^(hash|btree|lmdb|texthash|cdb):(.*)$/.exec(spec);
    if (!m) continue;
    const text = ws.readText(m[2]);
    if (text !== undefined) aliases = new Map([...parseAliases(text), ...aliases]);
    // the words seen for hash: (btree: keeps its table in the same .db file); other types are not recorded
    else if (m[1] === 'hash' || m[1] === 'btree') unavailableAliasMaps.set(spec, `${spec} is unavailable. open database ${m[2]}.db: No such file or directory`);
  }
  void rawValue;
  return {
    main,
    master,
    services,
    tables,
    aliases,
    unavailableAliasMaps,
    issues,
    fatal: issues.some((i) => i.severity === 'fatal'),
    loadedAt: new Date().toISOString(),
    hostname: services.smtp.hostname,
  };
}
