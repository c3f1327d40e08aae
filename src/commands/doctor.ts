import type { GlobalOptions } from './options.js';
import { course } from './common.js';
import { installLines, probeTools, toolUses, type StepUse, type ToolStatus } from '../core/tools.js';
import { t, msg } from '../i18n/messages.js';
import { UserError } from '../util/errors.js';

/** "02-tls (key, cert), 03-smtp-auth (plain)" */
function stepList(uses: StepUse[]): string {
  const byLesson = new Map<string, string[]>();
  for (const u of uses) byLesson.set(u.lesson, [...(byLesson.get(u.lesson) ?? []), u.step]);
  return [...byLesson].map(([l, steps]) => `${l} (${steps.join(', ')})`).join(', ');
}

/** `mailsec doctor`: the outside tools the lessons use, found or not, and how to install them. Exit 1 when a needed one is missing. */
export async function doctor(g: GlobalOptions, rest: string[]): Promise<number> {
  if (rest.length) throw new UserError(msg('doctor.usage', { args: rest.join(' ') }));
  // the tools' own processes run while the lessons are read
  const probing = probeTools();
  const uses = toolUses(course(g));
  const statuses = await probing;
  const notOk = (s: ToolStatus) => s.status !== 'ok';
  const needed = statuses.filter((s) => notOk(s) && !s.tool.optional);
  const optional = statuses.filter((s) => notOk(s) && s.tool.optional);
  const toInstall = (list: ToolStatus[]) => installLines(list.filter((s) => !s.needs).map((s) => s.tool));
  if (g.json) {
    const tools = statuses.map((s) => {
      const lines = installLines([s.tool]);
      const steps = uses.get(s.tool.id) ?? [];
      const why = s.missingModules?.length ? { missingModules: s.missingModules } : s.needs ? { needs: s.needs } : {};
      return {
        id: s.tool.id,
        name: s.tool.name,
        found: s.status !== 'missing',
        status: s.status,
        version: s.version ?? null,
        path: s.path ?? null,
        optional: !!s.tool.optional,
        ...why,
        lessons: [...new Set(steps.map((u) => u.lesson))],
        steps: steps.map((u) => `${u.lesson}/${u.step}`),
        debian: lines.debian,
        brew: lines.mac,
      };
    });
    process.stdout.write(JSON.stringify({ tools, missing: needed.length }, null, 2) + '\n');
    return needed.length ? 1 : 0;
  }
  const L = g.lang;
  const out: string[] = [t(L, 'doctor.title'), ''];
  for (const s of statuses) {
    const icon = s.status === 'ok' ? '✔' : s.tool.optional ? '·' : '✘';
    const name = s.tool.optional ? `${s.tool.name} (${t(L, 'doctor.optional')})` : s.tool.name;
    const detail = s.missingModules?.length
      ? t(L, 'doctor.modules', { modules: s.missingModules.join(', ') })
      : s.needs
        ? t(L, 'doctor.needs', { tool: s.needs })
        : '';
    const state = [t(L, `doctor.${s.status}`), detail].filter(Boolean).join(' · ');
    out.push(`${icon} ${name}  ${[state, s.version, s.tool.perlModules ? '' : s.path].filter(Boolean).join('  ')}`);
    const steps = uses.get(s.tool.id) ?? [];
    if (steps.length) out.push(`    ${t(L, 'doctor.usedIn', { steps: stepList(steps) })}`);
    // a capability of a missing program comes with the program: its row says so and no more
    if (s.status === 'ok' || s.needs) continue;
    if (s.status === 'old') out.push(`    ${t(L, `doctor.tooOld.${s.tool.id}`, { version: s.version })}`);
    else out.push(`    ${t(L, 'doctor.without', { text: t(L, `doctor.loses.${s.tool.id}`) })}`);
    const lines = installLines([s.tool]);
    out.push(`    ${t(L, 'doctor.debian', { line: lines.debian })}`, `    ${t(L, 'doctor.mac', { line: lines.mac })}`);
  }
  out.push('');
  if (!needed.length) out.push(t(L, 'doctor.allOk'));
  else {
    out.push(needed.length === 1 ? t(L, 'doctor.oneMissing') : t(L, 'doctor.someMissing', { count: needed.length }));
    const lines = toInstall(needed);
    out.push(`  ${t(L, 'doctor.debian', { line: lines.debian })}`, `  ${t(L, 'doctor.mac', { line: lines.mac })}`);
  }
  if (optional.length) {
    const lines = toInstall(optional);
    out.push(
      t(L, 'doctor.optionalMissing'),
      `  ${t(L, 'doctor.debian', { line: lines.debian })}`,
      `  ${t(L, 'doctor.mac', { line: lines.mac })}`,
    );
  }
  process.stdout.write(out.join('\n') + '\n');
  return needed.length ? 1 : 0;
}
