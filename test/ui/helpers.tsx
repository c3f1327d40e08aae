import React from 'react';
import { render } from 'ink-testing-library';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initWorkspace } from '../../src/workspace/workspace.js';
import { loadCourse } from '../../src/checks/course.js';
import { lessonsDir } from '../../src/util/paths.js';
import { Progress } from '../../src/workspace/progress.js';
import { Workbook, type StepRef } from '../../src/core/workbook.js';
import type { Lang } from '../../src/i18n/lang.js';
import { App, type AppProps } from '../../src/ui/App.js';

/** Ports nobody listens on: the UI tests never need a sandbox. */
const CLOSED = {
  host: '127.0.0.1',
  ports: { smtp: 9, submission: 9, smtps: 9, outside: 9, dns: 9, https: 9, pop3: 9, pop3s: 9, imap: 9, imaps: 9 },
};

const course = loadCourse(lessonsDir());

/** A workbook on a fresh temporary workspace (domain aula.test) with the real course. */
export function makeWorkbook<W extends Workbook = Workbook>(
  lang: Lang = 'es',
  Kind: new (...a: ConstructorParameters<typeof Workbook>) => W = Workbook as never,
): W {
  const ws = initWorkspace(join(mkdtempSync(join(tmpdir(), 'mailsec-ui-')), 'ws'), { domain: 'aula.test' }).workspace;
  return new Kind(course, ws, Progress.load(ws), lang, CLOSED);
}

export function stepRef(wb: Workbook, lesson: string, step: string): StepRef {
  const r = wb.find(lesson, step);
  if (!r) throw new Error(`no step ${lesson}/${step} in the course`);
  return r;
}

/** The first step of the course whose check is of this kind. */
export function stepOfKind(wb: Workbook, kind: string): StepRef {
  for (const lesson of wb.lessons) {
    const index = lesson.steps.findIndex((s) => s.check.kind === kind);
    if (index >= 0) return { lesson, step: lesson.steps[index], index };
  }
  throw new Error(`no step with a ${kind} check in the course`);
}

export const KEY = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  enter: '\r',
  escape: '\x1b',
  backspace: '\x7f',
  space: ' ',
  ctrlC: '\x03',
} as const;

// eslint-disable-next-line no-control-regex
export const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

export type Ui = ReturnType<typeof render> & {
  frame(): string;
  waitFor(what: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  press(...keys: string[]): Promise<void>;
};

const tick = () => new Promise((r) => setImmediate(r));

/** Renders the App (80×24, no colour, no watch unless asked) and waits until it takes keys. */
export async function start(wb: Workbook, props: Partial<AppProps> = {}): Promise<Ui> {
  const inst = render(<App wb={wb} watch={false} size={{ columns: 80, rows: 24 }} color={false} {...props} />);
  const frame = () => stripAnsi(inst.lastFrame() ?? '');
  /** Polls the last frame until it shows `what`; fails with the frame it saw. */
  const waitFor: Ui['waitFor'] = async (what, timeoutMs = 20_000) => {
    const ok = (f: string) => (typeof what === 'string' ? f.includes(what) : what instanceof RegExp ? what.test(f) : what(f));
    const until = Date.now() + timeoutMs;
    for (;;) {
      const f = frame();
      if (ok(f)) return f;
      if (Date.now() > until) throw new Error(`timed out waiting for ${String(what)}; last frame:\n${f}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const press: Ui['press'] = async (...keys) => {
    for (const k of keys) {
      inst.stdin.write(k);
      // a lone Esc is told from an escape sequence on the next turn of the loop
      await tick();
    }
  };
  // keys are read once the input hook has subscribed
  const until = Date.now() + 5000;
  while (inst.stdin.listenerCount('readable') === 0) {
    if (Date.now() > until) throw new Error('the app never listened to stdin');
    await new Promise((r) => setTimeout(r, 5));
  }
  return Object.assign(inst, { frame, waitFor, press });
}
