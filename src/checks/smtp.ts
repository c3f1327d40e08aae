// Check kinds of the SMTP AUTH and open relay lessons: main.cf, AUTH only after TLS,
// the learner's own logins, relay attempts seen in the events and live relay probes.
import { z } from 'zod';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import type { CheckContext } from './types.js';
import { readMainCf, MAIN_CF } from './postfix.js';
import { param, list, isYes, joinRestrictions, type MainCf } from '../postfix/main-cf.js';
import { MAIL_LOG } from '../postfix/defaults.js';
import { withProbe, type SmtpProbe, type Reply } from './probe.js';
import { portOf, probeFailure, refusedReload } from './live.js';
import { startTls } from './tls.js';
import { addresses, authenticated, eventsOf, learnerSessions, sessions, isCheckSession, type Session } from './sessions.js';
import type { SandboxEvent } from '../sandbox/api.js';
import { domainOf } from '../sandbox/api.js';
import { t, type Params, NONE } from '../i18n/messages.js';
import { rethrowBug } from '../util/errors.js';

const listener = z.enum(['smtp', 'submission', 'outside']);

function evLine(cf: MainCf, name: string): string {
  const e = cf.entries.get(name);
  return e ? `${MAIN_CF}:${e.line}: ${name} = ${e.value}` : `${name} = ${param(cf, name)} (default)`;
}

export const smtpAuthConfig = defineCheck({
  kind: 'smtp.auth-config',
  params: z
    .object({
      /** plaintext mechanisms forbidden outside TLS (noplaintext), allowed inside (smtpd_sasl_tls_security_options) */
      noPlaintext: z.boolean().default(false),
    })
    .strict(),
  async run(ctx, p) {
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    const wrong = (name: string, wanted: string) =>
      fail('smtp.configParam', { file: MAIN_CF, name, seen: param(cf, name), wanted }, [evLine(cf, name)]);
    const level = param(cf, 'smtpd_tls_security_level').trim().toLowerCase();
    if (level !== 'may' && level !== 'encrypt')
      return fail('smtp.tlsFirst', { file: MAIN_CF, seen: level }, [evLine(cf, 'smtpd_tls_security_level')]);
    if (!isYes(param(cf, 'smtpd_sasl_auth_enable'))) return wrong('smtpd_sasl_auth_enable', 'yes');
    if (!isYes(param(cf, 'smtpd_tls_auth_only')))
      return fail('smtp.authOnlyOff', { file: MAIN_CF, seen: param(cf, 'smtpd_tls_auth_only') || 'no' }, [
        evLine(cf, 'smtpd_tls_auth_only'),
      ]);
    const opts = list(cf, 'smtpd_sasl_security_options').map((o) => o.toLowerCase());
    if (!opts.includes('noanonymous'))
      return fail('smtp.anonymousAllowed', { file: MAIN_CF, seen: opts.join(', ') }, [evLine(cf, 'smtpd_sasl_security_options')]);
    if (p.noPlaintext && !opts.includes('noplaintext'))
      return fail('smtp.plaintextOutsideTls', { file: MAIN_CF, seen: opts.join(', ') }, [evLine(cf, 'smtpd_sasl_security_options')]);
    const tlsOpts = list(cf, 'smtpd_sasl_tls_security_options').map((o) => o.toLowerCase());
    if (tlsOpts.includes('noplaintext')) {
      return fail('smtp.noPlaintextEverywhere', { file: MAIN_CF, seen: tlsOpts.join(', ') }, [
        evLine(cf, 'smtpd_sasl_security_options'),
        evLine(cf, 'smtpd_sasl_tls_security_options'),
      ]);
    }
    const backEnd = saslBackEnd(cf);
    if (backEnd) return backEnd;
    const shown = ['smtpd_sasl_auth_enable', 'smtpd_tls_auth_only', 'smtpd_sasl_security_options', 'smtpd_sasl_tls_security_options'];
    if (cf.entries.has('smtpd_sasl_type')) shown.push('smtpd_sasl_type', 'smtpd_sasl_path');
    return pass(
      'smtp.authConfigOk',
      { file: MAIN_CF },
      shown.map((n) => evLine(cf, n)),
    );
  },
});

