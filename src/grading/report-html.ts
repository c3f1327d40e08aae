/*
 * The class on one page, for the teacher: a self-contained HTML file (no scripts, no
 * external files) with the grid (student × grade item, colour AND symbol), the pairs of
 * submissions that share what should be each student's own, the rejected submissions,
 * and each student's detail: the check's message per step, attempts and hints, warnings.
 * Everything a student wrote (name, e-mail, file names, messages quoting their files) is
 * escaped: the page shows it, never runs it.
 */
import { basename } from 'node:path';
import type { Course } from '../course/types.js';
import { formatNumber, type Lang } from '../i18n/lang.js';
import { t } from '../i18n/messages.js';
import type { Graded, StepGrade } from './grade.js';
import { score, type CourseFile } from './course-file.js';
import type { CopyPair } from './copies.js';

export const esc = (s: string | number): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const SYMBOL = { pass: '✔', fail: '✘', error: '⚠' } as const;
/** attempts shown one by one in a row; the rest are counted */
const SHOWN_ATTEMPTS = 12;

const STYLE = `
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eee}
.grid td.s{text-align:center;font-weight:bold;min-width:2em}
.pass{background:#d4f4d4;color:#0a5a0a}
.fail{background:#f9d6d6;color:#8a1010}
.error{background:#fbeec0;color:#6a4a00}
.none{color:#888}
sup{font-weight:normal;color:#333}
.warn{color:#8a1010}
details{margin:.5em 0;border:1px solid #ddd;padding:.3em .6em}
summary{cursor:pointer;font-weight:bold}
.mono{font-family:ui-monospace,monospace}
`;

export interface HtmlInput {
  lang: Lang;
  course: Course;
  cf: CourseFile;
  graded: Graded[];
  /** the pairs copy detection (copies.ts) found */
  copies: CopyPair<Graded>[];
  rejected: { file: string; error: string }[];
  generatedAt: string;
}

function stepTitle(course: Course, lang: Lang, ref: string): string {
  const [l, s] = ref.split('/');
  const step = course.lessons.find((x) => x.id === l)?.steps.find((x) => x.id === s);
  return step ? step.title[lang] : ref;
}

const who = (g: Graded) => `${esc(g.student)}${g.email ? ` <span class="mono">&lt;${esc(g.email)}&gt;</span>` : ''}`;

function cell(lang: Lang, r: StepGrade | undefined): string {
  if (!r) return '<td class="s none">–</td>';
  const hints = r.hintsUsed ? `<sup>${r.hintsUsed}</sup>` : '';
  return `<td class="s ${r.status}" title="${esc(`${t(lang, `report.${r.status}`)}: ${r.message}`)}">${SYMBOL[r.status]}${hints}</td>`;
}

function attemptsCell(lang: Lang, r: StepGrade): string {
  if (!r.attemptCount) return '0';
  const shown = r.attempts.slice(-SHOWN_ATTEMPTS);
  const marks = shown
    .map(
      (a) =>
        `<span class="${a.status}" title="${esc(`${a.at} ${t(lang, `report.${a.status}`)}${a.key ? ` (${a.key})` : ''}`)}">${SYMBOL[a.status]}</span>`,
    )
    .join('');
  return `${r.attemptCount} ${marks}`;
}

function grid(i: HtmlInput): string {
  const { lang, cf } = i;
  const head = cf.items.map((it) => `<th title="${esc(stepTitle(i.course, lang, it.step))}">${esc(it.name)}</th>`).join('');
  const rows = i.graded.map((g, n) => {
    const by = new Map(g.results.map((r) => [`${r.lesson}/${r.step}`, r]));
    const s = score(cf, g.results);
    const total = s.total === undefined ? '<td class="error">⚠</td>' : `<td>${s.total}</td>`;
    return `<tr><th><a href="#s${n}">${who(g)}</a></th>${cf.items.map((it) => cell(lang, by.get(it.step))).join('')}<td>${g.passed}/${g.total}</td>${total}</tr>`;
  });
  return `<table class="grid"><tr><th>${esc(t(lang, 'report.html.student'))}</th>${head}<th>${esc(t(lang, 'report.html.passed'))}</th><th>${esc(t(lang, 'report.html.grade', { max: cf.maxGrade }))}</th></tr>${rows.join('')}</table>`;
}

