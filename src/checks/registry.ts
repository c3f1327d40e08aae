import type { CheckKind } from './types.js';

const kinds = new Map<string, CheckKind>();

export function defineCheck<K extends CheckKind<any>>(kind: K): K {
  if (kinds.has(kind.kind)) throw new Error(`check kind defined twice: ${kind.kind}`);
  kinds.set(kind.kind, kind as unknown as CheckKind);
  return kind;
}

export function getCheck(kind: string): CheckKind | undefined {
  return kinds.get(kind);
}

export function checkKinds(): string[] {
  return [...kinds.keys()].sort();
}
