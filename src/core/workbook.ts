import { existsSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Course, Lesson, Step } from '../course/loader.js';
import { Workspace } from '../workspace/workspace.js';
import { Progress, type Answer } from '../workspace/progress.js';
import { runCheck, defaultProbe, probeFor } from '../checks/run.js';
import { DEFAULT_PORTS, PORT_NAMES } from '../util/ports.js';
import { lessonFiles } from '../workspace/reset.js';
import { getCheck } from '../checks/registry.js';
import type { Verdict, SandboxProbe } from '../checks/types.js';
import type { RemoteChecker, ServerChoice } from './remote-check.js';
import type { SandboxPorts } from '../sandbox/api.js';
import { fillValues, type Lang } from '../i18n/lang.js';
import { render as renderMsg, type Message } from '../i18n/messages.js';
import { lessonAbout, lessonNeeds, type Tool } from './tools.js';
import { quizSeed, shownOptions } from '../course/quiz-order.js';

export interface StepRef {
  lesson: Lesson;
  step: Step;
  index: number;
}

export interface QuizView {
  type: 'choice' | 'text';
  multiple: boolean;
  /** in the order shown; `key` is the letter shown (and typed), `id` the option's id in the course */
  options: { id: string; key: string; label: string }[];
}

/**
 * The headless workbook: course + workspace + progress. The TUI, the plain view and
 * the CLI all drive this; none of them decides anything on its own.
 */
export class Workbook {
  notices: Message[] = [];
  /** a real server the workspace saved (`mailsec check --target`): its steps are checked there */
  remote?: RemoteChecker;
  /** the saved server while the learner checks the sandbox instead (switchTarget) */
  private parked?: RemoteChecker;
  /** how a server is chosen from the workbook (chooseServer); none: only `mailsec check --target` chooses */
  servers?: ServerChoice;

  constructor(
    public readonly course: Course,
    public readonly ws: Workspace,
    public readonly progress: Progress,
    public lang: Lang,
    public probe: SandboxProbe = defaultProbe(),
  ) {
    if (ws.notice) this.notices.push(ws.notice);
    if (progress.notice) this.notices.push(progress.notice);
  }

  static open(wsDir: string, lang: Lang, course: Course): Workbook {
    const ws = Workspace.open(wsDir);
    // checks go where the workspace's sandbox really listens, whatever ports it was started on
    return new Workbook(course, ws, Progress.load(ws), lang, probeFor(ws));
  }

  text(m: Message): string {
    return renderMsg(this.lang, m);
  }

  get lessons(): Lesson[] {
    return this.course.lessons;
  }

  private needs?: Map<string, Tool[]>;

  /** "≈ 30 min · Needs: openssl, swaks": how long a lesson takes and what to install first. */
  lessonAbout(lesson: Lesson): string {
    this.needs ??= lessonNeeds(this.course);
    return lessonAbout(this.lang, lesson, this.needs.get(lesson.id) ?? []);
  }

  lessonProgress(l: Lesson): { passed: number; total: number } {
    const passed = l.steps.filter((s) => this.progress.step(l.id, s.id).passed).length;
    return { passed, total: l.steps.length };
  }

  /** How many steps of the whole course are not passed yet. */
  openSteps(): number {
    return this.lessons.reduce((n, l) => n + l.steps.length - this.lessonProgress(l).passed, 0);
  }

  /** Where the learner was, else the first step not passed. */
  current(): StepRef | undefined {
    const c = this.progress.data.current;
    if (c) {
      const r = this.find(c.lesson, c.step);
      if (r) return r;
    }
    for (const lesson of this.lessons) {
      const index = lesson.steps.findIndex((s) => !this.progress.step(lesson.id, s.id).passed);
      if (index >= 0) return { lesson, step: lesson.steps[index], index };
    }
    const lesson = this.lessons[0];
    return lesson ? { lesson, step: lesson.steps[0], index: 0 } : undefined;
  }

