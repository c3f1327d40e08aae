// OWNER: sender-authentication work (issue 4). Milter stages the SMTP server runs after cleanup.
//
// Outgoing (client in mynetworks or SASL-authenticated): OpenDKIM signs, when main.cf
// reaches it through smtpd_milters. Incoming (anyone else): the receiving side checks SPF
// (policyd-spf when main.cf calls it, else as OpenDMARC does for itself), verifies DKIM,
// applies the From domain's DMARC policy as OpenDMARC 1.4.2 does with `RejectFailures true`
// and `HoldQuarantinedMessages true` (reject: the milter's 550; quarantine: Postfix's hold
// queue), and writes Authentication-Results. In the sandbox one server plays both parts.
import type { Decision, MessageIn, MessageStage, StageContext, StageOutcome } from '../pipeline.js';
import { trustedClient } from './trust.js';
import { fromDomains, header, prependHeaders, removeHeaders } from './message.js';
import { dkimWhy, verifyDkim, type DkimVerdict } from './dkim.js';
import { checkSpf, receivedSpfHeader, spfWhy, type SpfOutcome } from './spf.js';
import { evaluateDmarc, type DmarcOutcome } from './dmarc.js';
import { policydSpf, parsePolicydSpfConf } from './policyd-spf.js';
import { OPENDKIM_CONF, POLICYD_SPF_CONF } from '../names.js';
import { policydSpfWiring } from './wiring.js';
import { loadInstances, signOutgoing } from './signer.js';
import { milterWiring, parseOpenDkimConf, reachesAny, signerSettings } from './opendkim-conf.js';
import { verifyLog } from './opendkim-log.js';
import { internetResolver } from './internet.js';
import { failureDue, sendFailureReports } from './forensic.js';
import { rethrowBug } from '../../util/errors.js';
import { list } from '../../postfix/main-cf.js';

const pid = () => process.pid;

/** reason in English for logs and tests; key and params say the same in the learner's language */
function note(stage: string, rule: string, result: string, reason: string, why: { key: string; params: Record<string, string | number> }): Decision {
  return { stage, rule, result, reason, key: why.key, params: why.params };
}

/** What the receiving side concluded for one message: the `auth` event, and what the report is made of. */
export interface AuthEvent {
  type: 'authres';
  session: string;
  queueId: string;
  listener: string;
  client: { addr: string; name: string };
  helo?: string;
  mailFrom: string;
  rcptTo: string[];
  headerFrom: string;
  messageId?: string;
  subject?: string;
  spf: { result: string; domain: string; identity: string; record?: string; via: 'policyd-spf' | 'opendmarc'; action?: string };
  dkim: { result: string; domain?: string; selector?: string; comment?: string }[];
  dmarc: {
    result: string;
    policy?: string;
    disposition: string;
    policyDomain?: string;
    record?: string;
    p?: string;
    sp?: string;
    np?: string;
    /** t=y: the disposition is one level below the policy */
    testMode: boolean;
    /** which tag the policy came from: p, sp or np */
    policyFrom?: string;
    pct?: number;
    adkim: string;
    aspf: string;
    spfAligned: boolean;
    dkimAligned: boolean;
    /** the authenticated domain that aligned (or passed without aligning) */
    spfDomain?: string;
    dkimDomain?: string;
    sampledOut: boolean;
    rua: string[];
    ruf: string[];
    reason: string;
  };
  /** what happened to the message: delivered (none), quarantine (held), reject, defer */
  action: string;
  /** quarantine: in Postfix's hold queue */
  held?: boolean;
  reply?: string;
}

