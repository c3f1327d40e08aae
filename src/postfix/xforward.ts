// XFORWARD (XFORWARD_README): a content filter's SMTP client tells the Postfix that takes the
// mail back who the original client was. What smtpd answers and keeps, as Postfix 3.7.11 does.
import { validHostname, xclientAddr } from './hostnames.js';
import { xtext } from './smtpd-protocol.js';

/** the attributes kept until the transaction ends (RSET, HELO/EHLO, the end of data); [UNAVAILABLE] is "unknown" */
export interface XforwardAttrs {
  name?: string;
  addr?: string;
  port?: string;
  proto?: string;
  helo?: string;
  ident?: string;
  source?: 'LOCAL' | 'REMOTE';
}

export const XFORWARD_EHLO = 'XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT';

/**
 * One XFORWARD command: the reply, and with 250 the attributes it leaves (added to those
 * given before; one bad attribute refuses the whole command). The order of the checks is
 * smtpd's: a transaction in progress, the syntax, the client's authorisation.
 */
export function xforward(
  args: string[],
  o: { inTransaction: boolean; allowed: boolean; ipv6: boolean; current?: XforwardAttrs },
): { code: number; text: string; attrs?: XforwardAttrs } {
  if (o.inTransaction) return { code: 503, text: '5.5.1 Error: MAIL transaction in progress' };
  if (!args.length) return { code: 501, text: '5.5.4 Syntax: XFORWARD attribute=value...' };
  if (!o.allowed) return { code: 550, text: '5.7.0 Error: insufficient authorization' };
  const attrs: XforwardAttrs = { ...o.current };
  const bad = (attr: string, value: string) => ({ code: 501, text: `5.5.4 Bad ${attr} syntax: ${value}` });
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0 || eq === arg.length - 1) return { code: 501, text: '5.5.4 Error: attribute=value expected' };
    const attr = arg.slice(0, eq).toUpperCase();
    const raw = arg.slice(eq + 1);
    if (raw.length > 255) return { code: 501, text: '5.5.4 Error: attribute value too long' };
    const value = xtext(raw);
    const unavailable = value.toUpperCase() === '[UNAVAILABLE]';
    switch (attr) {
      case 'NAME':
        if (!unavailable && !validHostname(value)) return bad(attr, value);
        attrs.name = unavailable ? 'unknown' : value;
        break;
      case 'ADDR': {
        const addr = unavailable ? 'unknown' : xclientAddr(value, o.ipv6);
        if (addr === undefined) return bad(attr, value);
        attrs.addr = addr;
        break;
      }
      case 'PORT':
        if (!unavailable && !/^\d+$/.test(value)) return bad(attr, value);
        attrs.port = value;
        break;
      case 'PROTO':
        attrs.proto = value;
        break;
      case 'HELO':
        attrs.helo = value;
        break;
      case 'IDENT':
        attrs.ident = value;
        break;
      case 'SOURCE': {
        const source = value.toUpperCase();
        if (source !== 'LOCAL' && source !== 'REMOTE') return bad(attr, value);
        attrs.source = source;
        break;
      }
      default:
        return { code: 501, text: `5.5.4 Bad XFORWARD attribute name: ${attr}` };
    }
  }
  return { code: 250, text: '2.0.0 Ok', attrs };
}

/**
 * What the "QID: client=..." line adds for a forwarded message: ", orig_queue_id=ID" and
 * ", orig_client=name[addr]" (the name "unknown" when not given, the address only when it
 * was), the latter once any client attribute was forwarded.
 */
export function xforwardLogSuffix(a: XforwardAttrs | undefined): string {
  if (!a) return '';
  let out = a.ident !== undefined ? `, orig_queue_id=${a.ident}` : '';
  if ([a.name, a.addr, a.port, a.proto, a.helo].some((v) => v !== undefined))
    out += `, orig_client=${a.name ?? 'unknown'}${a.addr ? `[${a.addr}]` : ''}`;
  return out;
}
