#!/usr/bin/env node
// After you have updated a translated section to match the current Spanish one,
// record which Spanish version it now translates:
//   node scripts/stamp-translation.mjs lessons/01-threats ca [STEP...]
// With no STEP it prints which sections are stale and changes nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const [dir, lang, ...steps] = process.argv.slice(2);
if (!dir || !['ca', 'en'].includes(lang)) {
  console.error('usage: node scripts/stamp-translation.mjs LESSON_DIR ca|en [STEP...]');
  process.exit(2);
}
// same normalisation as src/course/sections.ts
const hash = (body) =>
  createHash('sha256')
    .update(
      body
        .replace(/\r\n/g, '\n')
        .trim()
        .replace(/[ \t]+\n/g, '\n'),
    )
    .digest('hex')
    .slice(0, 8);
const MARK = /^<!--\s*step:\s*([a-z0-9][a-z0-9-]*)(?:\s+source:\s*([0-9a-f]{8}))?\s*-->\s*$/;
function sections(text) {
  const out = new Map();
  let cur;
  for (const line of text.split('\n')) {
    const m = MARK.exec(line);
    if (m) {
      cur = m[1];
      out.set(cur, []);
    } else if (cur) out.get(cur).push(line);
  }
  return new Map([...out].map(([k, v]) => [k, hash(v.join('\n'))]));
}
const es = sections(readFileSync(join(dir, 'es.md'), 'utf8'));
const file = join(dir, `${lang}.md`);
const text = readFileSync(file, 'utf8');
let changed = 0;
const out = text.split('\n').map((line) => {
  const m = MARK.exec(line);
  if (!m) return line;
  const want = es.get(m[1]);
  if (m[2] === want) return line;
  if (!steps.length) {
    console.log(`stale: ${file} step ${m[1]} (translates ${m[2] ?? 'nothing'}, Spanish is ${want})`);
    return line;
  }
  if (!steps.includes(m[1]) && !steps.includes('--all')) return line;
  changed++;
  return `<!-- step: ${m[1]} source: ${want} -->`;
});
if (changed) writeFileSync(file, out.join('\n'));
console.log(`${changed} section(s) stamped in ${file}`);
