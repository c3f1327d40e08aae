/**
 * The users passwd.byname knows in the sandbox: Debian's system accounts and each folder
 * under home/. Read again only when home/ changes (its inode or time), not at every RCPT.
 */
import { readdirSync, statSync } from 'node:fs';
import { SYSTEM_ACCOUNTS } from '../../postfix/recipients.js';

/** a folder changed this recently may change again within the same clock tick, unseen: not kept */
const SETTLED_MS = 1000;

const known = new Map<string, { ino: number; mtimeMs: number; users: Set<string> }>();

export function passwdUsers(homeDir: string): Set<string> {
  let st: { ino: number; mtimeMs: number };
  try {
    st = statSync(homeDir);
  } catch {
    // no home/ folder: the system accounts only
    known.delete(homeDir);
    return new Set(SYSTEM_ACCOUNTS);
  }
  const k = known.get(homeDir);
  if (k && k.ino === st.ino && k.mtimeMs === st.mtimeMs) return k.users;
  const users = new Set(SYSTEM_ACCOUNTS);
  try {
    for (const d of readdirSync(homeDir, { withFileTypes: true })) if (d.isDirectory()) users.add(d.name.toLowerCase());
  } catch {
    // removed meanwhile: the system accounts only
  }
  if (Date.now() - st.mtimeMs > SETTLED_MS) known.set(homeDir, { ino: st.ino, mtimeMs: st.mtimeMs, users });
  else known.delete(homeDir);
  return users;
}
