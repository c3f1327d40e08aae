/**
 * TRANSACTION and UPDATE (RFC 1939 §5, §6) as Dovecot's pop3 process answers them
 * (src/pop3/pop3-commands.c): the maildrop listed once at login, messages marked by DELE,
 * and removed only when QUIT enters UPDATE.
 */
import { expunge, readMessage, type DropMessage } from './maildrop.js';
import { CAPA_AFTER_LOGIN, lineCount, messageNumber, wireMessage, type Pop3Conn, type Pop3Stats } from './protocol.js';

export class Transaction {
  private readonly deleted = new Set<number>();
  readonly stats: Pop3Stats;

  constructor(
    private readonly conn: Pop3Conn,
    private readonly drop: DropMessage[],
    private readonly ended: () => boolean,
  ) {
    this.stats = { topCount: 0, topBytes: 0, retrCount: 0, retrBytes: 0, deleted: 0, messages: drop.length, size: drop.reduce((n, m) => n + m.size, 0) };
  }

  private send(...lines: string[]): boolean {
    return this.conn.write(lines.map((l) => l + '\r\n').join(''));
  }

  private isDeleted = (i: number) => this.deleted.has(i);

  /** true: done; false: a bad command; a string: the session ends, with this reason */
  async command(name: string, args: string): Promise<boolean | string> {
    const count = this.drop.length;
    switch (name) {
      case 'CAPA':
        this.send(...CAPA_AFTER_LOGIN);
        return true;
      case 'NOOP':
        this.send('+OK');
        return true;
      case 'STAT': {
        let n = 0;
        let size = 0;
        this.drop.forEach((m, i) => {
          if (!this.deleted.has(i)) {
            n++;
            size += m.size;
          }
        });
        this.send(`+OK ${n} ${size}`);
        return true;
      }
      case 'LIST':
      case 'UIDL': {
        const field = (m: DropMessage) => (name === 'LIST' ? String(m.size) : m.uidl);
        if (args === '') {
          const head = name === 'LIST' ? `+OK ${count - this.deleted.size} messages:` : '+OK';
          const lines = this.drop.flatMap((m, i) => (this.deleted.has(i) ? [] : [`${i + 1} ${field(m)}`]));
          await this.sendLines([head, ...lines, '.']);
          return true;
        }
        const r = messageNumber(args, count, this.isDeleted, false);
        if (!r.ok) return this.err(r.reply);
        this.send(`+OK ${r.index + 1} ${field(this.drop[r.index])}`);
        return true;
      }
      case 'RETR': {
        const r = messageNumber(args, count, this.isDeleted, false);
        if (!r.ok) return this.err(r.reply);
        return this.fetch(r.index, undefined);
      }
      case 'TOP': {
        const r = messageNumber(args, count, this.isDeleted, true);
        if (!r.ok) return this.err(r.reply);
        const n = lineCount(r.rest);
        if (!n.ok) return this.err(n.reply);
        return this.fetch(r.index, n.n);
      }
      case 'DELE': {
        const r = messageNumber(args, count, this.isDeleted, false);
        if (!r.ok) return this.err(r.reply);
        this.deleted.add(r.index);
        this.send('+OK Marked to be deleted.');
        return true;
      }
      case 'RSET':
        this.deleted.clear();
        this.send('+OK');
        return true;
      case 'QUIT':
        return this.update();
      default:
        return this.err(`-ERR Unknown command: ${name}`);
    }
  }

  private err(reply: string): false {
    this.send(reply);
    return false;
  }

  /** Lines in batches, waiting for the client to read (a large mailbox, a client that does not read). */
  private async sendLines(lines: string[]): Promise<void> {
    for (let i = 0; i < lines.length && !this.ended(); i += 256) {
      if (!this.send(...lines.slice(i, i + 256))) await this.conn.drained();
    }
  }

  private async fetch(index: number, bodyLines: number | undefined): Promise<boolean> {
    const m = this.drop[index];
    const raw = await readMessage(m);
    if (this.ended()) return true;
    if (!raw) return this.err(`-ERR Message ${index + 1} expunged.`);
    const head = bodyLines === undefined ? `+OK ${m.size} octets\r\n` : '+OK\r\n';
    const body = wireMessage(raw, bodyLines);
    // as Dovecot counts them: the +OK line and the message, not the final dot
    const bytes = Buffer.byteLength(head) + body.length;
    if (bodyLines === undefined) {
      this.stats.retrCount++;
      this.stats.retrBytes += bytes;
    } else {
      this.stats.topCount++;
      this.stats.topBytes += bytes;
    }
    // a short message in one write: one TLS record, one packet
    if (body.length <= 65536) {
      this.conn.write(Buffer.concat([Buffer.from(head, 'latin1'), body, Buffer.from('.\r\n', 'latin1')]));
      return true;
    }
    let room = this.conn.write(head);
    for (let i = 0; i < body.length && !this.ended(); i += 65536) {
      if (!room) await this.conn.drained();
      room = this.conn.write(body.subarray(i, i + 65536));
    }
    this.send('.');
    return true;
  }

  /** QUIT in TRANSACTION: UPDATE, the only place where messages are removed. */
  private async update(): Promise<string> {
    const gone = [...this.deleted].sort((a, b) => a - b).map((i) => this.drop[i]);
    try {
      await expunge(gone);
    } catch (e) {
      this.send(`-ERR [SYS/PERM] ${(e as Error).message}`);
      return 'Storage error during logout.';
    }
    this.stats.deleted = gone.length;
    this.send(gone.length ? '+OK Logging out, messages deleted.' : '+OK Logging out.');
    return 'Logged out';
  }
}
