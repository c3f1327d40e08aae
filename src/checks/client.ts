// Check kinds of the mail client steps (lesson 13): a client sent a mail through a submission
// port, inside TLS and logged in, that reached a mailbox of this server (client.sent); a client
// logged in to POP3 or IMAP inside TLS and retrieved a message whole (client.fetched). Both look
// only at what happened since the step began (ctx.stepStart): an earlier lesson's mail or login
// is not this step's.
import { z } from 'zod';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import type { CheckContext, Verdict } from './types.js';
import { eventsOf, type SandboxEvent, type TypedEvent } from '../sandbox/api.js';
import { authenticated, learnerSessions, type Session } from './sessions.js';

const SUBMISSION = ['submission', 'smtps'];
const SERVICE = { pop3: 'POP3', imap: 'IMAP' } as const;
/** IMAP's listeners, where a sandbox with Dovecot has them (2143 STARTTLS, 2993 implicit TLS by default) */
const IMAP_DEFAULTS = { imap: 2143, imaps: 2993 };
const ms = (ts: string) => Date.parse(ts) || 0;
/** OpenSSL's reason for a failed handshake, without the source file and line it names ("…:../ssl/record/rec_layer_s3.c:1601:…") */
const opensslReason = (error: string) => error.replace(/:\.\.\/.*$/, '');

/** Whether an event happened since the step began (every event does when nothing says when). */
function sinceStep(ctx: CheckContext): (e: SandboxEvent) => boolean {
  const since = ctx.stepStart?.();
  const t = since ? ms(since) : 0;
  return (e) => ms(e.ts) >= t;
}

type Login = TypedEvent<'mailbox-login'>;
type Logout = TypedEvent<'mailbox-logout'>;

const loginLine = (e: Login) =>
  `${e.ts} ${e.service} login user=<${e.user}> method=${e.method || '-'} ${e.tls ? 'TLS' : 'plaintext'} ${e.ok ? 'ok' : `failed${e.reason ? ` (${e.reason})` : ''}`}`;
const logoutLine = (e: Logout) => `${e.ts} ${e.service} logout user=<${e.user}> retrieved=${e.retrieved} deleted=${e.deleted}`;

/** Each successful login with the logout that ended its session, if it has ended (no session ids: the next logout of that user). */
function pairs(logins: Login[], logouts: Logout[]): { login: Login; logout?: Logout }[] {
  const used = new Set<Logout>();
  return logins
    .filter((l) => l.ok)
    .map((login) => {
      const logout = logouts.find((o) => !used.has(o) && o.service === login.service && o.user === login.user && ms(o.ts) >= ms(login.ts));
      if (logout) used.add(logout);
      return { login, logout };
    });
}

export const clientFetched = defineCheck({
  kind: 'client.fetched',
  params: z.object({}).strict(),
  async run(ctx) {
    const { pop3, pop3s } = ctx.probe.ports;
    const more = ctx.probe.ports as unknown as Partial<Record<'imap' | 'imaps', number>>;
    /** the two ports of a service: STARTTLS and implicit TLS */
    const portsOf = (s: Login['service']) =>
      s === 'imap'
        ? { starttls: more.imap ?? IMAP_DEFAULTS.imap, implicit: more.imaps ?? IMAP_DEFAULTS.imaps }
        : { starttls: pop3, implicit: pop3s };
    const events = ctx.events().filter(sinceStep(ctx));
    const logins = eventsOf(events, 'mailbox-login');
    const sessions = pairs(logins, eventsOf(events, 'mailbox-logout'));
    const got = sessions.filter((s) => s.login.tls && s.logout && s.logout.retrieved > 0);
    if (got.length) {
      const { login, logout } = got[got.length - 1];
      return pass('client.fetchedOk', { service: SERVICE[login.service], user: login.user, n: logout!.retrieved }, [
        loginLine(login),
        logoutLine(logout!),
      ]);
    }
    const last = sessions[sessions.length - 1];
    if (last && !last.login.tls)
      return fail('client.fetchPlaintext', { service: SERVICE[last.login.service], ...portsOf(last.login.service) }, [
        loginLine(last.login),
      ]);
    if (last?.logout)
      return fail('client.fetchedNothing', { service: SERVICE[last.login.service], user: last.login.user }, [
        loginLine(last.login),
        logoutLine(last.logout),
      ]);
    if (last)
      return fail('client.fetchStillOpen', { service: SERVICE[last.login.service], user: last.login.user }, [loginLine(last.login)]);
    const failed = logins.filter((l) => !l.ok);
    const f = failed[failed.length - 1];
    if (!f) return fail('client.fetchNotSeen', { pop3, pop3s });
    const evidence = failed.slice(-3).map(loginLine);
    const service = SERVICE[f.service];
    if (/handshake/i.test(f.reason ?? ''))
      return fail(
        'client.fetchCertRefused',
        { service, error: opensslReason(f.reason!.replace(/^TLS handshake failed:\s*/i, '')) },
        evidence,
      );
    if (!f.tls) return fail('client.fetchPlaintext', { service, ...portsOf(f.service) }, evidence);
    if (!f.method) return fail('client.fetchNotSeen', { pop3, pop3s }, evidence);
    return fail('client.fetchAuthFailed', { service, user: f.user || '-' }, evidence);
  },
});

