// The embedded scorer writes what Debian's spamd 4.0.1 wrote for the same message and the
// same local.cf, byte for byte (only report_safe's date and random boundary are masked).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { parseLocalCf } from '../../../src/sandbox/filter/localcf.js';
import { scoreMessage } from '../../../src/sandbox/filter/scorer.js';
import { markup } from '../../../src/sandbox/filter/markup.js';
import { configs, expectedPath, messages, normalize, REPORT_HOST } from './corpus.js';

for (const c of configs()) {
  describe(`local.cf ${c.name}`, () => {
    const parsed = parseLocalCf(c.text);
    test('parses without issues', () => assert.deepEqual(parsed.issues, []));
    for (const m of messages()) {
      test(m.name, () => {
        const file = expectedPath(c.name, m.name);
        assert.ok(existsSync(file), `no recorded spamd answer ${file}: run npx tsx test/sandbox/filter/capture-spamd.mts`);
        const want = readFileSync(file, 'latin1');
        const r = scoreMessage(m.raw, parsed.conf);
        const got = markup(r, parsed.conf, { hostname: REPORT_HOST });
        assert.equal(normalize(got), normalize(want));
      });
    }
  });
}
