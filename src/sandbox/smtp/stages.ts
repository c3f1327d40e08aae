/**
 * The pipeline stages after cleanup, as Postfix's milters and content filter: SPF, DKIM
 * and DMARC on the way in, DKIM signing, the content filter.
 */
import type { Runtime } from '../runtime.js';
import type { MessageStage, StageContext } from '../pipeline.js';
import type { SandboxConfig } from '../config/load.js';
import { inboundAuthStage, dkimSignStage } from '../auth/stages.js';
import { contentFilterStage } from '../filter/stage.js';

/** The pipeline stages for one configuration snapshot (made once per snapshot). */
const stageCache = new WeakMap<SandboxConfig, MessageStage[]>();

export function stageContext(rt: Runtime): StageContext {
  return {
    ws: rt.ws,
    cfg: rt.config.main,
    master: rt.config.master,
    hostname: rt.config.hostname,
    resolver: rt.resolver,
    log: (line) => rt.log.stageLine(line),
    event: (e) => rt.rawEvent(e),
  };
}

export function stagesFor(rt: Runtime): MessageStage[] {
  let stages = stageCache.get(rt.config);
  if (!stages) {
    const ctx = stageContext(rt);
    stages = [];
    for (const make of [inboundAuthStage, dkimSignStage, contentFilterStage]) {
      try {
        const st = make(ctx);
        if (st) stages.push(st);
      } catch (e) {
        rt.log.line('postfix/cleanup', `warning: cannot set up a pipeline stage: ${(e as Error).message}`);
      }
    }
    stageCache.set(rt.config, stages);
  }
  return stages;
}

