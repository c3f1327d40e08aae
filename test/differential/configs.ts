// The configurations both servers get, each with its dialogues. Parameters here are written
// into both main.cf files (on top of the workspace's shipped main.cf), so both name
// themselves the same and replies can be compared verbatim.
import {
  authFamily,
  commandFamily,
  dataFamily,
  envelopeFamily,
  protocolFamily,
  sweepFamily,
  xclientFamily,
  xforwardFamily,
  c,
  mailSteps,
  outside,
  raw,
  message,
  type Dialogue,
  type Step,
  USER,
  LOCAL,
  LISTED,
  LISTED_ERROR,
} from './dialogues.js';

export interface Config {
  name: string;
  /** written into both main.cf files */
  params: Record<string, string>;
  /** file paths differ: the real instance reads absolute paths, the sandbox inside its workspace */
  real?: Record<string, string>;
  sandbox?: Record<string, string>;
  dialogues: Dialogue[];
}

/** what both servers are called and who may use XCLIENT (the loopback: the test's way to look external) */
export const COMMON: Record<string, string> = {
  compatibility_level: '3.6',
  myhostname: 'mail.alexdns.local',
  mydomain: 'alexdns.local',
  myorigin: '$mydomain',
  mydestination: '$myhostname, $mydomain, localhost.$mydomain, localhost',
  smtpd_banner: '$myhostname ESMTP $mail_name (Debian/GNU)',
  smtpd_authorized_xclient_hosts: '127.0.0.0/8',
  // the real instance is IPv4 only (real-postfix.sh); the sandbox reads it for XCLIENT ADDR=IPv6:...
  inet_protocols: 'ipv4',
  // a test does not wait for Postfix's 1 s tarpit after each error unless it is the point
  smtpd_error_sleep_time: '0s',
};

/** shipped settings that name the machine's own files or sockets: each server keeps its own */
export const NOT_SHARED = new Set([
  'alias_maps',
  'alias_database',
  'inet_interfaces',
  'inet_protocols',
  'home_mailbox',
  'smtp_tls_session_cache_database',
  'smtp_tls_CApath',
]);

const HARDENED: Record<string, string> = {
  mynetworks: '127.0.0.0/8',
  smtpd_helo_required: 'yes',
  disable_vrfy_command: 'yes',
  smtpd_helo_restrictions: 'reject_invalid_helo_hostname, reject_non_fqdn_helo_hostname',
  smtpd_sender_restrictions: 'reject_non_fqdn_sender, reject_unknown_sender_domain',
  smtpd_relay_restrictions: 'permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
  smtpd_recipient_restrictions: 'reject_non_fqdn_recipient, reject_unknown_recipient_domain, reject_unauth_pipelining',
  smtpd_data_restrictions: 'reject_unauth_pipelining, reject_multi_recipient_bounce',
};

