import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workbook } from '../../src/core/workbook.js';
import { loadCourse } from '../../src/checks/course.js';
import { lessonsDir } from '../../src/util/paths.js';
import { DEFAULT_PORTS } from '../../src/util/ports.js';
import { freshWorkspace } from '../prove/env.js';

const course = loadCourse(lessonsDir());

test("a step names the sandbox where it really listens: the learner's domain, and its ports when not the defaults", () => {
  const ws = freshWorkspace('marta.test');
  const wb = Workbook.open(ws.root, 'es', course);
  const ref = wb.find('04-open-relay', 'prove-open')!;
  wb.probe = { host: '127.0.0.1', ports: { ...DEFAULT_PORTS } };
  const plain = wb.body(ref.step);
  assert.match(plain, /127\.0\.0\.1:2526/);
  assert.match(plain, /marta\.test/);
  assert.doesNotMatch(plain, /\{\{domain\}\}/);
  wb.probe = {
    host: '127.0.0.1',
    ports: {
      smtp: 40001,
      submission: 40002,
      smtps: 40003,
      outside: 40004,
      dns: 40005,
      https: 40005,
      pop3: 40006,
      pop3s: 40007,
      imap: 40008,
      imaps: 40009,
    },
  };
  const moved = wb.body(ref.step);
  assert.match(moved, /127\.0\.0\.1:40004/);
  assert.doesNotMatch(moved, /\b2526\b/);
  // only whole port numbers change: an address such as 203.0.113.7 or a longer number is left alone
  assert.match(moved, /203\.0\.113\.7/);
});
