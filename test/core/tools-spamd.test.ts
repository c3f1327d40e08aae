// On Debian 12 spamd is a package of its own: lesson 06's install line and the tool table
// (what `mailsec doctor` tells a learner to install) must both name it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOLS, installLines } from '../../src/core/tools.js';
import { lessonsDir } from '../../src/util/paths.js';

const spamd = TOOLS.find((t) => t.id === 'spamd')!;

test('the spamd tool installs the spamd package beside spamassassin and spamc', () => {
  assert.deepEqual([...spamd.debian].sort(), ['spamassassin', 'spamc', 'spamd']);
  assert.match(installLines([spamd]).debian, /\bspamd\b/);
});

test("lesson 06's apt line names the same packages as the tool table, in every language", () => {
  for (const lang of ['es', 'ca', 'en']) {
    const text = readFileSync(join(lessonsDir(), '06-spamassassin', `${lang}.md`), 'utf8');
    const line = /^sudo apt install (.+)$/m.exec(text);
    assert.ok(line, `${lang}.md has no apt install line`);
    assert.deepEqual(line[1].trim().split(/\s+/).sort(), [...spamd.debian].sort(), `${lang}.md: ${line[0]}`);
  }
});
