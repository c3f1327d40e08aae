/**
 * MTA-STS (RFC 8461) and SMTP TLS Reporting (RFC 8460) as text: the policy file a domain
 * serves at https://mta-sts.<domain>/.well-known/mta-sts.txt, its `_mta-sts` TXT record,
 * the `_smtp._tls` TXT record, and whether a policy's mx patterns cover a domain's MX hosts.
 * Pure: text in, findings out. Postfix itself does not read these (a resolver such as
 * postfix-mta-sts-resolver does, for smtp_tls_policy_maps); they live beside Postfix's words
 * because the checks and the sandbox's web server share them.
 */

export const POLICY_PATH = '/.well-known/mta-sts.txt';
/** Where the sandbox's web server of mta-sts.<domain> finds the policy in the workspace. */
export const POLICY_FILE = 'var/www/mta-sts/.well-known/mta-sts.txt';
/** The web server's own certificate and key, and the ones it falls back to (lesson 2's). */
export const WEB_CERT = { cert: 'etc/ssl/certs/mta-sts.crt', key: 'etc/ssl/private/mta-sts.key' };
export const MAIL_CERT = { cert: 'etc/ssl/certs/cert.crt', key: 'etc/ssl/private/cert.key' };
/** The User-Agent of the checks' own requests, which are not the learner's. */
export const CHECK_AGENT = 'mailsec-check';
/** RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year) */
export const MAX_AGE_LIMIT = 31557600;
export const MODES = ['enforce', 'testing', 'none'] as const;
export type StsMode = (typeof MODES)[number];

export type PolicyProblem =
  | { code: 'badLine'; line: number; text: string }
  | { code: 'bareCr'; line: number }
  | { code: 'duplicate'; line: number; field: string }
  | { code: 'versionMissing' }
  | { code: 'versionWrong'; line: number; value: string }
  | { code: 'modeMissing' }
  | { code: 'modeWrong'; line: number; value: string }
  | { code: 'maxAgeMissing' }
  | { code: 'maxAgeWrong'; line: number; value: string }
  | { code: 'mxMissing' }
  | { code: 'mxWrong'; line: number; value: string };

export interface StsPolicy {
  version?: string;
  mode?: StsMode;
  maxAge?: number;
  mx: string[];
  problems: PolicyProblem[];
}

const FIELD = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,31}):[ \t]*(.*?)[ \t]*$/;
/** a host name, or `*.` and a host name (RFC 8461 §3.2: the wildcard covers one label) */
const MX_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/i;

/** Reads a policy file as RFC 8461 §3.2 writes it: `key: value` lines ending in LF or CRLF. */
export function parsePolicy(text: string): StsPolicy {
  const out: StsPolicy = { mx: [], problems: [] };
  const seen = new Set<string>();
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.includes('\r')) {
      out.problems.push({ code: 'bareCr', line: n });
      return;
    }
    const m = FIELD.exec(line);
    if (!m) {
      out.problems.push({ code: 'badLine', line: n, text: line });
      return;
    }
    const key = m[1];
    const value = m[2];
    if (key !== 'mx') {
      if (seen.has(key)) {
        out.problems.push({ code: 'duplicate', line: n, field: key });
        return;
      }
      seen.add(key);
    }
    switch (key) {
      case 'version':
        out.version = value;
        if (value !== 'STSv1') out.problems.push({ code: 'versionWrong', line: n, value });
        break;
      case 'mode':
        if ((MODES as readonly string[]).includes(value)) out.mode = value as StsMode;
        else out.problems.push({ code: 'modeWrong', line: n, value });
        break;
      case 'max_age':
        if (/^\d{1,10}$/.test(value) && Number(value) <= MAX_AGE_LIMIT) out.maxAge = Number(value);
        else out.problems.push({ code: 'maxAgeWrong', line: n, value });
        break;
      case 'mx':
        if (MX_PATTERN.test(value)) out.mx.push(value.toLowerCase().replace(/\.$/, ''));
        else out.problems.push({ code: 'mxWrong', line: n, value });
        break;
      default:
      // RFC 8461 §3.2: fields a reader does not know are ignored
    }
  });
  const has = (code: PolicyProblem['code']) => out.problems.some((p) => p.code === code);
  if (!seen.has('version')) out.problems.push({ code: 'versionMissing' });
  if (!seen.has('mode')) out.problems.push({ code: 'modeMissing' });
  if (!seen.has('max_age')) out.problems.push({ code: 'maxAgeMissing' });
  if (out.mode !== 'none' && !out.mx.length && !has('mxWrong')) out.problems.push({ code: 'mxMissing' });
  return out;
}

