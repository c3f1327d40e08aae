import { useInput, type Key } from 'ink';
import type { StepRef } from '../../core/workbook.js';
import { LANGS } from '../../i18n/lang.js';
import { msg, t } from '../../i18n/messages.js';
import { END } from '../screens/screen.js';
import type { Answering } from '../screens/quiz-box.js';
import type { ServerInput } from '../screens/server-box.js';
import { UserError } from '../../util/errors.js';
import type { Chooser, UiContext, View } from '../state.js';
import type { Actions } from './use-actions.js';
import type { Check } from './use-check.js';

// no key but the character: each character of a burst replayed on its own
const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
// by grapheme, so a letter with its accent or an emoji goes in one Backspace
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const dropLast = (s: string) => {
  let last = 0;
  for (const g of graphemes.segment(s)) last = g.index;
  return s.slice(0, last);
};

// a paste, or keys typed faster than a redraw, come as one string ("b\r"): a newline in it is Enter
const isEnter = (ch: string) => ch === '\r' || ch === '\n';

/**
 * A key or a burst of them typed into a line: Backspaces in a burst erase, Enter sends what came
 * before it (the rest of a pasted text is dropped), other control characters are dropped.
 */
function typeLine(text: string, input: string, key: Key): { text: string; sent?: string } {
  if (key.return) return { text, sent: text };
  if (key.backspace || key.delete) return { text: dropLast(text) };
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return { text };
  for (const ch of input) {
    if (isEnter(ch)) return { text, sent: text };
    if (ch === '\x7f' || ch === '\b') text = dropLast(text);
    else if (ch >= ' ') text += ch;
  }
  return { text };
}

