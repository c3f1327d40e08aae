/**
 * Every Postfix 3.7 parameter and its built-in default, as `postconf -d` printed them on
 * Debian 12 (postfix 3.7.11): the table defaults-3.7.json, regenerated with
 * `node scripts/postfix-defaults.mjs`. A few defaults depend on the machine; here they are
 * computed from facts passed in (the sandbox and the CLI give the machine's host name):
 *
 * - myhostname: the host name (gethostname); without a dot, Postfix appends "." and mydomain
 *   (main.cf's, else "localdomain"): "vm" becomes "vm.localdomain";
 * - mydomain: what follows the first dot of myhostname when that has another dot, else
 *   "localdomain";
 * - mynetworks: Postfix lists the machine's interfaces; the sandbox listens on loopback only and
 *   uses the loopback networks (DEFAULTS in defaults.ts);
 * - process_id: the pid of the process asking.
 *
 * postconf also knows, for each master.cf service run by a delivery agent (smtp, lmtp, local,
 * virtual, error, pipe), the per-transport parameters `SERVICE_destination_concurrency_limit`
 * and the like (serviceParams); the table holds only the built-in ones.
 */
import TABLE from './defaults-3.7.json' with { type: 'json' };
import { DEFAULTS } from './defaults.js';

export const POSTFIX_DEFAULTS: Readonly<Record<string, string>> = TABLE;

export const MAIL_VERSION = POSTFIX_DEFAULTS.mail_version;

/** What Postfix asks the machine for. */
export interface MachineFacts {
  /** gethostname(): "vm", "mail.example.org" */
  hostname: string;
  /** the pid shown as process_id */
  pid?: number;
}

export function isKnownParam(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(POSTFIX_DEFAULTS, name);
}

/** Booleans whose default is a compatibility_level expression rather than yes or no. */
const LEVEL_BOOLEANS = new Set([
  'append_dot_mydomain',
  'respectful_logging',
  'smtpd_relay_before_recipient_restrictions',
  'smtputf8_enable',
]);

/** Defaults of yes or no that are not booleans: 3.7.11 reads smtpd_forbid_bare_newline as no, yes, normalize or reject. */
const NOT_BOOLEANS = new Set(['smtpd_forbid_bare_newline']);

/** Booleans: Postfix reads them with get_mail_conf_bool, which takes only yes or no (any case). */
export function isBooleanParam(name: string): boolean {
  const d = isKnownParam(name) ? POSTFIX_DEFAULTS[name] : undefined;
  return ((d === 'yes' || d === 'no') && !NOT_BOOLEANS.has(name)) || LEVEL_BOOLEANS.has(name);
}

/** myhostname as Postfix computes it when main.cf does not set it. */
export function defaultHostname(facts: MachineFacts, mydomain?: string): string {
  const host = facts.hostname.trim() || 'localhost';
  return host.includes('.') ? host : `${host}.${mydomain?.trim() || 'localdomain'}`;
}

/** mydomain as Postfix computes it from myhostname when main.cf does not set it. */
export function defaultDomain(myhostname: string): string {
  const dot = myhostname.indexOf('.');
  const rest = dot < 0 ? '' : myhostname.slice(dot + 1);
  return rest.includes('.') ? rest : 'localdomain';
}

/**
 * `postconf -d NAME`: the built-in default, with the machine's facts; undefined for an
 * unknown parameter. (main.cf plays no part, as for the real `postconf -d`.)
 */
export function builtinDefault(name: string, facts: MachineFacts): string | undefined {
  if (name === 'myhostname') return defaultHostname(facts);
  if (name === 'mydomain') return defaultDomain(defaultHostname(facts));
  if (name === 'mynetworks') return DEFAULTS.mynetworks;
  if (name === 'process_id') return String(facts.pid ?? 0);
  if (name === 'process_name') return 'postconf';
  return isKnownParam(name) ? POSTFIX_DEFAULTS[name] : undefined;
}

export function knownParams(): string[] {
  return Object.keys(POSTFIX_DEFAULTS);
}

/** The commands postconf gives per-transport parameters to. */
const DELIVERY_AGENTS = new Set(['smtp', 'lmtp', 'local', 'virtual', 'error', 'pipe']);

/** Per-transport parameter suffixes and their defaults (`time_limit` for pipe services only). */
const TRANSPORT_PARAMS: [string, string][] = [
  ['delivery_slot_cost', '$default_delivery_slot_cost'],
  ['delivery_slot_discount', '$default_delivery_slot_discount'],
  ['delivery_slot_loan', '$default_delivery_slot_loan'],
  ['destination_concurrency_failed_cohort_limit', '$default_destination_concurrency_failed_cohort_limit'],
  ['destination_concurrency_limit', '$default_destination_concurrency_limit'],
  ['destination_concurrency_negative_feedback', '$default_destination_concurrency_negative_feedback'],
  ['destination_concurrency_positive_feedback', '$default_destination_concurrency_positive_feedback'],
  ['destination_rate_delay', '$default_destination_rate_delay'],
  ['destination_recipient_limit', '$default_destination_recipient_limit'],
  ['extra_recipient_limit', '$default_extra_recipient_limit'],
  ['initial_destination_concurrency', '$initial_destination_concurrency'],
  ['minimum_delivery_slots', '$default_minimum_delivery_slots'],
  ['recipient_limit', '$default_recipient_limit'],
  ['recipient_refill_delay', '$default_recipient_refill_delay'],
  ['recipient_refill_limit', '$default_recipient_refill_limit'],
  ['transport_rate_delay', '$default_transport_rate_delay'],
];

/** A name that may be a per-transport parameter of some service (main.cf cannot tell alone). */
export const TRANSPORT_PARAM_NAME = new RegExp(`^[A-Za-z0-9.-]+_(${[...TRANSPORT_PARAMS.map(([s]) => s), 'time_limit'].join('|')})$`);

/** The per-transport parameters postconf derives from master.cf's delivery services, with their defaults. */
export function serviceParams(services: { name: string; command: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of services) {
    if (!DELIVERY_AGENTS.has(s.command)) continue;
    const suffixes =
      s.command === 'pipe' ? [...TRANSPORT_PARAMS, ['time_limit', '$command_time_limit'] as [string, string]] : TRANSPORT_PARAMS;
    for (const [suffix, value] of suffixes) {
      const name = `${s.name}_${suffix}`;
      if (!isKnownParam(name)) out.set(name, value);
    }
  }
  return out;
}
