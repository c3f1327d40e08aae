// What OpenDKIM 2.11 (Debian 12) writes to the mail log when it does not sign a message and
// when it verifies one, as a real one printed it: pure, from the verdicts to the lines
// (without the "opendkim[PID]: " prefix).
import type { DkimVerdict } from './dkim.js';

/** LogWhy yes: the From domain is not a Domain; and not a subdomain of one either (when d is undefined). */
export function noMatchLog(qid: string, from: string, d: string | undefined): string[] {
  if (d === from) return [];
  const out = [`${qid}: no signing domain match for '${from}'`];
  if (!d) out.push(`${qid}: no signing subdomain match for '${from}'`);
  return out;
}

/**
 * The lines of one verification. Several signatures are named first; a message that
 * verifies says so (SyslogSuccess), then the signature used, "SSL" and OpenSSL's (empty)
 * error queue; one that does not, that line and "bad signature data". Unsigned: nothing.
 */
export function verifyLog(qid: string, sigs: DkimVerdict[], o: { syslogSuccess: boolean }): string[] {
  const signed = sigs.filter((d) => d.domain);
  if (!signed.length) return [];
  const out: string[] = [];
  if (signed.length > 1) out.push(`${qid}: message has signatures from ${signed.map((d) => d.domain).join(', ')}`);
  const ssl = (d: DkimVerdict) => `${qid}: s=${d.selector} d=${d.domain} a=${d.algorithm ?? 'rsa-sha256'} SSL `;
  const good = signed.find((d) => d.result === 'pass');
  if (good) {
    if (o.syslogSuccess) out.push(`${qid}: DKIM verification successful`);
    out.push(ssl(good));
    return out;
  }
  const first = signed[0];
  if (/no key/i.test(first.comment ?? ''))
    out.push(`${qid}: key retrieval failed (s=${first.selector}, d=${first.domain}): '${first.selector}._domainkey.${first.domain}' record not found`);
  else out.push(ssl(first), `${qid}: bad signature data`);
  return out;
}
