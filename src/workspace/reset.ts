import { existsSync, mkdirSync, copyFileSync, writeFileSync, chmodSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Workspace } from './workspace.js';
import { templateContent, templateFiles, templateTarget } from './workspace.js';
import type { Lesson } from '../course/loader.js';

/** The files a lesson changes, with the learner's domain in names such as etc/bind/db.{{domain}}. */
export function lessonFiles(lesson: Lesson, ws: Workspace): string[] {
  const vars = ws.vars as unknown as Record<string, string>;
  return lesson.files.map((f) => f.replace(/\{\{(\w+)\}\}/g, (w, k: string) => vars[k] ?? w));
}

/**
 * Puts a lesson's files back as they were when the learner opened it (its snapshot),
 * or as the template has them; the learner's current versions are copied aside first.
 */
export function resetLesson(ws: Workspace, lesson: Lesson): { restored: string[]; backupDir: string } {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backupDir = ws.metaPath('backups', `${lesson.id}-${stamp}`);
  const template = new Map(templateFiles().map((f) => [templateTarget(f, ws.domain), f]));
  const restored: string[] = [];
  let absent: string[] = [];
  try {
    absent = JSON.parse(readFileSync(ws.metaPath('snapshots', lesson.id, '.absent.json'), 'utf8'));
  } catch {
    // no snapshot: the lesson was never opened, the template is the reference
  }
  for (const f of lessonFiles(lesson, ws)) {
    const target = ws.resolve(f);
    const rel = ws.display(f);
    if (existsSync(target)) {
      const b = join(backupDir, rel);
      mkdirSync(dirname(b), { recursive: true });
      copyFileSync(target, b);
    }
    const snap = join(ws.metaPath('snapshots', lesson.id), rel);
    mkdirSync(dirname(target), { recursive: true });
    if (absent.includes(rel)) {
      if (!existsSync(target)) continue;
      rmSync(target);
    } else if (existsSync(snap)) copyFileSync(snap, target);
    else if (template.has(rel)) writeFileSync(target, templateContent(template.get(rel)!, ws.domain));
    else continue;
    if (existsSync(target) && /\.key$|private/.test(rel)) chmodSync(target, 0o600);
    restored.push(rel);
  }
  return { restored, backupDir };
}
