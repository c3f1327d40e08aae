/**
 * Is the content filter wired as the tutorial does it? Two parts, both in Postfix's files:
 *
 *   master.cf   smtp inet n - y - - smtpd
 *                 -o content_filter=spamassassin
 *               spamassassin unix - n n - - pipe
 *                 user=spamd argv=/usr/bin/spamc -f -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}
 *
 * The check of the lesson and the sandbox's stage read the same verdict from here: wired,
 * not wired, or half-wired with the part that is missing (a message key the learner reads
 * and an English line for the log).
 */
import { parseMasterCf, portService, type MasterCf, type MasterService } from '../../postfix/master-cf.js';
import { LISTENER_SERVICES } from '../names.js';
import { param, type MainCf } from '../../postfix/main-cf.js';
import type { Listener } from '../pipeline.js';

import { MASTER_CF } from '../../postfix/defaults.js';
export { MASTER_CF };

export interface SpamcArgs {
  /** the pipe's argv as written */
  argv: string[];
  host?: string;
  port?: number;
  /** -s: messages over this size are passed on unscanned (spamc's default 500 KB) */
  maxSize: number;
  /** -u, else the pipe's user= */
  user?: string;
  noSafeFallback: boolean;
  /** -e command and its arguments */
  exec: string[];
}

export interface Problem {
  /** message key (filter.*) */
  key: string;
  params: Record<string, string | number>;
  /** the same in English, for var/log/mail.log */
  log: string;
}

export interface FilterWiring {
  state: 'wired' | 'off' | 'half';
  /** the content_filter transport of each listener ('' = none) */
  transports: Record<Listener, string>;
  /** where each listener's content_filter comes from */
  origin: Partial<Record<Listener, string>>;
  service?: MasterService;
  pipeUser?: string;
  spamc?: SpamcArgs;
  problems: Problem[];
  /** content_filter set in main.cf: mail re-injected by spamc's sendmail would loop on a real Postfix */
  mainCfLoop: boolean;
}


const SPAMC_DEFAULT_MAX = 500 * 1024;

/** spamc's own options (from spamc.conf, then argv): -d, -p, -s, -u, -x, -e ... */
export function parseSpamcArgs(argv: string[], conf: string[] = []): SpamcArgs {
  const out: SpamcArgs = { argv, maxSize: SPAMC_DEFAULT_MAX, noSafeFallback: false, exec: [] };
  const all = [...conf, ...argv.slice(1)];
  for (let i = 0; i < all.length; i++) {
    const a = all[i];
    const val = () => all[++i];
    if (a === '-e' || a === '--pipe-to') {
      out.exec = all.slice(i + 1);
      break;
    }
    if (a === '-d' || a === '--dest') out.host = val()?.split(',')[0];
    else if (a.startsWith('--dest=')) out.host = a.slice(7).split(',')[0];
    else if (a === '-p' || a === '--port') out.port = Number(val());
    else if (a.startsWith('--port=')) out.port = Number(a.slice(7));
    else if (a === '-s' || a === '--max-size') out.maxSize = sizeOf(val()) ?? out.maxSize;
    else if (a === '-u' || a === '--username') out.user = val();
    else if (a === '-x' || a === '--no-safe-fallback') out.noSafeFallback = true;
    else if (['-t', '-n', '-F', '-H', '--connect-retries', '--retry-sleep', '--filter-retries', '--filter-retry-sleep', '-L', '-C', '-U'].includes(a)) i++;
  }
  if (out.port !== undefined && !(out.port > 0 && out.port < 65536)) out.port = undefined;
  return out;
}

function sizeOf(v: string | undefined): number | undefined {
  const m = /^(\d+)([kKmM]?)$/.exec(v ?? '');
  if (!m) return undefined;
  return Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1024 : m[2].toLowerCase() === 'm' ? 1024 * 1024 : 1);
}

/** spamc.conf: spamc options, one or more per line, # comments */
export function parseSpamcConf(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean)
    .flatMap((l) => l.split(/\s+/));
}

/** The pipe's attributes: flags=, user=, argv= (everything after argv= is the command). */
function pipeAttrs(s: MasterService): { user?: string; argv: string[]; flags?: string } {
  const out: { user?: string; argv: string[]; flags?: string } = { argv: [] };
  for (let i = 0; i < s.args.length; i++) {
    const a = s.args[i];
    if (a.startsWith('argv=')) {
      out.argv = [a.slice(5), ...s.args.slice(i + 1)];
      break;
    }
    if (a.startsWith('user=')) out.user = a.slice(5).split(':')[0];
    else if (a.startsWith('flags=')) out.flags = a.slice(6);
  }
  return out;
}

