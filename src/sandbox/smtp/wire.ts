/**
 * The byte side of an SMTP session, as Postfix's smtpd(8) reads its client: command lines,
 * DATA lines and BDAT chunks, one at a time, each handed to the session only after the
 * previous one was answered (pipelining answers in order), with the reply side's
 * back-pressure: a client that never reads its replies is not read either.
 *
 * Lines end at LF (a CR before it is dropped), as Postfix 3.7's smtp_get() reads them. A
 * command line reads at most `lineLimit` bytes (line_length_limit) including its LF: the
 * rest of a longer one is skipped up to its LF and the head is handed on marked overlong
 * (smtpd then warns "request longer than"). DATA reads records of at most `lineLimit` bytes:
 * a longer line arrives in pieces, and only a piece that starts a line can be the end "."
 * or lose a leading dot.
 */
import type { Socket } from 'node:net';

/** what a handler returns: nothing when it is done, or a promise of its end */
export type Step = void | Promise<unknown>;

/** where DATA or BDAT bytes go */
export interface DataSink {
  /** a DATA record (dot-unstuffed; `complete` when its line end was seen, `bare` when that was a bare LF) or a BDAT piece */
  piece(bytes: Buffer, complete: boolean, bare: boolean): void;
  /** the end of the data: "." or the last byte of the chunk */
  end(): Step;
}

type Mode = { kind: 'line' } | { kind: 'data'; sink: DataSink; lineStart: boolean; strict: boolean } | { kind: 'chunk'; sink: DataSink; left: number };

const EMPTY = Buffer.alloc(0);
/** unread input kept at most; past it the socket is paused until the session catches up */
const MAX_BUFFERED = 1 << 20;
/** commands handled in one go before other connections get a turn */
const BATCH = 100;

export class SmtpWire {
  private buf: Buffer = EMPTY;
  private socket: Socket | undefined;
  private mode: Mode = { kind: 'line' };
  private busy = false;
  private closed = false;
  /** reading may start (the banner is out) */
  private started = false;
  /** the head of an overlong command line, while the rest of it is skipped */
  private head: Buffer | undefined;
  /** the last line read ended in CRLF (not a bare LF) */
  private prevCrlf = true;
  private readonly onData = (chunk: Buffer) => {
    if (this.closed) return;
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    if (this.buf.length > MAX_BUFFERED) this.socket?.pause();
    this.pump();
  };
  private readonly onDrain = () => this.pump();

  constructor(
    private readonly lineLimit: number,
    /** a command line, whether it was longer than the limit (then only its head is here), whether it ended in a bare LF */
    private readonly onLine: (line: Buffer, overlong: boolean, bare: boolean) => Step,
  ) {}

  /** Reads from this socket from now on (after STARTTLS, the TLS socket). */
  attach(socket: Socket): void {
    this.socket = socket;
    socket.on('data', this.onData);
    socket.on('drain', this.onDrain);
  }

  /** Stops reading the current socket and drops what it sent and was not read (STARTTLS). */
  detach(): void {
    this.socket?.removeListener('data', this.onData);
    this.socket?.removeListener('drain', this.onDrain);
    this.socket = undefined;
    this.buf = EMPTY;
    this.head = undefined;
    this.mode = { kind: 'line' };
  }

  /** The banner is out: commands may be read. */
  start(): void {
    this.started = true;
    this.pump();
  }

  /** Nothing more is read or dispatched (QUIT, 421, the socket is gone). */
  close(): void {
    this.closed = true;
    this.buf = EMPTY;
  }

  /** Input that arrived and was not read yet (what Postfix calls improper pipelining). */
  pending(): Buffer {
    return this.buf;
  }

  /** A handler is at work (the idle timer waits for it). */
  get working(): boolean {
    return this.busy;
  }

  /**
   * DATA: records from now on go to the sink until the "." line. `strict` (Postfix's
   * smtpd_forbid_bare_newline = normalize or reject): only <CR><LF>.<CR><LF> ends the data,
   * and a "." line that does not is dropped, as Postfix 3.7.11 does.
   */
  readData(sink: DataSink, strict = false): void {
    this.mode = { kind: 'data', sink, lineStart: true, strict };
  }

  /** BDAT: the next `size` bytes go to the sink as they are. */
  readChunk(size: number, sink: DataSink): void {
    this.mode = { kind: 'chunk', sink, left: size };
  }

