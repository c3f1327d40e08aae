// The greeting phase of a session: HELO/EHLO (and the EHLO keywords), XFORWARD and XCLIENT, which
// resets the session to the greeting with the client it names.
import { matchList } from '../../postfix/cidr.js';
import { param } from '../../postfix/main-cf.js';
import { validHostname, xclientAddr } from '../../postfix/hostnames.js';
import { XFORWARD_EHLO, xforward } from '../../postfix/xforward.js';
import { xtext } from '../../postfix/smtpd-protocol.js';
import { mechanisms, saslActive } from './session-auth.js';
import type { Outcome, PostfixSession } from './session-state.js';

export function cmdHelo(s: PostfixSession, extended: boolean, words: string[]): Outcome {
  if (words.length < 2) return s.fail(501, `Syntax: ${extended ? 'EHLO' : 'HELO'} hostname`);
  const name = words.slice(1).join(' ');
  s.resetTransaction();
  s.helo = name.replace(/[^\x21-\x7e ]/g, '?').slice(0, 255);
  s.proto = extended ? 'ESMTP' : 'SMTP';
  s.hostNameAppearsAs = s.helo;
  s.openingCommand = extended ? 'EHLO' : 'HELO';
  s.rt.emit('helo', { session: s.id, helo: s.helo, command: extended ? 'EHLO' : 'HELO' });
  if (!extended) {
    s.reply(250, s.svc.hostname);
    return true;
  }
  const discard = new Set(
    param(s.svc.cf, 'smtpd_discard_ehlo_keywords')
      .toUpperCase()
      .split(/[\s,]+/)
      .filter(Boolean),
  );
  const lines = [s.svc.hostname, 'PIPELINING'];
  lines.push(s.svc.messageSizeLimit > 0 ? `SIZE ${s.svc.messageSizeLimit}` : 'SIZE');
  if (!s.yes('disable_vrfy_command')) lines.push('VRFY');
  lines.push('ETRN');
  // TLS material smtpd could not load: STARTTLS is still offered, and answered 454 4.7.0
  if (s.svc.tlsLevel !== 'none' && (s.svc.tls || s.svc.tlsBroken) && !s.tls) lines.push('STARTTLS');
  if (saslActive(s)) {
    const mechs = mechanisms(s);
    if (mechs.length) {
      lines.push(`AUTH ${mechs.join(' ')}`);
      if (s.yes('broken_sasl_auth_clients')) lines.push(`AUTH=${mechs.join(' ')}`);
    }
  }
  if (s.xclientAllowed) lines.push('XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT');
  if (matchList(s.svc.xforwardHosts, s.client.addr, s.client.name)) lines.push(XFORWARD_EHLO);
  lines.push('ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING');
  const shown = lines.filter((l, i) => i === 0 || !discard.has(l.split(/[\s=]/)[0]));
  s.send(250, shown);
  return true;
}

export function cmdXclient(s: PostfixSession, words: string[]): Outcome {
  const fail = (code: number, text: string) => {
    s.count('xclient', false);
    return s.fail(code, text);
  };
  if (s.sender !== undefined) return fail(503, '5.5.1 Error: MAIL transaction in progress');
  if (words.length < 2) return fail(501, '5.5.4 Syntax: XCLIENT attribute=value...');
  if (!s.xclientAllowed) return fail(550, '5.7.0 Error: insufficient authorization');
  const next = { ...s.client };
  let helo: string | undefined;
  let gotHelo = false;
  let proto: 'SMTP' | 'ESMTP' | undefined;
  let login: string | undefined;
  for (const w of words.slice(1)) {
    const eq = w.indexOf('=');
    if (eq <= 0 || eq === w.length - 1) return fail(501, '5.5.4 Error: attribute=value expected');
    const attr = w.slice(0, eq).toUpperCase();
    const raw = w.slice(eq + 1);
    if (raw.length > 255) return fail(501, '5.5.4 Error: attribute value too long');
    // eslint-disable-next-line no-control-regex
    const value = xtext(raw).replace(/[\x00-\x1f\x7f]/g, '?');
    const unavailable = /^\[(UNAVAILABLE|TEMPUNAVAIL)\]$/i.test(value);
    switch (attr) {
      case 'NAME':
      case 'REVERSE_NAME':
        if (unavailable) {
          if (attr === 'NAME') next.name = 'unknown';
        } else if (!validHostname(value)) return fail(501, `5.5.4 Bad ${attr} syntax: ${value}`);
        else if (attr === 'NAME') next.name = value.toLowerCase();
        break;
      case 'ADDR': {
        if (unavailable) {
          next.addr = 'unknown';
          break;
        }
        const addr = xclientAddr(value, /\b(all|ipv6)\b/i.test(param(s.svc.cf, 'inet_protocols')));
        if (addr === undefined) return fail(501, `5.5.4 Bad ADDR syntax: ${value}`);
        next.addr = addr;
        break;
      }
      case 'PORT':
        if (!unavailable && (!/^\d{1,5}$/.test(value) || Number(value) > 65535)) return fail(501, `5.5.4 Bad PORT syntax: ${value}`);
        break;
      case 'HELO':
        if (!unavailable && value.length > 255) return fail(501, `5.5.4 Bad HELO syntax: ${value}`);
        helo = unavailable ? undefined : value.replace(/[<>()\\";@]/g, '?');
        gotHelo = true;
        break;
      case 'PROTO':
        if (!/^e?smtp$/i.test(value)) return fail(501, `5.5.4 Bad PROTO syntax: ${value}`);
        proto = value.toUpperCase() as 'SMTP' | 'ESMTP';
        break;
      case 'LOGIN':
        if (!unavailable) login = value;
        break;
      case 'DESTADDR':
      case 'DESTPORT':
        break;
      default:
        return fail(501, `5.5.4 Bad XCLIENT attribute name: ${attr}`);
    }
  }
  const previous = { ...s.client };
  s.client = next;
  s.xclientAllowed = !!matchList(s.svc.xclientHosts, next.addr, next.name);
  s.helo = gotHelo ? helo : undefined;
  s.hostNameAppearsAs = s.helo ?? false;
  s.proto = proto ?? 'SMTP';
  s.sasl = login ? { method: 'XCLIENT', username: login } : undefined;
  s.resetTransaction();
  s.rt.emit('xclient', { session: s.id, addr: next.addr, name: next.name, previous });
  // Postfix goes back to the greeting with a longjmp, so the command itself is never counted as a success
  s.count('xclient', false);
  s.where = 'CONNECT';
  s._sendGreeting();
  return true;
}

/** XFORWARD from a client in smtpd_authorized_xforward_hosts: who the original client was, until the transaction ends. */
export function cmdXforward(s: PostfixSession, words: string[]): Outcome {
  const ipv6 = /\b(all|ipv6)\b/i.test(param(s.svc.cf, 'inet_protocols'));
  const allowed = !!matchList(s.svc.xforwardHosts, s.client.addr, s.client.name);
  const r = xforward(words.slice(1), { inTransaction: s.sender !== undefined, allowed, ipv6, current: s.xforward });
  if (!r.attrs) return s.fail(r.code, r.text);
  s.xforward = r.attrs;
  s.reply(r.code, r.text);
  return true;
}