/** each restriction alone in smtpd_recipient_restrictions, after the relay check */
const SWEEP = [
  'reject_non_fqdn_sender',
  'reject_non_fqdn_recipient',
  'reject_non_fqdn_helo_hostname',
  'reject_invalid_helo_hostname',
  'reject_unknown_helo_hostname',
  'reject_unknown_sender_domain',
  'reject_unknown_recipient_domain',
  'reject_unknown_client_hostname',
  'reject_unknown_reverse_client_hostname',
  'reject_unlisted_recipient',
  'reject_unlisted_sender',
  'reject_unauth_pipelining',
  'reject_multi_recipient_bounce',
  'reject_rbl_client zen.spamhaus.org',
  'reject_rbl_client bl.spamcop.net=127.0.0.3',
  'reject_rhsbl_sender zen.spamhaus.org',
  'permit_mynetworks, reject',
  'defer',
  'defer_if_permit',
  'permit_auth_destination, reject',
  'permit_mynetworks, defer_unauth_destination',
  'warn_if_reject, reject_non_fqdn_sender',
  'check_sender_access inline:{ { a@example.net = REJECT Go away } }',
  'check_recipient_access inline:{ { alumno@alexdns.local = 550 No thanks } }',
  'check_helo_access inline:{ mx.example.net=REJECT }',
  'check_client_access inline:{ 203.0.113.7=HOLD }',
  'check_client_access inline:{ 203.0.113.7=OK }, reject',
  'reject_plaintext_session',
  'reject_invalid_hostname, reject_non_fqdn_hostname',
  'permit_inet_interfaces, reject',
  'permit_mx_backup, reject',
  'reject_sender_login_mismatch',
  'check_policy_service inet:127.0.0.1:9',
  'reject_rhsbl_client zen.spamhaus.org',
  'reject_rhsbl_helo zen.spamhaus.org',
  'reject_rhsbl_recipient zen.spamhaus.org',
  'reject_rhsbl_reverse_client zen.spamhaus.org',
  'permit_dnswl_client zen.spamhaus.org, reject',
  'permit_rhswl_client zen.spamhaus.org, reject',
  'check_reverse_client_hostname_access inline:{ localhost=REJECT }',
  'check_helo_a_access inline:{ 127.0.0.1=REJECT }',
  'check_helo_mx_access inline:{ 127.0.0.1=REJECT }',
  'check_sender_ns_access inline:{ 127.0.0.1=REJECT }',
  'check_recipient_mx_access inline:{ 127.0.0.1=REJECT }',
  'check_client_a_access inline:{ 127.0.0.1=REJECT }',
  'check_sasl_access inline:{ alumno=REJECT }',
  'check_ccert_access inline:{ x=REJECT }, permit_tls_clientcerts, permit_tls_all_clientcerts, reject',
  // (reject_unverified_sender is left out: the real answer waits for verify(8)'s probe, a matter of timing)
  'permit_sasl_authenticated, reject_unauth_destination',
  'reject_unknown_address',
  'reject_authenticated_sender_login_mismatch, reject_known_sender_login_mismatch, reject_unauthenticated_sender_login_mismatch',
  'permit, reject',
  'dunno, reject',
  'reject_unknown_hostname',
];

/** the sweep's cases beyond the common ones: a bounce for the multi-recipient check, pipelining for its check */
const sweepExtra = (r: string): ('out-bounce' | 'out-pipe')[] => [
  ...(/bounce|sender/.test(r) ? ['out-bounce' as const] : []),
  ...(/pipelining/.test(r) ? ['out-pipe' as const] : []),
];

function limitDialogues(): Dialogue[] {
  const to = `${USER}@${LOCAL}`;
  const out: Dialogue[] = [];
  const add = (name: string, steps: Dialogue['steps']) => out.push({ id: `limits/${name}`, steps: [...steps, c('QUIT')] });
  for (const s of [1999, 2000, 2001, 99999999999]) add(`size-param${s}`, [c('EHLO vm'), c(`MAIL FROM:<a@example.net> SIZE=${s}`)]);
  for (const n of [1000, 3000]) add(`size-body${n}`, [c('EHLO vm'), ...mailSteps('a@example.net', [to], message('x'.repeat(n)))]);
  add('rcpts5', [c('EHLO vm'), c('MAIL FROM:<a@example.net>'), ...Array.from({ length: 5 }, () => c(`RCPT TO:<${to}>`))]);
  add('rcpts-data', [
    c('EHLO vm'),
    c('MAIL FROM:<a@example.net>'),
    ...Array.from({ length: 4 }, (_, i) => c(`RCPT TO:<${i % 2 ? 'postmaster' : USER}@${LOCAL}>`)),
    c('DATA'),
    raw(message() + '.\r\n'),
  ]);
  for (const n of [1, 2, 3, 4, 6]) add(`errors${n}`, [c('EHLO vm'), ...Array.from({ length: n }, () => c('FOO'))]);
  add('errors-rcpt', [
    ...outside(),
    c('MAIL FROM:<a@example.net>'),
    ...Array.from({ length: 5 }, (_, i) => c(`RCPT TO:<victima${i}@example.com>`)),
  ]);
  add('longline', [c('EHLO vm'), raw('NOOP ' + 'x'.repeat(1500) + '\r\n'), c('NOOP')]);
  return out;
}