/** SPF, DKIM and DMARC on inbound mail (Authentication-Results, DMARC policy). Always on: see the header comment. */
export function inboundAuthStage(_ctx: StageContext): MessageStage | undefined {
  return {
    name: 'auth',
    async run(msg: MessageIn, sctx: StageContext): Promise<StageOutcome> {
      const ctx = { ...sctx, resolver: internetResolver(sctx.resolver) };
      const s = msg.session;
      if (trustedClient(s, ctx.cfg)) {
        const who = s.sasl ? `authenticated as ${s.sasl.username}` : `${s.client.addr} is in mynetworks`;
        const ip0 = s.client.addr.replace(/^::ffff:(?=\d+\.)/i, '');
        ctx.event({ ...baseEvent(msg, ip0, fromDomains(msg.raw)[0] ?? '', msg.raw), type: 'authres.skip', sasl: !!s.sasl, reason: who });
        const skip: { key: string; params: Record<string, string> } = s.sasl ? { key: 'authres.why.outgoingSasl', params: { user: s.sasl.username } } : { key: 'authres.why.outgoingMynetworks', params: { addr: s.client.addr } };
        return { action: 'continue', notes: [note('auth', s.sasl ? 'SASL' : 'mynetworks', 'skipped', `outgoing mail (${who}): SPF, DKIM verification and DMARC are for mail from outside`, skip)] };
      }
      const notes: Decision[] = [];
      const qid = msg.queueId;
      // RFC 8601 §5: results that claim to be ours, arriving from outside, are forged
      const ours = (v: string) => v.split(';')[0].trim().toLowerCase() === ctx.hostname.toLowerCase();
      const cleaned = removeHeaders(msg.raw, (n, v) => n.toLowerCase() === 'authentication-results' && ours(v));
      if (cleaned !== msg.raw) {
        notes.push(note('auth', 'Authentication-Results', 'removed', `the message came with an Authentication-Results header in the name of ${ctx.hostname}: forged, removed`, { key: 'authres.why.forgedAuthResults', params: { host: ctx.hostname } }));
        msg = { ...msg, raw: cleaned };
      }
      const ip = s.client.addr.replace(/^::ffff:(?=\d+\.)/i, '');
      const mailFrom = msg.envelope.mailFrom;
      const prepend: string[] = [];

      // SPF: policyd-spf when main.cf asks it, otherwise as OpenDMARC checks it for itself
      let spf: SpfOutcome | undefined;
      let spfVia: 'policyd-spf' | 'opendmarc' = 'opendmarc';
      let spfAction: string | undefined;
      const wiring = policydSpfWiring(ctx.ws, ctx.cfg);
      if (wiring.restriction) {
        spfVia = 'policyd-spf';
        if (!wiring.service) {
          ctx.log(`warning: connect to private/policyd-spf: No such file or directory`);
          notes.push(note('policyd-spf', 'check_policy_service unix:private/policyd-spf', 'defer', 'main.cf calls the policy service but master.cf defines no policyd-spf service', { key: 'authres.why.policydMissing', params: {} }));
          const ev = baseEvent(msg, ip, '', undefined);
          ctx.event({ ...ev, type: 'authres.error', problem: 'policydMissing' });
          return { action: 'reject', code: 451, enhanced: '4.3.5', text: 'Server configuration problem', notes };
        }
        const conf = parsePolicydSpfConf(ctx.ws.readText(POLICYD_SPF_CONF));
        const pa = await policydSpf(conf, { ip, helo: s.helo, sender: mailFrom, resolver: ctx.resolver, mta: ctx.hostname });
        if (pa.action === 'skip') {
          notes.push(note('policyd-spf', 'skip_addresses', 'skip', pa.reason, pa));
        } else {
          spf = pa.outcome;
          spfAction = pa.action;
          if (pa.action === 'prepend') {
            ctx.log(`policyd-spf[${pid()}]: prepend ${pa.header}`);
            prepend.push(pa.header);
            notes.push(note('policyd-spf', `Mail_From_reject = ${conf.mailFromReject}`, 'prepend', `SPF ${pa.outcome.result} for ${pa.outcome.sender || '<>'} from ${ip}: ${pa.outcome.comment}`, spfWhy(pa.outcome)));
          } else {
            const rcpt = msg.envelope.rcptTo[0] ?? '';
            const text = `<${rcpt}>: Recipient address rejected: ${pa.text}`;
            ctx.log(`policyd-spf[${pid()}]: ${pa.code} ${pa.enhanced} ${pa.text}`);
            notes.push(note('policyd-spf', pa.outcome.identity === 'helo' ? `HELO_reject = ${conf.heloReject}` : `Mail_From_reject = ${conf.mailFromReject}`, pa.action, `SPF ${pa.outcome.result} for ${pa.outcome.sender} from ${ip}${pa.outcome.record ? ` (record "${pa.outcome.record}")` : ''}`, spfWhy(pa.outcome)));
            ctx.event({ ...baseEvent(msg, ip, fromDomains(msg.raw)[0] ?? '', msg.raw), type: 'authres', spf: spfSummary(pa.outcome, spfVia, pa.action), dkim: [], dmarc: undefined, action: pa.action, reply: `${pa.code} ${pa.enhanced} ${text}` });
            return { action: 'reject', code: pa.code, enhanced: pa.enhanced, text, notes };
          }
        }
      }
      spf ??= await checkSpf({ ip, sender: mailFrom, helo: s.helo, resolver: ctx.resolver, mta: ctx.hostname });
      if (spfVia === 'opendmarc') notes.push(note('spf', 'SPF', spf.result, `${spf.sender || '<>'} from ${ip}: ${spf.comment}`, spfWhy(spf)));

      // DKIM verification, as OpenDKIM in verify mode logs it. With no smtpd_milters no milter
      // sees the message on a real Postfix, so OpenDKIM and OpenDMARC log nothing; the sandbox
      // still checks (Authentication-Results, the events) and logs OpenDMARC's line only when
      // it applies the domain's policy, as the DMARC lesson shows.
      const milters = list(ctx.cfg, 'smtpd_milters').length > 0;
      const dkim = await verifyDkim(msg.raw, ctx.resolver);
      for (const d of dkim) noteDkim(d, notes);
      if (milters) for (const line of verifyLog(qid, dkim, { syslogSuccess: verifierSettings(ctx.ws)?.syslogSuccess ?? false })) ctx.log(`opendkim[${pid()}]: ${line}`);

      // DMARC on the RFC5322.From domain
      const froms = [...new Set(fromDomains(msg.raw))];
      let dmarc: DmarcOutcome | undefined;
      if (froms.length === 1) {
        dmarc = await evaluateDmarc({ fromDomain: froms[0], spf: { result: spf.result, domain: spf.domain }, dkim, resolver: ctx.resolver });
        if (milters || (dmarc.result === 'fail' && dmarc.disposition !== 'none')) ctx.log(`opendmarc[${pid()}]: ${qid}: ${dmarc.from} ${dmarc.result}`);
        notes.push(note('dmarc', dmarc.record ? `_dmarc.${dmarc.policyDomain}: ${dmarc.record.record}` : `_dmarc.${froms[0]}`, dmarc.result, dmarc.reason, dmarc.why));
      } else {
        notes.push(note('dmarc', 'From', 'none', froms.length ? `several From domains (${froms.join(', ')}): DMARC cannot pick one` : 'no usable From address', froms.length ? { key: 'authres.why.dmarc.severalFrom', params: { domains: froms.join(', ') } } : { key: 'authres.why.dmarc.noFrom', params: {} }));
      }

      const rows = [spf.info, ...dkim.map((d) => d.info), dmarc?.info ?? `dmarc=none header.from=${froms[0] ?? 'unknown'}`];
      prepend.unshift(`Authentication-Results: ${ctx.hostname};\n\t${rows.join(';\n\t')}`);
      const raw = prependHeaders(msg.raw, prepend);

      const disposition = dmarc?.result === 'fail' ? dmarc.disposition : 'none';
      if (dmarc?.record?.ruf.length && failureDue(dmarc.record.fo, spf, dkim, dmarc)) {
        try {
          const delivery = disposition === 'reject' ? 'reject' : disposition === 'quarantine' ? 'spam' : 'delivered';
          const sent = sendFailureReports(ctx.ws, { reporter: ctx.hostname, msg, dmarc, authResults: prepend[0], delivery, to: '', ruf: dmarc.record.ruf.map((u) => u.uri) });
          if (sent.length) notes.push(note('dmarc', `ruf=${dmarc.record.ruf.map((u) => u.uri).join(',')}`, 'report', `failure report written to ${sent.join(', ')}`, { key: 'authres.why.dmarc.reportWritten', params: { files: sent.join(', ') } }));
        } catch (e) {
          rethrowBug(e);
          notes.push(note('dmarc', 'ruf', 'error', `failure report not written: ${(e as Error).message}`, { key: 'authres.why.dmarc.reportFailed', params: { error: (e as Error).message } }));
        }
      }
      const ev = {
        ...baseEvent(msg, ip, froms[0] ?? '', msg.raw),
        type: 'authres',
        spf: spfSummary(spf, spfVia, spfAction),
        dkim: dkim.map((d) => ({ result: d.result, domain: d.domain, selector: d.selector, comment: d.comment })),
        dmarc: dmarc ? dmarcSummary(dmarc) : undefined,
      };
      if (disposition === 'reject') {
        // OpenDMARC names the domain whose record it applied (libopendmarc's "utilized domain")
        const text = `rejected by DMARC policy for ${dmarc!.policyDomain ?? dmarc!.from}`;
        ctx.event({ ...ev, action: 'reject', reply: `550 5.7.1 ${text}` });
        return { action: 'reject', code: 550, enhanced: '5.7.1', text, notes };
      }
      if (disposition === 'quarantine') {
        // smfi_quarantine(): Postfix keeps the message in its hold queue, nobody receives it
        ctx.event({ ...ev, action: 'quarantine', held: true });
        return { action: 'hold', raw, notes };
      }
      ctx.event({ ...ev, action: 'none' });
      return { action: 'continue', raw, notes };
    },
  };
}

