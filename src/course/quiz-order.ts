/**
 * The order a learner sees a quiz's options in: shuffled per learner and per step, the same
 * every time for them (their domain is the seed), so the right option is not always in the
 * same place nor the same letter for the whole class. The letters shown are positions
 * (a, b, c…); answers are kept by option id, so progress and grading never depend on the order.
 */

/** A deterministic permutation of `ids` for this seed (FNV-1a seeds a small PRNG; Fisher–Yates). */
export function shuffledIds(seed: string, ids: readonly string[]): string[] {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let state = h || 1;
  const next = () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  const out = [...ids];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export const quizSeed = (domain: string, lessonId: string, stepId: string) => `${domain} ${lessonId}/${stepId}`;

/** The letter shown for each position. */
export const keyAt = (i: number) => String.fromCharCode(97 + i);

/** For each option id, in the order shown, its letter on screen. */
export function shownOptions(seed: string, ids: readonly string[]): { id: string; key: string }[] {
  return shuffledIds(seed, ids).map((id, i) => ({ id, key: keyAt(i) }));
}
