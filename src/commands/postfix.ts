// `mailsec postfix check`: what `postfix check` would say about the workspace's main.cf and
// master.cf, in Postfix's words, on stderr as the real one writes them; exit 1 on a fatal error.
// The other `postfix` commands (start, stop, reload) are `mailsec sandbox ...`.
import { hostname } from 'node:os';
import { t } from '../i18n/messages.js';
import { postfixCheck } from '../postfix/postfix-check.js';
import { files, refuse, splitGlobal } from './postconf.js';

export function postfix(argv: string[]): number {
  const a = splitGlobal(argv);
  if (typeof a === 'string') return refuse(argv, a, 'postfix.check.usage');
  const [sub, ...more] = a.rest;
  if (a.help || sub !== 'check' || more.length) {
    const error = sub && sub !== 'check' ? t(a.lang, 'postfix.check.other', { sub }) : '';
    (a.help ? process.stdout : process.stderr).write(t(a.lang, 'postfix.check.usage', { error }) + '\n');
    return a.help ? 0 : 2;
  }
  const { mainCf, masterCf } = files(a.workspace, a.lang);
  const r = postfixCheck(mainCf, masterCf, { hostname: hostname() });
  for (const l of r.lines) process.stderr.write(l + '\n');
  return r.code;
}
