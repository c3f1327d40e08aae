// Check kinds of the submission lesson: master.cf's submission (587) and smtps (465)
// services with their -o overrides, the sender login table, and what the learner's own
// sessions on those ports got (a mail accepted, a forged sender refused).
import { z } from 'zod';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import type { CheckContext, Verdict } from './types.js';
import { loadConfigApi, type SandboxEvent } from '../sandbox/api.js';
import { MASTER_CF, MAIN_CF } from '../postfix/defaults.js';
import { param, splitList } from '../postfix/main-cf.js';
import { findLoginOwners } from '../postfix/restrictions-login.js';
import { authenticated, eventsOf, learnerSessions, type Session } from './sessions.js';

type SubmissionListener = 'submission' | 'smtps';
const LISTENERS: SubmissionListener[] = ['submission', 'smtps'];
const MISMATCH = ['reject_sender_login_mismatch', 'reject_authenticated_sender_login_mismatch'];

type Config = Awaited<ReturnType<Awaited<ReturnType<typeof loadConfigApi>>['loadConfig']>>;

async function config(ctx: CheckContext): Promise<Config | Verdict> {
  const { loadConfig } = await loadConfigApi();
  // a real server's certificate is on the server: its files are not read here
  const cfg = ctx.remote ? loadConfig(ctx.ws, undefined, { elsewhere: true }) : loadConfig(ctx.ws);
  const fatal = cfg.issues.find((i) => i.severity === 'fatal');
  if (fatal) return fail('postfix.broken', { file: fatal.file, line: fatal.line ?? 0, text: fatal.text });
  return cfg;
}

const isConfig = (c: Config | Verdict): c is Config => 'services' in c;

/** What a service sets with -o, as the learner wrote it ("-o name=value"). */
function where(cfg: Config, l: SubmissionListener, name: string): string {
  const svc = cfg.services[l].service;
  const o = svc?.options[name];
  if (o !== undefined) return `${MASTER_CF}:${svc!.line}: ${svc!.name} -o ${name}=${o}`;
  const e = cfg.main.entries.get(name);
  return e ? `${MAIN_CF}:${e.line}: ${name} = ${e.value}` : `${name} = ${param(cfg.services[l].cf, name)} (default)`;
}

export const submissionServices = defineCheck({
  kind: 'submission.services',
  params: z.object({}).strict(),
  async run(ctx) {
    const cfg = await config(ctx);
    if (!isConfig(cfg)) return cfg;
    const ev: string[] = [];
    for (const l of LISTENERS) {
      const s = cfg.services[l];
      const port = l === 'submission' ? 587 : 465;
      if (!s.service) return fail('submission.serviceMissing', { file: MASTER_CF, service: l, port });
      const o = s.service.options;
      const name = s.service.name;
      if (l === 'submission' && (o.smtpd_tls_security_level ?? '').toLowerCase() !== 'encrypt')
        return fail('submission.notEncrypted', { file: MASTER_CF, service: name, seen: o.smtpd_tls_security_level ?? '-' }, [
          where(cfg, l, 'smtpd_tls_security_level'),
        ]);
      if (l === 'smtps' && (o.smtpd_tls_wrappermode ?? '').toLowerCase() !== 'yes')
        return fail('submission.noWrapper', { file: MASTER_CF, service: name, seen: o.smtpd_tls_wrappermode ?? '-' }, [
          where(cfg, l, 'smtpd_tls_wrappermode'),
        ]);
      if ((o.smtpd_sasl_auth_enable ?? '').toLowerCase() !== 'yes')
        return fail('submission.saslOverride', { file: MASTER_CF, service: name, seen: o.smtpd_sasl_auth_enable ?? '-' }, [
          where(cfg, l, 'smtpd_sasl_auth_enable'),
        ]);
      const items = s.lists.smtpd_client_restrictions.map((r) => r.name);
      const seen = items.join(', ') || '(empty)';
      const first = items.indexOf('permit_sasl_authenticated');
      if (first !== 0 || items[items.length - 1] !== 'reject' || items.length < 2)
        return fail('submission.clientRestrictions', { file: MASTER_CF, service: name, seen }, [
          where(cfg, l, 'smtpd_client_restrictions'),
        ]);
      ev.push(
        where(cfg, l, l === 'submission' ? 'smtpd_tls_security_level' : 'smtpd_tls_wrappermode'),
        where(cfg, l, 'smtpd_client_restrictions'),
      );
    }
    return pass('submission.servicesOk', { file: MASTER_CF }, ev);
  },
});