function baseEvent(msg: MessageIn, ip: string, headerFrom: string, raw: Buffer | undefined) {
  return {
    session: msg.session.id,
    queueId: msg.queueId,
    listener: msg.session.listener,
    client: { addr: ip, name: msg.session.client.name },
    helo: msg.session.helo,
    mailFrom: msg.envelope.mailFrom,
    rcptTo: msg.envelope.rcptTo,
    headerFrom,
    messageId: raw ? header(raw, 'Message-ID') : undefined,
    subject: raw ? header(raw, 'Subject') : undefined,
  };
}

function spfSummary(o: SpfOutcome, via: 'policyd-spf' | 'opendmarc', action?: string): AuthEvent['spf'] {
  return { result: o.result, domain: o.domain, identity: o.identity, record: o.record, via, action, header: receivedSpfHeader(o) } as AuthEvent['spf'];
}

function dmarcSummary(d: DmarcOutcome): AuthEvent['dmarc'] {
  return {
    result: d.result,
    policy: d.policy,
    disposition: d.result === 'fail' ? d.disposition : 'none',
    policyDomain: d.policyDomain,
    record: d.record?.record,
    p: d.record?.p,
    sp: d.record?.sp,
    np: d.record?.np,
    testMode: d.testMode,
    policyFrom: d.policyFrom,
    pct: d.record?.pct,
    adkim: d.dkim.mode,
    aspf: d.spf.mode,
    spfDomain: d.spf.domain,
    dkimDomain: d.dkim.domain,
    spfAligned: d.spf.aligned,
    dkimAligned: d.dkim.aligned,
    sampledOut: d.sampledOut,
    rua: d.record?.rua.map((u) => u.uri) ?? [],
    ruf: d.record?.ruf.map((u) => u.uri) ?? [],
    reason: d.reason,
  };
}

