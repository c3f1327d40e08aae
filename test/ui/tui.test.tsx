import { listScreen } from '../../src/ui/screens/list-screen.js';
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { cleanup } from 'ink-testing-library';
import { runPlain } from '../../src/commands/plain.js';
import { Workbook, type StepRef } from '../../src/core/workbook.js';
import type { Verdict } from '../../src/checks/types.js';
import type { Answer } from '../../src/workspace/progress.js';
import { runCheck } from '../../src/checks/run.js';
import { t } from '../../src/i18n/messages.js';
import { inlineText } from '../../src/course/markdown.js';
import { markdownRows } from '../../src/ui/rows.js';
import { KEY, makeWorkbook, start, stepOfKind, stepRef } from './helpers.js';
import { chooseServer } from '../../src/commands/check-target.js';
import { loadTarget, targetLine } from '../../src/workspace/target.js';

afterEach(() => cleanup());

/** Whitespace-insensitive text of a frame, so a message wrapped over several rows can be found whole. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

const mainCf = (wb: Workbook) => wb.ws.resolve('/etc/postfix/main.cf');
const setHostname = (wb: Workbook, value: string) =>
  writeFileSync(mainCf(wb), readFileSync(mainCf(wb), 'utf8').replace(/^myhostname\s*=.*$/m, `myhostname = ${value}`));

/** What the check says right now, rendered the way the learner reads it. */
async function expected(wb: Workbook, r: StepRef): Promise<{ v: Verdict; text: string }> {
  const v = await runCheck(r.lesson, r.step, { ws: wb.ws, lang: wb.lang, probe: wb.probe });
  return { v, text: wb.text(v.message) };
}

test('navigation: step → next / previous → lesson list → back into a lesson', async () => {
  const wb = makeWorkbook();
  const l = wb.lessons[0];
  const ui = await start(wb);
  await ui.waitFor(l.steps[0].title.es);
  assert.match(ui.frame(), new RegExp(`Paso 1 de ${l.steps.length}`));
  await ui.press(KEY.right);
  await ui.waitFor(l.steps[1].title.es);
  assert.match(ui.frame(), new RegExp(`Paso 2 de ${l.steps.length}`));
  assert.equal(wb.progress.data.current?.step, l.steps[1].id, 'the step shown becomes the current one');
  await ui.press(KEY.left);
  await ui.waitFor(`Paso 1 de ${l.steps.length}`);
  await ui.press('n', 'n');
  await ui.waitFor(`Paso 3 de ${l.steps.length}`);
  await ui.press('l');
  const list = await ui.waitFor('Lecciones');
  assert.ok(list.includes(l.title.es));
  assert.ok(list.includes(`› ${l.id}`), 'the lesson being studied is the one selected');
  assert.match(list, new RegExp(`0/${l.steps.length}\\s+░{10}`));
  // with room under the list, the chosen lesson says how long it takes and what it needs
  const tall = listScreen(wb, 0, 80, 40)
    .rows.map((r) => r.map((c) => c.text).join(''))
    .join('\n');
  assert.ok(tall.includes(wb.lessonAbout(l)), tall);
  // at 80x24, with more lessons than rows, the last one chosen: still its time and needs
  const last = wb.lessons.length - 1;
  const small = listScreen(wb, last, 80, 22).rows.map((r) => r.map((c) => c.text).join(''));
  assert.equal(small.length, 22);
  assert.ok(small.join('\n').includes(wb.lessonAbout(wb.lessons[last])), small.join('\n'));
  assert.ok(small.some((r) => r.startsWith(`› ${wb.lessons[last].id}`)));
  await ui.press(KEY.enter);
  await ui.waitFor(`Paso 3 de ${l.steps.length}`);
});

