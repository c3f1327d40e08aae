/** A step's command block run from the workbook: what ran, its output, how it ended. */
import type { Lang } from '../../i18n/lang.js';
import { t } from '../../i18n/messages.js';
import type { StepBlock, BlockResult } from '../../core/blocks.js';
import { outputLines } from '../../core/display.js';
import { fit, textRows, type Row } from '../rows.js';
import { title, type Note } from './screen.js';

export interface RunView {
  block: StepBlock;
  running: boolean;
  result?: BlockResult;
  /** the refusal, already in the learner's words */
  refusal?: string;
  timeoutSeconds: number;
}

export function outputRows(lang: Lang, r: RunView, width: number): { head: Row[]; body: Row[]; status: Note } {
  const w = Math.max(10, width);
  const head: Row[] = [title(t(lang, 'ui.run.title', { n: r.block.n }), '', width)];
  for (const l of r.block.content.split('\n').slice(0, 4))
    head.push(
      ...fit(
        [
          { text: '$ ', style: { tone: 'dim' } },
          { text: l, style: { codeBlock: true } },
        ],
        w,
      ),
    );
  if (r.block.content.split('\n').length > 4) head.push([{ text: '  …', style: { tone: 'dim' } }]);
  const body: Row[] = [];
  let status: Note;
  if (r.running) status = { text: t(lang, 'ui.run.running'), tone: 'accent' };
  else if (r.refusal) status = { text: r.refusal, tone: 'warn' };
  else {
    const res = r.result!;
    const lines = outputLines(res.output);
    if (res.truncated) body.push(...textRows(t(lang, 'ui.run.truncated'), w, { tone: 'warn' }));
    if (res.output) body.push(...lines.flatMap((l) => fit([{ text: l }], w)));
    else body.push([{ text: t(lang, 'ui.run.noOutput'), style: { tone: 'dim' } }]);
    status =
      res.status === 'ok'
        ? { text: t(lang, 'ui.run.ok'), tone: 'pass' }
        : res.status === 'timeout'
          ? { text: t(lang, 'ui.run.timeout', { seconds: r.timeoutSeconds }), tone: 'fail' }
          : { text: t(lang, 'ui.run.failed', { code: res.exitCode ?? '?' }), tone: 'fail' };
  }
  return { head, body, status };
}
