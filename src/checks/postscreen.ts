// postscreen in front of smtpd (lesson 14): master.cf runs it on the smtp port with the
// entries it needs, the log shows a robot that talked first (PREGREET) and then refused by
// postscreen itself under postscreen_greet_action = enforce, and master.cf hands the port back
// to smtpd (reloaded) so that the later lessons' clients on port 2526 meet smtpd directly.
import { z } from 'zod';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import type { CheckContext, Verdict } from './types.js';
import { readMainCf, MAIN_CF } from './postfix.js';
import { readWsTail, readWsText } from './ws-file.js';
import { param } from '../postfix/main-cf.js';
import { parseMasterCf, type MasterService } from '../postfix/master-cf.js';
import { MAIL_LOG, MASTER_CF } from '../postfix/defaults.js';

/** the address every client of the outside listener has */
const OUTSIDE = '203.0.113.7';
const SMTP = ['smtp', '25'];

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Master {
  file: string;
  /** `smtp inet ... postscreen` */
  screen?: MasterService;
  /** `smtp inet ... smtpd` */
  smtpd?: MasterService;
  pass?: MasterService;
  /** an earlier smtp/inet line that a later one overrides (Postfix warns and ignores it) */
  ignored?: number;
  dnsblog?: MasterService;
  tlsproxy?: MasterService;
  /** "etc/postfix/master.cf:12: smtp inet n - y - 1 postscreen" */
  show: (s: MasterService) => string;
}

function readMaster(ctx: CheckContext): Master | Verdict {
  const file = ctx.ws.display(MASTER_CF);
  const text = readWsText(ctx, MASTER_CF);
  if (text === undefined) return fail('file.missing', { path: file });
  const m = parseMasterCf(text, MASTER_CF);
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const onSmtp = (command: string) =>
    m.services.find((s) => s.type === 'inet' && s.command === command && SMTP.includes(s.name.replace(/^.*:/, '')));
  const dup = m.issues
    .map((i) => /^duplicate service name\/type entry "(?:[^"]*:)?(?:smtp|25)\/inet" \(the one at line (\d+) is ignored\)/.exec(i.text)?.[1])
    .find(Boolean);
  return {
    file,
    ignored: dup ? Number(dup) : undefined,
    screen: onSmtp('postscreen'),
    smtpd: onSmtp('smtpd'),
    pass: m.services.find((s) => s.type === 'pass' && s.command === 'smtpd'),
    dnsblog: m.services.find((s) => s.type === 'unix' && s.command === 'dnsblog'),
    tlsproxy: m.services.find((s) => s.type === 'unix' && s.command === 'tlsproxy'),
    show: (s) => `${file}:${s.line}: ${lines[s.line - 1]?.trim() ?? ''}`,
  };
}

/** What keeps master.cf from running postscreen in front of smtpd on the smtp port, if anything. */
function masterProblem(m: Master): Verdict | undefined {
  const ev = [m.screen, m.smtpd, m.pass, m.dnsblog, m.tlsproxy].filter((s): s is MasterService => !!s).map(m.show);
  // the later line wins: the one to comment out is smtpd's, whichever of the two it is
  if (m.ignored) return fail('postscreen.bothOnSmtp', { file: m.file, line: m.smtpd?.line ?? m.ignored }, ev);
  if (m.smtpd) return fail('postscreen.smtpdOnSmtp', { file: m.file, line: m.smtpd.line }, ev);
  if (!m.screen) return fail('postscreen.noScreen', { file: m.file }, ev);
  // an -o on postscreen's line sets postscreen's parameters only: smtpd's (content_filter of lesson 06) go below "smtpd pass"
  const foreign = Object.keys(m.screen.options).find((n) => !n.startsWith('postscreen_'));
  if (foreign)
    return fail('postscreen.optionOnScreen', { file: m.file, line: m.screen.line, option: `${foreign}=${m.screen.options[foreign]}` }, ev);
  if (!m.pass) return fail('postscreen.noPass', { file: m.file }, ev);
  if (!m.dnsblog) return fail('postscreen.noHelper', { file: m.file, name: 'dnsblog' }, ev);
  if (!m.tlsproxy) return fail('postscreen.noHelper', { file: m.file, name: 'tlsproxy' }, ev);
  return undefined;
}

/** the index of the last line that matches, or -1 */
function lastIndex(lines: string[], re: RegExp): number {
  for (let i = lines.length - 1; i >= 0; i--) if (re.test(lines[i]!)) return i;
  return -1;
}

function logLines(ctx: CheckContext): string[] {
  return (readWsTail(ctx, MAIL_LOG) ?? '').split('\n');
}

const PS_LINE = / postfix\/postscreen\[\d+\]: /;
const RELOAD = / postfix\/master\[\d+\]: (daemon started|reload) -- /;

/** the client's latest line from postscreen: a PASS OLD there means it was not tested again */
/**
 * Why postscreen tested nothing on the client's last visit: it passed before (PASS OLD), or the
 * access list lets it through (ALLOWLISTED: mynetworks still holds the whole internet).
 */
