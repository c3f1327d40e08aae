// The message of a session: DATA (and smtpd_data_restrictions), BDAT chunks, the size
// limit, and the end of data handing the message to the queue.
import { evaluateList } from './restrictions.js';
import { acceptMessage, logOversized, type Transaction } from './queue.js';
import { headersEnded } from './cleanup.js';
import { checkEnv, logReject, noteChecks } from './session-envelope.js';
import type { Outcome, PostfixSession } from './session-state.js';
import { bareNewline, rejectBareNewline } from './session-limits.js';

const CRLF = Buffer.from('\r\n');

export function cmdData(s: PostfixSession, words: string[]): Outcome | Promise<Outcome> {
  const fail = (code: number, text: string) => {
    s.count('data', false);
    return s.fail(code, text);
  };
  // a transaction that began with BDAT goes on with BDAT only
  if (s.chunked) return fail(503, '5.5.1 Error: DATA after BDAT');
  if (!s.rcpts.length) {
    // Postfix: outside a transaction "need RCPT", inside one (even before any RCPT) "no valid recipients"
    if (s.sender === undefined) return fail(503, '5.5.1 Error: need RCPT command');
    return fail(554, '5.5.1 Error: no valid recipients');
  }
  if (words.length !== 1) return fail(501, '5.5.4 Syntax: DATA');
  const data = s.svc.lists.smtpd_data_restrictions;
  if (!data.length) return startData(s);
  return evaluateList('smtpd_data_restrictions', data, { client: s.client, helo: s.helo, sender: s.sender, recipient: s.rcpts.at(-1), sasl: s.sasl, rcptCount: s.rcpts.length, pipelined: s.illPipelining, peer: s.realClient.addr }, checkEnv(s)).then((r) => {
    if (s.ended) return false;
    noteChecks(s, r);
    s.rt.emit('decision', { session: s.id, list: 'smtpd_data_restrictions', command: 'DATA', result: r.result, decisions: r.decisions });
    if (r.reply && (r.result === 'reject' || r.result === 'defer')) {
      logReject(s, 'DATA', r.reply, { to: s.rcpts.at(-1), restriction: r.restriction, decisions: r.decisions });
      return fail(r.reply.code, `${r.reply.enhanced} ${r.reply.text}`);
    }
    return startData(s);
  });
}

export function startData(s: PostfixSession): Outcome {
  const limit = s.svc.messageSizeLimit;
  s.where = 'DATA';
  const chunks: Buffer[] = [];
  let kept = 0;
  // Postfix's act_size: every record counts its length plus 2, for the line end
  let total = 0;
  const bareMode = bareNewline(s);
  let sawBare = false;
  s.wire.readData(
    {
    piece(bytes, complete, bare) {
      if (bare) sawBare = true;
      // a "." line that did not end the data (smtpd_forbid_bare_newline): dropped
      if (!complete && !bytes.length) return;
      total += bytes.length + 2;
      s.dataBytes = total;
      // past the limit the rest is read and dropped, as Postfix does, to answer after the dot
      const n = bytes.length + (complete ? 2 : 0);
      if (limit > 0 && kept + n > limit) return;
      chunks.push(bytes);
      if (complete) chunks.push(CRLF);
      kept += n;
    },
    end() {
      s.inFlight = undefined;
      s.abandon = undefined;
      s.where = 'END-OF-MESSAGE';
      if (sawBare && bareMode === 'reject') {
        rejectBareNewline(s, 'END-OF-MESSAGE');
        s.resetTransaction();
        s.count('data', false);
        s.errorCount++;
        s.dataBytes = 0;
        return;
      }
      return endOfData(s, Buffer.concat(chunks, kept), total)
        .catch((e) => {
          s.crash(e);
          return false;
        })
        .then((ok) => {
          s.count('data', ok);
          if (!ok) s.errorCount++;
          s.dataBytes = 0;
        });
    },
  },
    bareMode !== 'no',
  );
  s.inFlight = 'data';
  // cleanup has logged the message-id once the headers ended, even if the client then hangs up
  s.abandon = () => {
    const got = Buffer.concat(chunks, kept);
    if (headersEnded(got)) logOversized(s.rt, { queueId: s.queueId ?? s.rt.queueId(), sender: s.sender ?? '', rcpts: [...s.rcpts], session: s }, got);
  };
  s.reply(354, 'End data with <CR><LF>.<CR><LF>');
  return true;
}

/**
 * BDAT (RFC 3030 CHUNKING): the next `count` bytes after the command line are message
 * data, read as they are (no dot-stuffing), by count.
 */
