/**
 * The mail client's settings for the sandbox as a Thunderbird autoconfig file (Mozilla's
 * ISPDB format, clientConfig version 1.1): incoming POP3 (STARTTLS and implicit TLS), IMAP
 * when the sandbox serves it, outgoing SMTP on the submission ports, all with the user's
 * own name and a password inside TLS. `mailsec sandbox start` writes it with the ports it
 * really listens on (MAILSEC_*_PORT can move them); lesson 13 reads it. The XML is built
 * by a pure function; only writeMailClientConfig touches the disk.
 */
import { writeFileAtomic } from '../util/atomic.js';
import { makeDirs, onUserPaths } from '../util/fs-errors.js';
import { dirname } from 'node:path';
import type { Workspace } from '../workspace/workspace.js';

/** Where the file goes, relative to the workspace. */
export const MAIL_CLIENT_CONFIG = 'mail-client/config-v1.1.xml';

export interface MailClientServers {
  domain: string;
  host: string;
  pop3: number;
  pop3s: number;
  submission: number;
  smtps: number;
  /** IMAP (STARTTLS) and IMAPS (implicit TLS), when the sandbox serves them */
  imap?: { imap: number; imaps: number };
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function server(
  tag: 'incomingServer' | 'outgoingServer',
  type: string,
  host: string,
  port: number,
  socketType: 'STARTTLS' | 'SSL',
): string[] {
  return [
    `    <${tag} type="${type}">`,
    `      <hostname>${escape(host)}</hostname>`,
    `      <port>${port}</port>`,
    `      <socketType>${socketType}</socketType>`,
    // the user name is the address's local part: alumno for alumno@<domain>
    '      <username>%EMAILLOCALPART%</username>',
    // "normal password": PLAIN or LOGIN, the password itself, which is why it only goes inside TLS
    '      <authentication>password-cleartext</authentication>',
    `    </${tag}>`,
  ];
}

/** The autoconfig XML for these servers. */
export function mailClientConfig(s: MailClientServers): string {
  const d = escape(s.domain);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- The mailsec sandbox of this workspace, on this machine only (127.0.0.1): written by',
    '     "mailsec sandbox start" with the ports it listens on. A real provider serves this file',
    `     at https://autoconfig.${d}/mail/config-v1.1.xml, naming its own servers and ports. -->`,
    '<clientConfig version="1.1">',
    `  <emailProvider id="${d}">`,
    `    <domain>${d}</domain>`,
    `    <displayName>mailsec sandbox (${d})</displayName>`,
    '    <displayShortName>mailsec</displayShortName>',
    ...(s.imap
      ? [
          ...server('incomingServer', 'imap', s.host, s.imap.imap, 'STARTTLS'),
          ...server('incomingServer', 'imap', s.host, s.imap.imaps, 'SSL'),
        ]
      : []),
    ...server('incomingServer', 'pop3', s.host, s.pop3, 'STARTTLS'),
    ...server('incomingServer', 'pop3', s.host, s.pop3s, 'SSL'),
    ...server('outgoingServer', 'smtp', s.host, s.submission, 'STARTTLS'),
    ...server('outgoingServer', 'smtp', s.host, s.smtps, 'SSL'),
    '  </emailProvider>',
    '</clientConfig>',
    '',
  ].join('\n');
}

/** Writes the file for the workspace's domain; a folder the user made unwritable is a UserError. */
export function writeMailClientConfig(ws: Workspace, s: Omit<MailClientServers, 'domain'>): void {
  const file = ws.resolve(MAIL_CLIENT_CONFIG);
  onUserPaths([file], 'write', () => {
    makeDirs(dirname(file));
    writeFileAtomic(file, mailClientConfig({ ...s, domain: ws.vars.domain }));
  });
}