/** Whether an MX host name matches one mx pattern of a policy (a `*.` covers exactly one label). */
export function mxMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return p === h;
  const rest = p.slice(2);
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === rest;
}

/** The MX hosts no pattern of the policy covers: a sender enforcing it would refuse to deliver to them. */
export function uncoveredMx(policy: Pick<StsPolicy, 'mx'>, mxHosts: string[]): string[] {
  return mxHosts.filter((h) => !policy.mx.some((p) => mxMatches(p, h)));
}

/** `key=value` pairs of a TXT record (RFC 8461 §3.1, RFC 8460 §3), in order. */
function tagPairs(txt: string): { key: string; value: string }[] | undefined {
  const out: { key: string; value: string }[] = [];
  for (const part of txt.split(';')) {
    const s = part.trim();
    if (!s) continue;
    const eq = s.indexOf('=');
    if (eq <= 0) return undefined;
    out.push({ key: s.slice(0, eq).trim(), value: s.slice(eq + 1).trim() });
  }
  return out;
}

export type TxtVerdict<T> =
  { ok: true; value: T; record: string } | { ok: false; problem: 'none' | 'several' | 'syntax' | 'field'; record?: string; field?: string };

/**
 * The `_mta-sts.<domain>` TXT records: exactly one must start with `v=STSv1` (RFC 8461 §3.1:
 * with more than one, senders act as if there were none) and carry an id of 1-32 letters and digits.
 */
export function stsRecord(txts: string[]): TxtVerdict<{ id: string }> {
  const mine = txts.filter((t) => /^v=STSv1\s*(;|$)/.test(t));
  if (!mine.length) return { ok: false, problem: 'none' };
  if (mine.length > 1) return { ok: false, problem: 'several', record: mine.join(' | ') };
  const record = mine[0];
  const tags = tagPairs(record);
  if (!tags) return { ok: false, problem: 'syntax', record };
  const id = tags.find((t) => t.key === 'id')?.value;
  if (id === undefined || !/^[A-Za-z0-9]{1,32}$/.test(id)) return { ok: false, problem: 'field', record, field: 'id' };
  return { ok: true, value: { id }, record };
}

/** The `_smtp._tls.<domain>` TXT records (RFC 8460 §3): one `v=TLSRPTv1` with rua= mailto: or https: addresses. */
export function tlsRptRecord(txts: string[]): TxtVerdict<{ rua: string[] }> {
  const mine = txts.filter((t) => /^v=TLSRPTv1\s*(;|$)/.test(t));
  if (!mine.length) return { ok: false, problem: 'none' };
  if (mine.length > 1) return { ok: false, problem: 'several', record: mine.join(' | ') };
  const record = mine[0];
  const tags = tagPairs(record);
  if (!tags) return { ok: false, problem: 'syntax', record };
  const rua = tags.find((t) => t.key === 'rua')?.value;
  const uris = rua?.split(',').map((u) => u.trim()) ?? [];
  const good = (u: string) => /^mailto:[^@\s]+@[^@\s]+\.[^@\s]+$/i.test(u) || /^https:\/\/\S+$/i.test(u);
  if (!uris.length || !uris.every(good)) return { ok: false, problem: 'field', record, field: 'rua' };
  return { ok: true, value: { rua: uris }, record };
}