/**
 * Who checks the passwords: Cyrus (Postfix's default, the tutorial's) or Dovecot through its
 * socket; the sandbox's own SASL stands in for either.
 */
function saslBackEnd(cf: MainCf) {
  const type = param(cf, 'smtpd_sasl_type').trim().toLowerCase();
  if (type !== 'cyrus' && type !== 'dovecot') return fail('smtp.saslType', { file: MAIN_CF, seen: type }, [evLine(cf, 'smtpd_sasl_type')]);
  const path = param(cf, 'smtpd_sasl_path').trim();
  // "smtpd" is Cyrus's application name (smtpd.conf), never a Dovecot socket
  if (type === 'dovecot' && (!path || path === 'smtpd'))
    return fail('smtp.saslPathDovecot', { file: MAIN_CF, seen: path }, [evLine(cf, 'smtpd_sasl_type'), evLine(cf, 'smtpd_sasl_path')]);
  return undefined;
}

export const smtpAuthAfterTls = defineCheck({
  kind: 'smtp.auth-after-tls',
  params: z
    .object({
      listener: listener.default('smtp'),
      /** mechanisms the server must offer after STARTTLS */
      mechanisms: z.array(z.string().regex(/^[A-Z0-9-]+$/)).default(['PLAIN']),
    })
    .strict(),
  async run(ctx, p) {
    const port = portOf(ctx, p.listener);
    let transcript: string[] = [];
    try {
      return await withProbe(ctx.probe.host, port, async (probe) => {
        transcript = probe.transcript;
        const s = await startTls(probe);
        const t = () => probe.transcript.slice();
        if (s.before.has('AUTH')) return fail('smtp.authBeforeTls', { port, seen: `AUTH ${s.before.get('AUTH')}` }, t());
        if (s.refused) return fail('tls.starttlsRefused', { port, reply: s.refused }, t());
        if (!s.after) return fail('smtp.noStarttls', { port }, t());
        const offered = (s.after.get('AUTH') ?? '').toUpperCase().split(/\s+/).filter(Boolean);
        if (!s.after.has('AUTH')) {
          const refused = refusedReload(ctx);
          if (refused) return fail('tls.reloadRefused', { issue: refused }, t());
          return fail('smtp.authNotOffered', { port }, t());
        }
        const missing = p.mechanisms.find((m: string) => !offered.includes(m));
        if (missing) return fail('smtp.mechanismMissing', { port, mechanism: missing, seen: offered.join(' ') || NONE }, t());
        return pass('smtp.authAfterTlsOk', { port, mechanisms: offered.join(' ') }, t());
      });
    } catch (e) {
      rethrowBug(e);
      return probeFailure(e, port, transcript);
    }
  },
});

