/*
 * The learner's progress: .mailsec/progress.json, shared by the TUI and every
 * `mailsec check` running in other terminals at the same time.
 *
 * Every change is a read-modify-write under .mailsec/progress.lock: the file is read
 * again from disk, the change applied, the result written atomically (the copy it
 * replaces, if good, becomes progress.json.bak). So two processes never save over
 * each other's writes: callers name the change (record, useHint, setAnswer, ...),
 * they never save a whole copy. Reads see other processes' writes (`data` and
 * `step()` re-read the file when it changed on disk).
 *
 * The format, and how a damaged or older file is read: progress-format.ts.
 *
 * A damaged file is never a silent reset: unreadable JSON (torn, or nested too deep)
 * is set aside as progress.json.corrupt-STAMP and the backup used; well-formed JSON of
 * the wrong shape is repaired field by field, keeping what is readable, the original
 * set aside too; the learner is told either way.
 */
import { existsSync, renameSync, statSync, type Stats } from 'node:fs';
import { writeFileAtomic, withLock, LockBusyError } from '../util/atomic.js';
import type { Workspace } from './workspace.js';
import type { Message } from '../i18n/messages.js';
import { msg } from '../i18n/messages.js';
import { UserError } from '../util/errors.js';
import {
  emptyProgress,
  emptyStep,
  MAX_HISTORY,
  readDisk,
  type Answer,
  type Disk,
  type ProgressData,
  type Status,
  type StepProgress,
} from './progress-format.js';

export type { Answer, Attempt, HintShown, ProgressData, Status, StepProgress } from './progress-format.js';
export { emptyProgress, MAX_HISTORY, PROGRESS_VERSION } from './progress-format.js';

const sameFile = (a: Stats | undefined, b: Stats | undefined) =>
  !!a && !!b && a.ino === b.ino && a.mtimeMs === b.mtimeMs && a.size === b.size;

export class Progress {
  /** how long a change waits for another process's change (each holds the lock for milliseconds) */
  static lockTimeoutMs = 10_000;
  notice?: Message;
  /** the file as last read or written by this process */
  private seen?: Stats;

  private constructor(
    private readonly ws: Workspace,
    private view: ProgressData,
  ) {}

  private get file(): string {
    return this.ws.metaPath('progress.json');
  }

  private get bak(): string {
    return this.ws.metaPath('progress.json.bak');
  }

  static load(ws: Workspace): Progress {
    const p = new Progress(ws, emptyProgress());
    const first = readDisk(p.file);
    if (first.kind === 'ok' && !first.problems.length) {
      p.view = first.data;
      p.seen = first.stat;
      return p;
    }
    if (first.kind === 'missing' && !existsSync(p.bak)) return p;
    // damaged, repairable or lost: settled under the lock, so two processes do it once
    p.locked(() => {
      const d = p.settle(readDisk(p.file), true);
      if (d) p.view = d;
    });
    return p;
  }

  /**
   * The progress to build on, from what is on disk. A file that is not clean is set
   * aside and replaced (written when `write`), and the learner told in `notice`.
   */
  private settle(disk: Disk, write: boolean): ProgressData | undefined {
    if (disk.kind === 'ok' && !disk.problems.length) {
      this.seen = disk.stat;
      return disk.data;
    }
    const fromBak = () => {
      try {
        const b = readDisk(this.bak);
        return b.kind === 'ok' ? b.data : undefined;
      } catch {
        // a backup that cannot be read is no backup
        return undefined;
      }
    };
    let data: ProgressData;
    if (disk.kind === 'missing') {
      const b = fromBak();
      if (!b) return emptyProgress();
      data = b;
      this.notice = msg('progress.restoredMissing', { file: this.ws.display(this.bak) });
    } else {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const kept = this.ws.metaPath(`progress.json.corrupt-${stamp}`);
      renameSync(this.file, kept);
      if (disk.kind === 'ok') {
        data = disk.data;
        const fields = disk.problems.length > 5 ? [...disk.problems.slice(0, 5), '…'] : disk.problems;
        this.notice = msg('progress.repaired', { kept: this.ws.display(kept), fields: fields.join(', ') });
      } else {
        const b = fromBak();
        data = b ?? emptyProgress();
        this.notice = b
          ? msg('progress.recovered', { kept: this.ws.display(kept), backup: this.ws.display(this.bak) })
          : msg('progress.unrecoverable', { kept: this.ws.display(kept) });
      }
    }
    if (write) this.write(data, undefined);
    return data;
  }

  private write(data: ProgressData, previous: string | undefined): void {
    // the copy being replaced becomes the backup, if it was good
    if (previous !== undefined) {
      try {
        writeFileAtomic(this.bak, previous);
      } catch {
        // best effort: a change is not refused because its backup could not be written
      }
    }
    writeFileAtomic(this.file, JSON.stringify(data, null, 2) + '\n');
    this.seen = statSync(this.file);
    this.view = data;
  }