test('c shows “Comprobando…”, then the failure with what was seen; after fixing main.cf, the pass and Enter moves on', async () => {
  let release: () => void = () => {};
  class SlowWorkbook extends Workbook {
    gate = Promise.resolve();
    async check(ref: StepRef, answer?: Answer): Promise<Verdict> {
      await this.gate;
      return super.check(ref, answer);
    }
  }
  const wb = makeWorkbook('es', SlowWorkbook);
  const r = stepRef(wb, '01-threats', 'myhostname');
  wb.go(r);
  const ui = await start(wb);
  await ui.waitFor(r.step.title.es);

  wb.gate = new Promise((res) => (release = res));
  await ui.press('c');
  await ui.waitFor('Comprobando…');
  const fail = await expected(wb, r);
  assert.equal(fail.v.status, 'fail');
  release();
  let f = await ui.waitFor('✘');
  assert.ok(flat(f).includes(flat(fail.text)), `the localized failure message is shown:\n${f}`);
  for (const e of fail.v.evidence) assert.ok(flat(f).includes(flat(e)), `evidence ${e} is shown`);
  assert.ok(f.includes('mail.aula.test'), 'the value wanted is named');
  await ui.press(KEY.enter);
  assert.ok(ui.frame().includes(r.step.title.es), 'Enter does not move on from a step not passed');

  setHostname(wb, 'mail.aula.test');
  await ui.press('c');
  f = await ui.waitFor('✔');
  assert.ok(f.includes('Paso superado. Intro: paso siguiente.'));
  assert.ok(wb.progress.step(r.lesson.id, r.step.id).passed);
  await ui.press(KEY.enter);
  const next = wb.next(r);
  await ui.waitFor(next ? next.step.title.es : 'Has terminado todas las lecciones');
});

test('h reveals the hints one at a time, then says there are no more', async () => {
  const wb = makeWorkbook();
  const r = stepRef(wb, '01-threats', 'myhostname');
  assert.ok(r.step.hints.length >= 2, 'this test needs a step with two hints');
  wb.go(r);
  const ui = await start(wb);
  await ui.waitFor(r.step.title.es);
  const hint = (i: number) => flat(inlineText(wb.hintsShown(r)[i] ?? ''));
  assert.ok(!ui.frame().includes('Pistas'));
  await ui.press('h');
  let f = await ui.waitFor(`Pistas (1/${r.step.hints.length})`);
  assert.ok(flat(f).includes(hint(0)));
  assert.ok(!flat(f).includes('2. '), 'only the first hint is shown');
  for (let i = 2; i <= r.step.hints.length; i++) {
    await ui.press('h');
    f = await ui.waitFor(`Pistas (${i}/${r.step.hints.length})`);
    assert.ok(flat(f).includes(hint(i - 1)));
  }
  await ui.press('h');
  await ui.waitFor('No hay más pistas para este paso.');
});

test('a hint shows its `code` as the step text does: no backticks, the code styled', async () => {
  const wb = makeWorkbook();
  const r = stepRef(wb, '10-dmarc', 'dmarc-record');
  assert.ok(r.step.hints[0].es.includes('`_dmarc`'), 'this test needs a hint with inline code');
  wb.go(r);
  const ui = await start(wb);
  await ui.waitFor(r.step.title.es);
  await ui.press('h');
  const f = await ui.waitFor('Pistas (1/');
  const panel = f.slice(f.indexOf('Pistas (1/'));
  assert.ok(flat(panel).includes('El nombre de la línea es _dmarc, con el guion bajo'), panel);
  assert.ok(!panel.includes('`'), panel);
  const rows = markdownRows(wb.hintsShown(r)[0], 76, undefined, '1. ');
  const code = rows.flat().find((c) => c.text.includes('_dmarc'));
  assert.equal(code?.style?.code, true, 'the inline code keeps its code style');
});

test("the plain view prints a hint's `code` without backticks, as it prints the step text", async () => {
  const wb = makeWorkbook();
  wb.go(stepRef(wb, '10-dmarc', 'dmarc-record'));
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  assert.equal(await runPlain(wb, Readable.from(['h\n', 'q\n']), sink), 0);
  const hint = out.slice(out.indexOf('Pistas 1/'));
  assert.match(hint, /El nombre de la línea es _dmarc, con el guion bajo, y el registro empieza por v=DMARC1;/);
  assert.ok(!hint.includes('`'), hint);
});

