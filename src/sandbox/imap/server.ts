/**
 * IMAP and IMAPS through a real, private Dovecot (when it is installed): the proxy's ports on
 * 127.0.0.1 (proxy.ts), Dovecot behind them on ports of its own, its files in a short private
 * folder (dovecot-conf.ts), its process (dovecot-run.ts) and its log lines in mail.log and
 * events.jsonl (dovecot-log.ts).
 *
 * As POP3 does, the certificate of lesson 02 and the SASL users are looked at again when a
 * client arrives (and on `mailsec sandbox reload`): a new certificate is copied in and Dovecot
 * reloaded; new users are a new passwd-file, which the checkpassword helper reads at each login. Without a
 * usable certificate Dovecot is not started (ssl = required would refuse to run), and a client
 * is dropped with a warning in mail.log, as POP3S does; it starts once the certificate is there.
 */
import { lstatSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { Runtime } from '../runtime.js';
import type { ImapState } from '../types.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { rethrowBug } from '../../util/errors.js';
import { fileStamp } from '../../util/file-stamp.js';
import { mailCertFiles } from '../mail-cert.js';
import { SASLDB_FILE } from '../sasl/db.js';
import { mailboxName } from '../pop3/maildrop.js';
import { maildirOf } from '../auth/deliver.js';
import { CHECKPASS_HELPER, FILES, checkpassWrapper, dovecotConf, instanceName, passwdFile, privateDirName } from './dovecot-conf.js';
import { findDovecot, mailIdentity, openMailFolders, runDovecot, stopStale, type MailIdentity, type RunningDovecot } from './dovecot-run.js';
import { mailboxEvent, parseDovecotLine, syslogText } from './dovecot-log.js';
import { startProxy, type ImapListener, type ImapProxy } from './proxy.js';


export interface ImapHandle {
  imap: number;
  imaps: number;
  state(): ImapState;
  /** Dovecot's master process while it runs */
  pid(): number | undefined;
  /** `mailsec sandbox reload`: the certificate and the users again */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

export interface ImapOptions {
  /** the dovecot program (default: findDovecot(), which MAILSEC_DOVECOT can point elsewhere) */
  binary?: string;
}

/** No IMAP at all (not asked for): nothing listens. */
export function noImap(want: Record<ImapListener, number>): ImapHandle {
  return { ...want, state: () => 'off', pid: () => undefined, refresh: async () => undefined, close: async () => undefined };
}

/** A port nobody listens on now, for Dovecot's own listeners. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

export async function startImap(rt: Runtime, host: string, want: Record<ImapListener, number>, o: ImapOptions = {}): Promise<ImapHandle> {
  const binary = o.binary ?? findDovecot();
  if (!binary) {
    rt.log.line('mailsec/imap', 'warning: Dovecot is not installed (Debian package dovecot-imapd): no IMAP or IMAPS');
    return { ...want, state: () => 'missing', pid: () => undefined, refresh: async () => undefined, close: async () => undefined };
  }
  const ws = rt.ws;
  const uid = process.getuid?.() ?? 0;
  const dir = privateDirName(tmpdir(), ws.root, uid);
  const file = (name: keyof typeof FILES) => join(dir, FILES[name]);
  let state: ImapState = 'waiting';
  let dovecot: RunningDovecot | undefined;
  let backend = { imap: 0, imaps: 0 };
  let certStamp: string | undefined;
  let certError: string | undefined;
  let usersStamp: string | undefined;
  let failure: string | undefined;
  let failedAt = 0;
  let closed = false;
  let dovecotTried = false;
  /** the private folder is made and this user's */
  let ready = false;
  const handleState = (): ImapState => state;
  const warn = (text: string) => {
    rt.log.line('mailsec/imap', `warning: ${text}`);
    rt.flushSoon();
  };

  // Dovecot's lines: the master prints a few twice (before and through its log process)
  const bare = new Set<string>();
  const onLine = (raw: string) => {
    const l = parseDovecotLine(raw);
    if (!l) return;
    const key = `${l.level}: ${l.message}`;
    if (l.bare) bare.add(key);
    else if (l.prefix === 'master' && bare.delete(key)) return;
    rt.log.dovecotLine(syslogText(l, host));
    const ev = mailboxEvent(l);
    if (ev?.type === 'mailbox-login') rt.emit('mailbox-login', ev.fields);
    else if (ev) rt.emit('mailbox-logout', ev.fields);
    rt.flushSoon();
  };

  const identity: MailIdentity | { error: string } = mailIdentity(ws);

  const writeUsers = () => {
    const stamp = fileStamp(ws.resolve(SASLDB_FILE));
    if (stamp === usersStamp && usersStamp !== undefined) return;
    usersStamp = stamp;
    const users = Object.entries(rt.saslDb().users).map(([name, s]) => ({
      name,
      home: ws.resolve(maildirOf(mailboxName(name)).replace(/\/Maildir$/, '')),
      scrypt: s.scrypt,
    }));
    writeFileAtomic(file('passwd'), passwdFile(users), 0o600);
  };

  /** The certificate changed: a usable one is copied in (true); a broken one is noted. */
  const readCert = (): boolean => {
    const c = mailCertFiles(rt);
    const stamp = [c.cert, fileStamp(c.cert), c.key, fileStamp(c.key)].join('|');
    if (stamp === certStamp) return false;
    certStamp = stamp;
    try {
      const cert = readFileSync(c.cert);
      const key = readFileSync(c.key);
      createSecureContext({ cert, key, minVersion: 'TLSv1.2' });
      writeFileAtomic(file('cert'), cert, 0o644);
      writeFileAtomic(file('key'), key, 0o600);
      certError = undefined;
      return true;
    } catch (e) {
      rethrowBug(e);
      certError = `no usable certificate (${c.certName}: ${(e as Error).message.split('\n')[0]})`;
      return false;
    }
  };

  const start = async (): Promise<void> => {
    if ('error' in identity) return;
    dovecotTried = true;
    for (let attempt = 0; attempt < 3 && !dovecot; attempt++) {
      backend = { imap: await freePort(host), imaps: await freePort(host) };
      writeFileAtomic(file('conf'), dovecotConf({ dir, instance: instanceName(dir), ports: backend, ...identity }), 0o644);
      const r = await runDovecot({ binary, dir, ws, onLine });
      if ('error' in r) {
        // another program took a port between the choice and Dovecot's bind: choose again
        if (/Address already in use/.test(r.error)) continue;
        failure = `Dovecot did not start: ${r.error.split('\n')[0]}`;
        break;
      }
      dovecot = r;
      failure = undefined;
      state = 'running';
      void r.exited.then((code) => {
        if (dovecot !== r) return;
        dovecot = undefined;
        if (closed) return;
        state = 'failed';
        failure = `Dovecot stopped (exit status ${code ?? 'signal'}); it starts again with the next client`;
        failedAt = 0;
        warn(failure);
      });
    }
    if (!dovecot) {
      state = 'failed';
      failedAt = Date.now();
      warn(failure ?? 'Dovecot did not start');
    }
  };

  let queue: Promise<unknown> = Promise.resolve();
  /** What a client (or a reload) finds: Dovecot up to date and running, or why not. */
  const ensure = (): Promise<string | undefined> => {
    const run = queue.then(async (): Promise<string | undefined> => {
      if (closed) return 'the sandbox is stopping';
      if ('error' in identity) return identity.error;
      if (!ready) return failure;
      const closedFolder = openMailFolders(ws, identity);
      if (closedFolder) {
        state = 'failed';
        return (failure = `as root, Dovecot reads mail as uid ${identity.mailUid}, never as root, and ${closedFolder}: run the sandbox as a normal user, or let others through that folder (chmod o+x)`);
      }
      writeUsers();
      const newCert = readCert();
      if (!dovecot && certError) {
        state = 'waiting';
        return certError;
      }
      if (dovecot && newCert) await dovecot.reload();
      else if (dovecot && certError) warn(`${certError}: Dovecot keeps the certificate it had`);
      if (!dovecot) {
        // after a failed start, again only when something changed or a while later
        if (state === 'failed' && failedAt && !newCert && Date.now() - failedAt < 10_000) return failure;
        await start();
      }
      return dovecot ? undefined : failure;
    });
    queue = run.catch(() => undefined);
    return run;
  };

  /** ensure(), with an exception turned into the sandbox's internal error event (a bug, never the learner's) */
  const checked = async (): Promise<string | undefined> => {
    try {
      return await ensure();
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      rt.emit('error', { stage: 'imap', error });
      rt.flushSoon();
      return `internal error: ${error}`;
    }
  };
  const proxy: ImapProxy = await startProxy(rt, host, want, async (listener) => {
    const error = await checked();
    return error ? { error } : { port: backend[listener] };
  });

  try {
    if ('error' in identity) {
      state = 'failed';
      warn(`IMAP not started: ${identity.error}`);
    } else {
      await stopStale(ws, dir);
      rmSync(dir, { recursive: true, force: true });
      // made here and now, or refused: a folder of that name someone else made in /tmp is not used
      mkdirSync(dir, { mode: identity.root ? 0o755 : 0o700 });
      const st = lstatSync(dir);
      if (!st.isDirectory() || st.uid !== uid) throw new Error(`${dir} is not this user's own folder`);
      mkdirSync(join(dir, 'ssl'), { mode: 0o700 });
      writeFileAtomic(file('helper'), CHECKPASS_HELPER, 0o644);
      writeFileAtomic(file('checkpass'), checkpassWrapper(process.execPath, file('helper'), file('passwd')), 0o755);
      ready = true;
      const why = await checked();
      // (state is changed by ensure(): read it through a call, not as narrowed above)
      const now = handleState();
      if (why && now === 'waiting') warn(`IMAP waits: ${why}; Dovecot starts once the certificate of lesson 02 is in place`);
      else if (why && now === 'failed' && !dovecotTried) warn(`IMAP not started: ${why}`);
    }
  } catch (e) {
    // the private folder could not be made: IMAP is not available, the rest of the sandbox runs
    rethrowBug(e);
    state = 'failed';
    failure = `IMAP not started: ${(e as Error).message}`;
    warn(failure);
  }

  return {
    imap: proxy.ports.imap,
    imaps: proxy.ports.imaps,
    state: handleState,
    pid: () => dovecot?.pid,
    refresh: async () => {
      await checked();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await queue;
      const d = dovecot;
      dovecot = undefined;
      await d?.stop();
      await proxy.close();
      if (ready) rmSync(dir, { recursive: true, force: true });
    },
  };
}
