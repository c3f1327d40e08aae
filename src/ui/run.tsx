import React from 'react';
import { render } from 'ink';
import { isatty } from 'node:tty';
import type { Workbook } from '../core/workbook.js';
import { SandboxLink } from '../core/sandbox-link.js';
import { App } from './App.js';

// the alternate screen: the workbook takes the whole terminal and gives it back as it was
const ENTER_ALT = '\x1b[?1049h\x1b[H';
const LEAVE_ALT = '\x1b[?1049l';

export interface TuiOptions {
  watch: boolean;
  /** false: use a running `mailsec sandbox start` but never start one (--no-sandbox) */
  sandbox?: boolean;
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
  // a terminal that went away makes writes fail: that must not stop the clean-up below
  const ignore = () => undefined;
  out.on('error', ignore);
  // found or started by the App after its first frame, so the workbook opens at once
  const link = new SandboxLink(wb.ws, (p) => (wb.probe = p), { start: o.sandbox !== false });
  const app = render(<App wb={wb} watch={o.watch} link={link} />, { exitOnCtrlC: false, patchConsole: true, maxFps: 60 });
  // a closed terminal or a kill still unmounts cleanly: watcher closed, sandbox stopped, screen given back
  let signal = 0;
  const onSignal = (n: number) => () => {
    signal = n;
    app.unmount();
  };
  // SIGHUP is also `mailsec sandbox reload` asking the sandbox this workbook runs: a terminal
  // that hung up is no terminal any more, and that tells the two apart
  const onHup = () => {
    if (link.hosting && isatty(0)) void link.reload();
    else onSignal(129)();
  };
  const onTerm = onSignal(143);
  process.on('SIGHUP', onHup);
  process.once('SIGTERM', onTerm);
  try {
    await app.waitUntilExit();
  } finally {
    process.off('SIGHUP', onHup);
    process.off('SIGTERM', onTerm);
    process.off('exit', restore);
    restore();
    await link.close().catch(() => undefined);
    out.off('error', ignore);
  }
  return signal;
}