export const submissionSenderLogin = defineCheck({
  kind: 'submission.sender-login',
  params: z.object({ user: z.string().regex(/^[A-Za-z0-9._+-]+$/) }).strict(),
  async run(ctx, p) {
    const cfg = await config(ctx);
    if (!isConfig(cfg)) return cfg;
    const addr = `${p.user}@${ctx.vars.domain}`;
    // the table lines that give the address to the user, shown with the pass
    const owned = new Set<string>();
    for (const l of LISTENERS) {
      const s = cfg.services[l];
      if (!s.service) return fail('submission.serviceMissing', { file: MASTER_CF, service: l, port: l === 'submission' ? 587 : 465 });
      const maps = s.senderLoginMaps;
      if (!maps.length) return fail('submission.loginMapsMissing', { file: MAIN_CF }, [where(cfg, l, 'smtpd_sender_login_maps')]);
      const missing = maps.find((m) => !cfg.tables.get(m));
      if (missing)
        return fail('submission.loginTableMissing', { table: missing, file: MAIN_CF }, [where(cfg, l, 'smtpd_sender_login_maps')]);
      const found = findLoginOwners(addr, {
        mynetworks: s.mynetworks,
        mynetworksText: s.mynetworksText,
        mydestination: s.mydestination,
        relayDomains: s.relayDomains,
        myhostname: s.hostname,
        table: (spec) => cfg.tables.get(spec),
        senderLoginMaps: maps,
        recipientDelimiter: s.recipientDelimiter,
      });
      const owners = found ? splitList(found.hit.value.replace(/,/g, ' ')) : [];
      if (!owners.some((o) => o.toLowerCase() === p.user.toLowerCase()))
        return fail('submission.addressNotOwned', { addr, user: p.user, table: maps[0], seen: owners.join(', ') || '-' }, [
          found ? `${found.table}: ${found.hit.key} ${found.hit.value}` : `${maps.join(', ')}: ${addr} -`,
        ]);
      if (found) owned.add(`${found.table}: ${found.hit.key} ${found.hit.value}`);
      const items = s.lists.smtpd_sender_restrictions.map((r) => r.name);
      if (!items.some((i) => MISMATCH.includes(i)))
        return fail('submission.mismatchMissing', { file: MASTER_CF, service: s.service.name, seen: items.join(', ') || '(empty)' }, [
          where(cfg, l, 'smtpd_sender_restrictions'),
        ]);
    }
    return pass('submission.senderLoginOk', { addr, user: p.user }, [
      ...owned,
      ...LISTENERS.map((l) => where(cfg, l, 'smtpd_sender_restrictions')),
    ]);
  },
});

const portOf = (ctx: CheckContext, l: SubmissionListener) => ctx.probe.ports[l];
const line = (s: Session, e: SandboxEvent) =>
  `${s.listener ?? '?'} ${s.client ?? '?'}: ${e.type} from=<${String(e.from ?? '')}>${authenticated(e.auth) ? ` sasl_username=${authenticated(e.auth)}` : ''}${e.code ? ` ${String(e.code)} ${String(e.enhanced ?? '')} ${String(e.text ?? '')}` : ''}`;
const replyOf = (e: SandboxEvent) => `${String(e.code)} ${String(e.enhanced ?? '')} ${String(e.text ?? '')}`;
const NOT_OWNED = /Sender address rejected: not owned by user/;

export const submissionSent = defineCheck({
  kind: 'submission.sent',
  params: z.object({ listener: z.enum(['submission', 'smtps']) }).strict(),
  async run(ctx, p) {
    const port = portOf(ctx, p.listener);
    const all = learnerSessions(ctx.events());
    const mine = all.filter((s) => s.listener === p.listener);
    const queued = mine.flatMap((s) => eventsOf(s, 'queued').map((e) => ({ s, e })));
    const ok = queued.filter(({ e }) => authenticated(e.auth));
    if (ok.length) {
      const w = ok[ok.length - 1];
      return pass('submission.sentOk', { port, user: authenticated(w.e.auth) ?? '?', from: String(w.e.from ?? '') }, [line(w.s, w.e)]);
    }
    const rejects = mine.flatMap((s) => eventsOf(s, 'reject').map((e) => ({ s, e })));
    if (rejects.length) {
      const r = rejects[rejects.length - 1];
      return fail(
        NOT_OWNED.test(String(r.e.text)) ? 'submission.sentNotOwned' : 'submission.sentRefused',
        { port, reply: replyOf(r.e) },
        rejects.slice(-3).map(({ s, e }) => line(s, e)),
      );
    }
    // the learner's latest session went through another port, logged in: the right mail, the wrong door
    const last = all[all.length - 1];
    const there = last && last.listener !== p.listener ? eventsOf(last, 'queued').filter((e) => authenticated(e.auth)) : [];
    if (there.length) return fail('submission.sentElsewhere', { port, seen: last.listener ?? '?' }, [line(last, there[there.length - 1])]);
    return fail('submission.sentNotSeen', { port });
  },
});

export const submissionSpoofRefused = defineCheck({
  kind: 'submission.spoof-refused',
  params: z.object({ listener: z.enum(['submission', 'smtps']) }).strict(),
  async run(ctx, p) {
    const port = portOf(ctx, p.listener);
    const mine = learnerSessions(ctx.events()).filter((s) => s.listener === p.listener);
    const rejects = mine.flatMap((s) => eventsOf(s, 'reject').map((e) => ({ s, e })));
    const refused = rejects.filter(({ e }) => NOT_OWNED.test(String(e.text)));
    if (refused.length) {
      const r = refused[refused.length - 1];
      return pass('submission.spoofRefusedOk', { port, reply: replyOf(r.e) }, [line(r.s, r.e)]);
    }
    const user = (v: unknown) => (authenticated(v) ?? '').toLowerCase();
    const local = (a: unknown) =>
      String(a ?? '')
        .split('@')[0]
        .toLowerCase();
    const forged = mine
      .flatMap((s) => eventsOf(s, 'queued').map((e) => ({ s, e })))
      .filter(({ e }) => user(e.auth) && local(e.from) !== user(e.auth));
    if (forged.length) {
      const f = forged[forged.length - 1];
      return fail('submission.spoofAccepted', { port, from: String(f.e.from ?? ''), user: authenticated(f.e.auth) ?? '?' }, [
        line(f.s, f.e),
      ]);
    }
    if (rejects.length) {
      const r = rejects[rejects.length - 1];
      return fail(
        'submission.spoofOtherReject',
        { port, reply: replyOf(r.e) },
        rejects.slice(-3).map(({ s, e }) => line(s, e)),
      );
    }
    return fail('submission.spoofNotSeen', { port });
  },
});
