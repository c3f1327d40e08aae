/**
 * After the final dot: what Postfix's cleanup, qmgr and local(8) do, in the sandbox's
 * order (everything happens before the 250, so a client that got its answer finds the
 * message on disk):
 *   Received header → cleanup (header_checks, body_checks, Message-ID/Date for local
 *   clients) → pipeline stages (milters: SPF/DKIM/DMARC, DKIM signing; content filter)
 *   → delivery: Maildir for mydestination, the captured outbox for everything else.
 * Every copy is written and fsynced before the reply. Each part is its own module:
 * cleanup.ts, stages.ts, delivery.ts; this one runs them in order.
 */
import type { Runtime } from '../runtime.js';
import type { Decision, MessageIn, StageOutcome } from '../pipeline.js';
import { applyChecks, assemble, cleanupMessageId, fromInterface, headerValue, mailDate, parseQueuedMessage, receivedHeader, type Transaction } from './cleanup.js';
import { stageContext, stagesFor } from './stages.js';
import { deliver, hold } from './delivery.js';

export type { Transaction } from './cleanup.js';

/**
 * A message smtpd refused as too big at the end of DATA: after smtpd's "queue file size
 * limit exceeded" warning, cleanup, which had read the headers, logs its message-id line
 * as for any message (Postfix 3.7.11 does). The session's DATA handler calls this.
 */
export function logOversized(rt: Runtime, tx: Transaction, body: Buffer): void {
  const messageId = cleanupMessageId(tx, parseQueuedMessage(body).headers);
  // a remote client's message without one: no line here (an accepted one logs "<>")
  if (messageId !== '<>') rt.log.line('postfix/cleanup', `${tx.queueId}: message-id=${messageId}`);
}