/** where the one certificate and key both servers use are, in the workspace */
export const WS_CERT = '/etc/ssl/certs/diff-cert.pem';
export const WS_KEY = '/etc/ssl/private/diff-key.pem';

function badDialogues(prefix: string): Dialogue[] {
  return [
    {
      id: `${prefix}/in`,
      steps: [c('EHLO vm'), c('MAIL FROM:<a@example.net>'), c(`RCPT TO:<${USER}@${LOCAL}>`), c('RCPT TO:<victima@example.com>'), c('QUIT')],
    },
    {
      id: `${prefix}/out`,
      steps: [...outside(), c('MAIL FROM:<a@example.net>'), c(`RCPT TO:<${USER}@${LOCAL}>`), c('RCPT TO:<victima@example.com>'), c('QUIT')],
    },
  ];
}

export function configs(realDir: string): Config[] {
  const list: Config[] = [
    {
      name: 'shipped',
      params: {},
      dialogues: [
        ...commandFamily('shipped'),
        ...envelopeFamily('shipped'),
        ...dataFamily('shipped'),
        ...protocolFamily('shipped'),
        ...xclientFamily('shipped'),
      ],
    },
    {
      name: 'hardened',
      params: HARDENED,
      dialogues: [...envelopeFamily('hardened'), ...sweepFamily('hardened'), ...protocolFamily('hardened').slice(-16)],
    },
    {
      name: 'rbl',
      params: {
        mynetworks: '127.0.0.0/8',
        smtpd_client_restrictions: 'permit_mynetworks, reject_rbl_client zen.spamhaus.org, reject_rbl_client bl.spamcop.net',
      },
      dialogues: [
        ...sweepFamily('rbl'),
        ...xclientFamily('rbl').slice(0, 6),
        {
          id: 'rbl/notxt',
          steps: [...outside('203.0.113.67'), c('MAIL FROM:<a@example.net>'), c(`RCPT TO:<${USER}@${LOCAL}>`), c('QUIT')],
        },
        // an error code is an A record all the same: the bare rule rejects
        {
          id: 'rbl/error-code',
          steps: [...outside(LISTED_ERROR), c('MAIL FROM:<a@example.net>'), c(`RCPT TO:<${USER}@${LOCAL}>`), c('QUIT')],
        },
      ],
    },
    // lesson 05: the =filter keeps Spamhaus's listings (127.0.0.2-11) and lets its error codes through
    {
      name: 'rbl-filter',
      params: {
        mynetworks: '127.0.0.0/8',
        smtpd_recipient_restrictions: 'permit_mynetworks, reject_unauth_destination, reject_rbl_client zen.spamhaus.org=127.0.0.[2..11]',
      },
      dialogues: [
        {
          id: 'rbl-filter/listed',
          steps: [...outside(LISTED), c('MAIL FROM:<a@example.net>'), c(`RCPT TO:<${USER}@${LOCAL}>`), c('QUIT')],
        },
        {
          id: 'rbl-filter/error-code',
          steps: [...outside(LISTED_ERROR), c('MAIL FROM:<a@example.net>'), c(`RCPT TO:<${USER}@${LOCAL}>`), c('QUIT')],
        },
      ],
    },
    {
      name: 'tls-sasl',
      params: {
        mynetworks: '127.0.0.0/8',
        smtpd_tls_security_level: 'may',
        smtpd_sasl_auth_enable: 'yes',
        smtpd_relay_restrictions: 'permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
      },
      real: { smtpd_tls_cert_file: `${realDir}/ssl/cert.pem`, smtpd_tls_key_file: `${realDir}/ssl/key.pem` },
      sandbox: { smtpd_tls_cert_file: WS_CERT, smtpd_tls_key_file: WS_KEY },
      dialogues: [],
    },
    // smtpd_tls_key_file naming a missing file (lesson 19's TLS fault): the reload goes through,
    // smtpd warns as it starts, offers STARTTLS and answers it 454 4.7.0
    {
      name: 'tls-nokey',
      params: { smtpd_tls_security_level: 'may' },
      real: { smtpd_tls_cert_file: `${realDir}/ssl/cert.pem`, smtpd_tls_key_file: `${realDir}/ssl/missing.pem` },
      sandbox: { smtpd_tls_cert_file: WS_CERT, smtpd_tls_key_file: '/ssl/missing.pem' },
      dialogues: [{ id: 'tls-nokey/starttls', steps: [c('EHLO vm'), c('STARTTLS'), c('MAIL FROM:<a@example.net>'), c('QUIT')] }],
    },
    // a content filter's way back in (FILTER_README): the loopback may say who the original client was
    { name: 'xforward', params: { smtpd_authorized_xforward_hosts: '127.0.0.0/8' }, dialogues: xforwardFamily('xforward') },
    {
      name: 'limits',
      params: {
        message_size_limit: '2000',
        smtpd_recipient_limit: '3',
        smtpd_soft_error_limit: '2',
        smtpd_hard_error_limit: '4',
        line_length_limit: '1024',
      },
      dialogues: limitDialogues(),
    },
    ...SWEEP.map((r, i) => ({
      name: `sweep${i}`,
      params: {
        mynetworks: '127.0.0.0/8',
        smtpd_relay_restrictions: 'permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
        smtpd_recipient_restrictions: r,
      },
      dialogues: sweepFamily(`sweep/${r.split(/[ ,]/)[0]}${i}`, sweepExtra(r)),
    })),
    // bad values: one Postfix warns about and serves; one it refuses per session; one that kills smtpd
    { name: 'bad-mynetworks', params: { mynetworks: '127.0.0.1/8' }, dialogues: badDialogues('bad/mynetworks') },
    {
      name: 'bad-restriction',
      params: { mynetworks: '127.0.0.0/8', smtpd_helo_restrictions: 'reject_bogus_thing' },
      dialogues: badDialogues('bad/restriction'),
    },
    // last: the real smtpd dies on it (and master throttles the service), so one dialogue only
    { name: 'fatal', params: { smtpd_helo_required: 'maybe' }, dialogues: [{ id: 'bad/fatal-boolean', steps: [c('EHLO vm'), c('QUIT')] }] },
  ];
  const t = list.find((x) => x.name === 'tls-sasl')!;
  t.dialogues = [...authFamily('tls-sasl', false), ...authFamily('tls-sasl', true)];
  // as the lessons harden it: AUTH only after STARTTLS, and the TLS handshake in the log
  list.splice(list.indexOf(t) + 1, 0, {
    ...t,
    name: 'tls-auth-only',
    params: { ...t.params, smtpd_tls_auth_only: 'yes', smtpd_tls_loglevel: '1' },
    dialogues: [...authFamily('tls-auth-only', false).slice(0, 10), ...authFamily('tls-auth-only', true).slice(0, 10)],
  });
  // smtpd_tls_protocols on opportunistic TLS: a client offering only an older version is refused
  const starttls = (v: 'TLSv1.2' | 'TLSv1.3'): Step[] => [
    c('EHLO vm'),
    { send: 'STARTTLS\r\n', tls: true, tlsVersion: v },
    c('EHLO vm'),
    c('QUIT'),
  ];
  list.splice(list.indexOf(t) + 2, 0, {
    ...t,
    name: 'tls-protocols',
    params: { ...t.params, smtpd_tls_loglevel: '1', smtpd_tls_protocols: '>=TLSv1.3' },
    dialogues: [
      { id: 'tls-protocols/tls12-refused', steps: starttls('TLSv1.2') },
      { id: 'tls-protocols/tls13-accepted', steps: starttls('TLSv1.3') },
    ],
  });
  return list;
}
