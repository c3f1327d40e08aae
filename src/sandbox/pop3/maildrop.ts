/**
 * A user's maildrop for POP3: the messages of the INBOX of their Maildir (new/ and cur/,
 * where the SMTP side delivers), listed once when the session enters TRANSACTION, as
 * RFC 1939 wants the numbering fixed for the session. Deletions happen only in UPDATE.
 */
import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Workspace } from '../../workspace/workspace.js';
import { maildirOf } from '../auth/deliver.js';
import { virtualSize } from './protocol.js';

export interface DropMessage {
  /** absolute path of the file when the session began */
  file: string;
  /** RFC 1939 §7: 1 to 70 characters from 0x21 to 0x7E, the same in every session */
  uidl: string;
  /** octets with CRLF line ends */
  size: number;
}

/** The mailbox of a SASL user: the local part, as the SMTP side names a recipient's Maildir. */
export function mailboxName(user: string): string {
  const local = user.split('@')[0].toLowerCase();
  return local.replace(/[^a-z0-9._-]/g, '_') || 'nobody';
}

/**
 * The Maildir base name (the part before ":2,flags", which changes with the flags) is
 * unique and stable; one that a POP3 UIDL could not carry is hashed.
 */
export function uidlOf(fileName: string): string {
  const base = fileName.split(':')[0];
  if (/^[\x21-\x7e]{1,70}$/.test(base)) return base;
  return createHash('sha256').update(base).digest('hex').slice(0, 40);
}

async function listDir(dir: string): Promise<{ file: string; name: string; mtimeMs: number }[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const out: { file: string; name: string; mtimeMs: number }[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const file = join(dir, name);
    try {
      const st = await fs.stat(file);
      if (st.isFile()) out.push({ file, name, mtimeMs: st.mtimeMs });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The messages, oldest first (delivery time, then name), with their sizes. */
export async function openMaildrop(ws: Workspace, user: string): Promise<DropMessage[]> {
  const root = ws.resolve(maildirOf(mailboxName(user)));
  const files = [...(await listDir(join(root, 'cur'))), ...(await listDir(join(root, 'new')))];
  files.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: DropMessage[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    let raw: Buffer;
    try {
      raw = await fs.readFile(f.file);
    } catch {
      continue;
    }
    let uidl = uidlOf(f.name);
    while (seen.has(uidl)) uidl = uidl.slice(0, 66) + '-' + seen.size;
    seen.add(uidl);
    out.push({ file: f.file, uidl, size: virtualSize(raw) });
  }
  return out;
}

/** A message's bytes now, or undefined when another session removed it. */
export async function readMessage(m: DropMessage): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(m.file);
  } catch {
    return undefined;
  }
}

/** UPDATE: the messages marked deleted are removed (one already gone counts as removed). */
export async function expunge(messages: DropMessage[]): Promise<void> {
  for (const m of messages) {
    try {
      await fs.unlink(m.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}
