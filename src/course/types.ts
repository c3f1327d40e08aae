// What a loaded course is: its lessons, their steps, and the errors found loading them.
// A module of its own so the loader, its cache and the error formatting share it.
import type { Lang, Localized } from '../i18n/lang.js';

export interface Step {
  id: string;
  title: Localized;
  checkpoint: boolean;
  /** `answered`: the learner answers it (a quiz), known here so the workbook need not load every check to tell */
  check: { kind: string; params: Record<string, unknown>; answered?: 'choice' | 'text' };
  hints: Localized[];
  /** markdown source per language */
  body: Record<Lang, string>;
  /** languages whose section translates an older version of the Spanish one */
  stale: Lang[];
}

export interface Lesson {
  id: string;
  dir: string;
  title: Localized;
  summary?: Localized;
  /** about how long a learner takes */
  minutes: number;
  files: string[];
  steps: Step[];
}

export interface LoadError {
  file: string;
  line?: number;
  message: string;
}

export interface Course {
  lessons: Lesson[];
  errors: LoadError[];
}
