// `mailsec postconf [-n|-d|-h|-M|-f] [NAME...]`: what Postfix's own postconf would say about the
// workspace's etc/postfix/main.cf and master.cf, in its words and exit codes. It takes postconf's
// short options (-h is postconf's "values only", not help), so it parses its own arguments
// (cli.ts hands them over), as `mailsec postfix check` does.
import { hostname } from 'node:os';
import { detectLang, isLang, type Lang } from '../i18n/lang.js';
import { langInArgv } from './args-error.js';
import { t } from '../i18n/messages.js';
import { Workspace } from '../workspace/workspace.js';
import { workspaceDir } from './workspace-dir.js';
import { findWorkspace } from './subcommand.js';
import { runPostconf } from '../postfix/postconf.js';
import { writeFileAtomic } from '../util/atomic.js';
import { onUserPaths } from '../util/fs-errors.js';
import { MAIN_CF, MASTER_CF } from '../postfix/defaults.js';

export interface OwnArgs {
  lang: Lang;
  workspace?: string;
  help: boolean;
  /** everything that is not one of mailsec's global options, in order */
  rest: string[];
}

/** mailsec's global options (--lang, --workspace/-w, --help, --plain, --json) out of the way. */
export function splitGlobal(argv: string[]): OwnArgs | string {
  let lang: string | undefined;
  let workspace: string | undefined;
  let help = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = /^--(lang|workspace)=(.*)$/.exec(a);
    if (eq) eq[1] === 'lang' ? (lang = eq[2]) : (workspace = eq[2]);
    else if (a === '--lang' || a === '--workspace' || a === '-w') {
      if (argv[i + 1] === undefined) return a;
      if (a === '--lang') lang = argv[++i];
      else workspace = argv[++i];
    } else if (a === '--help') help = true;
    else if (a === '--plain' || a === '--json') continue;
    else rest.push(a);
  }
  if (lang !== undefined && !isLang(lang)) return `--lang=${lang}`;
  return { lang: isLang(lang) ? lang : detectLang(), workspace, help, rest };
}

/** main.cf and master.cf of the workspace: --workspace, else the current folder's, else the default one. */
export function files(workspace: string | undefined, lang: Lang) {
  const ws =
    (!workspace && findWorkspace(undefined)) ||
    Workspace.open(workspaceDir({ lang, langExplicit: false, workspace, json: false, plain: false }));
  return { mainCf: ws.readText(MAIN_CF), masterCf: ws.readText(MASTER_CF), path: ws.resolve(MAIN_CF) };
}

/** A global option without its value (or an unknown language): the usage, exit 2. */
export function refuse(argv: string[], bad: string, usageKey: string): number {
  const lang = langInArgv(argv) ?? detectLang();
  process.stderr.write(t(lang, usageKey, { error: t(lang, 'cli.optionNeedsValue', { option: bad }) }) + '\n');
  return 2;
}

export function postconf(argv: string[]): number {
  const a = splitGlobal(argv);
  if (typeof a === 'string') return refuse(argv, a, 'postfix.postconf.usage');
  if (a.help) {
    process.stdout.write(t(a.lang, 'postfix.postconf.usage', { error: '' }) + '\n');
    return 0;
  }
  const { mainCf, masterCf, path } = files(a.workspace, a.lang);
  // the machine's name, as Postfix's gethostname() gives it for a myhostname main.cf does not set
  const r = runPostconf({ args: a.rest, mainCf, masterCf, facts: { hostname: hostname(), pid: process.pid } });
  // -e: main.cf edited in place, as the real one does (no reload: `mailsec sandbox reload`)
  if (r.mainCf !== undefined) onUserPaths([path], 'write', () => writeFileAtomic(path, r.mainCf!));
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  return r.code;
}
