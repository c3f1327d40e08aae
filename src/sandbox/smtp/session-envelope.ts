// The envelope of a session: MAIL FROM and RCPT TO, the restriction lists they are checked
// against, and the reject lines and events those checks give.
import type { Decision } from '../pipeline.js';
import { checkRecipient, type CheckEnv } from './restrictions.js';
import { rejectLogLine, type Reply } from '../../postfix/restrictions.js';
import { rblLookup } from '../dns/rbl.js';
import type { Outcome, PostfixSession } from './session.js';

/**
 * The address inside MAIL FROM:<...> / RCPT TO:<...>, as Postfix's extract_addr() is lenient:
 * "FROM:<a@b>", "FROM: <a@b>", "FROM:a@b". Returns undefined for a syntax error.
 */
export function parsePath(rest: string): { addr: string; params: string[] } | undefined {
  const s = rest.trim();
  if (s.startsWith('<')) {
    const end = s.indexOf('>');
    if (end < 0) return undefined;
    let addr = s.slice(1, end).trim();
    // RFC 5321 source route: @a,@b:user@domain
    addr = addr.replace(/^@[^:]*:/, '');
    const params = s
      .slice(end + 1)
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    if (/[<>\s]/.test(addr)) return undefined;
    return { addr, params };
  }
  const [addr, ...params] = s.split(/\s+/);
  if (!addr || /[<>]/.test(addr)) return undefined;
  return { addr, params };
}

/** Postfix's log_whatsup(): the reject line and the event. */
export function logReject(s: PostfixSession, stage: string, reply: Reply, opts: { to?: string; restriction?: string; decisions?: Decision[] } = {}): void {
  s.rt.log.line(s.program, rejectLogLine({ queueId: s.queueId, stage, namaddr: s.namaddr, reply, sender: s.sender, to: opts.to, proto: s.proto, helo: s.helo }));
  s.rt.counts.rejected++;
  s.rt.emit('reject', {
    session: s.id,
    stage: stage.toLowerCase(),
    code: reply.code,
    enhanced: reply.enhanced,
    text: reply.text,
    from: s.sender ?? '',
    to: opts.to ?? '',
    client: { ...s.client },
    helo: s.helo,
    restriction: opts.restriction,
    decisions: opts.decisions ?? [],
    queueId: s.queueId,
  });
}

export function cmdMail(s: PostfixSession, line: string): Outcome {
  const m = /^\s*MAIL\s+FROM\s*:(.*)$/is.exec(line);
  if (!m) return s.fail(501, '5.5.4 Syntax: MAIL FROM:<address>');
  if (s.yes('smtpd_helo_required') && !s.helo) return s.fail(503, '5.5.1 Error: send HELO/EHLO first');
  if (s.sender !== undefined) return s.fail(503, '5.5.1 Error: nested MAIL command');
  const p = parsePath(m[1]);
  if (!p || p.addr.length > 2048) return s.fail(501, '5.1.7 Bad sender address syntax');
  let size = 0;
  for (const param of p.params) {
    const [k, ...vs] = param.split('=');
    const key = k.toUpperCase();
    const v = vs.join('=');
    if (key === 'SIZE') {
      if (!/^\d{1,20}$/.test(v)) return s.fail(501, '5.5.4 Bad message size syntax');
      size = Number(v);
    } else if (key === 'BODY') {
      if (!/^(7BIT|8BITMIME)$/i.test(v)) return s.fail(501, '5.5.4 Unsupported BODY parameter');
    } else if (key === 'SMTPUTF8' || key === 'RET' || key === 'ENVID' || key === 'AUTH') {
      // accepted
    } else {
      return s.fail(555, `5.5.4 Unsupported option: ${param}`);
    }
  }
  if (s.svc.messageSizeLimit > 0 && size > s.svc.messageSizeLimit) {
    const reply = { code: 552, enhanced: '5.3.4', text: 'Message size exceeds fixed limit' };
    logReject(s, 'MAIL', reply, {});
    return s.fail(552, '5.3.4 Message size exceeds fixed limit');
  }
  s.sender = p.addr;
  s.chunked = undefined;
  s.declaredSize = size;
  s.rcpts = [];
  s.reply(250, '2.1.0 Ok');
  return true;
}

export function checkEnv(s: PostfixSession): CheckEnv {
  const svc = s.svc;
  return {
    mynetworks: svc.mynetworks,
    mynetworksText: svc.mynetworksText,
    mydestination: svc.mydestination,
    relayDomains: svc.relayDomains,
    myhostname: svc.hostname,
    table: (spec) => s.rt.config.tables.get(spec),
    rbl: (list, addr) => rblLookup(s.rt.resolver, addr, list),
  };
}

export async function cmdRcpt(s: PostfixSession, line: string): Promise<Outcome> {
  if (s.sender === undefined) return s.fail(503, '5.5.1 Error: need MAIL command');
  const m = /^\s*RCPT\s+TO\s*:(.*)$/is.exec(line);
  if (!m) return s.fail(501, '5.5.4 Syntax: RCPT TO:<address>');
  const p = parsePath(m[1]);
  if (!p || !p.addr || p.addr.length > 2048) return s.fail(501, '5.1.3 Bad recipient address syntax');
  for (const param of p.params) {
    const key = param.split('=')[0].toUpperCase();
    if (key !== 'NOTIFY' && key !== 'ORCPT') return s.fail(555, `5.5.4 Unsupported option: ${param}`);
  }
  if (s.rcpts.length >= s.rt.limits.recipients) return s.fail(452, '4.5.3 Error: too many recipients');
  s.rcptTried++;
  const result = await checkRecipient(
    s.svc.lists,
    { client: s.client, helo: s.helo, sender: s.sender, recipient: p.addr, sasl: s.sasl, rcptCount: s.rcpts.length },
    checkEnv(s),
  );
  if (s.ended) return false;
  s.rt.emit('decision', {
    session: s.id,
    list: result.list ?? 'smtpd_recipient_restrictions',
    command: 'RCPT',
    result: result.result,
    decisions: result.decisions,
  });
  if (result.reply && (result.result === 'reject' || result.result === 'defer')) {
    logReject(s, 'RCPT', result.reply, { to: p.addr, restriction: result.restriction, decisions: result.decisions });
    return s.fail(result.reply.code, `${result.reply.enhanced} ${result.reply.text}`);
  }
  if (!s.queueId) {
    s.queueId = s.rt.queueId();
    const sasl = s.sasl ? `, sasl_method=${s.sasl.method}, sasl_username=${s.sasl.username}` : '';
    s.rt.log.line(s.program, `${s.queueId}: client=${s.namaddr}${sasl}`);
  }
  if (!s.rcpts.some((r) => r.toLowerCase() === p.addr.toLowerCase())) s.rcpts.push(p.addr);
  s.reply(250, '2.1.5 Ok');
  return true;
}