const problem = (key: string, params: Record<string, string | number>, log: string): Problem => ({ key, params, log });

/** `master` is master.cf's text, or the sandbox's already parsed snapshot of it. */
export function filterWiring(main: MainCf, master: string | MasterCf | undefined, spamcConf?: string): FilterWiring {
  if (typeof master !== 'object') master = parseMasterCf(master ?? '', `/${MASTER_CF}`);
  const transports = {} as Record<Listener, string>;
  const origin: FilterWiring['origin'] = {};
  const global = param(main, 'content_filter').trim();
  const w: FilterWiring = { state: 'off', transports, origin, problems: [], mainCfLoop: false };
  for (const l of Object.keys(LISTENER_SERVICES) as Listener[]) {
    // the port's smtpd, "smtpd pass" behind postscreen (lesson 14): its -o options are smtpd's
    const svc = portService(master, LISTENER_SERVICES[l]).smtpd;
    const own = svc?.options.content_filter;
    const value = own ?? global;
    transports[l] = value.split(':')[0].trim();
    if (own !== undefined) origin[l] = `master.cf:${svc!.line}: ${svc!.name} -o content_filter=${own}`;
    else if (global) origin[l] = `main.cf: content_filter = ${global}`;
  }
  if (global) w.mainCfLoop = true;

  const names = new Set(Object.values(transports).filter(Boolean));
  const spamSvc = master.services.find((s) => s.name === 'spamassassin' && s.type === 'unix');
  if (!names.size) {
    if (spamSvc) {
      w.state = 'half';
      w.service = spamSvc;
      w.problems.push(
        problem('filter.noContentFilter', { line: spamSvc.line }, `master.cf line ${spamSvc.line} defines the spamassassin service, but no smtpd service sets content_filter = spamassassin: no mail goes through it`),
      );
    }
    return w;
  }
  const name = transports.smtp || [...names][0];
  const svc = master.services.find((s) => s.name === name && s.type === 'unix');
  if (!svc) {
    w.state = 'half';
    w.problems.push(
      problem('filter.noService', { name }, `content_filter = ${name}, but master.cf has no "${name} unix ... pipe" service: a real Postfix logs "warning: connect to transport private/${name}: No such file or directory" and keeps the mail deferred`),
    );
    return w;
  }
  w.service = svc;
  if (svc.command !== 'pipe') {
    w.state = 'half';
    w.problems.push(problem('filter.notPipe', { name, command: svc.command, line: svc.line }, `master.cf line ${svc.line}: the ${name} service runs "${svc.command}", not pipe: it cannot hand the mail to spamc`));
    return w;
  }
  const attrs = pipeAttrs(svc);
  w.pipeUser = attrs.user;
  if (!attrs.user) {
    w.state = 'half';
    w.problems.push(problem('filter.pipeNoUser', { name, line: svc.line }, `master.cf line ${svc.line}: the ${name} pipe service has no user= attribute; pipe(8) refuses to run without one`));
    return w;
  }
  if (!attrs.argv.length || !/(^|\/)spamc$/.test(attrs.argv[0])) {
    w.state = 'half';
    w.problems.push(
      problem('filter.notSpamc', { name, seen: attrs.argv.join(' ') || '(none)', line: svc.line }, `master.cf line ${svc.line}: the ${name} service's argv= does not run spamc (seen: ${attrs.argv.join(' ') || 'nothing'})`),
    );
    return w;
  }
  const spamc = parseSpamcArgs(attrs.argv, parseSpamcConf(spamcConf));
  w.spamc = spamc;
  const exec = spamc.exec;
  if (!exec.length || !/(^|\/)sendmail$/.test(exec[0])) {
    w.state = 'half';
    w.problems.push(
      problem('filter.noSendmail', { name, seen: attrs.argv.join(' '), line: svc.line }, `master.cf line ${svc.line}: spamc has no "-e /usr/sbin/sendmail ...": the scored mail would go to spamc's standard output and be lost`),
    );
    return w;
  }
  if (!exec.includes('${recipient}')) {
    w.state = 'half';
    w.problems.push(
      problem('filter.noRecipient', { name, seen: exec.join(' '), line: svc.line }, `master.cf line ${svc.line}: sendmail is not given \${recipient}: it would not know where to deliver the scored mail`),
    );
    return w;
  }
  w.state = 'wired';
  return w;
}
