import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { Workbook } from '../../core/workbook.js';
import type { UiState, UiStore } from '../state.js';

/** The App's state in a ref, opened at the learner's current step (or the list). */
export function useUiState(wb: Workbook, watch: boolean): UiStore {
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
  const mounted = useRef(true);
  useEffect(() => {
    if (st.current.ref) wb.go(st.current.ref);
    return () => {
      mounted.current = false;
    };
  }, [wb]);
  return { st, set, force, mounted };
}
