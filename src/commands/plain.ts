import { createInterface } from 'node:readline';
import type { RemoteShown } from '../core/remote-check.js';
import type { Readable, Writable } from 'node:stream';
import type { Workbook, StepRef } from '../core/workbook.js';
import { renderMarkdown, lineText, inlineText } from '../course/markdown.js';
import { t } from '../i18n/messages.js';
import { isLang } from '../i18n/lang.js';
import { refArg, resolveRef } from './common.js';
import { UserError } from '../util/errors.js';
import { evidenceLabel, type Verdict } from '../checks/types.js';
import { guideSection, teacherGuideFile } from '../core/teacher-guide.js';

/**
 * The plain view: the current step as text, then one command per input line.
 * Works with a screen reader, in a pipe, and with no terminal at all.
 */
export async function runPlain(wb: Workbook, input: Readable, out: Writable): Promise<number> {
  const w = (s = '') => out.write(s + '\n');
  const width = Math.max(40, Math.min(100, (out as NodeJS.WriteStream).columns ?? 80));
  const first = wb.current();
  if (!first) {
    w(t(wb.lang, 'ui.noLessons'));
    return 2;
  }
  let ref: StepRef = first;
  const showStep = (r: StepRef) => {
    const p = wb.progress.step(r.lesson.id, r.step.id);
    w(`== ${r.lesson.title[wb.lang]} (${r.lesson.id}) ==`);
    w(
      `${t(wb.lang, 'ui.step', { n: r.index + 1, total: r.lesson.steps.length })}: ${r.step.title[wb.lang]}${r.step.checkpoint ? ` [${t(wb.lang, 'ui.checkpoint')}]` : ''}${p.passed ? ` [${t(wb.lang, 'status.pass')}]` : ''}`,
    );
    if (r.step.stale.includes(wb.lang)) w(`(${t(wb.lang, 'ui.stale')})`);
    w();
    for (const l of renderMarkdown(wb.body(r.step), width).lines) w(lineText(l));
    const q = wb.quiz(r);
    if (q?.type === 'choice') {
      w();
      w(`${t(wb.lang, 'ui.options')}:`);
      for (const o of q.options) w(`  ${o.key}) ${o.label}`);
    }
    const hints = wb.hintsShown(r);
    if (hints.length) {
      w();
      w(`${t(wb.lang, 'ui.hints')}:`);
      hints.forEach((h, i) => w(`  ${i + 1}. ${inlineText(h)}`));
    }
    w();
    w(t(wb.lang, 'ui.plainCommands'));
  };
  const showVerdict = (v: Verdict) => {
    w(`[${t(wb.lang, `status.${v.status}`)}] ${wb.text(v.message)}`);
    for (const e of v.evidence) w(`  ${t(wb.lang, evidenceLabel(v))}: ${e}`);
  };
  const showRemote = (r: RemoteShown) => {
    // "not checked remotely" is said by the text itself
    const tag = r.status === 'unchecked' ? '–' : `[${t(wb.lang, `status.${r.status}`)}]`;
    w(`${tag} ${t(wb.lang, 'ui.onServer', { target: wb.remote!.label })}: ${r.text}`);
    for (const e of r.evidence) w(`  ${t(wb.lang, 'ui.evidence')}: ${e}`);
  };
  const showLessons = () => {
    w(`${t(wb.lang, 'ui.lessons')}:`);
    for (const l of wb.lessons) {
      const p = wb.lessonProgress(l);
      w(`  ${l.id}  ${l.title[wb.lang]}  ${p.passed}/${p.total}`);
    }
  };
  wb.go(ref);
  showStep(ref);
  const rl = createInterface({ input, terminal: false });
  for await (const raw of rl) {
    const line = raw.trim();
    if (!line) continue;
    const [cmd, ...args] = line.split(/\s+/);
    const arg = args.join(' ');
    if (cmd === 'q' || cmd === 'quit') break;
    if (cmd === 'n' || cmd === 'p') {
      const r: StepRef | undefined = cmd === 'n' ? wb.next(ref) : wb.prev(ref);
      if (!r) {
        w(t(wb.lang, 'ui.courseDone'));
        continue;
      }
      ref = r;
      wb.go(ref);
      showStep(ref);
    } else if (cmd === 'c') {
      const remote = await wb.remote?.check(ref, wb.lang);
      if (remote) showRemote(remote);
      else showVerdict(await wb.check(ref));
    } else if (cmd === 'a') {
      const q = wb.quiz(ref);
      if (!q) {
        w(t(wb.lang, 'ui.notQuiz'));
        continue;
      }
      const ans = q.type === 'choice' ? wb.idsForKeys(ref, arg.split(/[\s,]+/).filter(Boolean)) : arg;
      const remote = await wb.remote?.check(ref, wb.lang, ans);
      if (remote) showRemote(remote);
      else showVerdict(await wb.check(ref, ans));
    } else if (cmd === 'h') {
      if (!ref.step.hints.length) w(t(wb.lang, 'ui.noHints'));
      else {
        const before = wb.hintsShown(ref).length;
        const hs = wb.hint(ref);
        if (hs.length === before) w(t(wb.lang, 'ui.noMoreHints'));
        else w(`${t(wb.lang, 'ui.hints')} ${hs.length}/${ref.step.hints.length}: ${inlineText(hs.at(-1)!)}`);
      }
    } else if (cmd === 'l') {
      showLessons();
    } else if (cmd === 'g') {
      // the same LESSON, LESSON/STEP or LESSON STEP as `mailsec check`: a step by its id or its number
      let r: StepRef | undefined;
      try {
        const found = resolveRef(wb.course, refArg(args) ?? '');
        r = found.step ? wb.find(found.lesson.id, found.step.id) : wb.find(found.lesson.id);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        w(t(wb.lang, e.userMessage.key, e.userMessage.params));
        continue;
      }
      if (!r) {
        w(t(wb.lang, 'cli.lessonNotFound', { ref: arg }));
        continue;
      }
      ref = r;
      wb.go(ref);
      showStep(ref);
    } else if (cmd === 'T') {
      // the teacher's guide to this lesson, as the workbook's T key shows it
      const section = guideSection(wb.lang, ref.lesson.id);
      w(`== ${t(wb.lang, 'ui.guide.title', { lesson: ref.lesson.id })} ==`);
      if (section === undefined) w(t(wb.lang, 'ui.guide.missing', { file: teacherGuideFile(wb.lang) }));
      else for (const l of renderMarkdown(section, width).lines) w(lineText(l));
    } else if (cmd === 'S') {
      // as the workbook's S key: the saved server or the sandbox
      w(wb.text(wb.switchTarget()));
    } else if (cmd === 'E') {
      // as the workbook's E key: "E HOST[:PORT] [--dns …]" chooses the server, "E sandbox" forgets it
      if (!arg) {
        const now = wb.servers?.line();
        w(now ? `${t(wb.lang, 'ui.server.label')}: ${now}` : wb.text({ key: 'ui.target.none' }));
        w(t(wb.lang, 'ui.server.plainUsage'));
        continue;
      }
      try {
        w(wb.text(await wb.chooseServer(arg)));
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        w(wb.text(e.userMessage));
      }
    } else if (cmd === 'lang' && isLang(arg)) {
      wb.setLang(arg);
      showStep(ref);
    } else {
      w(t(wb.lang, 'ui.plainUnknown', { commands: t(wb.lang, 'ui.plainCommands') }));
    }
  }
  return 0;
}
