import type { SandboxProbe } from '../checks/types.js';
import type { Vars } from '../workspace/workspace.js';

export interface TestMail {
  from?: string;
  to?: string;
  subject?: string;
  text?: string;
  /** STARTTLS when offered (the learner's self-signed certificate is accepted, as a lab client would be told to) */
  tls?: boolean;
  auth?: { user: string; pass: string };
  port?: number;
}

export interface SendResult {
  ok: boolean;
  /** the server's last answer, e.g. "250 2.0.0 Ok: queued as D6EAE2125AE" or the refusal */
  response: string;
  queueId?: string;
}

/** Sends one mail to the sandbox, the way a mail client on the same machine would. */
export async function sendTestMail(probe: SandboxProbe, vars: Vars, m: TestMail = {}): Promise<SendResult> {
  const { createTransport } = await import('../vendor/nodemailer.js');
  const transport = createTransport({
    host: probe.host,
    port: m.port ?? probe.ports.smtp,
    secure: false,
    ignoreTLS: !m.tls,
    requireTLS: !!m.tls,
    tls: { rejectUnauthorized: false, servername: vars.hostname },
    auth: m.auth,
    name: 'mailsec-workbook',
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 10000,
  });
  try {
    const info = await transport.sendMail({
      from: m.from ?? `alumno@${vars.domain}`,
      to: m.to ?? `alumno@${vars.domain}`,
      subject: m.subject ?? 'Prueba desde mailsec',
      text: m.text ?? 'Hola: este correo lo ha enviado el cuaderno mailsec.\n',
    });
    const response = String(info.response ?? '');
    return { ok: true, response, queueId: /queued as ([0-9A-F]+)/.exec(response)?.[1] };
  } catch (e) {
    const err = e as { response?: string; message: string };
    return { ok: false, response: err.response ?? err.message };
  } finally {
    transport.close();
  }
}
