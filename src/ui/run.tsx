import React from 'react';
import { render } from 'ink';
import type { Workbook } from '../core/workbook.js';
import { App } from './App.js';

// the alternate screen: the workbook takes the whole terminal and gives it back as it was
const ENTER_ALT = '\x1b[?1049h\x1b[H';
const LEAVE_ALT = '\x1b[?1049l';

export interface TuiOptions {
  watch: boolean;
  /** the sandbox's state for the status bar (filled by the sandbox work) */
  sandboxState?: () => string;
}

export async function runTui(wb: Workbook, o: TuiOptions): Promise<number> {
  const out = process.stdout;
  const alt = out.isTTY === true;
  if (alt) out.write(ENTER_ALT);
  let left = false;
  const restore = () => {
    if (alt && !left) out.write(LEAVE_ALT);
    left = true;
  };
  process.once('exit', restore);
  const app = render(<App wb={wb} watch={o.watch} sandboxState={o.sandboxState} />, { exitOnCtrlC: false, patchConsole: true, maxFps: 60 });
  // a closed terminal or a kill still unmounts cleanly: watcher closed, screen given back
  let signal = 0;
  const onSignal = (n: number) => () => {
    signal = n;
    app.unmount();
  };
  const onHup = onSignal(129);
  const onTerm = onSignal(143);
  process.once('SIGHUP', onHup);
  process.once('SIGTERM', onTerm);
  try {
    await app.waitUntilExit();
  } finally {
    process.off('SIGHUP', onHup);
    process.off('SIGTERM', onTerm);
    process.off('exit', restore);
    restore();
  }
  return signal;
}
