/**
 * `tail -F` for the log view: the last part of a file, then what is appended to it.
 * A line is only shown once its newline is written; a truncated or rotated file is
 * read again from its start. Bounded in memory whatever the file's size.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { displayText } from './display.js';

export class LogTail {
  lines: string[] = [];
  /** lines dropped from the start to stay under maxLines */
  dropped = 0;
  private offset = -1;
  private ino = -1;
  private partial = '';
  private skipToLine = false;
  private decoder = new StringDecoder('utf8');

  constructor(
    readonly file: string,
    private readonly maxLines = 5000,
    /** how much of the end of the file is read the first time (and when far behind) */
    private readonly tailBytes = 256 * 1024,
  ) {}

  /** Reads what was appended since the last call; true when lines were added. */
  poll(): boolean {
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch {
      return false;
    }
    try {
      const st = fstatSync(fd);
      if (st.ino !== this.ino || st.size < this.offset) {
        // a new file (rotated, recreated) or one truncated: read it again from its start
        const first = this.offset < 0;
        this.ino = st.ino;
        this.offset = first ? Math.max(0, st.size - this.tailBytes) : 0;
        this.partial = '';
        this.decoder = new StringDecoder('utf8');
        if (first && this.offset > 0) this.skipToLine = true;
      }
      if (st.size - this.offset > this.tailBytes) {
        // far behind (a flood): jump to the end's last part rather than read it all
        this.offset = st.size - this.tailBytes;
        this.partial = '';
        this.decoder = new StringDecoder('utf8');
        this.skipToLine = true;
      }
      if (st.size === this.offset) return false;
      const buf = Buffer.alloc(st.size - this.offset);
      const n = readSync(fd, buf, 0, buf.length, this.offset);
      this.offset += n;
      let text = this.partial + this.decoder.write(buf.subarray(0, n));
      if (this.skipToLine) {
        // the read started in the middle of a line: leave that piece out
        const nl = text.indexOf('\n');
        if (nl < 0) {
          this.partial = '';
          return false;
        }
        text = text.slice(nl + 1);
        this.skipToLine = false;
      }
      const parts = text.split('\n');
      this.partial = parts.pop() ?? '';
      if (!parts.length) return false;
      for (const p of parts) this.lines.push(displayText(p.replace(/\r$/, '')));
      if (this.lines.length > this.maxLines) {
        const cut = this.lines.length - this.maxLines;
        this.lines.splice(0, cut);
        this.dropped += cut;
      }
      return true;
    } catch {
      return false;
    } finally {
      closeSync(fd);
    }
  }
}
