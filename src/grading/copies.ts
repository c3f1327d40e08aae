import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/messages.js';
import { templateContent, templateFiles, templateTarget } from '../workspace/workspace.js';
import { TEACHER_CA_PATH, TEACHER_KEY_PATH } from '../mailcrypto/teacher.js';
import { normalizeAnswer } from '../checks/quiz.js';
import type { Bundle } from './bundle.js';

/**
 * Copy detection: what of a student's work could only be the same in two bundles if one
 * copied the other. Each bundle yields traces (a kind, where it is, a hash); two students
 * sharing a trace are reported as a pair with everything they share.
 */
export type ShareKind = 'key' | 'cert' | 'dkimKey' | 'pgpKey' | 'signature' | 'answer' | 'file';
export interface Trace {
  kind: ShareKind;
  /** a path in the workspace, or lesson/step for an answer */
  where: string;
  hash: string;
  /** an answer the grader accepted: two right answers to the same question are no copy */
  right?: boolean;
}
export interface Shared {
  student: string;
  file: string;
  shared: { kind: ShareKind; where: string }[];
}
/** What copy detection reads of a graded student. */
export interface CopySubject {
  student: string;
  file: string;
  domain: string;
  warnings: string[];
  copies?: Shared[];
}

/** Below this size an identical file is too likely a coincidence (a one-line list, an empty policy). */
export const SAME_FILE_BYTES = 200;
/** A shorter wrong answer ("main.cf") is a mistake many make on their own. */
export const SAME_ANSWER_CHARS = 8;
/**
 * Whole files are compared outside etc/ only: two students who make the same edits a
 * lesson asks for to the same template get the same master.cf or local.cf without
 * copying. Their keys there are compared all the same (by kind, above).
 */
const OWN_WORK = /^(?!etc\/)/;
const SHOWN = 6;

const byPath: [RegExp, ShareKind][] = [
  [/\.private$/, 'dkimKey'],
  [/(^|\/)\.gnupg\/(private-keys-v1\.d\/|secring\.gpg$|pubring\.(kbx|gpg)$)/, 'pgpKey'],
  [/\.(gpg|sig|p7s|p7m|rev)$/, 'signature'],
  [/\.(key|p12|pfx)$|(^|\/)private\//, 'key'],
  [/\.(crt|pem|cer)$/, 'cert'],
];

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Signatures and encrypted messages inside a text file: the same one in two bundles was made once. */
function signaturesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/-----BEGIN PGP (SIGNATURE|MESSAGE)-----[\s\S]*?-----END PGP \1-----/g)) out.push(m[0].replace(/\s+/g, ''));
  // DKIM-Signature's b= (not bh=, which is the body's hash and the same for the same text)
  for (const m of text.matchAll(/^DKIM-Signature:((?:.*)(?:\r?\n[ \t].*)*)/gim)) {
    const b = /(?:^|;)\s*b=([^;]*)/.exec(m[1])?.[1].replace(/\s+/g, '');
    if (b) out.push(`dkim:${b}`);
  }
  // S/MIME: the base64 of a pkcs7 part
  if (/application\/(x-)?pkcs7-(signature|mime)/i.test(text))
    for (const m of text.matchAll(/(?:^[A-Za-z0-9+/=]{60,}\r?\n){3,}/gm)) out.push(`cms:${m[0].replace(/\s+/g, '')}`);
  return out;
}

function pgpKeyText(text: string): boolean {
  return /-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----/.test(text);
}

/** The template as `mailsec init` writes it for this domain: a file left as it was is nobody's work. */
function templateHashes(domain: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const src of templateFiles()) out.set(templateTarget(src, domain), sha(templateContent(src, domain)));
  return out;
}

