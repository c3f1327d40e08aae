import React, { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { useApp, useInput, type Key } from 'ink';
import type { Workbook, StepRef } from '../core/workbook.js';
import type { Verdict } from '../checks/types.js';
import type { Answer } from '../workspace/progress.js';
import { msg, type Message } from '../i18n/messages.js';
import { LANGS } from '../i18n/lang.js';
import { changedFile, watchWorkspace, type WatchOptions, type WorkspaceWatcher } from '../core/watch.js';
import { bodyRows, helpScreen, listScreen, statusRow, stepScreen, type Answering, type Screen } from './screens.js';
import { useTerminalSize, type Size } from './useTerminalSize.js';
import { colorEnabled } from './theme.js';
import { Rows } from './RowsView.js';

export interface AppProps {
  wb: Workbook;
  /** watch mode at start */
  watch: boolean;
  /** the sandbox's state for the status bar; nothing is shown without it */
  sandboxState?: () => string;
  /** fixed size (tests); else the terminal's, followed on resize */
  size?: Partial<Size>;
  color?: boolean;
  /** watcher settings (tests inject a short delay or fake timers) */
  watchOptions?: WatchOptions;
  watchFactory?: typeof watchWorkspace;
}

type Mode = 'list' | 'step';
const END = Number.MAX_SAFE_INTEGER;
// by grapheme, so a letter with its accent or an emoji goes in one Backspace
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const dropLast = (s: string) => {
  let last = 0;
  for (const g of graphemes.segment(s)) last = g.index;
  return s.slice(0, last);
};

interface UiState {
  mode: Mode;
  ref?: StepRef;
  listSel: number;
  scroll: number;
  checking: boolean;
  verdict?: Verdict;
  watchFile?: string;
  flash?: Message;
  answering?: Answering;
  notices: Message[];
  help: boolean;
  watchOn: boolean;
}

export function App({ wb, watch, sandboxState, size, color = colorEnabled(), watchOptions, watchFactory = watchWorkspace }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize(size);
  const height = Math.max(2, rows - 1);
  // state lives in a ref so a burst of keys (typing, a paste, key repeat) never meets a stale copy
  const st = useRef<UiState>(undefined as unknown as UiState);
  if (!st.current) {
    const ref = wb.current();
    st.current = {
      mode: ref ? 'step' : 'list',
      ref,
      listSel: Math.max(0, ref ? wb.lessons.indexOf(ref.lesson) : 0),
      scroll: 0,
      checking: false,
      notices: [...wb.notices],
      help: false,
      watchOn: watch,
    };
  }
  const [, force] = useReducer((n: number) => n + 1, 0);
  const set = useCallback((patch: Partial<UiState>) => {
    st.current = { ...st.current, ...patch };
    force();
  }, []);
  const s = st.current;

  const seq = useRef(0);
  const mounted = useRef(true);
  const watcher = useRef<WorkspaceWatcher | undefined>(undefined);
  const screenRef = useRef<Screen>({ rows: [], viewport: 1, maxScroll: 0 });

  useEffect(() => {
    if (st.current.ref) wb.go(st.current.ref);
    return () => {
      mounted.current = false;
    };
  }, [wb]);

  const check = useCallback(
    async (r: StepRef, answer?: Answer, file?: string) => {
      const mine = ++seq.current;
      set({ checking: true, watchFile: undefined });
      watcher.current?.pause();
      let v: Verdict;
      try {
        v = await wb.check(r, answer);
      } catch (e) {
        v = { status: 'error', message: msg('ui.checkFailed', { error: (e as Error).message ?? String(e) }), evidence: [] };
      } finally {
        watcher.current?.resume();
      }
      // the learner moved to another step meanwhile: this verdict is not for the screen
      if (!mounted.current || mine !== seq.current) return;
      set({ checking: false, verdict: v, watchFile: file });
    },
    [wb, set],
  );

  const onWatch = useRef<(files: string[]) => void>(() => {});
  onWatch.current = (files) => {
    const { ref, mode, answering } = st.current;
    if (!ref || mode !== 'step' || answering || wb.quiz(ref.step)) return;
    void check(ref, undefined, changedFile(wb.ws.root, files));
  };

  useEffect(() => {
    if (!s.watchOn) return;
    let w: WorkspaceWatcher;
    try {
      w = watchFactory(wb.ws.root, (files) => onWatch.current(files), {
        ...watchOptions,
        onError: (e) => mounted.current && set({ flash: msg('ui.watchUnavailable', { error: e.message }) }),
      });
    } catch (e) {
      set({ flash: msg('ui.watchUnavailable', { error: (e as Error).message }) });
      return;
    }
    watcher.current = w;
    return () => {
      w.close();
      if (watcher.current === w) watcher.current = undefined;
    };
  }, [s.watchOn, wb, watchFactory, watchOptions, set]);

  useEffect(() => {
    if (!sandboxState) return;
    const timer = setInterval(force, 1000);
    return () => clearInterval(timer);
  }, [sandboxState]);

  const goTo = (r: StepRef) => {
    seq.current++;
    wb.go(r);
    set({ mode: 'step', ref: r, scroll: 0, checking: false, verdict: undefined, watchFile: undefined, answering: undefined });
  };

  const quit = () => {
    watcher.current?.close();
    exit();
  };

  const answerKeys = (input: string, key: Key, a: Answering, r: StepRef) => {
    if (key.escape) return set({ answering: undefined });
    const q = a.quiz;
    if (q.type === 'choice') {
      const n = q.options.length;
      if (key.upArrow) return set({ answering: { ...a, cursor: (a.cursor + n - 1) % n } });
      if (key.downArrow) return set({ answering: { ...a, cursor: (a.cursor + 1) % n } });
      const id = q.options[a.cursor].id;
      if (input === ' ' && q.multiple) {
        const marked = a.marked.includes(id) ? a.marked.filter((x) => x !== id) : [...a.marked, id];
        return set({ answering: { ...a, marked } });
      }
      if (key.return) {
        const ans = q.multiple && a.marked.length ? q.options.map((o) => o.id).filter((x) => a.marked.includes(x)) : [id];
        set({ answering: undefined });
        void check(r, ans);
      }
      return;
    }
    if (key.return) {
      set({ answering: undefined });
      void check(r, a.text);
      return;
    }
    if (key.backspace || key.delete) return set({ answering: { ...a, text: dropLast(a.text) } });
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
    // a burst of keys comes as one string: Backspaces in it erase, other control characters are dropped
    let text = a.text;
    for (const ch of input) {
      if (ch === '\x7f' || ch === '\b') text = dropLast(text);
      else if (ch >= ' ') text += ch;
    }
    if (text !== a.text) set({ answering: { ...a, text } });
  };

  const stepKeys = (input: string, key: Key, r: StepRef) => {
    const { maxScroll, viewport } = screenRef.current;
    const page = Math.max(1, viewport - 1);
    // at the bottom the view stays at the bottom when the panel below grows or shrinks
    const scrollTo = (f: (x: number) => number) => {
      const x = Math.max(0, f(Math.min(st.current.scroll, maxScroll)));
      set({ scroll: x >= maxScroll ? END : x });
    };
    if (key.upArrow) return scrollTo((x) => x - 1);
    if (key.downArrow) return scrollTo((x) => x + 1);
    if (key.pageUp) return scrollTo((x) => x - page);
    if (key.pageDown) return scrollTo((x) => x + page);
    if (key.home) return scrollTo(() => 0);
    if (key.end) return scrollTo(() => maxScroll);
    if (key.leftArrow || input === 'p') {
      const p = wb.prev(r);
      return p ? goTo(p) : set({ flash: msg('ui.firstStep') });
    }
    if (key.rightArrow || input === 'n' || (key.return && st.current.verdict?.status === 'pass' && !st.current.checking)) {
      const n = wb.next(r);
      return n ? goTo(n) : set({ flash: msg('ui.courseDone') });
    }
    if (input === 'c') return void check(r);
    if (input === 'h') {
      if (!r.step.hints.length) return set({ flash: msg('ui.noHints') });
      const before = wb.hintsShown(r).length;
      return set(wb.hint(r).length === before ? { flash: msg('ui.noMoreHints') } : {});
    }
    if (input === 'a') {
      const quiz = wb.quiz(r.step);
      if (!quiz) return set({ flash: msg('ui.notQuiz') });
      const prev = wb.progress.step(r.lesson.id, r.step.id).answer;
      const marked = quiz.type === 'choice' ? [prev ?? []].flat().filter((id) => quiz.options.some((o) => o.id === id)) : [];
      const cursor = Math.max(0, quiz.options.findIndex((o) => o.id === marked[0]));
      // the question is at the end of the step: keep it in sight above the answer box
      return set({ scroll: END, answering: { quiz, cursor, marked: quiz.multiple ? marked : [], text: '' } });
    }
    if (input === 'w') return set({ watchOn: !st.current.watchOn, flash: msg(st.current.watchOn ? 'ui.watchOff' : 'ui.watchOn') });
    if (input === 'l') return set({ mode: 'list', listSel: Math.max(0, wb.lessons.indexOf(r.lesson)) });
  };

  const listKeys = (input: string, key: Key) => {
    const n = wb.lessons.length;
    if (!n) return;
    const sel = st.current.listSel;
    if (key.upArrow) return set({ listSel: Math.max(0, sel - 1) });
    if (key.downArrow) return set({ listSel: Math.min(n - 1, sel + 1) });
    if (key.home || key.pageUp) return set({ listSel: 0 });
    if (key.end || key.pageDown) return set({ listSel: n - 1 });
    const lesson = wb.lessons[Math.min(sel, n - 1)];
    if (key.return && lesson.steps.length) return goTo(wb.resume(lesson));
    if ((key.escape || input === 'l') && st.current.ref) return set({ mode: 'step' });
  };

  useInput((input, key) => {
    if (key.ctrl && input === 'c') return quit();
    const cur = st.current;
    // notices and one-line messages stay until the next key
    if (cur.notices.length || cur.flash) set({ notices: [], flash: undefined });
    if (cur.help) {
      if (key.escape || input === '?') set({ help: false });
      return;
    }
    if (cur.answering && cur.ref) return answerKeys(input, key, cur.answering, cur.ref);
    if (input === 'q') return quit();
    if (input === '?') return set({ help: true });
    if (input === 'L') {
      wb.setLang(LANGS[(LANGS.indexOf(wb.lang) + 1) % LANGS.length]);
      return set({ flash: msg('ui.langChanged') });
    }
    if (cur.mode === 'list' || !cur.ref) return listKeys(input, key);
    return stepKeys(input, key, cur.ref);
  });

  // the step's text is laid out once per step, language and width, not on every key
  const body = useMemo(() => (s.ref ? bodyRows(wb.body(s.ref.step), columns) : []), [wb, s.ref?.lesson.id, s.ref?.step.id, wb.lang, columns]);

  const main = height - 1;
  let screen: Screen;
  if (s.help) screen = { rows: helpScreen(wb, columns, main), viewport: 0, maxScroll: 0 };
  else if (s.mode === 'list' || !s.ref) screen = listScreen(wb, s.listSel, columns, main, [...s.notices, ...(s.flash ? [s.flash] : [])]);
  else screen = stepScreen(wb, { ref: s.ref, scroll: s.scroll, checking: s.checking, verdict: s.verdict, watchFile: s.watchFile, flash: s.flash, answering: s.answering, notices: s.notices }, body, columns, main);
  screenRef.current = screen;
  const status = statusRow(wb, { mode: s.mode === 'step' && s.ref ? 'step' : 'list', ref: s.ref, watch: s.watchOn, sandbox: sandboxState?.() }, columns);
  return <Rows rows={[...screen.rows, status]} color={color} />;
}
