// DMARC aggregate reports as RFC 9990 has them (RFC 7489 §7.2 and appendix C before it),
// made from the receiving side's `auth` events as opendmarc-reports makes them from
// OpenDMARC's history file.
import { randomBytes } from 'node:crypto';
import type { SandboxEvent } from '../events.js';
import type { AuthEvent } from './stages.js';
import { domainOf, normalizeDomain } from './address.js';

/** RFC 9990's XML namespace (§5.1) and the report format's version. */
export const DMARC_XML_NS = 'urn:ietf:params:xml:ns:dmarc-2.0';
export const REPORT_VERSION = '1.0';

export interface ReportRow {
  sourceIp: string;
  count: number;
  /** none, quarantine, reject; pass: DMARC passed under a policy that acts (RFC 9990) */
  disposition: string;
  /** DMARC's aligned results */
  dkimAligned: 'pass' | 'fail';
  spfAligned: 'pass' | 'fail';
  /** t=y lowered the policy: the disposition is not what the record asks */
  testMode: boolean;
  headerFrom: string;
  /** the RFC5321.MailFrom domain; empty for the null sender */
  envelopeFrom: string;
  dkim: { domain: string; selector?: string; result: string }[];
  spf: { domain: string; result: string };
}

export interface AggregateReport {
  orgName: string;
  email: string;
  reportId: string;
  begin: number;
  end: number;
  domain: string;
  /** the record as RFC 9990's policy_published has it: no pct (RFC 9989 removed it), np and t= as testing */
  policy: { adkim: string; aspf: string; p: string; sp: string; np: string; testing: 'y' | 'n'; discoveryMethod: 'treewalk' };
  rows: ReportRow[];
  /** the rua addresses of the most recent record */
  rua: string[];
}

/** An `auth` event with every field the report reads; anything else in the log is skipped. */
export function isAuthEvent(e: SandboxEvent): e is SandboxEvent & AuthEvent {
  const x = e as Partial<AuthEvent> & SandboxEvent;
  return (
    e.type === 'authres' &&
    !!x.dmarc && typeof x.dmarc === 'object' && typeof x.dmarc.disposition === 'string' &&
    !!x.client && typeof x.client.addr === 'string' &&
    !!x.spf && typeof x.spf.result === 'string' &&
    Array.isArray(x.dkim) &&
    typeof x.headerFrom === 'string' &&
    !Number.isNaN(Date.parse(e.ts))
  );
}

const DKIM_RESULTS = new Set(['none', 'pass', 'fail', 'policy', 'neutral', 'temperror', 'permerror']);
const SPF_RESULTS = new Set(['none', 'neutral', 'pass', 'fail', 'softfail', 'temperror', 'permerror']);

/**
 * The events whose DMARC policy came from `domain`'s record, in [begin, end): a report is about
 * one Policy Domain (RFC 9990 §2.1.1), the one the DNS Tree Walk found. A subdomain with a
 * record of its own is a Policy Domain of its own and has a report of its own.
 */
export function reportEvents(events: SandboxEvent[], domain: string, begin = 0, end = Infinity): (SandboxEvent & AuthEvent)[] {
  const d = normalizeDomain(domain);
  return events.filter((e): e is SandboxEvent & AuthEvent => {
    if (!isAuthEvent(e)) return false;
    const t = Date.parse(e.ts) / 1000;
    if (!(t >= begin && t < end)) return false;
    return e.dmarc.policyDomain === d;
  });
}

/** RFC 9990's disposition: "pass" for mail that passed DMARC where the policy acts; else what was done. */
function rowDisposition(d: AuthEvent['dmarc']): string {
  if (d.result === 'pass' && d.policy && d.policy !== 'none') return 'pass';
  return d.disposition;
}

export function buildReport(events: (SandboxEvent & AuthEvent)[], o: { domain: string; hostname: string; begin: number; end: number; reportId?: string }): AggregateReport | undefined {
  const withPolicy = events.filter((e) => e.dmarc.p);
  const last = withPolicy[withPolicy.length - 1];
  if (!last) return undefined;
  const rows = new Map<string, ReportRow>();
  for (const e of withPolicy) {
    const dkim = (e.dkim ?? [])
      .filter((x) => x.domain)
      .map((x) => ({ domain: x.domain!, selector: x.selector, result: DKIM_RESULTS.has(x.result) ? x.result : 'temperror' }));
    const row: ReportRow = {
      sourceIp: e.client.addr,
      count: 1,
      disposition: rowDisposition(e.dmarc),
      dkimAligned: e.dmarc.dkimAligned ? 'pass' : 'fail',
      spfAligned: e.dmarc.spfAligned ? 'pass' : 'fail',
      testMode: e.dmarc.result === 'fail' && e.dmarc.testMode && !!e.dmarc.policy && e.dmarc.disposition !== e.dmarc.policy,
      headerFrom: e.headerFrom,
      envelopeFrom: typeof e.mailFrom === 'string' && e.mailFrom ? domainOf(e.mailFrom) : '',
      dkim,
      spf: { domain: e.spf.domain || e.headerFrom, result: SPF_RESULTS.has(e.spf.result) ? e.spf.result : 'temperror' },
    };
    const key = JSON.stringify({ ...row, count: 0 });
    const had = rows.get(key);
    if (had) had.count++;
    else rows.set(key, row);
  }
  return {
    orgName: o.hostname,
    email: `noreply-dmarc@${o.hostname}`,
    reportId: o.reportId ?? `${o.begin}.${randomBytes(6).toString('hex')}@${o.hostname}`,
    begin: Math.floor(o.begin),
    end: Math.floor(o.end),
    domain: normalizeDomain(o.domain),
    policy: policyPublished(last.dmarc),
    rows: [...rows.values()],
    rua: last.dmarc.rua ?? [],
  };
}

