/**
 * The workbook screen's state: where the learner is, what the panel says, the sandbox
 * views stacked over the step or the list. It lives in a ref (use-ui-state.ts) so a burst
 * of keys never meets a stale copy.
 */
import type { RemoteShown } from '../core/remote-check.js';
import type { MutableRefObject } from 'react';
import type { StepRef, Workbook } from '../core/workbook.js';
import type { Verdict } from '../core/view.js';
import type { StepBlock } from '../core/blocks.js';
import type { MailKind } from '../core/testmail.js';
import type { SandboxLink } from '../core/sandbox-link.js';
import type { ViewData } from '../core/view-data.js';
import type { Message } from '../i18n/messages.js';
import type { Answering } from './screens/quiz-box.js';
import type { ServerInput } from './screens/server-box.js';
import type { Note, Screen } from './screens/screen.js';
import type { RunView } from './screens/output-screen.js';

export type Mode = 'list' | 'step';

/** A sandbox view over the step or the list; Esc goes back to the one under it. */
export type View =
  | { kind: 'log'; top?: number }
  | { kind: 'mailbox'; sel: number }
  | { kind: 'mail'; path: string; scroll: number }
  | { kind: 'source'; path: string; scroll: number }
  | { kind: 'sessions'; sel: number }
  | { kind: 'transcript'; session: string; scroll: number }
  | { kind: 'output'; scroll: number }
  | { kind: 'guide'; lesson: string; scroll: number };

/** The box over the last rows that asks which command block to run or which test mail to send. */
export type Chooser = ({ what: 'block'; blocks: StepBlock[] } | { what: 'mail'; kinds: MailKind[] }) & { cursor: number; note?: string };

export interface UiState {
  mode: Mode;
  ref?: StepRef;
  listSel: number;
  scroll: number;
  checking: boolean;
  verdict?: Verdict;
  /** the result of checking the saved real server (shown instead of a verdict; not recorded) */
  remote?: RemoteShown;
  watchFile?: string;
  /** the SMTP session the verdict is about (t opens it) */
  verdictSession?: string;
  flash?: Message;
  answering?: Answering;
  /** the server line being typed (E) */
  server?: ServerInput;
  notices: Message[];
  help: boolean;
  helpScroll: number;
  watchOn: boolean;
  views: View[];
  chooser?: Chooser;
  info: Note[];
  run?: RunView;
}

export interface UiStore {
  st: MutableRefObject<UiState>;
  /** merges the patch into the state and redraws */
  set: (patch: Partial<UiState>) => void;
  /** redraws (what the screen reads changed outside the state) */
  force: () => void;
  /** false once the App is unmounted: late results are dropped */
  mounted: MutableRefObject<boolean>;
}

/** What the actions and the keys work on. */
export interface UiContext extends UiStore {
  wb: Workbook;
  link?: SandboxLink;
  data: ViewData;
  columns: number;
  /** the screen last drawn (how far it scrolls, how much is in sight) */
  screenRef: MutableRefObject<Screen>;
  runTimeoutMs: number;
}
