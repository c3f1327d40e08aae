// A hint names the sandbox's ports as the step text does: the default numbers (2525, 2526…)
// in the lesson, the ports the sandbox really listens on in what the learner reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCourse } from '../../src/checks/course.js';
import { lessonsDir } from '../../src/util/paths.js';
import { Workbook, localizeText } from '../../src/core/workbook.js';
import { initWorkspace } from '../../src/workspace/workspace.js';
import { Progress } from '../../src/workspace/progress.js';
import { DEFAULT_PORTS, PORT_NAMES } from '../../src/util/ports.js';
import { LANGS } from '../../src/i18n/lang.js';

const course = loadCourse(lessonsDir());
const MOVED = {
  smtp: 3525,
  submission: 3587,
  smtps: 3465,
  outside: 3526,
  dns: 3553,
  https: 3443,
  pop3: 3110,
  pop3s: 3995,
  imap: 3143,
  imaps: 3993,
};
const DEFAULTS = new RegExp(`(?<!\\d|\\d\\.)(${PORT_NAMES.map((n) => DEFAULT_PORTS[n]).join('|')})(?!\\d|\\.\\d)`);

test('no hint keeps a default port when the sandbox listens elsewhere', () => {
  const vars = { domain: 'aula.test', hostname: 'mail.aula.test', workspace: '/ws' };
  const left = course.lessons.flatMap((l) =>
    l.steps.flatMap((s) =>
      s.hints.flatMap((h) =>
        LANGS.flatMap((lang) => {
          const shown = localizeText(h[lang], vars, MOVED, lang);
          return DEFAULTS.test(shown) ? [`${l.id}/${s.id} (${lang}): ${shown}`] : [];
        }),
      ),
    ),
  );
  assert.deepEqual(left, []);
});

test("10-dmarc: the hint about the outside port names the port the learner's sandbox uses", () => {
  for (const lang of LANGS) {
    const ws = initWorkspace(join(mkdtempSync(join(tmpdir(), 'mailsec-hint-')), 'ws'), { domain: 'aula.test' }).workspace;
    const wb = new Workbook(course, ws, Progress.load(ws), lang, { host: '127.0.0.1', ports: MOVED });
    const r = wb.course.lessons.find((l) => l.id === '10-dmarc')!.steps.find((s) => s.hints.some((h) => h.es.includes('2526')));
    assert.ok(r, 'a 10-dmarc step has a hint naming the outside port');
    const ref = wb.find('10-dmarc', r.id)!;
    const all = ref.step.hints.map(() => wb.hint(ref)).at(-1)!;
    const hint = all.find((h) => h.includes('3526'));
    assert.ok(hint, `${lang}: ${all.join(' | ')}`);
    assert.doesNotMatch(hint, /2526/);
  }
});
