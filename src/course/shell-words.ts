// Which line of a code block is a shell command: the one list of command words that both the
// screen (a wrapped command breaks with a backslash) and the block runner (which blocks run)
// read, so the two never disagree about a lesson's commands.

/** Shell words and the tools the lessons run: a line starting with one is a command, installed or not. */
export const COMMAND_WORDS = new Set([
  // the shell's own words and the usual coreutils
  'cd',
  'echo',
  'printf',
  'export',
  'for',
  'if',
  'while',
  'test',
  '[',
  'source',
  '.',
  'exec',
  'sleep',
  'cat',
  'ls',
  'mkdir',
  'mv',
  'cp',
  'rm',
  'touch',
  'chmod',
  'chown',
  'grep',
  'head',
  'tail',
  'base64',
  'tr',
  'sed',
  'awk',
  'find',
  'python3',
  'npx',
  'systemctl',
  'apt',
  // the learner's tools
  'mailsec',
  'nano',
  'vi',
  'vim',
  'emacs',
  'openssl',
  'swaks',
  'dig',
  'gpg',
  'gpgconf',
  'spamc',
  'spamassassin',
  'opendkim-genkey',
  'opendkim-testkey',
  'postmap',
  'postconf',
  'postfix',
  'dkimverify',
  'nc',
  'telnet',
  'curl',
]);

/**
 * The word a line would run: past a `$ ` prompt, `sudo`, leading VAR=value assignments and a
 * VAR=$( that keeps the output. Undefined for an empty line.
 */
export function leadingCommand(line: string): { word: string; sudo: boolean; rest: string[] } | undefined {
  const words = line.trim().replace(/^\$ /, '').split(/\s+/).filter(Boolean);
  if (!words.length) return undefined;
  let i = 0;
  const sudo = words[0] === 'sudo';
  if (sudo) i++;
  const capture = /^[A-Za-z_][A-Za-z0-9_]*=\$\((.*)$/.exec(words[i] ?? '');
  if (capture) return { word: capture[1], sudo, rest: words.slice(i + 1) };
  while (i < words.length - 1 && /^[A-Za-z_][A-Za-z0-9_]*=\S*$/.test(words[i])) i++;
  return { word: words[i], sudo, rest: words.slice(i + 1) };
}
