import { SASLDB } from '../checks/smtp.js';

/**
 * What a bundle carries of a file that holds the student's secrets. sasldb2.json keeps
 * CRAM-MD5 and DIGEST-MD5 password equivalents (whoever has them logs in as the user):
 * the bundle keeps only the user names, which is all grading reads of it (smtp.user).
 * Lab keys still travel: copy detection compares them, and the lessons say never to reuse them.
 */
export function forBundle(path: string, data: Buffer): Buffer | undefined {
  if (path !== SASLDB) return data;
  let users: string[];
  try {
    const db = JSON.parse(data.toString('utf8')) as { users?: unknown };
    users = db.users && typeof db.users === 'object' ? Object.keys(db.users) : [];
  } catch {
    // not JSON: it may still hold secrets, and no check could read it anyway
    return undefined;
  }
  return Buffer.from(JSON.stringify({ version: 1, users: Object.fromEntries(users.map((u) => [u, {}])) }, null, 2) + '\n');
}
