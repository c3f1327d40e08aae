import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';

/** The package root (where lessons/ and sandbox/ live), from src/ in tests or dist/ when built. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'lessons'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error('mailsec: cannot find the package root (lessons/ next to package.json)');
}

export const lessonsDir = () => process.env.MAILSEC_LESSONS_DIR ?? join(packageRoot(), 'lessons');
export const templateDir = () => join(packageRoot(), 'sandbox');
