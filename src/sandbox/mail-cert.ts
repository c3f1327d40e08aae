/**
 * The mail server's certificate of lesson 02, as the mailbox servers (POP3, the IMAP Dovecot)
 * find it: smtpd_tls_cert_file / smtpd_tls_key_file of main.cf, else etc/ssl/certs/cert.crt
 * and its key; the key defaults to the certificate file when main.cf names only that one.
 */
import type { Runtime } from './runtime.js';
import { param } from '../postfix/main-cf.js';
import { MAIL_CERT } from '../postfix/mta-sts.js';

export interface MailCertFiles {
  /** as main.cf names them (or the default), for messages */
  certName: string;
  keyName: string;
  /** absolute paths */
  cert: string;
  key: string;
}

export function mailCertFiles(rt: Runtime): MailCertFiles {
  const certName = param(rt.config.main, 'smtpd_tls_cert_file').trim() || MAIL_CERT.cert;
  const keyName = param(rt.config.main, 'smtpd_tls_key_file').trim() || (certName === MAIL_CERT.cert ? MAIL_CERT.key : certName);
  return { certName, keyName, cert: rt.ws.resolve(certName), key: rt.ws.resolve(keyName) };
}
