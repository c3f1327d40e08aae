// Lesson 06 asks for the score spamd gave the GTUBE mail. Spam that arrives later (lesson
// 10's spoofed mail, scored 7.1 by a real spamd) must not turn the learner's right answer
// into a wrong one when the course is checked again or graded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkStep, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../prove/env.js';

const spamLines = (score: string, tests: string, mid: string) => [
  `Dec  6 23:50:57 mail spamd[30931]: spamd: processing message <${mid}@vm> for spamd:1000`,
  `Dec  6 23:50:57 mail spamd[30931]: spamd: identified spam (${score}/5.0) for spamd:1000 in 0.3 seconds, 427 bytes.`,
  `Dec  6 23:50:57 mail spamd[30931]: spamd: result: Y ${Math.trunc(Number(score))} - ${tests} scantime=0.3,size=427,user=spamd,uid=1000,required_score=5.0,rhost=localhost,raddr=127.0.0.1,rport=40002,mid=<${mid}@vm>,autolearn=no autolearn_force=no`,
];

async function workspaceWithLog(lines: string[]): Promise<string> {
  const ws = join(tempDir(), 'ws');
  const init = await runCli(['init', ws, '--domain', 'aula.test']);
  assert.equal(init.code, 0, init.stderr);
  mkdirSync(join(ws, 'var/log'), { recursive: true });
  writeFileSync(join(ws, 'var/log/mail.log'), lines.join('\n') + '\n');
  return ws;
}

test('the GTUBE score stays the answer after later spam', async () => {
  const ws = await workspaceWithLog([
    ...spamLines('999.0', 'ALL_TRUSTED,GTUBE', '1'),
    ...spamLines('7.1', 'FSL_HELO_NON_FQDN_1,HELO_NO_DOMAIN,RCVD_ILLEGAL_IP,RDNS_NONE', '2'),
  ]);
  const right = await checkStep(ws, '06-spamassassin/spamd-log', { answer: '999.0' });
  assert.equal(right.status, 'pass', right.message);
  const later = await checkStep(ws, '06-spamassassin/spamd-log', { answer: '7.1' });
  assert.equal(later.status, 'fail');
  assert.equal(later.key, 'filter.spamLogWrong');
  assert.match(later.message, /«7\.1» no es la puntuación/);
});

test('with no GTUBE mail scored, the last spam line is the one read', async () => {
  const ws = await workspaceWithLog(spamLines('7.1', 'HELO_NO_DOMAIN,RDNS_NONE', '2'));
  assert.equal((await checkStep(ws, '06-spamassassin/spamd-log', { answer: '7.1' })).status, 'pass');
  assert.equal((await checkStep(ws, '06-spamassassin/spamd-log', { answer: '999.0' })).status, 'fail');
});
