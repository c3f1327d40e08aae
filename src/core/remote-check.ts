// The workbook's checks against the real server a workspace has saved (`mailsec check --target`):
// the TUI and the plain view show each result as `mailsec check` prints it, and record none of them
// in the progress (a server's state is not the workspace's). A step that runs on the workspace (a
// quiz, the learner's own keys) gives undefined: it is checked and recorded as always.
import type { Lesson, Step } from '../course/loader.js';
import type { Answer } from '../workspace/progress.js';
import type { Lang } from '../i18n/lang.js';
import type { Workspace } from '../workspace/workspace.js';
import type { RemoteTarget } from '../checks/remote.js';
import { t } from '../i18n/messages.js';

export interface RemoteShown {
  status: 'pass' | 'fail' | 'error' | 'unchecked';
  text: string;
  evidence: string[];
}

export interface RemoteChecker {
  /** the server as the learner named it */
  label: string;
  check(ref: { lesson: Lesson; step: Step }, lang: Lang, answer?: Answer): Promise<RemoteShown | undefined>;
}

/** How the workbook chooses a server (its E key): given by the command that opens it, which knows how to resolve one. */
export interface ServerChoice {
  /** the saved server, as a line to edit ("" for none) */
  line(): string;
  /** Resolves and saves the line's server, or forgets it (an empty line): the checker, or undefined for the sandbox. A UserError says what is wrong with the line. */
  choose(line: string): Promise<RemoteChecker | undefined>;
}

export async function remoteChecker(ws: Workspace, target: RemoteTarget): Promise<RemoteChecker> {
  const { RemoteSession, renderRemote } = await import('../checks/remote.js');
  await import('../checks/index.js');
  return {
    label: target.label,
    async check(ref, lang, answer) {
      // a session per check: each gets the whole connection budget, and an ssh copy is never stale
      const session = new RemoteSession(target);
      try {
        const out = await session.run(ref.lesson, ref.step, { ws, lang, answer });
        if ('unchecked' in out) return { status: 'unchecked', text: t(lang, out.unchecked.key, out.unchecked.params), evidence: [] };
        if ('verdict' in out)
          return { status: out.verdict.status, text: renderRemote(lang, out.verdict.message), evidence: out.verdict.evidence };
        return undefined;
      } finally {
        await session.close();
      }
    },
  };
}
