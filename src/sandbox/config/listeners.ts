/**
 * master.cf decides what listens: the submission and smtps listeners accept connections only
 * while master.cf has an active (not commented out) smtpd entry for them, as Postfix's master
 * opens a port only for the services master.cf names. Without one, a client is refused, as by
 * a stopped service. Their ports are bound once at start (so the status names them), then
 * closed or opened again on each reload; sessions already open finish, as Postfix's smtpd
 * processes do after a reload.
 */
import type { Listener } from '../pipeline.js';
import type { SandboxConfig } from './load.js';

/** The listeners master.cf switches; smtp (and the outside view of it) always listens. */
export const SWITCHED: Listener[] = ['submission', 'smtps'];

export interface Switchable {
  readonly listening: boolean;
  pause(): void;
  listenOn(host: string, port: number): Promise<number>;
}

export function wanted(config: SandboxConfig, l: Listener): boolean {
  return !SWITCHED.includes(l) || !!config.services[l].service;
}

/**
 * Opens or closes each switched listener to match master.cf. A port that cannot be opened
 * again (another program took it meanwhile) is returned with its error, for the log.
 */
export async function applyMasterListeners(
  servers: Map<Listener, Switchable>,
  config: SandboxConfig,
  host: string,
  ports: Record<Listener, number>,
): Promise<{ listener: Listener; error: string }[]> {
  const failed: { listener: Listener; error: string }[] = [];
  for (const l of SWITCHED) {
    const srv = servers.get(l);
    if (!srv) continue;
    try {
      if (!wanted(config, l)) srv.pause();
      else if (!srv.listening) await srv.listenOn(host, ports[l]);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      failed.push({ listener: l, error: err.code === 'EADDRINUSE' ? 'Address already in use' : err.message });
    }
  }
  return failed;
}
