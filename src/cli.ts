#!/usr/bin/env node
// Argument parsing only: every command lives in commands/ and is loaded when used,
// so `mailsec --version` and `mailsec lessons --json` stay fast.
import { parseArgs } from 'node:util';
import { detectLang, isLang, type Lang } from './i18n/lang.js';
import { t } from './i18n/messages.js';
import { UserError } from './util/errors.js';
import { argsErrorText, langInArgv } from './commands/args-error.js';
import { options, type GlobalOptions, type Args } from './commands/options.js';
import pkg from '../package.json' with { type: 'json' };
import nodeModule from 'node:module';

// Node 22+ can keep compiled code between runs (most of a cold start is parsing); Node 20 has no such cache
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/** `dkim`, `dmarc`, `postconf` or `postfix` after any global options, with the arguments it should parse itself. */
function ownParser(argv: string[]): { name: string; args: string[] } | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === 'dkim' || a === 'dmarc' || a === 'postconf' || a === 'postfix' || a === 'capstone')
      return { name: a, args: [...argv.slice(i + 1), ...argv.slice(0, i)] };
    if (a === '--lang' || a === '--workspace' || a === '-w') i++;
    else if (!/^--(lang|workspace)=|^--(plain|json)$/.test(a)) return undefined;
  }
  return undefined;
}

/** The language errors are reported in: --lang once it is parsed, the environment's before. */
let errorLang: Lang = detectLang();

async function main(argv: string[]): Promise<number> {
  const envLang = errorLang;
  // a refusal before the options are parsed (or when they cannot be) is in the language asked for
  errorLang = langInArgv(argv) ?? envLang;
  // dkim and dmarc take opendkim-genkey's short options (-s -d -D -b): they parse their own arguments
  // (global options may come first: `mailsec --lang en dkim genkey ...`; both commands know them)
  const sub = ownParser(argv);
  if (sub?.name === 'dkim') return (await import('./commands/dkim.js')).dkim(sub.args);
  if (sub?.name === 'dmarc') return (await import('./commands/dmarc.js')).dmarc(sub.args);
  // postconf's own short options (-n -d -h -M): `mailsec postconf -h myhostname` is not --help
  if (sub?.name === 'postconf') return (await import('./commands/postconf.js')).postconf(sub.args);
  if (sub?.name === 'postfix') return (await import('./commands/postfix.js')).postfix(sub.args);
  if (sub?.name === 'capstone') return (await import('./commands/capstone.js')).capstone(sub.args);
  let args: Args;
  try {
    args = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(t(errorLang, 'cli.badOption', { error: argsErrorText(errorLang, e) }) + '\n');
    return 2;
  }
  const v = args.values;
  if (v.lang !== undefined && !isLang(v.lang)) {
    process.stderr.write(t(envLang, 'cli.badLang', { lang: v.lang }) + '\n');
    return 2;
  }
  const g: GlobalOptions = {
    lang: (v.lang as Lang | undefined) ?? envLang,
    langExplicit: v.lang !== undefined,
    workspace: v.workspace,
    json: !!v.json,
    plain: !!v.plain,
  };
  errorLang = g.lang;
  if (v.version) {
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const [command, ...rest] = args.positionals;
  if (v.help) {
    process.stdout.write(t(g.lang, 'cli.help') + '\n');
    return 0;
  }
  switch (command) {
    case undefined:
      return (await import('./commands/open.js')).open(g, v);
    case 'lessons':
      return (await import('./commands/lessons.js')).lessons(g);
    case 'check':
      return (await import('./commands/check.js')).check(g, rest, v.answer ?? [], {
        target: v.target,
        dns: v.dns,
        ssh: v.ssh,
        domain: v.domain,
        noTarget: v['no-target'],
        ownServer: v['i-own-this-server'],
      });
    case 'init':
      return (await import('./commands/init.js')).init(g, rest, v.domain, v.class, v.student);
    case 'reset':
      return (await import('./commands/reset.js')).reset(g, rest);
    case 'sandbox':
      return (await import('./commands/sandbox.js')).sandbox(g, rest);
    case 'submit':
      return (await import('./commands/submit.js')).submit(g, v.out, v.name, v.email);
    case 'grade':
      return (await import('./commands/grade.js')).grade(g, rest, {
        csv: !!v.csv,
        keep: v.keep,
        teacher: v.teacher,
        course: v.course,
        html: v.html,
        feedback: v.feedback,
      });
    case 'teacher':
      return (await import('./commands/teacher.js')).teacher(g, rest, v.name);
    case 'class':
      return (await import('./commands/class.js')).classCommand(g, rest, {
        teacher: v.teacher,
        out: v.out,
        name: v.name,
        domain: v.domain,
      });
    case 'doctor':
      return (await import('./commands/doctor.js')).doctor(g, rest);
    case 'help':
      process.stdout.write(t(g.lang, 'cli.help') + '\n');
      return 0;
    default:
      process.stderr.write(t(g.lang, 'cli.unknownCommand', { command }) + '\n');
      return 2;
  }
}

// `mailsec lessons | head`: a reader that leaves early is not an error
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const lang = errorLang;
    if (e instanceof UserError) {
      process.stderr.write(t(lang, e.userMessage.key, e.userMessage.params) + '\n');
      process.exitCode = e.exitCode;
    } else {
      process.stderr.write(t(lang, 'cli.bug', { error: (e as Error)?.stack ?? String(e) }) + '\n');
      process.exitCode = 70;
    }
  },
);
