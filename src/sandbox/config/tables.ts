/**
 * Opens the lookup tables main.cf names: reads the table's file from the workspace and
 * hands its text to the pure table model in src/postfix/tables.ts.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Workspace } from '../../workspace/workspace.js';
import type { ConfigIssue } from '../../postfix/main-cf.js';
import { parseTableSpec, missingTableIssue, tableFromText, type Table } from '../../postfix/tables.js';


/** Reads a table named in main.cf. Issues carry the table file and line. */
export function openTable(spec: string, ws: Workspace, cfFile: string, cfLine?: number): { table?: Table; issues: ConfigIssue[] } {
  const parsed = parseTableSpec(spec, cfFile, cfLine);
  if (parsed.kind === 'bad') return { issues: parsed.issues };
  if (parsed.kind === 'ready') return { table: parsed.table, issues: [] };
  const { type, name } = parsed;
  const issues: ConfigIssue[] = [];
  let file: string;
  try {
    file = ws.resolve(name);
  } catch {
    issues.push({ file: cfFile, line: cfLine, severity: 'fatal', text: `table ${spec}: the path leaves the sandbox` });
    return { issues };
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    issues.push(missingTableIssue(type, name, cfFile, cfLine));
    return { issues };
  }
  const text = readFileSync(file, 'utf8');
  return { table: tableFromText(spec, type, name, text, issues), issues };
}
