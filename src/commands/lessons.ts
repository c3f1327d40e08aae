import type { GlobalOptions } from '../cli.js';
import { course } from './common.js';

export async function lessons(g: GlobalOptions): Promise<number> {
  const c = course(g);
  if (g.json) {
    const out = {
      lessons: c.lessons.map((l) => ({
        id: l.id,
        title: l.title[g.lang],
        steps: l.steps.map((s) => ({ id: s.id, title: s.title[g.lang], checkpoint: s.checkpoint })),
      })),
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    for (const l of c.lessons) {
      process.stdout.write(`${l.id}  ${l.title[g.lang]}\n`);
      l.steps.forEach((s, i) => process.stdout.write(`  ${String(i + 1).padStart(2)}. ${s.id}  ${s.title[g.lang]}${s.checkpoint ? '  ★' : ''}\n`));
    }
  }
  return c.errors.length ? 2 : 0;
}