export function tracesOf(b: Bundle, answers: { step: string; text: string; right: boolean }[]): Trace[] {
  const out: Trace[] = [];
  const template = templateHashes(b.domain);
  for (const f of b.files) {
    // the teacher's public key and CA certificate: every student of a class (or of a machine) has the same
    if (f.path.startsWith('.mailsec/') || f.path === TEACHER_KEY_PATH || f.path === TEACHER_CA_PATH) continue;
    const data = Buffer.from(f.data, 'base64');
    const hash = sha(data);
    if (template.get(f.path) === hash || !data.length) continue;
    const text = data.includes(0) ? '' : data.toString('utf8');
    const kind = byPath.find(([re]) => re.test(f.path))?.[1] ?? (pgpKeyText(text) ? 'pgpKey' : undefined);
    if (kind) {
      out.push({ kind, where: f.path, hash });
      continue;
    }
    const sigs = signaturesIn(text);
    for (const s of new Set(sigs)) out.push({ kind: 'signature', where: f.path, hash: sha(s) });
    if (!sigs.length && data.length >= SAME_FILE_BYTES && OWN_WORK.test(f.path)) out.push({ kind: 'file', where: f.path, hash });
  }
  for (const a of answers) {
    const n = normalizeAnswer(a.text);
    if (n.length >= SAME_ANSWER_CHARS) out.push({ kind: 'answer', where: a.step, hash: sha(`${a.step}\0${n}`), right: a.right });
  }
  return out;
}

/** Pairs of students that share traces, and the same domain twice; warnings in the teacher's language. */
export function findCopies(all: { graded: CopySubject; traces: Trace[] }[], lang: Lang): void {
  const owners = new Map<string, { i: number; trace: Trace }[]>();
  all.forEach(({ traces }, i) => {
    for (const trace of traces) {
      const key = `${trace.kind}\0${trace.hash}`;
      const list = owners.get(key) ?? [];
      if (!list.some((o) => o.i === i)) list.push({ i, trace });
      owners.set(key, list);
    }
  });
  const pairs = new Map<string, { kind: ShareKind; where: string }[][]>();
  for (const list of owners.values()) {
    // most of the class has it: it came with the course (a teacher's public key), or it is
    // what everyone writes; and a pair per two of them would bury the real pairs
    if (list.length >= 3 && list.length > all.length / 2) continue;
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) {
        const [a, b] = [list[x], list[y]];
        if (a.trace.kind === 'answer' && a.trace.right && b.trace.right) continue;
        const key = `${a.i} ${b.i}`;
        const p = pairs.get(key) ?? [[], []];
        p[0].push({ kind: a.trace.kind, where: a.trace.where });
        p[1].push({ kind: b.trace.kind, where: b.trace.where });
        pairs.set(key, p);
      }
  }
  const say = (g: CopySubject, other: CopySubject, shared: { kind: ShareKind; where: string }[]) => {
    const order: ShareKind[] = ['key', 'dkimKey', 'pgpKey', 'cert', 'signature', 'answer', 'file'];
    shared.sort((p, q) => order.indexOf(p.kind) - order.indexOf(q.kind) || p.where.localeCompare(q.where));
    (g.copies ??= []).push({ student: other.student, file: basename(other.file), shared });
    const items = shared.slice(0, SHOWN).map((s) => t(lang, `grade.copy.${s.kind}`, { path: s.where }));
    if (shared.length > SHOWN) items.push(t(lang, 'grade.copy.more', { n: shared.length - SHOWN }));
    g.warnings.push(t(lang, 'grade.copy.pair', { student: other.student, file: basename(other.file), shared: items.join('; ') }));
  };
  for (const [key, [sa, sb]] of [...pairs].sort(([p], [q]) => p.localeCompare(q, 'en', { numeric: true }))) {
    const [i, j] = key.split(' ').map(Number);
    say(all[i].graded, all[j].graded, sa);
    say(all[j].graded, all[i].graded, sb);
  }
  const domains = new Map<string, CopySubject>();
  for (const { graded } of all) {
    const d = domains.get(graded.domain);
    if (d) graded.warnings.push(t(lang, 'grade.w.sameDomain', { domain: graded.domain, student: d.student, file: basename(d.file) }));
    else domains.set(graded.domain, graded);
  }
}

/** Two submissions copy detection put together: what the first shares with the second, as in the first. */
export interface CopyPair<G extends CopySubject> {
  a: G;
  b: G;
  shared: { kind: ShareKind; where: string }[];
  sameDomain: boolean;
}

/** The pairs findCopies found (and those on the same domain), once each, in the class's order: a report's table. */
export function copyPairs<G extends CopySubject>(all: G[]): CopyPair<G>[] {
  const out: CopyPair<G>[] = [];
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) {
      const [a, b] = [all[i], all[j]];
      const shared = a.copies?.find((s) => s.student === b.student && s.file === basename(b.file))?.shared ?? [];
      const sameDomain = a.domain === b.domain;
      if (shared.length || sameDomain) out.push({ a, b, shared, sameDomain });
    }
  return out;
}
