import React from 'react';
import { render } from 'ink';
import type { Workbook } from '../core/workbook.js';
import { App } from './App.js';

// the alternate screen: the workbook takes the whole terminal and gives it back as it was
const ENTER_ALT = '\x1b[?1049h\x1b[H';
const LEAVE_ALT = '\x1b[?1049l';

export interface TuiOptions {
  watch: boolean;
  sandboxState?: () => string;
}

export async function runTui(wb: Workbook, o: TuiOptions): Promise<number> {
  const out = process.stdout;
  const alt = out.isTTY === true;
  if (alt) out.write(ENTER_ALT);
  const restore = () => {
    if (alt) out.write(LEAVE_ALT);
  };
  process.once('exit', restore);
  const app = render(<App wb={wb} watch={o.watch} sandboxState={o.sandboxState} />, { exitOnCtrlC: false, patchConsole: true, maxFps: 60 });
  try {
    await app.waitUntilExit();
  } finally {
    process.off('exit', restore);
    restore();
  }
  return 0;
}
