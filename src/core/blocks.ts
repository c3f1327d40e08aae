/**
 * A step's command blocks as the workbook numbers them ([1], [2]... in the step's text),
 * and running one from the workbook: runBlock, plus what only the workbook knows (a
 * `mailsec sandbox stop` would stop the very process that runs the sandbox and the
 * workbook).
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { renderMarkdown } from '../course/markdown.js';
import { COMMAND_WORDS, leadingCommand } from '../course/shell-words.js';
import type { Workspace } from '../workspace/workspace.js';
import type { SandboxProbe } from '../checks/types.js';
import { runBlock, type BlockRun } from './runblock.js';
import type { Lang } from '../i18n/lang.js';

export interface StepBlock {
  n: number;
  lang: string;
  content: string;
  /** the first line that is neither blank nor a comment, for a chooser */
  firstLine: string;
  kind: 'command' | 'sudo' | 'text';
}

const firstLine = (content: string): string => {
  const lines = content.split('\n').map((l) => l.trim());
  return lines.find((l) => l && !l.startsWith('#')) ?? lines.find((l) => l) ?? '';
};

/** The fenced blocks of a step's markdown, numbered as the step's text shows them. */
export function stepBlocks(markdown: string): StepBlock[] {
  return renderMarkdown(markdown, 200).codeBlocks.map((b) => ({ ...b, firstLine: firstLine(b.content), kind: blockKind(b.content) }));
}

function onPath(cmd: string, path = process.env.PATH ?? ''): boolean {
  if (cmd.includes('/')) return false;
  return path.split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * What a block is: a command to run, one for a real server only (sudo: not needed in the
 * sandbox), or text (what a command prints, lines of a file, a record) that is not run.
 */
export function blockKind(content: string): 'command' | 'sudo' | 'text' {
  const line = content
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('#'));
  if (!line) return 'text';
  const words = line.split(/\s+/);
  if (words[0] === 'sudo') return 'sudo';
  // a transcript: the prompt, a command, what it printed
  if (words[0] === '$') return 'text';
  // a shell variable set from a command's output: HASH=$(openssl ...)
  if (/^[A-Za-z_][A-Za-z0-9_]*=\$\(/.test(words[0])) return 'command';
  // past leading VAR=value assignments
  const { word: cmd, rest } = leadingCommand(line)!;
  // a parameter (name = value), a master.cf service line, a zone record
  if (rest[0] === '=' || /^[A-Za-z_][\w.-]*=/.test(cmd) || /^(unix|inet|fifo|pass|IN)$/.test(rest[0] ?? '')) return 'text';
  if (COMMAND_WORDS.has(cmd)) return 'command';
  return /^[a-z][\w.+-]*$/.test(cmd) && onPath(cmd) ? 'command' : 'text';
}

export interface BlockResult extends Omit<BlockRun, 'reason'> {
  /** why a block was not run: it needs a terminal of its own, or it would stop this workbook */
  reason?: BlockRun['reason'] | 'stops-workbook';
}

const STOP = /\bmailsec\s+sandbox\s+stop\b/;

const LOCALE: Record<Lang, string> = { es: 'es_ES.UTF-8', ca: 'ca_ES.UTF-8', en: 'en_US.UTF-8' };

export async function runStepBlock(
  ws: Workspace,
  content: string,
  probe: SandboxProbe,
  o: { hosting: boolean; timeoutMs?: number; lang?: Lang },
): Promise<BlockResult> {
  if (o.hosting && STOP.test(content)) return { status: 'refused', reason: 'stops-workbook', output: '', truncated: false };
  // `mailsec` in a block answers in the workbook's language (an LC_ALL of the learner's own still wins)
  const env: Record<string, string> = o.lang && !process.env.LC_ALL ? { LC_MESSAGES: LOCALE[o.lang] } : {};
  return runBlock(ws, content, probe, o.timeoutMs, env);
}