export async function acceptMessage(rt: Runtime, tx: Transaction, body: Buffer): Promise<{ code: number; text: string }> {
  const started = Date.now();
  const s = tx.session;
  const decisions: Decision[] = [];
  const received = receivedHeader(s, tx.queueId, tx.rcpts);
  let parsed = parseQueuedMessage(Buffer.concat([Buffer.from(received, 'latin1'), body]));

  // cleanup adds what a local client left out (local_header_rewrite_clients = permit_inet_interfaces)
  const messageId = cleanupMessageId(tx, parsed.headers);
  if (fromInterface(s)) {
    if (!headerValue(parsed.headers, 'Message-ID')) parsed.headers.push({ name: 'Message-Id', text: `Message-Id: ${messageId}\r\n` });
    if (!headerValue(parsed.headers, 'Date')) parsed.headers.push({ name: 'Date', text: `Date: ${mailDate()}\r\n` });
    if (!headerValue(parsed.headers, 'From') && tx.sender) parsed.headers.push({ name: 'From', text: `From: ${tx.sender}\r\n` });
  }
  const checked = applyChecks(rt, tx, parsed, s.svc.headerChecks, s.svc.bodyChecks, decisions);
  parsed = checked.parsed;
  rt.log.line('postfix/cleanup', `${tx.queueId}: message-id=${messageId}`);
  const base = { session: s.id, from: tx.sender, client: { ...s.client }, helo: s.helo, queueId: tx.queueId };
  if (checked.action?.kind === 'reject') {
    const a = checked.action;
    rt.counts.rejected++;
    rt.emit('reject', { ...base, stage: 'cleanup', code: a.code, enhanced: a.enhanced, text: a.text, to: tx.rcpts[0] ?? '', restriction: 'header_checks/body_checks', decisions });
    return { code: a.code, text: `${a.enhanced} ${a.text}` };
  }
  if (checked.action?.kind === 'discard') {
    rt.emit('discarded', { session: s.id, queueId: tx.queueId, reason: checked.action.text || 'header/body checks DISCARD' });
    rt.emit('stage', { session: s.id, queueId: tx.queueId, stage: 'cleanup', action: 'discard', decisions });
    return { code: 250, text: `2.0.0 Ok: queued as ${tx.queueId}` };
  }
  // smtpd's HOLD: the queue file goes to the hold queue, where no qmgr picks it up (Postfix 3.7.11 logs nothing more)
  if (tx.hold) {
    rt.emit('stage', { session: s.id, queueId: tx.queueId, stage: 'cleanup', action: 'hold', decisions });
    await hold(rt, tx, assemble(parsed));
    return { code: 250, text: `2.0.0 Ok: queued as ${tx.queueId}` };
  }
  if (decisions.length) rt.emit('stage', { session: s.id, queueId: tx.queueId, stage: 'cleanup', action: 'continue', decisions });

  // milters and the content filter
  let raw = assemble(parsed);
  let junk = false;
  let held = false;
  const msg: MessageIn = {
    session: {
      id: s.id,
      listener: s.listener,
      client: { ...s.client },
      helo: s.helo,
      tls: s.tls ? { protocol: s.tls.protocol, cipher: s.tls.cipher } : undefined,
      sasl: s.sasl ? { ...s.sasl } : undefined,
    },
    envelope: { mailFrom: tx.sender, rcptTo: [...tx.rcpts] },
    queueId: tx.queueId,
    raw,
  };
  for (const stage of stagesFor(rt)) {
    let out: StageOutcome;
    try {
      out = await stage.run({ ...msg, raw }, stageContext(rt));
    } catch (e) {
      rt.log.line('postfix/cleanup', `warning: ${tx.queueId}: stage ${stage.name} failed: ${(e as Error).message}; the message goes on without it`);
      rt.rawEvent({ type: 'error', session: s.id, queueId: tx.queueId, stage: stage.name, error: String((e as Error)?.stack ?? e) });
      continue;
    }
    rt.emit('stage', { session: s.id, queueId: tx.queueId, stage: stage.name, action: out.action, decisions: out.notes ?? [] });
    if (out.action === 'reject') {
      const who = `from ${s.namaddr}: ${out.enhanced} ${out.text}; from=<${tx.sender}> to=<${tx.rcpts[0] ?? ''}> proto=${s.proto}${s.helo ? ` helo=<${s.helo}>` : ''}`;
      rt.log.line('postfix/cleanup', `${tx.queueId}: milter-reject: END-OF-MESSAGE ${who}`);
      rt.counts.rejected++;
      rt.emit('reject', { ...base, stage: stage.name, code: out.code, enhanced: out.enhanced, text: out.text, to: tx.rcpts[0] ?? '', restriction: stage.name, decisions: out.notes ?? [] });
      return { code: out.code, text: `${out.enhanced} ${out.text}` };
    }
    if (out.action === 'discard') {
      rt.log.line('postfix/cleanup', `${tx.queueId}: milter-discard: END-OF-MESSAGE from ${s.namaddr}: milter triggers DISCARD action; from=<${tx.sender}> to=<${tx.rcpts[0] ?? ''}> proto=${s.proto}${s.helo ? ` helo=<${s.helo}>` : ''}`);
      rt.emit('discarded', { session: s.id, queueId: tx.queueId, reason: `${stage.name} discarded the message` });
      return { code: 250, text: `2.0.0 Ok: queued as ${tx.queueId}` };
    }
    if (out.raw) raw = out.raw;
    if (out.action === 'quarantine') junk = true;
    if (out.action === 'hold' && !held) {
      // cleanup_milter_apply(): Postfix logs no reason for a milter's HOLD, only that it happened
      held = true;
      rt.log.line('postfix/cleanup', `${tx.queueId}: milter-hold: END-OF-MESSAGE from ${s.namaddr}: milter triggers HOLD action; from=<${tx.sender}> to=<${tx.rcpts[0] ?? ''}> proto=${s.proto}${s.helo ? ` helo=<${s.helo}>` : ''}`);
    }
  }
  // in the hold queue no qmgr picks the message up: accepted, not delivered
  if (held) {
    await hold(rt, tx, raw);
    return { code: 250, text: `2.0.0 Ok: queued as ${tx.queueId}` };
  }

  return deliver(rt, tx, raw, junk, started);
}
