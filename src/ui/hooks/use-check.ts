import { useCallback, useRef, type MutableRefObject } from 'react';
import type { Workbook, StepRef } from '../../core/workbook.js';
import type { Answer, Verdict } from '../../core/view.js';
import type { WorkspaceWatcher } from '../../core/watch.js';
import { sessionForVerdict } from '../../core/transcripts.js';
import { msg } from '../../i18n/messages.js';
import type { UiStore } from '../state.js';

export type Check = (r: StepRef, answer?: Answer, file?: string) => Promise<void>;

/**
 * Checks a step (the watcher paused meanwhile) and shows the verdict, with the SMTP session
 * it is about; `seq` moves on when the learner leaves the step, so a late verdict is dropped.
 */
export function useCheck(
  wb: Workbook,
  { set, mounted }: UiStore,
  watcher: MutableRefObject<WorkspaceWatcher | undefined>,
): { check: Check; seq: MutableRefObject<number> } {
  const seq = useRef(0);
  const check = useCallback(
    async (r: StepRef, answer?: Answer, file?: string) => {
      const mine = ++seq.current;
      const since = new Date().toISOString();
      set({ checking: true, watchFile: undefined, verdictSession: undefined, remote: undefined });
      watcher.current?.pause();
      let v: Verdict;
      try {
        // the saved real server: its result is shown, and the sandbox's sessions are not about it
        const remote = await wb.remote?.check(r, wb.lang, answer);
        if (remote) {
          if (mounted.current && mine === seq.current) set({ checking: false, verdict: undefined, remote, watchFile: file });
          return;
        }
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
  return { check, seq };
}