const replyAfter = (s: Session, e: SandboxEvent): string => {
  const i = s.events.indexOf(e);
  const r = s.events.slice(i + 1).find((x) => x.type === 'reply');
  return r ? `${String(r.code)} ${(r.lines as string[]).join(' ')}` : '-';
};
const rejectReply = (e: SandboxEvent) => `${String(e.code)} ${String(e.enhanced ?? '')} ${String(e.text ?? '')}`;
const sessionLine = (s: Session, what: string) => `${s.listener ?? '?'} ${s.client ?? '?'}: ${what}`;

export const clientSent = defineCheck({
  kind: 'client.sent',
  params: z.object({}).strict(),
  async run(ctx) {
    const ports = ctx.probe.ports;
    const domain = ctx.vars.domain;
    const recent = sinceStep(ctx);
    const all = ctx.events();
    const events = all.filter(recent);
    const mine = learnerSessions(all).map((s) => ({ ...s, events: s.events.filter(recent) }));
    const deliveries = eventsOf(events, 'delivered');
    const portOf = (listener: string | undefined) => ports[(listener ?? 'smtp') as keyof typeof ports] ?? '?';
    // a verdict for each thing that went wrong, the latest wins: the learner's last try says what to fix now
    const wrong: { at: number; v: Verdict }[] = [];
    for (const s of mine) {
      const submission = SUBMISSION.includes(s.listener ?? '');
      for (const q of eventsOf(s.events, 'queued')) {
        const delivered = deliveries.filter((d) => d.queueId === q.queueId);
        const inbox = delivered.find((d) => d.folder === 'inbox');
        const user = authenticated(q.auth);
        if (submission && user && q.tls && inbox)
          return pass('client.sentOk', { port: portOf(s.listener), user, to: inbox.to }, [
            sessionLine(s, `queued ${q.queueId} from=<${q.from}> sasl_username=${user} TLS`),
            `${inbox.queueId}: to=<${inbox.to}> ${inbox.path}`,
          ]);
        const at = ms(q.ts);
        const ev = [sessionLine(s, `queued ${q.queueId} from=<${q.from}>${user ? ` sasl_username=${user}` : ''}${q.tls ? ' TLS' : ''}`)];
        if (!submission && inbox)
          wrong.push({ at, v: fail('client.sentWrongPort', { port: portOf(s.listener), to: inbox.to, submission: ports.submission }, ev) });
        else if (submission && delivered.length)
          wrong.push({
            at,
            v: fail('client.sentNotInbox', { port: portOf(s.listener), to: delivered[0].to, path: delivered[0].path, domain }, ev),
          });
      }
      if (!submission) continue;
      for (const a of eventsOf(s.events, 'auth').filter((a) => !a.ok))
        wrong.push({
          at: ms(a.ts),
          v: fail('client.sentAuthFailed', { port: portOf(s.listener), user: a.username || '-', reply: replyAfter(s, a) }, [
            sessionLine(s, `AUTH ${a.mechanism} ${a.username} failed`),
          ]),
        });
      const loggedIn = eventsOf(s.events, 'auth').some((a) => a.ok);
      for (const r of eventsOf(s.events, 'reject')) {
        const params = { port: portOf(s.listener), reply: rejectReply(r), ...(loggedIn ? { domain } : {}) };
        const ev = [sessionLine(s, `reject ${r.stage} from=<${r.from}> to=<${r.to}>`)];
        wrong.push({ at: ms(r.ts), v: fail(loggedIn ? 'client.sentRefused' : 'client.sentNoAuth', params, ev) });
      }
    }
    for (const e of eventsOf(events, 'tlsError').filter((e) => SUBMISSION.includes(e.listener)))
      wrong.push({
        at: ms(e.ts),
        v: fail('client.sentCertRefused', { port: portOf(e.listener), error: opensslReason(e.error) }, [
          `${e.listener} ${e.client.name}[${e.client.addr}]: ${e.error}`,
        ]),
      });
    if (wrong.length) return wrong.reduce((a, b) => (b.at >= a.at ? b : a)).v;
    return fail('client.sentNotSeen', { submission: ports.submission, smtps: ports.smtps, domain });
  },
});
