/**
 * Where Postfix keeps its files, as workspace-relative paths (the workspace is the
 * learner's root: etc/postfix/main.cf is /etc/postfix/main.cf), and Postfix's default
 * parameter values. Defined here once; everything else imports them.
 */

export const POSTFIX_DIR = 'etc/postfix';
export const MAIN_CF = 'etc/postfix/main.cf';
export const MASTER_CF = 'etc/postfix/master.cf';
export const ALIASES = 'etc/aliases';
export const MAIL_LOG = 'var/log/mail.log';

/** A workspace path as Postfix names it in its messages: "/etc/postfix/main.cf". */
export function shownPath(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

/** Postfix's defaults for the parameters the course uses (Postfix 3.7, Debian). */
export const DEFAULTS: Record<string, string> = {
  myhostname: 'localhost.localdomain',
  mydomain: 'localdomain',
  myorigin: '$myhostname',
  mydestination: '$myhostname, localhost.$mydomain, localhost',
  mynetworks: '127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128',
  mynetworks_style: 'host',
  inet_interfaces: 'all',
  inet_protocols: 'all',
  smtpd_banner: '$myhostname ESMTP $mail_name',
  mail_name: 'Postfix',
  biff: 'yes',
  append_dot_mydomain: 'no',
  readme_directory: 'no',
  compatibility_level: '3.6',
  alias_maps: 'hash:/etc/aliases',
  alias_database: 'hash:/etc/aliases',
  relayhost: '',
  mailbox_size_limit: '51200000',
  recipient_delimiter: '',
  home_mailbox: '',
  smtpd_tls_cert_file: '',
  smtpd_tls_key_file: '',
  smtpd_tls_security_level: '',
  smtpd_use_tls: 'no',
  smtpd_enforce_tls: 'no',
  smtpd_tls_auth_only: 'no',
  smtpd_tls_loglevel: '0',
  smtpd_tls_session_cache_database: '',
  smtpd_tls_received_header: 'no',
  smtp_tls_security_level: '',
  smtp_tls_CApath: '',
  smtp_tls_session_cache_database: '',
  smtp_tls_cert_file: '',
  smtp_tls_key_file: '',
  smtpd_sasl_auth_enable: 'no',
  smtpd_sasl_type: 'cyrus',
  smtpd_sasl_path: 'smtpd',
  smtpd_sasl_local_domain: '',
  smtpd_sasl_security_options: 'noanonymous',
  smtpd_sasl_tls_security_options: '$smtpd_sasl_security_options',
  broken_sasl_auth_clients: 'no',
  smtpd_helo_required: 'no',
  smtpd_client_restrictions: '',
  smtpd_helo_restrictions: '',
  smtpd_sender_restrictions: '',
  smtpd_relay_restrictions: 'permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination',
  smtpd_recipient_restrictions: '',
  smtpd_data_restrictions: '',
  smtpd_authorized_xclient_hosts: '',
  message_size_limit: '10240000',
  header_checks: '',
  body_checks: '',
  smtpd_milters: '',
  non_smtpd_milters: '',
  milter_default_action: 'tempfail',
  milter_protocol: '6',
  content_filter: '',
  maillog_file: '',
  relay_domains: '',
  smtpd_tls_wrappermode: 'no',
  syslog_name: 'postfix',
  // anvil(8) and the smtpd client limits
  anvil_rate_time_unit: '60s',
  smtpd_client_connection_count_limit: '50',
  smtpd_client_connection_rate_limit: '0',
  smtpd_client_message_rate_limit: '0',
  smtpd_client_recipient_rate_limit: '0',
  smtpd_client_auth_rate_limit: '0',
  smtpd_client_new_tls_session_rate_limit: '0',
  smtpd_client_event_limit_exceptions: '${smtpd_client_connection_limit_exceptions:$mynetworks}',
  // postscreen(8); postscreen_greet_wait is ${stress?{2}:{6}}s, and the sandbox is never under stress
  postscreen_access_list: 'permit_mynetworks',
  postscreen_denylist_action: 'ignore',
  postscreen_greet_action: 'ignore',
  postscreen_greet_banner: '$smtpd_banner',
  postscreen_greet_wait: '6s',
  postscreen_dnsbl_sites: '',
  postscreen_dnsbl_threshold: '1',
  postscreen_dnsbl_action: 'ignore',
  smtpd_discard_ehlo_keywords: '',
  disable_vrfy_command: 'no',
  smtpd_delay_reject: 'yes',
  local_recipient_maps: 'proxy:unix:passwd.byname $alias_maps',
  unknown_local_recipient_reject_code: '550',
  smtpd_recipient_limit: '1000',
};
