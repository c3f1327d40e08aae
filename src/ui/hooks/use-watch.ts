import { useEffect, useRef, type MutableRefObject } from 'react';
import type { Workbook } from '../../core/workbook.js';
import type { WatchOptions, WorkspaceWatcher, watchWorkspace } from '../../core/watch.js';
import { msg } from '../../i18n/messages.js';
import type { UiStore } from '../state.js';

export interface WatchSettings {
  on: boolean;
  factory: typeof watchWorkspace;
  options?: WatchOptions;
  /** start after the first frame rather than at mount */
  defer: boolean;
}

/** Watch mode: the workspace's changed files, while it is on; the watcher is kept in `watcher`. */
export function useWatch(
  wb: Workbook,
  w: WatchSettings,
  onFiles: (files: string[]) => void,
  { set, mounted }: UiStore,
  watcher: MutableRefObject<WorkspaceWatcher | undefined>,
): void {
  const onWatch = useRef(onFiles);
  onWatch.current = onFiles;
  const { on, factory, options, defer } = w;
  useEffect(() => {
    if (!on) return;
    let current: WorkspaceWatcher | undefined;
    const begin = () => {
      try {
        current = factory(wb.ws.root, (files) => onWatch.current(files), {
          ...options,
          onError: (e) => mounted.current && set({ flash: msg('ui.watchUnavailable', { error: e.message }) }),
        });
      } catch (e) {
        set({ flash: msg('ui.watchUnavailable', { error: (e as Error).message }) });
        return;
      }
      watcher.current = current;
    };
    // on a terminal, a recursive watch (which walks the whole workspace, ~100 ms on Node 20)
    // starts once the first frame is out
    const start = defer ? setTimeout(begin, 0) : undefined;
    if (!defer) begin();
    return () => {
      clearTimeout(start);
      current?.close();
      if (watcher.current === current) watcher.current = undefined;
    };
  }, [on, wb, factory, options, set, defer]);
}
