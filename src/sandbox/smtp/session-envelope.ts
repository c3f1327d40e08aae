// The envelope of a session: MAIL FROM and RCPT TO, the restriction lists they are checked
// against, and the reject lines and events those checks give.
import { anvilRefuses } from './session-anvil.js';
import type { Decision } from '../pipeline.js';
import { checkRecipient, mailDomainStatus, type CheckEnv } from './restrictions.js';
import { rejectLogLine, type Reply } from '../../postfix/restrictions.js';
import { param, splitList } from '../../postfix/main-cf.js';
import { envelopeDomainOk } from '../../postfix/hostnames.js';
import { xforwardLogSuffix } from '../../postfix/xforward.js';
import { SYSTEM_ACCOUNTS, externalForm, isPasswdMap, unknownLocalRecipient, vrfyAddress } from '../../postfix/recipients.js';
import { passwdUsers } from './passwd.js';
import { rblLookup, rhsLookup } from '../dns/rbl.js';
import { askPolicy } from './policy-client.js';
import { serverLookup } from './servers.js';
import type { Outcome, PostfixSession } from './session-state.js';

/**
 * The address inside MAIL FROM:<...> / RCPT TO:<...>, as Postfix's extract_addr() is lenient:
 * "FROM:<a@b>", "FROM: <a@b>", "FROM:a@b". Returns undefined for a syntax error.
 */
export function parsePath(rest: string): { addr: string; params: string[]; token: string; illegal?: boolean } | undefined {
  const s = rest.trim();
  if (s.startsWith('<')) {
    // the closing '>' outside a quoted local part ("a b"@dom, "x>y"@dom)
    let end = -1;
    for (let i = 1, quoted = false; i < s.length; i++) {
      if (quoted && s[i] === '\\') i++;
      else if (s[i] === '"') quoted = !quoted;
      else if (!quoted && s[i] === '>') {
        end = i;
        break;
      }
    }
    if (end < 0) return undefined;
    let addr = s.slice(1, end).trim();
    // RFC 5321 source route: @a,@b:user@domain
    addr = addr.replace(/^@[^:]*:/, '');
    const params = s
      .slice(end + 1)
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    const token = s.slice(0, end + 1);
    // more than one address inside the brackets ("<a b@c>"): smtpd warns of it
    if (/[<>\s]/.test(addr.replace(/^"(?:[^"\\]|\\.)*"/, 'q'))) return { addr, params, token, illegal: true };
    return { addr: externalForm(addr), params, token };
  }
  const [addr, ...params] = s.split(/\s+/);
  if (!addr || /[<>]/.test(addr)) return undefined;
  return { addr, params, token: addr };
}

/** smtpd's extract_addr(): more than one address, or a domain trivial-rewrite refuses, is warned of. */
function addressSyntaxOk(s: PostfixSession, where: 'MAIL' | 'RCPT', p: { addr: string; token: string; illegal?: boolean }, utf8: boolean): boolean {
  if (!p.illegal && envelopeDomainOk(p.addr, utf8)) return true;
  s.rt.log.line(s.program, `warning: Illegal address syntax from ${s.namaddr} in ${where} command: ${p.token}`);
  return false;
}

/** What smtpd logs as the restrictions run (their warnings), and a configuration error the postmaster will hear of. */
export function noteChecks(s: PostfixSession, r: { warnings: string[]; software?: boolean }): void {
  for (const w of r.warnings) s.rt.log.line(s.program, w);
  if (r.software) s.notice.software = true;
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
  // Postfix's order: HELO required, then a transaction in progress, then the syntax
  if (s.yes('smtpd_helo_required') && !s.helo) return s.fail(503, '5.5.1 Error: send HELO/EHLO first');
  if (s.sender !== undefined) return s.fail(503, '5.5.1 Error: nested MAIL command');
  const m = /^\s*MAIL\s+FROM\s*:(.*)$/is.exec(line);
  if (!m || !m[1].trim()) return s.fail(501, '5.5.4 Syntax: MAIL FROM:<address>');
  if (anvilRefuses(s, 'message')) return false;
  const p = parsePath(m[1]);
  if (!p || p.addr.length > 2048) return s.fail(501, '5.1.7 Bad sender address syntax');
  // a non-ASCII domain is taken only in a transaction that asks for SMTPUTF8
  const utf8 = p.params.some((o) => o.toUpperCase() === 'SMTPUTF8');
  if (!addressSyntaxOk(s, 'MAIL', p, utf8)) return s.fail(501, '5.1.7 Bad sender address syntax');
  let size = 0;
  const seen = new Set<string>();
  for (const opt of p.params) {
    const [k, ...vs] = opt.split('=');
    const key = k.toUpperCase();
    const v = vs.join('=');
    const again = seen.has(key);
    seen.add(key);
    if (key === 'SIZE') {
      if (!/^\d+$/.test(v)) return s.fail(501, '5.5.4 Bad message size syntax');
      // more than an off_t holds (2^63 - 1): no log line
      const digits = v.replace(/^0+(?=\d)/, '');
      if (digits.length > 19 || (digits.length === 19 && digits > '9223372036854775807')) return s.fail(552, '5.3.4 Message size exceeds file system imposed limit');
      size = Number(v);
    } else if (key === 'BODY' && /^(7BIT|8BITMIME)$/i.test(v)) {
      // accepted
    } else if (key === 'RET') {
      if (again || !/^(FULL|HDRS)$/i.test(v)) return s.fail(501, '5.5.4 Bad RET parameter syntax');
    } else if (key === 'ENVID') {
      if (again || !v) return s.fail(501, '5.5.4 Bad ENVID parameter syntax');
    } else if ((key === 'SMTPUTF8' && opt === k) || key === 'AUTH') {
      // accepted
    } else {
      return s.fail(555, `5.5.4 Unsupported option: ${opt}`);
    }
  }
  if (s.svc.messageSizeLimit > 0 && size > s.svc.messageSizeLimit) {
    const reply = { code: 552, enhanced: '5.3.4', text: 'Message size exceeds fixed limit' };
    // Postfix logs the sender it refused: "...; from=<a@b.example> proto=ESMTP helo=<vm>"
    s.sender = p.addr;
    logReject(s, 'MAIL', reply, {});
    s.sender = undefined;
    return s.fail(552, '5.3.4 Message size exceeds fixed limit');
  }
  s.sender = p.addr;
  s.smtputf8 = utf8;
  s.chunked = undefined;
  s.declaredSize = size;
  s.rcpts = [];
  s.rcptAccepted = 0;
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
    saslEnabled: svc.saslEnable,
    askCcert: s.yes('smtpd_tls_ask_ccert'),
    senderLoginMaps: svc.senderLoginMaps,
    recipientDelimiter: svc.recipientDelimiter,
    table: (spec) => s.rt.config.tables.get(spec),
    rbl: (list, addr) => rblLookup(s.rt.resolver, addr, list),
    rhs: (list, domain) => rhsLookup(s.rt.resolver, domain, list),
    domainStatus: (domain) => mailDomainStatus(s.rt.resolver, domain),
    policy: (server, state) => askPolicy(s, server, state),
    servers: (type, domain) => serverLookup(s.rt.resolver, type, domain),
  };
}