  private locked<T>(fn: () => T): T {
    const lock = this.ws.metaPath('progress.lock');
    let held = false;
    try {
      return withLock(
        lock,
        () => {
          held = true;
          return fn();
        },
        { timeoutMs: Progress.lockTimeoutMs },
      );
    } catch (e) {
      if (e instanceof LockBusyError) throw new UserError(msg('progress.locked', { path: lock, pid: e.holder?.pid ?? '?' }));
      const err = e as NodeJS.ErrnoException;
      // the folder or the disk refuses (permissions, read-only, full, a folder where a file goes)
      if (err.code && ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EISDIR', 'ENOTDIR'].includes(err.code)) {
        throw new UserError(msg('progress.cannotAccess', { path: held ? this.file : lock, error: err.code }));
      }
      throw e;
    }
  }

  /** Read-modify-write under the lock: the change is applied to what is on disk now. */
  private mutate<T>(change: (d: ProgressData) => T): T {
    return this.locked(() => {
      const disk = readDisk(this.file);
      const clean = disk.kind === 'ok' && !disk.problems.length;
      const data = this.settle(disk, false) ?? emptyProgress();
      const r = change(data);
      this.write(data, clean ? disk.text : undefined);
      return r;
    });
  }

  /** Re-reads the file if another process wrote it; a file being damaged is left to the next change. */
  refresh(): void {
    let st: Stats;
    try {
      st = statSync(this.file);
    } catch {
      return;
    }
    if (sameFile(st, this.seen)) return;
    try {
      const d = readDisk(this.file);
      if (d.kind === 'ok' && !d.problems.length) {
        this.view = d.data;
        this.seen = d.stat;
      }
    } catch {
      // unreadable for now: keep what was read before
    }
  }

  /** The progress as on disk now (read only: change it through the methods below). */
  get data(): Readonly<ProgressData> {
    this.refresh();
    return this.view;
  }

  step(lesson: string, step: string): StepProgress {
    return this.data.steps[`${lesson}/${step}`] ?? emptyStep();
  }

  private update<T>(lesson: string, step: string, f: (s: StepProgress) => T): T {
    return this.mutate((d) => {
      const key = `${lesson}/${step}`;
      const s = d.steps[key] ?? emptyStep();
      d.steps[key] = s;
      return f(s);
    });
  }

  /** Marks a lesson started; true only for the one call (of any process) that started it. */
  startLesson(lesson: string): boolean {
    if (this.data.lessons[lesson]) return false;
    return this.mutate((d) => {
      if (d.lessons[lesson]) return false;
      d.lessons[lesson] = { startedAt: new Date().toISOString() };
      return true;
    });
  }

  /** One attempt and its verdict (`key`: its message, which failure it was). A pass stays a pass whatever comes after. */
  record(lesson: string, step: string, status: Status, key?: string): StepProgress {
    return this.update(lesson, step, (s) => {
      const at = new Date().toISOString();
      s.attempts.push(key === undefined ? { at, status } : { at, status, key });
      if (s.attempts.length > MAX_HISTORY) s.attempts.splice(0, s.attempts.length - MAX_HISTORY);
      s.attemptCount += 1;
      s.lastStatus = status;
      s.lastCheckedAt = at;
      if (status === 'pass' && !s.passed) {
        s.passed = true;
        s.passedAt = at;
      }
      return s;
    });
  }

  setAnswer(lesson: string, step: string, answer: Answer): void {
    this.update(lesson, step, (s) => {
      s.answer = answer;
    });
  }

  /** Reveals one more hint, if there is one; returns how many are shown. */
  useHint(lesson: string, step: string, available: number): number {
    if (this.step(lesson, step).hintsUsed >= available) return Math.min(available, this.step(lesson, step).hintsUsed);
    return this.update(lesson, step, (s) => {
      if (s.hintsUsed >= available) return Math.min(available, s.hintsUsed);
      s.hintsUsed += 1;
      s.hints.push({ at: new Date().toISOString(), n: s.hintsUsed });
      if (s.hints.length > MAX_HISTORY) s.hints.splice(0, s.hints.length - MAX_HISTORY);
      return s.hintsUsed;
    });
  }

  setCurrent(lesson: string, step: string): void {
    const c = this.data.current;
    if (c?.lesson === lesson && c.step === step) return;
    this.mutate((d) => {
      d.current = { lesson, step };
    });
  }

  setLang(lang: string): void {
    if (this.data.lang === lang) return;
    this.mutate((d) => {
      d.lang = lang;
    });
  }

  /**
   * `mailsec reset LESSON`: its steps count as not passed again and their answers are
   * cleared; the attempts and hints stay in the history. Returns the steps un-passed.
   */
  resetLesson(lesson: string): number {
    return this.mutate((d) => {
      const at = new Date().toISOString();
      let n = 0;
      for (const [key, s] of Object.entries(d.steps)) {
        if (!key.startsWith(`${lesson}/`)) continue;
        if (s.passed) n++;
        s.passed = false;
        delete s.passedAt;
        delete s.answer;
        s.resetAt = at;
      }
      return n;
    });
  }
}
