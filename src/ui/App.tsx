/**
 * The workbook on a terminal: the step, the lesson list, the help and the sandbox views,
 * with the status line below. State and keys live in hooks/, what is drawn in screens/;
 * this only picks the screen for the state.
 */
import React, { useMemo, useRef } from 'react';
import type { Workbook } from '../core/workbook.js';
import { changedFile, watchWorkspace, type WatchOptions, type WorkspaceWatcher } from '../core/watch.js';
import { sandboxSummary, type SandboxLink } from '../core/sandbox-link.js';
import { useTerminalSize, type Size } from './hooks/use-terminal-size.js';
import { useUiState } from './hooks/use-ui-state.js';
import { useSandboxStatus } from './hooks/use-sandbox-status.js';
import { useViewData } from './hooks/use-view-data.js';
import { useCheck } from './hooks/use-check.js';
import { useWatch } from './hooks/use-watch.js';
import { useActions } from './hooks/use-actions.js';
import { useKeys } from './hooks/use-keys.js';
import { notesOver, type Note, type Screen } from './screens/screen.js';
import { bodyRows, stepScreen } from './screens/step-screen.js';
import { listScreen } from './screens/list-screen.js';
import { helpScreen } from './screens/help-screen.js';
import { statusRow } from './screens/status-row.js';
import { chooserRows } from './screens/chooser-box.js';
import { serverRows } from './screens/server-box.js';
import { sandboxView } from './screens/sandbox-view.js';
import type { UiContext } from './state.js';
import { colorEnabled } from './theme.js';
import { Rows } from './rows-view.js';

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

export function App({
  wb,
  watch,
  sandboxState,
  link,
  size,
  color = colorEnabled(),
  watchOptions,
  watchFactory = watchWorkspace,
  deferWatch = false,
  pollMs = 250,
  runTimeoutMs = 30_000,
}: AppProps) {
  const { columns, rows } = useTerminalSize(size);
  const height = Math.max(2, rows - 1);
  const store = useUiState(wb, watch);
  const s = store.st.current;
  const watcher = useRef<WorkspaceWatcher | undefined>(undefined);
  const screenRef = useRef<Screen>({ rows: [], viewport: 1, maxScroll: 0 });

  useSandboxStatus(wb, link, sandboxState, store);
  const data = useViewData(wb, s.views.at(-1)?.kind, pollMs, store);
  const { check, seq } = useCheck(wb, store, watcher);
  useWatch(
    wb,
    { on: s.watchOn, factory: watchFactory, options: watchOptions, defer: deferWatch },
    (files) => {
      const { ref, mode, answering } = store.st.current;
      if (!ref || mode !== 'step' || answering || wb.quiz(ref)) return;
      void check(ref, undefined, changedFile(wb.ws.root, files));
    },
    store,
    watcher,
  );
  const ctx: UiContext = { ...store, wb, link, data, columns, screenRef, runTimeoutMs };
  const actions = useActions(ctx, seq, watcher);
  useKeys(ctx, actions, check);

  // --- the frame -------------------------------------------------------------------
  // the step's text is laid out once per step, language and width, not on every key
  // the step names the sandbox's ports: its text changes if the sandbox had to take others
  const portsKey = Object.values(wb.probe.ports).join(',');
  const body = useMemo(
    () => (s.ref ? bodyRows(wb.body(s.ref.step), columns) : []),
    [wb, s.ref?.lesson.id, s.ref?.step.id, wb.lang, columns, portsKey],
  );

  const lang = wb.lang;
  const main = height - 1;
  const notes: Note[] = [
    ...s.notices.map((n) => ({ text: wb.text(n), tone: 'warn' as const })),
    ...s.info,
    ...(s.flash ? [{ text: wb.text(s.flash), tone: 'warn' as const }] : []),
  ];

  let screen: Screen;
  let keys: string | undefined;
  const view = s.views.at(-1);
  if (s.help) screen = { rows: helpScreen(wb, columns, main, s.helpScroll), viewport: 0, maxScroll: 0 };
  else if (view) ({ screen, keys } = sandboxView(view, { lang, data, link, run: s.run, notes, width: columns, height: main }));
  else if (s.mode === 'list' || !s.ref) screen = listScreen(wb, s.listSel, columns, main, [...s.notices, ...(s.flash ? [s.flash] : [])]);
  else
    screen = stepScreen(
      wb,
      {
        ref: s.ref,
        scroll: s.scroll,
        checking: s.checking,
        verdict: s.verdict,
        remote: s.remote,
        watchFile: s.watchFile,
        flash: s.flash,
        answering: s.answering,
        notices: s.notices,
        info: s.info,
        sessionOffer: !!s.verdictSession,
      },
      body,
      columns,
      main,
    );
  if (!s.help && !view && s.mode === 'list' && s.info.length) screen = notesOver(screen, s.info, columns);
  screenRef.current = screen;
  let frame = screen.rows;
  if (s.server && !s.help) {
    // the server line takes the last rows too
    const c = serverRows(wb, s.server, columns);
    frame = [...frame.slice(0, Math.max(0, main - c.length)), ...c.slice(-main)];
  } else if (s.chooser && !s.help) {
    // the chooser takes the last rows, over whatever is below
    const c = chooserRows(wb, s.chooser, columns);
    frame = [...frame.slice(0, Math.max(0, main - c.length)), ...c.slice(-main)];
  }
  const sandbox = link ? sandboxSummary(link.state(), lang) : sandboxState?.();
  const status = statusRow(
    wb,
    { mode: s.mode === 'step' && s.ref ? 'step' : 'list', ref: s.ref, watch: s.watchOn, sandbox, keys },
    columns,
  );
  return <Rows rows={[...frame, status]} color={color} />;
}
