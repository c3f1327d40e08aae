// The step screen with a result from the saved real server (`mailsec check --target`): its status,
// the server it came from and what was seen, within 80 columns; "not checked remotely" is neither
// a pass nor a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyRows, stepScreen } from '../../src/ui/screens/step-screen.js';
import { rowLength } from '../../src/ui/rows.js';
import { makeWorkbook, stepRef } from './helpers.js';
import type { RemoteShown } from '../../src/core/remote-check.js';

const text = (rows: { text: string }[][]) => rows.map((r) => r.map((c) => c.text).join(''));

function screen(remote: RemoteShown, lang: 'es' | 'en' = 'en') {
  const wb = makeWorkbook(lang);
  wb.remote = { label: '192.168.56.10', check: async () => undefined };
  const ref = stepRef(wb, '02-tls', 'starttls');
  const s = stepScreen(wb, { ref, scroll: 0, checking: false, notices: [], remote }, bodyRows(wb.body(ref.step), 80), 80, 24);
  for (const r of s.rows) assert.ok(rowLength(r) <= 80, 'fits 80 columns');
  return { lines: text(s.rows), rows: s.rows };
}

test('a failure on the server: ✘, the server, the message and what was seen', () => {
  const { lines, rows } = screen({
    status: 'fail',
    text: 'The server 192.168.56.10 (port 25) does not offer STARTTLS.',
    evidence: ['S: 250-mail.aula.test'],
  });
  const i = lines.findIndex((l) => l.startsWith(' ✘ On 192.168.56.10: The server'));
  assert.ok(i >= 0, lines.join('\n'));
  assert.equal(rows[i].find((c) => c.text.includes('The server'))?.style?.tone, 'fail');
  assert.ok(lines.some((l) => l.includes('Seen: S: 250-mail.aula.test')));
});

test('not checked remotely: a dash in a dim tone, in the learner’s language', () => {
  const { lines, rows } = screen({ status: 'unchecked', text: 'no comprobado en remoto: lee archivos del servidor.', evidence: [] }, 'es');
  const i = lines.findIndex((l) => l.startsWith(' – En 192.168.56.10: no comprobado en remoto'));
  assert.ok(i >= 0, lines.join('\n'));
  assert.equal(rows[i].find((c) => c.text.includes('no comprobado'))?.style?.tone, 'dim');
});