  find(lessonId: string, stepId?: string): StepRef | undefined {
    const lesson = this.lessons.find((l) => l.id === lessonId);
    if (!lesson) return undefined;
    const index = stepId ? lesson.steps.findIndex((s) => s.id === stepId) : 0;
    return index >= 0 ? { lesson, step: lesson.steps[index], index } : undefined;
  }

  go(ref: StepRef): void {
    this.startLesson(ref.lesson);
    this.progress.setCurrent(ref.lesson.id, ref.step.id);
  }

  /** The step after this one, across lessons. */
  next(ref: StepRef): StepRef | undefined {
    if (ref.index + 1 < ref.lesson.steps.length) return { lesson: ref.lesson, step: ref.lesson.steps[ref.index + 1], index: ref.index + 1 };
    const li = this.lessons.indexOf(ref.lesson);
    const nl = this.lessons[li + 1];
    return nl ? { lesson: nl, step: nl.steps[0], index: 0 } : undefined;
  }

  /** Where to open a lesson: the step the learner was on there, else its first step not passed. */
  resume(lesson: Lesson): StepRef {
    const c = this.progress.data.current;
    if (c?.lesson === lesson.id) {
      const r = this.find(lesson.id, c.step);
      if (r) return r;
    }
    const index = Math.max(
      0,
      lesson.steps.findIndex((s) => !this.progress.step(lesson.id, s.id).passed),
    );
    return { lesson, step: lesson.steps[index], index };
  }

  /** Switches the language and remembers it for the next session. */
  setLang(lang: Lang): void {
    this.lang = lang;
    this.progress.setLang(lang);
  }

  prev(ref: StepRef): StepRef | undefined {
    if (ref.index > 0) return { lesson: ref.lesson, step: ref.lesson.steps[ref.index - 1], index: ref.index - 1 };
    const li = this.lessons.indexOf(ref.lesson);
    const pl = this.lessons[li - 1];
    return pl ? { lesson: pl, step: pl.steps[pl.steps.length - 1], index: pl.steps.length - 1 } : undefined;
  }

