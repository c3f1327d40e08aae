// `mailsec dkim genkey -s SELECTOR -d DOMAIN [-D DIR] [-b BITS]`, with opendkim-genkey's
// own short options, so it parses its arguments itself (cli.ts hands them over untouched).
import { resolve, isAbsolute, relative } from 'node:path';
import { t } from '../i18n/messages.js';
import { genkey, GenkeyError } from '../sandbox/api-config.js';
import { findWorkspace, parseSubcommand } from './subcommand.js';
import { UserError } from '../util/errors.js';
import { onUserPaths } from '../util/fs-errors.js';

export async function dkim(argv: string[]): Promise<number> {
  const parsed = parseSubcommand(argv, 'genkey', 'auth.genkey.usage', {
    selector: { type: 'string', short: 's' },
    domain: { type: 'string', short: 'd' },
    directory: { type: 'string', short: 'D' },
    bits: { type: 'string', short: 'b' },
    testmode: { type: 'boolean', short: 't' },
    restrict: { type: 'boolean', short: 'r' },
    verbose: { type: 'boolean', short: 'v' },
    force: { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values: v, lang } = parsed;
  const ws = findWorkspace(v.workspace);
  if (v.workspace && !ws) {
    process.stderr.write(t(lang, 'workspace.missing', { dir: resolve(v.workspace) }) + '\n');
    return 2;
  }
  const domain = (v.domain ?? ws?.domain ?? '').toLowerCase();
  if (!domain) {
    process.stderr.write(t(lang, 'auth.genkey.noDomain') + '\n');
    return 2;
  }
  // inside a workspace an absolute path is read inside it, as every path in the sandbox
  const rawDir = v.directory ?? '.';
  try {
    const dir = ws && isAbsolute(rawDir) ? ws.resolve(rawDir) : resolve(rawDir);
    const r = onUserPaths([dir], 'write', () =>
      genkey({
        selector: v.selector ?? 'default',
        domain,
        dir,
        bits: v.bits === undefined ? undefined : Number(v.bits),
        testing: v.testmode,
        restricted: v.restrict,
        force: v.force,
      }),
    );
    const show = (p: string) => (ws && !relative(ws.root, p).startsWith('..') ? relative(ws.root, p) : p);
    process.stdout.write(t(lang, 'auth.genkey.done', { private: show(r.privateFile), txt: show(r.txtFile), bits: r.bits }) + '\n');
    if (v.verbose) process.stdout.write(r.txt);
    return 0;
  } catch (e) {
    if (e instanceof GenkeyError) {
      process.stderr.write(t(lang, e.key, e.params) + '\n');
      return 2;
    }
    if (e instanceof UserError) {
      process.stderr.write(t(lang, e.userMessage.key, e.userMessage.params) + '\n');
      return e.exitCode;
    }
    throw e;
  }
}
