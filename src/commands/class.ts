// mailsec class init roster.csv: a class file (students, their domains, the teacher's public parts).
import { basename, resolve } from 'node:path';
import type { GlobalOptions } from './options.js';
import { t, msg } from '../i18n/messages.js';
import { UserError } from '../util/errors.js';
import { onUserPaths } from '../util/fs-errors.js';
import { defaultTeacherDir, hasTeacher, teacherPublic } from '../mailcrypto/teacher.js';
import { asciiFold, decodeRoster, readRoster } from '../core/roster.js';
import { readSmallFile, writeClassFile, type ClassFile } from '../core/class-file.js';
import { DEFAULT_DOMAIN, validDomain } from '../workspace/workspace.js';

export interface ClassOptions {
  teacher?: string;
  out?: string;
  name?: string;
  domain?: string;
}

export async function classCommand(g: GlobalOptions, rest: string[], o: ClassOptions): Promise<number> {
  const [sub, roster, ...extra] = rest;
  if (sub !== 'init' || !roster || extra.length) {
    process.stderr.write(t(g.lang, 'class.usage') + '\n');
    return 2;
  }
  const teacherDir = resolve(o.teacher ?? defaultTeacherDir());
  if (!hasTeacher(teacherDir)) throw new UserError(msg('teacher.missing', { dir: teacherDir }));
  const base = (o.domain ?? DEFAULT_DOMAIN).toLowerCase();
  if (!validDomain(base)) throw new UserError(msg('class.badBase', { domain: base }));
  const text = decodeRoster(readSmallFile(roster, 'class.rosterUnreadable'));
  const { students, problems } = readRoster(text, base);
  for (const p of problems) process.stderr.write(t(g.lang, `class.p.${p.problem}`, { file: roster, line: p.line, text: p.text }) + '\n');
  if (!students.length) throw new UserError(msg('class.empty', { file: roster }));
  const name = o.name?.trim() || basename(roster).replace(/\.[^.]*$/, '');
  const c: ClassFile = {
    mailsec: 'class',
    version: 1,
    code: asciiFold(name).slice(0, 32) || 'class',
    name,
    createdAt: new Date().toISOString(),
    teacher: onUserPaths([teacherDir], 'read', () => teacherPublic(teacherDir)),
    students: students.map((s) => ({ name: s.name, email: s.email, ...(s.group ? { group: s.group } : {}), domain: s.domain })),
  };
  const out = resolve(o.out ?? `${c.code}.class.json`);
  onUserPaths([out], 'write', () => writeClassFile(out, c));
  if (g.json) {
    process.stdout.write(JSON.stringify({ file: out, code: c.code, name: c.name, students: c.students, problems }, null, 2) + '\n');
  } else {
    process.stdout.write(
      t(g.lang, 'class.made', { name: c.name, code: c.code, n: c.students.length, file: out, base: basename(out) }) + '\n',
    );
    for (const s of c.students) process.stdout.write(`  ${s.domain}  ${s.name} <${s.email}>${s.group ? `  ${s.group}` : ''}\n`);
  }
  if (problems.length) {
    process.stderr.write(t(g.lang, 'class.skipped', { n: problems.length, file: roster }) + '\n');
    return 1;
  }
  return 0;
}