export const smtpAuthSeen = defineCheck({
  kind: 'smtp.auth-seen',
  params: z
    .object({
      mechanism: z.string().regex(/^[A-Z0-9-]+$/),
      /** the login must have happened inside TLS */
      tls: z.boolean().default(true),
    })
    .strict(),
  async run(ctx, p) {
    const auths = learnerSessions(ctx.events()).flatMap((s) => eventsOf(s, 'auth').map((e) => ({ s, e })));
    const mech = (e: SandboxEvent) => String(e.mechanism ?? '').toUpperCase();
    const same = auths.filter(({ e }) => mech(e) === p.mechanism);
    const ok = same.filter(({ e }) => e.ok === true && (!p.tls || e.tls === true));
    const line = ({ s, e }: { s: Session; e: SandboxEvent }) =>
      t(ctx.lang, e.ok ? 'smtp.ev.authOk' : 'smtp.ev.authFailed', {
        client: s.client ?? '?',
        mechanism: mech(e),
        user: String(e.username ?? '?'),
        tls: e.tls ? ' (TLS)' : '',
      });
    if (ok.length) {
      const last = ok[ok.length - 1];
      return pass('smtp.authSeenOk', { mechanism: p.mechanism, user: String(last.e.username ?? '?') }, [line(last)]);
    }
    if (same.some(({ e }) => e.ok === true))
      return fail('smtp.authNoTls', { mechanism: p.mechanism, port: ctx.probe.ports.smtp }, same.slice(-3).map(line));
    if (same.length) {
      const last = same[same.length - 1];
      return fail('smtp.authFailed', { mechanism: p.mechanism, user: String(last.e.username ?? '?') }, same.slice(-3).map(line));
    }
    const others = auths.filter(({ e }) => e.ok === true);
    if (others.length)
      return fail(
        'smtp.authOtherMechanism',
        { mechanism: p.mechanism, seen: [...new Set(others.map(({ e }) => mech(e)))].join(', ') },
        others.slice(-3).map(line),
      );
    return fail('smtp.authNotSeen', { mechanism: p.mechanism, port: ctx.probe.ports.smtp });
  },
});

/** The sandbox's SASL users (etc/sasldb2.json, written by `mailsec sandbox passwd`). */
export const SASLDB = 'etc/sasldb2.json';

function saslUsers(ctx: CheckContext): string[] | undefined {
  const text = ctx.ws.readText(SASLDB);
  if (text === undefined) return undefined;
  try {
    const db = JSON.parse(text) as { users?: unknown };
    return db.users && typeof db.users === 'object' ? Object.keys(db.users) : [];
  } catch (e) {
    rethrowBug(e);
    return [];
  }
}

export const smtpUser = defineCheck({
  kind: 'smtp.user',
  params: z.object({ user: z.string().regex(/^[A-Za-z0-9._+-]+$/) }).strict(),
  async run(ctx, p) {
    const users = saslUsers(ctx);
    if (!users?.length) return fail('smtp.userMissing', { user: p.user, file: SASLDB });
    if (!users.includes(p.user))
      return fail('smtp.userOther', { user: p.user, seen: users.join(', '), file: SASLDB }, [`${SASLDB}: ${users.join(', ')}`]);
    return pass('smtp.userOk', { user: p.user, file: SASLDB }, [`${SASLDB}: ${users.join(', ')}`]);
  },
});

/** The domains this server receives mail for (mydestination), for telling a relay from a local delivery. */
function localDomains(ctx: CheckContext): Set<string> {
  const cf = readMainCf(ctx);
  const out = new Set([ctx.vars.domain, ctx.vars.hostname, 'localhost']);
  if ('entries' in cf) for (const d of list(cf, 'mydestination')) out.add(d.toLowerCase());
  return out;
}

