// How each check kind can run against a real server (`mailsec check --target`), in one table.
// A test fails when a registered kind has no entry here, or an entry names no kind.
// Imports nothing, so `mailsec check` can sort the steps before any check module loads.

/**
 * - network: runs against the target over SMTP, as it runs against the sandbox;
 * - dns: asks the DNS server named with --dns (the server's zone, as the world sees it); dane.tlsa
 *   also compares with the certificate the target serves, mta-sts.* fetch the policy from its port 443;
 * - config: judges the server's configuration: main.cf, master.cf, the tables they name, and
 *   OpenDKIM's, policyd-spf's and SpamAssassin's files (remote-ssh.ts reads them over --ssh,
 *   read-only); without --ssh, not checked remotely; dkim.published also asks the --dns server;
 * - log: the same, with the last lines of the server's mail log too;
 * - ssh: needs other files of the server (private keys, sasldb, file modes) or what the sandbox
 *   records (the sessions, the mail it received): not checked remotely;
 * - local: runs on the workspace as always: answered (quizzes) or the learner's own files on their
 *   own machine (their GnuPG and S/MIME keys and messages), never the server's;
 * - later: could be observed from the network (the issue lists it), but this version does not yet.
 */
/** A verdict with a key that starts so is turned into "not checked remotely": the check could not observe it from here. */
export const NOT_CHECKED_PREFIX = 'remote.notChecked.';

export type RemoteMode = 'network' | 'dns' | 'config' | 'log' | 'ssh' | 'local' | 'later';

export const REMOTE_MODES: Readonly<Record<string, RemoteMode>> = {
  // answered, not observed
  'quiz.choice': 'local',
  'quiz.text': 'local',
  // lesson 01 and any lesson: files of the server
  'file.exists': 'ssh',
  'file.contains': 'ssh',
  'file.mode': 'ssh',
  'postfix.param': 'config',
  // 02 TLS: the served certificate is judged on the wire; the files and the log are the server's
  'tls.key': 'ssh',
  'tls.cert': 'ssh',
  'tls.installed': 'ssh',
  'tls.config': 'config',
  'tls.starttls': 'network',
  'tls.session': 'ssh',
  'tls.mail-source': 'ssh',
  // 03 SMTP AUTH
  'smtp.auth-config': 'config',
  'smtp.auth-after-tls': 'network',
  'smtp.user': 'ssh',
  'smtp.auth-seen': 'ssh',
  // 04 open relay
  'smtp.relay-seen': 'ssh',
  'smtp.relay-config': 'config',
  'smtp.relay': 'network',
  // 05 DNS lists
  'dns.queried': 'ssh',
  'rbl.public-query': 'ssh',
  'rbl.restrictions': 'config',
  'dns.client-checked': 'ssh',
  'dns.rbl-rejected': 'network',
  'rbl.public-trap': 'ssh',
  'dns.answer': 'dns',
  // 06, 07 SpamAssassin and content rules
  'spamassassin.localcf': 'config',
  'filter.wired': 'config',
  'filter.delivered': 'ssh',
  'filter.spam-log': 'log',
  'filter.table': 'config',
  'filter.proof': 'network',
  'filter.reinject-milters': 'config',
  // 08–10 SPF, DKIM, DMARC
  'spf.record': 'dns',
  'spf.eval': 'dns',
  'spf.policy': 'config',
  'spf.rejected': 'network',
  'dkim.key': 'ssh',
  'dkim.conf': 'ssh',
  'dkim.milter': 'config',
  'dkim.published': 'config',
  'dkim.signed': 'later',
  'dmarc.record': 'dns',
  'dmarc.spoof': 'later',
  'dmarc.report': 'ssh',
  // 11, 12 the learner's own keys and messages; what reached the server or the teacher is later
  'gpg.key': 'local',
  'gpg.export': 'local',
  'gpg.clearsigned': 'local',
  'gpg.encrypted': 'local',
  'gpg.revocation': 'local',
  'gpg.mailed': 'later',
  'gpg.wkd': 'ssh',
  'smime.cert': 'local',
  'smime.p12': 'local',
  'smime.signed': 'local',
  'smime.encrypted': 'local',
  'smime.mailed': 'later',
  'teacher.answer': 'later',
  'teacher.answered': 'later',
  // 13 submission
  'submission.services': 'config',
  'submission.sender-login': 'config',
  'submission.sent': 'ssh',
  'submission.spoof-refused': 'ssh',
  // the learner's own mail client: what it did is in the server's log
  'client.sent': 'ssh',
  'client.fetched': 'ssh',
  // 14 DoS, 15 smuggling, postscreen
  'dos.limits': 'config',
  'dos.log-hit': 'ssh',
  'dos.served': 'later',
  'smtp.smuggling-seen': 'ssh',
  'smtp.bare-newline-config': 'config',
  'smtp.bare-newline-refused': 'ssh',
  'postscreen.master': 'config',
  'postscreen.log': 'ssh',
  'postscreen.off': 'log',
  // 16 MTA-STS, 17 DANE, 18 Ed25519
  'mta-sts.policy': 'dns',
  'mta-sts.records': 'dns',
  'mta-sts.served': 'dns',
  'mta-sts.enforce': 'ssh',
  'dane.tlsa': 'dns',
  'dane.client': 'config',
  'dkim.ed25519-key': 'ssh',
  'dkim.ed25519-record': 'later',
  'dkim.second-instance': 'ssh',
  'dkim.dual-signed': 'later',
  'dkim.rotated': 'later',
  'dkim.retired': 'later',
  // 19 the broken server: mailsec breaks the workspace's own files
  'capstone.broken': 'later',
  'capstone.fixed': 'later',
};

/** How a kind runs against a real server; undefined for a kind the table forgot (a test catches it). */
export function remoteMode(kind: string): RemoteMode | undefined {
  return Object.hasOwn(REMOTE_MODES, kind) ? REMOTE_MODES[kind] : undefined;
}
