// The capstone's break and restore (lesson 19): the learner's files backed up first, the
// faults of their domain's plan (checks/capstone-plan.ts) written into them, and a record of
// the break in the workspace, which the lesson's checks read. Restore puts the backup back.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, chmodSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { dirname, join } from 'node:path';
import { UserError } from '../util/errors.js';
import { msg } from '../i18n/messages.js';
import { writeFileAtomic } from '../util/atomic.js';
import { META_DIR, type Workspace } from '../workspace/workspace.js';
import {
  breakMainCf,
  breakOpenDkim,
  breakZone,
  DKIM_TAG,
  DMARC_TAG,
  filesOf,
  findTxt,
  keywordOf,
  paramOf,
  planFor,
  SPF_TAG,
  type Area,
  type Fault,
} from '../checks/capstone-plan.js';
import { CAPSTONE_RECORD, type CapstoneRecord } from '../checks/capstone-record.js';

export const BACKUP_DIR = join(META_DIR, 'backups', 'capstone');
const MAIN = 'etc/postfix/main.cf';
const OPENDKIM = 'etc/opendkim.conf';

interface Manifest {
  files: { path: string; mode: number }[];
}

export interface BreakResult {
  areas: Area[];
  files: string[];
  backup: string;
}

/** What the faults need from lessons 02-10, read from the files; a missing piece names its lesson. */
function facts(ws: Workspace) {
  const need = (lesson: string, what: string) => new UserError(msg('capstone.needsLesson', { lesson, what }));
  const zoneFile = `etc/bind/db.${ws.domain}`;
  const main = ws.readText(MAIN) ?? '';
  const zone = ws.readText(zoneFile);
  const conf = ws.readText(OPENDKIM) ?? '';
  const tlsKey = paramOf(main, 'smtpd_tls_key_file');
  if (!tlsKey || !existsSync(ws.resolve(tlsKey))) throw need('02-tls', `smtpd_tls_key_file (${MAIN})`);
  if (!/\breject_unauth_destination\b/.test(paramOf(main, 'smtpd_relay_restrictions') ?? ''))
    throw need('04-open-relay', `reject_unauth_destination (${MAIN})`);
  if (!zone) throw need('08-spf', zoneFile);
  const selector = keywordOf(conf, 'Selector');
  const dkimKeyFile = keywordOf(conf, 'KeyFile');
  if (!selector || !dkimKeyFile || !existsSync(ws.resolve(dkimKeyFile))) throw need('09-dkim', `Selector, KeyFile (${OPENDKIM})`);
  if (!findTxt(zone, ws.domain, ws.domain, SPF_TAG)) throw need('08-spf', `v=spf1 (${zoneFile})`);
  if (!findTxt(zone, ws.domain, `${selector}._domainkey.${ws.domain}`, DKIM_TAG))
    throw need('09-dkim', `${selector}._domainkey (${zoneFile})`);
  if (!findTxt(zone, ws.domain, `_dmarc.${ws.domain}`, DMARC_TAG)) throw need('10-dmarc', `_dmarc (${zoneFile})`);
  const tlsPublicB64 = createPublicKey(readFileSync(ws.resolve(tlsKey)))
    .export({ type: 'spki', format: 'der' })
    .toString('base64');
  return { zoneFile, selector, dkimKeyFile, tlsPublicB64 };
}

/** Is there a record of a break (whatever state it is in: a broken one is replaced by --again)? */
export function isBroken(ws: Workspace): boolean {
  return existsSync(ws.resolve(CAPSTONE_RECORD));
}

/** The files as they were before the break, put back (the ones they replace kept beside); the record of the break removed. */
export function restoreServer(ws: Workspace): { files: string[]; kept: string } {
  const dir = join(ws.root, BACKUP_DIR);
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new UserError(msg('capstone.noBackup', { dir: ws.display(dir) }));
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  // what the learner has written since the break is kept too, beside the backup
  const since = join(ws.root, `${BACKUP_DIR}-before-restore`);
  rmSync(since, { recursive: true, force: true });
  for (const f of m.files) {
    if (!existsSync(ws.resolve(f.path))) continue;
    mkdirSync(dirname(join(since, f.path)), { recursive: true });
    copyFileSync(ws.resolve(f.path), join(since, f.path));
  }
  for (const f of m.files) {
    const to = ws.resolve(f.path);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(dir, 'files', f.path), to);
    chmodSync(to, f.mode);
  }
  rmSync(ws.resolve(CAPSTONE_RECORD), { force: true });
  return { files: m.files.map((f) => f.path), kept: ws.display(since) };
}

/** Backs up, then hides one fault of each area in the workspace; the same faults for the same domain. */
export function breakServer(ws: Workspace, opts: { again?: boolean } = {}): BreakResult {
  if (isBroken(ws)) {
    if (!opts.again) throw new UserError(msg('capstone.alreadyBroken', { file: CAPSTONE_RECORD }));
    restoreServer(ws);
  }
  const f = facts(ws);
  const plan = planFor(ws.domain);
  const files = [...new Set(plan.flatMap((x) => filesOf(x, ws.domain)))];
  const dir = join(ws.root, BACKUP_DIR);
  rmSync(dir, { recursive: true, force: true });
  const manifest: Manifest = { files: [] };
  for (const rel of files) {
    const to = join(dir, 'files', rel);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(ws.resolve(rel), to);
    manifest.files.push({ path: rel, mode: statSync(ws.resolve(rel)).mode & 0o777 });
  }
  writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

  const texts = new Map(files.map((rel) => [rel, ws.readText(rel) ?? '']));
  for (const fault of plan) apply(texts, fault, ws.domain, f);
  for (const [rel, text] of texts) writeFileAtomic(ws.resolve(rel), text, statSync(ws.resolve(rel)).mode & 0o777);
  const record: CapstoneRecord = { version: 1, domain: ws.domain, brokenAt: new Date().toISOString(), areas: plan.map((x) => x.area) };
  mkdirSync(dirname(ws.resolve(CAPSTONE_RECORD)), { recursive: true });
  writeFileAtomic(ws.resolve(CAPSTONE_RECORD), JSON.stringify(record, null, 2) + '\n');
  return { areas: record.areas, files, backup: ws.display(dir) };
}

function apply(texts: Map<string, string>, fault: Fault, domain: string, f: ReturnType<typeof facts>): void {
  const files = filesOf(fault, domain);
  if (files.includes(MAIN)) texts.set(MAIN, breakMainCf(texts.get(MAIN)!, fault, f));
  if (files.includes(OPENDKIM)) texts.set(OPENDKIM, breakOpenDkim(texts.get(OPENDKIM)!, fault));
  if (files.includes(f.zoneFile)) texts.set(f.zoneFile, breakZone(texts.get(f.zoneFile)!, domain, fault, f));
}