export function cmdBdat(s: PostfixSession, words: string[]): Outcome {
  const fail = (code: number, text: string) => {
    s.count('bdat', false);
    return s.fail(code, text);
  };
  if (words.length < 2 || words.length > 3 || !/^\d{1,12}$/.test(words[1]) || (words.length === 3 && words[2].toUpperCase() !== 'LAST')) {
    // there is no way to find the end of a chunk of unknown size: Postfix hangs up
    s.rt.log.line(s.program, `warning: ${s.queueId ?? 'NOQUEUE'}: malformed BDAT command syntax from ${s.namaddr}: ${words.join(' ').slice(0, 100)}`);
    s.count('bdat', false);
    s.quitting = true;
    s.reply(521, '5.5.4 Syntax: BDAT count [LAST]');
    s.close();
    return false;
  }
  const size = Number(words[1]);
  const last = words.length === 3;
  if (size === 0 && !last) {
    s.rt.log.line(s.program, `warning: ${s.queueId ?? 'NOQUEUE'}: null BDAT request from ${s.namaddr}`);
    return fail(551, '5.7.1 Null BDAT request');
  }
  const limit = s.svc.messageSizeLimit;
  let error: string | undefined;
  if (!s.rcpts.length) error = s.sender === undefined ? '503 5.5.1 Error: need RCPT command' : '554 5.5.1 Error: no valid recipients';
  if (!s.chunked) s.chunked = { parts: [], kept: 0, total: 0 };
  const chunked = s.chunked;
  if (error) chunked.error ??= error;
  s.where = 'BDAT';
  s.inFlight = 'bdat';
  // the chunk is always read whole, even when it is refused, so that client and server stay in step
  s.wire.readChunk(size, {
    piece(c) {
      chunked.total += c.length;
      s.dataBytes = chunked.total;
      if (chunked.error || (limit > 0 && chunked.kept + c.length > limit)) return;
      chunked.parts.push(Buffer.from(c));
      chunked.kept += c.length;
    },
    end() {
      s.inFlight = undefined;
      return bdatChunk(s, size, last)
        .catch((e) => {
          s.crash(e);
          return false;
        })
        .then((ok) => {
          s.count('bdat', ok);
          if (!ok) s.errorCount++;
        });
    },
  });
  return true;
}

export async function bdatChunk(s: PostfixSession, size: number, last: boolean): Promise<Outcome> {
  const chunked = s.chunked!;
  if (chunked.error) {
    const [code, ...rest] = chunked.error.split(' ');
    if (last || s.sender === undefined) s.resetTransaction();
    s.reply(Number(code), rest.join(' '));
    return false;
  }
  if (!last) {
    s.reply(250, `2.0.0 Ok: ${size} bytes`);
    return true;
  }
  s.where = 'END-OF-MESSAGE';
  const ok = await endOfData(s, Buffer.concat(chunked.parts, chunked.kept), chunked.total, true);
  s.dataBytes = 0;
  return ok;
}

export async function endOfData(s: PostfixSession, body: Buffer, total: number, bdat = false): Promise<Outcome> {
  const limit = s.svc.messageSizeLimit;
  const tx: Transaction = {
    queueId: s.queueId ?? s.rt.queueId(),
    sender: s.sender ?? '',
    rcpts: [...s.rcpts],
    session: s,
    hold: s.held,
  };
  if (limit > 0 && total > limit) {
    s.rt.log.line(s.program, `warning: ${tx.queueId}: queue file size limit exceeded`);
    logOversized(s.rt, tx, body);
    s.resetTransaction();
    s.reply(552, '5.3.4 Error: message file too big');
    return false;
  }
  let reply: { code: number; text: string };
  try {
    reply = await acceptMessage(s.rt, tx, body);
  } catch (e) {
    s.rt.log.line('postfix/cleanup', `warning: ${tx.queueId}: ${(e as Error).message}`);
    s.rt.rawEvent({ type: 'error', session: s.id, error: String((e as Error)?.stack ?? e) });
    reply = { code: 451, text: '4.3.0 Error: queue file write error' };
  }
  s.resetTransaction();
  if (s.ended) return reply.code < 400;
  // after BDAT ... LAST smtpd names the bytes it took: "250 2.0.0 Ok: 156 bytes queued as 3F1C2123A4",
  // counting the CR LF it adds to a message whose last line has no end
  if (bdat && reply.code === 250) {
    const bytes = total + (body.length && body[body.length - 1] !== 0x0a ? 2 : 0);
    reply = { ...reply, text: reply.text.replace('Ok: queued as', `Ok: ${bytes} bytes queued as`) };
  }
  s.reply(reply.code, reply.text);
  if (reply.code < 400) {
    s.errorCount = 0;
    s.junkCount = 0;
  }
  return reply.code < 400;
}
