// `mailsec dkim genkey` and `mailsec dmarc report` keep the short options of the tools they
// stand for (opendkim-genkey's -s -d -D -b), so each parses its own arguments, the same way.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import { detectLang, isLang, type Lang } from '../i18n/lang.js';
import { t } from '../i18n/messages.js';
import { Workspace, defaultWorkspaceDir } from '../workspace/workspace.js';
import { argsErrorText, langInArgv } from './args-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;
const COMMON = {
  lang: { type: 'string' },
  workspace: { type: 'string', short: 'w' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The workspace the command acts in: --workspace, else the one every command finds
 * (defaultWorkspaceDir); undefined when that is no workspace. A --workspace that is not one is
 * never passed over for another.
 */
export function findWorkspace(explicit: string | undefined, env = process.env): Workspace | undefined {
  const d = explicit ?? defaultWorkspaceDir(env);
  return Workspace.exists(d) ? Workspace.open(d) : undefined;
}

/** The workspace a command cannot do without: else the learner reads where it looked (exit 2). */
export function requireWorkspace(explicit: string | undefined, lang: Lang): Workspace | number {
  const ws = findWorkspace(explicit);
  if (ws) return ws;
  process.stderr.write(t(lang, 'workspace.missing', { dir: resolve(explicit ?? defaultWorkspaceDir()) }) + '\n');
  return 2;
}

export function langOf(v: unknown): Lang {
  return isLang(v) ? v : detectLang();
}

/**
 * Parses `SUB [options]`; on a usage error or --help it prints the usage (`usageKey`)
 * and returns the exit code instead.
 */
export function parseSubcommand<O extends Options>(argv: string[], sub: string, usageKey: string, options: O) {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...options, ...COMMON } });
  } catch (e) {
    const lang = langInArgv(argv) ?? detectLang();
    process.stderr.write(t(lang, usageKey, { error: argsErrorText(lang, e) }) + '\n');
    return 2;
  }
  const values = args.values as { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string } & {
    lang?: string;
    workspace?: string;
    help?: boolean;
  };
  const lang = langOf(values.lang);
  const [given] = args.positionals;
  if (values.help || given !== sub) {
    process.stderr.write(t(lang, usageKey, { error: given ? t(lang, 'cli.unknownSubcommand', { sub: given }) : '' }) + '\n');
    return values.help ? 0 : 2;
  }
  return { values, lang };
}