/** The tags that were not published take their defaults: sp= is p=, np= is sp= (RFC 9989 §4.7). */
function policyPublished(d: AuthEvent['dmarc']): AggregateReport['policy'] {
  const sp = d.sp ?? d.p!;
  return { adkim: d.adkim, aspf: d.aspf, p: d.p!, sp, np: d.np ?? sp, testing: d.testMode ? 'y' : 'n', discoveryMethod: 'treewalk' };
}

const esc = (s: string | number) => String(s).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** The report as RFC 9990's schema (its appendix A) lays it out, in its namespace. */
export function reportXml(r: AggregateReport): string {
  const L: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<feedback xmlns="${DMARC_XML_NS}">`];
  const el = (indent: number, name: string, v: string | number) => L.push(`${'  '.repeat(indent)}<${name}>${esc(v)}</${name}>`);
  el(1, 'version', REPORT_VERSION);
  L.push('  <report_metadata>');
  el(2, 'org_name', r.orgName);
  el(2, 'email', r.email);
  el(2, 'report_id', r.reportId);
  L.push('    <date_range>');
  el(3, 'begin', r.begin);
  el(3, 'end', r.end);
  L.push('    </date_range>');
  el(2, 'generator', 'mailsec sandbox');
  L.push('  </report_metadata>', '  <policy_published>');
  el(2, 'domain', r.domain);
  el(2, 'discovery_method', r.policy.discoveryMethod);
  el(2, 'adkim', r.policy.adkim);
  el(2, 'aspf', r.policy.aspf);
  el(2, 'p', r.policy.p);
  el(2, 'sp', r.policy.sp);
  el(2, 'np', r.policy.np);
  el(2, 'testing', r.policy.testing);
  L.push('  </policy_published>');
  for (const row of r.rows) {
    L.push('  <record>', '    <row>');
    el(3, 'source_ip', row.sourceIp);
    el(3, 'count', row.count);
    L.push('      <policy_evaluated>');
    el(4, 'disposition', row.disposition);
    el(4, 'dkim', row.dkimAligned);
    el(4, 'spf', row.spfAligned);
    if (row.testMode) L.push('        <reason>', '          <type>policy_test_mode</type>', '        </reason>');
    L.push('      </policy_evaluated>', '    </row>', '    <identifiers>');
    el(3, 'envelope_from', row.envelopeFrom);
    el(3, 'header_from', row.headerFrom);
    L.push('    </identifiers>', '    <auth_results>');
    for (const d of row.dkim) {
      L.push('      <dkim>');
      el(4, 'domain', d.domain);
      el(4, 'selector', d.selector ?? '');
      el(4, 'result', d.result);
      L.push('      </dkim>');
    }
    L.push('      <spf>');
    el(4, 'domain', row.spf.domain);
    el(4, 'result', row.spf.result);
    L.push('      </spf>', '    </auth_results>', '  </record>');
  }
  L.push('</feedback>');
  return L.join('\n') + '\n';
}

/** receiver!policy-domain!begin!end.xml (RFC 9990 §2.6.2); uncompressed, so it can be read as it is. */
export function reportFilename(r: AggregateReport): string {
  return `${r.orgName}!${r.domain}!${r.begin}!${r.end}.xml`;
}

/** The report mail (RFC 9990 §2.6.2): a short text part and the XML attached, as text/xml since it is not compressed. */
export function reportMessage(r: AggregateReport, to: string, now = new Date()): string {
  const boundary = `=_dmarc_${randomBytes(8).toString('hex')}`;
  const name = reportFilename(r);
  const total = r.rows.reduce((n, x) => n + x.count, 0);
  const failed = r.rows.filter((x) => x.dkimAligned === 'fail' && x.spfAligned === 'fail').reduce((n, x) => n + x.count, 0);
  const lines = [
    `From: DMARC Aggregate Report <${r.email}>`,
    `To: <${to}>`,
    `Subject: Report Domain: ${r.domain} Submitter: ${r.orgName} Report-ID: <${r.reportId}>`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${r.reportId.replace(/@.*/, '')}.report@${r.orgName}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    'This is a DMARC aggregate report (RFC 9990) in MIME format.',
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `DMARC aggregate report from ${r.orgName} for ${r.domain}.`,
    `Period: ${new Date(r.begin * 1000).toISOString()} to ${new Date(r.end * 1000).toISOString()}.`,
    `Messages: ${total}; failing DMARC: ${failed}. Details in the attached ${name}.`,
    '',
    `--${boundary}`,
    `Content-Type: text/xml; name="${name}"`,
    `Content-Disposition: attachment; filename="${name}"`,
    'Content-Transfer-Encoding: 7bit',
    '',
    reportXml(r).trimEnd(),
    '',
    `--${boundary}--`,
    '',
  ];
  return lines.join('\r\n');
}
