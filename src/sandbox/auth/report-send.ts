// `mailsec dmarc report`: the aggregate report for the learner's domain since the last one,
// kept under var/lib/opendmarc/reports and mailed to every local rua= address.
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import type { Workspace } from '../../workspace/workspace.js';
import type { SandboxProbe } from '../../util/ports.js';
import { readEvents } from '../events.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { buildReport, reportEvents, reportFilename, reportMessage, reportXml, type AggregateReport } from './report.js';
import { deliverLocal, type Delivered } from './deliver.js';
import { domainOf } from './address.js';
import { rethrowBug } from '../../util/errors.js';

export const REPORT_DIR = 'var/lib/opendmarc/reports';
const STATE = 'var/lib/opendmarc/last-report.json';

export interface ReportRun {
  report?: AggregateReport;
  /** workspace-relative path of the XML copy */
  file?: string;
  since: number;
  deliveries: { to: string; local: boolean; result?: Delivered }[];
  xml?: string;
}

function lastEnd(ws: Workspace): number {
  try {
    const s = JSON.parse(readFileSync(ws.resolve(STATE), 'utf8'));
    return typeof s.end === 'number' ? s.end : 0;
  } catch (e) {
    rethrowBug(e);
    return 0;
  }
}

/**
 * A rua address the sandbox can deliver: the learner's domain or a name under it, which its
 * DNS serves. No suffix list decides it: a workspace domain that such a list calls a public
 * suffix still has its own names.
 */
export function isLocalAddress(ws: Workspace, address: string): boolean {
  const d = domainOf(address);
  return d === ws.domain || d.endsWith('.' + ws.domain);
}

/** `printOnly`: the report is made to be read (`--print`); nothing is written or mailed, and the next report still covers its mails. */
export async function runReport(ws: Workspace, probe: SandboxProbe, o: { all?: boolean; now?: Date; printOnly?: boolean } = {}): Promise<ReportRun> {
  const now = (o.now ?? new Date()).getTime() / 1000;
  const since = o.all ? 0 : lastEnd(ws);
  const events = reportEvents(readEvents(ws), ws.domain, since, now + 1);
  const out: ReportRun = { since, deliveries: [] };
  if (!events.length) return out;
  const begin = o.all || !since ? Math.floor(Date.parse(events[0].ts) / 1000) : since;
  const report = buildReport(events, { domain: ws.domain, hostname: `mail.${ws.domain}`, begin, end: Math.ceil(now) });
  if (!report) return out;
  out.report = report;
  out.xml = reportXml(report);
  if (o.printOnly) return out;
  const name = reportFilename(report);
  mkdirSync(ws.resolve(REPORT_DIR), { recursive: true });
  out.file = `${REPORT_DIR}/${name}`;
  writeFileAtomic(ws.resolve(out.file), out.xml);
  for (const uri of report.rua) {
    const to = uri.replace(/^mailto:/i, '');
    if (!/^mailto:/i.test(uri) || !isLocalAddress(ws, to)) {
      // nothing leaves the machine: an outside rua only gets the copy on disk
      out.deliveries.push({ to: uri, local: false });
      continue;
    }
    const result = await deliverLocal(ws, probe, report.email, to, reportMessage(report, to));
    out.deliveries.push({ to, local: true, result });
  }
  writeFileAtomic(ws.resolve(STATE), JSON.stringify({ end: report.end, file: out.file, reportId: report.reportId }, null, 2) + '\n');
  return out;
}

/** The most recent report written, for the lesson's check. */
export function latestReport(ws: Workspace): { file: string; xml: string } | undefined {
  const dir = ws.resolve(REPORT_DIR);
  if (!existsSync(dir)) return undefined;
  let best: { file: string; end: number } | undefined;
  for (const f of readdirSync(dir)) {
    const m = /!(\d+)!(\d+)\.xml$/.exec(f);
    if (m && (!best || Number(m[2]) >= best.end)) best = { file: f, end: Number(m[2]) };
  }
  if (!best) return undefined;
  return { file: `${REPORT_DIR}/${best.file}`, xml: readFileSync(`${dir}/${best.file}`, 'utf8') };
}