test('L switches es → ca → en → es at once and remembers it', async () => {
  const wb = makeWorkbook();
  const r = wb.current()!;
  const ui = await start(wb);
  await ui.waitFor(r.step.title.es);
  await ui.press('L');
  let f = await ui.waitFor(r.step.title.ca);
  assert.ok(f.includes('Pas 1 de'));
  assert.ok(f.includes('Idioma: català'));
  assert.equal(JSON.parse(readFileSync(wb.ws.metaPath('progress.json'), 'utf8')).lang, 'ca');
  await ui.press('L');
  f = await ui.waitFor(r.step.title.en);
  assert.ok(f.includes('Step 1 of'));
  await ui.press('l');
  await ui.waitFor('Lessons');
  await ui.press('L');
  await ui.waitFor('Lecciones');
  assert.equal(wb.progress.data.lang, 'es');
});

test('a on a choice step: the list, ↑/↓ and Enter send the answer and show the verdict', async () => {
  const wb = makeWorkbook();
  const r = stepOfKind(wb, 'quiz.choice');
  const p = r.step.check.params as { options: { id: string; es: string }[]; answer: string | string[] };
  assert.equal(typeof p.answer, 'string');
  wb.go(r);
  const ui = await start(wb);
  await ui.waitFor(r.step.title.es);
  await ui.press('a');
  let f = await ui.waitFor('Elige con ↑ ↓');
  // in this learner's order, each with the letter it is shown with
  const q = wb.quiz(r)!;
  assert.deepEqual(
    q.options.map((o) => o.key),
    ['a', 'b', 'c', 'd'].slice(0, p.options.length),
  );
  for (const o of q.options) assert.ok(f.includes(`${o.key}) ${o.label}`));
  // first a wrong option, then the right one
  const right = q.options.findIndex((o) => o.id === p.answer);
  const wrong = right === 0 ? 1 : 0;
  await ui.press(...Array(wrong).fill(KEY.down), KEY.enter);
  f = await ui.waitFor('✘');
  assert.deepEqual(wb.progress.step(r.lesson.id, r.step.id).answer, [q.options[wrong].id]);
  await ui.press('a');
  await ui.waitFor('Elige con ↑ ↓');
  await ui.press(KEY.home, ...Array(right).fill(KEY.down));
  await ui.waitFor(`› ${q.options[right].key})`);
  await ui.press(KEY.enter);
  f = await ui.waitFor('✔');
  assert.ok(f.includes(t('es', 'quiz.correct').replace(/\.$/, '')));
});

