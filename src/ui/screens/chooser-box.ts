/** The chooser over the last rows: which command block to run, or which test mail to send. */
import type { Workbook } from '../../core/workbook.js';
import { planTestMail } from '../../core/testmail.js';
import { t } from '../../i18n/messages.js';
import { clip, rule, textRows, type Row } from '../rows.js';
import type { Chooser } from '../state.js';

const OUTSIDE_ADDRESS = () =>
  process.env.MAILSEC_OUTSIDE_ADDRESS && /^[0-9a-f.:]+$/i.test(process.env.MAILSEC_OUTSIDE_ADDRESS)
    ? process.env.MAILSEC_OUTSIDE_ADDRESS
    : '203.0.113.7';

export function chooserRows(wb: Workbook, c: Chooser, width: number): Row[] {
  const lang = wb.lang;
  const w = Math.max(10, width - 2);
  const head = textRows(t(lang, c.what === 'block' ? 'ui.run.choose' : 'ui.mail.choose'), w, { tone: 'accent' });
  if (c.note) head.push(...textRows(c.note, w, { tone: 'warn' }));
  const options =
    c.what === 'block'
      ? c.blocks.map((b) => `${b.firstLine}${b.content.includes('\n') ? ' …' : ''}`)
      : c.kinds.map((k) => {
          const p = planTestMail(k, lang, wb.ws.vars, wb.probe);
          return t(lang, `ui.mail.kind.${k}`, { domain: wb.ws.vars.domain, port: p.port, addr: OUTSIDE_ADDRESS() });
        });
  const body = options.map((o, i): Row => {
    const here = i === c.cursor;
    return clip(
      [
        {
          text: `${here ? '›' : ' '} ${c.what === 'block' ? `[${c.blocks[i].n}]` : `${i + 1})`} `,
          style: here ? { tone: 'selected' } : undefined,
        },
        { text: o, style: here ? { tone: 'selected' } : { codeBlock: c.what === 'block' } },
      ],
      w,
    );
  });
  return [rule(width), ...[...head, ...body].map((r) => [{ text: ' ' }, ...r])];
}