export const smtpRelaySeen = defineCheck({
  kind: 'smtp.relay-seen',
  params: z
    .object({
      listener: listener.default('outside'),
      /** true: the relay must come after AUTH; false: without it (an open relay) */
      auth: z.boolean(),
    })
    .strict(),
  async run(ctx, p) {
    const local = localDomains(ctx);
    const all = learnerSessions(ctx.events());
    const foreign = (to: unknown) => addresses(to).filter((a) => !local.has(domainOf(a)));
    const queued = all.flatMap((s) => eventsOf(s, 'queued').map((e) => ({ s, e })));
    const line = ({ s, e }: { s: Session; e: SandboxEvent }) =>
      `${s.listener ?? '?'} ${s.client ?? '?'}: ${e.type} from=<${String(e.from ?? '')}> to=<${addresses(e.to).join('>,<')}>${authenticated(e.auth) ? ` sasl_username=${authenticated(e.auth)}` : ''}${typeof e.text === 'string' ? ` ${e.text}` : ''}`;
    const relays = queued.filter(({ e }) => foreign(e.to).length);
    const wanted = relays.filter(({ s, e }) => s.listener === p.listener && !!authenticated(e.auth) === p.auth);
    if (wanted.length) {
      const w = wanted[wanted.length - 1];
      return pass(p.auth ? 'smtp.relayAuthOk' : 'smtp.relayOpenSeen', { to: foreign(w.e.to)[0], client: w.s.client ?? '?' }, [line(w)]);
    }
    const port = portOf(ctx, p.listener);
    const rejects = all
      .filter((s) => s.listener === p.listener)
      .flatMap((s) => eventsOf(s, 'reject').map((e) => ({ s, e })))
      .filter(({ e }) => foreign(e.to).length);
    if (p.auth) {
      const elsewhere = relays.filter(({ s, e }) => s.listener !== p.listener && authenticated(e.auth));
      if (elsewhere.length)
        return fail(
          'smtp.relayNotOutside',
          { port, seen: elsewhere[elsewhere.length - 1].s.listener ?? '?' },
          elsewhere.slice(-3).map(line),
        );
      const authLocal = queued.filter(({ s, e }) => s.listener === p.listener && authenticated(e.auth));
      if (authLocal.length) return fail('smtp.relayOnlyLocal', { port }, authLocal.slice(-3).map(line));
      const unauth = relays.filter(({ s, e }) => s.listener === p.listener && !authenticated(e.auth));
      if (rejects.length || unauth.length) return fail('smtp.relayNoAuth', { port }, [...rejects, ...unauth].slice(-3).map(line));
      return fail('smtp.relayAuthNotSeen', { port }, []);
    }
    if (rejects.length) return fail('smtp.relayRefusedAlready', { port }, rejects.slice(-3).map(line));
    const elsewhere = relays.filter(({ s }) => s.listener !== p.listener);
    if (elsewhere.length)
      return fail('smtp.relayNotOutside', { port, seen: elsewhere[elsewhere.length - 1].s.listener ?? '?' }, elsewhere.slice(-3).map(line));
    const localOnly = queued.filter(({ s }) => s.listener === p.listener);
    if (localOnly.length) return fail('smtp.relayOnlyLocal', { port }, localOnly.slice(-3).map(line));
    return fail('smtp.relayNotSeen', { port }, []);
  },
});

const TRUSTED = [
  /^127\.\d+\.\d+\.\d+(\/(8|9|[12]\d|3[0-2]))?$/,
  /^\[?::1\]?(\/128)?$/,
  /^\[::ffff:127\.0\.0\.0\]\/(10[4-9]|11\d|12[0-8])$/i,
  /^\[::ffff:127\.\d+\.\d+\.\d+\](\/12[0-8])?$/i,
];

export const smtpRelayConfig = defineCheck({
  kind: 'smtp.relay-config',
  params: z
    .object({
      restrictions: z.array(z.string()).default(['permit_mynetworks', 'permit_sasl_authenticated', 'reject_unauth_destination']),
    })
    .strict(),
  async run(ctx, p) {
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    const nets = list(cf, 'mynetworks');
    const wide = nets.find((n) => !TRUSTED.some((re) => re.test(n)));
    if (wide) return fail('smtp.mynetworksWide', { file: MAIN_CF, entry: wide, seen: nets.join(' ') }, [evLine(cf, 'mynetworks')]);
    const name = 'smtpd_relay_restrictions';
    const items = list(cf, name).map((i) => i.toLowerCase());
    const seen = joinRestrictions(items);
    const wanted = joinRestrictions(p.restrictions);
    const ev = [evLine(cf, name)];
    const final = p.restrictions[p.restrictions.length - 1];
    if (items.includes('defer_unauth_destination') && !items.includes(final))
      return fail('smtp.relayDefer', { file: MAIN_CF, seen, wanted }, ev);
    let at = 0;
    for (const want of p.restrictions) {
      const i = items.indexOf(want, at);
      if (i < 0)
        return fail(items.includes(want) ? 'smtp.relayOrder' : 'smtp.relayRestrictions', { file: MAIN_CF, item: want, seen, wanted }, ev);
      // anything that permits before the final reject opens the relay again
      const loose = items.slice(at, i).find((x) => x === 'permit' || (x.startsWith('permit_') && !p.restrictions.includes(x)));
      if (loose) return fail('smtp.relayPermitEarly', { file: MAIN_CF, item: loose, seen, wanted }, ev);
      at = i + 1;
    }
    return pass('smtp.relayConfigOk', { file: MAIN_CF }, [evLine(cf, 'mynetworks'), ...ev]);
  },
});

