/**
 * Postfix's time values (postconf(5), "time units"): a number with an optional unit,
 * s(econds), m(inutes), h(ours), d(ays) or w(eeks); without one, the parameter's own
 * default unit applies (seconds for most). Used by anvil_rate_time_unit, smtpd_timeout,
 * smtpd_error_sleep_time and the like.
 */

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Milliseconds, or undefined when Postfix would call the value bad ("fatal: ... bad time value"). */
export function timeValueMs(value: string, defaultUnit: keyof typeof UNIT_SECONDS = 's'): number | undefined {
  const m = /^\s*(\d+)([smhdw])?\s*$/i.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * UNIT_SECONDS[(m[2] ?? defaultUnit).toLowerCase()]! * 1000;
}
