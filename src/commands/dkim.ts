// `mailsec dkim genkey -s SELECTOR -d DOMAIN [-D DIR] [-b BITS]`, with opendkim-genkey's
// own short options, so it parses its arguments itself (cli.ts hands them over untouched).
import { parseArgs } from 'node:util';
import { resolve, isAbsolute, relative } from 'node:path';
import { detectLang, isLang, type Lang } from '../i18n/lang.js';
import { t } from '../i18n/messages.js';
import { Workspace } from '../workspace/workspace.js';
import { genkey, GenkeyError } from '../sandbox/auth/genkey.js';

/** The workspace the command acts in: --workspace, the current folder, or MAILSEC_WORKSPACE; undefined outside one. */
export function findWorkspace(explicit: string | undefined, env = process.env): Workspace | undefined {
  for (const d of [explicit, process.cwd(), env.MAILSEC_WORKSPACE]) {
    if (d && Workspace.exists(d)) return Workspace.open(d);
  }
  return undefined;
}

export function langOf(v: string | undefined): Lang {
  return v && isLang(v) ? v : detectLang();
}

export async function dkim(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        selector: { type: 'string', short: 's' },
        domain: { type: 'string', short: 'd' },
        directory: { type: 'string', short: 'D' },
        bits: { type: 'string', short: 'b' },
        testmode: { type: 'boolean', short: 't' },
        restrict: { type: 'boolean', short: 'r' },
        verbose: { type: 'boolean', short: 'v' },
        force: { type: 'boolean' },
        lang: { type: 'string' },
        workspace: { type: 'string', short: 'w' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    process.stderr.write(t(detectLang(), 'auth.genkey.usage', { error: (e as Error).message.split('\n')[0] }) + '\n');
    return 2;
  }
  const v = args.values;
  const lang = langOf(v.lang);
  const [sub] = args.positionals;
  if (v.help || sub !== 'genkey') {
    process.stderr.write(t(lang, 'auth.genkey.usage', { error: sub ? `unknown subcommand: ${sub}` : '' }) + '\n');
    return v.help ? 0 : 2;
  }
  const ws = findWorkspace(v.workspace);
  const domain = (v.domain ?? ws?.domain ?? '').toLowerCase();
  if (!domain) {
    process.stderr.write(t(lang, 'auth.genkey.noDomain') + '\n');
    return 2;
  }
  // inside a workspace an absolute path is read inside it, as every path in the sandbox
  const rawDir = v.directory ?? '.';
  const dir = ws && isAbsolute(rawDir) ? ws.resolve(rawDir) : resolve(rawDir);
  try {
    const r = genkey({
      selector: v.selector ?? 'default',
      domain,
      dir,
      bits: v.bits === undefined ? undefined : Number(v.bits),
      testing: v.testmode,
      restricted: v.restrict,
      force: v.force,
    });
    const show = (p: string) => (ws && !relative(ws.root, p).startsWith('..') ? relative(ws.root, p) : p);
    process.stdout.write(t(lang, 'auth.genkey.done', { private: show(r.privateFile), txt: show(r.txtFile), bits: r.bits }) + '\n');
    if (v.verbose) process.stdout.write(r.txt);
    return 0;
  } catch (e) {
    if (e instanceof GenkeyError) {
      process.stderr.write(t(lang, e.key, e.params) + '\n');
      return 2;
    }
    throw e;
  }
}
