/** The answer box under a quiz step: the options to choose, or the line to type. */
import type { QuizView } from '../../core/workbook.js';
import type { Lang } from '../../i18n/lang.js';
import { t } from '../../i18n/messages.js';
import { textRows, type Row } from '../rows.js';

export interface Answering {
  quiz: QuizView;
  cursor: number;
  marked: string[];
  text: string;
}

/** What to do (`prompt`) and the options or the typed answer (`answer`), `w` columns wide. */
export function quizBox(lang: Lang, a: Answering, w: number): { prompt: Row[]; answer: Row[] } {
  if (a.quiz.type === 'choice') {
    return {
      prompt: textRows(t(lang, 'ui.chooseAnswer', { multi: a.quiz.multiple ? t(lang, 'ui.chooseMulti') : '' }), w, { tone: 'accent' }),
      answer: a.quiz.options.flatMap((o, i) => {
        const here = i === a.cursor;
        const mark = a.quiz.multiple ? (a.marked.includes(o.id) ? '[x] ' : '[ ] ') : '';
        return textRows(o.label, w, here ? { tone: 'selected' } : undefined, `${here ? '›' : ' '} ${mark}${o.key}) `);
      }),
    };
  }
  const label = `${t(lang, 'ui.yourAnswer')}: `;
  // the end of a long answer stays in sight
  const room = Math.max(1, w - label.length - 1);
  const shown = a.text.length > room ? '…' + a.text.slice(a.text.length - room + 1) : a.text;
  return {
    prompt: textRows(t(lang, 'ui.typeAnswer'), w, { tone: 'accent' }),
    answer: [[{ text: label, style: { bold: true } }, { text: shown }, { text: '█', style: { tone: 'accent' } }]],
  };
}
