// Known differences between the sandbox and a real Postfix 3.7.11 on the same dialogues,
// each with its reason. The differential test fails on a difference not listed here, and
// on an entry that no longer matches any difference (so this list stays short and true).
// A difference in one reply often moves the replies after it and changes the session's
// disconnect line: an entry names the dialogues, and the lines only where that is precise.

export interface Allowance {
  /** the dialogue id(s) */
  id: RegExp;
  /** a reply line (by position) or a mail.log line (by shape) */
  kind: 'reply' | 'log';
  /** the differing line, on either side (absent: any line of that kind) */
  line?: RegExp;
  reason: string;
}

const R = 'reply' as const;
const L = 'log' as const;
/** the counters of the session's last line follow the replies */
const DISCONNECT = /disconnect from /;

export const ALLOWED: Allowance[] = [
  // ---- the SMTP engine (issue 12: protocol engine) ----
  {
    id: /\/cmd\/(EXPN|HELP|TURN|FOO|XFORWARD)\d|\/cmd\/AUTH\d\/(fresh|ehlo|mail|rcpt)$|limits\/errors|\/proto\/(nul-cmd|errors)/,
    kind: R,
    reason: 'XFORWARD: a command Postfix knows (501 5.5.4 Syntax: XFORWARD attribute=value...); to the sandbox it is an unknown command',
  },
  {
    id: /\/cmd\/(XFORWARD|EXPN|HELP|TURN|FOO)\d|\/proto\/nul-cmd|limits\/errors/,
    kind: L,
    line: DISCONNECT,
    reason: 'XFORWARD (above): Postfix counts xforward=0/1 in the disconnect line, the sandbox unknown=0/1',
  },
  {
    id: /\/proto\/(pregreet|pipe-|CR-only)|\/out-pipe$|\/data\/smuggle|\/bdat\/helo/,
    kind: L,
    line: /improper command pipelining/,
    reason: 'the sandbox does not log "improper command pipelining after X from ...: <what came early>"',
  },
  {
    id: /\/cmd\/DATA0\/rcpt$|\/proto\/hangup-data$/,
    kind: L,
    line: DISCONNECT,
    reason: 'a client that hangs up inside DATA: Postfix counts data=0/1 in the disconnect line, the sandbox leaves DATA out',
  },
  {
    id: /\/proto\/nul-cmd/,
    kind: R,
    reason: 'a NUL byte in a command: Postfix reads the line up to it (NOOP\\0x is NOOP); the sandbox sees an unknown command',
  },

  // ---- envelope syntax and reply texts ----
  {
    id: /\/cmd\/(MAIL|RCPT)\d+\/|\/env\/(in|out)\/(from|rcpt)\d+$/,
    kind: R,
    line: /address syntax|Syntax: (MAIL FROM|RCPT TO)|need MAIL command|Error: need RCPT|Ok$/,
    reason:
      'address syntax: Postfix refuses <a@>, <a@b@c>, a@bad_domain! with 501 5.1.7/5.1.3 Bad ... address syntax and takes FROM:a@example.net without brackets; the sandbox differs on each',
  },
  {
    id: /\/cmd\/(MAIL|RCPT)\d+\/|\/env\/(in|out)\/(from|rcpt)\d+$/,
    kind: L,
    line: /Illegal address syntax|disconnect from|client=/,
    reason: 'follows from the address syntax: the warning Postfix logs, and the counters',
  },

  // ---- queue files ----
  {
    id: /./,
    kind: L,
    line: /: client=/,
    reason: 'the sandbox logs "QID: client=" at MAIL FROM; Postfix opens the queue file (and logs it) at the first accepted RCPT',
  },
  {
    id: /./,
    kind: L,
    line: /postfix\/cleanup: QID: message-id=<DATE/,
    reason: 'a message without Message-ID: Postfix adds one and logs it',
  },

  // ---- restrictions ----
  {
    id: /sweep\/check_policy_service/,
    kind: R,
    reason: 'an unreachable policy service: Postfix 451 4.3.5 Server configuration problem; the sandbox ignores it',
  },
  { id: /sweep\/check_policy_service/, kind: L, reason: 'an unreachable policy service: Postfix logs the connection warnings and the 451' },
  {
    id: /sweep\/reject_sender_login_mismatch/,
    kind: L,
    line: /ignored: no SASL support/,
    reason: 'a login-mismatch restriction without SASL: Postfix warns that it is ignored',
  },
  {
    id: /hardened\/env\/(in|out)\/(from|rcpt)\d+$/,
    kind: L,
    line: /NOQUEUE: reject: RCPT .*bad_domain!/,
    reason: 'follows from the address syntax (above): the sandbox takes <x@bad_domain!>, and a restriction refuses the RCPT',
  },

  {
    id: /sweep\/(check_sasl_access|check_ccert_access)/,
    kind: L,
    reason: 'check_sasl_access / check_ccert_access without SASL or client certificates: Postfix warns that it ignores them',
  },
  ...[
    [
      'dunno',
      '"dunno" is not a restriction in smtpd_recipient_restrictions: Postfix answers 451 4.3.5 Server configuration error and warns',
    ],
  ].flatMap(([ids, reason]) => (['reply', 'log'] as const).map((kind) => ({ id: new RegExp(`sweep/(${ids})`), kind, reason }))),
  {
    id: /sweep\/reject_authenticated_sender_login_mismatch/,
    kind: L,
    reason: 'the login-mismatch restrictions without SASL: Postfix warns that each is ignored',
  },
  { id: /sweep\/permit\d+\//, kind: L, reason: 'permit, reject: Postfix warns "restriction `reject\' after `permit\' is ignored"' },

  // ---- XCLIENT ----
  {
    id: /\/xclient\/attr(3|14)$/,
    kind: R,
    reason: 'XCLIENT ADDR=IPV6:... / ADDR=bad: Postfix 501 5.5.4 Bad ADDR syntax (IPv6 with inet_protocols = ipv4); the sandbox takes them',
  },
  { id: /\/xclient\/attr(3|14)$/, kind: L, reason: 'follows from the XCLIENT address' },

  // ---- AUTH and TLS ----
  {
    id: /tls-(sasl|auth-only)\/auth\//,
    kind: L,
    line: /SASL authentication failure: /,
    reason: "Cyrus SASL's own warning (Password verification failed, incorrect digest response...) is not logged by the sandbox",
  },
  {
    id: /tls-sasl\/auth\/.*\/(plain-empty|plain-badb64|plain-authzid|cram-garbage|foo)$/,
    kind: R,
    reason: "Cyrus SASL's failure texts: another step is needed in authentication, bad protocol / cancel, no mechanism available",
  },
  {
    id: /tls-(sasl|auth-only)\/auth\/.*\/(plain-empty|plain-badb64|plain-authzid|cram-garbage|foo)$/,
    kind: L,
    line: /authentication failed/,
    reason: "Cyrus SASL's failure texts in the warning line",
  },
  {
    id: /tls-sasl\/tls\/(in-mail|pipelined)/,
    kind: L,
    reason: 'a TLS handshake that fails: Postfix counts starttls=0/1 and logs SSL_accept error',
  },

  {
    id: /tls-auth-only\/auth\/plain\/login-(ok|inline)$/,
    kind: R,
    reason:
      'a base64 line after a refused AUTH (smtpd_tls_auth_only): Postfix answers 500 5.5.2 Error: command not recognized; the sandbox takes it for a header line (non-SMTP command) and hangs up',
  },
  {
    id: /tls-auth-only\/auth\/plain\/login-(ok|inline)$/,
    kind: L,
    reason: 'follows from the base64 line: the sandbox logs "warning: non-SMTP command from ..."',
  },

  // ---- limits ----
  { id: /limits\/size-body/, kind: L, reason: 'an oversized message: cleanup logs its lines (mail_stream_cleanup: close error...)' },

  // ---- bad configuration values ----
  {
    id: /bad\/mynetworks/,
    kind: R,
    reason:
      'mynetworks = 127.0.0.1/8: Postfix warns "non-null host address bits" and answers every RCPT 451 4.3.0 <x>: Temporary lookup failure; the sandbox serves it',
  },
  {
    id: /bad\/mynetworks/,
    kind: L,
    reason: 'mynetworks = 127.0.0.1/8: the warnings (mynetworks, smtpd_client_event_limit_exceptions) and the 451 lines',
  },
  { id: /bad\/restriction/, kind: R, reason: 'an unknown restriction name: Postfix answers 451 4.3.5 Server configuration error at RCPT' },
  {
    id: /bad\/restriction/,
    kind: L,
    reason:
      'an unknown restriction name: Postfix logs warning: unknown smtpd restriction and the 451, and mails the postmaster a notice (cleanup, qmgr, local lines)',
  },
  {
    id: /bad\/fatal-boolean/,
    kind: R,
    reason: "smtpd_helo_required = maybe: Postfix's smtpd dies (no banner); the sandbox deliberately keeps the last good configuration",
  },
  {
    id: /bad\/fatal-boolean/,
    kind: L,
    reason: 'smtpd_helo_required = maybe: fatal: bad boolean configuration, and master throttles the service',
  },
];
