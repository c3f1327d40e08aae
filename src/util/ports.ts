/**
 * The sandbox's listeners, in one table: each one's default port, the environment variable
 * that moves it, and what it stands for on a real server. The sandbox binds these, the
 * checks probe them, learner commands get them in their environment, and the lessons
 * name the defaults. It imports nothing, so `mailsec check` and the first TUI frame can
 * read it without loading the sandbox.
 */

export interface SandboxPorts {
  smtp: number;
  submission: number;
  smtps: number;
  /** the "outside" listener: every connection appears to come from outsideAddress */
  outside: number;
  dns: number;
  /** the web server of mta-sts.<domain> (lesson 16) */
  https: number;
  /** POP3 as Dovecot serves it: STLS, then USER/PASS or AUTH */
  pop3: number;
  /** POP3S: POP3 inside implicit TLS */
  pop3s: number;
  /** IMAP as a real Dovecot serves it: STARTTLS, then LOGIN or AUTHENTICATE (when Dovecot is installed) */
  imap: number;
  /** IMAPS: IMAP inside implicit TLS, the same Dovecot */
  imaps: number;
}

export type PortName = keyof SandboxPorts;

/** Where a sandbox listens (or is expected to): what the checks connect to. */
export interface SandboxProbe {
  ports: SandboxPorts;
  host: string;
  /** the DNS server's address when it is not host (a real server checked with --dns) */
  dnsHost?: string;
}

export interface PortInfo {
  /** where the sandbox listens unless told otherwise */
  port: number;
  /** the environment variable that sets another port (0 = any free port) */
  env: string;
  /** what the listener plays on a real mail server */
  role: string;
}

export const PORT_TABLE = {
  smtp: { port: 2525, env: 'MAILSEC_SMTP_PORT', role: 'SMTP, port 25 of a real server (mail from other servers)' },
  submission: { port: 2587, env: 'MAILSEC_SUBMISSION_PORT', role: 'submission, port 587 (STARTTLS, authenticated users)' },
  smtps: { port: 2465, env: 'MAILSEC_SMTPS_PORT', role: 'SMTPS, port 465 (implicit TLS, authenticated users)' },
  outside: { port: 2526, env: 'MAILSEC_OUTSIDE_PORT', role: 'SMTP as seen from the internet: every client appears as an outside address' },
  dns: { port: 2053, env: 'MAILSEC_DNS_PORT', role: 'DNS, port 53 (the zones in the workspace)' },
  https: { port: 2443, env: 'MAILSEC_HTTPS_PORT', role: 'HTTPS, port 443 (the MTA-STS policy of mta-sts.<domain>)' },
  pop3: { port: 2110, env: 'MAILSEC_POP3_PORT', role: 'POP3, port 110 (STLS, then the SASL users read their mailbox)' },
  pop3s: { port: 2995, env: 'MAILSEC_POP3S_PORT', role: 'POP3S, port 995 (POP3 in implicit TLS)' },
  imap: { port: 2143, env: 'MAILSEC_IMAP_PORT', role: 'IMAP, port 143 (a real Dovecot: STARTTLS, then the SASL users read their mailbox)' },
  imaps: { port: 2993, env: 'MAILSEC_IMAPS_PORT', role: 'IMAPS, port 993 (IMAP in implicit TLS, the same Dovecot)' },
} as const satisfies Record<PortName, PortInfo>;

/** MAILSEC_SMTP_PORT… */
export type PortEnvVar = (typeof PORT_TABLE)[PortName]['env'];

export const PORT_NAMES = Object.keys(PORT_TABLE) as PortName[];

function mapPorts(f: (name: PortName) => number): SandboxPorts {
  return Object.fromEntries(PORT_NAMES.map((name) => [name, f(name)])) as unknown as SandboxPorts;
}

export const DEFAULT_PORTS: Readonly<SandboxPorts> = mapPorts((name) => PORT_TABLE[name].port);

/** The ports the environment asks for (MAILSEC_*_PORT), the defaults where it says nothing usable. */
export function portsFromEnv(env: NodeJS.ProcessEnv = process.env): SandboxPorts {
  return mapPorts((name) => {
    const v = env[PORT_TABLE[name].env];
    return v && /^\d+$/.test(v) ? Number(v) : PORT_TABLE[name].port;
  });
}

/** The environment that points a command (the CLI, a learner's shell) at these ports. */
export function portEnv(ports: SandboxPorts): Record<PortEnvVar, string> {
  return Object.fromEntries(PORT_NAMES.map((name) => [PORT_TABLE[name].env, String(ports[name])])) as Record<PortEnvVar, string>;
}
