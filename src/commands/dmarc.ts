// `mailsec dmarc report [--all] [--print] [--json]`: the DMARC aggregate report for the
// workspace's domain, made from what the sandbox recorded and mailed to the rua= mailbox.
import { t } from '../i18n/messages.js';
import { probeFor } from '../checks/run.js';
import { runReport } from '../sandbox/api-config.js';
import { requireWorkspace, parseSubcommand } from './subcommand.js';
import { onUserPathsAsync } from '../util/fs-errors.js';

export async function dmarc(argv: string[]): Promise<number> {
  const parsed = parseSubcommand(argv, 'report', 'auth.report.usage', {
    all: { type: 'boolean' },
    print: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values: v, lang } = parsed;
  const ws = requireWorkspace(v.workspace, lang);
  if (typeof ws === 'number') return ws;
  // the report is mailed through the workspace's running sandbox, on the ports it really uses;
  // --print only shows it: the lesson prints the report it has just mailed, which is not mailed again
  const r = await onUserPathsAsync([ws.root], 'write', () => runReport(ws, probeFor(ws), { all: v.all, printOnly: v.print }));
  if (v.json) {
    process.stdout.write(
      JSON.stringify(
        { report: r.report ?? null, file: r.file ?? null, deliveries: r.deliveries, ...(v.print ? { xml: r.xml } : {}) },
        null,
        2,
      ) + '\n',
    );
    return r.report ? 0 : 1;
  }
  if (!r.report) {
    process.stdout.write(
      t(lang, r.since ? 'auth.report.nothingSince' : 'auth.report.nothing', {
        domain: ws.domain,
        since: new Date(r.since * 1000).toISOString(),
      }) + '\n',
    );
    return 1;
  }
  const rep = r.report;
  const total = rep.rows.reduce((n, x) => n + x.count, 0);
  process.stdout.write(
    t(lang, v.print ? 'auth.report.printed' : 'auth.report.made', { domain: rep.domain, total, file: r.file ?? '' }) + '\n',
  );
  for (const row of rep.rows) {
    process.stdout.write(
      `  ${row.sourceIp.padEnd(16)} ${String(row.count).padStart(4)}  disposition=${row.disposition}  dkim=${row.dkimAligned}  spf=${row.spfAligned}  header_from=${row.headerFrom}\n`,
    );
  }
  if (v.print) {
    process.stdout.write('\n' + r.xml);
    return 0;
  }
  if (!r.deliveries.length) process.stdout.write(t(lang, 'auth.report.noRua', { domain: rep.domain }) + '\n');
  for (const d of r.deliveries) {
    if (!d.local) process.stdout.write(t(lang, 'auth.report.outside', { to: d.to }) + '\n');
    else if (d.result?.ok)
      process.stdout.write(
        t(lang, d.result.via === 'smtp' ? 'auth.report.sent' : 'auth.report.written', { to: d.to, detail: d.result.detail }) + '\n',
      );
    else process.stdout.write(t(lang, 'auth.report.refused', { to: d.to, detail: d.result?.detail ?? '' }) + '\n');
  }
  return 0;
}