function untested(lines: string[], client: string): { key: 'passedOld' | 'allowlisted'; line: string } | undefined {
  const re = new RegExp(` postfix/postscreen\\[\\d+\\]: (PASS OLD|PASS NEW|ALLOWLISTED|PREGREET .*|CONNECT from) \\[${esc(client)}\\]`);
  const last = lines.filter((l) => re.test(l)).at(-1);
  if (last && / PASS OLD /.test(last)) return { key: 'passedOld', line: last };
  if (last && / ALLOWLISTED /.test(last)) return { key: 'allowlisted', line: last };
  return undefined;
}

// ---- postscreen in master.cf ---------------------------------------------------------

export const postscreenMaster = defineCheck({
  kind: 'postscreen.master',
  params: z.object({}).strict(),
  async run(ctx) {
    const m = readMaster(ctx);
    if (!('show' in m)) return m;
    const bad = masterProblem(m);
    if (!bad) return pass('postscreen.masterOk', { file: m.file }, [m.screen!, m.pass!, m.dnsblog!, m.tlsproxy!].map(m.show));
    // taken out again at the end of the lesson: the log keeps what postscreen did while it ran
    const ran = m.smtpd && !m.screen ? logLines(ctx).find((l) => PS_LINE.test(l)) : undefined;
    if (ran) return pass('postscreen.masterWasOn', { file: MAIL_LOG }, [m.show(m.smtpd!), ran]);
    return bad;
  },
});

// ---- the log: a robot that talked first, then refused ----------------------------------

const SEEN = {
  // "PREGREET 20 after 0 from [203.0.113.7]:40066: EHLO robot.example\r\n"
  pregreet: (c: string) => new RegExp(` postfix/postscreen\\[\\d+\\]: PREGREET \\d+ after \\S+ from \\[${esc(c)}\\]:\\d+: `),
  // "NOQUEUE: reject: RCPT from [203.0.113.7]:40066: 550 5.5.1 Protocol error; from=<...>, ..."
  enforce: (c: string) =>
    new RegExp(` postfix/postscreen\\[\\d+\\]: NOQUEUE: reject: RCPT from \\[${esc(c)}\\]:\\d+: 550 5\\.5\\.1 Protocol error;`),
} as const;

export const postscreenLog = defineCheck({
  kind: 'postscreen.log',
  params: z.object({ what: z.enum(['pregreet', 'enforce']), client: z.string().default(OUTSIDE) }).strict(),
  async run(ctx, p) {
    const what = p.what as keyof typeof SEEN;
    const lines = logLines(ctx);
    const re = SEEN[what](p.client);
    const hit = lines.filter((l) => re.test(l)).at(-1);
    if (hit) return pass(`postscreen.seen.${what}`, { client: p.client, file: MAIL_LOG }, [hit]);
    // not in the log yet: the first thing that stands in the way
    const m = readMaster(ctx);
    if (!('show' in m)) return m;
    const bad = masterProblem(m);
    if (bad) return bad;
    if (what === 'enforce') {
      const cf = readMainCf(ctx);
      if (!('entries' in cf)) return cf;
      const seen = param(cf, 'postscreen_greet_action').trim();
      if (seen !== 'enforce') {
        const e = cf.entries.get('postscreen_greet_action');
        return fail(
          'postscreen.notEnforce',
          { file: MAIN_CF, seen: seen || 'ignore' },
          e ? [`${MAIN_CF}:${e.line}: postscreen_greet_action = ${e.value}`] : [],
        );
      }
    }
    const skipped = untested(lines, p.client);
    if (skipped) return fail(`postscreen.${skipped.key}`, { client: p.client, file: MAIL_LOG }, [skipped.line]);
    const port = ctx.probe.ports.outside;
    const connect = new RegExp(` postfix/postscreen\\[\\d+\\]: CONNECT from \\[${esc(p.client)}\\]`);
    if (!lines.some((l) => connect.test(l))) return fail('postscreen.notRunning', { client: p.client, file: MAIL_LOG, port });
    return fail(`postscreen.notSeen.${what}`, { client: p.client, file: MAIL_LOG, port });
  },
});

// ---- postscreen taken out again --------------------------------------------------------

export const postscreenOff = defineCheck({
  kind: 'postscreen.off',
  params: z.object({}).strict(),
  async run(ctx) {
    const m = readMaster(ctx);
    if (!('show' in m)) return m;
    if (m.screen) return fail('postscreen.stillOn', { file: m.file, line: m.screen.line }, [m.show(m.screen)]);
    if (!m.smtpd) return fail('postscreen.noSmtpd', { file: m.file });
    // what smtpd was given below "smtpd pass" (content_filter) must come back to the smtp line
    const smtpd = m.smtpd;
    const left = m.pass && Object.entries(m.pass.options).find(([n, v]) => smtpd.options[n] !== v);
    if (left)
      return fail('postscreen.optionLeftOnPass', { file: m.file, line: smtpd.line, option: `${left[0]}=${left[1]}` }, [
        m.show(smtpd),
        m.show(m.pass!),
      ]);
    const lines = logLines(ctx);
    const lastPs = lastIndex(lines, PS_LINE);
    if (lastPs < 0) return fail('postscreen.neverOn', { file: MAIL_LOG });
    if (lastIndex(lines, RELOAD) < lastPs) return fail('postscreen.offNotReloaded', { file: m.file }, [m.show(m.smtpd), lines[lastPs]!]);
    return pass('postscreen.offOk', { file: m.file }, [m.show(m.smtpd)]);
  },
});