function copiesTable(i: HtmlInput): string {
  const { lang } = i;
  if (!i.copies.length) return `<p>${esc(t(lang, 'report.html.noCopies'))}</p>`;
  const rows = i.copies.map((p) => {
    const what = [
      ...[...new Set(p.shared.map((s) => s.where))].map((f) => `<span class="mono">${esc(f)}</span>`),
      ...(p.sameDomain ? [esc(t(lang, 'report.html.sameDomain', { domain: p.a.domain }))] : []),
    ];
    return `<tr><td>${who(p.a)}<br><span class="mono">${esc(basename(p.a.file))}</span></td><td>${who(p.b)}<br><span class="mono">${esc(basename(p.b.file))}</span></td><td class="warn">${what.join('<br>')}</td></tr>`;
  });
  return `<table><tr><th>${esc(t(lang, 'report.html.student'))}</th><th>${esc(t(lang, 'report.html.student'))}</th><th>${esc(t(lang, 'report.html.shares'))}</th></tr>${rows.join('')}</table>`;
}

function detail(i: HtmlInput, g: Graded, n: number): string {
  const { lang, cf } = i;
  const s = score(cf, g.results);
  const items = new Set(cf.items.map((it) => it.step));
  const rows = g.results.map((r) => {
    const ref = `${r.lesson}/${r.step}`;
    const mark = items.has(ref) ? ' ★' : '';
    return `<tr><td class="mono">${esc(ref)}${mark}<br>${esc(stepTitle(i.course, lang, ref))}</td>${cell(lang, r)}<td>${esc(r.message)}</td><td>${attemptsCell(lang, r)}</td><td>${r.hintsUsed}</td></tr>`;
  });
  const warnings = g.warnings.length
    ? `<p><b>${esc(t(lang, 'report.html.warnings'))}</b></p><ul>${g.warnings.map((w) => `<li class="warn">${esc(w)}</li>`).join('')}</ul>`
    : '';
  const attempts = g.results.reduce((x, r) => x + r.attemptCount, 0);
  const hints = g.results.reduce((x, r) => x + r.hintsUsed, 0);
  const total = s.total === undefined ? '⚠' : `${formatNumber(lang, s.total)}/${formatNumber(lang, cf.maxGrade)}`;
  return `<details id="s${n}"><summary>${who(g)} — ${esc(g.domain)} — ${esc(total)}</summary>
<p>${esc(basename(g.file))} · ${esc(g.createdAt)} · ${esc(t(lang, 'report.html.checkpoints', { passed: g.checkpoints.passed, total: g.checkpoints.total }))} · ${esc(t(lang, 'report.effort', { attempts, hints }))}</p>
${warnings}<table><tr><th>${esc(t(lang, 'report.html.step'))}</th><th>${esc(t(lang, 'report.html.result'))}</th><th>${esc(t(lang, 'report.html.message'))}</th><th>${esc(t(lang, 'report.html.attempts'))}</th><th>${esc(t(lang, 'report.html.hints'))}</th></tr>${rows.join('')}</table></details>`;
}

export function htmlReport(i: HtmlInput): string {
  const { lang } = i;
  const rejected = i.rejected.length
    ? `<h2>${esc(t(lang, 'report.html.rejected'))}</h2><ul>${i.rejected.map((r) => `<li><span class="mono">${esc(basename(r.file))}</span>: ${esc(r.error)}</li>`).join('')}</ul>`
    : '';
  const title = t(lang, 'report.html.title');
  return `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)}</title><style>${STYLE}</style></head>
<body><h1>${esc(title)}</h1>
<p>${esc(t(lang, 'report.html.generated', { date: i.generatedAt, n: i.graded.length }))}</p>
<p>${esc(t(lang, 'report.html.legend', { penalty: i.cf.hintPenalty }))}</p>
${grid(i)}
<h2>${esc(t(lang, 'report.html.copies'))}</h2>
${copiesTable(i)}
${rejected}
<h2>${esc(t(lang, 'report.html.details'))}</h2>
${i.graded.map((g, n) => detail(i, g, n)).join('\n')}
</body></html>
`;
}
