/**
 * `postfix check` over the learner's main.cf and master.cf, as Postfix 3.7.11 answered on
 * Debian 12. Three programs speak, in this order: the `postfix` command reads main.cf and its
 * global parameters (syntax errors, global booleans, message_size_limit); postfix-script then
 * runs postconf over main.cf and master.cf (its warnings, unused parameters, $name loops,
 * master.cf errors: "cannot execute /usr/sbin/postconf!"); postsuper reads main.cf last.
 * The real one repeats each warning many times (postconf runs 16 times); here each program
 * says each thing once. File permissions and the queue are not checked: the workspace has none.
 */
import { parseMainCf, formatIssue, param, type ConfigIssue } from './main-cf.js';
import { parseMasterCf } from './master-cf.js';
import { unusedIssues } from './postconf.js';
import { booleanIssues, macroLoopIssues } from './main-cf-values.js';
import type { MachineFacts } from './postconf-defaults.js';
import { MAIN_CF, MASTER_CF, shownPath } from './defaults.js';

export interface PostfixCheckResult {
  /** what the real one writes on stderr, line by line */
  lines: string[];
  code: number;
}

const POSTCONF = '/usr/sbin/postconf';

export function postfixCheck(mainText: string | undefined, masterText: string | undefined, facts: MachineFacts): PostfixCheckResult {
  const lines: string[] = [];
  const say = (who: string, i: ConfigIssue) => {
    const l = `${who}: ${formatIssue(i)}`;
    if (!lines.includes(l)) lines.push(l);
  };
  const mainFile = shownPath(MAIN_CF);
  if (mainText === undefined) return { lines: [`postfix: fatal: open ${mainFile}: No such file or directory`], code: 1 };
  const cf = parseMainCf(mainText, mainFile, facts);
  const unused = (i: ConfigIssue) => /^unused parameter:/.test(i.text);
  const warnings = cf.issues.filter((i) => i.severity === 'warning' && !unused(i));
  const fatal = cf.issues.find((i) => i.severity === 'fatal');

  // 1. the postfix command
  for (const i of warnings) say('postfix', i);
  if (fatal) {
    say('postfix', fatal);
    return { lines, code: 1 };
  }
  const size = param(cf, 'message_size_limit').trim();
  const global: ConfigIssue[] = [
    ...booleanIssues(cf, true),
    ...(/^\d+$/.test(size)
      ? []
      : [{ file: mainFile, severity: 'fatal' as const, noFile: true, text: `bad numerical configuration: message_size_limit = ${size}` }]),
  ];
  if (global.length) {
    say('postfix', global[0]);
    return { lines, code: 1 };
  }

  // 2. postfix-script runs postconf
  const cannot = () => {
    lines.push(`postfix/postfix-script: fatal: cannot execute ${POSTCONF}!`);
    return { lines, code: 1 };
  };
  for (const i of warnings) say(POSTCONF, i);
  const loop = macroLoopIssues(cf, 'postconf');
  if (loop.length) {
    loop.forEach((i) => say(POSTCONF, i));
    return cannot();
  }
  if (masterText === undefined) {
    lines.push(`${POSTCONF}: fatal: open ${shownPath(MASTER_CF)}: No such file or directory`);
    return cannot();
  }
  const master = parseMasterCf(masterText, shownPath(MASTER_CF));
  for (const i of master.issues.filter((x) => x.severity === 'warning')) say(POSTCONF, i);
  const mfatal = master.issues.find((i) => i.severity === 'fatal');
  if (mfatal) {
    say(POSTCONF, mfatal);
    return cannot();
  }
  for (const i of unusedIssues(cf, master)) say(POSTCONF, i);

  // 3. postsuper
  for (const i of warnings) say('postsuper', i);
  return { lines, code: 0 };
}
