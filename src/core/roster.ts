// A teacher's roster (CSV: name, e-mail, optional group) read into students, each with a
// domain of their own derived from the name: ASCII-folded, stable for the same roster
// whatever its order, and collision-free. Pure: text in, students and problems out.

export interface RosterStudent {
  name: string;
  email: string;
  group?: string;
  domain: string;
  /** the roster line it came from */
  line: number;
}

export interface RosterProblem {
  line: number;
  problem: 'noName' | 'badEmail' | 'duplicateEmail' | 'columns' | 'quote';
  text: string;
}

/** A roster's bytes as text: UTF-8, or Windows-1252 (an older spreadsheet's export) when they are not UTF-8. */
export function decodeRoster(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1252').decode(data);
  }
}

/** Splits CSV text into records of fields, with their first line; quoted fields may hold the separator, "" and line breaks. */
export function parseCsv(text: string, sep: string): { line: number; fields: string[]; unclosed?: boolean }[] {
  const out: { line: number; fields: string[]; unclosed?: boolean }[] = [];
  let line = 1;
  let i = 0;
  const s = text.replace(/^\uFEFF/, '');
  while (i < s.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let unclosed = false;
    for (;;) {
      if (i >= s.length) {
        if (quoted) unclosed = true;
        fields.push(field);
        break;
      }
      const c = s[i];
      if (quoted) {
        if (c === '"' && s[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (c === '"') {
          quoted = false;
          i++;
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
      } else if (c === '"' && !field.trim()) {
        quoted = true;
        field = '';
        i++;
      } else if (c === sep) {
        fields.push(field);
        field = '';
        i++;
      } else if (c === '\n' || c === '\r') {
        fields.push(field);
        i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
        line++;
        break;
      } else {
        field += c;
        i++;
      }
    }
    if (fields.some((f) => f.trim()) || unclosed)
      out.push({ line: start, fields: fields.map((f) => f.trim()), ...(unclosed ? { unclosed } : {}) });
  }
  return out;
}

/** `;` when the first line has more of them than commas (a spreadsheet in a Spanish or Catalan locale). */
function separator(text: string): string {
  const first = text.split('\n', 1)[0].replace(/"[^"]*"/g, '');
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
}

const EMAIL = /^[^\s@",;<>]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

/** Letters and digits in ASCII: accents dropped (García → garcia, Núria → nuria), ñ → n, ç → c, the rest a hyphen. */
export function asciiFold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The label of a student's domain: first surname, then first given name ("García López,
 * Marta" and "Marta García López" both give garcia-marta). Catalan's "Puig i Soler" keeps
 * Puig. A name of one word is that word; folded to nothing, the e-mail's local part.
 */
export function nameLabel(name: string, email: string): string {
  let given: string[];
  let family: string[];
  const comma = name.indexOf(',');
  if (comma >= 0) {
    family = name.slice(0, comma).trim().split(/\s+/);
    given = name
      .slice(comma + 1)
      .trim()
      .split(/\s+/);
  } else {
    const words = name.trim().split(/\s+/);
    given = words.slice(0, 1);
    family = words.slice(1);
  }
  const parts = [family[0], given[0]].map((w) => asciiFold(w ?? '')).filter(Boolean);
  const label = parts.join('-') || asciiFold(email.split('@')[0]) || 'student';
  // room for a suffix (-12) within DNS's 63 characters
  return label.slice(0, 56).replace(/-+$/, '');
}

const HEADER = /^(e-?mail|correo|correu|mail|adre[çc]a|direcci[óo]n)/i;

/** Reads a roster; students get `<label>.<base>` domains. */
export function readRoster(text: string, base: string): { students: RosterStudent[]; problems: RosterProblem[] } {
  const records = parseCsv(text, separator(text));
  const problems: RosterProblem[] = [];
  const rows: Omit<RosterStudent, 'domain'>[] = [];
  const seen = new Map<string, number>();
  records.forEach((r, i) => {
    const raw = r.fields.join(', ');
    // a first row whose e-mail column names the column is the header
    if (i === 0 && !r.fields[1]?.includes('@') && HEADER.test(r.fields[1] ?? '')) return;
    if (r.unclosed) return problems.push({ line: r.line, problem: 'quote', text: raw });
    const [name = '', email = '', group = '', ...extra] = r.fields;
    if (extra.some(Boolean)) return problems.push({ line: r.line, problem: 'columns', text: raw });
    if (!name) return problems.push({ line: r.line, problem: 'noName', text: raw });
    if (!EMAIL.test(email)) return problems.push({ line: r.line, problem: 'badEmail', text: raw });
    const key = email.toLowerCase();
    if (seen.has(key)) return problems.push({ line: r.line, problem: 'duplicateEmail', text: raw });
    seen.set(key, r.line);
    rows.push({ name, email, ...(group ? { group } : {}), line: r.line });
  });
  return { students: assignDomains(rows, base), problems };
}

/** Domains for the rows: where two labels collide, the e-mails in order decide who gets -2, -3… */
function assignDomains(rows: Omit<RosterStudent, 'domain'>[], base: string): RosterStudent[] {
  const byLabel = new Map<string, Omit<RosterStudent, 'domain'>[]>();
  for (const r of rows) {
    const l = nameLabel(r.name, r.email);
    byLabel.set(l, [...(byLabel.get(l) ?? []), r]);
  }
  const taken = new Set(byLabel.keys());
  const label = new Map<Omit<RosterStudent, 'domain'>, string>();
  for (const [l, group] of [...byLabel].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const sorted = [...group].sort((a, b) => (a.email.toLowerCase() < b.email.toLowerCase() ? -1 : 1));
    label.set(sorted[0], l);
    let n = 2;
    for (const r of sorted.slice(1)) {
      while (taken.has(`${l}-${n}`)) n++;
      taken.add(`${l}-${n}`);
      label.set(r, `${l}-${n}`);
    }
  }
  return rows.map((r) => ({ ...r, domain: `${label.get(r)}.${base}` }));
}