export const smtpRelay = defineCheck({
  kind: 'smtp.relay',
  params: z
    .object({
      listener: listener.default('outside'),
      from: z.string().default('prueba@example.org'),
      rcpt: z.string().min(3),
      expect: z.enum(['denied', 'accepted']),
      /** with expect accepted: a foreign recipient that must be refused first, in the same session */
      closed: z.string().min(3).optional(),
    })
    .strict(),
  async run(ctx, p) {
    const port = portOf(ctx, p.listener);
    let transcript: string[] = [];
    let note: string | undefined;
    try {
      const rcpt = await withProbe(ctx.probe.host, port, async (probe) => {
        transcript = probe.transcript;
        const banner = await probe.read();
        if (banner.code !== 220) return { step: 'banner', reply: banner };
        const { reply: ehlo, ext } = await probe.ehlo();
        if (ehlo.code !== 250) return { step: 'EHLO', reply: ehlo };
        if (ctx.remote && p.listener === 'outside') {
          // a real server has no outside port: be an outside client through XCLIENT, or say where we came from
          const asOutside = await playOutside(probe, ext, ctx.remote.outsideAddress);
          if ('step' in asOutside) return asOutside;
          note = outsideNote(ctx, asOutside.xclient ? ctx.remote.outsideAddress : undefined, probe.localAddress);
        }
        const rcptTo = async (to: string) => {
          const mail = await probe.command(`MAIL FROM:<${p.from}>`);
          if (mail.code !== 250) return { step: 'MAIL FROM', reply: mail };
          const r = await probe.command(`RCPT TO:<${to}>`);
          await probe.command('RSET');
          return { step: 'RCPT TO', reply: r, to };
        };
        if (p.closed) {
          const first = await rcptTo(p.closed);
          if (first.step !== 'RCPT TO' || first.reply.code < 500) return first;
        }
        return rcptTo(p.rcpt);
      });
      const t = note ? [note, ...transcript] : transcript.slice();
      const reply = rcpt.reply;
      if (rcpt.step !== 'RCPT TO') return fail('smtp.unexpectedReply', { port, command: rcpt.step, reply: reply.raw }, t);
      const why = reasonFor(ctx, p.rcpt);
      if (p.closed && 'to' in rcpt && rcpt.to === p.closed) {
        const refused = refusedReload(ctx);
        if (refused) return fail('tls.reloadRefused', { issue: refused }, t);
        const key = reply.code >= 400 && reply.code < 500 ? 'smtp.relayDeferred' : 'smtp.relayOpen';
        return fail(key, { port, rcpt: p.closed, reply: reply.raw }, [...t, ...reasonFor(ctx, p.closed)]);
      }
      if (p.expect === 'denied') {
        if (reply.code === 250 || reply.code === 251) {
          const refused = refusedReload(ctx);
          if (refused) return fail('tls.reloadRefused', { issue: refused }, t);
          return fail('smtp.relayOpen', { port, rcpt: p.rcpt, reply: reply.raw }, [...t, ...why]);
        }
        if (reply.code >= 400 && reply.code < 500)
          return fail('smtp.relayDeferred', { port, rcpt: p.rcpt, reply: reply.raw }, [...t, ...why]);
        if (!/relay access denied/i.test(reply.raw))
          return fail('smtp.relayWrongReject', { port, rcpt: p.rcpt, reply: reply.raw }, [...t, ...why]);
        // a real server's log is on the server
        const logged = ctx.remote ? [] : logLines(ctx, p.rcpt);
        return pass('smtp.relayDeniedOk', { rcpt: p.rcpt, reply: reply.raw }, [...t, ...why, ...logged]);
      }
      if (reply.code === 250 || reply.code === 251) return pass('smtp.localOk', { rcpt: p.rcpt, reply: reply.raw }, t);
      return fail('smtp.localRefused', { port, rcpt: p.rcpt, reply: reply.raw }, [...t, ...why]);
    } catch (e) {
      rethrowBug(e);
      return probeFailure(e, port, transcript);
    }
  },
});

