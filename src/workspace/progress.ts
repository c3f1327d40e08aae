import { existsSync, readFileSync, renameSync } from 'node:fs';
import { writeFileAtomic } from '../util/atomic.js';
import type { Workspace } from './workspace.js';
import type { Message } from '../i18n/messages.js';
import { msg } from '../i18n/messages.js';
import type { Status } from '../checks/types.js';

export type Answer = string | string[];

export interface StepProgress {
  passed: boolean;
  passedAt?: string;
  attempts: number;
  hintsUsed: number;
  answer?: Answer;
  lastStatus?: Status;
  lastCheckedAt?: string;
}

export interface ProgressData {
  version: 1;
  /** keyed by "lesson/step" */
  steps: Record<string, StepProgress>;
  lessons: Record<string, { startedAt: string }>;
  current?: { lesson: string; step: string };
  lang?: string;
}

export const emptyProgress = (): ProgressData => ({ version: 1, steps: {}, lessons: {} });

function valid(x: unknown): x is ProgressData {
  if (!x || typeof x !== 'object') return false;
  const p = x as ProgressData;
  return p.version === 1 && typeof p.steps === 'object' && p.steps !== null && typeof p.lessons === 'object' && p.lessons !== null;
}

function parse(text: string): ProgressData | undefined {
  try {
    const data = JSON.parse(text);
    return valid(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Progress lives in .mailsec/progress.json, written atomically, with the previous good
 * copy in progress.json.bak. A corrupt file is set aside (never deleted) and the last
 * good copy is used; the learner is told either way.
 */
export class Progress {
  notice?: Message;

  private constructor(
    private readonly ws: Workspace,
    public data: ProgressData,
  ) {}

  static load(ws: Workspace): Progress {
    const file = ws.metaPath('progress.json');
    const bak = ws.metaPath('progress.json.bak');
    if (!existsSync(file)) {
      const fromBak = existsSync(bak) ? parse(readFileSync(bak, 'utf8')) : undefined;
      const p = new Progress(ws, fromBak ?? emptyProgress());
      if (fromBak) p.notice = msg('progress.restoredMissing', { file: ws.display(bak) });
      return p;
    }
    const main = parse(readFileSync(file, 'utf8'));
    if (main) return new Progress(ws, main);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const kept = ws.metaPath(`progress.json.corrupt-${stamp}`);
    renameSync(file, kept);
    const fromBak = existsSync(bak) ? parse(readFileSync(bak, 'utf8')) : undefined;
    const p = new Progress(ws, fromBak ?? emptyProgress());
    p.notice = fromBak
      ? msg('progress.recovered', { kept: ws.display(kept), backup: ws.display(bak) })
      : msg('progress.unrecoverable', { kept: ws.display(kept) });
    p.save();
    return p;
  }

  save(): void {
    const file = this.ws.metaPath('progress.json');
    const text = JSON.stringify(this.data, null, 2) + '\n';
    // the copy being replaced becomes the backup, if it was good
    if (existsSync(file)) {
      const old = readFileSync(file, 'utf8');
      if (parse(old)) writeFileAtomic(this.ws.metaPath('progress.json.bak'), old);
    }
    writeFileAtomic(file, text);
  }

  step(lesson: string, step: string): StepProgress {
    return this.data.steps[`${lesson}/${step}`] ?? { passed: false, attempts: 0, hintsUsed: 0 };
  }

  private update(lesson: string, step: string, f: (s: StepProgress) => void): void {
    const s = { ...this.step(lesson, step) };
    f(s);
    this.data.steps[`${lesson}/${step}`] = s;
  }

  startLesson(lesson: string): boolean {
    if (this.data.lessons[lesson]) return false;
    this.data.lessons[lesson] = { startedAt: new Date().toISOString() };
    return true;
  }

  record(lesson: string, step: string, status: Status): void {
    this.update(lesson, step, (s) => {
      s.attempts += 1;
      s.lastStatus = status;
      s.lastCheckedAt = new Date().toISOString();
      if (status === 'pass' && !s.passed) {
        s.passed = true;
        s.passedAt = s.lastCheckedAt;
      }
    });
  }

  setAnswer(lesson: string, step: string, answer: Answer): void {
    this.update(lesson, step, (s) => {
      s.answer = answer;
    });
  }

  useHint(lesson: string, step: string, available: number): number {
    let n = 0;
    this.update(lesson, step, (s) => {
      s.hintsUsed = Math.min(available, s.hintsUsed + 1);
      n = s.hintsUsed;
    });
    return n;
  }

  setCurrent(lesson: string, step: string): void {
    this.data.current = { lesson, step };
  }
}
