import { createHash } from 'node:crypto';

export interface Section {
  id: string;
  /** for a translation: the hash of the Spanish section it was made from */
  source?: string;
  body: string;
  line: number;
}

const MARKER = /^<!--\s*step:\s*([a-z0-9][a-z0-9-]*)(?:\s+source:\s*([0-9a-f]{8}))?\s*-->\s*$/;

export function sectionHash(body: string): string {
  const norm = body
    .replace(/\r\n/g, '\n')
    .trim()
    .replace(/[ \t]+\n/g, '\n');
  return createHash('sha256').update(norm).digest('hex').slice(0, 8);
}

export interface SectionError {
  line: number;
  message: string;
}

/** Splits a lesson's markdown into one section per step, at `<!-- step: ID -->` markers. */
export function splitSections(text: string): { sections: Section[]; errors: SectionError[] } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const sections: Section[] = [];
  const errors: SectionError[] = [];
  let cur: Section | undefined;
  let buf: string[] = [];
  const flush = () => {
    if (cur) sections.push({ ...cur, body: buf.join('\n').trim() });
    buf = [];
  };
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (m) {
      flush();
      cur = { id: m[1], source: m[2], body: '', line: i + 1 };
      return;
    }
    if (/^<!--\s*step/.test(line)) {
      errors.push({
        line: i + 1,
        message: 'malformed step marker; write <!-- step: ID --> (translations: <!-- step: ID source: HASH -->)',
      });
      return;
    }
    if (!cur) {
      if (line.trim()) errors.push({ line: i + 1, message: 'text before the first <!-- step: ID --> marker' });
      return;
    }
    buf.push(line);
  });
  flush();
  const seen = new Set<string>();
  for (const s of sections) {
    if (seen.has(s.id)) errors.push({ line: s.line, message: `step "${s.id}" has two sections` });
    seen.add(s.id);
  }
  return { sections, errors };
}