/** smtpd's local_recipient_maps check (RCPT after the restrictions, and VRFY): the 550 reply, or undefined. */
export function localRecipientReply(s: PostfixSession, rcpt: string): Reply | undefined {
  const cf = s.svc.cf;
  const maps = param(cf, 'local_recipient_maps');
  const aliasMaps = new Set(splitList(param(cf, 'alias_maps')));
  let users: Set<string> | undefined;
  const code = Number(param(cf, 'unknown_local_recipient_reject_code')) || 550;
  const unavailable = s.rt.config.unavailableAliasMaps;
  const reply = unknownLocalRecipient(rcpt, {
    maps,
    mydestination: s.svc.mydestination,
    relayDomains: s.svc.relayDomains,
    recipientDelimiter: s.svc.recipientDelimiter,
    code,
    has: (spec, key) => {
      if (isPasswdMap(spec)) return !key.includes('@') && (users ??= passwdUsers(s.rt.ws.resolve('home'))).has(key);
      if (aliasMaps.has(spec)) return s.rt.config.aliases.has(key);
      return !!s.rt.config.tables.get(spec)?.lookup(key);
    },
    unavailable: (spec) => aliasMaps.has(spec) && unavailable.has(spec),
  });
  // an alias_maps file that does not exist: smtpd's two warnings, then the 451
  const failed = reply?.lookupError;
  if (failed) {
    s.rt.log.line(s.program, `warning: ${unavailable.get(failed.spec)}`);
    s.rt.log.line(s.program, `warning: ${failed.spec} lookup error for "${failed.key}"`);
  }
  return reply;
}

/** VRFY: 252 for a recipient smtpd would take, 550 (and a reject line) for an unknown local user. */
export function cmdVrfy(s: PostfixSession, words: string[]): Outcome {
  if (s.yes('disable_vrfy_command')) return s.fail(502, '5.5.1 VRFY command is disabled');
  if (words.length < 2) return s.fail(501, '5.5.4 Syntax: VRFY address [SMTPUTF8]');
  // "VRFY address SMTPUTF8" (RFC 6531): the option is not part of the address
  const utf8 = words.length > 2 && words[words.length - 1].toUpperCase() === 'SMTPUTF8';
  const arg = (utf8 ? words.slice(1, -1) : words.slice(1)).join(' ');
  const addr = vrfyAddress(arg);
  if (addr === undefined || !envelopeDomainOk(addr, utf8)) {
    s.rt.log.line(s.program, `warning: Illegal address syntax from ${s.namaddr} in VRFY command: ${arg}`);
    return s.fail(501, '5.1.3 Bad recipient address syntax');
  }
  const reply = localRecipientReply(s, addr);
  if (reply) {
    logReject(s, 'VRFY', reply, { to: addr });
    return s.fail(reply.code, `${reply.enhanced} ${reply.text}`);
  }
  s.reply(252, `2.0.0 ${arg}`);
  return true;
}

