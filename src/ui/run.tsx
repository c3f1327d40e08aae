import React from 'react';
import { render } from 'ink';
import type { Workbook } from '../core/workbook.js';
import { SandboxLink } from '../core/sandbox-link.js';
import { dropOwnState, reloadRequested } from '../core/tui-host.js';
import { App } from './App.js';
import { missingPrograms } from '../core/tools.js';
import { msg } from '../i18n/messages.js';

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
  process.stdin.on('error', ignore);
  // found or started by the App after its first frame, so the workbook opens at once
  const link = new SandboxLink(wb.ws, (p) => (wb.probe = p), { start: o.sandbox !== false });
  // a few stat calls, no process started: the first frame says when a lesson's tool is missing
  const missing = missingPrograms();
  if (missing.length) wb.notices.push(msg('doctor.notice', { tools: missing.join(', ') }));
  // however this process ends (a hung-up terminal can end it before the clean-up below),
  // the sandbox it ran goes with it, so its state file must not outlive it
  const dropState = () => dropOwnState(wb.ws);
  process.once('exit', dropState);
  const app = render(<App wb={wb} watch={o.watch} link={link} deferWatch />, { exitOnCtrlC: false, patchConsole: true, maxFps: 60 });
  // a closed terminal or a kill still unmounts cleanly: watcher closed, sandbox stopped, screen given back
  let signal = 0;
  const onSignal = (n: number) => () => {
    signal = n;
    app.unmount();
  };
  // SIGHUP is also `mailsec sandbox reload` asking the sandbox this workbook runs; that
  // command leaves a note first (a hung-up terminal may still look like a terminal)
  const onHup = () => {
    if (link.hosting && reloadRequested(wb.ws)) void link.reload();
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
    process.off('exit', dropState);
    restore();
    await link.close().catch(() => undefined);
    out.off('error', ignore);
    process.stdin.off('error', ignore);
    dropState();
  }
  return signal;
}
