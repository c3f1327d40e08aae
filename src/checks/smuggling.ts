// Check kinds of the SMTP smuggling lesson: a smuggled second message seen in the events,
// smtpd_forbid_bare_newline in main.cf, and the refusal of a bare <LF> in the log.
import { z } from 'zod';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import type { CheckContext } from './types.js';
import { readMainCf, MAIN_CF } from './postfix.js';
import { param, list, type MainCf } from '../postfix/main-cf.js';
import { bareNewlineMode } from '../postfix/smtpd-protocol.js';
import { MAIL_LOG } from '../postfix/defaults.js';
import { readWsTail } from './ws-file.js';
import { portOf } from './live.js';
import type { SandboxEvent } from '../sandbox/api.js';
import { eventsOf, learnerSessions, type Session } from './sessions.js';

const BARE = 'smtpd_forbid_bare_newline';
const EXCLUSIONS = 'smtpd_forbid_bare_newline_exclusions';

/** loopback only, as mynetworks is after lesson 04 */
const LOOPBACK = [
  /^127\.\d+\.\d+\.\d+(\/(8|9|[12]\d|3[0-2]))?$/,
  /^\[?::1\]?(\/128)?$/,
  /^\[::ffff:127\.0\.0\.0\]\/(10[4-9]|11\d|12[0-8])$/i,
  /^\[::ffff:127\.\d+\.\d+\.\d+\](\/12[0-8])?$/i,
];

function evLine(cf: MainCf, name: string): string {
  const e = cf.entries.get(name);
  return e ? `${MAIN_CF}:${e.line}: ${name} = ${e.value}` : `${name} = ${param(cf, name)} (default)`;
}

/** the sessions of the learner that queued more than one message */
function manyQueued(events: SandboxEvent[]): Session[] {
  return learnerSessions(events).filter((s) => eventsOf(s, 'queued').length >= 2);
}

const queuedLines = (s: Session) =>
  eventsOf(s, 'queued').map(
    (e) => `${s.listener ?? '?'} ${s.client ?? '?'}: queued ${String(e.queueId ?? '')} from=<${String(e.from ?? '')}>`,
  );

function lastIndex<T>(lines: T[], test: (l: T) => boolean): number {
  for (let i = lines.length - 1; i >= 0; i--) if (test(lines[i])) return i;
  return -1;
}

const pipelined = (ctx: CheckContext) =>
  (readWsTail(ctx, MAIL_LOG) ?? '').split('\n').filter((l) => /improper command pipelining after DATA from /.test(l));

export const smugglingSeen = defineCheck({
  kind: 'smtp.smuggling-seen',
  params: z.object({ listener: z.enum(['smtp', 'outside']).default('outside') }).strict(),
  async run(ctx, p) {
    const port = portOf(ctx, p.listener);
    const many = manyQueued(ctx.events());
    const here = many.filter((s) => s.listener === p.listener);
    if (here.length) {
      const s = here[here.length - 1];
      const from = eventsOf(s, 'queued').map((e) => String(e.from ?? ''));
      return pass('smuggling.seenOk', { client: s.client ?? '?', first: from[0], second: from[from.length - 1] }, [
        ...queuedLines(s),
        ...pipelined(ctx).slice(-1),
      ]);
    }
    if (many.length) {
      const other = many[many.length - 1];
      const seen =
        other.listener === 'smtp' || other.listener === 'submission' ? String(portOf(ctx, other.listener)) : (other.listener ?? '?');
      return fail('smuggling.notOutside', { port, seen }, queuedLines(other));
    }
    const one = learnerSessions(ctx.events()).filter((s) => s.listener === p.listener && eventsOf(s, 'queued').length === 1);
    if (one.length) return fail('smuggling.oneMessage', { port }, queuedLines(one[one.length - 1]));
    return fail('smuggling.notSeen', { port }, []);
  },
});

export const bareNewlineConfig = defineCheck({
  kind: 'smtp.bare-newline-config',
  params: z.object({}).strict(),
  async run(ctx) {
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    const seen = param(cf, BARE).trim() || 'no';
    const mode = bareNewlineMode(seen);
    if (mode === 'normalize') return fail('smuggling.normalize', { file: MAIN_CF, seen }, [evLine(cf, BARE)]);
    if (mode !== 'reject') return fail('smuggling.bareAllowed', { file: MAIN_CF, seen }, [evLine(cf, BARE)]);
    if (cf.entries.has(EXCLUSIONS)) {
      const items = list(cf, EXCLUSIONS);
      const wide = items.find((n) => !LOOPBACK.some((re) => re.test(n)));
      if (wide) return fail('smuggling.excluded', { file: MAIN_CF, entry: wide }, [evLine(cf, EXCLUSIONS)]);
    }
    return pass('smuggling.configOk', { file: MAIN_CF }, [evLine(cf, BARE), evLine(cf, EXCLUSIONS)]);
  },
});

export const bareNewlineRefused = defineCheck({
  kind: 'smtp.bare-newline-refused',
  params: z.object({ listener: z.enum(['smtp', 'outside']).default('outside') }).strict(),
  async run(ctx, p) {
    const port = portOf(ctx, p.listener);
    const log = (readWsTail(ctx, MAIL_LOG) ?? '').split('\n');
    const at = lastIndex(log, (l) => /: reject: END-OF-MESSAGE from \S+: bare <LF> received;/.test(l));
    // a smuggled pair queued after the last refusal: the server (again) takes a bare LF as the end
    const events = ctx.events();
    const smuggled = manyQueued(events).filter((s) => s.listener === p.listener);
    const last = smuggled[smuggled.length - 1];
    const lastQueued = last ? eventsOf(last, 'queued').at(-1) : undefined;
    const queuedAt = lastQueued ? lastIndex(log, (l) => l.includes(`${String(lastQueued.queueId)}: client=`)) : -1;
    if (at >= 0 && queuedAt < at) return pass('smuggling.refusedOk', { file: MAIL_LOG }, [log[at]]);
    // ... and since the sandbox last read main.cf (started or reloaded)
    const lastConfig = lastIndex(events, (e) => e.type === 'config');
    if (last && events.indexOf(last.events[0]) > lastConfig)
      return fail('smuggling.stillSmuggled', { port, file: MAIN_CF }, queuedLines(last));
    return fail('smuggling.notRefused', { port, file: MAIL_LOG }, []);
  },
});
