import assert from 'node:assert/strict';
import { t } from '../../src/i18n/messages.js';
import { LANGS } from '../../src/i18n/lang.js';
import type { Verdict } from '../../src/checks/types.js';
import { englishIn } from './english.js';

/** The learner can read the message in every language, with every parameter filled. */
export function assertReadable(key: string, params?: Record<string, unknown>): void {
  for (const lang of LANGS) {
    const text = t(lang, key, params as never);
    assert.notEqual(text, key, `${key} has no ${lang} text`);
    assert.doesNotMatch(text, /\{\w+\}/, `${key} (${lang}) leaves a parameter unfilled: ${text}`);
    const english = lang === 'en' ? undefined : englishIn(text, params);
    assert.equal(english, undefined, `${key} (${lang}) has English in it ("${english}"): ${text}`);
  }
}

export function expectFail(v: Verdict, key: string): void {
  assert.equal(v.status, 'fail', `${v.status} ${v.message.key}: ${t('en', v.message.key, v.message.params)}`);
  assert.equal(v.message.key, key, t('en', v.message.key, v.message.params));
  assertReadable(v.message.key, v.message.params);
}

export function expectPass(v: Verdict): void {
  assert.equal(v.status, 'pass', `${v.status}: ${t('en', v.message.key, v.message.params)} ${v.evidence.join(' | ')}`);
  assertReadable(v.message.key, v.message.params);
}