function noteDkim(d: DkimVerdict, notes: Decision[]): void {
  const id = d.domain ? `s=${d.selector} d=${d.domain}` : '';
  if (d.result === 'none') notes.push(note('dkim', 'DKIM-Signature', 'none', 'the message is not signed', dkimWhy(d)));
  else if (d.result === 'pass') notes.push(note('dkim', id, 'pass', `signature verified with the key at ${d.selector}._domainkey.${d.domain}`, dkimWhy(d)));
  else notes.push(note('dkim', id, d.result, d.comment ?? d.result, dkimWhy(d)));
}

/** The OpenDKIM that verifies inbound mail: etc/opendkim.conf's (Mode sv). */
function verifierSettings(ws: StageContext['ws']) {
  const text = ws.readText(OPENDKIM_CONF);
  return text === undefined ? undefined : signerSettings(parseOpenDkimConf(text));
}

/** DKIM signing of outgoing mail as OpenDKIM does it, when main.cf lists milters; undefined otherwise. */
export function dkimSignStage(ctx: StageContext): MessageStage | undefined {
  const first = milterWiring(ctx.cfg, undefined);
  if (!first.smtpd.length) return undefined;
  return {
    name: 'opendkim',
    async run(msg: MessageIn, sctx: StageContext): Promise<StageOutcome> {
      const ctx = { ...sctx, resolver: internetResolver(sctx.resolver) };
      const instances = loadInstances(ctx.ws, ctx.cfg);
      const signer = instances[0];
      const notes: Decision[] = [];
      const w = signer.wiring;
      if (!w.smtpd.length) return { action: 'continue' };
      // a milter main.cf names that nobody listens on: Postfix applies milter_default_action
      for (const m of w.dangling) {
        ctx.log(`warning: connect to Milter service ${m}: Connection refused`);
        const why = w.reaches ? `no milter listens on ${m}` : signer.conf ? `OpenDKIM listens on ${w.socket ?? '(no Socket)'}, not on ${m}` : `${m} reaches nothing: etc/opendkim.conf is missing`;
        const key = w.reaches ? 'authres.why.milter.noListener' : signer.conf ? (w.socket ? 'authres.why.milter.otherSocket' : 'authres.why.milter.noSocket') : 'authres.why.milter.noConf';
        notes.push(note('milter', m, w.defaultAction, `${why}; milter_default_action = ${w.defaultAction}`, { key, params: { milter: m, socket: w.socket ?? '', action: w.defaultAction } }));
        if (w.defaultAction === 'tempfail') return { action: 'reject', code: 451, enhanced: '4.7.1', text: 'Service unavailable - try again later', notes };
        if (w.defaultAction === 'reject') return { action: 'reject', code: 550, enhanced: '5.7.1', text: 'Command rejected', notes };
      }
      // each OpenDKIM main.cf reaches signs in turn, in the order of smtpd_milters
      const order = w.smtpd.flatMap((m) => instances.filter((i) => i.settings?.socket && reachesAny(m, [i.settings.socket])).slice(0, 1));
      const running = [...new Set(order)];
      if (!running.length) return { action: 'continue', notes };
      let raw: Buffer | undefined;
      for (const inst of running) {
        const r = await signOutgoing(raw ? { ...msg, raw } : msg, ctx, inst);
        notes.push(...r.notes);
        if (r.tempfail) return { action: 'reject', code: 451, enhanced: '4.7.0', text: 'resource unavailable', notes };
        if (r.raw) raw = r.raw;
      }
      return raw ? { action: 'continue', raw, notes } : { action: 'continue', notes };
    },
  };
}
