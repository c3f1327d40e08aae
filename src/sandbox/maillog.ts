/**
 * var/log/mail.log in Postfix's format (maillog_file / syslog):
 *   Nov 28 04:30:57 mail postfix/smtpd[1234]: connect from localhost[127.0.0.1]
 * Each Postfix daemon has its own name and process id; the sandbox is one process,
 * so it gives each daemon a fixed pseudo pid derived from its own.
 */
import { LineLog } from './events.js';
import type { Workspace } from '../workspace/workspace.js';

import { MAIL_LOG } from '../postfix/defaults.js';
export { MAIL_LOG };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** syslog's "Nov  8 04:30:57" (day padded with a space) */
export function syslogDate(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const PID_OFFSET: Record<string, number> = { smtpd: 0, cleanup: 1, qmgr: 2, local: 3, smtp: 4, 'postfix-script': 5, master: 6, pipe: 7, postlogd: 8, anvil: 9 };

export class MailLog {
  private log: LineLog;
  private current = 'mail';
  private masterHost: string | undefined;

  /**
   * The host field: the first label of myhostname, as postlogd writes it. After a reload
   * that changes myhostname, every new daemon logs the new name but master(8) keeps the
   * one it started with (Postfix 3.7.11: "otro postfix/postfix-script: refreshing ...",
   * then "mail postfix/master: reload -- ...").
   */
  get host(): string {
    return this.current;
  }

  set host(name: string) {
    this.masterHost ??= name;
    this.current = name;
  }

  constructor(ws: Workspace, rotateBytes = 8 * 1024 * 1024) {
    this.log = new LineLog(ws.resolve(MAIL_LOG), rotateBytes);
  }

  /**
   * One line. `program` is "postfix/smtpd", "postfix/submission/smtpd", "postfix/cleanup"...
   * `text` never contains a newline (control characters are replaced, as Postfix does).
   */
  line(program: string, text: string): void {
    const daemon = program.slice(program.lastIndexOf('/') + 1);
    const pid = process.pid + (PID_OFFSET[daemon] ?? 10);
    const host = daemon === 'master' ? (this.masterHost ?? this.current) : this.current;
    this.log.write(`${syslogDate()} ${host} ${program}[${pid}]: ${printable(text)}\n`);
  }

  /**
   * A line as Dovecot sends it to syslog: its ident is "dovecot" without a pid (it opens
   * syslog without LOG_PID) and the process name starts the text ("pop3-login: Login: ...").
   */
  dovecotLine(text: string): void {
    this.log.write(`${syslogDate()} ${this.current} dovecot: ${printable(text)}\n`);
  }

  /** a line without the date/host prefix, already "program[pid]: text" (pipeline stages) */
  stageLine(text: string): void {
    const m = /^([\w./-]+)(?:\[\d+\])?:\s?(.*)$/s.exec(text);
    if (m) this.line(m[1], m[2]);
    else this.line('postfix/cleanup', text);
  }

  flush(): void {
    this.log.flush();
  }

  get pending(): boolean {
    return this.log.pending;
  }

  close(): void {
    this.log.flush();
    this.log.close();
  }
}

/** Postfix's printable(): anything that is not printable becomes '?' */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f]/g, '?');
}
