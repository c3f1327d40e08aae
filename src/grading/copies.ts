import type { Graded } from './grade.js';

/** Two submissions that share what should be each student's own: files (keys, certificates) or the domain. */
export interface CopyPair {
  a: Graded;
  b: Graded;
  /** paths of the identical files, as in the first submission */
  files: string[];
  sameDomain: boolean;
}

/** Every pair of submissions that share a personal file or a domain, in the class's order. */
export function copyPairs(all: { graded: Graded; fingerprints: Map<string, string> }[]): CopyPair[] {
  const pairs = new Map<string, CopyPair>();
  const pair = (i: number, j: number) => {
    const key = `${i} ${j}`;
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { a: all[i].graded, b: all[j].graded, files: [], sameDomain: false }));
    return p;
  };
  const holders = new Map<string, number[]>();
  all.forEach(({ fingerprints }, i) => {
    for (const hash of fingerprints.keys()) holders.set(hash, [...(holders.get(hash) ?? []), i]);
  });
  for (const [hash, who] of holders)
    for (let x = 0; x < who.length; x++)
      for (let y = x + 1; y < who.length; y++) pair(who[x], who[y]).files.push(all[who[x]].fingerprints.get(hash)!);
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) if (all[i].graded.domain === all[j].graded.domain) pair(i, j).sameDomain = true;
  return [...pairs.entries()]
    .sort(([k1], [k2]) => {
      const [a1, b1] = k1.split(' ').map(Number);
      const [a2, b2] = k2.split(' ').map(Number);
      return a1 - a2 || b1 - b2;
    })
    .map(([, p]) => ({ ...p, files: [...new Set(p.files)].sort() }));
}
