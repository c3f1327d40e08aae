// The real SpamAssassin path: our SPAMC/1.5 client against Debian's spamd on loopback, the
// recorded answers still what spamd says, the filter stage giving the same mail through
// spamd as through the embedded scorer, and lesson 06 walked end to end on both.
// Skipped where spamd is not installed or cannot start, unless MAILSEC_REQUIRE_TOOLS=1.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spamc } from '../../../src/sandbox/filter/spamc.js';
import { parseLocalCf } from '../../../src/sandbox/filter/localcf.js';
import { scoreWith } from '../../../src/sandbox/filter/stage.js';
import { loadCourse } from '../../../src/checks/course.js';
import { lessonsDir } from '../../../src/util/paths.js';
import { runCheck } from '../../../src/checks/run.js';
import { t } from '../../../src/i18n/messages.js';
import { Env, apply, freshWorkspace, missingTools } from '../../prove/env.js';
import { configs, expectedPath, messages, normalize, REPORT_HOST } from './corpus.js';
import { startSpamd, type Spamd } from './spamd.js';
import lesson06 from '../../fixtures/steps/06-spamassassin.js';

const required = process.env.MAILSEC_REQUIRE_TOOLS === '1';
const skip = missingTools(['spamd', 'spamc']);

async function tryStart(localCf: string, cf: string[] = []): Promise<Spamd | string> {
  try {
    return await startSpamd(localCf, { cf });
  } catch (e) {
    if (required) throw e;
    return `spamd did not start here: ${(e as Error).message.split('\n')[0]}`;
  }
}

describe('SPAMC against Debian spamd', { skip }, () => {
  for (const c of configs()) {
    describe(`local.cf ${c.name}`, () => {
      let d: Spamd | string;
      before(async () => {
        d = await tryStart(c.text, [`report_hostname ${REPORT_HOST}`]);
      });
      after(async () => {
        if (typeof d !== 'string') await d.stop();
      });
      test('PING answers PONG', async (tc) => {
        if (typeof d === 'string') return tc.skip(d);
        const r = await spamc(d, 'PING', Buffer.alloc(0));
        assert.deepEqual([r.code, r.text], [0, 'PONG']);
      });
      test('every corpus message: spamd still answers what was recorded, and the embedded scorer the same', async (tc) => {
        if (typeof d === 'string') return tc.skip(d);
        const conf = parseLocalCf(c.text);
        for (const m of messages()) {
          const r = await spamc(d, 'PROCESS', Buffer.from(m.raw, 'latin1'), { user: 'spamd' });
          assert.equal(r.code, 0, `${m.name}: ${r.code} ${r.text}`);
          const real = r.body.toString('latin1');
          assert.equal(
            normalize(real),
            normalize(readFileSync(expectedPath(c.name, m.name), 'latin1')),
            `${m.name}: spamd's answer changed; run npx tsx test/sandbox/filter/capture-spamd.mts`,
          );
          const mine = await scoreWith(undefined, m.raw, conf, REPORT_HOST, 'spamd');
          assert.equal(normalize(mine.text), normalize(real), `${m.name}: embedded scorer and spamd differ`);
          assert.equal(mine.isSpam, r.spam?.isSpam, m.name);
          assert.equal(mine.score.toFixed(1), r.spam?.score.toFixed(1), m.name);
        }
      });
      test('HEADERS returns only the rewritten header block; CHECK only the verdict', async (tc) => {
        if (typeof d === 'string') return tc.skip(d);
        const raw = Buffer.from(messages().find((m) => m.name === 'gtube-local')!.raw, 'latin1');
        const h = await spamc(d, 'HEADERS', raw, { user: 'spamd' });
        assert.match(h.body.toString(), /X-Spam-Flag: YES\n[\s\S]*\n\n$/);
        assert.doesNotMatch(h.body.toString(), /GTUBE-STANDARD/);
        const c2 = await spamc(d, 'CHECK', raw, { user: 'spamd' });
        assert.equal(c2.spam?.isSpam, true);
        assert.equal(c2.body.length, 0);
      });
      test('the stage asks spamd through SPAMC and gets the same mail the embedded scorer writes', async (tc) => {
        if (typeof d === 'string') return tc.skip(d);
        const conf = parseLocalCf(c.text);
        const m = messages().find((x) => x.name === 'gtube-outside')!;
        const viaSpamd = await scoreWith({ host: d.host, port: d.port }, m.raw, conf, REPORT_HOST, 'spamd');
        const embedded = await scoreWith(undefined, m.raw, conf, REPORT_HOST, 'spamd');
        assert.equal(viaSpamd.engine, 'spamd');
        assert.deepEqual(viaSpamd.tests, embedded.tests);
        assert.equal(normalize(viaSpamd.text), normalize(embedded.text));
      });
    });
  }
});

describe('lesson 06 walked end to end', { skip: missingTools(['swaks']) }, () => {
  const course = loadCourse(lessonsDir());
  const lesson = course.lessons.find((l) => l.id === '06-spamassassin')!;
  for (const engine of ['embedded', 'spamd'] as const) {
    test(`with the ${engine === 'spamd' ? 'real spamd' : 'embedded scorer'}`, async (tc) => {
      if (engine === 'spamd' && skip) return tc.skip(skip);
      const env = new Env(freshWorkspace('aula.test'));
      let d: Spamd | string | undefined;
      const saved = process.env.MAILSEC_SPAMD;
      try {
        for (const step of lesson.steps) {
          if (step.id === 'gtube' && engine === 'spamd') {
            // spamd reads the learner's local.cf, as the real one reads /etc/spamassassin/local.cf
            d = await tryStart(readFileSync(env.ws.resolve('etc/spamassassin/local.cf'), 'utf8'));
            if (typeof d === 'string') return tc.skip(d);
            process.env.MAILSEC_SPAMD = `${d.host}:${d.port}`;
          }
          const answer = await apply(env, lesson06[step.id as keyof typeof lesson06].solution);
          const v = await runCheck(lesson, step, { ws: env.ws, lang: 'en', answer, probe: await env.probe() });
          assert.equal(v.status, 'pass', `${step.id}: ${t('en', v.message.key, v.message.params)}`);
        }
        const log = readFileSync(env.ws.resolve('var/log/mail.log'), 'utf8');
        assert.match(log, /spamd: identified spam \(999\.0\/5\.0\) for spamd:1000/);
        const ev = readFileSync(env.ws.resolve('var/log/events.jsonl'), 'utf8');
        assert.match(ev, new RegExp(`"type":"spam"[^\\n]*"engine":"${engine}"`));
      } finally {
        if (saved === undefined) delete process.env.MAILSEC_SPAMD;
        else process.env.MAILSEC_SPAMD = saved;
        await env.close();
        if (d && typeof d !== 'string') await d.stop();
      }
    });
  }
});
