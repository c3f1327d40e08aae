// Records what the real spamd answers for every corpus message under every config, so the
// byte-for-byte tests run even where SpamAssassin is not installed. Run by hand after
// changing the corpus: npx tsx test/sandbox/filter/capture-spamd.mts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { spamc } from '../../../src/sandbox/filter/spamc.js';
import { configs, expectedPath, messages, REPORT_HOST } from './corpus.js';
import { startSpamd } from './spamd.js';

for (const c of configs()) {
  const d = await startSpamd(c.text, { cf: [`report_hostname ${REPORT_HOST}`] });
  try {
    for (const m of messages()) {
      const r = await spamc(d, 'PROCESS', Buffer.from(m.raw, 'latin1'), { user: 'spamd' });
      if (r.code !== 0) throw new Error(`${c.name}/${m.name}: ${r.code} ${r.text}`);
      const file = expectedPath(c.name, m.name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, r.body);
      console.log(`${c.name}/${m.name}: ${r.headers.spam}`);
    }
  } finally {
    await d.stop();
  }
}