test("a question's options name the learner's own domain, not {{domain}}", () => {
  const wb = makeWorkbook();
  const r = stepRef(wb, '16-mta-sts', 'report');
  const labels = wb
    .quiz(r)!
    .options.map((o) => o.label)
    .join('\n');
  assert.doesNotMatch(labels, /\{\{/);
  assert.match(labels, /aula\.test/);
});

test('a on a multiple-choice step: Space marks several options', async () => {
  const wb = makeWorkbook();
  const r = wb.lessons
    .flatMap((lesson) => lesson.steps.map((step, index) => ({ lesson, step, index })))
    .find((x) => x.step.check.kind === 'quiz.choice' && Array.isArray((x.step.check.params as { answer: unknown }).answer));
  assert.ok(r, 'the course has a multiple-choice step');
  const p = r.step.check.params as { options: { id: string }[]; answer: string[] };
  wb.go(r);
  const ui = await start(wb);
  await ui.waitFor(r.step.title.es);
  await ui.press('a');
  await ui.waitFor('Espacio para marcar');
  for (const o of wb.quiz(r)!.options) {
    if (p.answer.includes(o.id)) await ui.press(KEY.space);
    await ui.press(KEY.down);
  }
  await ui.waitFor((f) => (f.match(/\[x\]/g) ?? []).length === p.answer.length);
  await ui.press(KEY.enter);
  await ui.waitFor('✔');
  assert.deepEqual([...(wb.progress.step(r.lesson.id, r.step.id).answer as string[])].sort(), [...p.answer].sort());
});

test('a on a text step: typing, Backspace, Esc cancels, Enter sends', async () => {
  const wb = makeWorkbook();
  const r = stepOfKind(wb, 'quiz.text');
  const accept = (r.step.check.params as { accept: string[] }).accept[0];
  wb.go(r);
  const ui = await start(wb);
  await ui.waitFor(r.step.title.es);
  await ui.press('a');
  await ui.waitFor('Escribe tu respuesta');
  await ui.press(...'nope'.split(''));
  await ui.waitFor('Tu respuesta: nope█');
  // a burst (a paste, or keys faster than a redraw) arrives as one string
  await ui.press('ñ✉️x\x7f\x7f\x7f', 'ab\x7f\x01');
  await ui.waitFor('Tu respuesta: nopea█');
  await ui.press(KEY.escape);
  await ui.waitFor((f) => !f.includes('Tu respuesta'));
  assert.equal(wb.progress.step(r.lesson.id, r.step.id).attemptCount, 0, 'Esc sends nothing');

  await ui.press('a');
  await ui.waitFor('Tu respuesta: █');
  // typed key by key, with a slip fixed by Backspace; q and c are letters here, not commands
  await ui.press(...'qcx'.split(''), KEY.backspace, KEY.backspace, KEY.backspace, ...accept.split(''));
  await ui.waitFor(`Tu respuesta: ${accept}█`);
  await ui.press(KEY.enter);
  await ui.waitFor('✔');
  assert.equal(wb.progress.step(r.lesson.id, r.step.id).answer, accept);
});

// a terminal delivers a paste (or keys typed faster than a redraw) together with its Enter: one read, "b\r"
test('a on lesson 01: "b" and Enter in one read choose b and send it, whether the newline is \\r or \\n', async () => {
  for (const enter of ['\r', '\n']) {
    const wb = makeWorkbook('en');
    const r = stepRef(wb, '01-threats', 'spam-phishing');
    assert.equal((r.step.check.params as { answer: string }).answer, 'b');
    wb.go(r);
    const ui = await start(wb);
    await ui.waitFor(r.step.title.en);
    await ui.press('a');
    await ui.waitFor('Choose with ↑ ↓');
    // the letter this learner sees option b under
    const key = wb.quiz(r)!.options.find((o) => o.id === 'b')!.key;
    await ui.press(`${key}${enter}`);
    const f = await ui.waitFor('✔');
    assert.ok(f.includes('Correct'));
    assert.deepEqual(wb.progress.step(r.lesson.id, r.step.id).answer, ['b']);
    assert.equal(wb.progress.step(r.lesson.id, r.step.id).passed, true);
    cleanup();
  }
});

test('a on lesson 01: a wrong letter pasted with Enter is sent and told wrong; a key that is no option leaves the cursor', async () => {
  const wb = makeWorkbook('en');
  const r = stepRef(wb, '01-threats', 'spam-phishing');
  wb.go(r);
  const ui = await start(wb);
  await ui.waitFor(r.step.title.en);
  await ui.press('a');
  await ui.waitFor('Choose with ↑ ↓');
  // typed letters move the cursor; z is no option here
  await ui.press('c');
  await ui.waitFor('› c)');
  await ui.press('z');
  const wrong = wb.quiz(r)!.options.find((o) => o.id !== 'b')!;
  await ui.press(`${wrong.key}\r`);
  const f = await ui.waitFor('✘');
  // the verdict names the option chosen by its text, and says why it is wrong
  const why = (r.step.check.params as { options: { id: string; why?: { en: string } }[] }).options.find((o) => o.id === wrong.id)!.why?.en;
  assert.ok(flat(f).includes(flat(t('en', 'quiz.wrong', { given: wrong.label, why: why ?? t('en', 'quiz.tryAnother') }))), f);
  assert.deepEqual(wb.progress.step(r.lesson.id, r.step.id).answer, [wrong.id]);
  assert.equal(wb.progress.step(r.lesson.id, r.step.id).passed, false);
});

test('a on a text step: an answer pasted with its Enter is sent; only its first line, when it has several', async () => {
  const wb = makeWorkbook('en');
  const r = stepOfKind(wb, 'quiz.text');
  const accept = (r.step.check.params as { accept: string[] }).accept[0];
  wb.go(r);
  const ui = await start(wb);
  await ui.waitFor(r.step.title.en);
  await ui.press('a');
  await ui.waitFor('Type your answer');
  await ui.press('nope\nrest of the paste');
  let f = await ui.waitFor('✘');
  assert.ok(flat(f).includes(flat(t('en', 'quiz.wrongText', { given: 'nope' }))), f);
  assert.equal(wb.progress.step(r.lesson.id, r.step.id).answer, 'nope');
  await ui.press('a');
  await ui.waitFor('Your answer: █');
  await ui.press(`${accept}\r`);
  f = await ui.waitFor('✔');
  assert.equal(wb.progress.step(r.lesson.id, r.step.id).answer, accept);
  assert.equal(wb.progress.step(r.lesson.id, r.step.id).passed, true);
});

test('a on a step checked from files says how it is checked', async () => {
  const wb = makeWorkbook();
  wb.go(stepRef(wb, '01-threats', 'myhostname'));
  const ui = await start(wb);
  await ui.press('a');
  await ui.waitFor((f) => flat(f).includes(flat(t('es', 'ui.notQuiz'))));
});

test('watch mode re-checks by itself when main.cf changes on disk', async () => {
  const wb = makeWorkbook();
  const r = stepRef(wb, '01-threats', 'myhostname');
  wb.go(r);
  const ui = await start(wb, { watch: true, watchOptions: { delayMs: 50 } });
  await ui.waitFor(r.step.title.es);
  assert.ok(ui.frame().includes('vigilando'));
  setHostname(wb, 'mail.example.org');
  let f = await ui.waitFor('✘');
  assert.ok(flat(f).includes('«mail.example.org»'));
  assert.ok(flat(f).includes('ha cambiado etc/postfix/main.cf'));
  setHostname(wb, 'mail.aula.test');
  f = await ui.waitFor('✔');
  assert.ok(wb.progress.step(r.lesson.id, r.step.id).passed);

  // w turns it off: a change is no longer checked
  await ui.press('w');
  await ui.waitFor('sin vigilar');
  const attempts = wb.progress.step(r.lesson.id, r.step.id).attemptCount;
  setHostname(wb, 'vm');
  await new Promise((res) => setTimeout(res, 300));
  assert.equal(wb.progress.step(r.lesson.id, r.step.id).attemptCount, attempts);
});

test('watch mode leaves quiz steps alone', async () => {
  const wb = makeWorkbook();
  const r = stepOfKind(wb, 'quiz.choice');
  wb.go(r);
  let changes = 0;
  const ui = await start(wb, {
    watch: true,
    watchFactory: (_root, onChange) => {
      // a fake watcher that reports one change at once
      setImmediate(() => {
        changes++;
        onChange(['etc/postfix/main.cf']);
      });
      return { pause() {}, resume() {}, close() {}, fallback: false };
    },
  });
  await ui.waitFor(r.step.title.es);
  await new Promise((res) => setTimeout(res, 50));
  assert.equal(changes, 1);
  assert.equal(wb.progress.step(r.lesson.id, r.step.id).attemptCount, 0);
  assert.ok(!ui.frame().includes('Comprobando'));
});

test('q quits and closes the watcher; notices stay until a key is pressed', async () => {
  const wb = makeWorkbook();
  wb.notices.push({ key: 'progress.restoredMissing', params: { file: '.mailsec/progress.json.bak' } });
  let closed = 0;
  const ui = await start(wb, {
    watch: true,
    watchFactory: () => ({ pause() {}, resume() {}, close: () => void closed++, fallback: false }),
  });
  await ui.waitFor('Aviso:');
  await ui.press(KEY.down);
  await ui.waitFor((f) => !f.includes('Aviso:'));
  await ui.press('q');
  assert.ok(closed >= 1, 'the watcher is closed on quit');
});

test('? opens the help; Esc closes it', async () => {
  const wb = makeWorkbook();
  const ui = await start(wb);
  await ui.press('?');
  await ui.waitFor('Teclas');
  await ui.press(KEY.escape);
  await ui.waitFor(wb.current()!.step.title.es);
});

test('the header marks a checkpoint and a stale translation; the status bar shows the sandbox state only when given', async () => {
  const wb = makeWorkbook('ca');
  const r = stepRef(wb, '01-threats', 'myhostname');
  assert.ok(r.step.checkpoint, 'myhostname is a checkpoint');
  const stale = r.step.stale;
  r.step.stale = ['ca'];
  try {
    wb.go(r);
    let ui = await start(wb);
    let f = await ui.waitFor(r.step.title.ca);
    assert.ok(f.includes(`◆ ${t('ca', 'ui.checkpoint')}`));
    assert.ok(f.includes(t('ca', 'ui.stale')));
    assert.ok(!f.includes('sandbox'));
    ui.unmount();
    ui = await start(wb, { sandboxState: () => 'sandbox: 2525 2587' });
    f = await ui.waitFor('sandbox: 2525 2587');
    await ui.press('L');
    f = await ui.waitFor(r.step.title.en);
    assert.ok(!f.includes(t('en', 'ui.stale')), 'the English text is up to date');
  } finally {
    r.step.stale = stale;
  }
});

test('Ctrl-C quits from anywhere, even while typing an answer', async () => {
  const wb = makeWorkbook();
  wb.go(stepOfKind(wb, 'quiz.text'));
  let closed = 0;
  const ui = await start(wb, {
    watch: true,
    watchFactory: () => ({ pause() {}, resume() {}, close: () => void closed++, fallback: false }),
  });
  await ui.press('a', 'x');
  await ui.waitFor('Tu respuesta: x');
  await ui.press(KEY.ctrlC);
  assert.ok(closed >= 1);
  const frames = ui.frames.length;
  await ui.press('y', 'q');
  assert.equal(ui.frames.length, frames, 'nothing is drawn once it has quit');
});

test('a course without lessons says so instead of failing', async () => {
  const wb = makeWorkbook();
  const empty = new Workbook({ lessons: [], errors: [] }, wb.ws, wb.progress, 'es', wb.probe);
  const ui = await start(empty);
  await ui.waitFor(t('es', 'ui.noLessons'));
  await ui.press(KEY.enter, KEY.down, 'c', 'h', 'a');
  await ui.waitFor('Lecciones');
});

test('on a terminal the watcher starts after the first frame, and a quit before that leaves none behind', async () => {
  const wb = makeWorkbook();
  let made = 0;
  let closed = 0;
  const factory = () => {
    made++;
    return { pause() {}, resume() {}, close: () => void closed++, fallback: false };
  };
  const ui = await start(wb, { watch: true, deferWatch: true, watchFactory: factory });
  assert.equal(made, 0, 'not at mount');
  await ui.waitFor('vigilando');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(made, 1, 'once the first frame is out');
  await ui.press('q');
  assert.ok(closed >= 1, 'closed on quit');

  let early = 0;
  const quick = await start(makeWorkbook(), { watch: true, deferWatch: true, watchFactory: () => (early++, factory()) });
  await quick.press('q');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(early, 0, 'a watcher never started for a workbook already gone');
});

test('→ on the last step of the course: steps still open are counted and the lesson list named; all passed, the congratulations', async () => {
  const wb = makeWorkbook();
  const lastLesson = wb.lessons[wb.lessons.length - 1];
  const last = stepRef(wb, lastLesson.id, lastLesson.steps[lastLesson.steps.length - 1].id);
  wb.go(last);
  const total = wb.lessons.reduce((n, l) => n + l.steps.length, 0);
  const ui = await start(wb);
  await ui.waitFor(last.step.title.es);
  await ui.press(KEY.right);
  const open = flat(await ui.waitFor((f) => flat(f).includes('Es el último paso del curso')));
  assert.ok(open.includes(`aún hay pasos sin superar (${total}): pulsa l para ver en qué lecciones`), open);
  for (const l of wb.lessons) for (const s of l.steps) wb.progress.record(l.id, s.id, 'pass');
  assert.equal(wb.openSteps(), 0);
  await ui.press(KEY.right);
  await ui.waitFor((f) => flat(f).includes('Has terminado todas las lecciones. ¡Enhorabuena!'));
});

test('a saved server: c checks it, S switches to the sandbox and back, and its results are not recorded', async () => {
  const wb = makeWorkbook('en');
  const asked: string[] = [];
  wb.remote = {
    label: '192.168.56.10',
    check: async (r) => {
      asked.push(`${r.lesson.id}/${r.step.id}`);
      return { status: 'unchecked', text: 'not checked remotely: it reads files of the server.', evidence: [] };
    },
  };
  const r = stepRef(wb, '02-tls', 'key');
  wb.go(r);
  const ui = await start(wb);
  await ui.waitFor(r.step.title.en);
  await ui.press('c');
  const frame = flat(await ui.waitFor('On 192.168.56.10'));
  assert.match(frame, /– On 192\.168\.56\.10: not checked remotely: it reads files of the server\./);
  assert.deepEqual(asked, ['02-tls/key']);
  assert.equal(wb.progress.step('02-tls', 'key').passed, false);
  assert.deepEqual(wb.progress.step('02-tls', 'key').attempts ?? [], [], 'nothing of the server goes into the progress');
  // S: the sandbox's own check, on the workspace's files
  await ui.press('S');
  await ui.waitFor('Checking the sandbox now');
  await ui.press('c');
  const own = await expected(wb, r);
  await ui.waitFor(own.text.slice(0, 30));
  assert.deepEqual(asked, ['02-tls/key'], 'the server was not asked again');
  await ui.press('S');
  await ui.waitFor('Checking the server 192.168.56.10 now');
});

test('E chooses the server to check: a wrong line is said in the box and kept, a good one is saved and checked, an empty one is the sandbox', async () => {
  const wb = makeWorkbook('es');
  wb.servers = { line: () => targetLine(loadTarget(wb.ws)), choose: (line) => chooseServer(wb.ws, line) };
  const r = stepRef(wb, '02-tls', 'starttls');
  wb.go(r);
  const ui = await start(wb);
  await ui.waitFor(r.step.title.es);
  // S with no server saved: the box to choose one
  await ui.press('S');
  await ui.waitFor('Servidor: █');
  await ui.press(KEY.escape);
  await ui.waitFor((f) => !f.includes('Servidor:'));
  await ui.press('E', '8.8.8.8', KEY.enter);
  const refused = flat(await ui.waitFor('es una dirección pública'));
  assert.match(refused, /Servidor: 8\.8\.8\.8█ 8\.8\.8\.8 \(--target\) es una dirección pública/);
  assert.equal(loadTarget(wb.ws), undefined, 'nothing saved');
  // the line is still there to mend
  await ui.press(...Array(7).fill(KEY.backspace), '127.0.0.1:9', KEY.enter);
  await ui.waitFor('Ahora se comprueba el servidor 127.0.0.1:9');
  assert.deepEqual(loadTarget(wb.ws), { target: '127.0.0.1:9' });
  await ui.press('c');
  await ui.waitFor(/✘ En 127\.0\.0\.1:9: /);
  // E again shows the saved line; emptied, it forgets it
  await ui.press('E');
  await ui.waitFor('Servidor: 127.0.0.1:9█');
  await ui.press(...Array(11).fill(KEY.backspace), KEY.enter);
  await ui.waitFor('Ahora se comprueba el sandbox: el servidor guardado se ha olvidado.');
  assert.equal(loadTarget(wb.ws), undefined);
  assert.equal(wb.remote, undefined);
});
