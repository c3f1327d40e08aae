import { useApp } from 'ink';
import type { StepRef } from '../../core/workbook.js';
import type { WorkspaceWatcher } from '../../core/watch.js';
import { stepBlocks, runStepBlock, type StepBlock } from '../../core/blocks.js';
import { MAIL_KINDS, planTestMail, sendPlanned, suggestedKind, type MailKind } from '../../core/testmail.js';
import { recordSourceViewed } from '../../core/source-viewed.js';
import { msg, t } from '../../i18n/messages.js';
import { transcriptRows } from '../screens/sessions-screen.js';
import type { RunView } from '../screens/output-screen.js';
import type { UiContext, View } from '../state.js';
import type { MutableRefObject } from 'react';

export type Actions = ReturnType<typeof useActions>;

/** What the keys do beyond moving a cursor: go to a step, open a view, run a block, send a mail. */
export function useActions(ctx: UiContext, seq: MutableRefObject<number>, watcher: MutableRefObject<WorkspaceWatcher | undefined>) {
  const { exit } = useApp();
  const { wb, link, data, st, set, mounted, runTimeoutMs } = ctx;

  const goTo = (r: StepRef) => {
    seq.current++;
    wb.go(r);
    set({
      mode: 'step',
      ref: r,
      scroll: 0,
      checking: false,
      verdict: undefined,
      remote: undefined,
      watchFile: undefined,
      verdictSession: undefined,
      answering: undefined,
    });
  };

  const quit = () => {
    watcher.current?.close();
    exit();
  };

  // --- views ---------------------------------------------------------------------
  const push = (v: View) => set({ views: [...st.current.views, v] });
  const replaceTop = (v: View) => set({ views: [...st.current.views.slice(0, -1), v] });
  const pop = () => set({ views: st.current.views.slice(0, -1) });
  /** g, b, t from anywhere: the same view is not stacked twice */
  const open = (v: View) => {
    const views = st.current.views;
    const i = views.findIndex((x) => x.kind === v.kind);
    set({ views: i >= 0 ? [...views.slice(0, i), v] : [...views, v] });
  };
  const openLog = () => {
    data.log();
    open({ kind: 'log' });
  };
  const openMailbox = () => {
    data.refreshMail();
    open({ kind: 'mailbox', sel: 0 });
  };
  const openSessions = () => {
    data.refreshSessions();
    open({ kind: 'sessions', sel: 0 });
  };
  /** opened where the first refusal is, with a few lines of what led to it above */
  const openTranscript = (session: string) => {
    const tr = data.transcript(session, wb.lang);
    const { firstFail } = transcriptRows(wb.lang, tr.row, session, tr.lines, ctx.columns);
    push({ kind: 'transcript', session, scroll: firstFail === undefined ? 0 : Math.max(0, firstFail - 4) });
  };
  const openSource = (path: string) => {
    const m = data.mails.find((x) => x.path === path);
    if (!m) return set({ info: [{ text: t(wb.lang, 'ui.mail.gone'), tone: 'warn' }] });
    recordSourceViewed(wb.ws, { path, queueId: m.queueId, folder: m.folder });
    push({ kind: 'source', path, scroll: 0 });
  };

  // --- running a step's command blocks ---------------------------------------------
  const refusal = (reason: string | undefined): string => {
    const lang = wb.lang;
    if (reason === 'interactive') return t(lang, 'ui.run.interactive', { dir: wb.ws.root });
    if (reason === 'stops-workbook') return t(lang, 'ui.run.stopsWorkbook');
    const ls = link?.state();
    if (ls?.phase === 'running')
      return ls.owner === 'tui' ? t(lang, 'ui.run.foregroundHere') : t(lang, 'ui.run.foregroundDaemon', { pid: ls.pid });
    return t(lang, 'ui.run.foregroundNone');
  };

  const runBlockNow = (block: StepBlock) => {
    const run: RunView = { block, running: true, timeoutSeconds: Math.round(runTimeoutMs / 1000) };
    const views = st.current.views.filter((v) => v.kind !== 'output');
    set({ run, chooser: undefined, views: [...views, { kind: 'output', scroll: 0 }] });
    void runStepBlock(wb.ws, block.content, wb.probe, { hosting: !!link?.hosting, timeoutMs: runTimeoutMs, lang: wb.lang }).then(
      (result) => {
        if (!mounted.current || st.current.run !== run) return;
        const done: RunView = { ...run, running: false, result, refusal: result.status === 'refused' ? refusal(result.reason) : undefined };
        const shown = st.current.views.at(-1)?.kind === 'output';
        set({
          run: done,
          ...(shown
            ? {}
            : { info: [...st.current.info, { text: t(wb.lang, 'ui.run.finished', { n: block.n }), tone: 'accent' as const }] }),
        });
      },
      (e: unknown) => {
        if (!mounted.current || st.current.run !== run) return;
        set({
          run: { ...run, running: false, result: { status: 'failed', output: String((e as Error)?.message ?? e), truncated: false } },
        });
      },
    );
  };

  const startRun = (r: StepRef) => {
    const blocks = stepBlocks(wb.body(r.step)).filter((b) => b.kind === 'command');
    if (!blocks.length) return set({ flash: msg('ui.run.none') });
    if (blocks.length === 1) return runBlockNow(blocks[0]);
    set({ chooser: { what: 'block', blocks, cursor: 0 } });
  };

  // --- sending a test mail ---------------------------------------------------------
  const startMail = () => {
    const ls = link?.state();
    if (link && ls?.phase !== 'running') return set({ info: [{ text: t(wb.lang, 'ui.mail.noSandbox'), tone: 'warn' }] });
    const r = st.current.ref;
    const first = r ? suggestedKind(r.lesson.id, r.step.check.kind) : 'plain';
    set({ chooser: { what: 'mail', kinds: MAIL_KINDS, cursor: MAIL_KINDS.indexOf(first) } });
  };

  const sendMail = (kind: MailKind) => {
    const plan = planTestMail(kind, wb.lang, wb.ws.vars, wb.probe);
    set({ chooser: undefined, info: [{ text: t(wb.lang, 'ui.mail.sending'), tone: 'accent' }] });
    void sendPlanned(wb.probe, wb.ws.vars, plan)
      .catch((e: unknown) => ({ ok: false, response: String((e as Error)?.message ?? e) }))
      .then((res) => {
        if (!mounted.current) return;
        const text = t(wb.lang, res.ok ? 'ui.mail.sent' : 'ui.mail.refused', { response: res.response.replace(/\s+/g, ' ').trim() });
        set({ info: [{ text, tone: res.ok ? 'pass' : 'fail' }] });
        if (st.current.views.at(-1)?.kind === 'mailbox') data.refreshMail();
      });
  };

  return {
    goTo,
    quit,
    push,
    replaceTop,
    pop,
    open,
    openLog,
    openMailbox,
    openSessions,
    openTranscript,
    openSource,
    runBlockNow,
    startRun,
    startMail,
    sendMail,
  };
}
