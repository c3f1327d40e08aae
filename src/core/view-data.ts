/**
 * What the sandbox views show, read from the workspace and kept until it changes on
 * disk: the log's tail, the mailbox listing, the event log (sessions, transcripts).
 * Polled while a view is open; a poll that finds nothing new costs a stat or two.
 * The UI reads the sandbox only through this (and the other core modules), never its files.
 */
import { readdirSync, statSync } from 'node:fs';
import type { Workspace } from '../workspace/workspace.js';
import type { Lang } from '../i18n/lang.js';
import { LogTail } from './logtail.js';
import { listMailbox, mailSource, readMail, type MailSource, type MailSummary, type MailView } from './mailbox.js';
import { annotatedTranscript, recentSessions, sessionOfMail, type AnnotatedLine, type SessionRow } from './transcripts.js';
import { EVENTS_FILE, HOLD_DIR, OUTBOX_DIR, readEvents, type SandboxEvent } from '../sandbox/api.js';
import { MAIL_LOG } from '../postfix/defaults.js';

const stamp = (file: string): string => {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return '';
  }
};

export class ViewData {
  readonly logFile = MAIL_LOG;
  private tail: LogTail | undefined;
  mails: MailSummary[] = [];
  private mailKey = '';
  private eventsKey = '-';
  private events: SandboxEvent[] = [];
  sessions: SessionRow[] = [];
  private opened = new Map<string, { key: string; view?: MailView; source?: MailSource }>();

  constructor(readonly ws: Workspace) {}

  /** The log's lines; reads what was appended. */
  log(): { lines: string[]; changed: boolean } {
    this.tail ??= new LogTail(this.ws.resolve(MAIL_LOG));
    const changed = this.tail.poll();
    return { lines: this.tail.lines, changed };
  }

  /** The mailbox, re-listed when one of its folders changed. */
  refreshMail(): boolean {
    const dirs = [this.ws.resolve(OUTBOX_DIR), this.ws.resolve(HOLD_DIR), this.ws.resolve('var/mail')];
    for (const u of users(this.ws.resolve('var/mail'))) {
      for (const sub of ['Maildir/new', 'Maildir/cur', 'Maildir/.Junk/new', 'Maildir/.Junk/cur'])
        dirs.push(this.ws.resolve(`var/mail/${u}/${sub}`));
    }
    const key = dirs.map(stamp).join('|');
    if (key === this.mailKey) return false;
    this.mailKey = key;
    this.mails = listMailbox(this.ws);
    return true;
  }

  private readEventsIfChanged(): boolean {
    const key = stamp(this.ws.resolve(EVENTS_FILE));
    if (key === this.eventsKey) return false;
    this.eventsKey = key;
    this.events = readEvents(this.ws);
    return true;
  }

  refreshSessions(): boolean {
    if (!this.readEventsIfChanged() && this.sessions.length) return false;
    this.sessions = recentSessions(this.ws, this.events);
    return true;
  }

  transcript(session: string, lang: Lang): { lines: AnnotatedLine[]; row?: SessionRow } {
    this.refreshSessions();
    return { lines: annotatedTranscript(this.ws, session, lang, this.events).lines, row: this.sessions.find((s) => s.session === session) };
  }

  sessionOfMail(path: string): string | undefined {
    this.readEventsIfChanged();
    return sessionOfMail(this.events, path);
  }

  private openedEntry(s: MailSummary) {
    const key = `${s.mtimeMs}:${s.size}`;
    let e = this.opened.get(s.path);
    if (!e || e.key !== key) this.opened.set(s.path, (e = { key }));
    return e;
  }

  mail(s: MailSummary): MailView | undefined {
    const e = this.openedEntry(s);
    try {
      e.view ??= readMail(this.ws, s);
    } catch {
      return undefined;
    }
    return e.view;
  }

  source(s: MailSummary): MailSource | undefined {
    const e = this.openedEntry(s);
    try {
      e.source ??= mailSource(this.ws, s.path);
    } catch {
      return undefined;
    }
    return e.source;
  }
}

function users(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => !n.startsWith('.'));
  } catch {
    return [];
  }
}