/** The keys: the help, the quiz box, the chooser, a sandbox view, the step, the list, in that order. */
export function useKeys(ctx: UiContext, actions: Actions, check: Check): void {
  const { wb, data, st, set, screenRef } = ctx;
  const {
    goTo,
    quit,
    push,
    replaceTop,
    pop,
    openLog,
    openMailbox,
    openSessions,
    openTranscript,
    openSource,
    runBlockNow,
    startRun,
    startMail,
    sendMail,
  } = actions;

  const chooserKeys = (input: string, key: Key, c: Chooser) => {
    const n = c.what === 'block' ? c.blocks.length : c.kinds.length;
    if (key.escape) return set({ chooser: undefined });
    if (key.upArrow) return set({ chooser: { ...c, cursor: (c.cursor + n - 1) % n, note: undefined } });
    if (key.downArrow) return set({ chooser: { ...c, cursor: (c.cursor + 1) % n, note: undefined } });
    let pick: number | undefined;
    if (key.return) pick = c.cursor;
    else if (/^[1-9]$/.test(input)) {
      // blocks by the number the step's text shows; mails by their place in the list
      const i = c.what === 'block' ? c.blocks.findIndex((b) => b.n === Number(input)) : Number(input) - 1;
      if (i < 0 || i >= n)
        return c.what === 'block' ? set({ chooser: { ...c, note: t(wb.lang, 'ui.run.notCommand', { n: input }) } }) : undefined;
      pick = i;
    }
    if (pick === undefined) return;
    if (c.what === 'block') runBlockNow(c.blocks[pick]);
    else sendMail(c.kinds[pick]);
  };

  const answerKeys = (input: string, key: Key, a: Answering, r: StepRef) => {
    if (key.escape) return set({ answering: undefined });
    const q = a.quiz;
    if (q.type === 'choice') {
      const n = q.options.length;
      if (key.upArrow) return set({ answering: { ...a, cursor: (a.cursor + n - 1) % n } });
      if (key.downArrow) return set({ answering: { ...a, cursor: (a.cursor + 1) % n } });
      const send = (cursor: number, marked: string[]) => {
        const ans = q.multiple && marked.length ? q.options.map((o) => o.id).filter((x) => marked.includes(x)) : [q.options[cursor].id];
        set({ answering: undefined });
        void check(r, ans);
      };
      if (key.return) return send(a.cursor, a.marked);
      if (key.ctrl || key.meta) return;
      // an option's letter goes to it, Space marks (several answers), Enter sends
      let { cursor, marked } = a;
      for (const ch of input) {
        if (isEnter(ch)) return send(cursor, marked);
        const at = q.options.findIndex((o) => o.key === ch.toLowerCase());
        if (at >= 0) cursor = at;
        else if (ch === ' ' && q.multiple) {
          const id = q.options[cursor].id;
          marked = marked.includes(id) ? marked.filter((x) => x !== id) : [...marked, id];
        }
      }
      if (cursor !== a.cursor || marked !== a.marked) set({ answering: { ...a, cursor, marked } });
      return;
    }
    const typed = typeLine(a.text, input, key);
    if (typed.sent !== undefined) {
      set({ answering: undefined });
      void check(r, typed.sent);
    } else if (typed.text !== a.text) set({ answering: { ...a, text: typed.text } });
  };

  /** The server line (E): Enter looks it up and saves it, or says what is wrong with it; Esc leaves it. */
  const serverKeys = (input: string, key: Key, s: ServerInput) => {
    // Esc closes the box even while a slow lookup runs: its outcome is said when it comes
    if (key.escape) return set({ server: undefined });
    if (s.busy) return;
    const typed = typeLine(s.text, input, key);
    if (typed.sent === undefined) return typed.text !== s.text ? set({ server: { text: typed.text } }) : undefined;
    const line = typed.sent;
    set({ server: { text: line, busy: true } });
    wb.chooseServer(line).then(
      (m) => set({ server: undefined, flash: m, verdict: undefined, remote: undefined }),
      (e: unknown) => {
        // the learner's line, said wrong; anything else is mailsec's own failure, said as such
        const error = e instanceof UserError ? e.userMessage : msg('ui.checkFailed', { error: (e as Error)?.message ?? String(e) });
        // in the box if it is still open, else where one-line messages go
        set(st.current.server ? { server: { text: line, error } } : { flash: error });
      },
    );
  };

  /** ↑ ↓ PgUp PgDn Home End over a scrolled screen; at the bottom it stays at the bottom. */
  const scrollKeys = (key: Key, cur: number, apply: (x: number) => void): boolean => {
    const { maxScroll, viewport } = screenRef.current;
    const page = Math.max(1, viewport - 1);
    const to = (f: (x: number) => number) => {
      const x = Math.max(0, f(Math.min(cur, maxScroll)));
      apply(x >= maxScroll ? END : x);
    };
    if (key.upArrow) to((x) => x - 1);
    else if (key.downArrow) to((x) => x + 1);
    else if (key.pageUp) to((x) => x - page);
    else if (key.pageDown) to((x) => x + page);
    else if (key.home) to(() => 0);
    else if (key.end) to(() => maxScroll);
    else return false;
    return true;
  };

  /** g b t m: the sandbox's views and the test mail, from the step, the list or another view */
  const sandboxKeys = (input: string): boolean => {
    if (input === 'g') openLog();
    else if (input === 'b') openMailbox();
    else if (input === 't') {
      const session = st.current.views.length ? undefined : st.current.verdictSession;
      if (session && st.current.mode === 'step') openTranscript(session);
      else openSessions();
    } else if (input === 'm') startMail();
    else return false;
    return true;
  };

  const viewKeys = (input: string, key: Key, v: View) => {
    if (key.escape) return pop();
    switch (v.kind) {
      case 'log': {
        const screen = screenRef.current;
        const cur = v.top ?? screen.maxScroll;
        if (scrollKeys(key, cur, (x) => replaceTop({ kind: 'log', top: x >= screen.maxScroll ? undefined : x }))) return;
        break;
      }
      case 'mailbox': {
        const n = data.mails.length;
        if (key.upArrow) return replaceTop({ ...v, sel: Math.max(0, v.sel - 1) });
        if (key.downArrow) return replaceTop({ ...v, sel: Math.min(Math.max(0, n - 1), v.sel + 1) });
        if (key.home || key.pageUp) return replaceTop({ ...v, sel: 0 });
        if (key.end || key.pageDown) return replaceTop({ ...v, sel: Math.max(0, n - 1) });
        const m = data.mails[Math.min(v.sel, n - 1)];
        if (m && key.return) return push({ kind: 'mail', path: m.path, scroll: 0 });
        if (m && (input === 's' || input === 'v')) return openSource(m.path);
        if (m && input === 't') {
          const session = data.sessionOfMail(m.path);
          if (session) return openTranscript(session);
        }
        break;
      }
      case 'mail':
      case 'source': {
        if (scrollKeys(key, v.scroll, (x) => replaceTop({ ...v, scroll: x }))) return;
        if (input === 't') {
          const session = data.sessionOfMail(v.path);
          if (session) return openTranscript(session);
          return set({ info: [{ text: t(wb.lang, 'ui.tr.notFound'), tone: 'warn' }] });
        }
        if (v.kind === 'mail' && (input === 's' || input === 'v')) return openSource(v.path);
        if (v.kind === 'mail' && (key.leftArrow || key.rightArrow)) {
          const i = data.mails.findIndex((m) => m.path === v.path);
          const j = i + (key.rightArrow ? 1 : -1);
          if (i >= 0 && j >= 0 && j < data.mails.length) return replaceTop({ kind: 'mail', path: data.mails[j].path, scroll: 0 });
          return;
        }
        break;
      }
      case 'sessions': {
        const n = data.sessions.length;
        if (key.upArrow) return replaceTop({ ...v, sel: Math.max(0, v.sel - 1) });
        if (key.downArrow) return replaceTop({ ...v, sel: Math.min(Math.max(0, n - 1), v.sel + 1) });
        if (key.home || key.pageUp) return replaceTop({ ...v, sel: 0 });
        if (key.end || key.pageDown) return replaceTop({ ...v, sel: Math.max(0, n - 1) });
        if (key.return && n) return openTranscript(data.sessions[Math.min(v.sel, n - 1)].session);
        break;
      }
      case 'transcript':
      case 'output':
      case 'guide':
        if (scrollKeys(key, v.scroll, (x) => replaceTop({ ...v, scroll: x }))) return;
        if (v.kind === 'output' && input === 'r' && st.current.ref) {
          pop();
          return startRun(st.current.ref);
        }
        break;
    }
    sandboxKeys(input);
  };

  const stepKeys = (input: string, key: Key, r: StepRef) => {
    if (scrollKeys(key, st.current.scroll, (x) => set({ scroll: x }))) return;
    if (key.leftArrow || input === 'p') {
      const p = wb.prev(r);
      return p ? goTo(p) : set({ flash: msg('ui.firstStep') });
    }
    if (key.rightArrow || input === 'n' || (key.return && st.current.verdict?.status === 'pass' && !st.current.checking)) {
      const n = wb.next(r);
      if (n) return goTo(n);
      const open = wb.openSteps();
      return set({ flash: open ? msg('ui.courseOpen', { n: open }) : msg('ui.courseDone') });
    }
    if (input === 'c') return void check(r);
    if (input === 'h') {
      if (!r.step.hints.length) return set({ flash: msg('ui.noHints') });
      const before = wb.hintsShown(r).length;
      return set(wb.hint(r).length === before ? { flash: msg('ui.noMoreHints') } : {});
    }
    if (input === 'a') {
      const quiz = wb.quiz(r);
      if (!quiz) return set({ flash: msg('ui.notQuiz') });
      const prev = wb.progress.step(r.lesson.id, r.step.id).answer;
      const marked = quiz.type === 'choice' ? [prev ?? []].flat().filter((id) => quiz.options.some((o) => o.id === id)) : [];
      const cursor = Math.max(
        0,
        quiz.options.findIndex((o) => o.id === marked[0]),
      );
      // the question is at the end of the step: keep it in sight above the answer box
      return set({ scroll: END, answering: { quiz, cursor, marked: quiz.multiple ? marked : [], text: '' } });
    }
    if (input === 'S') {
      const m = wb.switchTarget();
      // no server saved yet: choose one
      if (m.key === 'ui.target.none' && wb.servers) return set({ server: { text: '' } });
      return set({ flash: m, verdict: undefined, remote: undefined });
    }
    if (input === 'E' && wb.servers) return set({ server: { text: wb.servers.line() } });
    if (input === 'w') return set({ watchOn: !st.current.watchOn, flash: msg(st.current.watchOn ? 'ui.watchOff' : 'ui.watchOn') });
    if (input === 'l') return set({ mode: 'list', listSel: Math.max(0, wb.lessons.indexOf(r.lesson)) });
    if (input === 'r') return startRun(r);
    if (input === 'o') return st.current.run ? push({ kind: 'output', scroll: END }) : set({ flash: msg('ui.run.nothingYet') });
    sandboxKeys(input);
  };

  const listKeys = (input: string, key: Key) => {
    if (sandboxKeys(input)) return;
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

  const onKey = (input: string, key: Key) => {
    if (key.ctrl && input === 'c') return quit();
    const cur = st.current;
    // several command keys in one read (typed fast, sent by tmux): one after the other
    if (
      !cur.answering &&
      !cur.server &&
      [...input].length > 1 &&
      !key.ctrl &&
      !key.meta &&
      [...input].every((ch) => ch >= ' ' && ch !== '\x7f')
    ) {
      for (const ch of input) onKey(ch, { ...NO_KEY });
      return;
    }
    // notices and one-line messages stay until the next key
    if (cur.notices.length || cur.flash || cur.info.length) set({ notices: [], flash: undefined, info: [] });
    if (cur.help) {
      if (key.escape || input === '?') set({ help: false, helpScroll: 0 });
      else if (key.upArrow || key.pageUp) set({ helpScroll: Math.max(0, cur.helpScroll - (key.pageUp ? 10 : 1)) });
      else if (key.downArrow || key.pageDown) set({ helpScroll: cur.helpScroll + (key.pageDown ? 10 : 1) });
      return;
    }
    if (cur.answering && cur.ref) return answerKeys(input, key, cur.answering, cur.ref);
    if (cur.server) return serverKeys(input, key, cur.server);
    if (cur.chooser) return chooserKeys(input, key, cur.chooser);
    if (input === 'q') return quit();
    if (input === '?') return set({ help: true, helpScroll: 0 });
    if (input === 'L') {
      wb.setLang(LANGS[(LANGS.indexOf(wb.lang) + 1) % LANGS.length]);
      return set({ flash: msg('ui.langChanged') });
    }
    const view = cur.views.at(-1);
    // the teacher's guide to the lesson on screen (or chosen in the list), over any view
    if (input === 'T' && view?.kind !== 'guide') {
      const lesson = cur.mode === 'list' || !cur.ref ? wb.lessons[Math.min(cur.listSel, wb.lessons.length - 1)] : cur.ref.lesson;
      if (lesson) return push({ kind: 'guide', lesson: lesson.id, scroll: 0 });
    }
    if (view) return viewKeys(input, key, view);
    if (cur.mode === 'list' || !cur.ref) return listKeys(input, key);
    return stepKeys(input, key, cur.ref);
  };
  useInput(onKey);
}
