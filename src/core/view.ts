/**
 * The types and the lesson-text renderer the UI shows, taken from the layers below the
 * core in one place, so src/ui imports src/core (and src/i18n) and nothing deeper.
 */
export type { Verdict } from '../checks/types.js';
export { evidenceLabel } from '../checks/types.js';
export type { Answer } from '../workspace/progress.js';
export { renderMarkdown, inlineMarkdown, wrap, type Line, type Style } from '../course/markdown.js';
