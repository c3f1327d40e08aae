import React, { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { useApp, useInput, type Key } from 'ink';
import type { Workbook, StepRef } from '../core/workbook.js';
import type { Verdict } from '../checks/types.js';
import type { Answer } from '../workspace/progress.js';
import { msg, t, type Message } from '../i18n/messages.js';
import { LANGS } from '../i18n/lang.js';
import { changedFile, watchWorkspace, type WatchOptions, type WorkspaceWatcher } from '../core/watch.js';
import { sandboxDetails, sandboxSummary, stateChange, type LinkState, type SandboxLink } from '../core/sandbox-link.js';
import { stepBlocks, runStepBlock, type StepBlock } from '../core/blocks.js';
import { MAIL_KINDS, planTestMail, sendPlanned, suggestedKind, type MailKind } from '../core/testmail.js';
import { sessionForVerdict } from '../core/transcripts.js';
import { recordSourceViewed } from '../core/source-viewed.js';
import { bodyRows, helpScreen, listScreen, statusRow, stepScreen, type Answering, type Screen } from './screens.js';
import { END, logScreen, mailboxScreen, mailRows, outputRows, paneScreen, sessionsScreen, sourceRows, transcriptRows, type Note, type RunView } from './sandboxScreens.js';
import { ViewData } from './viewData.js';
import { useTerminalSize, type Size } from './useTerminalSize.js';
import { colorEnabled } from './theme.js';
import { clip, rule, textRows, type Row } from './rows.js';
import { Rows } from './RowsView.js';

export interface AppProps {
  wb: Workbook;
  /** watch mode at start */
  watch: boolean;
  /** the sandbox's state for the status bar; nothing is shown without it (or a link) */
  sandboxState?: () => string;
  /** the sandbox this workbook finds or starts (after the first frame) and shows */
  link?: SandboxLink;
  /** fixed size (tests); else the terminal's, followed on resize */
  size?: Partial<Size>;
  color?: boolean;
  /** watcher settings (tests inject a short delay or fake timers) */
  watchOptions?: WatchOptions;
  watchFactory?: typeof watchWorkspace;
  /** start the watcher after the first frame rather than at mount */
  deferWatch?: boolean;
  /** how often an open sandbox view re-reads the workspace */
  pollMs?: number;
  /** a command block still running after this long is stopped */
  runTimeoutMs?: number;
}

type Mode = 'list' | 'step';
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

/** A sandbox view over the step or the list; Esc goes back to the one under it. */
type View =
  | { kind: 'log'; top?: number }
  | { kind: 'mailbox'; sel: number }
  | { kind: 'mail'; path: string; scroll: number }
  | { kind: 'source'; path: string; scroll: number }
  | { kind: 'sessions'; sel: number }
  | { kind: 'transcript'; session: string; scroll: number }
  | { kind: 'output'; scroll: number };

type Chooser = ({ what: 'block'; blocks: StepBlock[] } | { what: 'mail'; kinds: MailKind[] }) & { cursor: number; note?: string };

interface UiState {
  mode: Mode;
  ref?: StepRef;
  listSel: number;
  scroll: number;
  checking: boolean;
  verdict?: Verdict;
  watchFile?: string;
  /** the SMTP session the verdict is about (t opens it) */
  verdictSession?: string;
  flash?: Message;
  answering?: Answering;
  notices: Message[];
  help: boolean;
  helpScroll: number;
  watchOn: boolean;
  views: View[];
  chooser?: Chooser;
  info: Note[];
  run?: RunView;
}

const OUTSIDE_ADDRESS = () => (process.env.MAILSEC_OUTSIDE_ADDRESS && /^[0-9a-f.:]+$/i.test(process.env.MAILSEC_OUTSIDE_ADDRESS) ? process.env.MAILSEC_OUTSIDE_ADDRESS : '203.0.113.7');

export function App({ wb, watch, sandboxState, link, size, color = colorEnabled(), watchOptions, watchFactory = watchWorkspace, deferWatch = false, pollMs = 250, runTimeoutMs = 30_000 }: AppProps) {
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
      helpScroll: 0,
      watchOn: watch,
      views: [],
      info: [],
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
  const data = useMemo(() => new ViewData(wb.ws), [wb]);
  const linkState = useRef<LinkState>({ phase: 'idle' });

  useEffect(() => {
    if (st.current.ref) wb.go(st.current.ref);
    return () => {
      mounted.current = false;
    };
  }, [wb]);

  // --- the sandbox: found or started after the first frame, its state followed ---------
  const followLink = useCallback(() => {
    if (!link) return;
    const next = link.state();
    const m = stateChange(linkState.current, next);
    linkState.current = next;
    if (m && mounted.current) set({ info: [...st.current.info, { text: wb.text(m), tone: next.phase === 'running' && next.config.state === 'ok' ? 'pass' : 'warn' }] });
  }, [link, wb, set]);

  useEffect(() => {
    if (!link) return;
    let live = true;
    link
      .start()
      .catch(() => undefined)
      .then(() => {
        if (!live) return;
        followLink();
        force();
      });
    return () => {
      live = false;
    };
  }, [link, followLink]);

  useEffect(() => {
    if (!sandboxState && !link) return;
    const timer = setInterval(() => {
      followLink();
      force();
    }, 1000);
    return () => clearInterval(timer);
  }, [sandboxState, link, followLink]);

  // an open view follows the workspace: new log lines, new mail, new sessions
  const top = s.views.at(-1);
  useEffect(() => {
    if (!top) return;
    const kind = top.kind;
    const timer = setInterval(() => {
      let changed = false;
      if (kind === 'log') changed = data.log().changed;
      else if (kind === 'mailbox' || kind === 'mail') changed = data.refreshMail();
      else if (kind === 'sessions' || kind === 'transcript') changed = data.refreshSessions();
      if (changed && mounted.current) force();
    }, pollMs);
    return () => clearInterval(timer);
  }, [top?.kind, data, pollMs]);

  const check = useCallback(
    async (r: StepRef, answer?: Answer, file?: string) => {
      const mine = ++seq.current;
      const since = new Date().toISOString();
      set({ checking: true, watchFile: undefined, verdictSession: undefined });
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
      let session: string | undefined;
      if (v.status !== 'pass') {
        try {
          session = sessionForVerdict(wb.ws, v, since);
        } catch {
          session = undefined;
        }
      }
      set({ checking: false, verdict: v, watchFile: file, verdictSession: session });
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
    let w: WorkspaceWatcher | undefined;
    const begin = () => {
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
    };
    // on a terminal, a recursive watch (which walks the whole workspace, ~100 ms on Node 20)
    // starts once the first frame is out
    const start = deferWatch ? setTimeout(begin, 0) : undefined;
    if (!deferWatch) begin();
    return () => {
      clearTimeout(start);
      w?.close();
      if (watcher.current === w) watcher.current = undefined;
    };
  }, [s.watchOn, wb, watchFactory, watchOptions, set, deferWatch]);

  const goTo = (r: StepRef) => {
    seq.current++;
    wb.go(r);
    set({ mode: 'step', ref: r, scroll: 0, checking: false, verdict: undefined, watchFile: undefined, verdictSession: undefined, answering: undefined });
  };

  const quit = () => {
    watcher.current?.close();
    exit();
  };

  // --- views ---------------------------------------------------------------------
  const push = (v: View) => set({ views: [...st.current.views, v] });
  const replaceTop = (v: View) => set({ views: [...st.current.views.slice(0, -1), v] });
  const pop = () => set({ views: st.current.views.slice(0, -1) });
  /** g, b, t from anywhere: the same view is not stacked twice */
  const open = (v: View) => {
    const views = st.current.views;
    const i = views.findIndex((x) => x.kind === v.kind);
    set({ views: i >= 0 ? [...views.slice(0, i), v] : [...views, v] });
  };
  const openLog = () => {
    data.log();
    open({ kind: 'log' });
  };
  const openMailbox = () => {
    data.refreshMail();
    open({ kind: 'mailbox', sel: 0 });
  };
  const openSessions = () => {
    data.refreshSessions();
    open({ kind: 'sessions', sel: 0 });
  };
  /** opened where the first refusal is, with a few lines of what led to it above */
  const openTranscript = (session: string) => {
    const tr = data.transcript(session, wb.lang);
    const { firstFail } = transcriptRows(wb.lang, tr.row, session, tr.lines, columns);
    push({ kind: 'transcript', session, scroll: firstFail === undefined ? 0 : Math.max(0, firstFail - 4) });
  };
  const openSource = (path: string) => {
    const m = data.mails.find((x) => x.path === path);
    if (!m) return set({ info: [{ text: t(wb.lang, 'ui.mail.gone'), tone: 'warn' }] });
    recordSourceViewed(wb.ws, { path, queueId: m.queueId, folder: m.folder });
    push({ kind: 'source', path, scroll: 0 });
  };

  // --- running a step's command blocks ---------------------------------------------
  const refusal = (reason: string | undefined): string => {
    const lang = wb.lang;
    if (reason === 'interactive') return t(lang, 'ui.run.interactive', { dir: wb.ws.root });
    if (reason === 'stops-workbook') return t(lang, 'ui.run.stopsWorkbook');
    const ls = link?.state();
    if (ls?.phase === 'running') return ls.owner === 'tui' ? t(lang, 'ui.run.foregroundHere') : t(lang, 'ui.run.foregroundDaemon', { pid: ls.pid });
    return t(lang, 'ui.run.foregroundNone');
  };

  const runBlockNow = (block: StepBlock) => {
    const run: RunView = { block, running: true, timeoutSeconds: Math.round(runTimeoutMs / 1000) };
    const views = st.current.views.filter((v) => v.kind !== 'output');
    set({ run, chooser: undefined, views: [...views, { kind: 'output', scroll: 0 }] });
    void runStepBlock(wb.ws, block.content, wb.probe, { hosting: !!link?.hosting, timeoutMs: runTimeoutMs, lang: wb.lang }).then(
      (result) => {
        if (!mounted.current || st.current.run !== run) return;
        const done: RunView = { ...run, running: false, result, refusal: result.status === 'refused' ? refusal(result.reason) : undefined };
        const shown = st.current.views.at(-1)?.kind === 'output';
        set({ run: done, ...(shown ? {} : { info: [...st.current.info, { text: t(wb.lang, 'ui.run.finished', { n: block.n }), tone: 'accent' as const }] }) });
      },
      (e: unknown) => {
        if (!mounted.current || st.current.run !== run) return;
        set({ run: { ...run, running: false, result: { status: 'failed', output: String((e as Error)?.message ?? e), truncated: false } } });
      },
    );
  };

  const startRun = (r: StepRef) => {
    const blocks = stepBlocks(wb.body(r.step)).filter((b) => b.kind === 'command');
    if (!blocks.length) return set({ flash: msg('ui.run.none') });
    if (blocks.length === 1) return runBlockNow(blocks[0]);
    set({ chooser: { what: 'block', blocks, cursor: 0 } });
  };

  // --- sending a test mail ---------------------------------------------------------
  const startMail = () => {
    const ls = link?.state();
    if (link && ls?.phase !== 'running') return set({ info: [{ text: t(wb.lang, 'ui.mail.noSandbox'), tone: 'warn' }] });
    const r = st.current.ref;
    const first = r ? suggestedKind(r.lesson.id, r.step.check.kind) : 'plain';
    set({ chooser: { what: 'mail', kinds: MAIL_KINDS, cursor: MAIL_KINDS.indexOf(first) } });
  };

  const sendMail = (kind: MailKind) => {
    const plan = planTestMail(kind, wb.lang, wb.ws.vars, wb.probe);
    set({ chooser: undefined, info: [{ text: t(wb.lang, 'ui.mail.sending'), tone: 'accent' }] });
    void sendPlanned(wb.probe, wb.ws.vars, plan)
      .catch((e: unknown) => ({ ok: false, response: String((e as Error)?.message ?? e) }))
      .then((res) => {
        if (!mounted.current) return;
        const text = t(wb.lang, res.ok ? 'ui.mail.sent' : 'ui.mail.refused', { response: res.response.replace(/\s+/g, ' ').trim() });
        set({ info: [{ text, tone: res.ok ? 'pass' : 'fail' }] });
        if (st.current.views.at(-1)?.kind === 'mailbox') data.refreshMail();
      });
  };

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
      if (i < 0 || i >= n) return c.what === 'block' ? set({ chooser: { ...c, note: t(wb.lang, 'ui.run.notCommand', { n: input }) } }) : undefined;
      pick = i;
    }
    if (pick === undefined) return;
    if (c.what === 'block') runBlockNow(c.blocks[pick]);
    else sendMail(c.kinds[pick]);
  };

  const chooserRows = (c: Chooser, width: number): Row[] => {
    const lang = wb.lang;
    const w = Math.max(10, width - 2);
    const head = textRows(t(lang, c.what === 'block' ? 'ui.run.choose' : 'ui.mail.choose'), w, { tone: 'accent' });
    if (c.note) head.push(...textRows(c.note, w, { tone: 'warn' }));
    const options =
      c.what === 'block'
        ? c.blocks.map((b) => `${b.firstLine}${b.content.includes('\n') ? ' …' : ''}`)
        : c.kinds.map((k) => {
            const p = planTestMail(k, lang, wb.ws.vars, wb.probe);
            return t(lang, `ui.mail.kind.${k}`, { domain: wb.ws.vars.domain, port: p.port, addr: OUTSIDE_ADDRESS() });
          });
    const body = options.map((o, i): Row => {
      const here = i === c.cursor;
      return clip([{ text: `${here ? '›' : ' '} ${c.what === 'block' ? `[${c.blocks[i].n}]` : `${i + 1})`} `, style: here ? { tone: 'selected' } : undefined }, { text: o, style: here ? { tone: 'selected' } : { codeBlock: c.what === 'block' } }], w);
    });
    return [rule(width), ...[...head, ...body].map((r) => [{ text: ' ' }, ...r])];
  };

  // --- keys ----------------------------------------------------------------------
  // a paste, or keys typed faster than a redraw, come as one string ("b\r"): a newline in it is Enter
  const isEnter = (ch: string) => ch === '\r' || ch === '\n';
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
        const at = q.options.findIndex((o) => o.id === ch.toLowerCase());
        if (at >= 0) cursor = at;
        else if (ch === ' ' && q.multiple) {
          const id = q.options[cursor].id;
          marked = marked.includes(id) ? marked.filter((x) => x !== id) : [...marked, id];
        }
      }
      if (cursor !== a.cursor || marked !== a.marked) set({ answering: { ...a, cursor, marked } });
      return;
    }
    if (key.return) {
      set({ answering: undefined });
      void check(r, a.text);
      return;
    }
    if (key.backspace || key.delete) return set({ answering: { ...a, text: dropLast(a.text) } });
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
    // Backspaces in a burst erase, Enter sends what came before it (the rest of a pasted text is dropped),
    // other control characters are dropped
    let text = a.text;
    for (const ch of input) {
      if (isEnter(ch)) {
        set({ answering: undefined });
        void check(r, text);
        return;
      }
      if (ch === '\x7f' || ch === '\b') text = dropLast(text);
      else if (ch >= ' ') text += ch;
    }
    if (text !== a.text) set({ answering: { ...a, text } });
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
    if (!cur.answering && [...input].length > 1 && !key.ctrl && !key.meta && [...input].every((ch) => ch >= ' ' && ch !== '\x7f')) {
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
    if (cur.chooser) return chooserKeys(input, key, cur.chooser);
    if (input === 'q') return quit();
    if (input === '?') return set({ help: true, helpScroll: 0 });
    if (input === 'L') {
      wb.setLang(LANGS[(LANGS.indexOf(wb.lang) + 1) % LANGS.length]);
      return set({ flash: msg('ui.langChanged') });
    }
    const view = cur.views.at(-1);
    if (view) return viewKeys(input, key, view);
    if (cur.mode === 'list' || !cur.ref) return listKeys(input, key);
    return stepKeys(input, key, cur.ref);
  };
  useInput(onKey);

  // --- the frame -------------------------------------------------------------------
  // the step's text is laid out once per step, language and width, not on every key
  // the step names the sandbox's ports: its text changes if the sandbox had to take others
  const portsKey = Object.values(wb.probe.ports).join(',');
  const body = useMemo(() => (s.ref ? bodyRows(wb.body(s.ref.step), columns) : []), [wb, s.ref?.lesson.id, s.ref?.step.id, wb.lang, columns, portsKey]);

  const lang = wb.lang;
  const main = height - 1;
  const notes: Note[] = [...s.notices.map((n) => ({ text: wb.text(n), tone: 'warn' as const })), ...s.info, ...(s.flash ? [{ text: wb.text(s.flash), tone: 'warn' as const }] : [])];
  const findMail = (path: string) => data.mails.find((m) => m.path === path);

  const viewScreen = (v: View): { screen: Screen; keys: string } => {
    switch (v.kind) {
      case 'log': {
        const details = link ? sandboxDetails(link.state(), lang) : [];
        const sc = logScreen(lang, { lines: data.log().lines, top: v.top }, details, data.logFile, columns, main, notes);
        return { screen: sc, keys: t(lang, 'ui.log.keys') };
      }
      case 'mailbox': {
        const sel = Math.min(v.sel, Math.max(0, data.mails.length - 1));
        return { screen: mailboxScreen(lang, data.mails, sel, columns, main, notes), keys: t(lang, 'ui.mail.keys') };
      }
      case 'mail':
      case 'source': {
        const m = findMail(v.path);
        const view = m && (v.kind === 'mail' ? data.mail(m) : undefined);
        const src = m && (v.kind === 'source' ? data.source(m) : undefined);
        const keys = t(lang, v.kind === 'mail' ? 'ui.mail.readKeys' : 'ui.mail.sourceKeys');
        if (!m || (v.kind === 'mail' ? !view : !src)) {
          return { screen: paneScreen(lang, [], textRows(t(lang, 'ui.mail.gone'), columns, { tone: 'warn' }), 0, columns, main, notes), keys };
        }
        const { head, body: rowsOf } = v.kind === 'mail' ? mailRows(lang, view!, columns) : sourceRows(lang, m, src!, columns);
        return { screen: paneScreen(lang, head, rowsOf, v.scroll, columns, main, notes), keys };
      }
      case 'sessions': {
        const sel = Math.min(v.sel, Math.max(0, data.sessions.length - 1));
        return { screen: withNotes(sessionsScreen(lang, data.sessions, sel, columns, main), notes), keys: t(lang, 'ui.tr.keys') };
      }
      case 'transcript': {
        const tr = data.transcript(v.session, lang);
        const { head, body: rowsOf } = transcriptRows(lang, tr.row, v.session, tr.lines, columns);
        return { screen: paneScreen(lang, head, rowsOf, v.scroll, columns, main, notes), keys: t(lang, 'ui.tr.transcriptKeys') };
      }
      case 'output': {
        const run = s.run;
        if (!run) return { screen: paneScreen(lang, [], textRows(t(lang, 'ui.run.nothingYet'), columns), 0, columns, main, notes), keys: t(lang, 'ui.run.keys') };
        const { head, body: rowsOf, status } = outputRows(lang, run, columns);
        return { screen: paneScreen(lang, head, rowsOf, v.scroll, columns, main, [status, ...notes]), keys: t(lang, 'ui.run.keys') };
      }
    }
  };

  let screen: Screen;
  let keys: string | undefined;
  const view = s.views.at(-1);
  if (s.help) screen = { rows: helpScreen(wb, columns, main, s.helpScroll), viewport: 0, maxScroll: 0 };
  else if (view) ({ screen, keys } = viewScreen(view));
  else if (s.mode === 'list' || !s.ref) screen = listScreen(wb, s.listSel, columns, main, [...s.notices, ...(s.flash ? [s.flash] : [])]);
  else
    screen = stepScreen(
      wb,
      { ref: s.ref, scroll: s.scroll, checking: s.checking, verdict: s.verdict, watchFile: s.watchFile, flash: s.flash, answering: s.answering, notices: s.notices, info: s.info, sessionOffer: !!s.verdictSession },
      body,
      columns,
      main,
    );
  if (!s.help && !view && s.mode === 'list' && s.info.length) screen = withNotes(screen, s.info);
  screenRef.current = screen;
  let frame = screen.rows;
  if (s.chooser && !s.help) {
    // the chooser takes the last rows, over whatever is below
    const c = chooserRows(s.chooser, columns);
    frame = [...frame.slice(0, Math.max(0, main - c.length)), ...c.slice(-main)];
  }
  const sandbox = link ? sandboxSummary(link.state(), lang) : sandboxState?.();
  const status = statusRow(wb, { mode: s.mode === 'step' && s.ref ? 'step' : 'list', ref: s.ref, watch: s.watchOn, sandbox, keys }, columns);
  return <Rows rows={[...frame, status]} color={color} />;

  function withNotes(sc: Screen, ns: Note[]): Screen {
    if (!ns.length) return sc;
    const w = Math.max(10, columns - 2);
    const noteRows = ns.flatMap((n) => textRows(n.text, w, { tone: n.tone }).map((r) => [{ text: ' ' }, ...r]));
    const keep = Math.max(0, sc.rows.length - noteRows.length);
    return { ...sc, rows: [...sc.rows.slice(0, keep), ...noteRows.slice(-sc.rows.length)] };
  }
}
