// Delivering a report to a local mailbox: through the running sandbox (so it is logged and
// aliases apply as for any mail), or, when the sandbox is not running, straight into the
// Maildir as Postfix's local(8) would (home_mailbox = Maildir/).
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Workspace } from '../../workspace/workspace.js';
import type { SandboxProbe } from '../../util/ports.js';
import { rethrowBug } from '../../util/errors.js';
import { ALIASES } from '../../postfix/defaults.js';

export interface Delivered {
  via: 'smtp' | 'maildir';
  ok: boolean;
  /** the SMTP answer, or the workspace-relative file written */
  detail: string;
}

/** /etc/aliases: "name: target, target", followed as local(8) does (loops cut). */
export function resolveAlias(ws: Workspace, local: string): string {
  const text = ws.readText(ALIASES) ?? '';
  const map = new Map<string, string[]>();
  let last: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*#/.test(raw) || !raw.trim()) continue;
    if (/^\s/.test(raw) && last) {
      map.get(last)!.push(...raw.split(',').map((s) => s.trim()).filter(Boolean));
      continue;
    }
    const m = /^([^:\s]+)\s*:\s*(.*)$/.exec(raw);
    if (!m) continue;
    last = m[1].toLowerCase();
    map.set(last, m[2].split(',').map((s) => s.trim()).filter(Boolean));
  }
  let user = local.toLowerCase();
  const seen = new Set<string>();
  while (map.has(user) && !seen.has(user)) {
    seen.add(user);
    const next = map.get(user)![0];
    if (!next || /[@/|]/.test(next)) break;
    user = next.toLowerCase();
  }
  return user;
}

/** The Maildir of a local user inside the workspace. */
export function maildirOf(user: string): string {
  return `var/mail/${user}/Maildir`;
}

export function writeToMaildir(ws: Workspace, user: string, raw: string | Buffer): string {
  const dir = maildirOf(user);
  for (const sub of ['tmp', 'new', 'cur']) mkdirSync(ws.resolve(`${dir}/${sub}`), { recursive: true });
  const name = `${Math.floor(Date.now() / 1000)}.M${randomBytes(4).toString('hex')}P${process.pid}.${hostname().split('.')[0] || 'localhost'}`;
  const tmp = ws.resolve(`${dir}/tmp/${name}`);
  writeFileSync(tmp, raw);
  renameSync(tmp, ws.resolve(`${dir}/new/${name}`));
  return `${dir}/new/${name}`;
}

/** Sends through the sandbox's SMTP listener when it answers, else writes into the Maildir. */
export async function deliverLocal(ws: Workspace, probe: SandboxProbe, from: string, to: string, raw: string): Promise<Delivered> {
  const { createTransport } = await import('../../vendor/nodemailer.js');
  const transport = createTransport({
    host: probe.host,
    port: probe.ports.smtp,
    secure: false,
    ignoreTLS: true,
    name: `mail.${ws.domain}`,
    connectionTimeout: 3000,
    greetingTimeout: 3000,
    socketTimeout: 10000,
  });
  try {
    const info = await transport.sendMail({ envelope: { from, to: [to] }, raw });
    return { via: 'smtp', ok: true, detail: String(info.response ?? '') };
  } catch (e) {
    rethrowBug(e);
    const err = e as { code?: string; response?: string; message: string };
    // the sandbox answered and refused: that is the answer, not a reason to go around it
    if (err.response) return { via: 'smtp', ok: false, detail: err.response };
    const user = resolveAlias(ws, to.split('@')[0]);
    return { via: 'maildir', ok: true, detail: writeToMaildir(ws, user, raw) };
  } finally {
    transport.close();
  }
}
