// RFC 9990's aggregate report, validated with xmllint against test/fixtures/dmarc/aggregate-report.xsd.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPORT_XSD = fileURLToPath(new URL('../../fixtures/dmarc/aggregate-report.xsd', import.meta.url));

/** xmllint's verdict on one report: ok, or its complaints. */
export function validateReport(xml: string): { ok: boolean; errors: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', REPORT_XSD, '-'], { input: xml, encoding: 'utf8' });
  return { ok: r.status === 0, errors: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}
