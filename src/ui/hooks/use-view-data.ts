import { useEffect, useMemo } from 'react';
import type { Workbook } from '../../core/workbook.js';
import { ViewData } from '../../core/view-data.js';
import type { UiStore, View } from '../state.js';

/** What the sandbox views show; the open view follows the workspace (new log lines, mail, sessions). */
export function useViewData(wb: Workbook, open: View['kind'] | undefined, pollMs: number, { force, mounted }: UiStore): ViewData {
  const data = useMemo(() => new ViewData(wb.ws), [wb]);
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => {
      let changed = false;
      if (open === 'log') changed = data.log().changed;
      else if (open === 'mailbox' || open === 'mail') changed = data.refreshMail();
      else if (open === 'sessions' || open === 'transcript') changed = data.refreshSessions();
      if (changed && mounted.current) force();
    }, pollMs);
    return () => clearInterval(timer);
  }, [open, data, pollMs]);
  return data;
}