export async function cmdRcpt(s: PostfixSession, line: string): Promise<Outcome> {
  if (s.sender === undefined) return s.fail(503, '5.5.1 Error: need MAIL command');
  const m = /^\s*RCPT\s+TO\s*:(.*)$/is.exec(line);
  if (!m || !m[1].trim()) return s.fail(501, '5.5.4 Syntax: RCPT TO:<address>');
  const p = parsePath(m[1]);
  if (!p || !p.addr) {
    // as smtpd's extract_addr() does for RCPT TO:<> and other addresses it cannot read
    s.rt.log.line(s.program, `warning: Illegal address syntax from ${s.namaddr} in RCPT command: ${m[1].trim()}`);
    return s.fail(501, '5.1.3 Bad recipient address syntax');
  }
  if (p.addr.length > 2048 || !addressSyntaxOk(s, 'RCPT', p, s.smtputf8)) return s.fail(501, '5.1.3 Bad recipient address syntax');
  for (const opt of p.params) {
    const [k, ...vs] = opt.split('=');
    const key = k.toUpperCase();
    const v = vs.join('=');
    if (key === 'NOTIFY') {
      const words = v.toUpperCase().split(',');
      const bad = words.find((w) => !['NEVER', 'SUCCESS', 'FAILURE', 'DELAY'].includes(w));
      if (bad !== undefined) s.rt.log.line(s.program, `warning: unknown DSN NOTIFY command value "${bad}" in "${v}"`);
      if (bad !== undefined || (words.includes('NEVER') && words.length > 1)) return s.fail(501, '5.5.4 Error: Bad NOTIFY parameter syntax');
    } else if (key === 'ORCPT') {
      // addr-type;xtext (RFC 3461)
      if (!/^[A-Za-z0-9-]+;.+$/.test(v)) return s.fail(501, '5.5.4 Error: Bad ORCPT parameter syntax');
    } else {
      return s.fail(555, `5.5.4 Unsupported option: ${opt}`);
    }
  }
  // smtpd_recipient_limit: Postfix counts this reply as a success (no "/N" in the disconnect line)
  const limit = Number(param(s.svc.cf, 'smtpd_recipient_limit'));
  if (limit > 0 && s.rcptAccepted >= limit) {
    s.reply(452, '4.5.3 Error: too many recipients');
    return true;
  }
  if (anvilRefuses(s, 'recipient')) return false;
  s.rcptTried++;
  const result = await checkRecipient(
    s.svc.lists,
    {
      client: s.client,
      helo: s.helo,
      sender: s.sender,
      recipient: p.addr,
      sasl: s.sasl,
      rcptCount: s.rcpts.length,
      tls: !!s.tls,
      pipelined: s.illPipelining,
      peer: s.realClient.addr,
    },
    checkEnv(s),
  );
  if (s.ended) return false;
  noteChecks(s, result);
  s.rt.emit('decision', {
    session: s.id,
    list: result.list ?? 'smtpd_recipient_restrictions',
    command: 'RCPT',
    result: result.result,
    decisions: result.decisions,
  });
  if (result.hold && !s.held) {
    s.held = true;
    const line = { queueId: s.queueId, action: 'hold', text: result.hold, stage: 'RCPT', namaddr: s.namaddr, sender: s.sender, to: p.addr };
    s.rt.log.line(s.program, rejectLogLine({ ...line, proto: s.proto, helo: s.helo }));
  }
  if (result.reply && (result.result === 'reject' || result.result === 'defer')) {
    logReject(s, 'RCPT', result.reply, { to: p.addr, restriction: result.restriction, decisions: result.decisions });
    return s.fail(result.reply.code, `${result.reply.enhanced} ${result.reply.text}`);
  }
  const unknown = result.exempt ? undefined : localRecipientReply(s, p.addr);
  if (unknown) {
    logReject(s, 'RCPT', unknown, { to: p.addr, restriction: 'local_recipient_maps', decisions: result.decisions });
    return s.fail(unknown.code, `${unknown.enhanced} ${unknown.text}`);
  }
  if (!s.queueId) {
    s.queueId = s.rt.queueId();
    const sasl = s.sasl ? `, sasl_method=${s.sasl.method}, sasl_username=${s.sasl.username}` : '';
    s.rt.log.line(s.program, `${s.queueId}: client=${s.namaddr}${sasl}${xforwardLogSuffix(s.xforward)}`);
  }
  if (!s.rcpts.some((r) => r.toLowerCase() === p.addr.toLowerCase())) s.rcpts.push(p.addr);
  s.rcptAccepted++;
  s.reply(250, '2.1.5 Ok');
  return true;
}
