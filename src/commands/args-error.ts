// node:util parseArgs explains a bad option in English; the learner reads it in their language.
import { t } from '../i18n/messages.js';
import { isLang, type Lang } from '../i18n/lang.js';

/** What parseArgs refused, as a sentence in `lang` (its own text only for a refusal it has no code for). */
export function argsErrorText(lang: Lang, e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const first = String(err?.message ?? e).split('\n')[0];
  const quoted = /'([^']*)'/.exec(first)?.[1] ?? '';
  const option = quoted.match(/-{1,2}[\w-]+/g)?.at(-1) ?? quoted;
  if (err?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return t(lang, 'cli.unknownOption', { option });
  if (err?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return t(lang, /does not take an argument/.test(first) ? 'cli.optionTakesNoValue' : 'cli.optionNeedsValue', { option });
  }
  return first;
}

/** The language a command line asks for with --lang, before it is parsed (or when it cannot be). */
export function langInArgv(argv: string[]): Lang | undefined {
  let found: Lang | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    const v = argv[i] === '--lang' ? argv[i + 1] : argv[i].startsWith('--lang=') ? argv[i].slice(7) : undefined;
    if (isLang(v)) found = v;
  }
  return found;
}
