/** The sandbox view on top (log, mailbox, a message, its source, sessions, a transcript, a block's output). */
import type { Lang } from '../../i18n/lang.js';
import { t } from '../../i18n/messages.js';
import type { ViewData } from '../../core/view-data.js';
import { sandboxDetails, type SandboxLink } from '../../core/sandbox-link.js';
import { textRows } from '../rows.js';
import type { View } from '../state.js';
import { notesOver, type Note, type Screen } from './screen.js';
import { paneScreen } from './pane-screen.js';
import { logScreen } from './log-screen.js';
import { mailboxScreen } from './mailbox-screen.js';
import { mailRows, sourceRows } from './mail-screen.js';
import { sessionsScreen, transcriptRows } from './sessions-screen.js';
import { outputRows, type RunView } from './output-screen.js';
import { guideRows } from './guide-screen.js';

export interface SandboxViewInput {
  lang: Lang;
  data: ViewData;
  link?: SandboxLink;
  run?: RunView;
  notes: Note[];
  width: number;
  height: number;
}

/** The view's screen and the keys the status line offers on it. */
export function sandboxView(
  v: View,
  { lang, data, link, run, notes, width: columns, height: main }: SandboxViewInput,
): { screen: Screen; keys: string } {
  switch (v.kind) {
    case 'log': {
      const details = link ? sandboxDetails(link.state(), lang) : [];
      const sc = logScreen(lang, { lines: data.log().lines, top: v.top }, details, data.logFile, columns, main, notes);
      return { screen: sc, keys: t(lang, 'ui.log.keys') };
    }
    case 'mailbox': {
      const sel = Math.min(v.sel, Math.max(0, data.mails.length - 1));
      return { screen: mailboxScreen(lang, data.mails, sel, columns, main, notes), keys: t(lang, 'ui.mail.keys') };
    }
    case 'mail':
    case 'source': {
      const m = data.mails.find((x) => x.path === v.path);
      const view = m && (v.kind === 'mail' ? data.mail(m) : undefined);
      const src = m && (v.kind === 'source' ? data.source(m) : undefined);
      const keys = t(lang, v.kind === 'mail' ? 'ui.mail.readKeys' : 'ui.mail.sourceKeys');
      if (!m || (v.kind === 'mail' ? !view : !src)) {
        return {
          screen: paneScreen(lang, [], textRows(t(lang, 'ui.mail.gone'), columns, { tone: 'warn' }), 0, columns, main, notes),
          keys,
        };
      }
      const { head, body: rowsOf } = v.kind === 'mail' ? mailRows(lang, view!, columns) : sourceRows(lang, m, src!, columns);
      return { screen: paneScreen(lang, head, rowsOf, v.scroll, columns, main, notes), keys };
    }
    case 'sessions': {
      const sel = Math.min(v.sel, Math.max(0, data.sessions.length - 1));
      return { screen: notesOver(sessionsScreen(lang, data.sessions, sel, columns, main), notes, columns), keys: t(lang, 'ui.tr.keys') };
    }
    case 'transcript': {
      const tr = data.transcript(v.session, lang);
      const { head, body: rowsOf } = transcriptRows(lang, tr.row, v.session, tr.lines, columns);
      return { screen: paneScreen(lang, head, rowsOf, v.scroll, columns, main, notes), keys: t(lang, 'ui.tr.transcriptKeys') };
    }
    case 'output': {
      if (!run)
        return {
          screen: paneScreen(lang, [], textRows(t(lang, 'ui.run.nothingYet'), columns), 0, columns, main, notes),
          keys: t(lang, 'ui.run.keys'),
        };
      const { head, body: rowsOf, status } = outputRows(lang, run, columns);
      return { screen: paneScreen(lang, head, rowsOf, v.scroll, columns, main, [status, ...notes]), keys: t(lang, 'ui.run.keys') };
    }
    case 'guide': {
      const { head, body: rowsOf } = guideRows(lang, v.lesson, columns);
      return { screen: paneScreen(lang, head, rowsOf, v.scroll, columns, main, notes), keys: t(lang, 'ui.guide.keys') };
    }
  }
}
