// The teacher of the tests: made at test time by the built CLI (`mailsec teacher init`) in a
// folder of this test process, never taken from the repository. Importing this module points
// MAILSEC_TEACHER_DIR there, so every `mailsec init` the tests run (and their children) uses
// it instead of the user's own ~/.config/mailsec/teacher.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/paths.js';

process.env.MAILSEC_TEACHER_DIR ??= join(mkdtempSync(join(tmpdir(), 'mailsec-teacher-')), 'teacher');

export const TEACHER_EMAIL = 'profesor@escuela.example';

/** The test teacher's folder, made when first asked for. */
export function testTeacher(): string {
  const dir = process.env.MAILSEC_TEACHER_DIR!;
  if (!existsSync(join(dir, 'teacher.json'))) {
    const cli = process.env.MAILSEC_CLI || join(packageRoot(), 'dist', 'cli.js');
    execFileSync(process.execPath, [cli, '--lang', 'en', 'teacher', 'init', dir], { stdio: 'pipe' });
  }
  return dir;
}

export const teacherPublicKey = (): string => readFileSync(join(testTeacher(), 'openpgp-public.asc'), 'utf8');
export const teacherSecretKey = (): string => readFileSync(join(testTeacher(), 'openpgp-secret.asc'), 'utf8');