/**
 * XCLIENT ADDR=… when the server offers it to this machine (smtpd_authorized_xclient_hosts): the
 * session goes on as if it came from `addr`, a new greeting and EHLO. Else the check stays what it is, a
 * client from where the learner sits.
 */
export async function playOutside(
  probe: SmtpProbe,
  ext: Map<string, string>,
  addr: string,
): Promise<{ xclient: boolean } | { step: string; reply: Reply }> {
  if (!/\bADDR\b/i.test(ext.get('XCLIENT') ?? '')) return { xclient: false };
  const r = await probe.command(`XCLIENT NAME=[UNAVAILABLE] ADDR=${addr}`);
  if (r.code !== 220) return { step: 'XCLIENT', reply: r };
  const { reply } = await probe.ehlo();
  if (reply.code !== 250) return { step: 'EHLO', reply };
  return { xclient: true };
}

/** The first evidence line of a remote relay probe: who the server saw (`t` is shadowed inside the check). */
export function outsideNote(ctx: CheckContext, xclient: string | undefined, here: string): string {
  return xclient ? t(ctx.lang, 'remote.asOutside', { addr: xclient }) : t(ctx.lang, 'remote.fromHere', { addr: here });
}

/** The sandbox's own reasons for its latest answer to a check's RCPT (decision or reject events). */
function reasonFor(ctx: CheckContext, rcpt: string): string[] {
  const mine = sessions(ctx.events()).filter(isCheckSession);
  const last = mine[mine.length - 1];
  if (!last) return [];
  const out: string[] = [];
  for (const e of last.events) {
    if ((e.type === 'decision' || e.type === 'reject') && Array.isArray(e.decisions)) {
      if (e.type === 'reject' && typeof e.to === 'string' && e.to.toLowerCase() !== rcpt.toLowerCase()) continue;
      for (const d of e.decisions as unknown[]) {
        if (typeof d === 'string') out.push(d);
        else if (d && typeof d === 'object') {
          const o = d as Record<string, unknown>;
          // the sandbox gives each reason as a message key too, so the learner reads it in their language
          const params = (o.params ?? {}) as Params;
          const also = typeof o.also === 'string' ? ` ${t(ctx.lang, o.also, params)}` : '';
          const reason = typeof o.key === 'string' ? t(ctx.lang, o.key, params) + also : o.reason;
          const rule = o.rule ?? o.restriction;
          const text = [typeof rule === 'string' ? `${rule} → ${String(o.result ?? '')}` : undefined, reason]
            .filter((x) => typeof x === 'string' && x)
            .join(': ');
          if (text) out.push(text);
        }
      }
    }
  }
  return [...new Set(out)].slice(-6);
}

/** The mail.log line of the sandbox for a relay refusal, as a learner would find it with grep. */
function logLines(ctx: CheckContext, rcpt: string): string[] {
  const text = ctx.ws.readText(MAIL_LOG);
  if (!text) return [];
  const lines = text
    .slice(-256 * 1024)
    .split('\n')
    .filter((l) => l.includes('Relay access denied') && l.toLowerCase().includes(rcpt.toLowerCase()));
  return lines.slice(-1);
}
