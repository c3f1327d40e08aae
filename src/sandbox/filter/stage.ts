// OWNER: content-filter work (issue 5). SpamAssassin through master.cf's content_filter; undefined when not wired.
import type { MessageStage, StageContext } from '../pipeline.js';

export function contentFilterStage(_ctx: StageContext): MessageStage | undefined {
  return undefined;
}
