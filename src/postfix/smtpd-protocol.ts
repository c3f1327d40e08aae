// Postfix smtpd(8)'s protocol facts that are not restrictions: its command table's flags
// and the way it shows client bytes in its log (printable(), escape()).

/**
 * Postfix's command table: `last` commands must end a pipelined group (after them
 * smtpd logs "improper command pipelining" when more input is already waiting),
 * `junk` ones count towards smtpd_junk_command_limit, `preTls` ones are allowed before
 * STARTTLS when TLS is required.
 */
export const SMTPD_COMMANDS: Record<string, { last?: boolean; junk?: boolean; preTls?: boolean }> = {
  helo: { last: true, junk: true, preTls: true },
  ehlo: { last: true, junk: true, preTls: true },
  xclient: { preTls: true },
  xforward: {},
  starttls: { preTls: true },
  auth: {},
  mail: {},
  rcpt: {},
  data: { last: true },
  bdat: {},
  rset: { junk: true },
  noop: { last: true, junk: true, preTls: true },
  vrfy: { last: true, junk: true },
  etrn: { junk: true },
  quit: { preTls: true },
};

/**
 * An unknown command after which smtpd hangs up ("non-SMTP command", 221 2.7.0): one that
 * smtpd_forbidden_commands lists at its 3.7 default (CONNECT GET POST regexp:{{/^[^A-Z]/
 * Bogus}}, matched without regard to case: a first character that is not a letter), or one
 * that looks like a header name ("Subject:").
 */
export function nonSmtpCommand(word: string): boolean {
  return /^(connect|get|post)$/i.test(word) || /^[^A-Za-z]/.test(word) || /^[\x21-\x39\x3b-\x7e]+:/.test(word);
}

/** xtext decoding (RFC 3461), as XCLIENT and XFORWARD values are read: +XX is a hex escape. */
export function xtext(v: string): string {
  return v.replace(/\+([0-9A-Fa-f]{2})/g, (_w, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** printable(): what is not printable ASCII shows as "?". */
export function printable(b: Buffer): string {
  return b.toString('latin1').replace(/[^\x20-\x7e]/g, '?');
}

const ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

/** escape(): C escapes for control characters ("\r\n", "\001"), a backslash doubled. */
export function escape(b: Buffer): string {
  let out = '';
  for (const c of b) {
    if (c === 0x5c) out += '\\\\';
    else if (c < 0x20 || c === 0x7f) out += ESCAPES[c] ?? `\\${c.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(c);
  }
  return out;
}

/**
 * Whether input waiting before `command` is improper pipelining: after a command that must
 * end a pipelined group, or after any command when the session is not ESMTP (PIPELINING was
 * never offered: no EHLO, or XCLIENT reset the protocol), as Postfix 3.7.11 does.
 */
export function pipeliningImproper(command: string, proto: 'SMTP' | 'ESMTP'): boolean {
  return proto !== 'ESMTP' || !!SMTPD_COMMANDS[command]?.last;
}

/** The command line as smtpd reads it, a C string: up to the first NUL byte ("NOOP\0x" is NOOP). */
export function commandLine(raw: Buffer): Buffer {
  const nul = raw.indexOf(0);
  return nul < 0 ? raw : raw.subarray(0, nul);
}

/** "improper command pipelining after EHLO from host[addr]: MAIL FROM:<a@b.c>\r\n" (at most 100 bytes shown) */
export function improperPipelining(command: string, namaddr: string, pending: Buffer): string {
  return `improper command pipelining after ${command} from ${namaddr}: ${escape(pending.subarray(0, 100))}`;
}

/** smtpd_forbid_bare_newline as Postfix 3.7.11 reads it: "yes" is "normalize". */
export type BareNewline = 'no' | 'normalize' | 'reject';

export function bareNewlineMode(value: string): BareNewline {
  const v = value.trim().toLowerCase();
  if (v === 'yes' || v === 'normalize') return 'normalize';
  if (v === 'reject') return 'reject';
  return 'no';
}

/** "NOQUEUE: reject: CONNECT from host[addr]: bare <LF> received; proto=SMTP" (no reply code in this one) */
export function bareNewlineRejectLine(e: {
  queueId?: string;
  where: string;
  namaddr: string;
  sender?: string;
  to?: string;
  proto: string;
  helo?: string;
}): string {
  let line = `${e.queueId ?? 'NOQUEUE'}: reject: ${e.where} from ${e.namaddr}: bare <LF> received;`;
  if (e.sender !== undefined) line += ` from=<${e.sender}>`;
  if (e.to !== undefined) line += ` to=<${e.to}>`;
  line += ` proto=${e.proto}`;
  if (e.helo) line += ` helo=<${e.helo}>`;
  return line;
}
