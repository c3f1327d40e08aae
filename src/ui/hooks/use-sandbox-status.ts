import { useCallback, useEffect, useRef } from 'react';
import type { Workbook } from '../../core/workbook.js';
import { stateChange, type LinkState, type SandboxLink } from '../../core/sandbox-link.js';
import type { UiStore } from '../state.js';

/**
 * The sandbox: found or started after the first frame, its state followed every second;
 * a change worth saying (started, stopped, its configuration refused) becomes a note.
 */
export function useSandboxStatus(
  wb: Workbook,
  link: SandboxLink | undefined,
  sandboxState: (() => string) | undefined,
  { st, set, force, mounted }: UiStore,
): void {
  const linkState = useRef<LinkState>({ phase: 'idle' });
  const followLink = useCallback(() => {
    if (!link) return;
    const next = link.state();
    const m = stateChange(linkState.current, next);
    linkState.current = next;
    if (m && mounted.current)
      set({
        info: [...st.current.info, { text: wb.text(m), tone: next.phase === 'running' && next.config.state === 'ok' ? 'pass' : 'warn' }],
      });
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
}
