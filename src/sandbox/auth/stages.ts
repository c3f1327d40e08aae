// OWNER: sender-authentication work (issue 4). Milter stages the SMTP server runs after cleanup.
import type { MessageStage, StageContext } from '../pipeline.js';

/** SPF, DKIM and DMARC on inbound mail (Authentication-Results, DMARC policy); undefined when not wired. */
export function inboundAuthStage(_ctx: StageContext): MessageStage | undefined {
  return undefined;
}

/** DKIM signing of outgoing mail as OpenDKIM does it, when main.cf wires the milter; undefined otherwise. */
export function dkimSignStage(_ctx: StageContext): MessageStage | undefined {
  return undefined;
}
