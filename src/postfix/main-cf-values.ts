/**
 * What Postfix says about main.cf values it cannot use, in its own words (observed on a real
 * Postfix 3.7.11): a boolean that is neither yes nor no, a $name loop, a network with host bits.
 * Which program says it differs: the `postfix` command (and so `postfix check` and a reload)
 * reads only the global parameters; smtpd reads its own when a client connects, and dies.
 */
import { expandChecked, rawValue, splitList, type ConfigIssue, type MainCf } from './main-cf.js';
import { isBooleanParam, isKnownParam } from './postconf-defaults.js';
import { DEFAULTS } from './defaults.js';
import { hostBitsFix, hostBitsText } from './cidr.js';

export { hostBitsFix };

/**
 * Booleans the `postfix` command itself reads, so `postfix check` and a reload die on them: found
 * by setting each boolean to "maybe" in turn under a real `postfix check` (Postfix 3.7.11).
 */
export const GLOBAL_BOOLEANS = new Set<string>([
  'address_verify_negative_cache',
  'backwards_bounce_logfile_compatibility',
  'daemon_table_open_error_is_fatal',
  'disable_dns_lookups',
  'disable_mime_input_processing',
  'disable_mime_output_conversion',
  'dns_ncache_ttl_fix_enable',
  'enable_idna2003_compatibility',
  'enable_long_queue_ids',
  'enable_original_recipient',
  'helpful_warnings',
  'multi_instance_enable',
  'owner_request_special',
  'send_cyrus_sasl_authzid',
  'smtputf8_enable',
  'soft_bounce',
  'strict_7bit_headers',
  'strict_8bitmime',
  'strict_8bitmime_body',
  'strict_mime_encoding_domain',
  'strict_smtputf8',
]);

/** The main.cf entries Postfix reads, in file order: those it knows (the others are "unused"). */
function knownEntries(cf: MainCf) {
  return [...cf.entries.values()].filter((e) => isKnownParam(e.name) || e.name in DEFAULTS);
}

/**
 * The first $name loop among the known parameters: Postfix warns `unreasonable macro call
 * nesting: "aaa"` and stops (postconf: "macro processing error"; smtpd: "dictionary mail_dict:
 * macro processing error").
 */
export function macroLoopIssues(cf: MainCf, who: 'postconf' | 'smtpd'): ConfigIssue[] {
  for (const e of knownEntries(cf)) {
    const r = expandChecked(cf, e.value);
    if (!r.loop) continue;
    const at = { file: cf.file, line: e.line, noFile: true, ...(who === 'smtpd' ? { program: 'smtpd' } : {}) };
    return [
      { ...at, severity: 'warning', text: `unreasonable macro call nesting: "${r.loop}"` },
      { ...at, severity: 'fatal', text: who === 'smtpd' ? 'dictionary mail_dict: macro processing error' : 'macro processing error' },
    ];
  }
  return [];
}

/**
 * The first boolean that is neither yes nor no (any case), as get_mail_conf_bool dies on it:
 * `bad boolean configuration: smtpd_helo_required = maybe`. `globalOnly`: what the `postfix`
 * command checks (postfix check, reload); otherwise every boolean, as the daemons read them.
 */
export function booleanIssues(cf: MainCf, globalOnly = false): ConfigIssue[] {
  for (const e of knownEntries(cf)) {
    if (!isBooleanParam(e.name) || (globalOnly && !GLOBAL_BOOLEANS.has(e.name))) continue;
    const r = expandChecked(cf, e.value);
    if (r.loop) continue;
    if (/^(yes|no)$/i.test(r.value)) continue;
    const text = `bad boolean configuration: ${e.name} = ${r.value}`;
    return [{ file: cf.file, line: e.line, severity: 'fatal', noFile: true, text, ...(globalOnly ? {} : { program: 'smtpd' }) }];
  }
  return [];
}

/**
 * mynetworks entries with host bits: smtpd warns `mynetworks: non-null host address bits in
 * "127.0.0.1/8", perhaps you should use "127.0.0.0/8" instead`, and then the match fails
 * with a lookup error (permit_mynetworks answers 451 4.3.0 Temporary lookup failure).
 */
export function networkIssues(cf: MainCf, name = 'mynetworks'): ConfigIssue[] {
  const raw = rawValue(cf, name) ?? '';
  const value = expandChecked(cf, raw);
  if (value.loop) return [];
  const line = cf.entries.get(name)?.line;
  return splitList(value.value).flatMap((item) => {
    const fix = hostBitsFix(item);
    if (!fix) return [];
    return [{ file: cf.file, line, severity: 'warning' as const, noFile: true, program: 'smtpd', text: hostBitsText(name, { item, fix }) }];
  });
}
