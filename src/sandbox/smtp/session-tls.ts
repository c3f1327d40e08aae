// TLS in a session: STARTTLS, and the handshake's outcome (STARTTLS or the smtps
// listener's implicit TLS) as Postfix logs it.
import { anvilRefuses } from './session-anvil.js';
import type { TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import type { Outcome, PostfixSession } from './session-state.js';

export function cipherBits(name: string): number {
  if (/CHACHA20|AES_?256|AES256/i.test(name)) return 256;
  if (/AES_?128|AES128/i.test(name)) return 128;
  if (/3DES|DES-CBC3/i.test(name)) return 112;
  return 128;
}

/** OpenSSL's error as Postfix logs it: one line, without the thread id OpenSSL 3 puts first. */
export function tlsErrorText(err: Error): string {
  // as Debian 12's OpenSSL 3.0 prints it for Postfix: no function name, paths from its source tree
  return (
    (err.message.split('\n')[0] ?? '')
      .replace(/^[0-9A-F]{8,16}:(?=error:)/, '')
      .replace(/^(error:[0-9A-F]+:SSL routines:)[a-z_0-9]+:/, '$1:')
      .replace('../deps/openssl/openssl/', '../')
      .trim() || 'handshake failed'
  );
}

export function cmdStarttls(s: PostfixSession, words: string[]): Outcome {
  if (words.length !== 1) return s.fail(501, '5.5.4 Syntax: STARTTLS');
  if (s.tls) return s.fail(554, '5.5.1 Error: TLS already active');
  if (s.svc.tlsLevel === 'none') return s.fail(502, '5.5.1 Error: command not implemented');
  const ctx = s.svc.tls?.context;
  if (!ctx) return s.fail(454, '4.7.0 TLS not available due to local problem');
  if (anvilRefuses(s, 'tls')) return false;
  s.reply(220, '2.0.0 Ready to start TLS');
  s.helo = undefined;
  s.sasl = undefined;
  s.proto = 'SMTP';
  s.resetTransaction();
  // counted when the handshake is over (a failed one makes starttls=0/1)
  s.inFlight = 'starttls';
  s.startTls(ctx);
  return true;
}

/** TLS is up (STARTTLS or the smtps listener's implicit handshake). */
export function tlsUp(s: PostfixSession, socket: TLSSocket | Socket): void {
  const sock = socket as TLSSocket;
  const c = typeof sock.getCipher === 'function' ? sock.getCipher() : undefined;
  const protocol = (typeof sock.getProtocol === 'function' ? sock.getProtocol() : null) ?? 'TLS';
  const cipher = c?.standardName && protocol === 'TLSv1.3' ? c.standardName : (c?.name ?? 'unknown');
  const bits = cipherBits(cipher);
  s.tls = { protocol, cipher, bits, algBits: bits };
  s.rt.counts.tls++;
  s.rt.emit('tls', { session: s.id, protocol, cipher, bits, listener: s.listener, starttls: !s.svc.wrapper });
  if (s.svc.tlsLogLevel >= 1) {
    const sig = s.svc.tls ? ` key-exchange X25519 server-signature ${s.svc.tls.signature}` : '';
    s.rt.log.line(s.program, `Anonymous TLS connection established from ${s.namaddr}: ${protocol} with cipher ${cipher} (${bits}/${bits} bits)${sig}`);
  }
}

/** The TLS handshake failed: Postfix logs it and the session is over. */
export function tlsFailure(s: PostfixSession, err: Error): void {
  if (s.tlsFailed) return;
  s.tlsFailed = true;
  s.lastReason = 'lost connection';
  const why = tlsErrorText(err);
  s.rt.log.line(s.program, `SSL_accept error from ${s.namaddr}: -1`);
  s.rt.log.line(s.program, `warning: TLS library problem: ${why}`);
  s.rt.emit('tlsError', { session: s.id, listener: s.listener, client: { ...s.client }, error: why });
}
