import type { GlobalOptions } from './options.js';
import { course, openWorkbook, refArg, resolveRef } from './common.js';
import { UserError } from '../util/errors.js';
import { msg, t } from '../i18n/messages.js';
import type { StepRef } from '../core/workbook.js';
import type { Verdict } from '../checks/types.js';
import type { Lang } from '../i18n/lang.js';
import { resolveTarget, type TargetOptions } from './check-target.js';
import type { RemoteMode } from '../checks/remote-modes.js';

const ICON = { pass: '✔', fail: '✘', error: '!', unchecked: '–' } as const;

export async function check(g: GlobalOptions, rest: string[], answers: string[], to: TargetOptions = {}): Promise<number> {
  // `check 05 02` is `check 05/02`, as a learner types it
  const ref = refArg(rest);
  const c = course(g);
  const wb = openWorkbook(g, c);
  let refs: StepRef[];
  if (ref) {
    const r = resolveRef(c, ref);
    refs = r.step
      ? [{ lesson: r.lesson, step: r.step, index: r.lesson.steps.indexOf(r.step) }]
      : r.lesson.steps.map((step, index) => ({ lesson: r.lesson, step, index }));
  } else {
    refs = c.lessons.flatMap((lesson) => lesson.steps.map((step, index) => ({ lesson, step, index })));
  }
  // --answer A (one step), --answer STEP=A or --answer LESSON/STEP=A
  const given = new Map<StepRef, string>();
  for (const a of answers) {
    const m = /^([a-z0-9-]+(?:\/[a-z0-9-]+)?)=(.*)$/s.exec(a);
    if (m) {
      const [l, s] = m[1].includes('/') ? m[1].split('/') : [refs[0]?.lesson.id, m[1]];
      const ref = refs.find((r) => r.step.id === s && (r.lesson.id === l || r.lesson.id.startsWith(`${l}-`) || r.lesson.id.slice(3) === l));
      if (!ref) throw new UserError(msg('cli.badAnswer'));
      given.set(ref, m[2]);
    } else if (refs.length === 1) {
      given.set(refs[0], a);
    } else {
      throw new UserError(msg('cli.badAnswer'));
    }
  }
  // key and params: the message as data, for scripts and for the tests that prove each step through this command
  const results: {
    lesson: string;
    step: string;
    /** unchecked: checked against a real server, this step could not be (neither passed nor failed) */
    status: Verdict['status'] | 'unchecked';
    message: string;
    key: string;
    params?: Verdict['message']['params'];
    evidence: string[];
    /** against a real server: how this step's check ran there */
    remote?: RemoteMode;
  }[] = [];
  // a real server instead of the sandbox: given now, or saved in the workspace by an earlier --target
  const target = await resolveTarget(wb.ws, to);
  const { RemoteSession, renderRemote } = await import('../checks/remote.js');
  const session = target && new RemoteSession(target);
  if (session) await import('../checks/index.js');
  // Ctrl-C ends the run through process.exit, so the copy of a server's configuration is removed
  const interrupted = () => process.exit(130);
  if (session) process.once('SIGINT', interrupted);
  try {
    for (const ref of refs) {
      const quiz = wb.quiz(ref);
      let a: string | string[] | undefined = given.get(ref);
      if (a !== undefined && quiz?.type === 'choice')
        // the letters as this learner sees them (their options are shuffled), kept as option ids
        a = wb.idsForKeys(
          ref,
          a
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        );
      const out = session ? await session.run(ref.lesson, ref.step, { ws: wb.ws, lang: wb.lang, answer: a }) : undefined;
      if (out && 'unchecked' in out) {
        const m = out.unchecked;
        const r = { lesson: ref.lesson.id, step: ref.step.id, message: wb.text(m), key: m.key, params: m.params ?? {}, evidence: [] };
        results.push({ ...r, status: 'unchecked', remote: out.mode });
        continue;
      }
      // a step that runs on the workspace (a quiz, the learner's own keys) is checked and recorded as always
      const v = out && 'verdict' in out ? out.verdict : await wb.check(ref, a);
      let message = out && 'verdict' in out ? renderRemote(wb.lang, v.message) : wb.text(v.message);
      if (v.message.key === 'quiz.unanswered' && !g.json) message += ` (${t(wb.lang, 'cli.notAnswered')})`;
      results.push({
        lesson: ref.lesson.id,
        step: ref.step.id,
        status: v.status,
        message,
        key: v.message.key,
        params: v.message.params ?? {},
        evidence: v.evidence,
        ...(out ? { remote: out.mode } : {}),
      });
    }
  } finally {
    // the copy of the server's configuration read over ssh
    await session?.close();
    process.removeListener('SIGINT', interrupted);
  }
  const passed = results.filter((r) => r.status === 'pass').length;
  const failed = results.filter((r) => r.status === 'fail').length;
  // a check that crashed is a bug in mailsec: counted apart, and the exit code says so
  const errors = results.filter((r) => r.status === 'error').length;
  const unchecked = results.filter((r) => r.status === 'unchecked').length;
  if (g.json) {
    const remote = target ? { target: target.label, address: target.host, connections: session?.connections, unchecked } : {};
    process.stdout.write(JSON.stringify({ results, passed, failed, errors, ...remote }, null, 2) + '\n');
  } else {
    if (target) process.stdout.write(t(wb.lang, 'cli.target.header', { target: target.label, address: target.host }) + '\n');
    for (const r of results) {
      process.stdout.write(`${ICON[r.status]} ${r.lesson}/${r.step}  ${r.message}\n`);
      if (r.status !== 'pass') for (const e of r.evidence) process.stdout.write(`    ${e}\n`);
    }
    const notChecked = unchecked ? ' ' + t(wb.lang, 'cli.target.summary', { n: unchecked }) : '';
    process.stdout.write(summaryLine(wb.lang, passed, failed, errors) + notChecked + '\n');
  }
  return errors ? 70 : failed ? 1 : 0;
}

/** "1 superado, 2 todavía no": the count agrees with its noun. */
export function summaryLine(lang: Lang, passed: number, failed: number, errors: number): string {
  const done = t(lang, passed === 1 ? 'cli.passedOne' : 'cli.passedMany', { n: passed });
  return t(lang, errors ? 'cli.summaryErrors' : 'cli.summary', { passed: done, failed, errors });
}
