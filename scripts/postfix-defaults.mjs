#!/usr/bin/env node
// Regenerates src/postfix/defaults-3.7.json, the default of every built-in Postfix parameter,
// from `postconf -d` of a real Postfix (run on Debian 12: postfix 3.7.11), over an empty
// configuration directory: the parameters postconf derives from master.cf's delivery services
// (relay_destination_concurrency_limit, ...) come from the workspace's master.cf instead
// (postconf-defaults.ts). The values that depend on the machine that ran it (its host name,
// its interfaces, postconf's own pid) are kept as they came; postconf-defaults.ts replaces
// them with the sandbox's facts.
//
//   node scripts/postfix-defaults.mjs            write the table
//   node scripts/postfix-defaults.mjs --check    exit 1 if the committed table differs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../src/postfix/defaults-3.7.json', import.meta.url));
const empty = mkdtempSync(join(tmpdir(), 'postconf-'));
writeFileSync(join(empty, 'main.cf'), '');
writeFileSync(join(empty, 'master.cf'), '');
let text;
try {
  text = execFileSync('postconf', ['-c', empty, '-d'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin' } });
} finally {
  rmSync(empty, { recursive: true, force: true });
}
const table = {};
for (const line of text.split('\n')) {
  if (!line) continue;
  const i = line.indexOf(' = ');
  if (i > 0) table[line.slice(0, i)] = line.slice(i + 3);
  else if (line.endsWith(' =')) table[line.slice(0, -2)] = '';
  else throw new Error(`unexpected postconf -d line: ${line}`);
}
if (table.mail_version !== '3.7.11') process.stderr.write(`note: this Postfix is ${table.mail_version}, the sandbox says 3.7.11\n`);
// process_id changes on every run; keep the table stable. config_directory is -c's
table.process_id = '0';
table.config_directory = '/etc/postfix';
const json = JSON.stringify(table, null, 1) + '\n';
if (process.argv.includes('--check')) {
  const same = readFileSync(out, 'utf8') === json;
  process.stdout.write(same ? 'defaults table up to date\n' : 'defaults table differs from postconf -d\n');
  process.exit(same ? 0 : 1);
}
writeFileSync(out, json);
process.stdout.write(`${Object.keys(table).length} parameters written to ${out}\n`);