  /**
   * The first time a lesson is opened, the files it will change are copied aside so
   * `mailsec reset` can put them back as they were at its start.
   */
  startLesson(lesson: Lesson): void {
    if (!this.progress.startLesson(lesson.id)) return;
    const absent: string[] = [];
    for (const f of lessonFiles(lesson, this.ws)) {
      const src = this.ws.resolve(f);
      if (!existsSync(src)) {
        absent.push(this.ws.display(f));
        continue;
      }
      const dest = join(this.ws.metaPath('snapshots', lesson.id), f);
      mkdirSync(dirname(dest), { recursive: true });
      copyFileSync(src, dest);
    }
    // files the lesson will create: a reset removes them again (after copying them aside)
    const dir = this.ws.metaPath('snapshots', lesson.id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.absent.json'), JSON.stringify(absent) + '\n');
  }

  quiz(ref: Pick<StepRef, 'lesson' | 'step'>): QuizView | undefined {
    const { step } = ref;
    // from the course, else from the check itself (a step made by hand, in tests)
    const answered = step.check.answered ?? getCheck(step.check.kind)?.answered;
    if (!answered) return undefined;
    if (answered === 'text') return { type: 'text', multiple: false, options: [] };
    const p = step.check.params as { options: ({ id: string } & Record<Lang, string>)[]; answer: string | string[] };
    const label = new Map(p.options.map((o) => [o.id, this.localize(o[this.lang])]));
    const seed = quizSeed(this.ws.vars.domain, ref.lesson.id, step.id);
    return {
      type: 'choice',
      multiple: Array.isArray(p.answer),
      options: shownOptions(
        seed,
        p.options.map((o) => o.id),
      ).map((o) => ({ ...o, label: label.get(o.id)! })),
    };
  }

  /** The option ids for letters typed as shown ("b,c"); a letter that is no option stays as typed, for the check to name. */
  idsForKeys(ref: Pick<StepRef, 'lesson' | 'step'>, keys: string[]): string[] {
    const q = this.quiz(ref);
    return keys.map((k) => q?.options.find((o) => o.key === k.toLowerCase())?.id ?? k);
  }

  answer(ref: StepRef, answer: Answer): void {
    this.progress.setAnswer(ref.lesson.id, ref.step.id, answer);
  }

  async check(ref: StepRef, answer?: Answer): Promise<Verdict> {
    if (answer !== undefined) this.progress.setAnswer(ref.lesson.id, ref.step.id, answer);
    this.startLesson(ref.lesson);
    // the checks (and what they load: parsers, DNS, crypto) are loaded at the first check, not at start-up
    await import('../checks/index.js');
    const v = await runCheck(ref.lesson, ref.step, {
      ws: this.ws,
      lang: this.lang,
      // the answer given now, not one another terminal may have saved meanwhile
      answer: answer ?? this.progress.step(ref.lesson.id, ref.step.id).answer,
      probe: this.probe,
    });
    // recorded in the shared file, never downgrading a pass
    this.progress.record(ref.lesson.id, ref.step.id, v.status, v.message.key);
    return v;
  }

  /** Switches the checks between the saved server and the sandbox; says where they go now (or that no server is saved). */
  switchTarget(): Message {
    if (this.remote) [this.parked, this.remote] = [this.remote, undefined];
    else if (this.parked) [this.remote, this.parked] = [this.parked, undefined];
    else return { key: 'ui.target.none' };
    return { key: this.remote ? 'ui.target.server' : 'ui.target.sandbox', params: { target: (this.remote ?? this.parked)!.label } };
  }

  /** Checks the server the line names from now on (saved in the workspace), or the sandbox for an empty line; says which. */
  async chooseServer(line: string): Promise<Message> {
    const remote = await this.servers?.choose(line);
    this.remote = remote;
    this.parked = undefined;
    return remote ? { key: 'ui.target.server', params: { target: remote.label } } : { key: 'ui.target.cleared' };
  }

  /** Reveals one more hint; returns the hints shown so far. */
  hint(ref: StepRef): string[] {
    const n = this.progress.useHint(ref.lesson.id, ref.step.id, ref.step.hints.length);
    return this.hintsShown(ref).slice(0, n);
  }

  hintsShown(ref: StepRef): string[] {
    const n = this.progress.step(ref.lesson.id, ref.step.id).hintsUsed;
    return ref.step.hints.slice(0, n).map((h) => this.localize(h[this.lang]));
  }

  /** Markdown of a step in the current language, with the workspace's domain in place. */
  body(step: Step): string {
    return this.localize(step.body[this.lang]);
  }

  private localize(text: string): string {
    return localizeText(text, this.ws.vars as unknown as Record<string, string>, this.probe.ports, this.lang);
  }
}

/** {{domain}} and the other variables of a workspace in a lesson's text. */
export function substituteText(text: string, vars: Record<string, string>, lang: Lang = 'es'): string {
  return fillValues(lang, text, /\{\{(\w+)\}\}/g, (k) => vars[k]);
}

/**
 * A lesson's text as the learner reads it: the workspace's values in place of {{domain}}…,
 * and the sandbox's real ports in place of the default ones the lessons name (2525…) when
 * it had to listen elsewhere, so a command copied or run from the step reaches it.
 */
export function localizeText(text: string, vars: Record<string, string>, ports: SandboxPorts, lang: Lang = 'es'): string {
  const withVars = substituteText(text, vars, lang);
  const map: Record<string, number> = Object.fromEntries(PORT_NAMES.map((name) => [DEFAULT_PORTS[name], ports[name]]));
  if (Object.entries(map).every(([d, real]) => Number(d) === real)) return withVars;
  // any whole number that is a default port (not part of an address or a version: a dot
  // between digits; a full stop ending the sentence, "el 2526.", does not count)
  return withVars.replace(/(?<!\d|\d\.)\d+(?!\d|\.\d)/g, (m) => String(map[m] ?? m));
}