  private pump(): void {
    let n = 0;
    while (this.started && !this.busy && !this.closed && this.socket) {
      // replies not flushed yet: wait until the client reads them
      if (this.socket.writableNeedDrain) return;
      if (++n > BATCH) {
        this.busy = true;
        setImmediate(() => {
          this.busy = false;
          this.pump();
        });
        return;
      }
      const step = this.next();
      if (step === null) break;
      if (step instanceof Promise) {
        this.busy = true;
        const done = () => {
          this.busy = false;
          this.pump();
        };
        step.then(done, done);
        return;
      }
    }
    if (this.buf.length <= MAX_BUFFERED && this.socket?.isPaused()) this.socket.resume();
  }

  /** Handles one unit of input; null when more input is needed. */
  private next(): Step | null {
    const mode = this.mode;
    if (mode.kind === 'chunk') {
      if (mode.left > 0) {
        if (!this.buf.length) return null;
        const n = Math.min(mode.left, this.buf.length);
        mode.sink.piece(this.buf.subarray(0, n), false, false);
        this.buf = this.buf.subarray(n);
        mode.left -= n;
        if (mode.left > 0) return null;
      }
      this.mode = { kind: 'line' };
      return mode.sink.end();
    }
    if (mode.kind === 'data') {
      const rec = this.record();
      if (!rec) return null;
      let [bytes] = rec;
      const [, complete, bare] = rec;
      const crlfBefore = this.prevCrlf;
      this.prevCrlf = complete && !bare;
      if (mode.lineStart && bytes[0] === 0x2e) {
        bytes = bytes.subarray(1);
        if (!bytes.length && complete) {
          if (!mode.strict || (crlfBefore && !bare)) {
            this.mode = { kind: 'line' };
            return mode.sink.end();
          }
          // a "." that is not <CR><LF>.<CR><LF>: neither the end nor content (an empty
          // incomplete piece, which no other record is, tells the sink only about its line end)
          mode.sink.piece(EMPTY, false, bare);
          return undefined;
        }
      }
      mode.lineStart = complete;
      mode.sink.piece(bytes, complete, bare);
      return undefined;
    }
    if (this.head) {
      const lf = this.buf.indexOf(0x0a);
      if (lf < 0) {
        this.buf = EMPTY;
        return null;
      }
      const head = this.head;
      this.head = undefined;
      this.prevCrlf = lf > 0 && this.buf[lf - 1] === 0x0d;
      this.buf = this.buf.subarray(lf + 1);
      return this.onLine(head, true, !this.prevCrlf);
    }
    const lf = this.lineEnd();
    if (lf < 0) {
      if (this.buf.length <= this.lineLimit) return null;
      // no line end within the limit: keep the head, skip the rest of the line
      this.head = Buffer.from(this.buf.subarray(0, this.lineLimit));
      this.buf = this.buf.subarray(this.lineLimit);
      return undefined;
    }
    const bare = lf === 0 || this.buf[lf - 1] !== 0x0d;
    this.prevCrlf = !bare;
    const line = stripEnd(this.buf.subarray(0, lf));
    this.buf = this.buf.subarray(lf + 1);
    return this.onLine(line, false, bare);
  }

  /**
   * Where the line ends within line_length_limit bytes, -1 if it does not: Postfix reads at
   * most that many bytes, and completes a CRLF cut after its CR.
   */
  private lineEnd(): number {
    const lf = this.buf.subarray(0, this.lineLimit + 1).indexOf(0x0a);
    return lf < this.lineLimit || (lf === this.lineLimit && this.buf[lf - 1] === 0x0d) ? lf : -1;
  }

  /** One DATA record: a line without its end, or a piece of lineLimit bytes of a longer one. */
  private record(): [Buffer, boolean, boolean] | null {
    const lf = this.lineEnd();
    if (lf >= 0) {
      const bare = lf === 0 || this.buf[lf - 1] !== 0x0d;
      const line = stripEnd(this.buf.subarray(0, lf));
      this.buf = this.buf.subarray(lf + 1);
      return [line, true, bare];
    }
    if (this.buf.length <= this.lineLimit) return null;
    const piece = this.buf.subarray(0, this.lineLimit);
    this.buf = this.buf.subarray(this.lineLimit);
    return [piece, false, false];
  }
}

/** smtp_get(): the CRs before the LF go with it */
function stripEnd(line: Buffer): Buffer {
  let end = line.length;
  while (end > 0 && line[end - 1] === 0x0d) end--;
  return line.subarray(0, end);
}
